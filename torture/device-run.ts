/**
 * One run of a real device process (`aedes-ota device --once --json`), armed to die at a crash
 * point, killed from outside after a delay, or left to its end; what it printed and how it ended.
 */
import { spawn } from 'node:child_process'
import { basename, dirname, join } from 'node:path'
import { HEALTH_CHECK } from './scenarios.js'

/**
 * Path of the built command, `dist/cli/main.js`, from this module's place: `torture/` in the
 * source tree (vitest) or `dist/torture/` (the built harness).
 */
export const CLI = basename(dirname(import.meta.dirname)) === 'dist'
  ? join(import.meta.dirname, '..', 'cli', 'main.js')
  : join(import.meta.dirname, '..', 'dist', 'cli', 'main.js')

/** Lines of the device's stderr kept for a failure report. */
const TAIL_LINES = 40

/** What {@link runDevice} needs. */
export interface DeviceRunSpec {
  pkiDir: string
  /** folder of `root.bin` */
  keysDir: string
  broker: string
  id: string
  stateDir: string
  /** `<name>:<n>`: the crash point to die at (AEDES_OTA_CRASH_AT) */
  crashAt?: string
  /** where the process writes how often it passed each crash point (AEDES_OTA_CRASH_COUNTS) */
  countsFile?: string
  /** where the process writes the crash points it passed, in order (AEDES_OTA_CRASH_TRACE) */
  traceFile?: string
  /** SIGKILL from outside after this many ms, unless it ended first */
  killAfterMs?: number
  /** the device's own `--timeout-ms`; the harness kills it 30 s after that */
  timeoutMs: number
}

/** How a device run ended. */
export interface DeviceRun {
  /** wall time from spawn to exit, ms */
  ms: number
  exitCode: number | null
  signal: NodeJS.Signals | null
  /** the crash point it died at, from its `crash point <name> #<n>` line */
  crash: { name: string, n: number } | null
  /** true when the harness's own SIGKILL ({@link DeviceRunSpec.killAfterMs}) ended it */
  killedOutside: boolean
  /** true when it ran past its timeout and the harness killed it */
  hung: boolean
  /** the last JSON line on stdout (the `--once --json` outcome), null when none */
  outcome: Record<string, unknown> | null
  /** its last stderr lines */
  stderrTail: string[]
}

/** Runs one device process to its end. Never rejects. */
export async function runDevice (cli: string, s: DeviceRunSpec): Promise<DeviceRun> {
  const env: NodeJS.ProcessEnv = { ...process.env }
  delete env.AEDES_OTA_CRASH_AT
  delete env.AEDES_OTA_CRASH_COUNTS
  delete env.AEDES_OTA_CRASH_TRACE
  if (s.crashAt !== undefined) env.AEDES_OTA_CRASH_AT = s.crashAt
  if (s.countsFile !== undefined) env.AEDES_OTA_CRASH_COUNTS = s.countsFile
  if (s.traceFile !== undefined) env.AEDES_OTA_CRASH_TRACE = s.traceFile
  const t0 = Date.now()
  const child = spawn(process.execPath, [cli, 'device', '--pki', s.pkiDir, '--id', s.id, '--trust', s.keysDir, '--state', s.stateDir,
    '--broker', s.broker, '--once', '--json', '--timeout-ms', String(s.timeoutMs), '--health-check', HEALTH_CHECK, '--log-level', 'info'],
  { stdio: ['ignore', 'pipe', 'pipe'], env })
  let out = ''
  const tail: string[] = []
  let partial = ''
  child.stdout.on('data', (b: Buffer) => { out += b.toString() })
  child.stderr.on('data', (b: Buffer) => {
    const lines = (partial + b.toString()).split('\n')
    partial = lines.pop()!
    for (const l of lines) { tail.push(l); if (tail.length > TAIL_LINES) tail.shift() }
  })
  let killedOutside = false
  let hung = false
  const alive = (): boolean => child.exitCode === null && child.signalCode === null
  const outside = s.killAfterMs !== undefined
    ? setTimeout(() => { if (alive()) { killedOutside = true; child.kill('SIGKILL') } }, s.killAfterMs)
    : undefined
  const watchdog = setTimeout(() => { if (alive()) { hung = true; child.kill('SIGKILL') } }, s.timeoutMs + 30_000)
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => {
    child.once('error', () => { resolve([null, null]) })
    child.once('close', (code, sig) => { resolve([code, sig]) })
  })
  clearTimeout(outside)
  clearTimeout(watchdog)
  if (partial !== '') tail.push(partial)
  let crash: DeviceRun['crash'] = null
  for (const l of tail) {
    const m = /^crash point (\S+) #(\d+)$/.exec(l)
    if (m !== null) crash = { name: m[1]!, n: Number(m[2]) }
  }
  let outcome: Record<string, unknown> | null = null
  const last = out.trim().split('\n').pop() ?? ''
  if (last.startsWith('{')) {
    try { outcome = JSON.parse(last) as Record<string, unknown> } catch {}
  }
  return { ms: Date.now() - t0, exitCode, signal, crash, killedOutside: killedOutside && crash === null && signal === 'SIGKILL', hung, outcome, stderrTail: tail }
}
