/**
 * One block of a `bsdiff-brotli` patch (format in ./format.ts): its payload layout, and the
 * decoder that checks every length and offset before a byte is produced.
 *
 * ```
 * payload = oldStart u32 | lgwin u8
 *         | ctrlRaw u32 | ctrlComp u32 | diffRaw u32 | diffComp u32 | extraRaw u32 | extraComp u32
 *         | ctrl (ctrlComp bytes) | diff (diffComp bytes) | extra (extraComp bytes)
 * ctrl    = n × addLen varint | n × extraLen varint | n × seek zigzag-varint   (n controls, by column)
 * ```
 *
 * Each stream is Brotli (RFC 7932) with a window of at most 2^lgwin bytes; an empty stream has
 * raw and compressed length 0. The block starts reading the old image at `oldStart`. A control
 * (bsdiff's triple, Colin Percival 2003): output `addLen` bytes `old[p + k] + diff[d + k]`
 * (mod 256), then `extraLen` bytes of the extra stream, then p += addLen + seek. The varints are
 * LEB128, at most 5 bytes (values < 2^35); zigzag maps 0, -1, 1, -2... to 0, 1, 2, 3...
 */
import { constants, brotliDecompress, type BrotliOptions } from 'node:zlib'
import { OtaError } from '../errors.js'
import { DeltaLimits } from './format.js'

const decompress = async (data: Uint8Array, options: BrotliOptions): Promise<Buffer> => await new Promise((resolve, reject) => {
  brotliDecompress(data, options, (e, r) => { if (e !== null) reject(e); else resolve(r) })
})

/** Bytes of the fixed part of a payload, before the streams. */
export const BLOCK_PREFIX = 4 + 1 + 6 * 4

/**
 * Encodes controls (addLen, extraLen, seek triples, flat) as the control stream: the three
 * columns one after the other, LEB128, seeks zigzagged (by column: 3-5% smaller after Brotli
 * than triple by triple on the corpus).
 */
export function encodeControls (triples: ArrayLike<number>): Uint8Array {
  const out: number[] = []
  for (let f = 0; f < 3; f++) {
    for (let k = f; k < triples.length; k += 3) pushVarint(out, f === 2 ? zigzag(triples[k]!) : triples[k]!)
  }
  return Uint8Array.from(out)
}

/** The three raw streams of a block, as the encoder builds them. */
export interface BlockStreams {
  /** where the block starts reading the old image */
  oldStart: number
  /** control triples, varint-encoded (see the module doc) */
  ctrl: Uint8Array
  /** diff bytes, one per byte added from the old image */
  diff: Uint8Array
  /** extra bytes, inserted as they are */
  extra: Uint8Array
}

/** A decoded, checked block: controls as numbers, streams decompressed. */
export interface DecodedBlock {
  /** old offset the first control reads from */
  oldStart: number
  /** controls, three numbers each: addLen, extraLen, seek (bytes; seek may be negative) */
  controls: Float64Array
  /** the diff stream, decompressed (one byte per byte added from the old image) */
  diff: Uint8Array
  /** the extra stream, decompressed (bytes inserted as they are) */
  extra: Uint8Array
}

function bad (message: string, block: number): OtaError {
  return new OtaError('OTA_DELTA', `block ${block}: ${message}`, { details: { block } })
}

/** Appends `v` (0 ≤ v < 2^35) as LEB128 to `out`. */
export function pushVarint (out: number[], v: number): void {
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80)
    v = Math.floor(v / 0x80)
  }
  out.push(v)
}

/** Zigzag of an integer: 0, -1, 1, -2 → 0, 1, 2, 3. */
export function zigzag (v: number): number {
  return v >= 0 ? v * 2 : -v * 2 - 1
}

/**
 * The window (log2 bytes) a Brotli stream declares in its first bits (RFC 7932 section 9.1),
 * or 0 when the stream asks for a large window (not allowed in a patch).
 */
