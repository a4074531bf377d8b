/**
 * Streaming apply of a delta patch (format: proto/delta/). The patch arrives as bytes in any
 * chunking; the old image (the active slot) is read at the offsets the patch names through a
 * random-access read function; the new image is written in order through a write function and
 * hashed (SHA-256) as it is written. Each block is decoded and checked whole before any of its
 * bytes is written, so a bad block writes nothing and nothing is ever written past the new
 * image's declared size. Memory: one block's payload, output, diff and extra streams (about
 * 3 × the block's output size) plus Brotli's window (≤ 16 MiB) and a 64 KiB read-ahead of the
 * old image, and for a `bsdiff-lz-brotli` LZ block its dictionary slice of the old image (at most
 * `DeltaLimits.maxDict`, 8 MiB by default), whatever the image size.
 *
 * After each block the apply reports (block index, output end, patch end): a caller that
 * checkpoints that atomically after its own sync resumes from the next block with
 * {@link applyDeltaStream}'s `startBlock`, feeding the patch from that block's `patchOffset`.
 */
import { OtaError, bytesEqual, createSha256, type Sha256 } from '../../proto/index.js'
import { readDeltaHeader, type DeltaHeader } from '../../proto/delta/format.js'
import { DELTA_ALGORITHMS, decodeAnyBlock } from '../../proto/delta/dispatch.js'

/**
 * Reads `length` bytes at `offset` (random access); must return exactly that many. The apply
 * uses (or copies) the bytes before its next call, so an implementation may reuse one buffer.
 */
export type ReadAt = (offset: number, length: number) => Promise<Uint8Array>
/** Writes `data` at `offset` of the image being built. */
export type WriteAt = (offset: number, data: Uint8Array) => Promise<void>

/** Where an apply reads and writes. */
export interface DeltaIo {
  /** the old image (active slot), random access */
  readOld: ReadAt
  /** bytes of the old image; must equal the patch's oldSize (`OTA_DELTA_BASE`) */
  oldSize: number
  /** writes the new image (inactive slot), called in increasing offset order */
  writeNew: WriteAt
  /** reads back the new image written so far: needed only to resume (re-hashes the output before the resume point) */
  readNew?: ReadAt
}

/** Progress after one block, what a caller checkpoints. */
export interface BlockDone {
  /** index of the block just written */
  block: number
  /** bytes of the new image written so far (the block's output end) */
  outEnd: number
  /** patch bytes consumed so far (the block's payload end; where block + 1 starts) */
  patchEnd: number
}

const READ_AHEAD = 64 * 1024
const READ_MIN = 16 * 1024
const REHASH_PIECE = 1024 * 1024

/**
 * Reads the old image through one reused read-ahead buffer of {@link READ_AHEAD} bytes: a read
 * inside the buffered range is a view of it (valid until the next call), a miss refills it from
 * the requested offset (at least {@link READ_MIN} bytes, the old image's bytes mostly come in
 * order but controls skip about), a read longer than the buffer gets its own array.
 */
class OldReader {
  private base = 0
  private filled = 0
  private readonly buf = new Uint8Array(READ_AHEAD)
  constructor (private readonly read: ReadAt, private readonly size: number) {}

  async get (offset: number, length: number): Promise<Uint8Array> {
    if (offset >= this.base && offset + length <= this.base + this.filled) return this.buf.subarray(offset - this.base, offset - this.base + length)
    if (length > READ_AHEAD) return await this.exact(offset, length)
    const n = Math.min(Math.max(length, READ_MIN), this.size - offset)
    this.buf.set(await this.exact(offset, n))
    this.base = offset
    this.filled = n
    return this.buf.subarray(0, length)
  }

  private async exact (offset: number, length: number): Promise<Uint8Array> {
    const b = await this.read(offset, length)
    if (b.length !== length) throw new OtaError('OTA_IO', `old image read returned ${b.length} of ${length} bytes at ${offset}`)
    return b
  }
}

