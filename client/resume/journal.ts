/**
 * The resume journal, `resume.journal` in the state folder: which chunks of the download under
 * way are stored and synced, appended as they become durable, so that a device killed at any
 * point re-fetches at most the chunks that were still in its window.
 *
 * The state file's download record (client/state.ts) names the artifact and slot and holds a
 * bitmap; rewriting that file for every few chunks (a temporary file, two fsyncs, a rename)
 * costs more than the chunks. The journal instead appends one 12-byte record per run of
 * consecutive chunks and syncs once per commit (group commit: every chunk stored while the
 * previous commit was syncing goes into the next). From time to time its records are folded
 * into the state file's bitmap and the journal starts again ({@link ResumeJournal.restart}).
 *
 * Layout, little-endian:
 *
 * - header, 48 bytes: `AOTJ`, format 1 (u8), slot (u8, 0 = a, 1 = b), 2 zero bytes, chunk
 *   count (u32), the artifact's SHA-256 (32 bytes), check (u32);
 * - records, 12 bytes each: first chunk (u32), chunk count (u32), check (u32).
 *
 * A check is the first 4 bytes of the SHA-256 of what precedes it in its record (for a record,
 * after the header's check, which binds it to this artifact). Reading stops at the first record
 * that does not check (a write torn by a power cut, or the zeros of the room not yet used), and
 * the next record is written there. The header is only ever written whole, with the room for
 * 1024 records, by an atomic replace (proto/files.ts `writeFileAtomic`); records are written in
 * place and synced with `fdatasync`. So after a crash at any point the journal names only chunks
 * that were synced before their record was written: a chunk is durable in the slot before the
 * journal says so. (A record that checks past a torn one is true as well, for the same reason,
 * though it is read again only once the torn one is overwritten.)
 */
