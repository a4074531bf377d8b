/**
 * The recent audit records the dashboard shows: a bounded ring fed live by the audit log's
 * `subscribe`, seeded at start from the end of the audit files, so the page has history right
 * after a restart. The files are read once, at most their last {@link SEED_BYTES} in all; a line
 * that does not parse is skipped. The audit log itself stays the record;
 * this is only a view of its tail.
 */
import { open } from 'node:fs/promises'
import { auditFiles, parseRecord } from '../audit/files.js'

/** How much of the audit file's end is read at start, bytes. */
export const SEED_BYTES = 1024 * 1024

/** The complete lines in the last `budget` bytes of `file` (all of it when smaller). */
async function tailLines (file: string, budget: number): Promise<{ lines: string[], bytes: number }> {
  const fh = await open(file, 'r')
  try {
    const size = (await fh.stat()).size
    const start = Math.max(0, size - budget)
    const buf = Buffer.alloc(size - start)
    const { bytesRead } = await fh.read(buf, 0, buf.length, start)
    let text = buf.subarray(0, bytesRead).toString('utf8')
    // A read that starts mid-file starts mid-line: drop the partial first line.
    if (start > 0) text = text.slice(text.indexOf('\n') + 1)
    return { lines: text.split('\n').filter((l) => l !== ''), bytes: bytesRead }
  } finally {
    await fh.close()
  }
}

/**
 * The newest records (at most `max`, oldest first) of the audit log whose base path is `base`
 * (`AuditLog.path`: its files are rotated, audit/files.ts lists them in chain order), read from
 * the newest file backwards, at most {@link SEED_BYTES} in all; [] when nothing can be read.
 */
export async function tailRecords (base: string, max: number): Promise<Array<Record<string, unknown>>> {
  const files = await auditFiles(base).catch(() => [] as string[])
  let out: Array<Record<string, unknown>> = []
  let budget = SEED_BYTES
  for (const file of [...files].reverse()) {
    if (out.length >= max || budget <= 0) break
    const got = await tailLines(file, budget).catch(() => ({ lines: [] as string[], bytes: 0 }))
    budget -= got.bytes
    const records = got.lines.map(parseRecord).filter((r): r is Record<string, unknown> => r !== null)
    out = [...records, ...out]
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
