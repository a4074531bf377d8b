/**
 * `createOtaPlugin(aedes, options)`: OTA updates inside an Aedes broker. This module wires the
 * parts and owns the lifecycle; the hook bodies live in ./hooks/, the message handlers in
 * ./handlers/ (they return outcomes this module carries out).
 *
 * The plugin wraps the host platform's own aedes hooks rather than replacing them: for topics
 * outside the OTA prefix every decision stays the host's; for OTA topics the plugin's
 * deny-by-default rules (./acl.ts) decide, and the host is still asked to authenticate every
 * client. A client is an OTA device or operator only through a verified TLS client
 * certificate, and its MQTT clientId must equal the certificate's id.
 */
import { EventEmitter } from 'node:events'
import { join } from 'node:path'
import type { Aedes, Client } from 'aedes'
import { Limits, OtaError, encodeRootChain, toOtaError, type Topics } from '../proto/index.js'
import { AdminLimits } from '../proto/codec/operator.js'
import { AuditBudget } from './limits/audit-budget.js'
import type { BrokerLimits } from './limits/options.js'
import type { PacketRefusal } from './limits/packet-guard.js'
import type { TlsRefusal } from './tls/refusals.js'
import type { Identity } from './acl.js'
import { DeviceRates } from './limits/rate.js'
import { openAuditLog, type AuditLog } from './audit.js'
import { trackPending, type PluginContext } from './context.js'
import { FlapGuard } from './flapping.js'
import { handleReleaseBundle, type Outcome } from './handlers/index.js'
import { manifestMessage, releaseFields } from './handlers/release.js'
import { makeAuthenticate } from './hooks/authenticate.js'
import { makeAuthorizeForward } from './hooks/authorizeForward.js'
import { makeAuthorizePublish } from './hooks/authorizePublish.js'
import { makeAuthorizeSubscribe } from './hooks/authorizeSubscribe.js'
import { makeLifecycle } from './hooks/lifecycle.js'
import { makePreConnect } from './hooks/preConnect.js'
import type { HookDeps, HostHooks } from './hooks/types.js'
import { Identities } from './identity.js'
import { INVENTORY_FILE, Inventory, clusterInventoryFile, type FleetInventory } from './inventory.js'
import { joinCluster, type ClusterMembership } from './cluster/join.js'
import { LeaderLease } from './cluster/lease.js'
import { BrokerIdClaim } from './cluster/id-claim.js'
import { resolveOptions, type OtaPluginOptions } from './options.js'
import { publishOut } from './outbound.js'
import { Refusals } from './refusals.js'
import { ChunkSender, type SenderStats } from './sender.js'
import { ReleaseStore, type ReleaseCatalog, type StoredRelease } from './store.js'
import { RolloutManager } from './rollout/manager.js'
import type { RolloutControl } from './rollout/types.js'
import { BrickWatch, WATCHES_FILE, clusterWatchesFile } from './health/brick-watch.js'
import { Broadcaster, serveChunks, type BroadcastStats } from './broadcast/index.js'

/** Options of {@link OtaPlugin.publishRelease}. */
export interface PublishReleaseOptions {
  /** lift the rules an operator may override: security version below the current release's, version downgrade, sequence step (docs/PROTOCOL.md); default false */
  force?: boolean
}

/**
 * The running plugin. Events: `status` (StatusEvent, stamped), `release` (StoredRelease: a
 * release became a model's current one), `rollout` (RolloutStatus, on every change of a rollout).
 */
