/**
 * The encoder of a `bsdiff-lz-brotli` block's extra stream (format: proto/delta/lz-block.ts): an
 * LZ77 parse of the extra bytes against a window made of a slice of the old image (the
 * dictionary) followed by the extra bytes already produced. Brotli alone cannot see the old
 * image when it compresses the extra stream (node:zlib has no custom-dictionary API), so the
 * parse does that part: copies from the dictionary (relocated code and data bsdiff left as
 * literal bytes) and from the extra bytes before (so that the parse prices both; Brotli still
 * compresses the literal and sequence streams it leaves).
 *
 * The parse is an optimal parse over prices in estimated compressed bytes (a literal, a
 * sequence, a new distance by its varint length, a repeated distance), the state of each
 * position taken from its cheapest path (the approximation zstd's optimal parser makes too).
 * Candidates: the four repeated distances (matches of ≥ 3 bytes) and a hash chain over 4-byte
 * prefixes (matches of ≥ 4 bytes). Prices were fitted on the corpus (opensbi); the encoder in
 * ./encode.ts keeps an LZ block only when it comes out smaller than the plain one.
 */
import { OtaError } from '../../proto/index.js'
import { LZ_MIN_MATCH, encodeSequences, layoutLzBlock, type LzSequences } from '../../proto/delta/lz-block.js'
import type { BlockStreams } from '../../proto/delta/block.js'

/** Options of {@link lzParse}; prices are in estimated compressed bytes. */
export interface LzParseOptions {
  /** price of a literal byte (default 0.9) */
  literal?: number
  /** price of one varint byte of a sequence (default 0.6) */
  sequence?: number
  /** price of a repeated distance, in sequence-byte units (default 0.5) */
  repeat?: number
  /** shortest match at a new distance, ≥ 4 (default 4) */
  minMatch?: number
  /** most hash-chain candidates looked at per position (default 64) */
  chain?: number
}

const HASH_BITS = 18

function varintBytes (v: number): number {
  let n = 1
  while (v >= 128) { v = Math.floor(v / 128); n++ }
  return n
}

/**
 * Parses `extra` into literals and sequences (literal run, match length, distance back from the
 * current position in `dict ‖ extra`), the form proto/delta/lz-block.ts decodes.
 * @param dict - the dictionary: a slice of the old image (may be empty)
 * @param extra - the bytes to encode (not empty)
 * @throws OtaError `OTA_INVALID_ARGUMENT` for an empty `extra` or options out of range
 */
export function lzParse (dict: Uint8Array, extra: Uint8Array, options: LzParseOptions = {}): LzSequences {
  const lit = options.literal ?? 0.9
  const seq = options.sequence ?? 0.6
  const rep = (options.repeat ?? 0.5) * seq
  const minMatch = options.minMatch ?? 4
  const chain = options.chain ?? 64
  const n = extra.length
  if (n === 0) throw new OtaError('OTA_INVALID_ARGUMENT', 'nothing to parse')
  if (!Number.isInteger(minMatch) || minMatch < 4) throw new OtaError('OTA_INVALID_ARGUMENT', `minMatch ${minMatch}`)
  const D = dict.length
  const N = D + n
  const win = new Uint8Array(N)
  win.set(dict, 0)
  win.set(extra, D)
  const head = new Int32Array(1 << HASH_BITS).fill(-1)
  const prev = new Int32Array(N).fill(-1)
  const hash = (p: number): number => Math.imul(win[p]! | win[p + 1]! << 8 | win[p + 2]! << 16 | win[p + 3]! << 24, 0x9e3779b1) >>> (32 - HASH_BITS)
  const insert = (p: number): void => { if (p + 4 <= N) { const h = hash(p); prev[p] = head[h]!; head[h] = p } }
  for (let p = 0; p < D; p++) insert(p)

  const cost = new Float64Array(n + 1).fill(Infinity)
  cost[0] = 0
  const from = new Int32Array(n + 1)
  const mlen = new Int32Array(n + 1)
  const mdist = new Int32Array(n + 1)
  const run = new Int32Array(n + 1)
  const reps = new Int32Array(4 * (n + 1))
  reps.set([1, 2, 3, 4], 0)
  const LONG = 32
  for (let i = 0; i < n; i++) {
    const P = D + i
    const ci = cost[i]!
    if (ci + lit < cost[i + 1]!) {
      cost[i + 1] = ci + lit; from[i + 1] = i; mlen[i + 1] = 0; run[i + 1] = run[i]! + 1
      reps.copyWithin(4 * (i + 1), 4 * i, 4 * i + 4)
    }
    const base = ci + seq * (1 + varintBytes(run[i]!))
    const relax = (d: number, L: number, price: number, shortest: number): void => {
      const top = Math.min(L, LONG)
      for (let m = shortest; m <= L; m = m < top ? m + 1 : (m === L ? L + 1 : L)) {
        const c = base + price + (m - LZ_MIN_MATCH >= 128 ? seq * (varintBytes(m - LZ_MIN_MATCH) - 1) : 0)
        const e = i + m
        if (c < cost[e]!) {
          cost[e] = c; from[e] = i; mlen[e] = m; mdist[e] = d; run[e] = 0
          moveToFront(reps, 4 * i, 4 * e, d)
        }
      }
    }
    let longest = 0
    for (let k = 0; k < 4; k++) {
      const d = reps[4 * i + k]!
      const c = P - d
      if (c < 0) continue
      let L = 0
      while (i + L < n && win[c + L] === win[P + L]) L++
      if (L >= LZ_MIN_MATCH) relax(d, L, rep, LZ_MIN_MATCH)
      if (L > longest) longest = L
    }
    if (i + minMatch <= n && longest < 256) {
      let c = head[hash(P)]!
      for (let k = 0; c >= 0 && k < chain; k++, c = prev[c]!) {
        let L = 0
        while (i + L < n && win[c + L] === win[P + L]) L++
        if (L >= minMatch) relax(P - c, L, seq * varintBytes(P - c - 1), minMatch)
      }
    }
    insert(P)
  }
  const path: number[] = []
  for (let e = n; e > 0; e = from[e]!) path.push(e)
  path.reverse()
  const lits: number[] = []
  const runs: number[] = []
  const lens: number[] = []
  const dists: number[] = []
  let litRun = 0
  for (const e of path) {
    if (mlen[e] === 0) { lits.push(extra[e - 1]!); litRun++; continue }
    runs.push(litRun); lens.push(mlen[e]!); dists.push(mdist[e]!)
    litRun = 0
  }
  return encodeSequences(Uint8Array.from(lits), runs, lens, dists)
}

