/**
 * The `bsdiff-brotli` delta encoder: bsdiff matching over the whole images (./bsdiff-match.ts),
 * cut into blocks of a fixed output size, each block's control, diff and extra streams
 * compressed separately by Brotli at quality 11 (format: proto/delta/).
 */
import { brotliCompressSync, constants } from 'node:zlib'
import { OtaError, sha256 } from '../../proto/index.js'
import { ALG_BSDIFF_BROTLI, DeltaLimits, encodeDeltaHeader } from '../../proto/delta/format.js'
import { layoutBlock, pushVarint, zigzag, type BlockStreams } from '../../proto/delta/block.js'
import { bsdiffControls } from './bsdiff-match.js'
import { suffixArray } from './suffix-array.js'

/** Default output bytes per block: 1 MiB. */
export const DEFAULT_DELTA_BLOCK = 1024 * 1024

/** Options of {@link encodeDelta}. */
export interface EncodeDeltaOptions {
  /** output bytes per block (the last may be shorter), 4 KiB..16 MiB; default {@link DEFAULT_DELTA_BLOCK} */
  blockSize?: number
  /** Brotli quality 0..11; default 11 */
  quality?: number
  /** largest Brotli window, log2 bytes, 10..24; default 24 (each stream uses the smallest window that holds it) */
  maxLgwin?: number
  /** the suffix array of `old`, when the caller already built it (encoding several block sizes) */
  suffixArray?: Int32Array
}

/** What {@link encodeDelta} returns. */
export interface EncodedDelta {
  /** the whole patch: header then blocks */
  patch: Uint8Array
  /** number of blocks */
  blocks: number
  /** raw bytes of the three streams over all blocks, before Brotli */
  raw: { ctrl: number, diff: number, extra: number }
  /** compressed bytes of the three streams over all blocks */
  compressed: { ctrl: number, diff: number, extra: number }
}

/** Smallest Brotli window (log2) that holds `n` bytes, in 10..max. */
function windowFor (n: number, max: number): number {
  let w = 10
  while (w < max && (1 << w) - 16 < n) w++
  return w
}

/**
 * Encodes a patch turning `old` into `nw`.
 * @param old - the base image (may be empty)
 * @param nw - the new image (1 byte .. {@link DeltaLimits.maxImage})
 * @throws OtaError `OTA_INVALID_ARGUMENT` for an empty new image or options out of range
 */
export function encodeDelta (old: Uint8Array, nw: Uint8Array, options: EncodeDeltaOptions = {}): EncodedDelta {
  const blockSize = options.blockSize ?? DEFAULT_DELTA_BLOCK
  const quality = options.quality ?? 11
  const maxLgwin = options.maxLgwin ?? DeltaLimits.maxLgwin
  if (nw.length === 0) throw new OtaError('OTA_INVALID_ARGUMENT', 'the new image is empty')
  if (!Number.isInteger(blockSize) || blockSize < 4096 || blockSize > DeltaLimits.maxBlockOut) throw new OtaError('OTA_INVALID_ARGUMENT', `block size ${blockSize}`)
  if (!Number.isInteger(maxLgwin) || maxLgwin < 10 || maxLgwin > DeltaLimits.maxLgwin) throw new OtaError('OTA_INVALID_ARGUMENT', `Brotli window 2^${maxLgwin}`)
  if (Math.ceil(nw.length / blockSize) > DeltaLimits.maxBlocks) throw new OtaError('OTA_INVALID_ARGUMENT', 'too many blocks: raise the block size')
  const sa = options.suffixArray ?? suffixArray(old)
  const controls = bsdiffControls(old, nw, sa)
  const streams = cutBlocks(old, nw, controls.values, blockSize)
  const raw = { ctrl: 0, diff: 0, extra: 0 }
  const compressed = { ctrl: 0, diff: 0, extra: 0 }
  const payloads: Uint8Array[] = []
  const entries: Array<{ payloadLength: number, outLength: number }> = []
  for (const s of streams) {
    const lgwin = windowFor(Math.max(s.ctrl.length, s.diff.length, s.extra.length), maxLgwin)
    const sizes: number[] = []
    const payload = layoutBlock(s, lgwin, (data) => {
      const c = brotliCompressSync(data, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: quality,
          [constants.BROTLI_PARAM_LGWIN]: lgwin,
          [constants.BROTLI_PARAM_SIZE_HINT]: data.length
        }
      })
      sizes.push(c.length)
      return c
    })
    raw.ctrl += s.ctrl.length; raw.diff += s.diff.length; raw.extra += s.extra.length
    let k = 0
    if (s.ctrl.length > 0) compressed.ctrl += sizes[k++]!
    if (s.diff.length > 0) compressed.diff += sizes[k++]!
    if (s.extra.length > 0) compressed.extra += sizes[k++]!
    payloads.push(payload)
    entries.push({ payloadLength: payload.length, outLength: s.diff.length + s.extra.length })
  }
  const header = encodeDeltaHeader({
    algorithm: ALG_BSDIFF_BROTLI, oldSize: old.length, newSize: nw.length, oldSha256: sha256(old), newSha256: sha256(nw), blocks: entries
  })
  const patch = new Uint8Array(header.length + payloads.reduce((a, p) => a + p.length, 0))
  patch.set(header, 0)
  let at = header.length
  for (const p of payloads) { patch.set(p, at); at += p.length }
  return { patch, blocks: payloads.length, raw, compressed }
}

