/**
 * The standalone broker: Aedes behind a TLS 1.3 server that requires a client certificate
 * from the dev (or your own) CA, with the OTA plugin installed and `requireCertificate` on.
 * Topics outside the OTA prefix are denied by default (host-acl.ts): `$SYS` and the rest are
 * reachable only through an ACL file's rules. Every connection reaches aedes through a packet
 * guard (limits/packet-guard.ts) that closes it at the first MQTT header claiming more than its
 * role's largest legal packet, before the body is read; while one connection of a certificate
 * identity is being established, another is refused at the transport (limits/connections.ts).
 * With `cluster`, Aedes runs on Redis (cluster/transport.ts) as one broker of a cluster sharing
 * `dataDir` (docs/ARCHITECTURE.md "Cluster").
 */
import type { EventEmitter } from 'node:events'
import { readFile } from 'node:fs/promises'
import { createServer, type Server, type TLSSocket } from 'node:tls'
import type { AddressInfo } from 'node:net'
import { Aedes, type AedesOptions, type Client } from 'aedes'
import type { Logger } from 'pino'
import { OtaError, toOtaError, type TrustedRoot } from '../proto/index.js'
import { readPki, type PkiLayout } from '../certs/index.js'
import { aclAllows, aclHooks, parseAclFile, type AclRule } from './host-acl.js'
import { identityFromConnection } from './identity.js'
import { EstablishingConnections } from './limits/connections.js'
import { PacketGuard } from './limits/packet-guard.js'
import { createOtaPlugin, type OtaPlugin } from './plugin.js'
import { resolveBrokerId } from './cluster/broker-id.js'
import { openClusterTransport } from './cluster/transport.js'
import type { OtaPluginOptions } from './options.js'
import { clientCheckingContext, resolveServerCrl, watchServerCrl } from './tls/crl.js'
import { TlsPeers } from './tls/refusals.js'

/** The broker's TLS material (PEM): a CA of one's own instead of a `pki init` folder. */
export interface OtaBrokerTls {
  /** CA certificate(s) that issued the device and operator certificates */
  ca: Buffer
  /** the broker's certificate (its SANs must name the host clients connect to) and key */
  cert: Buffer
  key: Buffer
}

/** Options of {@link startOtaBroker}. Exactly one of `pki` and `tls`. */
export interface OtaBrokerOptions {
  /** the dev PKI folder (certs/ `pki init`) or its loaded layout: CA, server certificate and key */
  pki?: string | PkiLayout
  /** the TLS material itself, e.g. from your own CA */
  tls?: OtaBrokerTls
  /** trusted root metadata, its envelope bytes, or every root version oldest first (see `OtaPluginOptions.trust`) */
  trust: TrustedRoot | Uint8Array | readonly Uint8Array[]
  /** the plugin's data folder */
  dataDir: string
  /** TCP port; default 8883; 0 picks a free one */
  port?: number
  /**
   * the CA's certificate revocation list (PEM, `-----BEGIN X509 CRL-----`): a client certificate it
   * lists is refused at the handshake. Default with `pki`: `<pki>/ca.crl` (written by
   * `aedes-ota pki revoke`); with `tls`: none. The default file may not exist yet (nothing revoked)
   * and is picked up when it appears; a file named here must exist. A changed file is reloaded for
   * new connections (see `crlPollMs`); a removed or broken one leaves the last CRL in force.
   */
  crl?: string
  /** how often the CRL file is checked for changes (ms, 10 to 3600000); default 2000 */
  crlPollMs?: number
  /** address to listen on; default 127.0.0.1 */
  host?: string
  /** audit log path; default `<dataDir>/audit.log` */
  auditLog?: string
  /**
   * rules for topics outside the OTA prefix: an ACL file path or parsed rules (host-acl.ts);
   * default none: everything outside the prefix, `$SYS` included, is denied
   */
  acl?: string | readonly AclRule[]
  /** operational logger (pino), for the broker (component `ota-broker`) and its plugin (`ota-plugin`); default: silent */
  logger?: Logger
  /** extra Aedes options (drainTimeout defaults to 30 s here; its authorize hooks are replaced by the ACL) */
  aedes?: AedesOptions
  /** extra plugin options */
  plugin?: Partial<Omit<OtaPluginOptions, 'trust' | 'dataDir' | 'auditLog' | 'logger' | 'cluster'>>
  /**
   * run as one broker of a cluster (docs/ARCHITECTURE.md "Cluster"): Aedes on Redis
   * (`mqemitter-redis` and `aedes-persistence-redis` at `redis`, a `redis://` or `rediss://` URL)
   * and `dataDir` a folder every broker of the cluster shares. `brokerId` (an identifier, unique
   * in the cluster) names this broker's own files there and its Aedes; default
   * `<host name>-<port>`, or a random suffix when `port` is 0. `leaseMs`: how long the rollout
   * lease lasts without renewal (plugin option `cluster.leaseMs`, default 10 000). Default: no cluster.
   */
  cluster?: { redis: string, brokerId?: string, leaseMs?: number }
}

