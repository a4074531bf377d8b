/**
 * Debian's Mosquitto as a child process, the one owner of starting it: the broker `--broker
 * mosquitto` puts the OTA service beside (demo, benchmarks), the fleet benchmark's fan-out
 * baseline (bench/mosquitto.ts) and the tests' brokers (test/helpers/mosquitto.ts). Started on
 * 127.0.0.1 with a whole configuration written by the caller; its log goes to stderr, of which
 * the end is kept for error messages.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { access, constants } from 'node:fs/promises'
import { connect, createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import { writeFileAtomic } from '../../proto/files.js'
import { CliError } from '../errors.js'

/** Where Debian's `mosquitto` package installs the broker. */
export const MOSQUITTO_BIN = '/usr/sbin/mosquitto'

/** Bounds of starting and stopping Mosquitto, ms. */
export const MosquittoTimes = {
  /** until its listener accepts connections */
  listenMs: 20_000,
  /** after SIGTERM, before SIGKILL */
  stopMs: 10_000
} as const

/**
 * Refuses to go on without Mosquitto.
 * @throws CliError `OTA_MOSQUITTO` naming the package to install
 */
export async function requireMosquitto (): Promise<void> {
  const ok = await access(MOSQUITTO_BIN, constants.X_OK).then(() => true, () => false)
  if (!ok) throw new CliError('OTA_MOSQUITTO', `${MOSQUITTO_BIN} not found: --broker mosquitto runs Debian's Mosquitto (apt-get install mosquitto)`)
}

/** True when Debian's Mosquitto is installed and executable. */
export async function hasMosquitto (): Promise<boolean> {
  return await access(MOSQUITTO_BIN, constants.X_OK).then(() => true, () => false)
}

/**
 * The `user` line a Mosquitto started by this process needs: started as root, Mosquitto would
 * switch to the `mosquitto` user and could not read keys only root may read; otherwise none.
 */
export function mosquittoRunAs (): string[] {
  return process.getuid?.() === 0 ? ['user root'] : []
}

/**
 * The lines a Mosquitto started by this process needs before the OTA fragment: the `user` line
 * ({@link mosquittoRunAs}); no database (a scratch broker); its log on stderr.
 */
export function mosquittoProcessLines (): string[] {
  return [...mosquittoRunAs(), 'persistence false', 'log_dest stderr', 'log_type error', 'log_type warning']
}

/** A TCP port free on 127.0.0.1 a moment ago (Mosquitto cannot be asked for port 0 and tell which it took). */
export async function freePort (): Promise<number> {
  const s = createServer()
  await new Promise<void>((resolve, reject) => { s.once('error', reject); s.listen(0, '127.0.0.1', () => { resolve() }) })
  const { port } = s.address() as AddressInfo
  await new Promise<void>((resolve) => s.close(() => { resolve() }))
  return port
}

/**
 * Resolves once something accepts TCP connections on 127.0.0.1:`port`.
 * @throws Error after `timeoutMs`
 */
export async function waitForPort (port: number, timeoutMs: number): Promise<void> {
  if (!await listening(port, timeoutMs, () => false)) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`)
}

/** Resolves once something accepts TCP connections on 127.0.0.1:`port`; false after `timeoutMs`. */
async function listening (port: number, timeoutMs: number, gone: () => boolean): Promise<boolean> {
  const until = Date.now() + timeoutMs
  while (Date.now() <= until && !gone()) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => { s.destroy(); resolve(true) })
      s.on('error', () => { resolve(false) })
    })
    if (ok) return true
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return false
}

/** A running Mosquitto. */
export interface MosquittoProcess {
  readonly child: ChildProcess
  readonly port: number
  /** the end of its log (stderr) */
  log: () => string
  /** SIGTERM, SIGKILL after {@link MosquittoTimes}.stopMs; resolves once it exited */
  stop: () => Promise<void>
}

/**
 * Writes `config` to `<dir>/mosquitto.conf` and starts Mosquitto on it.
 * @param config - the whole configuration; its listener is on 127.0.0.1:`port`
 * @param onStderr - also called with each piece of its stderr (its log, with `log_dest stderr`)
 * @throws CliError `OTA_MOSQUITTO` when Mosquitto is missing, exits first (with the end of its
 *   log) or does not listen within {@link MosquittoTimes}.listenMs
 */
export async function startMosquitto (dir: string, port: number, config: string, onStderr?: (text: string) => void): Promise<MosquittoProcess> {
  await requireMosquitto()
  const conf = join(dir, 'mosquitto.conf')
  // 0644: Mosquitto reads it as its own user when started as root without `user root`.
  await writeFileAtomic(conf, config, 0o644)
  const child = spawn(MOSQUITTO_BIN, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] })
  let log = ''
  child.stderr!.on('data', (b: Buffer) => { log = (log + b.toString()).slice(-4000); onStderr?.(b.toString()) })
  let spawnError: Error | undefined
  child.once('error', (e) => { spawnError = e })
  const gone = (): boolean => child.exitCode !== null || child.signalCode !== null || spawnError !== undefined
  const exited = new Promise<void>((resolve) => { if (gone()) resolve(); else child.once('exit', () => { resolve() }) })
  const stop = async (): Promise<void> => {
    if (gone()) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => { child.kill('SIGKILL') }, MosquittoTimes.stopMs)
    await exited
    clearTimeout(timer)
  }
  if (!await listening(port, MosquittoTimes.listenMs, gone)) {
    await stop()
    const why = spawnError?.message ?? (child.exitCode !== null ? `exited with code ${child.exitCode}` : `did not listen on 127.0.0.1:${port} within ${MosquittoTimes.listenMs} ms`)
    throw new CliError('OTA_MOSQUITTO', `mosquitto -c ${conf} ${why}: ${log.trim()}`)
  }
  return { child, port, log: () => log, stop }
}
