/**
 * Puts a plugin into its cluster (docs/ARCHITECTURE.md "Cluster"): its release store tells the
 * other brokers what it changed and reloads what they changed, its inventory hears their devices,
 * and clients are kept off the cluster's own topics. Call it once the plugin's hooks are in
 * place (it wraps them); the plugin's `close()` puts the host's hooks back, which undoes this too.
 */
import type { Aedes, Client, PublishPacket, Subscription } from 'aedes'
import type { Logger } from 'pino'
import { OtaError, type Topics, type TrustedRoot } from '../../proto/index.js'
import type { RolloutManager } from '../rollout/manager.js'
import { RemoteOffers } from './offers.js'
import { ClusterPresence } from './presence.js'
import { ReleaseLocks } from './release-lock.js'
import type { AuditLog } from '../audit.js'
import { releaseFields } from '../handlers/release.js'
import type { BrickWatch } from '../health/brick-watch.js'
import type { Inventory } from '../inventory.js'
import { storedModels, type ReleaseStore, type StoredRelease } from '../store.js'
import { CLUSTER_ROOT, ClusterLink } from './link.js'

/** What {@link joinCluster} wires. */
export interface JoinClusterDeps {
  aedes: Aedes
  topics: Topics
  store: ReleaseStore
  inventory: Inventory
  /** the brick watch: another broker's device's event ends this broker's watch of it (the device moved) */
  health: BrickWatch
  audit: AuditLog
  log: Logger | null
  /** a release became a model's current one on this broker through a reload (the plugin's `release` event) */
  released: (r: StoredRelease) => void
  /**
   * a staged release was dropped from the folder without becoming current (another broker's
   * rollout was aborted): drop its queued frames here too, telling the devices `OTA_WITHDRAWN`
   */
  withdrawn: (r: StoredRelease) => void
  /** the rollout engine: hears other brokers' devices, and gates on other brokers' offers */
  rollouts: RolloutManager
  trust: TrustedRoot
  now: () => number
  /** the cluster's Redis URL (the per-model release locks) and this broker's id */
  redis: string
  brokerId: string
}

/** What {@link joinCluster} opened; close it before the store, the inventory and the rollouts. */
export interface ClusterMembership {
  /** stops hearing the other brokers (the store's writes still take their locks) */
  close: () => Promise<void>
  /** lets go of the release locks: once nothing writes release files any more (after the rollouts closed) */
  closeLocks: () => void
  /**
   * Reads every model's envelopes in the shared folder again (each verified, fail closed, as on a
   * notice): before this broker runs the rollouts after taking the lease, its view must be the folder's.
   * @throws OtaError `OTA_IO` when the folder cannot be listed
   */
  reloadAll: () => Promise<void>
}

/**
 * Wires the store, the inventory and the rollouts to a {@link ClusterLink} and {@link RemoteOffers},
 * opens them and wraps the hooks.
 */
