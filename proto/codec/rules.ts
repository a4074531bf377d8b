/**
 * What every decoder in proto/codec/ shares: the generated protobuf namespace, the size limit
 * before decoding, decoding as `OTA_DECODE`, and the field checks as `OTA_FIELD`.
 * Internal to proto/: not exported from `aedes-ota/proto`.
 */
import { ota } from '../gen/ota.js'
import { OtaError } from '../errors.js'
import { abytes, isBytes } from '../bytes.js'

/** The generated ota.v1 message classes. */
export const pb = ota.v1

/** @throws OtaError `OTA_FIELD` with `what` when `cond` is false */
export function field (cond: boolean, what: string): void {
  if (!cond) throw new OtaError('OTA_FIELD', what)
}

/** Asserts a decoded bytes field of exactly `length` bytes. @throws OtaError `OTA_FIELD` */
export function fieldBytes (value: unknown, length: number, title: string): Uint8Array {
  return abytes(value, length, title, 'OTA_FIELD')
}

/**
 * Refuses a payload before decoding it.
 * @throws OtaError `OTA_DECODE` for non-bytes, `OTA_TOO_LARGE` above `max` bytes
 */
export function limit (bytes: Uint8Array, max: number, what: string): void {
  if (!isBytes(bytes)) throw new OtaError('OTA_DECODE', `${what} must be bytes`)
  if (bytes.length > max) throw new OtaError('OTA_TOO_LARGE', `${what} is ${bytes.length} bytes, limit ${max}`)
}

/** Runs a protobufjs decode, its failures as `OTA_DECODE`. */
export function decodeWith<T> (fn: () => T, what: string): T {
  try {
    return fn()
  } catch (e) {
    throw new OtaError('OTA_DECODE', `${what} does not decode: ${e instanceof Error ? e.message : String(e)}`, { cause: e })
  }
}

/** A time in ms since the epoch (0 = none): a non-negative safe integer. */
export const isTime = (n: number): boolean => Number.isSafeInteger(n) && n >= 0
/** Text of at most `max` UTF-16 code units. */
export const isText = (s: string, max: number): boolean => typeof s === 'string' && s.length <= max
