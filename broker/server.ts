/**
 * The standalone broker: Aedes behind a TLS 1.3 server that requires a client certificate
 * from the dev (or your) CA, with the OTA plugin installed and `requireCertificate` on.
 */
import { readFile } from 'node:fs/promises'
import { createServer, type Server, type TLSSocket } from 'node:tls'
import type { AddressInfo } from 'node:net'
import { Aedes, type AedesOptions } from 'aedes'
import type { Logger } from 'pino'
import { toOtaError, type TrustedRoot } from '../proto/index.js'
import { readPki, type PkiLayout } from '../certs/index.js'
import { createOtaPlugin, type OtaPlugin } from './plugin.js'
import type { OtaPluginOptions } from './options.js'

/** Options of {@link startOtaBroker}. */
export interface OtaBrokerOptions {
  /** the dev PKI folder (certs/ `pki init`) or its loaded layout: CA, server certificate and key */
  pki: string | PkiLayout
  /** trusted root metadata, or its envelope bytes */
  trust: TrustedRoot | Uint8Array
  /** the plugin's data folder */
  dataDir: string
  /** TCP port; default 8883; 0 picks a free one */
  port?: number
  /** address to listen on; default 127.0.0.1 */
  host?: string
  /** audit log path; default `<dataDir>/audit.log` */
  auditLog?: string
  logger?: Logger
  /** extra Aedes options (drainTimeout defaults to 30 s here) */
  aedes?: AedesOptions
  /** extra plugin options */
  plugin?: Partial<Omit<OtaPluginOptions, 'trust' | 'dataDir' | 'auditLog' | 'logger'>>
}

/** A running standalone broker. */
export interface OtaBroker {
  aedes: Aedes
  server: Server
  plugin: OtaPlugin
  port: number
  /** `mqtts://127.0.0.1:<port>` */
  url: string
  /** Stops accepting, disconnects clients, closes the plugin. */
  close (): Promise<void>
}

/**
 * Starts Aedes with the OTA plugin behind TLS 1.3 with mutual authentication.
 * @throws OtaError `OTA_IO` when the PKI files cannot be read or the port cannot be bound,
 *   and whatever {@link createOtaPlugin} throws
 */
export async function startOtaBroker (opts: OtaBrokerOptions): Promise<OtaBroker> {
  const pki = typeof opts.pki === 'string' ? await readPki(opts.pki) : opts.pki
  let key: Buffer, cert: Buffer, ca: Buffer
  try {
    [key, cert, ca] = await Promise.all([readFile(pki.server.key), readFile(pki.server.cert), readFile(pki.ca.cert)])
  } catch (e) {
    throw toOtaError(e, 'OTA_IO', 'cannot read the broker certificate, key or CA')
  }
  const aedes = new Aedes({ drainTimeout: 30_000, ...opts.aedes })
  await aedes.listen()
  let plugin: OtaPlugin
  try {
    plugin = await createOtaPlugin(aedes, {
      ...opts.plugin,
      trust: opts.trust,
      dataDir: opts.dataDir,
      ...(opts.auditLog !== undefined ? { auditLog: opts.auditLog } : {}),
      ...(opts.logger !== undefined ? { logger: opts.logger } : {}),
      requireCertificate: opts.plugin?.requireCertificate ?? true
    })
  } catch (e) {
    await new Promise<void>((resolve) => aedes.close(() => resolve()))
    throw e
  }
  const log = opts.logger?.child({ component: 'ota-broker' })
  const server = createServer({ key, cert, ca, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.3' }, (socket: TLSSocket) => {
    aedes.handle(socket)
  })
  server.on('tlsClientError', (err, socket) => {
    log?.warn({ remoteAddress: socket.remoteAddress, err: err.message }, 'TLS handshake refused')
    plugin.audit.write('tls.refused', 'failure', { remoteAddress: socket.remoteAddress ?? '', reason: err.message })
  })
  const host = opts.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(toOtaError(e, 'OTA_IO', `cannot listen on ${host}:${opts.port ?? 8883}`)))
    server.listen(opts.port ?? 8883, host, () => resolve())
  }).catch(async (e) => {
    await plugin.close()
    await new Promise<void>((resolve) => aedes.close(() => resolve()))
    throw e
  })
  const port = (server.address() as AddressInfo).port
  log?.info({ port, host }, 'OTA broker listening')
  let closed = false
  return {
    aedes,
    server,
    plugin,
    port,
    url: `mqtts://${host}:${port}`,
    async close () {
      if (closed) return
      closed = true
      // aedes closes the client connections; server.close() only finishes once they are gone.
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()))
      await new Promise<void>((resolve) => aedes.close(() => resolve()))
      await serverClosed
      await plugin.close()
    }
  }
}


