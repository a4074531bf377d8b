/**
 * `createOtaPlugin(aedes, options)`: OTA updates inside an Aedes broker, the OTA core (core.ts)
 * adapted to aedes: this module installs the hooks (./hooks/), which hand OTA messages to the
 * handlers (./handlers/), and joins the cluster; the core carries out the handlers' outcomes.
 *
 * The plugin wraps the host platform's own aedes hooks rather than replacing them: for topics
 * outside the OTA prefix every decision stays the host's; for OTA topics the plugin's
 * deny-by-default rules (./acl.ts) decide, and the host is still asked to authenticate every
 * client. A client is an OTA device or operator only through a verified TLS client
 * certificate, and its MQTT clientId must equal the certificate's id.
 */
import type { Aedes, Client } from 'aedes'
import { OtaError, toOtaError } from '../proto/index.js'
import type { BrokerLimits } from './limits/options.js'
import type { PacketRefusal } from './limits/packet-guard.js'
import type { TlsRefusal } from './tls/refusals.js'
import type { Identity } from './acl.js'
import type { OtaRuntime, PublishReleaseOptions } from './runtime.js'
import { aedesBus } from './bus.js'
import { openOtaCore, type OtaCore } from './core.js'
import { makeAuthenticate } from './hooks/authenticate.js'
import { makeAuthorizeForward } from './hooks/authorizeForward.js'
import { makeAuthorizePublish } from './hooks/authorizePublish.js'
import { makeAuthorizeSubscribe } from './hooks/authorizeSubscribe.js'
import { makeLifecycle } from './hooks/lifecycle.js'
import { makePreConnect } from './hooks/preConnect.js'
import type { HookDeps, HostHooks } from './hooks/types.js'
import { joinCluster, type ClusterMembership } from './cluster/join.js'
import { LeaderLease } from './cluster/lease.js'
import { BrokerIdClaim } from './cluster/id-claim.js'
import { resolveOptions, type OtaPluginOptions } from './options.js'
import type { StoredRelease } from './store.js'

/**
 * The running plugin: the OTA core's read surface ({@link OtaRuntime}) and what only an aedes
 * adapter can record (refusals at the transport, TLS, packet guard).
 */
export interface OtaPlugin extends OtaRuntime {
  /**
   * Records a host's own refusal of a subscription or publish outside the OTA prefix (the
   * standalone broker's ACL file uses it) exactly as the plugin records its own: audit
   * `acl.denied` with the topic cut to 256 characters, counted toward the connection's limit
   * of refusals (16), after which the connection is closed (docs/PROTOCOL.md, "Authorization").
   * @param client - the refused client; null for a publish aedes makes without one
   */
  aclDenied (client: Client | null, action: 'subscribe' | 'publish', topic: string, reason: string): void
  /** the resolved broker limits (options `limits`): topic length and depth, rates, audit budget, packet size per role */
  readonly limits: BrokerLimits
  /**
   * Records a connection the standalone broker's packet guard closed at a header over its role's
   * limit (audit `packet.refused`, within the per-identity refusal budget).
   * @param who - the identity of the connection's certificate, null without one
   */
  packetRefused (who: Identity | null, remoteAddress: string, remotePort: number, refusal: PacketRefusal): void
  /**
   * Records a connection the standalone broker refused at the transport because another
   * connection with the same certificate identity was still being established (audit
   * `auth.denied`, within the per-identity refusal budget).
   */
  parallelRefused (who: Identity, remoteAddress: string, remotePort: number): void
  /**
   * Records a TLS handshake the standalone broker refused (audit `tls.refused`, within the
   * refusal budget of the peer's address: there is no verified identity to charge).
   */
  tlsRefused (refusal: TlsRefusal): void
  /**
   * Restores the host's hooks, waits for release work in progress (a bundle being stored and
   * announced, from `publishRelease` or an operator), writes the inventory, closes stored files
   * and the audit log. Does not close aedes.
   */
  close (): Promise<void>
}

/**
 * Installs the OTA plugin into `aedes`: opens the release store (verifying what it holds) and
 * the inventory, publishes the trust root and each model's manifest as retained messages, and
 * wraps the broker's hooks.
 *
 * @param aedes - an Aedes 1.x instance (MQTT 3.1.1) whose `listen()` has completed; its current
 *   hooks are kept as the host's
 * @param options - see {@link OtaPluginOptions}
 * @throws OtaError `OTA_INVALID_ARGUMENT` for bad options, an Aedes not yet listening, or a
 *   cluster broker id another running broker holds (waited for up to 6 s: broker/cluster/id-claim.ts);
 *   `OTA_IO` when the data folder, inventory or audit log cannot be used, or the cluster's Redis
 *   does not answer
 */
