/**
 * The OTA core: everything the plugin and the service share (docs/ARCHITECTURE.md, "The OTA core
 * and its two adapters"). It opens the release store, inventory, audit log, rollouts and brick
 * watches, carries out the handlers' outcomes, announces the trust root and manifests and closes
 * it all in order. It publishes only through its {@link OtaBus}; how messages reach the handlers
 * (aedes' hooks in plugin.ts, an MQTT subscription in service/service.ts) is the adapter's
 * business.
 */
import { EventEmitter } from 'node:events'
import { join } from 'node:path'
import type { Logger } from 'pino'
import { Limits, OtaError, encodeRootChain, toOtaError } from '../proto/index.js'
import { AdminLimits } from '../proto/codec/operator.js'
import { openAuditLog, type AuditLog } from './audit.js'
import { Broadcaster, serveChunks } from './broadcast/index.js'
import type { OtaBus } from './bus.js'
import type { LeaderLease } from './cluster/lease.js'
import { trackPending, type PluginContext } from './context.js'
import { FlapGuard } from './flapping.js'
import { handleReleaseBundle, type Outcome } from './handlers/index.js'
import { manifestMessage, releaseFields } from './handlers/release.js'
import { BrickWatch, WATCHES_FILE, clusterWatchesFile } from './health/brick-watch.js'
import { Identities } from './identity.js'
import { INVENTORY_FILE, Inventory, clusterInventoryFile } from './inventory.js'
import { AuditBudget } from './limits/audit-budget.js'
import { DeviceRates } from './limits/rate.js'
import type { ResolvedOptions } from './options.js'
import { publishOut } from './outbound.js'
import { Refusals } from './refusals.js'
import { RolloutManager } from './rollout/manager.js'
import { ChunkSender } from './sender.js'
import { ReleaseStore, type StoredRelease } from './store.js'
import type { Aedes } from 'aedes'

/** Which adapter runs the core: written into `plugin.started` / `plugin.stopped`. */
export type CoreAdapter = 'plugin' | 'service'

/** What an adapter gives the core. */
export interface CoreSetup {
  /** resolved options (options.ts `resolveOptions`) */
  o: ResolvedOptions
  bus: OtaBus
  /** the aedes whose subscription events tell the broadcast who subscribes; null in the service */
  events: Aedes | null
  adapter: CoreAdapter
  /** operational logger (component `ota-plugin` or `ota-service`), null for none */
  log: Logger | null
  /** the cluster's rollout lease, null outside a cluster */
  lease: LeaderLease | null
}

/** The opened core. */
export interface OtaCore {
  ctx: PluginContext
  /** the adapter's event emitter: `status`, `release`, `rollout` */
  emitter: EventEmitter
  /** emits an event, logging (never throwing) a listener's exception */
  emitSafely: (event: string, value: unknown) => void
  /** writes the audit lines, emits the events, serves the chunks and publishes the messages of an outcome */
  apply: (out: Outcome) => Promise<void>
  /** what opening the store found, for {@link OtaCore.start} */
  opened: Awaited<ReturnType<ReleaseStore['open']>>
  /**
   * Announces the trust root and every model's manifest (retained), resumes the rollouts (with
   * a lease: at each gain, after `reload`) and the brick watches, audits `plugin.started`.
   * @throws OtaError `OTA_IO` when the announce or the resumption fails (the caller closes)
   */
  start: (cluster?: { reload: () => Promise<void> }) => Promise<void>
  /**
   * Publishes the trust root and every model's current manifest again (retained): the service
   * does after reconnecting to a broker that may have restarted without its retained messages.
   * @throws Error as the bus reports a failed publish
   */
  announce: () => Promise<void>
  /**
   * Verifies, stores and announces a bundle, as an operator's publish does.
   * @throws OtaError as handlers/release.ts `handleReleaseBundle` refuses it
   */
  publishRelease: (bundle: Uint8Array, by: string, force: boolean) => Promise<StoredRelease>
  /**
   * Waits for release work in progress, stops the rollouts (then runs `afterRollouts`, before the
   * lease is given up), the brick watches, sender and broadcast, audits `plugin.stopped`, writes
   * the inventory, closes the store and the audit log.
   */
  close: (afterRollouts?: () => void) => Promise<void>
}

/**
 * Opens the core's parts: the audit log, the release store (verifying what it holds), the
 * inventory, sender, broadcast, rollouts and brick watches.
 * @throws OtaError `OTA_IO` when the data folder, inventory or audit log cannot be used
 */
