/**
 * The audit log: one JSON object per line (pino), for a SIEM to ingest.
 *
 * Stable fields on every line: `time` (ISO 8601 UTC), `level`, `service` ("aedes-ota"),
 * `event` (a name from {@link AuditEvent}), `outcome` ("success" | "failure"), then the
 * event's own fields (deviceId, model, clientId, remoteAddress, code, ... as documented in
 * docs/PROTOCOL.md, "Audit log"). Writes are synchronous: a status event is on disk before
 * it is forwarded to operators.
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import pino, { type Logger } from 'pino'

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
  | 'rollout.started' | 'rollout.wave' | 'rollout.paused' | 'rollout.resumed' | 'rollout.aborted' | 'rollout.completed' | 'device.suspect'

/** An append-only audit log. */
export interface AuditLog {
  /** the file written */
  readonly path: string
  /** Appends one event. */
  write (event: AuditEvent, outcome: 'success' | 'failure', fields: Record<string, unknown>): void
  /**
   * Calls `listener` with each record after it was written (the dashboard's live feed). A
   * listener that throws is logged nowhere and never stops the log.
   * @returns a function that removes the listener
   */
  subscribe (listener: (record: Record<string, unknown>) => void): () => void
  /** Flushes and closes the file. */
  close (): void
}

/** Opens (appends to) the audit log at `path`, creating its folder. */
export function openAuditLog (path: string): AuditLog {
  mkdirSync(dirname(path), { recursive: true })
  const dest = pino.destination({ dest: path, sync: true, append: true, mkdir: true })
  const log: Logger = pino({
    base: { service: 'aedes-ota' },
    timestamp: pino.stdTimeFunctions.isoTime,
    messageKey: 'message',
    formatters: { level: (label) => ({ level: label }) }
  }, dest)
  let closed = false
  const listeners = new Set<(record: Record<string, unknown>) => void>()
  return {
    path,
    write (event, outcome, fields) {
      if (closed) return
      const line = { event, outcome, ...fields }
      if (outcome === 'failure') log.warn(line, event)
      else log.info(line, event)
      if (listeners.size === 0) return
      const record = { time: new Date().toISOString(), level: outcome === 'failure' ? 'warn' : 'info', service: 'aedes-ota', ...line }
      for (const l of listeners) { try { l(record) } catch {} }
    },
    subscribe (listener) {
      listeners.add(listener)
      return () => { listeners.delete(listener) }
    },
    close () {
      if (closed) return
      closed = true
      dest.flushSync()
      dest.end()
    }
  }
}
