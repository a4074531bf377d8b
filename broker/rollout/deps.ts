/**
 * What the rollout engine (manager.ts, ending.ts) uses of its plugin.
 */
import type { Logger } from 'pino'
import type { Topics, TrustedRoot } from '../../proto/index.js'
import type { AuditLog } from '../audit.js'
import type { OtaBus } from '../bus.js'
import type { Inventory } from '../inventory.js'
import type { ChunkSender } from '../sender.js'
import type { ReleaseStore } from '../store.js'

/** What the engine uses of its plugin. */
export interface RolloutDeps {
  /** the broker: offers and the completed release's announcement are published through it, retained offers read back */
  bus: OtaBus
  /** the plugin's topic layout */
  topics: Topics
  /** stages, promotes and unstages the rollouts' releases */
  store: ReleaseStore
  /** the devices a rollout can target */
  inventory: Inventory
  /** where every `rollout.*` line goes */
  audit: AuditLog
  /** the chunk sender: an abort drops the frames queued for the withdrawn artifact */
  sender: ChunkSender
  /** drops queued broadcast frames of an aborted rollout's artifact (broadcast/broadcaster.ts); late-bound, the broadcaster is made after the engine */
  broadcast?: { cancel: (artifactId: string) => void }
  /** the trusted root bundles are verified against */
  trust: TrustedRoot
  /** the plugin's data folder (rollout files in `rollouts/`) */
  dataDir: string
  /** the plugin's `groups` option: named device groups a spec may target */
  groups: Readonly<Record<string, readonly string[]>>
  /** models whose current release is stored but not announced (shared with handlers/release.ts) */
  unannounced: Set<string>
  /** the plugin's logger, null for none */
  log: Logger | null
  /** broker clock, ms since the epoch */
  now: () => number
  /** emits a plugin event (`rollout` with a RolloutStatus, `release` with a StoredRelease) */
  emit: (event: 'rollout' | 'release', value: unknown) => void
  /**
   * in a cluster with a rollout lease: throws (`OTA_ROLLOUT`, naming the holder) unless this
   * broker holds it; start, pause, resume and abort call it first (broker/cluster/lease.ts)
   */
  mustLead?: () => void
}