/** reps[to..to+4) = reps[at..at+4) with `d` moved (or pushed) to the front. */
function moveToFront (reps: Int32Array, at: number, to: number, d: number): void {
  const r0 = reps[at]!; const r1 = reps[at + 1]!; const r2 = reps[at + 2]!; const r3 = reps[at + 3]!
  reps[to] = d
  if (d === r0) { reps[to + 1] = r1; reps[to + 2] = r2; reps[to + 3] = r3 } else if (d === r1) { reps[to + 1] = r0; reps[to + 2] = r2; reps[to + 3] = r3 } else if (d === r2) { reps[to + 1] = r0; reps[to + 2] = r1; reps[to + 3] = r3 } else { reps[to + 1] = r0; reps[to + 2] = r1; reps[to + 3] = r2 }
}

/** Default largest dictionary of a block: 8 MiB of the old image around the block's old offset. */
export const DEFAULT_LZ_DICT = 8 * 1024 * 1024

/**
 * The dictionary slice of a block: `max` bytes of the old image (all of it when smaller),
 * starting `max / 4` before the block's old offset when the image allows (code moves forward
 * more often than back in the corpus; bsdiff's offset is where the block's old bytes are).
 * @returns [dictStart, dictLen]
 */
export function dictionaryFor (oldStart: number, oldSize: number, max: number): [number, number] {
  const len = Math.min(max, oldSize)
  const start = Math.max(0, Math.min(oldStart - Math.floor(len / 4), oldSize - len))
  return [start, len]
}

/**
 * The kind-1 payload of a block (proto/delta/lz-block.ts): its controls and diff as they are,
 * its extra stream parsed by {@link lzParse} against the block's dictionary slice.
 * @param s - the block's raw streams (./encode.ts's cutBlocks)
 * @param maxDict - largest dictionary, bytes (≤ DeltaLimits.maxDict)
 * @param lgwinFor - the Brotli window (log2) for streams of at most this many bytes
 * @param compress - compresses one stream with a given window
 * @returns the payload, or undefined when the extra stream is empty
 */
export function lzPayload (old: Uint8Array, s: BlockStreams, maxDict: number, lgwinFor: (n: number) => number,
  compress: (data: Uint8Array, lgwin: number) => Uint8Array, options: LzParseOptions = {}): Uint8Array | undefined {
  if (s.extra.length === 0) return undefined
  const [dictStart, dictLen] = dictionaryFor(s.oldStart, old.length, maxDict)
  const lz = lzParse(old.subarray(dictStart, dictStart + dictLen), s.extra, options)
  const lgwin = lgwinFor(Math.max(s.ctrl.length, s.diff.length, lz.lit.length, lz.seq.length))
  return layoutLzBlock({ oldStart: s.oldStart, dictStart, dictLen, ctrl: s.ctrl, diff: s.diff, lz }, lgwin, (d) => compress(d, lgwin))
}