export async function openOtaCore (s: CoreSetup): Promise<OtaCore> {
  const { o, bus, log, lease } = s
  const t = o.topics
  let audit: AuditLog
  try {
    audit = await openAuditLog(o.auditLog, o.auditRotation, log)
  } catch (e) {
    throw toOtaError(e, 'OTA_IO', `cannot open the audit log ${o.auditLog}`)
  }
  const store = new ReleaseStore(o.dataDir, o.trust, o.now, o.cluster !== null)
  const inventory = new Inventory(join(o.dataDir, o.cluster !== null ? clusterInventoryFile(o.cluster.brokerId) : INVENTORY_FILE), o.inventoryFlushMs, o.now, log)
  const opened = await store.open().then(async (r) => { await (o.cluster !== null ? inventory.loadMerged(o.dataDir) : inventory.load()); return r }).catch(async (e) => { await store.close(); audit.close(); throw e })
  const identities = new Identities()
  const emitter = new EventEmitter()
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
  const rollouts = new RolloutManager({
    bus, topics: t, store, inventory, audit, sender, broadcast: { cancel: (id) => { ctx.broadcast.cancel(id) } }, trust: o.trust, dataDir: o.dataDir, groups: o.groups, unannounced, log, now: o.now, emit: emitSafely,
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
    bus,
    options: o,
    topics: t,
    store,
    sender,
    broadcast: new Broadcaster(bus, s.events, store, t, o.broadcast, log),
    audit,
    log,
    identities,
    refusals: new Refusals(audit, identities, log, new AuditBudget(o.limits.audit, o.now)),
    rates: new DeviceRates(o.limits, o.now),
    refusedRequests: new WeakMap(),
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
      await publishOut(bus, m).catch((err: unknown) => { log?.error({ err, topic: m.topic }, 'server-side publish failed') })
    }
  }

  /** the rollout lease's gains and losses, carried out one after another */
  let leading: Promise<void> = Promise.resolve()

  const announce = async (): Promise<void> => {
    await publishOut(bus, { topic: t.root(), payload: encodeRootChain(o.rootChain), qos: 1, retain: true })
    // From the store's view now, not what open() loaded: in a cluster, joining reloaded every model,
    // and a manifest loaded before that may have been replaced through another broker meanwhile.
    for (const r of store.releases()) await publishOut(bus, manifestMessage(t, r))
  }

  const start = async (cluster?: { reload: () => Promise<void> }): Promise<void> => {
    try {
      if (o.rootsLeftOut > 0) {
        // Devices refuse a longer chain whole: the oldest versions give way, and devices still on them need re-provisioning.
        log?.warn({ rootsLeftOut: o.rootsLeftOut, published: o.rootChain.length }, 'the oldest root versions do not fit the trust topic and are not published')
      }
      for (const r of opened.loaded) audit.write('release.loaded', 'success', { by: 'store', ...releaseFields(r) })
      await announce()
      for (const r of opened.staged) audit.write('release.loaded', 'success', { by: 'store', staged: true, ...releaseFields(r) })
    } catch (e) {
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
              await cluster?.reload()
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
      throw toOtaError(e, 'OTA_IO', 'cannot resume the rollouts and brick watches')
    }
    for (const r of opened.refused) audit.write('release.rejected', 'failure', { by: 'store', file: r.file, code: r.error.code, detail: r.error.message })
    audit.write('plugin.started', 'success', { adapter: s.adapter, prefix: t.prefix, releases: opened.loaded.length, devices: inventory.list().length, rootVersion: o.trust.root.version, rootKeys: o.trust.root.rootKeys.map((k) => k.keyId), rootsPublished: o.rootChain.length, rootsLeftOut: o.rootsLeftOut })
  }

  const close = async (afterRollouts?: () => void): Promise<void> => {
    // A bundle being stored needs the store open, and its verdict the audit log.
    await Promise.allSettled([...ctx.pending])
    // The engine stops before the lease is given up: never two engines on the folder at once.
    if (lease !== null) Object.assign(lease, { gained: () => {}, lost: () => {} })
    await leading
    await rollouts.close()
    afterRollouts?.()
    await lease?.close()
    await health.close()
    sender.close()
    ctx.broadcast.close()
    ctx.refusals.flush()
    const b = ctx.broadcast.stats
    audit.write('plugin.stopped', 'success', {
      adapter: s.adapter,
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

  const publishRelease = async (bundle: Uint8Array, by: string, force: boolean): Promise<StoredRelease> => {
    const work = handleReleaseBundle(ctx, bundle, by, force).then(async (r) => { await apply(r.outcome); return r })
    trackPending(ctx, work)
    const r = await work
    if (r.release === undefined) throw r.error ?? new OtaError('OTA_IO', 'release not stored')
    return r.release
  }

  return { ctx, emitter, emitSafely, apply, opened, start, announce, publishRelease, close }
}
