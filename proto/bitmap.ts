/**
 * Chunk bitmaps: bit `i` (least significant bit first within byte `i >> 3`) set means chunk `i`.
 * The one owner of these bit operations: the request codec, the downloader's received set and
 * the device's resume record all call these, never their own shifts.
 */
import { OtaError } from './errors.js'

/** Bytes a bitmap of `count` bits needs. */
export function bitmapBytes (count: number): number {
  return (count + 7) >> 3
}

/** A new, all-clear bitmap for `count` bits. */
export function newBitmap (count: number): Uint8Array {
  return new Uint8Array(bitmapBytes(count))
}

/** Whether bit `i` is set; false past the end of `bm`. */
export function hasBit (bm: Uint8Array, i: number): boolean {
  return ((bm[i >> 3] ?? 0) & (1 << (i & 7))) !== 0
}

/**
 * Sets bit `i`.
 * @throws OtaError `OTA_INVALID_ARGUMENT` when `i` lies outside `bm`
 */
export function setBit (bm: Uint8Array, i: number): void {
  if (!Number.isInteger(i) || i < 0 || (i >> 3) >= bm.length) throw new OtaError('OTA_INVALID_ARGUMENT', `bit ${i} is outside a ${bm.length}-byte bitmap`)
  bm[i >> 3]! |= 1 << (i & 7)
}

/** Index of the highest set bit below `count`; -1 when none is set. */
export function highestBit (bm: Uint8Array, count: number): number {
  for (let i = count - 1; i >= 0; i--) if (hasBit(bm, i)) return i
  return -1
}

/**
 * Sets in `into` every bit set in `from` (a bitwise OR, bitmaps of the same length).
 * @throws OtaError `OTA_INVALID_ARGUMENT` when the lengths differ
 */
export function orBitmap (into: Uint8Array, from: Uint8Array): void {
  if (into.length !== from.length) throw new OtaError('OTA_INVALID_ARGUMENT', `bitmaps of ${into.length} and ${from.length} bytes cannot be merged`)
  for (let k = 0; k < into.length; k++) into[k]! |= from[k]!
}
