/**
 * Error codes (proto/errors.ts): stable codes, LwM2M results, helpers.
 */
import { describe, it, expect } from 'vitest'
import { ErrorCodes, Lwm2mResult, OtaError, isOtaError, toOtaError, type ErrorCode } from '../proto/index.js'

describe('ErrorCodes', () => {
  it('every code is OTA_ + upper snake case, has a message and a valid LwM2M result', () => {
    const results = new Set<number>(Object.values(Lwm2mResult))
    const codes = Object.keys(ErrorCodes) as ErrorCode[]
    expect(codes.length).toBeGreaterThanOrEqual(30)
    for (const c of codes) {
      expect(c).toMatch(/^OTA_[A-Z0-9_]+$/)
      expect(ErrorCodes[c].message.length).toBeGreaterThan(10)
      expect(results.has(ErrorCodes[c].lwm2m), c).toBe(true)
      // fits a StatusEvent.error_code (at most 64 of [A-Z0-9_])
      expect(c.length).toBeLessThanOrEqual(64)
    }
  })

  it('LwM2M Object 5 Update Result values are those of the specification (0..11)', () => {
    expect(Object.values(Lwm2mResult).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    expect(Lwm2mResult.INTEGRITY_FAILURE).toBe(5)
    expect(Lwm2mResult.NOT_ENOUGH_FLASH).toBe(2)
    expect(ErrorCodes.OTA_BAD_SIGNATURE.lwm2m).toBe(5)
    expect(ErrorCodes.OTA_NO_SPACE.lwm2m).toBe(2)
  })
})

describe('OtaError and helpers', () => {
  it('carries code, default message, details, cause and its LwM2M result', () => {
    const cause = new Error('inner')
    const e = new OtaError('OTA_CHUNK_PROOF', undefined, { cause, details: { index: 3 } })
    expect(e).toBeInstanceOf(Error)
    expect(e.name).toBe('OtaError')
    expect(e.code).toBe('OTA_CHUNK_PROOF')
    expect(e.message).toBe(ErrorCodes.OTA_CHUNK_PROOF.message)
    expect(e.details).toEqual({ index: 3 })
    expect(e.cause).toBe(cause)
    expect(e.lwm2mResult).toBe(Lwm2mResult.INTEGRITY_FAILURE)
    expect(new OtaError('OTA_IO', 'disk full').message).toBe('disk full')
    expect(new OtaError('OTA_IO').cause).toBeUndefined()
  })

  it('isOtaError checks type and, when given, code', () => {
    const e = new OtaError('OTA_TIMEOUT')
    expect(isOtaError(e)).toBe(true)
    expect(isOtaError(e, 'OTA_TIMEOUT')).toBe(true)
    expect(isOtaError(e, 'OTA_IO')).toBe(false)
    expect(isOtaError(new Error('x'))).toBe(false)
    expect(isOtaError({ code: 'OTA_TIMEOUT' })).toBe(false)
    expect(isOtaError(undefined)).toBe(false)
  })

  it('toOtaError passes OtaErrors through and wraps anything else with the original as cause', () => {
    const o = new OtaError('OTA_STATE')
    expect(toOtaError(o, 'OTA_IO')).toBe(o)
    const inner = new Error('ENOENT')
    const w = toOtaError(inner, 'OTA_IO', 'cannot read x')
    expect(w.code).toBe('OTA_IO')
    expect(w.message).toBe('cannot read x: ENOENT')
    expect(w.cause).toBe(inner)
    expect(toOtaError('boom', 'OTA_IO').message).toBe('boom')
  })
})
