/**
 * One block of a `bsdiff-lz-brotli` patch (format in ./format.ts): a kind byte, then either a
 * `bsdiff-brotli` payload (kind 0, ./block.ts) or the same controls and diff with the extra
 * stream LZ77-coded against a slice of the old image (kind 1):
 *
 * ```
 * payload = kind u8 (0) | bsdiff-brotli payload
 *         | kind u8 (1) | oldStart u32 | lgwin u8 | dictStart u32 | dictLen u32 | seqCount u32 | extraLen u32
 *         | ctrlRaw u32 | ctrlComp u32 | diffRaw u32 | diffComp u32 | litRaw u32 | litComp u32 | seqRaw u32 | seqComp u32
 *         | ctrl | diff | lit | seq                                 (each a Brotli stream, as in ./block.ts)
 * seq     = n × litRun varint | n × (matchLen − 3) varint | n × code u8 | m × (distance − 1) varint
 * ```
 *
 * The extra stream (`extraLen` bytes) is rebuilt in the window W = old[dictStart, dictStart +
 * dictLen) ‖ extra: for each of the n sequences, copy `litRun` bytes of the literal stream, then
 * copy `matchLen` (≥ 3) bytes from `distance` bytes back in W, byte by byte (a copy may overlap
 * its own output, as in LZ77); the literals left after the last sequence end the stream. `code`
 * 0..3 takes the distance from a list of the four last distances (initially 1, 2, 3, 4) and
 * moves it to the front; `code` 4 takes the next varint of the distance column and pushes it to
 * the front (dropping the last). The varints are LEB128, at most 5 bytes. The controls, diff and
 * extra then apply as in ./block.ts. Everything is checked before the dictionary is read or the
 * extra stream allocated; bad input is `OTA_DELTA`.
 */
import { OtaError } from '../errors.js'
import { DeltaLimits } from './format.js'
import { checkControls, inflate, parseControls, pushVarint, type DecodedBlock } from './block.js'

/** Shortest match a sequence may copy, bytes. */
export const LZ_MIN_MATCH = 3

/** Bytes of the fixed part of a kind-1 payload, before the streams. */
export const LZ_BLOCK_PREFIX = 1 + 4 + 1 + 4 * 4 + 8 * 4

/** A block's kind byte: a `bsdiff-brotli` payload follows. */
export const LZ_KIND_PLAIN = 0
/** A block's kind byte: the LZ layout follows. */
export const LZ_KIND_LZ = 1

/** The extra stream as literals and sequences, raw (before Brotli). */
export interface LzSequences {
  /** literal bytes, in order */
  lit: Uint8Array
  /** the sequence stream (see the module doc) */
  seq: Uint8Array
  /** number of sequences */
  count: number
  /** bytes the sequences and literals produce */
  extraLength: number
}

/** The raw streams of a kind-1 block, as the encoder builds them. */
export interface LzBlockStreams {
  /** where the controls start reading the old image */
  oldStart: number
  /** first byte of the old image in the dictionary */
  dictStart: number
  /** bytes of the dictionary */
  dictLen: number
  /** control stream (./block.ts) */
  ctrl: Uint8Array
  /** diff stream (./block.ts) */
  diff: Uint8Array
  /** the extra stream, LZ-coded */
  lz: LzSequences
}

/** Reads `length` bytes of the old image at `offset` (used before the next call). */
export type ReadOld = (offset: number, length: number) => Promise<Uint8Array>

function bad (message: string, block: number): OtaError {
  return new OtaError('OTA_DELTA', `block ${block}: ${message}`, { details: { block } })
}

/**
 * Lays out sequences (literal runs, match lengths ≥ {@link LZ_MIN_MATCH}, distances ≥ 1) as the
 * sequence stream, coding each distance found among the four last as its index.
 * @throws OtaError `OTA_INVALID_ARGUMENT` when the columns differ in length or a value is out of range
 */
