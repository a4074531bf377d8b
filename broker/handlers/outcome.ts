/**
 * What a message handler decides, returned to the plugin instead of done by the handler:
 * what to forward, what to publish, what to audit, which events to emit.
 */
import type { Client } from 'aedes'
import type { StatusEvent } from '../../proto/index.js'
import type { AuditEvent } from '../audit.js'
import type { OutMessage } from '../outbound.js'
import type { StoredRelease } from '../store.js'

/** One audit line to write. */
export interface AuditRecord { event: AuditEvent, outcome: 'success' | 'failure', fields: Record<string, unknown> }

/** An event the plugin emits to its host. */
export type PluginEventRecord = { name: 'status', value: StatusEvent } | { name: 'release', value: StoredRelease }

/** A handler's decision. */
export interface Outcome {
  /** payload to forward in place of the received one (e.g. a stamped status event) */
  forward?: Buffer
  /** server-side publishes, in order */
  publish?: OutMessage[]
  /** audit lines, written before anything is published */
  audit?: AuditRecord[]
  events?: PluginEventRecord[]
  /** chunks to serve: by broadcast when enough devices fetch the artifact (broadcast/serve.ts), else by the sender, paced per device */
  serve?: { client: Client, device: { id: string, model: string }, artifactId: string, indexes: number[], joined: boolean }
}
