/**
 * `createOtaPlugin(aedes, options)`: OTA updates inside an Aedes broker.
 *
 * The plugin wraps the host platform's own aedes hooks rather than replacing them: for topics
 * outside the OTA prefix every decision stays the host's; for OTA topics the plugin's
 * deny-by-default rules (./acl.ts) decide, and the host is still asked to authenticate every
 * client. A client is an OTA device or operator only through a verified TLS client
 * certificate, and its MQTT clientId must equal the certificate's id.
 */
import { EventEmitter } from 'node:events'
import type { Aedes, AuthenticateError, Client, PublishPacket, Subscription } from 'aedes'
import { Limits, OtaError, toOtaError, type StatusEvent, type Topics } from '../proto/index.js'
import { filterTouchesPrefix, mayForward, mayPublish, maySubscribe } from './acl.js'
import { openAuditLog, type AuditLog } from './audit.js'
import type { PluginContext } from './context.js'
import { handleChunkRequest } from './handlers/request.js'
import { handleReleaseBundle } from './handlers/release.js'
import { handleStatusEvent } from './handlers/status.js'
import { Identities, identityFromConnection, remoteAddress } from './identity.js'
import { resolveOptions, type OtaPluginOptions } from './options.js'
import { ChunkSender, type SenderStats } from './sender.js'
import { ReleaseStore, type StoredRelease } from './store.js'

/** The running plugin. Events: `status` (StatusEvent, stamped), `release` (StoredRelease). */
export interface OtaPlugin extends EventEmitter {
  readonly topics: Topics
  readonly store: ReleaseStore
  /** path of the audit log */
  readonly auditLog: string
  /** the audit log itself, for the host to record its own events next to the plugin's */
  readonly audit: AuditLog
  /** frames and bytes sent, requests dropped */
  readonly stats: SenderStats
  /**
   * Verifies a bundle against the trusted root, stores it and announces its manifest
   * (retained) to the model's devices. `by` names the publisher in the audit log.
   * @throws OtaError as the release store's `add`
   */
  publishRelease (bundle: Uint8Array, by?: string): Promise<StoredRelease>
  /** Restores the host's hooks, closes stored files and the audit log. Does not close aedes. */
  close (): Promise<void>
}

type Callback = (...args: any[]) => void

function isOtaTopic (topic: string, t: Topics): boolean {
  return topic === t.prefix || topic.startsWith(t.prefix + '/')
}

function announce (aedes: Aedes, topic: string, payload: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    aedes.publish({ cmd: 'publish', topic, payload: Buffer.from(payload), qos: 1, retain: true, dup: false } as PublishPacket, (err?: Error) => { if (err) reject(err); else resolve() })
  })
}

function authError (message: string, returnCode: number): AuthenticateError {
  const e = new Error(message) as AuthenticateError
  e.returnCode = returnCode
  return e
}

/**
 * Installs the OTA plugin into `aedes`: opens the release store (verifying what it holds),
 * publishes the trust root and each model's manifest as retained messages, and wraps the
 * broker's hooks.
 *
 * @param aedes - an Aedes 1.x instance (MQTT 3.1.1) whose `listen()` has completed; its current
 *   hooks are kept as the host's
 * @param options - see {@link OtaPluginOptions}
 * @throws OtaError `OTA_INVALID_ARGUMENT` for bad options or an Aedes not yet listening, `OTA_IO`
 *   when the data folder or audit log cannot be used
 */
