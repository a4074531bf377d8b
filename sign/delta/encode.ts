/**
 * The delta encoder: bsdiff matching over the whole images (./bsdiff-match.ts), optionally
 * followed by a pass that takes matches into the old image out of the extra runs
 * (./extra-match.ts; opensbi 25.78 → 25.48 % of new.bin, never worse: kept per block), cut into
 * blocks of a fixed output size, each block's control, diff and extra streams compressed
 * separately by Brotli at quality 11 (`bsdiff-brotli`, format: proto/delta/). With `lzDict` (the
 * default) each block is also tried with its extra stream LZ77-coded against a slice of the old
 * image (./extra-lz.ts), from its smallest plain encoding and from an LZ-only variant with no
 * controls; when any block is smaller so, the patch is `bsdiff-lz-brotli` (opensbi 25.48 →
 * 24.13 %, under zstd --patch-from's 24.58 %).
 */
import { brotliCompressSync, constants } from 'node:zlib'
import { OtaError, sha256 } from '../../proto/index.js'
import { ALG_BSDIFF_BROTLI, ALG_BSDIFF_LZ_BROTLI, DeltaLimits, encodeDeltaHeader } from '../../proto/delta/format.js'
import { plainInLz } from '../../proto/delta/lz-block.js'
import { encodeControls, layoutBlock, type BlockStreams } from '../../proto/delta/block.js'
import { bsdiffControls } from './bsdiff-match.js'
import { suffixArray } from './suffix-array.js'
import { matchExtras } from './extra-match.js'
import { DEFAULT_LZ_DICT, lzPayload } from './extra-lz.js'

/** Default shortest match {@link matchExtras} takes out of an extra run: 4 bytes (best of 4, 6, 8, 12 on opensbi, ath9k, microbit). */
export const DEFAULT_EXTRA_MATCH = 4

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
  /**
   * bsdiff mismatch thresholds to try (./bsdiff-match.ts); each block keeps the smallest
   * encoding among them (blocks decode independently, so they mix). Default [4, 6, 8]: on the
   * corpus 4 wins on ath9k and microbit, 6 on opensbi, 8 (bsdiff's own) on seabios and uboot.
   */
  mismatch?: readonly number[]
  /**
   * shortest exact match the second pass (./extra-match.ts) takes out of bsdiff's extra runs,
   * bytes (≥ 4), or `false` for no second pass; default {@link DEFAULT_EXTRA_MATCH}. Matches
   * are extended with mismatches by bsdiff's rule (`extend` of ./extra-match.ts). Each
   * mismatch threshold's controls are then tried with and without the pass, per block.
   */
  extraMatch?: number | false
  /**
   * largest old-image slice a block may use as the dictionary of its LZ-coded extra stream
   * (`bsdiff-lz-brotli`, ./extra-lz.ts), bytes ≤ 16 MiB, or `false` for plain `bsdiff-brotli`
   * blocks only; default {@link DEFAULT_LZ_DICT}. Each block keeps the smaller of its plain and
   * LZ encodings; the patch is `bsdiff-brotli` when no block is smaller with LZ.
   */
  lzDict?: number | false
  /**
   * LZ-code every variant's blocks (slow: one parse per variant and block) instead of, per
   * block, only the smallest plain encoding and the LZ-only variant (one pure-LZ block, no
   * controls); default false
   */
  lzAll?: boolean
}

/** What {@link encodeDelta} returns. */
export interface EncodedDelta {
  /** the whole patch: header then blocks */
  patch: Uint8Array
  /** number of blocks */
  blocks: number
  /** raw bytes of the three streams over all blocks, before Brotli (an LZ block counts its plain streams, before LZ coding) */
  raw: { ctrl: number, diff: number, extra: number }
  /** compressed bytes of the three streams over all blocks (an LZ block: of its plain encoding) */
  compressed: { ctrl: number, diff: number, extra: number }
  /** how many blocks each mismatch threshold won */
  wins: Record<number, number>
  /** how many of those blocks were won by controls after the extra-run pass (./extra-match.ts) */
  extraMatchWins: number
  /** how many blocks are LZ-coded (kind 1 of a `bsdiff-lz-brotli` patch) */
  lzBlocks: number
  /** the patch's algorithm name */
  algorithm: string
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
  const mismatch = options.mismatch ?? [4, 6, 8]
  if (mismatch.length === 0 || mismatch.some((m) => !Number.isInteger(m) || m < 0)) throw new OtaError('OTA_INVALID_ARGUMENT', 'mismatch thresholds must be integers ≥ 0')
  const variants = mismatch.map((mm) => ({ mismatch: mm, values: bsdiffControls(old, nw, sa, mm).values }))
  return packDelta(old, nw, variants, { blockSize, quality, maxLgwin, suffixArray: sa, extraMatch: options.extraMatch, lzDict: options.lzDict, lzAll: options.lzAll })
}