/** A running standalone broker. */
export interface OtaBroker {
  /** the Aedes instance (MQTT 3.1.1) */
  aedes: Aedes
  /** the TLS 1.3 server in front of it */
  server: Server
  /** the installed OTA plugin: store, inventory, audit log, events */
  plugin: OtaPlugin
  /** this broker's id in its cluster, null without one */
  brokerId: string | null
  /** the TCP port listened on (the one picked when `port` was 0) */
  port: number
  /** `mqtts://<host>:<port>` */
  url: string
  /** Stops accepting, disconnects clients, closes the plugin. */
  close (): Promise<void>
}

/**
 * The broker's TLS material from exactly one of `pki` and `tls` (the dashboard serves with the same).
 * @throws OtaError `OTA_INVALID_ARGUMENT` for neither or both, `OTA_IO` when the files cannot be read
 */
export async function tlsMaterial (opts: Pick<OtaBrokerOptions, 'pki' | 'tls'>): Promise<OtaBrokerTls> {
  if ((opts.pki === undefined) === (opts.tls === undefined)) {
    throw new OtaError('OTA_INVALID_ARGUMENT', 'give the broker either a PKI folder (pki) or its own TLS files (tls: ca, cert, key), not both or neither')
  }
  if (opts.tls !== undefined) {
    const { ca, cert, key } = opts.tls
    if (!Buffer.isBuffer(ca) || !Buffer.isBuffer(cert) || !Buffer.isBuffer(key)) throw new OtaError('OTA_INVALID_ARGUMENT', 'tls needs ca, cert and key as PEM buffers')
    return { ca, cert, key }
  }
  const pki = typeof opts.pki === 'string' ? await readPki(opts.pki) : opts.pki!
  try {
    const [key, cert, ca] = await Promise.all([readFile(pki.server.key), readFile(pki.server.cert), readFile(pki.ca.cert)])
    return { ca, cert, key }
  } catch (e) {
    throw toOtaError(e, 'OTA_IO', 'cannot read the broker certificate, key or CA')
  }
}

/**
 * The cluster broker's own preConnect (the plugin's runs first and refuses wills on OTA and
 * cluster topics): a will the ACL file does not allow this client to publish is refused at
 * CONNECT (audit `acl.denied`). A lone broker refuses such a will when it is due; in a cluster the
 * will is kept in Redis, and when its broker dies another one publishes it with no client, which
 * the ACL always refuses, again at every will sweep: better never to accept it.
 */
function clusterWillCheck (rules: readonly AclRule[], denied: (client: Client | null, action: 'publish' | 'subscribe', topic: string, reason: string) => void): AedesOptions['preConnect'] {
  return (client, packet, cb) => {
    const will = packet.will
    if (will == null) { cb(null, true); return }
    const tls = (client.conn as unknown as { tlsSocket?: TLSSocket }).tlsSocket
    const who = tls === undefined ? null : identityFromConnection(tls)
    if (aclAllows(rules, who, 'publish', String(will.topic))) { cb(null, true); return }
    denied(client, 'publish', String(will.topic), 'a will the broker ACL does not allow')
    cb(new OtaError('OTA_ACL_DENIED', 'a will on a topic the broker ACL does not allow'), false)
  }
}

/**
 * Starts Aedes with the OTA plugin behind TLS 1.3 with mutual authentication.
 * @throws OtaError `OTA_INVALID_ARGUMENT` for neither or both of `pki`/`tls`, a malformed ACL or
 *   a `crlPollMs` out of range, `OTA_IO` when the PKI, ACL or CRL files cannot be read (or the
 *   CRL does not parse, or a `crl` named does not exist) or the port cannot be bound, and
 *   whatever {@link createOtaPlugin} throws
 */
