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
 * position (last distances, literal run) taken from its cheapest path (the approximation zstd's
 * optimal parser makes too). Candidates: the four repeated distances (matches of ≥ 3 bytes) and
 * a hash chain over 4-byte prefixes (matches of ≥ 4 bytes); a match of ≥ 256 bytes is taken
 * without searching inside it. The first pass uses flat prices (fitted by hand on opensbi), the
 * second order-0 entropy prices of the first pass's symbols. The encoder in ./encode.ts keeps an
 * LZ block only when it comes out smaller than the plain one.
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
  /** parses: the first with the prices above, each next one with order-0 entropy prices fitted on the one before (default 2: opensbi's extra stream 0.4 % of new.bin smaller than 1 pass, 3 passes no better) */
  passes?: number
}

const HASH_BITS = 18
/** A match this long is taken as it is: the positions inside it are not searched. */
const SKIP = 256

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
  const minMatch = options.minMatch ?? 4
  const chain = options.chain ?? 64
  const passes = options.passes ?? 2
  if (extra.length === 0) throw new OtaError('OTA_INVALID_ARGUMENT', 'nothing to parse')
  if (!Number.isInteger(minMatch) || minMatch < 4) throw new OtaError('OTA_INVALID_ARGUMENT', `minMatch ${minMatch}`)
  if (!Number.isInteger(passes) || passes < 1) throw new OtaError('OTA_INVALID_ARGUMENT', `passes ${passes}`)
  const D = dict.length
  const win = new Uint8Array(D + extra.length)
  win.set(dict, 0)
  win.set(extra, D)
  const chains = new HashChains(win, D)
  let prices = flatPrices(options)
  let parsed = parse(win, D, chains, prices, minMatch, chain)
  for (let k = 1; k < passes; k++) {
    prices = fittedPrices(parsed)
    parsed = parse(win, D, chains, prices, minMatch, chain)
  }
  return encodeSequences(parsed.lits, parsed.runs, parsed.lens, parsed.dists)
}

/** Hash chains over 4-byte prefixes of `win`; the dictionary part is inserted once, the rest by each pass. */
class HashChains {
  readonly head: Int32Array
  readonly prev: Int32Array
  private readonly dictHead: Int32Array
  constructor (private readonly win: Uint8Array, dictLen: number) {
    this.head = new Int32Array(1 << HASH_BITS).fill(-1)
    this.prev = new Int32Array(win.length).fill(-1)
    for (let p = 0; p < dictLen; p++) this.insert(p)
    this.dictHead = this.head.slice()
  }

  /** Forgets every position after the dictionary. */
  reset (): void { this.head.set(this.dictHead) }

  hash (p: number): number {
    const w = this.win
    return Math.imul(w[p]! | w[p + 1]! << 8 | w[p + 2]! << 16 | w[p + 3]! << 24, 0x9e3779b1) >>> (32 - HASH_BITS)
  }

  insert (p: number): void {
    if (p + 4 > this.win.length) return
    const h = this.hash(p)
    this.prev[p] = this.head[h]!
    this.head[h] = p
  }
}

/** Prices, in estimated compressed bytes, of each part of a parse. */
interface Prices {
  lit: Float64Array
  run: (v: number) => number
  len: (v: number) => number
  code: Float64Array
  dist: (d: number) => number
}

function flatPrices (o: LzParseOptions): Prices {
  const seq = o.sequence ?? 0.6
  return {
    lit: new Float64Array(256).fill(o.literal ?? 0.9),
    run: (v) => seq * varintBytes(v),
    len: (v) => seq * varintBytes(v),
    code: Float64Array.of(0.5, 0.5, 0.5, 0.5, 0).map((x) => x * seq * (o.repeat ?? 0.5) / 0.5),
    dist: (d) => seq * varintBytes(d - 1)
  }
}

/** Order-0 entropy prices (bytes) from the symbols of a parse, the way zstd's optimal parser refits its prices. */
function fittedPrices (p: Parsed): Prices {
  const table = (values: number[], size: number): Float64Array => {
    const f = new Float64Array(size).fill(0.5)
    for (const v of values) f[Math.min(v, size - 1)]! += 1
    const total = f.reduce((a, b) => a + b, 0)
    return f.map((c) => -Math.log2(c / total) / 8)
  }
  const lit = table(Array.from(p.lits), 256)
  const runT = table(p.runs, 65)
  const lenT = table(p.lens.map((m) => m - LZ_MIN_MATCH), 65)
  const bucket = (d: number): number => 31 - Math.clz32(d)
  const news: number[] = []
  const codes: number[] = []
  const reps = [1, 2, 3, 4]
  for (const d of p.dists) {
    const k = reps.indexOf(d)
    if (k >= 0) { codes.push(k); reps.splice(k, 1) } else { codes.push(4); news.push(bucket(d)); reps.pop() }
    reps.unshift(d)
  }
  const code = table(codes, 5)
  const distT = table(news, 32)
  const tail = (t: Float64Array, v: number): number => v < t.length - 1 ? t[v]! : t[t.length - 1]! + varintBytes(v) - 1
  return { lit, run: (v) => tail(runT, v), len: (v) => tail(lenT, v), code, dist: (d) => distT[bucket(d)]! + bucket(d) / 8 }
}

