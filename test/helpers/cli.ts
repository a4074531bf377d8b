/**
 * The `aedes-ota` command as tests run it: the built CLI (`dist/cli/main.js`) as a real process.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { promisify } from 'node:util'

/** Path of the built command. */
export const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js')

/** What a finished command printed, its exit code and how long it took (ms). */
export interface CliResult { code: number, stdout: string, stderr: string, ms: number }

/** Runs `aedes-ota ...args` to its end (killed after 120 s). */
export async function runCli (...args: string[]): Promise<CliResult> {
  const t0 = Date.now()
  return await promisify(execFile)(process.execPath, [CLI, ...args], { timeout: 120_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr, ms: Date.now() - t0 }),
    (e: { code: number, stdout: string, stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr, ms: Date.now() - t0 }))
}

/** A running `aedes-ota broker` process. */
export interface BrokerProcess {
  /** the URL it logged as ready, `mqtts://127.0.0.1:<port>` */
  url: string
  /** the dashboard URL it logged as ready (`--dashboard-port`), '' without one */
  dashboard: string
  child: ChildProcess
  /** SIGTERM, then waits for the exit: its exit code (null when a signal ended it) */
  stop: () => Promise<number | null>
}

/**
 * Starts `aedes-ota broker ...args` (give `--port 0`) and resolves once it logs `ready`.
 * @throws Error when it exits or is not ready within 30 s
 */
export async function startBrokerProcess (...args: string[]): Promise<BrokerProcess> {
  const child = spawn(process.execPath, [CLI, 'broker', ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
  const stop = async (): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { resolve(code) }))
    child.kill('SIGTERM')
    return await exited
  }
  try {
    const ready = await new Promise<{ url: string, dashboard: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('broker did not become ready within 30 s')), 30_000)
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`broker exited with ${String(code)} before it was ready`)) })
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const j = JSON.parse(line) as { msg?: string, url?: string, dashboard?: string }
        if (j.msg === 'ready' && j.url !== undefined) { clearTimeout(timer); resolve({ url: j.url, dashboard: j.dashboard ?? '' }) }
      })
    })
    return { ...ready, child, stop }
  } catch (e) {
    await stop()
    throw e
  }
}

/** Where a device process of a test runs: PKI folder, keys folder (root.bin), broker URL, its id and state folder. */
export interface DeviceProcessOptions { pki: string, keys: string, broker: string, id: string, stateDir: string, factory: string, extra?: string[], env?: Record<string, string> }

/**
 * A real device process, `aedes-ota device --once --json`, provisioned from the bundle `factory`
 * on its first start (an already provisioned state folder keeps its state), killed after 120 s.
 */
export function spawnDevice (o: DeviceProcessOptions): ChildProcess {
  return spawn(process.execPath, [CLI, 'device', '--pki', o.pki, '--id', o.id, '--trust', o.keys, '--state', o.stateDir, '--broker', o.broker,
    '--provision', o.factory, '--once', '--json', '--timeout-ms', '120000', ...(o.extra ?? [])], { stdio: ['ignore', 'pipe', 'pipe'], ...(o.env !== undefined ? { env: { ...process.env, ...o.env } } : {}) })
}

/** Waits for a device process to exit: its exit code and the outcome its last stdout line gives (`--json`). */
export async function deviceOutcome (child: ChildProcess): Promise<{ code: number | null, outcome: { result: string, to: string, bytes: number } }> {
  let out = ''
  child.stdout!.on('data', (b: Buffer) => { out += b.toString() })
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)))
  return { code, outcome: JSON.parse(out.trim().split('\n').pop()!) as { result: string, to: string, bytes: number } }
}
