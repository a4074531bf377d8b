/**
 * The audit log's file set as pino-roll names it, in chain order, and reading it back.
 *
 * pino-roll (4.x, `lib/utils.js` `sanitizeFile` / `buildFileName`) turns the base path
 * `<dir>/audit.log` into `<dir>/audit.<n>.log`, or `<dir>/audit.<date>.<n>.log` with time-based
 * rotation (`date` = `yyyy-MM-dd` or `yyyy-MM-dd-HH`, the `dateFormat` the log passes).
 *
 * Chain order is the order of the `event.sequence` of each file's first record, not the names':
 * a clock set back, or rotation settings changed, make pino-roll create a file whose name sorts
 * before older ones (a date in the past; `.<n>` restarting at 1 for a date). The names, (date, n),
 * only place the files whose first record cannot be read (empty, or a torn first line).
 */
import { closeSync, fstatSync, openSync, readSync, readdirSync } from 'node:fs'
import { readFile, readdir } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { toOtaError } from '../../proto/index.js'

/** One line of an audit file, with where it is. */
export interface AuditLineAt {
  /** the file's path as given */
  file: string
  /** 1-based line number in that file */
  line: number
  /** the line's exact text, without its newline */
  text: string
  /** true for the file's last line when the file does not end with a newline (a torn write) */
  torn: boolean
}

/** An audit record (parsed ECS line) with where it is. */
export interface AuditRecordAt extends AuditLineAt {
  /** the parsed ECS record; null when the line is not a JSON object */
  record: Record<string, unknown> | null
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The stem and extension pino-roll derives from a base path (its `sanitizeFile`). */
function stemOf (base: string): { stem: string, ext: string } {
  const name = basename(base)
  const dot = name.lastIndexOf('.')
  if (dot < 0) return { stem: name, ext: 'log' }
  const ext = name.slice(dot + 1)
  return { stem: name.slice(0, dot), ext: ext.length > 1 ? ext : '' }
}

/** `[date, n]` of a file of the set named by `base`; null for another file. */
function rankIn (base: string, name: string): [string, number] | null {
  const { stem, ext } = stemOf(base)
  const re = new RegExp(`^${escape(stem)}(?:\\.(\\d{4}-\\d{2}-\\d{2}(?:-\\d{2})?))?\\.(\\d+)${ext !== '' ? `\\.${escape(ext)}` : ''}$`)
  const m = re.exec(name)
  return m === null ? null : [m[1] ?? '', Number(m[2])]
}

function byRank (a: [string, number], b: [string, number]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]
}

function setOf (base: string, names: string[]): string[] {
  return bySequence(names.map((n) => ({ n, r: rankIn(base, n) }))
    .filter((x): x is { n: string, r: [string, number] } => x.r !== null)
    .sort((a, b) => byRank(a.r, b.r))
    .map((x) => join(dirname(base), x.n)))
}

/** Bytes read per step, and at most, from a file's start when looking for its first line. */
const HEAD_STEP = 64 * 1024
const HEAD_MAX = 1024 * 1024

/** The `event.sequence` of a file's first line; undefined when the file cannot be read, is empty, or its first line is no record. */
function firstSequenceSync (file: string): number | undefined {
  let fd: number
  try { fd = openSync(file, 'r') } catch { return undefined }
  try {
    const chunks: Buffer[] = []
    for (let read = 0; read < HEAD_MAX;) {
      const buf = Buffer.alloc(HEAD_STEP)
      const n = readSync(fd, buf, 0, buf.length, read)
      if (n === 0) return undefined
      const nl = buf.subarray(0, n).indexOf(0x0a)
      chunks.push(buf.subarray(0, nl >= 0 ? nl : n))
      if (nl >= 0) {
        const seq = parseRecord(Buffer.concat(chunks).toString('utf8'))?.['event.sequence']
        return typeof seq === 'number' && Number.isSafeInteger(seq) ? seq : undefined
      }
      read += n
    }
    return undefined
  } catch {
    return undefined
  } finally {
    closeSync(fd)
  }
}

/**
 * `files` (already in name order) in chain order: sorted by the `event.sequence` of their first
 * record; a file whose first record cannot be read keeps its place in the name order.
 */
function bySequence (files: readonly string[]): string[] {
  const seqs = files.map(firstSequenceSync)
  const known = files.map((f, i) => ({ f, i, s: seqs[i] })).filter((x): x is { f: string, i: number, s: number } => x.s !== undefined)
  const sorted = [...known].sort((a, b) => a.s - b.s || a.i - b.i)
  const out = [...files]
  known.forEach((slot, k) => { out[slot.i] = sorted[k]!.f })
  return out
}