export function encodeSequences (lit: Uint8Array, runs: readonly number[], lens: readonly number[], dists: readonly number[]): LzSequences {
  if (runs.length !== lens.length || runs.length !== dists.length) throw new OtaError('OTA_INVALID_ARGUMENT', 'sequence columns differ in length')
  const runCol: number[] = []
  const lenCol: number[] = []
  const codes: number[] = []
  const distCol: number[] = []
  const reps = [1, 2, 3, 4]
  let litUsed = 0
  let produced = 0
  for (let k = 0; k < runs.length; k++) {
    const d = dists[k]!
    if (lens[k]! < LZ_MIN_MATCH || d < 1 || runs[k]! < 0) throw new OtaError('OTA_INVALID_ARGUMENT', `sequence ${k} out of range`)
    pushVarint(runCol, runs[k]!)
    pushVarint(lenCol, lens[k]! - LZ_MIN_MATCH)
    const at = reps.indexOf(d)
    if (at >= 0) { codes.push(at); reps.splice(at, 1) } else { codes.push(4); pushVarint(distCol, d - 1); reps.pop() }
    reps.unshift(d)
    litUsed += runs[k]!
    produced += runs[k]! + lens[k]!
  }
  if (litUsed > lit.length) throw new OtaError('OTA_INVALID_ARGUMENT', 'the sequences use more literals than given')
  const seq = Uint8Array.from([...runCol, ...lenCol, ...codes, ...distCol])
  return { lit, seq, count: runs.length, extraLength: produced + lit.length - litUsed }
}

/**
 * Lays out a kind-1 payload, compressing its four streams with `compress`.
 * @param lgwin - Brotli window, log2 bytes, of every stream
 */
export function layoutLzBlock (s: LzBlockStreams, lgwin: number, compress: (data: Uint8Array) => Uint8Array): Uint8Array {
  const raws = [s.ctrl, s.diff, s.lz.lit, s.lz.seq]
  const parts = raws.map((d) => d.length === 0 ? new Uint8Array(0) : compress(d))
  const out = new Uint8Array(LZ_BLOCK_PREFIX + parts.reduce((a, p) => a + p.length, 0))
  const dv = new DataView(out.buffer)
  out[0] = LZ_KIND_LZ
  dv.setUint32(1, s.oldStart, true)
  out[5] = lgwin
  dv.setUint32(6, s.dictStart, true)
  dv.setUint32(10, s.dictLen, true)
  dv.setUint32(14, s.lz.count, true)
  dv.setUint32(18, s.lz.extraLength, true)
  for (let i = 0; i < 4; i++) {
    dv.setUint32(22 + 8 * i, raws[i]!.length, true)
    dv.setUint32(26 + 8 * i, parts[i]!.length, true)
  }
  let at = LZ_BLOCK_PREFIX
  for (const p of parts) { out.set(p, at); at += p.length }
  return out
}

/** Prefixes a `bsdiff-brotli` payload with kind 0, for a `bsdiff-lz-brotli` patch. */
export function plainInLz (payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(payload.length + 1)
  out[0] = LZ_KIND_PLAIN
  out.set(payload, 1)
  return out
}

/** Reads one LEB128 varint (≤ 5 bytes) at `at.i` of `b`, advancing it. */
function readVarint (b: Uint8Array, at: { i: number }, end: number, index: number): number {
  let v = 0
  let scale = 1
  for (let n = 0; ; n++) {
    if (n === 5) throw bad('a sequence varint is longer than 5 bytes', index)
    if (at.i >= end) throw bad('the sequence stream ends inside a column', index)
    const x = b[at.i++]!
    v += (x & 0x7f) * scale
    scale *= 0x80
    if ((x & 0x80) === 0) return v
  }
}

