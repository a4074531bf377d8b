/**
 * Opens the audit log: pino serializes each ECS record ({@link toEcs}), a chain stage seals it
 * ({@link seal}) and pino-roll's SonicBoom writes it, synchronously (`sync: true`: `fs.writeSync`
 * before `write()` returns, so a status event is in the file before it is forwarded), rolling
 * the file by size and/or time.
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import pino, { type Logger } from 'pino'
import type { SonicBoom } from 'sonic-boom'
import { toOtaError } from '../../proto/index.js'
import type { AuditEvent, AuditLog } from '../audit.js'
import { GENESIS, PREV_KEY, digestOf, seal } from './chain.js'
import { ECS_VERSION, SERVICE_NAME, flattenAuditRecord, toEcs } from './ecs.js'
import { auditFilesSync, lastLineSync, linesOf, parseRecord } from './files.js'

/**
 * How the audit log rolls (pino-roll's `size`, `frequency` and `limit.count`). Validated, with its
 * defaults, by the plugin's options (`auditRotation`).
 */
export interface AuditRotation {
  /** roll when the current file reaches this many bytes; 0: never by size */
  maxSize: number
  /** roll at each local day or hour (the file name then carries the date); `none`: never by time */
  frequency: 'daily' | 'hourly' | 'none'
  /** files kept, the current one included, older ones deleted at a roll; 0: keep every file */
  keep: number
}

/** pino-roll `dateFormat` (date-fns) per frequency: sortable, so chain order is name order. */
const DATE_FORMATS = { daily: 'yyyy-MM-dd', hourly: 'yyyy-MM-dd-HH' } as const

/** Where the chain stands: the digest of the last line written and its `event.sequence`. */
interface Anchor { prev: string, sequence: number }

/**
 * The anchor of an existing set: the newest file's last line (a broker restart continues the
 * chain). A torn last line (a crash mid-write) is ended with a newline so the next record starts
 * on its own line; `audit verify` reports it, and the chain continues from its digest.
 */
function anchorOf (base: string): Anchor {
  const files = auditFilesSync(base)
  for (let i = files.length - 1; i >= 0; i--) {
    const last = lastLineSync(files[i]!)
    if (last === null) continue
    if (last.torn) appendFileSync(files[i]!, '\n')
    return { prev: digestOf(last.text), sequence: sequenceOf(last.text) ?? sequenceBefore(files[i]!) }
  }
  return { prev: GENESIS, sequence: 0 }
}

function sequenceOf (text: string): number | undefined {
  const seq = parseRecord(text)?.['event.sequence']
  return typeof seq === 'number' && Number.isSafeInteger(seq) ? seq : undefined
}

/**
 * The sequence a file's last line stands at when that line is no record (only after a crash, so
 * the whole file is read): the last record's sequence plus the lines after it; 0 when none is.
 */
function sequenceBefore (file: string): number {
  const lines = linesOf(file, readFileSync(file, 'utf8'))
  for (let i = lines.length - 1; i >= 0; i--) {
    const s = sequenceOf(lines[i]!.text)
    if (s !== undefined) return s + (lines.length - 1 - i)
  }
  return 0
}

/**
 * Opens (continues) the audit log set whose base path is `base` (files `<stem>[.<date>].<n>.<ext>`,
 * see files.ts), creating its folder, anchored on the last record already written.
 * @param logger - where write and rotation errors go (the log itself never throws at a writer)
 * @throws OtaError `OTA_IO` when the folder or the newest file cannot be read or created
 */
export async function openAuditLog (base: string, rotation: AuditRotation, logger: Logger | null = null): Promise<AuditLog> {
  let anchor: Anchor
  let dest: SonicBoom
  try {
    mkdirSync(dirname(base), { recursive: true })
    anchor = anchorOf(base)
    const timed = rotation.frequency !== 'none'
    // Loaded here, not at import: pino-roll pulls in date-fns, which every CLI command would pay for.
    const { default: buildRoll } = await import('pino-roll')
    dest = await buildRoll({
      file: base,
      sync: true,
      mkdir: true,
      ...(rotation.maxSize > 0 ? { size: `${rotation.maxSize}b` } : {}),
      ...(timed ? { frequency: rotation.frequency as 'daily' | 'hourly', dateFormat: DATE_FORMATS[rotation.frequency as 'daily' | 'hourly'] } : {}),
      ...(rotation.keep > 0 ? { limit: { count: rotation.keep, removeOtherLogFiles: true } } : {})
    })
  } catch (e) {
    throw toOtaError(e, 'OTA_IO', `cannot open the audit log ${base}`)
  }
  let closed = false
  dest.on('error', (err: Error) => { if (!closed) logger?.error({ err, auditLog: base }, 'audit log write or roll failed') })

  const listeners = new Set<(record: Record<string, unknown>, flat: Record<string, unknown>) => void>()
  let last = ''
  // pino hands each serialized line to this stage synchronously, inside log.info().
  const chainStage = {
    write (chunk: string): void {
      const line = seal(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk)
      try {
        dest.write(line + '\n')
      } catch (err) {
        // A destroyed stream throws: the line is not in the file, so the chain stays where it was.
        logger?.error({ err, auditLog: base }, 'audit record not written')
        return
      }
      anchor = { prev: digestOf(line), sequence: anchor.sequence + 1 }
      last = line
    }
  }
  const log = pino({
    base: { 'ecs.version': ECS_VERSION, 'service.name': SERVICE_NAME },
    timestamp: () => `,"@timestamp":"${new Date().toISOString()}"`,
    messageKey: 'message',
    formatters: { level: (label) => ({ 'log.level': label }) }
  }, chainStage)

  return {
    path: base,
    get file () { return (dest as unknown as { file?: string }).file ?? base },
    write (event: AuditEvent, outcome: 'success' | 'failure', fields: Record<string, unknown>) {
      if (closed) return
      const ecs = toEcs(event, outcome, fields, anchor.sequence + 1)
      const record = { ...ecs.fields, [PREV_KEY]: anchor.prev }
      last = ''
      if (outcome === 'failure') log.warn(record, ecs.message)
      else log.info(record, ecs.message)
      if (listeners.size === 0 || last === '') return
      const written = parseRecord(last)
      if (written === null) return
      const flat = flattenAuditRecord(written)
      for (const l of listeners) { try { l(written, flat) } catch {} }
    },
    subscribe (listener) {
      listeners.add(listener)
      return () => { listeners.delete(listener) }
    },
    close () {
      if (closed) return
      closed = true
      try { dest.flushSync() } catch {}
      dest.end()
    }
  }
}
