/**
 * A throw-away Redis for the cluster tests: Debian's `redis-server` on a free 127.0.0.1 port,
 * nothing saved (`--save '' --appendonly no`), stopped by the test. Where there is no
 * `redis-server`, {@link redisMissing} says why: under CI (`CI` set) the tests must fail, elsewhere
 * they skip with that message.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createServer, type AddressInfo } from 'node:net'

/** The server binary the tests run. */
export const REDIS_SERVER = process.env.REDIS_SERVER ?? 'redis-server'

/** Why the cluster tests cannot run here (no `redis-server`), or null when they can. */
export function redisMissing (): string | null {
  const r = spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' })
  if (r.error === undefined && r.status === 0) return null
  return `${REDIS_SERVER} not found (${r.error?.message ?? `exit ${String(r.status)}`}): install Debian's redis-server to run the cluster tests`
}

/** A running redis-server. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  url: string
  port: number
  child: ChildProcess
  /** SIGTERM, then waits for the exit */
  stop: () => Promise<void>
}

async function freePort (): Promise<number> {
  const s = createServer()
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()))
  const { port } = s.address() as AddressInfo
  await new Promise<void>((resolve) => s.close(() => resolve()))
  return port
}

/**
 * Starts redis-server on `port` (default: a free loopback port; give the port of one stopped to
 * restart it where its clients look); resolves once it accepts connections.
 * @throws Error when it exits first or is not ready within 15 s
 */
export async function startRedis (port?: number): Promise<RedisServer> {
  port ??= await freePort()
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], { stdio: ['ignore', 'pipe', 'pipe'] })
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }
  let out = ''
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server not ready within 15 s: ${out}`)), 15_000)
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`redis-server exited with ${String(code)}: ${out}`)) })
      child.stdout!.on('data', (b: Buffer) => {
        out += b.toString()
        if (out.includes('Ready to accept connections')) { clearTimeout(timer); resolve() }
      })
      child.stderr!.on('data', (b: Buffer) => { out += b.toString() })
    })
  } catch (e) {
    await stop()
    throw e
  }
  return { url: `redis://127.0.0.1:${port}`, port, child, stop }
}
