/**
 * Chunk requests (device to broker) and data frames (broker to device).
 */
import { bytesEqual, isBytes } from '../bytes.js'
import { OtaError } from '../errors.js'
import { Limits, maxDataFrame } from '../limits.js'
import { hasBit, newBitmap, setBit } from '../bitmap.js'
import { decodeWith, field, fieldBytes, limit, pb } from './rules.js'

/** A device's request for chunks `base + i` for every set bit i of `bitmap` (LSB first). */
export interface ChunkRequest {
  artifact: Uint8Array
  base: number
  bitmap: Uint8Array
  /** the device subscribes to the artifact's broadcast topic (docs/PROTOCOL.md, "Broadcast"); absent = false */
  joined?: boolean
}
/** One chunk with its inclusion proof. */
export interface ChunkFrame { artifact: Uint8Array, index: number, data: Uint8Array, proof: Uint8Array[] }
/** The broker's refusal of a request. */
export interface ErrorFrame { artifact: Uint8Array, code: string, detail: string }
/** What the broker sends on a device's data topic. */
export type DataFrame = { chunk: ChunkFrame, error?: undefined } | { error: ErrorFrame, chunk?: undefined }
/**
 * @throws OtaError `OTA_TOO_LARGE`, `OTA_DECODE`, `OTA_FIELD`
 */
export function decodeChunkRequest (bytes: Uint8Array): ChunkRequest {
  limit(bytes, Limits.chunkRequest, 'chunk request')
  const m = decodeWith(() => pb.ChunkRequest.decode(bytes), 'chunk request')
  const artifact = fieldBytes(m.artifact, 32, 'chunk request artifact')
  field(m.bitmap.length >= 1 && m.bitmap.length <= Limits.requestBitmap, `chunk request bitmap must be 1 to ${Limits.requestBitmap} bytes`)
  return { artifact, base: m.base, bitmap: m.bitmap, ...(m.joined === true ? { joined: true } : {}) }
}

/** Encodes a chunk request. */
export function encodeChunkRequest (r: ChunkRequest): Uint8Array {
  return pb.ChunkRequest.encode({ artifact: r.artifact, base: r.base, bitmap: r.bitmap, ...(r.joined === true ? { joined: true } : {}) }).finish()
}

/**
 * The chunk indexes a request asks for that exist in an artifact of `count` chunks, ascending.
 */
export function requestedIndexes (r: ChunkRequest, count: number): number[] {
  const out: number[] = []
  const bits = Math.min(r.bitmap.length * 8, count - r.base)
  for (let k = 0; k < bits; k++) if (hasBit(r.bitmap, k)) out.push(r.base + k)
  return out
}

/**
 * Splits chunk indexes into groups that each fit one request: sorted ascending, each group
 * spanning fewer than 8 × {@link Limits.requestBitmap} indexes from its first.
 * @returns the groups, in order; none for no indexes
 */
export function requestGroups (indexes: readonly number[]): number[][] {
  const sorted = [...indexes].sort((x, y) => x - y)
  const span = Limits.requestBitmap * 8
  const groups: number[][] = []
  let group: number[] = []
  for (const i of sorted) {
    if (group.length > 0 && i - group[0]! >= span) { groups.push(group); group = [] }
    group.push(i)
  }
  if (group.length > 0) groups.push(group)
  return groups
}

/**
 * Builds a request for `indexes` (ascending, within 8 × {@link Limits.requestBitmap} of the first).
 * @param joined - the device subscribes to the artifact's broadcast topic (ChunkRequest `joined`)
 * @throws OtaError `OTA_INVALID_ARGUMENT` for no indexes, indexes out of order or outside uint32, or too wide a span
 */
export function chunkRequestFor (artifact: Uint8Array, indexes: readonly number[], joined = false): ChunkRequest {
  if (indexes.length === 0) throw new OtaError('OTA_INVALID_ARGUMENT', 'a chunk request needs at least one index')
  for (let k = 0; k < indexes.length; k++) {
    const i = indexes[k]!
    if (!Number.isInteger(i) || i < 0 || i > 0xffffffff || (k > 0 && i < indexes[k - 1]!)) {
      throw new OtaError('OTA_INVALID_ARGUMENT', `chunk indexes must be ascending integers from 0 to 2^32 - 1, got ${i} at position ${k}`)
    }
  }
  const base = indexes[0]!
  const span = indexes[indexes.length - 1]! - base
  if (span >= Limits.requestBitmap * 8) throw new OtaError('OTA_INVALID_ARGUMENT', `indexes span ${span + 1} chunks, at most ${Limits.requestBitmap * 8}`)
  const bitmap = newBitmap(span + 1)
  for (const i of indexes) setBit(bitmap, i - base)
  return { artifact, base, bitmap, ...(joined ? { joined: true } : {}) }
}

/**
 * Decodes a data frame.
 * @param maxChunk - the chunk size of the artifact being downloaded; bounds the frame
 * @throws OtaError `OTA_TOO_LARGE`, `OTA_DECODE`, `OTA_FIELD`
 */
export function decodeDataFrame (bytes: Uint8Array, maxChunk: number): DataFrame {
  limit(bytes, maxDataFrame(maxChunk), 'data frame')
  const m = decodeWith(() => pb.DataFrame.decode(bytes), 'data frame')
  if (m.kind === 'chunk' && m.chunk != null) {
    const c = m.chunk
    const artifact = fieldBytes(c.artifact, 32, 'chunk artifact')
    field(isBytes(c.data) && c.data.length >= 1 && c.data.length <= maxChunk, 'chunk data size is out of range')
    const proof = (c.proof ?? []) as Uint8Array[]
    field(proof.length <= Limits.maxProofLength, `chunk proof must be at most ${Limits.maxProofLength} hashes`)
    proof.forEach((p, i) => fieldBytes(p, 32, `chunk proof hash ${i}`))
    return { chunk: { artifact, index: c.index ?? 0, data: c.data as Uint8Array, proof } }
  }
  if (m.kind === 'error' && m.error != null) {
    const e = m.error
    return { error: { artifact: (e.artifact ?? new Uint8Array(0)) as Uint8Array, code: String(e.code ?? '').slice(0, 64), detail: String(e.detail ?? '').slice(0, 512) } }
  }
  throw new OtaError('OTA_FIELD', 'data frame holds neither a chunk nor an error')
}