export function brotliWindowBits (first: number): number {
  if ((first & 1) === 0) return 16
  const n = (first >> 1) & 7
  if (n !== 0) return 17 + n
  const m = (first >> 4) & 7
  if (m === 1) return 0 // large window marker (Brotli large-window extension)
  return m !== 0 ? 8 + m : 17
}

/**
 * Decodes a block payload and checks it against its table entry, the old image's size and
 * {@link DeltaLimits}, before any output is produced: stream lengths add up to the payload;
 * each Brotli stream declares a window ≤ the block's lgwin ≤ maxLgwin and inflates to exactly
 * its raw length (never more is allocated); the controls produce exactly `outLength` bytes,
 * consume exactly the diff and extra streams, and read only inside the old image.
 * @param payload - the block's payload bytes (exactly its table `payloadLength`)
 * @param outLength - bytes the block must produce (its table entry)
 * @param oldSize - bytes of the old image
 * @param index - block index, for error messages
 * @throws OtaError `OTA_DELTA` for anything malformed or out of range
 */
export async function decodeBlock (payload: Uint8Array, outLength: number, oldSize: number, index: number): Promise<DecodedBlock> {
  if (payload.length < BLOCK_PREFIX) throw bad(`payload of ${payload.length} bytes is shorter than its ${BLOCK_PREFIX}-byte prefix`, index)
  const dv = new DataView(payload.buffer, payload.byteOffset, payload.byteLength)
  const oldStart = dv.getUint32(0, true)
  const lgwin = payload[4]!
  if (oldStart > oldSize) throw bad(`starts at old offset ${oldStart}, past the old image (${oldSize} bytes)`, index)
  if (lgwin < 10 || lgwin > DeltaLimits.maxLgwin) throw bad(`Brotli window 2^${lgwin} outside 2^10..2^${DeltaLimits.maxLgwin}`, index)
  const raw = [dv.getUint32(5, true), dv.getUint32(13, true), dv.getUint32(21, true)] as const
  const comp = [dv.getUint32(9, true), dv.getUint32(17, true), dv.getUint32(25, true)] as const
  if (BLOCK_PREFIX + comp[0] + comp[1] + comp[2] !== payload.length) throw bad('stream lengths do not add up to the payload length', index)
  if (raw[1] + raw[2] !== outLength) throw bad(`diff and extra streams of ${raw[1] + raw[2]} bytes for ${outLength} output bytes`, index)
  // a control is at least 3 bytes and, in a valid block, adds at least one byte: at most 3 × 5 bytes per output byte
  if (raw[0] > 15 * outLength + 15) throw bad(`control stream of ${raw[0]} bytes`, index)
  const streams: Uint8Array[] = []
  let at = BLOCK_PREFIX
  for (let s = 0; s < 3; s++) {
    const body = payload.subarray(at, at + comp[s]!)
    at += comp[s]!
    streams.push(await inflate(body, raw[s]!, lgwin, index))
  }
  const controls = parseControls(streams[0]!, index)
  checkControls(controls, oldStart, oldSize, raw[1], raw[2], index)
  return { oldStart, controls, diff: streams[1]!, extra: streams[2]! }
}

/**
 * Inflates one Brotli stream of a block to exactly `rawLength` bytes (never more is allocated),
 * refusing a window above 2^lgwin or the large-window extension.
 * @throws OtaError `OTA_DELTA` for a stream that does not inflate to exactly `rawLength` bytes
 */
export async function inflate (body: Uint8Array, rawLength: number, lgwin: number, index: number): Promise<Uint8Array> {
  if (rawLength === 0 || body.length === 0) {
    if (rawLength !== 0 || body.length !== 0) throw bad('an empty stream must have raw and compressed length 0', index)
    return new Uint8Array(0)
  }
  const w = brotliWindowBits(body[0]!)
  if (w === 0 || w > lgwin) throw bad(`a stream asks for a Brotli window above the block's 2^${lgwin}`, index)
  let out: Buffer
  try {
    out = await decompress(body, { maxOutputLength: rawLength, params: { [constants.BROTLI_DECODER_PARAM_LARGE_WINDOW]: 0 } })
  } catch (e) {
    throw new OtaError('OTA_DELTA', `block ${index}: a stream does not inflate to its ${rawLength} bytes`, { cause: e, details: { block: index } })
  }
  if (out.length !== rawLength) throw bad(`a stream inflates to ${out.length} bytes, not ${rawLength}`, index)
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
}