/** Controls of one matching run, as {@link packDelta} takes them. */
export interface ControlVariant {
  /** the mismatch threshold that produced them (reported in `wins`); Infinity for the LZ-only variant {@link packDelta} adds (one extra run, LZ-coded against the old image) */
  mismatch: number
  /** whole-image controls (./bsdiff-match.ts) */
  values: number[]
  /** true when ./extra-match.ts produced them (set by {@link packDelta}) */
  extraMatched?: boolean
}

/** Options of {@link packDelta}. */
export interface PackDeltaOptions {
  /** output bytes per block (checked by {@link encodeDelta}) */
  blockSize: number
  /** Brotli quality 0..11 */
  quality: number
  /** largest Brotli window, log2 bytes */
  maxLgwin: number
  /** the suffix array of `old`, needed by the extra-run pass (built, or taken from the memo of ./suffix-array.ts, when absent) */
  suffixArray?: Int32Array
  /** as {@link EncodeDeltaOptions.extraMatch}; default {@link DEFAULT_EXTRA_MATCH} */
  extraMatch?: number | false
  /** as {@link EncodeDeltaOptions.lzDict}; default {@link DEFAULT_LZ_DICT} */
  lzDict?: number | false
  /** as {@link EncodeDeltaOptions.lzAll}; default false */
  lzAll?: boolean
}

/**
 * Adds to each variant its controls after the extra-run pass (./extra-match.ts), memoized per
 * controls array: a benchmark packs the same variants at several block sizes.
 */
function withExtraMatches (old: Uint8Array, nw: Uint8Array, variants: readonly ControlVariant[], options: PackDeltaOptions): ControlVariant[] {
  const minMatch = options.extraMatch ?? DEFAULT_EXTRA_MATCH
  if (minMatch === false || old.length === 0) return variants.slice()
  const sa = options.suffixArray ?? suffixArray(old)
  const out: ControlVariant[] = []
  for (const v of variants) {
    out.push(v)
    if (v.extraMatched === true) continue
    const key = `${minMatch}`
    let memo = refined.get(v.values)
    if (memo === undefined) { memo = new Map(); refined.set(v.values, memo) }
    let values = memo.get(key)
    if (values === undefined) { values = matchExtras(old, nw, sa, v.values, { minMatch, extend: true }); memo.set(key, values) }
    out.push({ mismatch: v.mismatch, values, extraMatched: true })
  }
  return out
}

const refined = new WeakMap<number[], Map<string, number[]>>()

/**
 * Cuts each variant's controls into blocks, compresses them, keeps the smallest encoding of
 * each block, and writes the patch. Unless `options.extraMatch` is false, each variant is also
 * tried after the extra-run pass (./extra-match.ts). {@link encodeDelta} is matching plus this;
 * a benchmark calls it once per block size with the same variants.
 * @throws OtaError `OTA_INVALID_ARGUMENT` when no variant is given, one does not cover `nw`, or
 *   `extraMatch` is below 4
 */
