/**
 * Error codes of the command-line tools only, outside the protocol's {@link ErrorCodes}: no
 * device or broker ever raises or reports them, so they carry no LwM2M result and are not in
 * docs/PROTOCOL.md's table but in README.md's "Command-line error codes" (test/errors-doc.test.ts
 * checks both tables against the code).
 */
import { OtaError, isOtaError } from '../proto/index.js'

/** Every command-line-only code and what it means. */
export const CliErrorCodes = {
  OTA_FETCH: 'fetching or converting a firmware image for the demo failed',
  OTA_MOSQUITTO: 'Mosquitto, or the OTA service beside it, did not start for `--broker mosquitto` (demo, benchmarks)'
} as const

/** A key of {@link CliErrorCodes}. */
export type CliErrorCode = keyof typeof CliErrorCodes

/** An error of the command-line tools, printed as `error [CODE]: message` like an {@link OtaError}. */
export class CliError extends Error {
  /** Stable code, a key of {@link CliErrorCodes}. */
  readonly code: CliErrorCode
  /** Extra structured facts for logs (never secrets). */
  readonly details: Readonly<Record<string, unknown>> | undefined

  /**
   * @param code - stable code
   * @param message - human detail; defaults to the code's description
   * @param options - `cause` (the underlying error) and `details` (fields for logs)
   */
  constructor (code: CliErrorCode, message?: string, options: { cause?: unknown, details?: Record<string, unknown> } = {}) {
    super(message ?? CliErrorCodes[code], options.cause !== undefined ? { cause: options.cause } : undefined)
    this.name = 'CliError'
    this.code = code
    this.details = options.details
  }
}

/** True when `e` is a {@link CliError}, and when `code` is given, one with that code. */
export function isCliError (e: unknown, code?: CliErrorCode): e is CliError {
  return e instanceof CliError && (code === undefined || e.code === code)
}

/**
 * Wraps a thrown value as a {@link CliError} with `code`; an {@link OtaError} or a CliError
 * passes through unchanged (its code is the more precise one).
 */
export function toCliError (e: unknown, code: CliErrorCode, message?: string): CliError | OtaError {
  if (isOtaError(e) || e instanceof CliError) return e
  const detail = e instanceof Error ? e.message : String(e)
  return new CliError(code, message !== undefined ? `${message}: ${detail}` : detail, { cause: e })
}