/** Bytes of `n` as a protobuf varint (uint32). */
function varintLength (n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5
}

function putVarint (out: Uint8Array, at: number, n: number): number {
  while (n >= 0x80) { out[at++] = (n & 0x7f) | 0x80; n >>>= 7 }
  out[at++] = n
  return at
}

/** A data frame laid out around the chunk it carries: `data` is the view of `frame` the chunk bytes go in. */
export interface ChunkFrameSlot {
  /** the whole encoded data frame (header, chunk, proof) */
  frame: Uint8Array
  /** the chunk's bytes inside `frame`, for the caller to fill (zeroed until then) */
  data: Uint8Array
}

/** Frames allocated by {@link chunkFrameSlot}, by their chunk view, so {@link encodeDataFrame} hands them out without a copy. */
const slots = new WeakMap<Uint8Array, { frame: Uint8Array, artifact: Uint8Array, index: number, proof: readonly Uint8Array[] }>()

/**
 * Allocates the data frame of a chunk of `dataLength` bytes with its header and proof written and
 * its chunk bytes left for the caller to fill (a file read straight into `data`), so the chunk
 * is copied once on its way out. Encoding `{ chunk: { artifact, index, data, proof } }` with
 * the same values then returns `frame` itself. The bytes are those protobuf.js writes for the
 * same message (field order 1 to 4, index omitted when 0, proto3).
 * @throws OtaError `OTA_INVALID_ARGUMENT` for a `dataLength` outside 1 to `Limits.maxChunkSize`,
 *   an index outside uint32
 */
export function chunkFrameSlot (artifact: Uint8Array, index: number, dataLength: number, proof: readonly Uint8Array[]): ChunkFrameSlot {
  if (!Number.isInteger(dataLength) || dataLength < 1 || dataLength > Limits.maxChunkSize) throw new OtaError('OTA_INVALID_ARGUMENT', `chunk length must be 1 to ${Limits.maxChunkSize}, got ${dataLength}`)
  const s = layoutChunkFrame({ artifact, index, proof }, dataLength)
  const data = s.frame.subarray(s.dataAt, s.dataAt + dataLength)
  slots.set(data, { frame: s.frame, artifact, index, proof })
  return { frame: s.frame, data }
}

/** Writes every byte of a chunk frame but the chunk's, for a chunk of `dataLength` bytes. */
function layoutChunkFrame (c: { artifact: Uint8Array, index: number, proof: readonly Uint8Array[] }, dataLength: number): { frame: Uint8Array, dataAt: number } {
  if (!Number.isInteger(c.index) || c.index < 0 || c.index > 0xffffffff) throw new OtaError('OTA_INVALID_ARGUMENT', `chunk index must be a uint32, got ${c.index}`)
  const a = c.artifact.length
  // protobuf.js leaves out empty bytes and a zero index (proto3 defaults) but writes every
  // element of a repeated field: so does this, byte for byte.
  let inner = (a > 0 ? 1 + varintLength(a) + a : 0) + (c.index !== 0 ? 1 + varintLength(c.index) : 0) +
    (dataLength > 0 ? 1 + varintLength(dataLength) + dataLength : 0)
  for (const p of c.proof) inner += 1 + varintLength(p.length) + p.length
  const frame = new Uint8Array(1 + varintLength(inner) + inner)
  let at = 0
  frame[at++] = 0x0a // DataFrame.chunk: field 1, length-delimited
  at = putVarint(frame, at, inner)
  if (a > 0) { frame[at++] = 0x0a; at = putVarint(frame, at, a); frame.set(c.artifact, at); at += a } // ChunkFrame.artifact = 1
  if (c.index !== 0) { frame[at++] = 0x10; at = putVarint(frame, at, c.index) } // index = 2, varint
  let dataAt = at
  if (dataLength > 0) { frame[at++] = 0x1a; at = putVarint(frame, at, dataLength); dataAt = at; at += dataLength } // data = 3
  for (const p of c.proof) { frame[at++] = 0x22; at = putVarint(frame, at, p.length); frame.set(p, at); at += p.length } // proof = 4, repeated
  return { frame, dataAt }
}

const sameProof = (x: readonly Uint8Array[], y: readonly Uint8Array[]): boolean => x.length === y.length && x.every((p, i) => p === y[i] || bytesEqual(p, y[i]!))

/**
 * Encodes a data frame. A chunk frame is laid out by hand, its data copied once (not at all when
 * `data` came from {@link chunkFrameSlot} with the same artifact, index and proof: that frame
 * is returned); an error frame goes through protobuf.js.
 * @throws OtaError `OTA_INVALID_ARGUMENT` for a chunk index outside uint32
 */
export function encodeDataFrame (f: DataFrame): Uint8Array {
  if (f.chunk !== undefined) {
    const c = f.chunk
    const slot = slots.get(c.data)
    if (slot !== undefined && slot.index === c.index && bytesEqual(slot.artifact, c.artifact) && sameProof(slot.proof, c.proof)) return slot.frame
    const s = layoutChunkFrame(c, c.data.length)
    s.frame.set(c.data, s.dataAt)
    return s.frame
  }
  return pb.DataFrame.encode({ error: f.error }).finish()
}
