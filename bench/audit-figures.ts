/**
 * What the benchmarks read from an audit log, the same for the plugin's broker and for
 * `aedes-ota service` (both write it through the OTA core): a device's status events as stamped
 * on receipt (`device.status`, `receivedAt`) and the counters audited when the core stops
 * (`plugin.stopped`).
 */
import { auditFiles, flattenAuditRecord, readAuditRecords } from '../broker/index.js'

/** Every flattened record of the audit log at base path `base` (files `<stem>.<n>.log`), oldest first. */
async function flatRecords (base: string): Promise<Array<Record<string, unknown>>> {
  const records = await readAuditRecords(await auditFiles(base))
  return records.flatMap((r) => r.record === null ? [] : [flattenAuditRecord(r.record)])
}

/**
 * When the broker received the device's first `DOWNLOADING` and its last `VERIFIED` status
 * event, ms since the epoch (the core's `receivedAt` stamp); either undefined when not audited.
 */
export async function downloadMarksOf (base: string, deviceId: string): Promise<{ start?: number, end?: number }> {
  const m: { start?: number, end?: number } = {}
  for (const f of await flatRecords(base)) {
    if (f.event !== 'device.status' || f.deviceId !== deviceId || typeof f.receivedAt !== 'number') continue
    if (f.state === 'DOWNLOADING' && m.start === undefined) m.start = f.receivedAt
    if (f.state === 'VERIFIED') m.end = f.receivedAt
  }
  return m
}

/**
 * The same, waiting up to `ms` for both marks: the audit log's writes are asynchronous, so the
 * last lines may land a moment after the device process ended.
 */
export async function awaitDownloadMarks (base: string, deviceId: string, ms: number): Promise<{ start?: number, end?: number }> {
  const until = Date.now() + ms
  for (;;) {
    const m = await downloadMarksOf(base, deviceId)
    if ((m.start !== undefined && m.end !== undefined) || Date.now() > until) return m
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/**
 * The core's own counters from the last `plugin.stopped` record: chunk frames sent by unicast
 * (`framesSent`), and the broadcast's (`broadcast*`); undefined when absent (the core did not
 * stop cleanly).
 */
export async function stoppedCountersOf (base: string): Promise<Record<string, number> | undefined> {
  const records = await flatRecords(base)
  for (let i = records.length - 1; i >= 0; i--) {
    const flat = records[i]!
    if (flat.event !== 'plugin.stopped' || typeof flat.framesSent !== 'number') continue
    return Object.fromEntries(Object.entries(flat).filter(([k, v]) => typeof v === 'number' && (k === 'framesSent' || k.startsWith('broadcast')))) as Record<string, number>
  }
  return undefined
}