/** One parse: literals and the sequences' columns. */
interface Parsed { lits: Uint8Array, runs: number[], lens: number[], dists: number[] }

/** The cheapest parse of win[D..] under `prices` (see the module doc). */
function parse (win: Uint8Array, D: number, chains: HashChains, prices: Prices, minMatch: number, chain: number): Parsed {
  const n = win.length - D
  chains.reset()
  const { head, prev } = chains
  const cost = new Float64Array(n + 1).fill(Infinity)
  cost[0] = 0
  const from = new Int32Array(n + 1)
  const mlen = new Int32Array(n + 1)
  const mdist = new Int32Array(n + 1)
  const run = new Int32Array(n + 1)
  const reps = new Int32Array(4 * (n + 1))
  reps.set([1, 2, 3, 4], 0)
  const LONG = 32
  let skip = 0 // positions inside a match of ≥ SKIP bytes are not searched (the match is taken; zstd's "sufficient length")
  for (let i = 0; i < n; i++) {
    const P = D + i
    const ci = cost[i]!
    const cl = ci + prices.lit[win[P]!]!
    if (cl < cost[i + 1]!) {
      cost[i + 1] = cl; from[i + 1] = i; mlen[i + 1] = 0; run[i + 1] = run[i]! + 1
      reps.copyWithin(4 * (i + 1), 4 * i, 4 * i + 4)
    }
    const base = ci + prices.run(run[i]!)
    const relax = (d: number, L: number, price: number, shortest: number): void => {
      const top = Math.min(L, LONG)
      for (let m = shortest; m <= L; m = m < top ? m + 1 : (m === L ? L + 1 : L)) {
        const c = base + price + prices.len(m - LZ_MIN_MATCH)
        const e = i + m
        if (c < cost[e]!) {
          cost[e] = c; from[e] = i; mlen[e] = m; mdist[e] = d; run[e] = 0
          moveToFront(reps, 4 * i, 4 * e, d)
        }
      }
    }
    if (i < skip) { chains.insert(P); continue }
    let longest = 0
    for (let k = 0; k < 4; k++) {
      const d = reps[4 * i + k]!
      const c = P - d
      if (c < 0) continue
      let L = 0
      while (i + L < n && win[c + L] === win[P + L]) L++
      if (L >= LZ_MIN_MATCH) relax(d, L, prices.code[k]!, LZ_MIN_MATCH)
      if (L > longest) longest = L
    }
    if (i + minMatch <= n && longest < SKIP) {
      let c = head[chains.hash(P)]!
      for (let k = 0; c >= 0 && k < chain; k++, c = prev[c]!) {
        let L = 0
        while (i + L < n && win[c + L] === win[P + L]) L++
        if (L >= minMatch) relax(P - c, L, prices.code[4]! + prices.dist(P - c), minMatch)
        if (L > longest) longest = L
      }
    }
    if (longest >= SKIP) skip = i + longest
    chains.insert(P)
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
    if (mlen[e] === 0) { lits.push(win[D + e - 1]!); litRun++; continue }
    runs.push(litRun); lens.push(mlen[e]!); dists.push(mdist[e]!)
    litRun = 0
  }
  return { lits: Uint8Array.from(lits), runs, lens, dists }
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
 * @param outStart - the block's first byte in the new image: the dictionary's anchor when the
 *   block adds nothing from the old image (an LZ-only block), instead of `s.oldStart`
 * @param maxDict - largest dictionary, bytes (≤ DeltaLimits.maxDict)
 * @param lgwinFor - the Brotli window (log2) for streams of at most this many bytes
 * @param compress - compresses one stream with a given window
 * @returns the payload, or undefined when the extra stream is empty
 */
export function lzPayload (old: Uint8Array, s: BlockStreams, outStart: number, maxDict: number, lgwinFor: (n: number) => number,
  compress: (data: Uint8Array, lgwin: number) => Uint8Array, options: LzParseOptions = {}): Uint8Array | undefined {
  if (s.extra.length === 0) return undefined
  const [dictStart, dictLen] = dictionaryFor(s.diff.length > 0 ? s.oldStart : Math.min(outStart, old.length), old.length, maxDict)
  const lz = lzParse(old.subarray(dictStart, dictStart + dictLen), s.extra, options)
  const lgwin = lgwinFor(Math.max(s.ctrl.length, s.diff.length, lz.lit.length, lz.seq.length))
  return layoutLzBlock({ oldStart: s.oldStart, dictStart, dictLen, ctrl: s.ctrl, diff: s.diff, lz }, lgwin, (d) => compress(d, lgwin))
}
