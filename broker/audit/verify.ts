/**
 * Verifies the hash chain of audit files (chain.ts) and names each break by file and line.
 *
 * Each line is checked three times: its own `event.hash` (an edited line, the last one included),
 * its `aedes_ota.chain.prev` against the digest of the line before it, and its `event.sequence`
 * against the one before it (exactly one more). The set's first line is checked when the set
 * starts with the first file pino-roll creates (`<stem>.1.<ext>`, files.ts `isFirstOfSet`): it
 * must be record 1 with the genesis prev, else the records before it were `removed`. A broken link is
 * classified by where the line's real predecessor is: elsewhere in the set (`reordered`; two
 * lines up: the line between was `inserted`), nowhere while the sequence numbers are
 * consecutive (the line before was `edited` and its hash recomputed), nowhere with a jump in
 * `event.sequence` (`removed` within a file, `gap` at a file's first line: a rotated file or
 * the start of one is missing).
 */
import { basename } from 'node:path'
import { PREV_KEY, GENESIS, checkSeal, digestOf } from './chain.js'
import { chainOrder, isFirstOfSet, readAuditRecords, type AuditRecordAt } from './files.js'

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
  /**
   * true when the first line is the first record ever written (its prev is the genesis digest);
   * when the set starts with `<stem>.1.<ext>`, a first line that is not is a break (`removed`)
   */
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
 * Checks the set's first line (sealed, a record): a genesis prev only on record 1, and, when the
 * set starts with its first file (`fromStart`), record 1 with the genesis prev.
 */
function checkStart (l: AuditRecordAt, fromStart: boolean, flag: (kind: AuditChainBreak['kind'], detail: string) => void): void {
  const s = seqOf(l)
  const genesis = l.record?.[PREV_KEY] === GENESIS
  if (genesis && s !== 1) return flag('edited', `the line chains to the genesis digest but is record ${String(s)}, not 1`)
  if (!fromStart || genesis) return
  const file = basename(l.file)
  if (s !== undefined && s > 1) {
    const range = s === 2 ? 'record 1' : `records 1..${s - 1}`
    return flag('removed', `${s - 1} removed before this line (${range}): ${file} is the first file of its set, so the chain starts there at record 1`)
  }
  flag('edited', `${file} is the first file of its set, but its first line is not the first record (sequence ${String(s)}, not chained to the genesis digest)`)
}

/**
 * Verifies the chain over `files`, taken in chain order (by the `event.sequence` of each file's
 * first record, see files.ts `chainOrder`). When the first file is `<stem>.1.<ext>` (no earlier
 * file of its set can have existed) the chain must start there at record 1 with the genesis prev;
 * otherwise the first line's predecessor is not checked: a set whose oldest files were deleted by
 * the `keep` limit verifies from where it starts (`fromGenesis` false).
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
    if (i === 0) {
      checkStart(l, ordered[0] !== undefined && isFirstOfSet(ordered[0]), (kind, detail) => { flag(kind, 0, detail); if (kind === 'edited') edited.add(0) })
      continue
    }
    if (edited.has(i - 1)) continue
    if (l.record[PREV_KEY] === digests[i - 1]) {
      const s = seqOf(l)
      const ps = seqOf(lines[i - 1])
      // Sealed and linked, yet numbered wrong: rewritten and resealed (the last line, or with
      // every later line rewritten too), or written by something that is not the log.
      if (s === undefined || ps === undefined || s !== ps + 1) {
        flag('edited', i, `event.sequence ${String(s)} does not follow ${String(ps)} at ${where(lines[i - 1]!)}`)
        edited.add(i)
      }
      continue
    }
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