/**
 * Cuts whole-image controls into blocks of `blockSize` output bytes: an add or an extra that
 * crosses a block end is split, and each block records the old offset it starts at, so it
 * decodes without the blocks before it.
 * @throws OtaError `OTA_INVALID_ARGUMENT` when the controls do not cover `nw` exactly
 */
export function cutBlocks (old: Uint8Array, nw: Uint8Array, values: number[], blockSize: number): BlockStreams[] {
  const blocks: BlockStreams[] = []
  let out = 0
  let oldPos = 0
  let blockOld = 0
  let blockEnd = Math.min(blockSize, nw.length)
  let triples: number[] = []
  let diffRuns: number[] = [] // newStart, oldStart, length
  let extraRuns: number[] = [] // newStart, length
  let diffLen = 0
  let extraLen = 0
  const close = (): void => {
    const diff = new Uint8Array(diffLen)
    let d = 0
    for (let r = 0; r < diffRuns.length; r += 3) {
      const ns = diffRuns[r]!; const os = diffRuns[r + 1]!; const n = diffRuns[r + 2]!
      for (let i = 0; i < n; i++) diff[d + i] = (nw[ns + i]! - old[os + i]!) & 0xff
      d += n
    }
    const extra = new Uint8Array(extraLen)
    let x = 0
    for (let r = 0; r < extraRuns.length; r += 2) {
      extra.set(nw.subarray(extraRuns[r]!, extraRuns[r]! + extraRuns[r + 1]!), x)
      x += extraRuns[r + 1]!
    }
    const ctrl: number[] = []
    for (let t = 0; t < triples.length; t += 3) {
      pushVarint(ctrl, triples[t]!); pushVarint(ctrl, triples[t + 1]!); pushVarint(ctrl, zigzag(triples[t + 2]!))
    }
    blocks.push({ oldStart: blockOld, ctrl: Uint8Array.from(ctrl), diff, extra })
    triples = []; diffRuns = []; extraRuns = []; diffLen = 0; extraLen = 0
    blockOld = oldPos
    blockEnd = Math.min(out + blockSize, nw.length)
  }
  for (let k = 0; k < values.length; k += 3) {
    let add = values[k]!
    let ins = values[k + 1]!
    const seek = values[k + 2]!
    if (add === 0 && ins === 0) { // a seek alone
      oldPos += seek
      if (triples.length > 0) triples[triples.length - 1]! += seek
      else blockOld = oldPos
      continue
    }
    while (add > 0 || ins > 0) {
      const room = blockEnd - out
      const a = Math.min(add, room)
      const i = Math.min(ins, room - a)
      if (a > 0) { diffRuns.push(out, oldPos, a); diffLen += a }
      if (i > 0) { extraRuns.push(out + a, i); extraLen += i }
      out += a + i
      oldPos += a
      add -= a
      ins -= i
      const last = add === 0 && ins === 0
      if (last) oldPos += seek
      if (out === blockEnd) {
        triples.push(a, i, 0) // the next block starts from its own old offset
        close()
      } else {
        triples.push(a, i, last ? seek : 0)
      }
    }
  }
  if (out !== nw.length || triples.length > 0) throw new OtaError('OTA_INVALID_ARGUMENT', `controls cover ${out} of ${nw.length} bytes`)
  return blocks
}