/**
 * Applies the blocks of one patch in order. Use {@link applyDeltaStream} unless the caller
 * frames blocks itself (each payload whole, from the header's block table).
 */
export class DeltaApplier {
  private readonly hash: Sha256
  private readonly old: OldReader
  private nextBlock: number

  private constructor (readonly header: DeltaHeader, private readonly io: DeltaIo, startBlock: number, hash: Sha256) {
    this.hash = hash
    this.nextBlock = startBlock
    this.old = new OldReader(io.readOld, io.oldSize)
  }

  /**
   * Starts (or resumes) an apply. Resuming at block k > 0 re-hashes new[0, outStart_k) through
   * `io.readNew`.
   * @throws OtaError `OTA_DELTA` for an unknown algorithm, `OTA_DELTA_BASE` when `io.oldSize`
   *   is not the patch's oldSize, `OTA_INVALID_ARGUMENT` for a start block out of range or a
   *   resume without `readNew`
   */
  static async start (header: DeltaHeader, io: DeltaIo, startBlock = 0): Promise<DeltaApplier> {
    if (!DELTA_ALGORITHMS.includes(header.algorithm)) throw new OtaError('OTA_DELTA', `unknown delta algorithm ${header.algorithm}`)
    if (io.oldSize !== header.oldSize) throw new OtaError('OTA_DELTA_BASE', `the old image has ${io.oldSize} bytes, the patch was made from ${header.oldSize}`)
    if (!Number.isInteger(startBlock) || startBlock < 0 || startBlock >= header.blocks.length) throw new OtaError('OTA_INVALID_ARGUMENT', `start block ${startBlock} of ${header.blocks.length}`)
    const hash = createSha256()
    const upTo = header.blocks[startBlock]!.outStart
    if (upTo > 0) {
      if (io.readNew === undefined) throw new OtaError('OTA_INVALID_ARGUMENT', 'resuming needs readNew to re-hash the output already written')
      for (let at = 0; at < upTo; at += REHASH_PIECE) {
        const n = Math.min(REHASH_PIECE, upTo - at)
        const b = await io.readNew(at, n)
        if (b.length !== n) throw new OtaError('OTA_IO', `new image read returned ${b.length} of ${n} bytes at ${at}`)
        hash.update(b)
      }
    }
    return new DeltaApplier(header, io, startBlock, hash)
  }

  /** Index of the block {@link DeltaApplier.applyBlock} expects next. */
  get next (): number { return this.nextBlock }

  /**
   * Decodes and checks the next block's payload, then writes and hashes its output.
   * @param payload - exactly the block's payload (its table `payloadLength` bytes)
   * @throws OtaError `OTA_DELTA` (nothing of this block is written), `OTA_INVALID_ARGUMENT`
   *   after the last block, whatever `readOld`/`writeNew` throw
   */
  async applyBlock (payload: Uint8Array): Promise<BlockDone> {
    const index = this.nextBlock
    const entry = this.header.blocks[index]
    if (entry === undefined) throw new OtaError('OTA_INVALID_ARGUMENT', 'every block is already applied')
    if (payload.length !== entry.payloadLength) throw new OtaError('OTA_DELTA', `block ${index}: payload of ${payload.length} bytes, the table says ${entry.payloadLength}`)
    const b = await decodeAnyBlock(this.header.algorithm, payload, entry.outLength, this.header.oldSize, index, async (o, n) => await this.old.get(o, n))
    const out = new Uint8Array(entry.outLength)
    const c = b.controls
    let p = b.oldStart
    let o = 0
    let d = 0
    let x = 0
    for (let k = 0; k < c.length; k += 3) {
      const add = c[k]!
      const ins = c[k + 1]!
      if (add > 0) {
        const src = await this.old.get(p, add)
        for (let i = 0; i < add; i++) out[o + i] = src[i]! + b.diff[d + i]!
        o += add; d += add
      }
      if (ins > 0) {
        out.set(b.extra.subarray(x, x + ins), o)
        o += ins; x += ins
      }
      p += add + c[k + 2]!
    }
    // decodeBlock proved o === outLength; this guards the write bound whatever happens above
    if (o !== entry.outLength || entry.outStart + o > this.header.newSize) throw new OtaError('OTA_DELTA', `block ${index} produced ${o} bytes`)
    await this.io.writeNew(entry.outStart, out)
    this.hash.update(out)
    this.nextBlock++
    return { block: index, outEnd: entry.outStart + entry.outLength, patchEnd: entry.patchOffset + entry.payloadLength }
  }