export function packDelta (old: Uint8Array, nw: Uint8Array, given: readonly ControlVariant[], options: PackDeltaOptions): EncodedDelta {
  const { blockSize, quality, maxLgwin } = options
  if (given.length === 0) throw new OtaError('OTA_INVALID_ARGUMENT', 'no control variant')
  const variants = withExtraMatches(old, nw, given, options)
  if (options.lzDict !== false && old.length > 0) variants.push({ mismatch: Infinity, values: [0, nw.length, 0] })
  let extraMatchWins = 0
  const raw = { ctrl: 0, diff: 0, extra: 0 }
  const compressed = { ctrl: 0, diff: 0, extra: 0 }
  const wins: Record<number, number> = {}
  const lzDict = options.lzDict ?? DEFAULT_LZ_DICT
  if (lzDict !== false && (!Number.isInteger(lzDict) || lzDict < 0 || lzDict > DeltaLimits.maxDict)) throw new OtaError('OTA_INVALID_ARGUMENT', `LZ dictionary of ${lzDict} bytes`)
  const compress = (data: Uint8Array, lgwin: number): Uint8Array => brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: quality,
      [constants.BROTLI_PARAM_LGWIN]: lgwin,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length
    }
  })
  type Candidate = { payload: Uint8Array, outLength: number, outStart: number, mm: number, xm: boolean, raw: number[], comp: number[], lz?: Uint8Array, s?: BlockStreams }
  const useLz = lzDict !== false && lzDict > 0 && old.length > 0 // with no old image LZ is only a weaker Brotli (and a compressed image stays `bsdiff-brotli`)
  const withLz = (c: Candidate): Candidate => {
    if (useLz && c.s !== undefined && c.lz === undefined) c.lz = lzPayload(old, c.s, c.outStart, lzDict, (n) => windowFor(n, maxLgwin), compress)
    return c
  }
  const size = (b: Candidate): number => Math.min(b.payload.length + 1, b.lz?.length ?? Infinity)
  let best: Candidate[] = [] // the smallest plain block so far (LZ-coded too with lzAll)
  const lzOnly: Candidate[] = []
  for (const { mismatch: mm, values, extraMatched } of variants) {
    const streams = cutBlocks(old, nw, values, blockSize)
    streams.forEach((s, i) => {
      const lgwin = windowFor(Math.max(s.ctrl.length, s.diff.length, s.extra.length), maxLgwin)
      const comp = [0, 0, 0]
      const parts = [s.ctrl, s.diff, s.extra]
      const payload = layoutBlock(s, lgwin, (data) => {
        const c = compress(data, lgwin)
        comp[parts.indexOf(data)] = c.length
        return c
      })
      const candidate: Candidate = { payload, outLength: s.diff.length + s.extra.length, outStart: i * blockSize, mm, xm: extraMatched === true, raw: parts.map((p) => p.length), comp, s }
      if (mm === Infinity) lzOnly[i] = candidate
      if (options.lzAll === true) withLz(candidate)
      if (best[i] === undefined || size(candidate) < size(best[i]!)) best[i] = candidate
    })
  }
  if (options.lzAll !== true) {
    // LZ-code each block's smallest plain encoding and its LZ-only variant, keep the smaller
    best = best.map((b, i) => {
      const other = lzOnly[i]
      const x = withLz(b)
      return other === undefined || other === b || size(x) <= size(withLz(other)) ? x : other
    })
  }
  for (const b of best) delete b.s
  best = best.filter((b) => b !== undefined)
  const lzWins = (b: typeof best[number]): boolean => b.lz !== undefined && b.lz.length < b.payload.length + 1
  const lzBlocks = best.filter(lzWins).length
  const algorithm = lzBlocks > 0 ? ALG_BSDIFF_LZ_BROTLI : ALG_BSDIFF_BROTLI
  const payloads = best.map((b) => lzBlocks === 0 ? b.payload : lzWins(b) ? b.lz! : plainInLz(b.payload))
  const entries = best.map((b, i) => ({ payloadLength: payloads[i]!.length, outLength: b.outLength }))
  for (const b of best) {
    wins[b.mm] = (wins[b.mm] ?? 0) + 1
    if (b.xm) extraMatchWins++
    raw.ctrl += b.raw[0]!; raw.diff += b.raw[1]!; raw.extra += b.raw[2]!
    compressed.ctrl += b.comp[0]!; compressed.diff += b.comp[1]!; compressed.extra += b.comp[2]!
  }
  const header = encodeDeltaHeader({
    algorithm, oldSize: old.length, newSize: nw.length, oldSha256: sha256(old), newSha256: sha256(nw), blocks: entries
  })
  const patch = new Uint8Array(header.length + payloads.reduce((a, p) => a + p.length, 0))
  patch.set(header, 0)
  let at = header.length
  for (const p of payloads) { patch.set(p, at); at += p.length }
  return { patch, blocks: payloads.length, raw, compressed, wins, extraMatchWins, lzBlocks, algorithm }
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
    blocks.push({ oldStart: blockOld, ctrl: encodeControls(triples), diff, extra })
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