export async function joinCluster (d: JoinClusterDeps): Promise<ClusterMembership> {
  const offers = new RemoteOffers(d.aedes, d.topics, d.trust, d.now, d.log)
  const reload = async (model: string): Promise<void> => {
    try {
      const r = await d.store.reload(model)
      for (const x of r.refused) d.audit.write('release.rejected', 'failure', { by: 'cluster', file: x.file, code: x.error.code, detail: x.error.message })
      if (r.withdrawn !== undefined) {
        for (const a of r.withdrawn.artifacts) offers.releaseWithdrawn(a.id)
        d.withdrawn(r.withdrawn)
      }
      if (r.staged !== undefined) {
        for (const a of r.staged.artifacts) offers.releaseStaged(a.id)
        d.audit.write('release.loaded', 'success', { by: 'cluster', staged: true, ...releaseFields(r.staged) })
      }
      if (r.current !== undefined) {
        d.audit.write('release.loaded', 'success', { by: 'cluster', ...releaseFields(r.current) })
        d.released(r.current)
      }
      if (r.current !== undefined || r.staged !== undefined || r.unstaged || r.refused.length > 0) {
        d.log?.info({ model, current: r.current?.manifest.version ?? null, staged: r.staged?.manifest.version ?? null, unstaged: r.unstaged, refused: r.refused.length }, 'release files reloaded for the cluster')
      }
    } catch (err) {
      d.log?.error({ err, model }, 'cannot reload release files for the cluster')
    }
  }
  const presence = new ClusterPresence(d.inventory, d.now)
  const link = new ClusterLink({
    aedes: d.aedes,
    topics: d.topics,
    inventory: d.inventory,
    presence,
    brokerId: d.brokerId,
    log: d.log,
    now: d.now,
    status: (e) => {
      d.inventory.reported(e)
      d.health.onRemoteStatus(e)
      d.rollouts.onStatus(e)
    },
    reload
  })
  d.store.changed = (model) => { link.releaseChanged(model) }
  d.inventory.presence = (deviceId, model, online, remoteAddress) => {
    presence.local(deviceId, online)
    link.presence(deviceId, model, online, remoteAddress)
  }
  d.rollouts.remoteGate = (deviceId, model, artifact) => offers.gate(deviceId, model, artifact)
  const locks = new ReleaseLocks(d.redis, d.topics.prefix, d.brokerId, d.log)
  const closeLocks = (): void => {
    d.store.exclusive = async (_model, work) => await work()
    locks.close()
  }
  const close = async (): Promise<void> => {
    offers.close()
    d.rollouts.remoteGate = null
    await link.close()
  }
  try {
    await locks.open()
    d.store.exclusive = async (model, work) => await locks.run(model, work)
    await link.open()
    await offers.open()
    // What another broker changed between this broker's store.open() and its subscription to the
    // notices was never announced to it: read every model again, now that no notice is missed.
    await reloadAll(d.store, reload)
    // Likewise the status events the others recorded before now: in their inventory files soon.
    d.inventory.scheduleCatchUp(d.store.dataDir)
  } catch (e) {
    await close()
    closeLocks()
    throw e
  }
  clusterHooks(d.aedes, d.topics, link)
  return {
    close,
    closeLocks,
    reloadAll: async () => { await reloadAll(d.store, reload) }
  }
}

async function reloadAll (store: ReleaseStore, reload: (model: string) => Promise<void>): Promise<void> {
  const known = [...store.releases(), ...store.stagedReleases()].map((r) => r.manifest.model)
  for (const model of new Set([...known, ...await storedModels(store.dataDir)])) await reload(model)
}

/**
 * Wraps `aedes`' current authorizePublish and authorizeSubscribe: no client publishes or
 * subscribes under `$ota/` (the cluster's notices), whatever the host's rules say; and a device's
 * chunk request waits while a release reload another broker asked for is in progress. That
 * broker announces the manifest right after its notice, on the same emitter connection, so the
 * notice reaches this broker first; without the wait, a device here that got the manifest
 * could ask for the new artifact before this broker serves it and be refused (it would only try
 * again on its next delivery of the manifest).
 */
function clusterHooks (aedes: Aedes, topics: Topics, link: ClusterLink): void {
  const pub = aedes.authorizePublish
  const sub = aedes.authorizeSubscribe
  const ours = (topic: string): boolean => topic === CLUSTER_ROOT || topic.startsWith(`${CLUSTER_ROOT}/`)
  Object.assign(aedes, {
    authorizePublish (client: Client, packet: PublishPacket, cb: (err?: Error | null) => void) {
      if (ours(packet.topic)) { cb(new OtaError('OTA_ACL_DENIED', 'cluster topics are not for clients')); return }
      if (link.reloading && topics.parse(packet.topic)?.kind === 'req') {
        void link.settled().then(() => { pub.call(aedes, client, packet, cb) }).catch((err: unknown) => { cb(err instanceof Error ? err : new Error(String(err))) })
        return
      }
      pub.call(aedes, client, packet, cb)
    },
    authorizeSubscribe (client: Client, s: Subscription, cb: (err: Error | null, s?: Subscription | null) => void) {
      if (ours(s.topic)) { cb(null, null); return } // refused in the SUBACK (0x80), as the plugin refuses
      sub.call(aedes, client, s, cb)
    }
  })
}
