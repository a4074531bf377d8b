/**
 * Following an audit log as it grows: what the demo shows of a service running in another
 * process, where the plugin's events are not to be heard. Each new complete line is parsed and
 * handed over flattened (broker/audit/ecs.ts `flattenAuditRecord`); rolled files are followed
 * in their chain order.
 */
import { open } from 'node:fs/promises'
import { auditFiles, flattenAuditRecord } from '../../broker/index.js'

/** How often the files are looked at, ms. */
const POLL_MS = 200

/** A follower; {@link AuditFollower.stop} reads what is left once more. */
export interface AuditFollower { stop: () => Promise<void> }

/**
 * Calls `onRecord` with each record of the audit log at base path `base`, those already there
 * first. Unreadable files are tried again at the next poll.
 */
export function followAudit (base: string, onRecord: (flat: Record<string, unknown>) => void): AuditFollower {
  /** bytes read of each file, and a line begun and not yet ended */
  const seen = new Map<string, { pos: number, rest: Buffer }>()
  const poll = async (): Promise<void> => {
    const files = await auditFiles(base).catch(() => [] as string[])
    for (const f of files) {
      const s = seen.get(f) ?? { pos: 0, rest: Buffer.alloc(0) }
      seen.set(f, s)
      const h = await open(f, 'r').catch(() => undefined)
      if (h === undefined) continue
      try {
        const size = (await h.stat()).size
        if (size <= s.pos) continue
        const buf = Buffer.alloc(size - s.pos)
        const { bytesRead } = await h.read(buf, 0, buf.length, s.pos)
        s.pos += bytesRead
        let text = Buffer.concat([s.rest, buf.subarray(0, bytesRead)])
        for (let nl = text.indexOf(0x0a); nl >= 0; nl = text.indexOf(0x0a)) {
          const line = text.subarray(0, nl).toString('utf8')
          text = text.subarray(nl + 1)
          let record: unknown
          try { record = JSON.parse(line) } catch { continue }
          if (record !== null && typeof record === 'object') onRecord(flattenAuditRecord(record as Record<string, unknown>))
        }
        s.rest = Buffer.from(text)
      } finally {
        await h.close()
      }
    }
  }
  let running: Promise<void> = poll()
  const timer = setInterval(() => { running = running.then(poll, poll) }, POLL_MS)
  return {
    stop: async () => {
      clearInterval(timer)
      await running.catch(() => {})
      await poll().catch(() => {})
    }
  }
}
