/**
 * The running OTA core as its host sees it, whichever adapter runs it.
 */
import type { EventEmitter } from 'node:events'
import type { Topics } from '../proto/index.js'
import type { AuditLog } from './audit.js'
import type { BroadcastStats } from './broadcast/index.js'
import type { FleetInventory } from './inventory.js'
import type { RolloutControl } from './rollout/types.js'
import type { SenderStats } from './sender.js'
import type { ReleaseCatalog, StoredRelease } from './store.js'

/** Options of {@link OtaRuntime.publishRelease}. */
export interface PublishReleaseOptions {
  /** lift the rules an operator may override: security version below the current release's, version downgrade, sequence step (docs/PROTOCOL.md); default false */
  force?: boolean
}

/**
 * What the plugin and the service (the OTA core's two adapters, docs/ARCHITECTURE.md) both
 * offer their host: the dashboard (dashboard/server.ts) and the CLI take either. Events:
 * `status` (StatusEvent, stamped), `release` (StoredRelease: a release became a model's current
 * one), `rollout` (RolloutStatus, on every change of a rollout).
 */
export interface OtaRuntime extends EventEmitter {
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
   * Waits for release work in progress (a bundle being stored and announced, from
   * `publishRelease` or an operator), writes the inventory, closes stored files and the audit
   * log; the plugin also restores the host's hooks (it does not close aedes), the service ends
   * its connection.
   */
  close (): Promise<void>
}