/**
 * Decodes a kind-1 payload (layout in the module doc), checks it against its table entry, the old image and
 * {@link DeltaLimits}, then reads its dictionary through `readOld` and rebuilds the extra stream.
 * Checked before the dictionary is read or the extra stream allocated: lengths add up; dictionary
 * inside the old image and ≤ maxDict; each stream inflates to exactly its raw length; the
 * sequences use exactly the literals, copy only from inside the window and produce exactly
 * `extraLen` bytes; the controls as in ./block.ts.
 * @param payload - the whole payload, kind byte included
 * @param outLength - bytes the block must produce (its table entry)
 * @param oldSize - bytes of the old image
 * @param index - block index, for error messages
 * @param readOld - reads the dictionary (once)
 * @throws OtaError `OTA_DELTA` for anything malformed or out of range, `OTA_IO` when `readOld`
 *   returns another length; whatever `readOld` throws
 */
export async function decodeLzBlock (payload: Uint8Array, outLength: number, oldSize: number, index: number, readOld: ReadOld): Promise<DecodedBlock> {
  if (payload.length < LZ_BLOCK_PREFIX) throw bad(`payload of ${payload.length} bytes is shorter than its ${LZ_BLOCK_PREFIX}-byte prefix`, index)
  if (payload[0] !== LZ_KIND_LZ) throw bad(`block kind ${payload[0]}`, index)
  const dv = new DataView(payload.buffer, payload.byteOffset, payload.byteLength)
  const oldStart = dv.getUint32(1, true)
  const lgwin = payload[5]!
  const dictStart = dv.getUint32(6, true)
  const dictLen = dv.getUint32(10, true)
  const count = dv.getUint32(14, true)
  const extraLen = dv.getUint32(18, true)
  const raw = [0, 1, 2, 3].map((i) => dv.getUint32(22 + 8 * i, true))
  const comp = [0, 1, 2, 3].map((i) => dv.getUint32(26 + 8 * i, true))
  if (oldStart > oldSize) throw bad(`starts at old offset ${oldStart}, past the old image (${oldSize} bytes)`, index)
  if (lgwin < 10 || lgwin > DeltaLimits.maxLgwin) throw bad(`Brotli window 2^${lgwin} outside 2^10..2^${DeltaLimits.maxLgwin}`, index)
  if (dictLen > DeltaLimits.maxDict || dictStart + dictLen > oldSize) throw bad(`dictionary old [${dictStart}, ${dictStart + dictLen}) outside the old image or above ${DeltaLimits.maxDict} bytes`, index)
  if (LZ_BLOCK_PREFIX + comp.reduce((a, c) => a + c, 0) !== payload.length) throw bad('stream lengths do not add up to the payload length', index)
  if (raw[1]! + extraLen !== outLength) throw bad(`diff and extra of ${raw[1]! + extraLen} bytes for ${outLength} output bytes`, index)
  if (raw[0]! > 15 * outLength + 15) throw bad(`control stream of ${raw[0]} bytes`, index)
  if (raw[2]! > extraLen) throw bad(`${raw[2]} literals for an extra stream of ${extraLen} bytes`, index)
  // each sequence copies ≥ 3 bytes and takes 3..16 bytes of the sequence stream
  if (count * LZ_MIN_MATCH > extraLen - raw[2]! || raw[3]! < 3 * count || raw[3]! > 16 * count) throw bad(`${count} sequences in ${raw[3]} bytes for ${extraLen - raw[2]!} copied bytes`, index)
  const streams: Uint8Array[] = []
  let at = LZ_BLOCK_PREFIX
  for (let s = 0; s < 4; s++) {
    streams.push(await inflate(payload.subarray(at, at + comp[s]!), raw[s]!, lgwin, index))
    at += comp[s]!
  }
  const controls = parseControls(streams[0]!, index)
  checkControls(controls, oldStart, oldSize, raw[1]!, extraLen, index)
  const columns = checkSequences(streams[3]!, count, dictLen, raw[2]!, extraLen, index)
  const dict = dictLen > 0 ? await readOld(dictStart, dictLen) : new Uint8Array(0)
  if (dict.length !== dictLen) throw new OtaError('OTA_IO', `old image read returned ${dict.length} of ${dictLen} bytes at ${dictStart}`)
  return { oldStart, controls, diff: streams[1]!, extra: expand(streams[3]!, columns, dict, streams[2]!, extraLen) }
}

