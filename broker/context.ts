/**
 * What the plugin's handlers share: the broker, topics, store, sender, audit log and clock.
 */
import type { Aedes } from 'aedes'
import type { StatusEvent, Topics } from '../proto/index.js'
import type { AuditLog } from './audit.js'
import type { ChunkSender } from './sender.js'
import type { ReleaseStore, StoredRelease } from './store.js'

/** State shared by the plugin's handlers. */
export interface PluginContext {
  aedes: Aedes
  topics: Topics
  store: ReleaseStore
  sender: ChunkSender
  audit: AuditLog
  now: () => number
  /** Verifies, stores and announces a bundle; `by` names who published it, for the audit log. */
  publishRelease: (bundle: Uint8Array, by: string) => Promise<StoredRelease>
  emit: (event: 'status', e: StatusEvent) => void
}
