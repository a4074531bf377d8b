/**
 * File helpers of the certs/ modules: failures as `OTA_IO` naming what was being done.
 */
import { stat } from 'node:fs/promises'
import { toOtaError } from '../proto/errors.js'

/** Whether `p` exists. @throws OtaError `OTA_IO` for any error but ENOENT */
export async function exists (p: string): Promise<boolean> {
  try {
    await stat(p)
    return true
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw toOtaError(e, 'OTA_IO', `checking ${p}`)
  }
}

/** Runs `fn`, its failures as `OTA_IO` naming `what`. */
export async function io<T> (what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    throw toOtaError(e, 'OTA_IO', what)
  }
}