  /**
   * SHA-256 of the whole new image, once every block is applied.
   * @throws OtaError `OTA_INVALID_ARGUMENT` before the last block, `OTA_IMAGE_DIGEST` when it is
   *   not the digest the patch header names (the caller still checks the signed digest)
   */
  finish (): Uint8Array {
    if (this.nextBlock !== this.header.blocks.length) throw new OtaError('OTA_INVALID_ARGUMENT', `${this.header.blocks.length - this.nextBlock} blocks not applied`)
    const digest = this.hash.digest()
    if (!bytesEqual(digest, this.header.newSha256)) throw new OtaError('OTA_IMAGE_DIGEST', 'the patched image does not match the digest in the patch header')
    return digest
  }
}

/** Collects exact-length reads from an async stream of chunks, holding at most one read plus one chunk. */
class ExactReader {
  private pending: Uint8Array[] = []
  private have = 0
  private readonly it: AsyncIterator<Uint8Array>
  constructor (source: AsyncIterable<Uint8Array>) { this.it = source[Symbol.asyncIterator]() }

  /** Ends the source early (a generator's `finally` runs: a file it reads is closed). Never throws. */
  async close (): Promise<void> {
    await this.it.return?.()?.catch(() => {})
  }

  /** Exactly `n` bytes, or fewer only when the stream ends first. */
  async read (n: number): Promise<Uint8Array> {
    while (this.have < n) {
      const r = await this.it.next()
      if (r.done === true) break
      if (r.value.length > 0) { this.pending.push(r.value); this.have += r.value.length }
    }
    const take = Math.min(n, this.have)
    const out = new Uint8Array(take)
    let at = 0
    while (at < take) {
      const c = this.pending[0]!
      const k = Math.min(c.length, take - at)
      out.set(c.subarray(0, k), at)
      at += k
      if (k === c.length) this.pending.shift()
      else this.pending[0] = c.subarray(k)
    }
    this.have -= take
    return out
  }

  /** Whether the stream holds more bytes. */
  async more (): Promise<boolean> {
    if (this.have > 0) return true
    const r = await this.it.next()
    if (r.done === true) return false
    if (r.value.length > 0) { this.pending.push(r.value); this.have += r.value.length }
    return this.have > 0 || await this.more()
  }
}

/**
 * Checks that the old image is the patch's base: its size and SHA-256 are the header's.
 * @throws OtaError `OTA_DELTA_BASE` when they are not, `OTA_IO`
 */
export async function checkBase (header: DeltaHeader, io: Pick<DeltaIo, 'readOld' | 'oldSize'>): Promise<void> {
  if (io.oldSize !== header.oldSize) throw new OtaError('OTA_DELTA_BASE', `the old image has ${io.oldSize} bytes, the patch was made from ${header.oldSize}`)
  const h = createSha256()
  for (let at = 0; at < io.oldSize; at += REHASH_PIECE) {
    const n = Math.min(REHASH_PIECE, io.oldSize - at)
    const b = await io.readOld(at, n)
    if (b.length !== n) throw new OtaError('OTA_IO', `old image read returned ${b.length} of ${n} bytes at ${at}`)
    h.update(b)
  }
  if (!bytesEqual(h.digest(), header.oldSha256)) throw new OtaError('OTA_DELTA_BASE', 'the old image is not the base the patch was made from (SHA-256)')
}