export interface OtaPlugin extends EventEmitter {
  /** the plugin's OTA topic names, under its `topicPrefix` (proto `Topics`) */
  readonly topics: Topics
  /** the release store, read-only: `current(model)`, `releases()` */
  readonly store: ReleaseCatalog
  /** the fleet inventory, read-only: `list()` */
  readonly inventory: FleetInventory
  /** base path of the audit log's file set (files `<stem>.<n>.log`, docs/AUDIT.md) */
  readonly auditLog: string
  /** the audit log itself, for the host to record its own events next to the plugin's */
  readonly audit: AuditLog
  /** unicast frames and bytes sent, requests dropped */
  readonly stats: SenderStats
  /** broadcast frames published once and written to subscribers, skipped, coalesced, repaired (docs/PROTOCOL.md, "Broadcast") */
  readonly broadcastStats: BroadcastStats
  /** staged rollouts: start, plan, pause, resume, abort, status (docs/PROTOCOL.md, "Rollouts and offers") */
  readonly rollouts: RolloutControl
  /**
   * Verifies a bundle against the trusted root, applies the publish rules, stores it and
   * announces its manifest (retained, QoS 1) to the model's devices; audits
   * `release.published` only once the announce succeeded, `release.rejected` for any refusal.
   * Publishing the current release again is a no-op (audit `release.unchanged`) that returns it.
   * @param by - names the publisher in the audit log; default `api`
   * @returns the model's current release
   * @throws OtaError as the release store's `add` (e.g. `OTA_REPLAY`, `OTA_ROLLBACK`,
   *   `OTA_DOWNGRADE`, `OTA_SEQUENCE_JUMP`, a verification code, `OTA_IO`/`OTA_NO_SPACE` when
   *   it cannot be written), and `OTA_IO` when the manifest could not be announced (the release
   *   is stored; publishing it again, or the plugin's next start, announces it)
   */
  publishRelease (bundle: Uint8Array, by?: string, opts?: PublishReleaseOptions): Promise<StoredRelease>
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
  let audit: AuditLog
  try {
    audit = await openAuditLog(o.auditLog, o.auditRotation, log)
  } catch (e) {
    await claim?.release()
    throw toOtaError(e, 'OTA_IO', `cannot open the audit log ${o.auditLog}`)
  }
  const store = new ReleaseStore(o.dataDir, o.trust, o.now, o.cluster !== null)
  const inventory = new Inventory(join(o.dataDir, o.cluster !== null ? clusterInventoryFile(o.cluster.brokerId) : INVENTORY_FILE), o.inventoryFlushMs, o.now, log)
  const opened = await store.open().then(async (r) => { await (o.cluster !== null ? inventory.loadMerged(o.dataDir) : inventory.load()); return r }).catch(async (e) => { await store.close(); audit.close(); await claim?.release(); throw e })
  const identities = new Identities()
  const emitter = new EventEmitter() as OtaPlugin
  // A listener's exception is the host's bug: it must not be blamed on a device or an operator.
  const emitSafely = (event: string, value: unknown): void => {
    try { emitter.emit(event, value) } catch (err) { log?.error({ event, err }, 'plugin event listener threw') }
  }
  const sender = new ChunkSender(store, t, {
    maxInflightFrames: o.maxInflightFrames,
    maxQueuedChunks: o.maxQueuedChunks,
    onError: (deviceId, err) => { log?.warn({ deviceId, err }, 'chunk not served') }
  })
  const unannounced = new Set<string>()
  const lease = o.cluster?.redis != null ? new LeaderLease(o.cluster.redis, `aedes-ota:${t.prefix}:rollout-leader`, o.cluster.brokerId, o.cluster.leaseMs, log) : null
  const rollouts = new RolloutManager({
    aedes, topics: t, store, inventory, audit, sender, broadcast: { cancel: (id) => { ctx.broadcast.cancel(id) } }, trust: o.trust, dataDir: o.dataDir, groups: o.groups, unannounced, log, now: o.now, emit: emitSafely,
    ...(lease !== null ? { mustLead: () => { lease.mustLead() } } : {})
  })
  store.offeredSequence = (model) => rollouts.offeredSequence(model)
  const health = new BrickWatch(o.dataDir, {
    timeoutFor: (deviceId, artifact) => rollouts.confirmTimeoutFor(deviceId, artifact) ?? o.confirmTimeoutMs,
    suspect: (w, reason) => {
      inventory.setSuspect(w.deviceId, reason)
      audit.write('device.suspect', 'failure', { deviceId: w.deviceId, model: w.model, version: w.version, previousVersion: w.previousVersion, artifact: w.artifact, reason })
      rollouts.onSuspect(w.deviceId, w.artifact, reason)
    },
    cleared: (w) => {
      inventory.setSuspect(w.deviceId, '')
      audit.write('device.suspect', 'success', { deviceId: w.deviceId, model: w.model, version: w.version, artifact: w.artifact, reason: `confirmed ${w.version}: no longer suspect` })
    }
  }, o.now, log, o.cluster !== null ? clusterWatchesFile(o.cluster.brokerId) : WATCHES_FILE)
  const ctx: PluginContext = {
    aedes,
    options: o,
    topics: t,
    store,
    sender,
    broadcast: new Broadcaster(aedes, store, t, o.broadcast, log),
    audit,
    log,
    identities,
    refusals: new Refusals(audit, identities, log, new AuditBudget(o.limits.audit, o.now)),
    rates: new DeviceRates(o.limits, o.now),
    refusedRequests: new WeakMap<Client, number>(),
    pending: new Set<Promise<void>>(),
    unannounced,
    inventory,
    flapping: new FlapGuard(o.flapping, o.now),
    limits: { req: Limits.chunkRequest, audit: Limits.statusEvent, adminRelease: o.maxBundleSize, adminRequest: o.maxBundleSize + AdminLimits.requestOverhead },
    rollouts,
    health,
    now: o.now
  }

