/**
 * The delta patch format, version 1: a header, then independently decodable blocks.
 *
 * ```
 * header  = magic "AOTD" | version u8 (1) | algLen u8 | algorithm (ASCII, algLen bytes)
 *         | oldSize u32 | newSize u32 | oldSha256 (32) | newSha256 (32) | blockCount u32
 *         | blockCount × (payloadLength u32 | outLength u32)          (the block table)
 * block i = payload of payloadLength bytes producing new[outStart_i, outStart_i + outLength_i)
 * ```
 *
 * All integers are unsigned little-endian. Blocks follow the header in order, with no gap; block
 * i produces the range of the new image that starts where block i-1 ended, so the table alone
 * gives each block's patch offset and output range (random access, resume at any block). The
 * payload layout is in ./block.ts. Every size is checked against {@link DeltaLimits} before
 * anything is allocated; bad input is an `OtaError` `OTA_DELTA`.
 */
import { OtaError } from '../errors.js'
import { abytes } from '../bytes.js'

/** The 4 magic bytes that open a patch: ASCII "AOTD" (aedes-ota delta). */
export const DELTA_MAGIC = Uint8Array.of(0x41, 0x4f, 0x54, 0x44)

/** The format version this module writes and reads. */
export const DELTA_FORMAT_VERSION = 1

/** The algorithm name of the bsdiff-style blocks of ./block.ts (controls, diff, extra; Brotli). */
export const ALG_BSDIFF_BROTLI = 'bsdiff-brotli'

/**
 * The algorithm name of blocks whose extra stream is LZ77-coded against a slice of the old image
 * (./lz-block.ts); each payload opens with a kind byte: 0 = a `bsdiff-brotli` payload follows,
 * 1 = the LZ layout.
 */
export const ALG_BSDIFF_LZ_BROTLI = 'bsdiff-lz-brotli'

/** Bounds every decoder enforces before allocating (bytes unless named otherwise). */
export const DeltaLimits = {
  /** largest old or new image: 4 GiB - 1 (sizes are u32) */
  maxImage: 0xffff_ffff,
  /** most blocks in one patch */
  maxBlocks: 65_536,
  /** largest output range of one block: 16 MiB (apply memory is a small multiple of it) */
  maxBlockOut: 16 * 1024 * 1024,
  /** largest payload of one block: 2 × maxBlockOut (incompressible streams plus their framing) */
  maxBlockPayload: 32 * 1024 * 1024,
  /** longest algorithm name */
  maxAlgorithm: 32,
  /** largest old-image slice one `bsdiff-lz-brotli` block may use as its dictionary: 16 MiB (held in memory while the block decodes) */
  maxDict: 16 * 1024 * 1024,
  /** largest Brotli window (log2 bytes) a block may ask for: 24, Brotli's standard maximum (16 MiB) */
  maxLgwin: 24
} as const

/** One entry of the block table. */
export interface DeltaBlockEntry {
  /** bytes of the block's payload in the patch */
  payloadLength: number
  /** bytes of the new image this block produces */
  outLength: number
  /** offset of the payload in the patch (derived: header length + earlier payloads) */
  patchOffset: number
  /** first byte of the new image this block produces (derived: sum of earlier outLength) */
  outStart: number
}

/** A decoded patch header. */
export interface DeltaHeader {
  /** format version ({@link DELTA_FORMAT_VERSION}) */
  version: number
  /** algorithm name of every block (ASCII), e.g. {@link ALG_BSDIFF_BROTLI} */
  algorithm: string
  /** size of the base (old) image in bytes */
  oldSize: number
  /** size of the image the patch produces in bytes */
  newSize: number
  /** SHA-256 of the base image (32 bytes) */
  oldSha256: Uint8Array
  /** SHA-256 of the image the patch produces (32 bytes) */
  newSha256: Uint8Array
  /** the block table, in order */
  blocks: DeltaBlockEntry[]
  /** bytes of the header (where block 0 starts) */
  headerLength: number
  /** bytes of the whole patch: header plus every payload */
  patchLength: number
}

const FIXED = 4 + 1 + 1 // magic, version, algLen
const AFTER_ALG = 4 + 4 + 32 + 32 + 4 // oldSize, newSize, two digests, blockCount
const ENTRY = 8