/** Options of {@link applyDeltaStream}. */
export interface ApplyStreamOptions {
  /** resume at this block (default 0); then `header` is required and the source starts at that block's patchOffset */
  startBlock?: number
  /** the decoded header (required to resume; otherwise read from the source) */
  header?: DeltaHeader
  /** called after each block is written and hashed: sync, then checkpoint here */
  onBlock?: (done: BlockDone) => void | Promise<void>
  /**
   * hash the whole old image before writing anything and refuse it (`OTA_DELTA_BASE`) unless it
   * is the header's oldSha256. Default true; a caller that has just checked the active slot's
   * digest against the signed manifest's base digest may skip it.
   */
  verifyBase?: boolean
}

/** What {@link applyDeltaStream} returns. */
export interface ApplyResult {
  /** the patch header */
  header: DeltaHeader
  /** SHA-256 of the new image (equal to the header's; the caller checks the signed one) */
  sha256: Uint8Array
  /** bytes of the new image */
  size: number
}

/**
 * Applies a patch arriving as a stream of byte chunks (any sizes).
 * @throws OtaError `OTA_DELTA` for a malformed, truncated or over-long patch, `OTA_DELTA_BASE`
 *   for an old image of another size or (with `verifyBase`) digest, `OTA_IMAGE_DIGEST` when the result is not the image the
 *   header names (a base of the right size but other bytes), `OTA_IO` from the read/write functions
 */
export async function applyDeltaStream (source: AsyncIterable<Uint8Array>, io: DeltaIo, options: ApplyStreamOptions = {}): Promise<ApplyResult> {
  const reader = new ExactReader(source)
  try {
    return await applyFrom(reader, io, options)
  } finally {
    // A failed or stopped apply leaves the source unfinished: end it, so its file closes now.
    await reader.close()
  }
}

async function applyFrom (reader: ExactReader, io: DeltaIo, options: ApplyStreamOptions): Promise<ApplyResult> {
  const startBlock = options.startBlock ?? 0
  let header = options.header
  if (header === undefined) {
    if (startBlock !== 0) throw new OtaError('OTA_INVALID_ARGUMENT', 'resuming needs the decoded header')
    // The stream is read once: each longer prefix the header needs extends the bytes already read.
    let read: Uint8Array = new Uint8Array(0)
    header = await readDeltaHeader(async (n) => {
      const more = await reader.read(n - read.length)
      const next = new Uint8Array(read.length + more.length)
      next.set(read); next.set(more, read.length)
      read = next
      return read
    })
  }
  if (options.verifyBase ?? true) await checkBase(header, io)
  const applier = await DeltaApplier.start(header, io, startBlock)
  for (let i = startBlock; i < header.blocks.length; i++) {
    const want = header.blocks[i]!.payloadLength
    const payload = await reader.read(want)
    if (payload.length < want) throw new OtaError('OTA_DELTA', `patch truncated in block ${i}: ${payload.length} of ${want} bytes`, { details: { block: i } })
    const done = await applier.applyBlock(payload)
    await options.onBlock?.(done)
  }
  if (await reader.more()) throw new OtaError('OTA_DELTA', 'bytes after the last block')
  const sha256 = applier.finish()
  return { header, sha256, size: header.newSize }
}

/**
 * Applies a whole patch held in memory to an old image held in memory, through the same apply a
 * device streams with (the release side's check before signing, benchmarks, tests).
 * @returns the new image (its SHA-256 already checked against the patch header's)
 * @throws OtaError as {@link applyDeltaStream}
 */
export async function applyDeltaBytes (old: Uint8Array, patch: Uint8Array): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  async function * whole (): AsyncGenerator<Uint8Array> { yield patch }
  await applyDeltaStream(whole(), {
    oldSize: old.length,
    readOld: async (offset, length) => old.subarray(offset, offset + length),
    // the apply may reuse what it hands over: keep a copy
    writeNew: async (_offset, data) => { parts.push(data.slice()) }
  })
  return Buffer.concat(parts)
}