export async function startOtaBroker (opts: OtaBrokerOptions): Promise<OtaBroker> {
  const { key, cert, ca } = await tlsMaterial(opts)
  const crl = await resolveServerCrl(opts.crl, opts.pki, opts.crlPollMs)
  const rules = typeof opts.acl === 'string' ? await parseAclFile(opts.acl) : (opts.acl ?? [])
  const log = opts.logger?.child({ component: 'ota-broker' })
  let plugin: OtaPlugin | undefined
  // The plugin exists before the server accepts its first connection.
  const denied = (client: Client | null, action: 'publish' | 'subscribe', topic: string, reason: string): void => {
    plugin?.aclDenied(client, action, topic, reason)
  }
  const brokerId = opts.cluster !== undefined ? resolveBrokerId(opts.cluster.brokerId, opts.port ?? 8883) : null
  const transport = opts.cluster !== undefined ? await openClusterTransport(opts.cluster.redis, log ?? null) : null
  let aedes: Aedes
  try {
    aedes = new Aedes({
      drainTimeout: 30_000,
      ...opts.aedes,
      ...(transport !== null ? { id: brokerId!, mq: transport.mq, persistence: transport.persistence, preConnect: clusterWillCheck(rules, denied) } : {}),
      ...aclHooks(rules, denied)
    } as AedesOptions)
  } catch (e) {
    await transport?.close()
    throw e
  }
  // aedes emits 'error' for what no client caused, e.g. a dead cluster broker's will that the ACL
  // refuses (its _clearWills) or a persistence call failing while Redis is away: without a
  // listener Node would end the process, every broker of the cluster at once.
  const events: EventEmitter = aedes as unknown as EventEmitter
  events.on('error', (err: unknown) => { log?.warn({ err }, 'aedes error') })
  const closeAedes = async (): Promise<void> => {
    await new Promise<void>((resolve) => aedes.close(() => resolve()))
    await transport?.close()
  }
  try {
    await aedes.listen()
  } catch (e) {
    await closeAedes()
    throw toOtaError(e, 'OTA_IO', 'cannot start aedes (its persistence could not be set up)')
  }
  if (transport !== null) log?.info({ redis: transport.url, brokerId }, 'cluster mode: aedes on Redis')
  try {
    plugin = await createOtaPlugin(aedes, {
      ...opts.plugin,
      ...(brokerId !== null ? { cluster: { brokerId, redis: opts.cluster!.redis, ...(opts.cluster!.leaseMs !== undefined ? { leaseMs: opts.cluster!.leaseMs } : {}) } } : {}),
      trust: opts.trust,
      dataDir: opts.dataDir,
      ...(opts.auditLog !== undefined ? { auditLog: opts.auditLog } : {}),
      ...(opts.logger !== undefined ? { logger: opts.logger } : {}),
      requireCertificate: opts.plugin?.requireCertificate ?? true
    })
  } catch (e) {
    await closeAedes()
    throw e
  }
  const p = plugin
  const establishing = new EstablishingConnections<TLSSocket>()
  const server = createServer({ ...clientCheckingContext({ key, cert, ca }, crl.pem), requestCert: true, rejectUnauthorized: true }, (socket: TLSSocket) => {
    // The role is known from the verified certificate before the first MQTT byte: an operator
    // may send a bundle, a device never more than its largest legal packet.
    const who = identityFromConnection(socket)
    if (who !== null && !establishing.admit(who, socket, (other) => !other.destroyed)) {
      p.parallelRefused(who, socket.remoteAddress ?? '', socket.remotePort ?? 0)
      socket.destroy()
      return
    }
    if (who !== null) socket.once('close', () => { establishing.done(who, socket) })
    const limit = who?.role === 'operator' ? p.limits.maxPacket.operator : p.limits.maxPacket.device
    aedes.handle(new PacketGuard(socket, () => limit, (r) => {
      p.packetRefused(who, socket.remoteAddress ?? '', socket.remotePort ?? 0, r)
    }))
  })
  aedes.on('clientReady', (client: Client) => {
    const tls = (client.conn as unknown as { tlsSocket?: TLSSocket }).tlsSocket
    const who = tls === undefined ? null : identityFromConnection(tls)
    if (tls !== undefined && who !== null) establishing.done(who, tls)
  })
  const peers = new TlsPeers(server)
  server.on('tlsClientError', (err, socket) => {
    const refusal = peers.refusal(err, socket)
    log?.warn({ ...refusal, err }, 'TLS handshake refused')
    p.tlsRefused(refusal)
  })
  const crlWatcher = watchServerCrl(server, crl, { key, cert, ca }, log)
  const host = opts.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(toOtaError(e, 'OTA_IO', `cannot listen on ${host}:${opts.port ?? 8883}`)))
    server.listen(opts.port ?? 8883, host, () => resolve())
  }).catch(async (e) => {
    await crlWatcher?.close()
    await p.close()
    await closeAedes()
    throw e
  })
  const port = (server.address() as AddressInfo).port
  log?.info({ port, host, aclRules: rules.length, crl: crl.file ?? null }, 'OTA broker listening')
  let closed = false
  return {
    aedes,
    server,
    plugin: p,
    brokerId,
    port,
    url: `mqtts://${host.includes(':') ? `[${host}]` : host}:${port}`,
    async close () {
      if (closed) return
      closed = true
      await crlWatcher?.close()
      // aedes closes the client connections; server.close() only finishes once they are gone.
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()))
      await new Promise<void>((resolve) => aedes.close(() => resolve()))
      await serverClosed
      await p.close()
      await transport?.close()
    }
  }
}