function bad (message: string, details?: Record<string, unknown>): OtaError {
  return new OtaError('OTA_DELTA', message, details !== undefined ? { details } : {})
}

/**
 * Bytes needed to decode the header whose first bytes are `prefix`: the header length when
 * `prefix` reaches the block count, otherwise a lower bound to read before asking again.
 * A streaming reader calls it until the answer is ≤ `prefix.length`, then {@link decodeDeltaHeader}.
 * @throws OtaError `OTA_DELTA` on a wrong magic, version, or a count above {@link DeltaLimits}
 */
export function deltaHeaderLength (prefix: Uint8Array): number {
  if (prefix.length < FIXED) return FIXED
  checkPreamble(prefix)
  const algLen = prefix[5]!
  const countAt = FIXED + algLen + AFTER_ALG - 4
  if (prefix.length < countAt + 4) return countAt + 4
  const count = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength).getUint32(countAt, true)
  if (count > DeltaLimits.maxBlocks) throw bad(`patch has ${count} blocks, more than ${DeltaLimits.maxBlocks}`)
  return countAt + 4 + count * ENTRY
}

function checkPreamble (b: Uint8Array): void {
  for (let i = 0; i < 4; i++) if (b[i] !== DELTA_MAGIC[i]) throw bad('not a delta patch (bad magic)')
  if (b[4] !== DELTA_FORMAT_VERSION) throw bad(`unsupported delta format version ${b[4]}`)
  const algLen = b[5]!
  if (algLen === 0 || algLen > DeltaLimits.maxAlgorithm) throw bad(`algorithm name of ${algLen} bytes`)
}

/**
 * Reads a header from the start of a patch, asking `prefix(n)` for the patch's first `n` bytes
 * as often as {@link deltaHeaderLength} needs more, then decodes it ({@link decodeDeltaHeader}).
 * @param prefix - the first `n` bytes of the patch; fewer only when the patch is shorter
 * @throws OtaError `OTA_DELTA` for a patch that ends inside its header or a malformed header,
 *   and whatever `prefix` throws
 */
export async function readDeltaHeader (prefix: (n: number) => Promise<Uint8Array>): Promise<DeltaHeader> {
  let bytes: Uint8Array = new Uint8Array(0)
  for (let need = deltaHeaderLength(bytes); need > bytes.length; need = deltaHeaderLength(bytes)) {
    bytes = await prefix(need)
    if (bytes.length < need) throw bad('patch truncated inside its header')
  }
  return decodeDeltaHeader(bytes)
}

/**
 * Decodes and checks the header at the start of `bytes` (more bytes after it are ignored).
 * Checks: magic, version, algorithm name (printable ASCII), sizes ≤ {@link DeltaLimits.maxImage},
 * 1 ≤ block count ≤ maxBlocks, each block's outLength in [1, maxBlockOut] and payloadLength in
 * [1, maxBlockPayload], and the outLength sum equal to newSize.
 * @throws OtaError `OTA_DELTA` for a short or malformed header
 */
