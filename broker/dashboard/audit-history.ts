/**
 * The recent audit records the dashboard shows: a bounded ring fed live by the audit log's
 * `subscribe`, seeded at start from the end of the audit file, so the page has history right
 * after a restart. The file is read once, at most its last {@link SEED_BYTES}; a line that does
 * not parse (the first one, cut by the read) is skipped. The audit log itself stays the record;
 * this is only a view of its tail.
 */
import { open } from 'node:fs/promises'

/** How much of the audit file's end is read at start, bytes. */
export const SEED_BYTES = 1024 * 1024

/** Reads the last complete JSON lines of `path` (at most `max`); [] when it cannot be read. */
export async function tailRecords (path: string, max: number): Promise<Array<Record<string, unknown>>> {
  let text: string
  try {
    const fh = await open(path, 'r')
    try {
      const size = (await fh.stat()).size
      const start = Math.max(0, size - SEED_BYTES)
      const buf = Buffer.alloc(size - start)
      const { bytesRead } = await fh.read(buf, 0, buf.length, start)
      text = buf.subarray(0, bytesRead).toString('utf8')
      // A read that starts mid-file starts mid-line: drop the partial first line.
      if (start > 0) text = text.slice(text.indexOf('\n') + 1)
    } finally {
      await fh.close()
    }
  } catch {
    return []
  }
  const out: Array<Record<string, unknown>> = []
  for (const line of text.split('\n')) {
    if (line === '') continue
    try {
      const r = JSON.parse(line) as unknown
      if (r !== null && typeof r === 'object' && !Array.isArray(r)) out.push(r as Record<string, unknown>)
    } catch {}
  }
  return out.slice(-max)
}

/** A bounded list of the newest audit records, oldest first. */
export class AuditHistory {
  private readonly records: Array<Record<string, unknown>> = []
  /** @param capacity - records kept */
  constructor (readonly capacity: number) {}
  /** Appends a record, dropping the oldest past the capacity. */
  push (r: Record<string, unknown>): void {
    this.records.push(r)
    if (this.records.length > this.capacity) this.records.splice(0, this.records.length - this.capacity)
  }
  /** The newest `limit` records, oldest first. */
  latest (limit: number): Array<Record<string, unknown>> {
    return this.records.slice(-limit)
  }
}
