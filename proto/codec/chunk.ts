/**
 * Chunk requests (device to broker) and data frames (broker to device).
 */
import { isBytes } from '../bytes.js'
import { OtaError } from '../errors.js'
import { Limits, maxDataFrame } from '../limits.js'
import { hasBit, newBitmap, setBit } from '../bitmap.js'
import { decodeWith, field, fieldBytes, limit, pb } from './rules.js'

/** A device's request for chunks `base + i` for every set bit i of `bitmap` (LSB first). */
export interface ChunkRequest { artifact: Uint8Array, base: number, bitmap: Uint8Array }
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
  return { artifact, base: m.base, bitmap: m.bitmap }
}

/** Encodes a chunk request. */
export function encodeChunkRequest (r: ChunkRequest): Uint8Array {
  return pb.ChunkRequest.encode({ artifact: r.artifact, base: r.base, bitmap: r.bitmap }).finish()
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
 * @throws OtaError `OTA_INVALID_ARGUMENT` for no indexes, indexes out of order or outside uint32, or too wide a span
 */
export function chunkRequestFor (artifact: Uint8Array, indexes: readonly number[]): ChunkRequest {
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
  return { artifact, base, bitmap }
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

/** Encodes a data frame. */
export function encodeDataFrame (f: DataFrame): Uint8Array {
  if (f.chunk !== undefined) return pb.DataFrame.encode({ chunk: f.chunk }).finish()
  return pb.DataFrame.encode({ error: f.error }).finish()
}
