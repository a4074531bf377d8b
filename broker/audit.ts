/**
 * The audit log's public types: one ECS (Elastic Common Schema 8.x) JSON record per line,
 * hash-chained, written synchronously through pino and pino-roll (the modules are in
 * broker/audit/; format, chain and rotation in docs/AUDIT.md). Writers keep the plugin's own
 * camelCase field names (`deviceId`, `clientId`, `code`, ...): the ECS mapping is broker/audit/ecs.ts.
 */
export { openAuditLog, type AuditRotation } from './audit/log.js'

/** Names of audit events. */
export type AuditEvent =
  | 'device.status'
  | 'release.published'
  | 'release.rejected'
  | 'release.loaded'
  | 'release.unchanged'
  | 'acl.denied'
  | 'auth.denied'
  | 'auth.flapping'
  | 'client.connected'
  | 'client.disconnected'
  | 'request.refused'
  | 'plugin.started'
  | 'plugin.stopped'
  | 'tls.refused'
  | 'packet.refused'
  | 'rate.limited'
  | 'audit.suppressed'
  | 'rollout.started' | 'rollout.wave' | 'rollout.paused' | 'rollout.resumed' | 'rollout.aborted' | 'rollout.completed' | 'device.suspect'
  | 'dashboard.denied'

/** An append-only, hash-chained, rotating audit log. */
export interface AuditLog {
  /** the base path of the log's file set (`<dir>/audit.log` → files `<dir>/audit.<n>.log`) */
  readonly path: string
  /** the file being written now */
  readonly file: string
  /**
   * Appends one event: the ECS record is in the file when this returns (a failed write is
   * logged to the plugin's logger, never thrown at the writer).
   * @param fields - the event's fields by the plugin's camelCase names; mapped to ECS names
   */
  write (event: AuditEvent, outcome: 'success' | 'failure', fields: Record<string, unknown>): void
  /**
   * Calls `listener` with each record after it was written (the dashboard's live feed): the ECS
   * record exactly as written, and its flat view (`flattenAuditRecord`: `event`, `outcome`,
   * `deviceId`, ...). A listener that throws is logged nowhere and never stops the log.
   * @returns a function that removes the listener
   */
  subscribe (listener: (record: Record<string, unknown>, flat: Record<string, unknown>) => void): () => void
  /** Flushes and closes the file. */
  close (): void
}
