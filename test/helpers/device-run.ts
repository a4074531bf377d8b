/**
 * Device processes of the trial and verify-at-rest scenarios: `aedes-ota device --once --json`
 * run to its end or killed, the health-check commands they leave behind, and a flipped bit in a
 * slot file.
 */
import type { ChildProcess } from 'node:child_process'
import { closeSync, openSync, readSync, writeSync } from 'node:fs'
import { readFile } from 'node:fs/promises'

/** How a device process ended: its exit code or signal, its `--json` outcome line (null when it printed none) and its stderr. */
export interface DeviceRun {
  code: number | null
  signal: NodeJS.Signals | null
  outcome: Record<string, unknown> | null
  stderr: string
}

/** Collects a device process's output and waits for its exit. */
export async function ended (child: ChildProcess): Promise<DeviceRun> {
  let out = ''
  let err = ''
  child.stdout?.on('data', (b: Buffer) => { out += b.toString() })
  child.stderr?.on('data', (b: Buffer) => { err += b.toString() })
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve([child.exitCode, child.signalCode])
    else child.once('exit', (c, s) => { resolve([c, s]) })
  })
  const last = out.trim().split('\n').pop() ?? ''
  let outcome: Record<string, unknown> | null = null
  try { outcome = JSON.parse(last) as Record<string, unknown> } catch { /* no outcome line */ }
  return { code, signal, outcome, stderr: err }
}

/**
 * A health-check command that records its process id in `pidFile` (one line per run) and then
 * hangs for 10 minutes, as a check of a hung image would: `exec` keeps the shell's pid, which is
 * its process group (the device runs hooks in a group of their own).
 */
export function hangingCheck (pidFile: string): string {
  return `echo $$ >> '${pidFile}'; exec sleep 600`
}

/** The process ids a {@link hangingCheck} recorded so far. */
export async function hookPids (pidFile: string): Promise<number[]> {
  const text = await readFile(pidFile, 'utf8').catch(() => '')
  return text.split('\n').filter((l) => l.trim() !== '').map(Number)
}

/** Whether process `pid` still exists. */
export function alive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * Kills the process groups of the health-check commands a killed device left running (a device
 * killed with SIGKILL cannot end its hook): only the ids they recorded.
 */
export async function killHooks (pidFile: string): Promise<void> {
  for (const pid of await hookPids(pidFile)) {
    try { process.kill(-pid, 'SIGKILL') } catch { /* already gone */ }
  }
}

/** Flips bit `bit` of the byte at `offset` of `file` in place: one bit corrupted at rest. */
export function flipBit (file: string, offset: number, bit = 0): void {
  const fd = openSync(file, 'r+')
  try {
    const b = Buffer.alloc(1)
    if (readSync(fd, b, 0, 1, offset) !== 1) throw new Error(`${file} has no byte at ${offset}`)
    b[0] = b[0]! ^ (1 << bit)
    writeSync(fd, b, 0, 1, offset)
  } finally {
    closeSync(fd)
  }
}
