/**
 * Byte-length assertions and hex, with one message shape (as `abytes` in @noble/hashes):
 * `<title> expected Uint8Array of length N, got length=M` (or `got type=T` for non-bytes).
 * Every module that asserts a byte length calls {@link abytes}; none writes its own check.
 */
import { OtaError, type ErrorCode } from './errors.js'

/** Which codes a byte assertion may raise: a field of a received message, a caller's argument, or a key. */
export type BytesErrorCode = Extract<ErrorCode, 'OTA_FIELD' | 'OTA_INVALID_ARGUMENT' | 'OTA_BAD_KEY'>

/** True when `value` is a `Uint8Array` (a `Buffer` counts) of `length` bytes, or of any length when omitted. */
export function isBytes (value: unknown, length?: number): value is Uint8Array {
  return value instanceof Uint8Array && (length === undefined || value.length === length)
}

/**
 * Asserts that `value` is a `Uint8Array` of exactly `length` bytes (any length when omitted).
 * @param title - what the value is, first word of the message (e.g. `'signature'`)
 * @param code - the error code; `OTA_INVALID_ARGUMENT` (a caller's argument) by default,
 *   `OTA_FIELD` for a field of a decoded message, `OTA_BAD_KEY` for key material
 * @returns `value`, typed
 * @throws OtaError `code` with the message `<title> expected Uint8Array of length N, got length=M`
 */
export function abytes (value: unknown, length?: number, title = 'value', code: BytesErrorCode = 'OTA_INVALID_ARGUMENT'): Uint8Array {
  if (isBytes(value, length)) return value
  const want = length === undefined ? 'Uint8Array' : `Uint8Array of length ${length}`
  const got = value instanceof Uint8Array ? `length=${value.length}` : `type=${value === null ? 'null' : typeof value}`
  throw new OtaError(code, `${title} expected ${want}, got ${got}`)
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** Lowercase hex of `bytes`. */
export function toHex (bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]!]!
  return s
}

function nibble (c: number): number {
  if (c >= 48 && c <= 57) return c - 48
  if (c >= 97 && c <= 102) return c - 87
  if (c >= 65 && c <= 70) return c - 55
  return -1
}

/**
 * Bytes of a hex string, lowercase or uppercase. Decoding stops at the first pair that is not
 * hex, and an odd last digit is ignored: `fromHex('abzz')` is one byte (Node's `Buffer` rule,
 * kept so wire ids parse the same on every runtime).
 */
export function fromHex (hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1)
  let n = 0
  for (; n < out.length; n++) {
    const hi = nibble(hex.charCodeAt(2 * n))
    const lo = nibble(hex.charCodeAt(2 * n + 1))
    if (hi < 0 || lo < 0) break
    out[n] = (hi << 4) | lo
  }
  return n === out.length ? out : out.slice(0, n)
}

/** True when `s` is lowercase hex of exactly `length` bytes (`2 × length` digits). */
export function isHex (s: unknown, length: number): s is string {
  return typeof s === 'string' && s.length === 2 * length && /^[0-9a-f]*$/.test(s)
}

/** Constant-time equality of two byte arrays (false when lengths differ). */
export function bytesEqual (a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!
  return diff === 0
}