  /** Carries out an outcome: audit lines first (on disk before anything is forwarded), then events, chunks, publishes. */
  const apply = async (out: Outcome): Promise<void> => {
    for (const a of out.audit ?? []) audit.write(a.event, a.outcome, a.fields)
    for (const ev of out.events ?? []) {
      if (ev.name === 'status') {
        inventory.reported(ev.value)
        health.onStatus(ev.value)
        rollouts.onStatus(ev.value)
      }
      emitSafely(ev.name, ev.value)
    }
    if (out.serve !== undefined) serveChunks(out.serve, ctx.broadcast, sender, ctx.rates)
    for (const m of out.publish ?? []) {
      await publishOut(aedes, m).catch((err: unknown) => { log?.error({ err, topic: m.topic }, 'server-side publish failed') })
    }
  }

  const host: HostHooks = {
    preConnect: aedes.preConnect,
    authenticate: aedes.authenticate,
    authorizePublish: aedes.authorizePublish,
    authorizeSubscribe: aedes.authorizeSubscribe,
    authorizeForward: aedes.authorizeForward
  }
  const deps: HookDeps = { ctx, host, apply }
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
  /** the rollout lease's gains and losses, carried out one after another */
  let leading: Promise<void> = Promise.resolve()
  let closed = false
  const close = async (): Promise<void> => {
    if (closed) return
    closed = true
    try {
      await closeParts()
    } finally {
      // The id claim's renew timer and Redis connection go whatever failed above.
      await claim?.release()
    }
  }
  const closeParts = async (): Promise<void> => {
    await cluster?.close()
    aedes.removeListener('clientReady', onReady)
    aedes.removeListener('clientDisconnect', onGone)
    Object.assign(aedes, host)
    // A bundle being stored needs the store open, and its verdict the audit log.
    await Promise.allSettled([...ctx.pending])
    // The engine stops before the lease is given up: never two engines on the folder at once.
    if (lease !== null) Object.assign(lease, { gained: () => {}, lost: () => {} })
    await leading
    await rollouts.close()
    cluster?.closeLocks()
    await lease?.close()
    await health.close()
    sender.close()
    ctx.broadcast.close()
    ctx.refusals.flush()
    const b = ctx.broadcast.stats
    audit.write('plugin.stopped', 'success', {
      framesSent: sender.stats.framesSent,
      bytesSent: sender.stats.bytesSent,
      broadcastFramesPublished: b.framesPublished,
      broadcastFramesForwarded: b.framesForwarded,
      broadcastFramesSkipped: b.framesSkipped,
      broadcastChunksCoalesced: b.chunksCoalesced,
      broadcastChunksRepaired: b.chunksRepaired,
      broadcastChunksOverdue: b.chunksOverdue,
      broadcastStalls: b.stalls
    })
    await inventory.close()
    await store.close()
    audit.close()
  }