export function decodeDeltaHeader (bytes: Uint8Array): DeltaHeader {
  let len = 0
  for (let seen = -1; len !== seen;) { // lower bounds rise until the block count is read
    seen = len
    len = deltaHeaderLength(bytes)
    if (bytes.length < len) throw bad(`patch header truncated: ${bytes.length} of at least ${len} bytes`)
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const algLen = bytes[5]!
  let algorithm = ''
  for (let i = 0; i < algLen; i++) {
    const c = bytes[FIXED + i]!
    if (c < 0x21 || c > 0x7e) throw bad('algorithm name is not printable ASCII')
    algorithm += String.fromCharCode(c)
  }
  let at = FIXED + algLen
  const oldSize = dv.getUint32(at, true)
  const newSize = dv.getUint32(at + 4, true)
  const oldSha256 = bytes.slice(at + 8, at + 40)
  const newSha256 = bytes.slice(at + 40, at + 72)
  const count = dv.getUint32(at + 72, true)
  at += AFTER_ALG
  if (newSize === 0) throw bad('patch produces an empty image')
  if (count === 0) throw bad('patch has no blocks')
  const blocks: DeltaBlockEntry[] = []
  let outStart = 0
  let patchOffset = len
  for (let i = 0; i < count; i++, at += ENTRY) {
    const payloadLength = dv.getUint32(at, true)
    const outLength = dv.getUint32(at + 4, true)
    if (outLength === 0 || outLength > DeltaLimits.maxBlockOut) throw bad(`block ${i} produces ${outLength} bytes`, { block: i })
    if (payloadLength === 0 || payloadLength > DeltaLimits.maxBlockPayload) throw bad(`block ${i} payload of ${payloadLength} bytes`, { block: i })
    if (outStart + outLength > newSize) throw bad(`block ${i} ends past the new image (${newSize} bytes)`, { block: i })
    blocks.push({ payloadLength, outLength, patchOffset, outStart })
    outStart += outLength
    patchOffset += payloadLength
  }
  if (outStart !== newSize) throw bad(`blocks produce ${outStart} bytes, the header says ${newSize}`)
  return { version: DELTA_FORMAT_VERSION, algorithm, oldSize, newSize, oldSha256, newSha256, blocks, headerLength: len, patchLength: patchOffset }
}

/** What {@link encodeDeltaHeader} writes: the header without its derived fields. */
export interface DeltaHeaderInput {
  /** algorithm name, 1..32 printable ASCII bytes */
  algorithm: string
  /** bytes of the base image */
  oldSize: number
  /** bytes of the new image: the sum of the blocks' outLength */
  newSize: number
  /** SHA-256 of the base image (32 bytes) */
  oldSha256: Uint8Array
  /** SHA-256 of the new image (32 bytes) */
  newSha256: Uint8Array
  /** payloadLength and outLength of each block, in order */
  blocks: ReadonlyArray<{ payloadLength: number, outLength: number }>
}

/**
 * Encodes a header. The result decodes with {@link decodeDeltaHeader} to the same values.
 * @throws OtaError `OTA_INVALID_ARGUMENT` when a value is outside the format's rules
 */
export function encodeDeltaHeader (h: DeltaHeaderInput): Uint8Array {
  const alg = Buffer.from(h.algorithm, 'ascii')
  const arg = (m: string): OtaError => new OtaError('OTA_INVALID_ARGUMENT', m)
  if (alg.length === 0 || alg.length > DeltaLimits.maxAlgorithm || !/^[\x21-\x7e]+$/.test(h.algorithm)) throw arg('bad algorithm name')
  abytes(h.oldSha256, 32, 'old image digest')
  abytes(h.newSha256, 32, 'new image digest')
  if (h.blocks.length === 0 || h.blocks.length > DeltaLimits.maxBlocks) throw arg(`block count ${h.blocks.length}`)
  for (const n of [h.oldSize, h.newSize]) if (!Number.isInteger(n) || n < 0 || n > DeltaLimits.maxImage) throw arg(`image size ${n}`)
  const out = new Uint8Array(FIXED + alg.length + AFTER_ALG + ENTRY * h.blocks.length)
  const dv = new DataView(out.buffer)
  out.set(DELTA_MAGIC, 0)
  out[4] = DELTA_FORMAT_VERSION
  out[5] = alg.length
  out.set(alg, FIXED)
  let at = FIXED + alg.length
  dv.setUint32(at, h.oldSize, true)
  dv.setUint32(at + 4, h.newSize, true)
  out.set(h.oldSha256, at + 8)
  out.set(h.newSha256, at + 40)
  dv.setUint32(at + 72, h.blocks.length, true)
  at += AFTER_ALG
  let sum = 0
  for (const b of h.blocks) {
    if (b.outLength < 1 || b.outLength > DeltaLimits.maxBlockOut) throw arg(`block outLength ${b.outLength}`)
    if (b.payloadLength < 1 || b.payloadLength > DeltaLimits.maxBlockPayload) throw arg(`block payloadLength ${b.payloadLength}`)
    dv.setUint32(at, b.payloadLength, true)
    dv.setUint32(at + 4, b.outLength, true)
    sum += b.outLength
    at += ENTRY
  }
  if (sum !== h.newSize) throw arg(`blocks produce ${sum} bytes, newSize is ${h.newSize}`)
  return out
}
