/**
 * Verifies the hash chain of audit files (chain.ts) and names each break by file and line.
 *
 * Each line is checked twice: its own `event.hash` (an edited line, the last one included), and
 * its `aedes_ota.chain.prev` against the digest of the line before it. A broken link is
 * classified by where the line's real predecessor is: elsewhere in the set (`reordered`; two
 * lines up: the line between was `inserted`), nowhere while the sequence numbers are
 * consecutive (the line before was `edited` and its hash recomputed), nowhere with a jump in
 * `event.sequence` (`removed` within a file, `gap` at a file's first line: a rotated file or
 * the start of one is missing).
 */
import { PREV_KEY, GENESIS, checkSeal, digestOf } from './chain.js'
import { chainOrder, readAuditRecords, type AuditRecordAt } from './files.js'

/** One break in the chain. */
export interface AuditChainBreak {
  /**
   * `edited`: the line is not the record written there; `removed`: records are missing before
   * the line; `gap`: records are missing before a file's first line (a missing file);
   * `reordered`: the line is not where it was written; `inserted`: the line was not written by
   * the log at all
   */
  kind: 'edited' | 'removed' | 'gap' | 'reordered' | 'inserted'
  /** the file holding the line named */
  file: string
  /** 1-based line number in that file */
  line: number
  /** what is wrong, in words */
  detail: string
}

/** What {@link verifyAuditChain} found. */
export interface AuditChainReport {
  /** true when there is no break */
  ok: boolean
  /** the files checked, in chain order */
  files: string[]
  /** lines checked */
  records: number
  /** `event.sequence` of the first and last lines (0 when unknown) */
  firstSequence: number
  lastSequence: number
  /** true when the first line is the first record ever written (its prev is the genesis digest) */
  fromGenesis: boolean
  /** hex SHA-256 of the last line: keep it elsewhere to detect a later rewrite of the tail */
  head: string
  /** every break, in chain order */
  breaks: AuditChainBreak[]
}

function seqOf (r: AuditRecordAt | undefined): number | undefined {
  const s = r?.record?.['event.sequence']
  return typeof s === 'number' && Number.isSafeInteger(s) ? s : undefined
}

const where = (r: AuditRecordAt): string => `${r.file}:${r.line}`

/**
 * Verifies the chain over `files`, taken in chain order (sorted by pino-roll's `[.date].<n>`
 * suffix, see files.ts `chainOrder`). The first line's predecessor is not checked: a set whose
 * oldest files were deleted by the `keep` limit verifies from where it starts (`fromGenesis` false).
 * @throws OtaError `OTA_IO` when a file cannot be read
 */
export async function verifyAuditChain (files: readonly string[]): Promise<AuditChainReport> {
  const ordered = chainOrder(files)
  const lines = await readAuditRecords(ordered)
  const digests = lines.map((l) => digestOf(l.text))
  const at = new Map<string, number>()
  digests.forEach((d, i) => { if (!at.has(d)) at.set(d, i) })
  // digests some line names as its predecessor: a line no other line chains to was not written by the log (or is the last)
  const chainedTo = new Set(lines.map((l) => l.record?.[PREV_KEY]))
  const breaks: AuditChainBreak[] = []
  const edited = new Set<number>()
  const flag = (kind: AuditChainBreak['kind'], i: number, detail: string): void => {
    breaks.push({ kind, file: lines[i]!.file, line: lines[i]!.line, detail })
  }

  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!
    if (l.record === null) {
      flag('edited', i, l.torn ? 'torn write: the line was cut off (a crash mid-write)' : 'not a JSON record')
      edited.add(i)
      continue
    }
    const seal = checkSeal(l.text)
    if (seal !== 'ok') {
      flag('edited', i, seal === 'missing' ? 'the line has no event.hash at its end' : 'the line does not match its event.hash')
      edited.add(i)
      continue
    }
    if (i === 0 || l.record[PREV_KEY] === digests[i - 1] || edited.has(i - 1)) continue
    const prev = l.record[PREV_KEY]
    const j = typeof prev === 'string' ? at.get(prev) : undefined
    const before = lines[i - 1]!
    if (j === i - 2 && !chainedTo.has(digests[i - 1])) {
      flag('inserted', i - 1, `the line was not written by the log: ${where(l)} chains to ${where(lines[j]!)}`)
      edited.add(i - 1)
    } else if (j !== undefined) {
      flag('reordered', i, `the line follows ${where(before)} but was written after ${where(lines[j]!)}`)
    } else {
      const s = seqOf(l)
      const ps = seqOf(before)
      if (s !== undefined && ps !== undefined && s === ps + 1) {
        flag('edited', i - 1, `the line was changed and its event.hash recomputed: ${where(l)} chained to another line`)
      } else if (s !== undefined && ps !== undefined && s > ps + 1) {
        const n = s - ps - 1
        const range = n === 1 ? `record ${ps + 1}` : `records ${ps + 1}..${s - 1}`
        if (l.line === 1 && before.file !== l.file) flag('gap', i, `${n} missing (${range}) between ${where(before)} and this file: a rotated file or its start is missing`)
        else flag('removed', i, `${n} removed before this line (${range})`)
      } else {
        flag('reordered', i, `the line does not chain to ${where(before)} (sequence ${String(s)} after ${String(ps)})`)
      }
    }
  }
  const first = lines[0]
  return {
    ok: breaks.length === 0,
    files: ordered,
    records: lines.length,
    firstSequence: seqOf(first) ?? 0,
    lastSequence: seqOf(lines.at(-1)) ?? 0,
    fromGenesis: first?.record?.[PREV_KEY] === GENESIS,
    head: digests.at(-1) ?? '',
    breaks
  }
}