/** The pino-roll name parts of a file given by path: the set it belongs to and its `[date, n]`. */
function suffixOf (f: string): { group: string, rank: [string, number] } | null {
  const m = /^(.*?)(?:\.(\d{4}-\d{2}-\d{2}(?:-\d{2})?))?\.(\d+)(\.[A-Za-z][\w-]*)?$/.exec(basename(f))
  return m === null ? null : { group: join(dirname(f), m[1]!) + (m[4] ?? ''), rank: [m[2] ?? '', Number(m[3])] }
}

/**
 * True when `file` is named as the first file pino-roll creates for a set without time rotation,
 * `<stem>.1.<ext>`: pino-roll numbers from the highest number it finds, and the `keep` limit
 * deletes the oldest files, so while that file exists no earlier file of its set can have
 * existed, and the set's chain must start at record 1. (A dated first file, `<stem>.<date>.1.<ext>`,
 * proves nothing: `keep` may have deleted earlier dates.)
 */
export function isFirstOfSet (file: string): boolean {
  const s = suffixOf(file)
  return s !== null && s.rank[0] === '' && s.rank[1] === 1
}

/**
 * The existing files of the audit log whose base path is `base` (the plugin's `auditLog`), in
 * chain order (by the `event.sequence` of their first records, see above); [] when there are none.
 * @throws OtaError `OTA_IO` when the folder exists but cannot be read
 */
export async function auditFiles (base: string): Promise<string[]> {
  const names = await readdir(dirname(base)).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return []
    throw toOtaError(e, 'OTA_IO', `cannot list the audit log folder ${dirname(base)}`)
  })
  return setOf(base, names)
}

/** {@link auditFiles}, synchronously (for opening the log). */
export function auditFilesSync (base: string): string[] {
  try {
    return setOf(base, readdirSync(dirname(base)))
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw toOtaError(e, 'OTA_IO', `cannot list the audit log folder ${dirname(base)}`)
  }
}

/**
 * Files given on a command line in chain order: by the `event.sequence` of each file's first
 * record (so a shell glob's `audit.10.log` before `audit.2.log`, or a file named for a clock set
 * back, takes its place in the chain). A file whose first record cannot be read is placed by its
 * pino-roll `[.date].<n>` suffix when every name has one, by the order given otherwise.
 */
export function chainOrder (files: readonly string[]): string[] {
  const ranked = files.map((f) => ({ f, key: suffixOf(f) }))
  if (ranked.some((r) => r.key === null)) return bySequence(files)
  return bySequence(ranked.sort((a, b) => a.key!.group < b.key!.group ? -1 : a.key!.group > b.key!.group ? 1 : byRank(a.key!.rank, b.key!.rank)).map((r) => r.f))
}

/** Splits a file's text into lines (the last one torn when the text does not end with a newline). */
export function linesOf (file: string, text: string): AuditLineAt[] {
  if (text === '') return []
  const parts = text.split('\n')
  const torn = parts.at(-1) !== ''
  if (!torn) parts.pop()
  return parts.map((t, i) => ({ file, line: i + 1, text: t, torn: torn && i === parts.length - 1 }))
}

/** Parses a line as a JSON object; null when it is not one. */
export function parseRecord (text: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(text) as unknown
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : null
  } catch {
    return null
  }
}

/**
 * Every line of `files`, in the order given, parsed.
 * @throws OtaError `OTA_IO` naming a file that cannot be read
 */
export async function readAuditRecords (files: readonly string[]): Promise<AuditRecordAt[]> {
  const out: AuditRecordAt[] = []
  for (const f of files) {
    const text = await readFile(f, 'utf8').catch((e: unknown) => { throw toOtaError(e, 'OTA_IO', `cannot read the audit file ${f}`) })
    for (const l of linesOf(f, text)) out.push({ ...l, record: parseRecord(l.text) })
  }
  return out
}

/** Bytes read from a file's end per step when looking for its last line. */
const TAIL_STEP = 64 * 1024

/**
 * The last line of a file (read from its end, growing the window until a whole line is in it),
 * and whether the file ends with a newline; null for an empty file.
 */
export function lastLineSync (file: string): { text: string, torn: boolean } | null {
  const fd = openSync(file, 'r')
  try {
    const size = fstatSync(fd).size
    if (size === 0) return null
    for (let window = Math.min(size, TAIL_STEP); ; window = Math.min(size, window * 2)) {
      const buf = Buffer.alloc(window)
      readSync(fd, buf, 0, window, size - window)
      const torn = buf[window - 1] !== 0x0a
      const body = torn ? buf : buf.subarray(0, window - 1)
      const nl = body.lastIndexOf(0x0a)
      if (nl >= 0 || window === size) return { text: body.subarray(nl + 1).toString('utf8'), torn }
    }
  } finally {
    closeSync(fd)
  }
}