import { open, readFile, unlink, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { OtaError, fromHex, sha256, toOtaError } from '../../proto/index.js'
import { newBitmap, setBit } from '../../proto/bitmap.js'
import { syncDir, writeFileAtomic } from '../../proto/files.js'
import type { SlotName } from '../options.js'

/** File name of the journal inside the state folder. */
export const JOURNAL_FILE = 'resume.journal'

const MAGIC = [0x41, 0x4f, 0x54, 0x4a] // "AOTJ"
const FORMAT = 1
const HEADER = 48
const RECORD = 12

/** Records after which the caller folds the journal into the state file's bitmap and restarts it (12 KiB). */
export const MAX_RECORDS = 1024

/** A run of consecutive chunks: `[first, count]`. */
export type ChunkRun = readonly [first: number, count: number]

/** What a journal is for: one artifact downloading into one slot. */
export interface JournalTarget {
  /** lowercase hex SHA-256 of the artifact (the image, or a patch) */
  artifact: string
  slot: SlotName
  /** chunks of the artifact */
  chunks: number
}

/** Path of the journal in `stateDir`. */
export function journalPath (stateDir: string): string {
  return join(stateDir, JOURNAL_FILE)
}

const check = (bytes: Uint8Array): number => new DataView(sha256(bytes).buffer).getUint32(0, true)

function header (t: JournalTarget): Uint8Array {
  const h = new Uint8Array(HEADER)
  const v = new DataView(h.buffer)
  h.set(MAGIC, 0)
  h[4] = FORMAT
  h[5] = t.slot === 'a' ? 0 : 1
  v.setUint32(8, t.chunks, true)
  h.set(fromHex(t.artifact), 12)
  v.setUint32(44, check(h.subarray(0, 44)), true)
  return h
}

/**
 * A new journal: the header, then room for {@link MAX_RECORDS} records, zero (a zero record ends
 * the reading: its count is 0). Appends then write inside the file without growing it, so that
 * their `fdatasync` has no size to record (on ext4, no journal commit per append).
 */
function blank (t: JournalTarget): Uint8Array {
  const b = new Uint8Array(HEADER + MAX_RECORDS * RECORD)
  b.set(header(t), 0)
  return b
}

/** Groups sorted, distinct chunk indexes into runs of consecutive ones. */
export function runsOf (sorted: readonly number[]): ChunkRun[] {
  const runs: ChunkRun[] = []
  let k = 0
  while (k < sorted.length) {
    const first = sorted[k]!
    let n = 1
    while (k + n < sorted.length && sorted[k + n] === first + n) n++
    runs.push([first, n])
    k += n
  }
  return runs
}

/**
 * The open journal of one download. Calls must not overlap (the downloader commits one at a time).
 */
export class ResumeJournal {
  private records: number
  private readonly seal: Uint8Array

  private constructor (private readonly path: string, private fh: FileHandle | null, private readonly target: JournalTarget, head: Uint8Array, records: number) {
    this.seal = head.subarray(44, 48).slice()
    this.records = records
  }

  /**
   * Opens the journal of `target` in `stateDir`. With `resume`, a journal of the same artifact,
   * slot and chunk count is kept and what it records returned; any other (or none, or one whose
   * header does not check) is replaced by an empty one. Without it (a download starting afresh,
   * whose slot bytes are not trusted) the journal always starts empty.
   * @returns the journal, and a bitmap (proto/bitmap.ts layout) of the chunks it records
   * @throws OtaError `OTA_INVALID_ARGUMENT` for a target that is not an artifact id, a slot and a
   *   chunk count of 1 to 2^32 - 1; `OTA_IO`, `OTA_NO_SPACE`
   */
  static async open (stateDir: string, target: JournalTarget, resume: boolean): Promise<{ journal: ResumeJournal, stored: Uint8Array }> {
    if (!/^[0-9a-f]{64}$/.test(target.artifact) || (target.slot !== 'a' && target.slot !== 'b') || !Number.isInteger(target.chunks) || target.chunks < 1 || target.chunks > 0xffffffff) {
      throw new OtaError('OTA_INVALID_ARGUMENT', `not a journal target: ${JSON.stringify(target)}`)
    }
    const path = journalPath(stateDir)
    const head = header(target)
    const stored = newBitmap(target.chunks)
    let bytes: Uint8Array | null = null
    if (resume) {
      try {
        bytes = new Uint8Array(await readFile(path))
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw toOtaError(e, 'OTA_IO', `cannot read ${path}`)
      }
    }
    let valid = 0
    if (bytes !== null && bytes.length >= HEADER && Buffer.compare(bytes.subarray(0, HEADER), head) === 0) {
      valid = HEADER
      const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      const rec = new Uint8Array(12)
      rec.set(head.subarray(44, 48), 0)
      while (valid + RECORD <= bytes.length) {
        const first = v.getUint32(valid, true)
        const count = v.getUint32(valid + 4, true)
        rec.set(bytes.subarray(valid, valid + 8), 4)
        if (check(rec) !== v.getUint32(valid + 8, true) || count === 0 || first + count > target.chunks) break
        for (let i = first; i < first + count; i++) setBit(stored, i)
        valid += RECORD
      }
    }
    // The next record lands right after the last good one, over a torn one if any.
    if (valid === 0) await writeFileAtomic(path, blank(target))
    let fh: FileHandle
    try {
      fh = await open(path, 'r+')
    } catch (e) {
      throw toOtaError(e, 'OTA_IO', `cannot open ${path}`)
    }
    return { journal: new ResumeJournal(path, fh, target, head, valid === 0 ? 0 : (valid - HEADER) / RECORD), stored }
  }

  /** Records appended since the journal (re)started. */
  get length (): number { return this.records }

  /**
   * Appends `runs` (chunks already stored *and synced* in the slot) and syncs the journal: when
   * it resolves, a power cut keeps them recorded.
   * @throws OtaError `OTA_INVALID_ARGUMENT` for a run outside the artifact; `OTA_IO`, `OTA_NO_SPACE`
   */
  async append (runs: readonly ChunkRun[]): Promise<void> {
    if (runs.length === 0) return
    const fh = this.handle()
    const out = new Uint8Array(runs.length * RECORD)
    const v = new DataView(out.buffer)
    const rec = new Uint8Array(12)
    rec.set(this.seal, 0)
    runs.forEach(([first, count], k) => {
      if (!Number.isInteger(first) || !Number.isInteger(count) || first < 0 || count < 1 || first + count > this.target.chunks) {
        throw new OtaError('OTA_INVALID_ARGUMENT', `chunks ${first} + ${count} are outside an artifact of ${this.target.chunks} chunks`)
      }
      v.setUint32(k * RECORD, first, true)
      v.setUint32(k * RECORD + 4, count, true)
      rec.set(out.subarray(k * RECORD, k * RECORD + 8), 4)
      v.setUint32(k * RECORD + 8, check(rec), true)
    })
    try {
      await fh.write(out, 0, out.length, HEADER + this.records * RECORD)
      await fh.datasync()
    } catch (e) {
      throw toOtaError(e, (e as NodeJS.ErrnoException).code === 'ENOSPC' ? 'OTA_NO_SPACE' : 'OTA_IO', `cannot append to ${this.path}`)
    }
    this.records += runs.length
  }

  /**
   * Starts the journal again, empty: call it once what it recorded is in the state file's bitmap.
   * A crash during it leaves the old journal or the new one, both true.
   * @throws OtaError `OTA_IO`, `OTA_NO_SPACE`
   */
  async restart (): Promise<void> {
    await this.close()
    await writeFileAtomic(this.path, blank(this.target))
    try {
      this.fh = await open(this.path, 'r+')
    } catch (e) {
      throw toOtaError(e, 'OTA_IO', `cannot open ${this.path}`)
    }
    this.records = 0
  }

  private handle (): FileHandle {
    if (this.fh === null) throw new OtaError('OTA_IO', `${this.path} is closed`)
    return this.fh
  }

  /** Closes the file; safe to call twice, never throws. */
  async close (): Promise<void> {
    const fh = this.fh
    this.fh = null
    await fh?.close().catch(() => {})
  }
}

/**
 * Deletes the journal (the download it recorded is installed, or its bytes are no longer
 * trusted). A missing journal is not an error.
 * @throws OtaError `OTA_IO`
 */
export async function removeJournal (stateDir: string): Promise<void> {
  try {
    await unlink(journalPath(stateDir))
    await syncDir(stateDir)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw toOtaError(e, 'OTA_IO', `cannot remove ${journalPath(stateDir)}`)
  }
}
