/**
 * A second matching pass over bsdiff's extra runs. bsdiff (./bsdiff-match.ts) cuts a control
 * only where a match beats the current alignment by its mismatch threshold, so short exact
 * matches into the old image at unrelated offsets (relocated strings, tables, small functions)
 * stay in the extra stream as literal bytes. This pass walks every extra run, looks up the
 * longest match of each position in the old image by the suffix array, and turns each match of
 * at least `minMatch` bytes into an add control whose diff bytes are all zero (the format is
 * unchanged: an add of the match length after a seek to the match). The bytes it does not
 * match stay extra bytes; add runs are kept as they are.
 *
 * It is the idea of zstd's `--patch-from` (the old image as a dictionary any literal may
 * reference) bolted onto bsdiff's approximate-match controls; whether it pays depends on the
 * control cost against the literal cost after Brotli, so ./encode.ts keeps it per block only
 * when the block comes out smaller.
 */
import { OtaError } from '../../proto/index.js'

/** Bytes of the LEB128 varint of the zigzag of `v` (the control stream's seek column). */
function seekBytes (v: number): number {
  let z = v < 0 ? -2 * v - 1 : 2 * v
  let n = 1
  while (z >= 128) { z = Math.floor(z / 128); n++ }
  return n
}

/** Length of the common prefix of old[o..] and nw[s..end). */
function commonLen (old: Uint8Array, o: number, nw: Uint8Array, s: number, end: number): number {
  const n = Math.min(old.length - o, end - s)
  let i = 0
  while (i < n && old[o + i] === nw[s + i]) i++
  return i
}

/** First index of `sa` whose suffix is ≥ nw[s..s+n) (`upper`: > it) over n bytes. */
function bound (sa: Int32Array, old: Uint8Array, nw: Uint8Array, s: number, n: number, upper: boolean): number {
  let lo = 0
  let hi = sa.length
  const key = nw.subarray(s, s + n)
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const o = sa[mid]!
    const c = Buffer.compare(old.subarray(o, Math.min(o + n, old.length)), key)
    if (c < 0 || (upper && c === 0)) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Options of {@link matchExtras}. */
export interface MatchExtrasOptions {
  /** shortest match taken out of an extra run, bytes (≥ 4) */
  minMatch: number
  /** estimated compressed bytes of one literal byte (default 0.72: the extra stream on opensbi) */
  literalCost?: number
  /** estimated compressed bytes of one control byte (default 0.76) */
  controlCost?: number
  /**
   * also extend each match forward and backward (into the literals before it) with mismatches,
   * bsdiff's rule: the longest stretch where at least half the bytes agree (default false)
   */
  extend?: boolean
  /** most old offsets sharing the first `minMatch` bytes looked at per position (default 256) */
  candidates?: number
}

/** Builds a control list from adds and extras in output order, merging what can be merged. */
class ControlBuilder {
  readonly values: number[] = []
  private add = 0
  private extra = 0
  /** old offset the pending control's add starts at */
  private from = 0

  /** Appends `len` bytes copied (with diff) from old[from..]. */
  pushAdd (from: number, len: number): void {
    if (len === 0) return
    if (this.extra === 0 && from === this.from + this.add) { this.add += len; return }
    this.flush(from)
    this.from = from
    this.add = len
  }

  /** Appends `len` literal bytes. */
  pushExtra (len: number): void {
    this.extra += len
  }

  /** Ends the pending control with a seek to old offset `next`. */
  private flush (next: number): void {
    const seek = next - (this.from + this.add)
    if (this.add > 0 || this.extra > 0) this.values.push(this.add, this.extra, seek)
    else if (seek !== 0) this.values.push(0, 0, seek) // a seek alone: the block cutter folds it
    this.add = 0
    this.extra = 0
  }

  /** Ends the list; the last control seeks 0 (nothing follows it). */
  finish (): number[] {
    if (this.add > 0 || this.extra > 0) this.values.push(this.add, this.extra, 0)
    return this.values
  }
}

/**
 * Rewrites whole-image controls so that every exact match of at least `minMatch` bytes found
 * inside an extra run becomes an add with zero diff bytes.
 * @param old - the base image
 * @param nw - the new image
 * @param sa - the suffix array of `old` (./suffix-array.ts)
 * @param values - controls (addLen, extraLen, seek triples) covering `nw` exactly, from old offset 0
 * @param options - the shortest match and the cost model choosing among candidate matches:
 *   a match is taken when its literal bytes saved outweigh the control bytes it adds
 * @returns controls covering `nw` exactly, producing the same bytes
 * @throws OtaError `OTA_INVALID_ARGUMENT` for `minMatch` < 4 or controls that do not cover `nw`
 */
export function matchExtras (old: Uint8Array, nw: Uint8Array, sa: Int32Array, values: readonly number[], options: MatchExtrasOptions): number[] {
  const { minMatch } = options
  const lit = options.literalCost ?? 0.72
  const ctl = options.controlCost ?? 0.76
  const cap = options.candidates ?? 256
  const extend = options.extend ?? false
  if (!Number.isInteger(minMatch) || minMatch < 4) throw new OtaError('OTA_INVALID_ARGUMENT', `minMatch ${minMatch}`)
  if (old.length === 0) return values.slice()
  const b = new ControlBuilder()
  let out = 0
  let oldPos = 0
  for (let k = 0; k < values.length; k += 3) {
    const add = values[k]!
    const ins = values[k + 1]!
    const seek = values[k + 2]!
    b.pushAdd(oldPos, add)
    out += add
    oldPos += add
    const end = out + ins
    let run = 0
    for (let s = out; s < end;) {
      const align = oldPos + (s - out) // where the old pointer would be with no new control
      let bestLen = 0
      let bestPos = 0
      let bestScore = 0
      if (end - s >= minMatch) {
        const lo = bound(sa, old, nw, s, minMatch, false)
        const hi = Math.min(bound(sa, old, nw, s, minMatch, true), lo + cap)
        for (let x = lo; x < hi; x++) {
          const o = sa[x]!
          const len = commonLen(old, o, nw, s, end)
          // a match costs about one control: two lengths and two seeks (there and back)
          const score = len * lit - (2 + 2 * seekBytes(o - align)) * ctl
          if (score > bestScore) { bestScore = score; bestLen = len; bestPos = o }
        }
      }
      if (bestLen >= minMatch) {
        let fwd = 0
        let back = 0
        if (extend) {
          // bsdiff's extension rule: keep the longest stretch where at least half the bytes agree
          let agree = 0
          let bestF = 0
          for (let i = 1; s + bestLen + i <= end && bestPos + bestLen + i <= old.length; i++) {
            if (old[bestPos + bestLen + i - 1] === nw[s + bestLen + i - 1]) agree++
            if (2 * agree - i > 2 * bestF - fwd) { bestF = agree; fwd = i }
          }
          agree = 0
          let bestB = 0
          for (let i = 1; i <= run && bestPos - i >= 0; i++) {
            if (old[bestPos - i] === nw[s - i]) agree++
            if (2 * agree - i > 2 * bestB - back) { bestB = agree; back = i }
          }
        }
        b.pushExtra(run - back)
        run = 0
        b.pushAdd(bestPos - back, back + bestLen + fwd)
        s += bestLen + fwd
      } else {
        run++
        s++
      }
    }
    b.pushExtra(run)
    out = end
    oldPos += seek
  }
  if (out !== nw.length) throw new OtaError('OTA_INVALID_ARGUMENT', `controls cover ${out} of ${nw.length} bytes`)
  return b.finish()
}