/**
 * Parses a control stream (see the module doc) into triples.
 * @throws OtaError `OTA_DELTA` for a varint over 5 bytes, a cut varint or a partial triple
 */
export function parseControls (ctrl: Uint8Array, index: number): Float64Array {
  const values: number[] = []
  let i = 0
  while (i < ctrl.length) {
    let v = 0
    let scale = 1
    for (let n = 0; ; n++) {
      if (n === 5) throw bad('a control varint is longer than 5 bytes', index)
      if (i >= ctrl.length) throw bad('the control stream ends inside a varint', index)
      const b = ctrl[i++]!
      v += (b & 0x7f) * scale
      scale *= 0x80
      if ((b & 0x80) === 0) break
    }
    values.push(v)
  }
  if (values.length % 3 !== 0) throw bad('the control stream does not hold whole triples', index)
  const n = values.length / 3
  const out = new Float64Array(values.length)
  for (let k = 0; k < n; k++) {
    out[3 * k] = values[k]!
    out[3 * k + 1] = values[n + k]!
    const z = values[2 * n + k]!
    out[3 * k + 2] = z % 2 === 0 ? z / 2 : -(z + 1) / 2
  }
  return out
}

/**
 * Checks that controls produce exactly diffLen + extraLen bytes, use up both streams exactly and
 * read only inside the old image.
 * @throws OtaError `OTA_DELTA` when they do not
 */
export function checkControls (c: Float64Array, oldStart: number, oldSize: number, diffLen: number, extraLen: number, index: number): void {
  let p = oldStart
  let d = 0
  let x = 0
  for (let k = 0; k < c.length; k += 3) {
    const add = c[k]!
    const ins = c[k + 1]!
    if (add + ins === 0) throw bad(`control ${k / 3} produces nothing`, index)
    if (add > 0 && (p < 0 || p + add > oldSize)) throw bad(`control ${k / 3} reads old [${p}, ${p + add}) outside the old image (${oldSize} bytes)`, index)
    d += add
    x += ins
    if (d > diffLen) throw bad(`control ${k / 3} adds past the diff stream`, index)
    if (x > extraLen) throw bad(`control ${k / 3} inserts past the extra stream`, index)
    p += add + c[k + 2]!
    if (p < 0 || p > oldSize) throw bad(`control ${k / 3} seeks to old offset ${p}, outside the old image`, index)
  }
  if (d !== diffLen || x !== extraLen) throw bad('the controls do not consume the diff and extra streams exactly', index)
}

/**
 * Brotli-compresses the streams of a block and lays out its payload (the encoder's side of
 * {@link decodeBlock}).
 * @param lgwin - Brotli window, log2 bytes, 10..{@link DeltaLimits.maxLgwin}
 * @param compress - compresses one stream with that window (the encoder picks quality and mode)
 */
export function layoutBlock (s: BlockStreams, lgwin: number, compress: (data: Uint8Array) => Uint8Array): Uint8Array {
  const parts = [s.ctrl, s.diff, s.extra].map((d) => d.length === 0 ? new Uint8Array(0) : compress(d))
  const out = new Uint8Array(BLOCK_PREFIX + parts[0]!.length + parts[1]!.length + parts[2]!.length)
  const dv = new DataView(out.buffer)
  dv.setUint32(0, s.oldStart, true)
  out[4] = lgwin
  const raws = [s.ctrl.length, s.diff.length, s.extra.length]
  for (let i = 0; i < 3; i++) {
    dv.setUint32(5 + 8 * i, raws[i]!, true)
    dv.setUint32(9 + 8 * i, parts[i]!.length, true)
  }
  let at = BLOCK_PREFIX
  for (const p of parts) { out.set(p, at); at += p.length }
  return out
}