export async function createOtaPlugin (aedes: Aedes, options: OtaPluginOptions): Promise<OtaPlugin> {
  const o = resolveOptions(options)
  // aedes 1.x sets up its persistence in listen(); retained manifests need it.
  if ((aedes as unknown as { persistence?: unknown }).persistence == null) {
    throw new OtaError('OTA_INVALID_ARGUMENT', 'install the OTA plugin after `await aedes.listen()` (or on a broker from `await Aedes.createBroker()`)')
  }
  const t = o.topics
  const log = o.logger?.child({ component: 'ota-plugin' }) ?? null
  // Before any file named after the broker id is opened: two runs with one id would share them.
  const claim = o.cluster !== null ? new BrokerIdClaim(o.cluster.redis, t.prefix, o.cluster.brokerId, log) : null
  await claim?.take()
  const lease = o.cluster?.redis != null ? new LeaderLease(o.cluster.redis, `aedes-ota:${t.prefix}:rollout-leader`, o.cluster.brokerId, o.cluster.leaseMs, log) : null
  let core: OtaCore
  try {
    core = await openOtaCore({ o, bus: aedesBus(aedes), events: aedes, adapter: 'plugin', log, lease })
  } catch (e) {
    await claim?.release()
    throw e
  }
  const { ctx, apply, emitSafely } = core
  const { sender, inventory, store, health, rollouts, audit } = ctx

  const host: HostHooks = {
    preConnect: aedes.preConnect,
    authenticate: aedes.authenticate,
    authorizePublish: aedes.authorizePublish,
    authorizeSubscribe: aedes.authorizeSubscribe,
    authorizeForward: aedes.authorizeForward
  }
  const deps: HookDeps = { aedes, ctx, host, apply }
  const { onReady, onGone } = makeLifecycle(deps)
  Object.assign(aedes, {
    preConnect: makePreConnect(deps),
    authenticate: makeAuthenticate(deps),
    authorizeSubscribe: makeAuthorizeSubscribe(deps),
    authorizePublish: makeAuthorizePublish(deps),
    authorizeForward: makeAuthorizeForward(deps)
  })
  aedes.on('clientReady', onReady)
  aedes.on('clientDisconnect', onGone)

  let cluster: ClusterMembership | null = null
  /** Another broker's rollout of `r` was aborted: its frames queued here go too, as on that broker (rollout/ending.ts). */
  const withdrawn = (r: StoredRelease): void => {
    const err = new OtaError('OTA_WITHDRAWN', `release ${r.manifest.version} of ${r.manifest.model} was withdrawn: its rollout was aborted`)
    const told = sender.cancel(r.artifactId, err, r.artifacts.map((a) => a.id))
    for (const a of r.artifacts) ctx.broadcast.cancel(a.id)
    log?.info({ model: r.manifest.model, version: r.manifest.version, devicesTold: told.length }, 'staged release withdrawn through another broker: queued frames dropped')
  }
  let closed = false
  const close = async (): Promise<void> => {
    if (closed) return
    closed = true
    try {
      await cluster?.close()
      aedes.removeListener('clientReady', onReady)
      aedes.removeListener('clientDisconnect', onGone)
      Object.assign(aedes, host)
      await core.close(() => { cluster?.closeLocks() })
    } finally {
      // The id claim's renew timer and Redis connection go whatever failed above.
      await claim?.release()
    }
  }

  try {
    if (o.cluster !== null) cluster = await joinCluster({ aedes, topics: t, store, inventory, health, audit, log, released: (r) => { emitSafely('release', r) }, withdrawn, rollouts, trust: o.trust, now: o.now, redis: o.cluster.redis, brokerId: o.cluster.brokerId })
    await core.start({ reload: async () => { await cluster?.reloadAll() } })
  } catch (e) {
    await close()
    throw toOtaError(e, 'OTA_IO', 'cannot start the OTA plugin')
  }

  return Object.assign(core.emitter as OtaPlugin, {
    topics: t,
    store,
    inventory,
    auditLog: audit.path,
    audit,
    stats: sender.stats,
    broadcastStats: ctx.broadcast.stats,
    rollouts,
    aclDenied: (client: Client | null, action: 'subscribe' | 'publish', topic: string, reason: string) => { ctx.refusals.acl(client, action, topic, reason) },
    limits: o.limits,
    packetRefused: (who: Identity | null, remoteAddress: string, remotePort: number, r: PacketRefusal) => { ctx.refusals.packet(who, remoteAddress, remotePort, r) },
    parallelRefused: (who: Identity, remoteAddress: string, remotePort: number) => { ctx.refusals.parallel(who, remoteAddress, remotePort) },
    tlsRefused: (refusal: TlsRefusal) => { ctx.refusals.tls(refusal) },
    async publishRelease (bundle: Uint8Array, by = 'api', opts: PublishReleaseOptions = {}): Promise<StoredRelease> {
      return await core.publishRelease(bundle, by, opts.force === true)
    },
    close
  })
}
