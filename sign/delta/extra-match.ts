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
import { searchLongest } from './bsdiff-match.js'

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
 * @param minMatch - shortest match taken out of an extra run, bytes (≥ 4)
 * @returns controls covering `nw` exactly, producing the same bytes
 * @throws OtaError `OTA_INVALID_ARGUMENT` for `minMatch` < 4 or controls that do not cover `nw`
 */
export function matchExtras (old: Uint8Array, nw: Uint8Array, sa: Int32Array, values: readonly number[], minMatch: number): number[] {
  if (!Number.isInteger(minMatch) || minMatch < 4) throw new OtaError('OTA_INVALID_ARGUMENT', `minMatch ${minMatch}`)
  if (old.length === 0) return values.slice()
  const b = new ControlBuilder()
  const posBox = new Int32Array(1)
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
    let lit = 0
    for (let s = out; s < end;) {
      let len = searchLongest(sa, old, nw, s, posBox)
      if (len > end - s) len = end - s
      if (len >= minMatch) {
        b.pushExtra(lit)
        lit = 0
        b.pushAdd(posBox[0]!, len)
        s += len
      } else {
        lit++
        s++
      }
    }
    b.pushExtra(lit)
    out = end
    oldPos += seek
  }
  if (out !== nw.length) throw new OtaError('OTA_INVALID_ARGUMENT', `controls cover ${out} of ${nw.length} bytes`)
  return b.finish()
}