  try {
    if (o.cluster !== null) cluster = await joinCluster({ aedes, topics: t, store, inventory, health, audit, log, released: (r) => { emitSafely('release', r) }, withdrawn, rollouts, trust: o.trust, now: o.now, redis: o.cluster.redis, brokerId: o.cluster.brokerId })
    if (o.rootsLeftOut > 0) {
      // Devices refuse a longer chain whole: the oldest versions give way, and devices still on them need re-provisioning.
      log?.warn({ rootsLeftOut: o.rootsLeftOut, published: o.rootChain.length }, 'the oldest root versions do not fit the trust topic and are not published')
    }
    await publishOut(aedes, { topic: t.root(), payload: encodeRootChain(o.rootChain), qos: 1, retain: true })
    for (const r of opened.loaded) audit.write('release.loaded', 'success', { by: 'store', ...releaseFields(r) })
    // From the store's view now, not what open() loaded: in a cluster, joining reloaded every model,
    // and a manifest loaded before that may have been replaced through another broker meanwhile.
    for (const r of store.releases()) await publishOut(aedes, manifestMessage(t, r))
    for (const r of opened.staged) audit.write('release.loaded', 'success', { by: 'store', staged: true, ...releaseFields(r) })
  } catch (e) {
    await close()
    throw toOtaError(e, 'OTA_IO', 'cannot publish the retained trust root and manifests')
  }
  try {
    if (lease === null) {
      await rollouts.open(opened.staged)
    } else {
      // Only the lease holder runs the rollouts of the shared folder. At every gain it reads the
      // folder again (releases first: a rollout whose staged release it has not loaded would be
      // withdrawn) and recovers them from disk, as the last holder left them; at every loss it
      // stops judging them. Gains and losses are carried out in turn.
      lease.gained = () => {
        leading = leading.then(async () => {
          try {
            await cluster?.reloadAll()
            await rollouts.open(store.stagedReleases())
          } catch (err) {
            log?.error({ err }, 'cannot resume the rollouts after taking the rollout lease: giving it up')
            await rollouts.suspend()
            await lease.giveUp()
          }
        })
      }
      lease.lost = () => {
        leading = leading.then(async () => { await rollouts.suspend() })
      }
      await lease.start()
      await leading
    }
    await health.load()
  } catch (e) {
    await close()
    throw toOtaError(e, 'OTA_IO', 'cannot resume the rollouts and brick watches')
  }
  for (const r of opened.refused) audit.write('release.rejected', 'failure', { by: 'store', file: r.file, code: r.error.code, detail: r.error.message })
  audit.write('plugin.started', 'success', { prefix: t.prefix, releases: opened.loaded.length, devices: inventory.list().length, rootVersion: o.trust.root.version, rootKeys: o.trust.root.rootKeys.map((k) => k.keyId), rootsPublished: o.rootChain.length, rootsLeftOut: o.rootsLeftOut })

  return Object.assign(emitter, {
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
      const work = handleReleaseBundle(ctx, bundle, by, opts.force === true).then(async (r) => { await apply(r.outcome); return r })
      trackPending(ctx, work)
      const r = await work
      if (r.release === undefined) throw r.error ?? new OtaError('OTA_IO', 'release not stored')
      return r.release
    },
    close
  })
}