export async function createOtaPlugin (aedes: Aedes, options: OtaPluginOptions): Promise<OtaPlugin> {
  const o = resolveOptions(options)
  // aedes 1.x sets up its persistence in listen(); retained manifests need it.
  if ((aedes as unknown as { persistence?: unknown }).persistence == null) {
    throw new OtaError('OTA_INVALID_ARGUMENT', 'install the OTA plugin after `await aedes.listen()` (or on a broker from `await Aedes.createBroker()`)')
  }
  const t = o.topics
  const log = o.logger?.child({ component: 'ota-plugin' }) ?? null
  let audit: AuditLog
  try {
    audit = openAuditLog(o.auditLog)
  } catch (e) {
    throw toOtaError(e, 'OTA_IO', `cannot open the audit log ${o.auditLog}`)
  }
  const store = new ReleaseStore(o.dataDir, o.trust, o.now)
  const opened = await store.open().catch((e) => { audit.close(); throw e })
  const identities = new Identities()
  const emitter = new EventEmitter() as OtaPlugin

  const sender = new ChunkSender(store, t, {
    maxInflightFrames: o.maxInflightFrames,
    maxQueuedChunks: o.maxQueuedChunks,
    onError: (deviceId, err) => { log?.warn({ deviceId, code: err.code, err: err.message }, 'chunk not served') }
  })

  const publishRelease = async (bundle: Uint8Array, by = 'api'): Promise<StoredRelease> => {
    try {
      const r = await store.add(bundle)
      await announce(aedes, t.manifest(r.manifest.model), r.envelope)
      audit.write('release.published', 'success', { by, model: r.manifest.model, version: r.manifest.version, securityVersion: r.manifest.securityVersion, sequence: r.manifest.sequence, artifact: r.artifactId, size: r.manifest.image.size })
      emitSafely('release', r)
      return r
    } catch (e) {
      const err = toOtaError(e, 'OTA_IO')
      audit.write('release.rejected', 'failure', { by, code: err.code, detail: err.message })
      throw err
    }
  }

  // A listener's exception is the host's bug: it must not be blamed on a device or an operator.
  const emitSafely = (event: string, value: unknown): void => {
    try { emitter.emit(event, value) } catch (e) { log?.error({ event, err: e instanceof Error ? e.message : String(e) }, 'plugin event listener threw') }
  }
  const ctx: PluginContext = { aedes, topics: t, store, sender, audit, now: o.now, publishRelease, emit: (ev: 'status', e: StatusEvent) => { emitSafely(ev, e) } }

  const publishLimits = { req: Limits.chunkRequest, audit: Limits.statusEvent, adminRelease: o.maxBundleSize }
  const denied = (client: Client | null, action: string, topic: string, reason: string): void => {
    const who = identities.get(client)
    audit.write('acl.denied', 'failure', { action, topic, reason, clientId: client?.id ?? '', role: who?.role ?? 'none', remoteAddress: remoteAddress(client) })
    log?.warn({ clientId: client?.id, action, topic, reason }, 'denied')
  }

  // The host's hooks, kept so that non-OTA traffic is the host's business and close() can restore them.
  const host = {
    preConnect: aedes.preConnect,
    authenticate: aedes.authenticate,
    authorizePublish: aedes.authorizePublish,
    authorizeSubscribe: aedes.authorizeSubscribe,
    authorizeForward: aedes.authorizeForward
  }

  aedes.preConnect = function (client: Client, packet: any, cb: Callback) {
    const will = packet?.will
    if (will != null && filterTouchesPrefix(String(will.topic), t.prefix)) {
      audit.write('auth.denied', 'failure', { clientId: packet.clientId ?? '', reason: 'a will on an OTA topic', topic: will.topic, remoteAddress: remoteAddress(client) })
      cb(new OtaError('OTA_ACL_DENIED', 'wills on OTA topics are not allowed'), false)
      return
    }
    host.preConnect.call(aedes, client, packet, cb)
  } as typeof aedes.preConnect

  aedes.authenticate = function (client: Client, username: any, password: any, cb: Callback) {
    const who = identityFromConnection((client as any).conn)
    if (who !== null) {
      if (client.id !== who.id) {
        audit.write('auth.denied', 'failure', { clientId: client.id, certificateId: who.id, reason: 'clientId differs from the certificate id', remoteAddress: remoteAddress(client) })
        cb(authError(`clientId must be ${who.id}`, 2), false)
        return
      }
      // A persistent session would queue QoS 1 messages (status events, manifests) in the
      // broker for as long as the client stays away: unbounded memory.
      if (client.clean === false) {
        audit.write('auth.denied', 'failure', { clientId: client.id, reason: 'OTA clients must use clean sessions', remoteAddress: remoteAddress(client) })
        cb(authError('OTA clients must connect with clean sessions', 2), false)
        return
      }
      identities.set(client, who)
    } else if (identities.isOnline(client.id)) {
      // Without a certificate, taking over a device's or operator's clientId would kick it off (MQTT-3.1.4-2).
      audit.write('auth.denied', 'failure', { clientId: client.id, reason: 'clientId of a connected OTA client, without its certificate', remoteAddress: remoteAddress(client) })
      cb(authError(`clientId ${client.id} is in use`, 2), false)
      return
    } else if (o.requireCertificate) {
      audit.write('auth.denied', 'failure', { clientId: client.id, reason: 'no verified OTA client certificate', remoteAddress: remoteAddress(client) })
      cb(authError('a verified OTA client certificate is required', 5), false)
      return
    }
    host.authenticate.call(aedes, client, username, password, cb)
  } as typeof aedes.authenticate

  aedes.authorizeSubscribe = function (client: Client, sub: Subscription, cb: Callback) {
    if (!filterTouchesPrefix(sub.topic, t.prefix)) { host.authorizeSubscribe.call(aedes, client, sub, cb); return }
    if (maySubscribe(identities.get(client), sub.topic, t)) { cb(null, sub); return }
    denied(client, 'subscribe', sub.topic, 'filter not allowed for this client')
    cb(null, null)
  } as typeof aedes.authorizeSubscribe

  aedes.authorizePublish = function (client: Client | null, packet: PublishPacket, cb: Callback) {
    if (!isOtaTopic(packet.topic, t)) {
      host.authorizePublish.call(aedes, client, packet, cb)
      return
    }
    const who = identities.get(client)
    const payload = packet.payload as Buffer
    const d = mayPublish(who, packet.topic, payload.length, packet.retain === true, t, publishLimits)
    if (!d.allow) { denied(client, 'publish', packet.topic, d.reason); cb(new OtaError('OTA_ACL_DENIED', d.reason)); return }
    try {
      if (d.kind === 'req' && who?.role === 'device') handleChunkRequest(ctx, client!, who, payload)
      else if (d.kind === 'audit' && who?.role === 'device') packet.payload = handleStatusEvent(ctx, client!, who, payload)
      else if (d.kind === 'adminRelease' && who?.role === 'operator') void handleReleaseBundle(ctx, who.id, payload)
    } catch (e) {
      const err = toOtaError(e, 'OTA_DECODE')
      denied(client, 'publish', packet.topic, `${err.code}: ${err.message}`)
      cb(err)
      return
    }
    cb(null)
  } as typeof aedes.authorizePublish

  aedes.authorizeForward = function (client: Client, packet: any) {
    if (isOtaTopic(packet.topic, t) && !mayForward(identities.get(client), packet.topic, t)) return null
    return host.authorizeForward.call(aedes, client, packet)
  } as typeof aedes.authorizeForward

  const onReady = (client: Client): void => {
    identities.connected(client)
    const who = identities.get(client)
    if (who !== null) audit.write('client.connected', 'success', { clientId: client.id, role: who.role, model: who.role === 'device' ? who.model : '', remoteAddress: remoteAddress(client) })
  }
  const onGone = (client: Client): void => {
    identities.disconnected(client)
    sender.drop(client)
    const who = identities.get(client)
    if (who !== null) audit.write('client.disconnected', 'success', { clientId: client.id, role: who.role })
  }
  aedes.on('clientReady', onReady)
  aedes.on('clientDisconnect', onGone)

  try {
    await announce(aedes, t.root(), o.trust.envelope)
    for (const r of opened.loaded) {
      await announce(aedes, t.manifest(r.manifest.model), r.envelope)
      audit.write('release.loaded', 'success', { by: 'store', model: r.manifest.model, version: r.manifest.version, securityVersion: r.manifest.securityVersion, sequence: r.manifest.sequence, artifact: r.artifactId, size: r.manifest.image.size })
    }
  } catch (e) {
    await store.close()
    audit.close()
    throw toOtaError(e, 'OTA_IO', 'cannot publish the retained trust root and manifests')
  }
  for (const r of opened.refused) audit.write('release.rejected', 'failure', { by: 'store', file: r.file, code: r.error.code, detail: r.error.message })
  audit.write('plugin.started', 'success', { prefix: t.prefix, releases: opened.loaded.length, rootVersion: o.trust.root.version, rootKeys: o.trust.root.rootKeys.map((k) => k.keyId) })

  let closed = false
  return Object.assign(emitter, {
    topics: t,
    store,
    auditLog: audit.path,
    audit,
    stats: sender.stats,
    publishRelease,
    async close (): Promise<void> {
      if (closed) return
      closed = true
      aedes.removeListener('clientReady', onReady)
      aedes.removeListener('clientDisconnect', onGone)
      Object.assign(aedes, host)
      sender.close()
      audit.write('plugin.stopped', 'success', { framesSent: sender.stats.framesSent, bytesSent: sender.stats.bytesSent })
      await store.close()
      audit.close()
    }
  })
}