/** Where the columns of a checked sequence stream start. */
interface Columns { runs: number, lens: number, codes: number, dists: number, count: number }

/**
 * Checks a sequence stream without allocating: every varint whole and ≤ 5 bytes, codes 0..4,
 * literal runs within the literals, copies within the window and the extra stream, the stream
 * used up exactly, the extra stream produced exactly.
 */
function checkSequences (seq: Uint8Array, count: number, dictLen: number, litLen: number, extraLen: number, index: number): Columns {
  const at = { i: 0 }
  for (let k = 0; k < count; k++) readVarint(seq, at, seq.length, index)
  const lens = at.i
  for (let k = 0; k < count; k++) readVarint(seq, at, seq.length, index)
  const codes = at.i
  if (codes + count > seq.length) throw bad('the sequence stream ends inside the code column', index)
  const dists = codes + count
  const cols = { runs: 0, lens, codes, dists, count }
  const cur = { runs: 0, lens, dists }
  at.i = dists
  const reps = [1, 2, 3, 4]
  let lits = 0
  let produced = 0
  for (let k = 0; k < count; k++) {
    const run = readVarint(seq, { i: cur.runs }, seq.length, index)
    cur.runs = skipVarint(seq, cur.runs)
    const len = readVarint(seq, { i: cur.lens }, seq.length, index) + LZ_MIN_MATCH
    cur.lens = skipVarint(seq, cur.lens)
    const code = seq[codes + k]!
    let d: number
    if (code < 4) { d = reps[code]!; reps.splice(code, 1) } else if (code === 4) { d = readVarint(seq, at, seq.length, index) + 1; reps.pop() } else throw bad(`sequence ${k} has code ${code}`, index)
    reps.unshift(d)
    lits += run
    produced += run
    if (lits > litLen) throw bad(`sequence ${k} uses literals past the literal stream`, index)
    if (d > dictLen + produced) throw bad(`sequence ${k} copies from before the window`, index)
    produced += len
    if (produced > extraLen) throw bad(`sequence ${k} produces past the extra stream`, index)
  }
  if (at.i !== seq.length) throw bad('bytes after the last sequence', index)
  if (produced + litLen - lits !== extraLen) throw bad('the sequences and literals do not produce the extra stream exactly', index)
  return cols
}

/** Index after the varint at `i` (checked before). */
function skipVarint (b: Uint8Array, i: number): number {
  while ((b[i]! & 0x80) !== 0) i++
  return i + 1
}

/** Reads the varint at `i` (checked before), returning [value, next index]. */
function varintAt (b: Uint8Array, i: number): [number, number] {
  let v = 0
  let scale = 1
  for (;;) {
    const x = b[i++]!
    v += (x & 0x7f) * scale
    scale *= 0x80
    if ((x & 0x80) === 0) return [v, i]
  }
}

/** Rebuilds the extra stream from a sequence stream checkSequences accepted. */
function expand (seq: Uint8Array, c: Columns, dict: Uint8Array, lit: Uint8Array, extraLen: number): Uint8Array {
  const out = new Uint8Array(extraLen)
  const D = dict.length
  const reps = [1, 2, 3, 4]
  let r = c.runs
  let m = c.lens
  let x = c.dists
  let o = 0
  let l = 0
  for (let k = 0; k < c.count; k++) {
    let run: number; let len: number; let d: number
    [run, r] = varintAt(seq, r);
    [len, m] = varintAt(seq, m)
    len += LZ_MIN_MATCH
    const code = seq[c.codes + k]!
    if (code < 4) { d = reps[code]!; reps.splice(code, 1) } else { [d, x] = varintAt(seq, x); d += 1; reps.pop() }
    reps.unshift(d)
    out.set(lit.subarray(l, l + run), o)
    l += run; o += run
    let src = D + o - d
    for (let i = 0; i < len; i++, src++) out[o + i] = src < D ? dict[src]! : out[src - D]!
    o += len
  }
  out.set(lit.subarray(l), o)
  return out
}
