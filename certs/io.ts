/**
 * File helpers of the certs/ modules: failures as `OTA_IO` naming what was being done.
 */
import { toOtaError } from '../proto/errors.js'

/** Runs `fn`, its failures as `OTA_IO` naming `what`. */
export async function io<T> (what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    throw toOtaError(e, 'OTA_IO', what)
  }
}
