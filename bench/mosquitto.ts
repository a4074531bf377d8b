/**
 * Debian's Mosquitto as the plain-MQTT baseline of `bench:fleet`: started on 127.0.0.1 with a
 * generated configuration, TLS with the bench PKI's server certificate, and every client
 * required to present a certificate from the same CA (as our broker requires).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { access, writeFile } from 'node:fs/promises'
import { connect, createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'

/** Where Debian's `mosquitto` package installs the broker. */
export const MOSQUITTO_PATH = '/usr/sbin/mosquitto'

/** Whether the Mosquitto binary is there. */
export async function hasMosquitto (): Promise<boolean> {
  return await access(MOSQUITTO_PATH).then(() => true, () => false)
}

/** TLS material of the Mosquitto listener (PEM file paths). */
export interface MosquittoTls { ca: string, cert: string, key: string }

/**
 * The configuration: one TLS 1.3 listener on 127.0.0.1:`port`, client certificates required
 * (the certificate's CN is the username), no persistence, and no per-client queue limit, so a
 * QoS 0 message to a connected subscriber is always delivered, never dropped for a full queue
 * (mosquitto.conf(5): `max_queued_messages 0` with no `max_inflight_bytes`).
 */
export function mosquittoConfig (port: number, tls: MosquittoTls): string {
  return [
    ...mosquittoRunAs(),
    'per_listener_settings false',
    'persistence false',
    'log_dest stderr',
    'log_type error',
    'max_queued_messages 0',
    'max_connections -1',
    `listener ${port} 127.0.0.1`,
    `cafile ${tls.ca}`,
    `certfile ${tls.cert}`,
    `keyfile ${tls.key}`,
    'tls_version tlsv1.3',
    'require_certificate true',
    'use_identity_as_username true',
    ''
  ].join('\n')
}

/**
 * The `user` line a Mosquitto started by this process needs: started as root, Mosquitto would
 * switch to the `mosquitto` user and could not read keys only root may read; otherwise none.
 */
export function mosquittoRunAs (): string[] {
  return process.getuid?.() === 0 ? ['user root'] : []
}

/** A TCP port free on 127.0.0.1 a moment ago (the OS's choice), for a listener of Mosquitto's. */
export async function freePort (): Promise<number> {
  const s = createServer()
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()))
  const { port } = s.address() as AddressInfo
  await new Promise<void>((resolve) => s.close(() => resolve()))
  return port
}

/** Resolves once something accepts TCP connections on 127.0.0.1:`port`. @throws Error after `timeoutMs` */
export async function waitForPort (port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => { s.destroy(); resolve(true) })
      s.on('error', () => { resolve(false) })
    })
    if (ok) return
    if (Date.now() > until) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Writes the configuration into `dir` and starts Mosquitto on it; resolves once it listens. */
export async function startMosquitto (dir: string, port: number, tls: MosquittoTls): Promise<ChildProcess> {
  return await startMosquittoConfig(dir, port, mosquittoConfig(port, tls))
}

/**
 * Writes `config` (a whole Mosquitto configuration, whose listener is on 127.0.0.1:`port`) to
 * `dir/mosquitto.conf` and starts Mosquitto on it; resolves once the port accepts connections.
 * @param onStderr - also called with each piece of Mosquitto's stderr (its log with `log_dest stderr`)
 * @throws Error when Mosquitto exits first (with the end of its stderr) or does not listen within 20 s
 */
export async function startMosquittoConfig (dir: string, port: number, config: string, onStderr?: (text: string) => void): Promise<ChildProcess> {
  const conf = join(dir, 'mosquitto.conf')
  await writeFile(conf, config)
  const child = spawn(MOSQUITTO_PATH, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (b: Buffer) => { stderr = (stderr + b.toString()).slice(-2000); onStderr?.(b.toString()) })
  const exited = new Promise<never>((_resolve, reject) => child.once('exit', (code) => { reject(new Error(`mosquitto exited (${String(code)}): ${stderr}`)) }))
  exited.catch(() => {})
  await Promise.race([waitForPort(port, 20_000), exited]).catch((e: unknown) => { child.kill('SIGKILL'); throw e })
  return child
}
