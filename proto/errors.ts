/**
 * The one error type of aedes-ota, with stable codes.
 *
 * Every failure that crosses a module boundary is an {@link OtaError} whose `code` is one of
 * {@link ErrorCodes}. Codes are stable: logs, audit events (`StatusEvent.error_code`) and
 * operators' tooling match on them. Each code carries the LwM2M Object 5 "Update Result"
 * (OMA LwM2M Core TS 1.1, Appendix E.6, resource /5/0/5) a device reports for it.
 */

/** LwM2M Object 5 Update Result values (resource 5), OMA-TS-LightweightM2M_Core-V1_1, E.6. */
export const Lwm2mResult = {
  INITIAL: 0,
  SUCCESS: 1,
  NOT_ENOUGH_FLASH: 2,
  OUT_OF_RAM: 3,
  CONNECTION_LOST: 4,
  INTEGRITY_FAILURE: 5,
  UNSUPPORTED_PACKAGE: 6,
  INVALID_URI: 7,
  UPDATE_FAILED: 8,
  UNSUPPORTED_PROTOCOL: 9,
  CANCELLED: 10,
  DEFERRED: 11
} as const

/** One of the {@link Lwm2mResult} values. */
export type Lwm2mResultCode = typeof Lwm2mResult[keyof typeof Lwm2mResult]

const resultNames = new Map<number, keyof typeof Lwm2mResult>(Object.entries(Lwm2mResult).map(([k, v]) => [v, k as keyof typeof Lwm2mResult]))

/**
 * The name of an LwM2M Object 5 Update Result value (`INTEGRITY_FAILURE` for 5), or undefined
 * for a value outside {@link Lwm2mResult} (OMA-TS-LightweightM2M_Core-V1_1, E.6).
 */
export function lwm2mResultName (code: number): keyof typeof Lwm2mResult | undefined {
  return resultNames.get(code)
}

interface CodeInfo {
  /** What the code means, for docs and `--help`. */
  readonly message: string
  /** The LwM2M result a device reports when an update fails with this code. */
  readonly lwm2m: Lwm2mResultCode
}

const def = (message: string, lwm2m: Lwm2mResultCode): CodeInfo => ({ message, lwm2m })
const L = Lwm2mResult

/**
 * Every error code of the protocol, what it means and its LwM2M result. docs/PROTOCOL.md lists
 * the same table (test/errors-doc.test.ts keeps them equal). Codes of the command-line tools
 * only (`OTA_FETCH`) are not here but in cli/errors.ts.
 */
export const ErrorCodes = {
  OTA_INVALID_ARGUMENT: def('an option or argument is missing or out of range', L.UPDATE_FAILED),
  OTA_DECODE: def('bytes do not decode as the expected message', L.UNSUPPORTED_PACKAGE),
  OTA_TOO_LARGE: def('a message or file is larger than its limit', L.UNSUPPORTED_PACKAGE),
  OTA_FIELD: def('a decoded message has a field outside its rules', L.UNSUPPORTED_PACKAGE),
  OTA_WRONG_TYPE: def('a signed body is not of the expected type', L.UNSUPPORTED_PACKAGE),
  OTA_BAD_KEY: def('a public or private key is malformed or of small order', L.INTEGRITY_FAILURE),
  OTA_BAD_SIGNATURE: def('not enough valid signatures from trusted keys', L.INTEGRITY_FAILURE),
  OTA_UNTRUSTED_KEY: def('the signing key is not authorized by the trusted root', L.INTEGRITY_FAILURE),
  OTA_KEY_SCOPE: def('the signing key is not authorized for this model', L.INTEGRITY_FAILURE),
  OTA_KEY_EXPIRED: def('the signing key has expired', L.INTEGRITY_FAILURE),
  OTA_ROOT_EXPIRED: def('the trusted root metadata has expired', L.INTEGRITY_FAILURE),
  OTA_ROOT_VERSION: def('a new root version is not the next one after the trusted root', L.INTEGRITY_FAILURE),
  OTA_EXPIRED: def('the manifest has expired', L.UPDATE_FAILED),
  OTA_MODEL_MISMATCH: def('the manifest is for another model or hardware revision', L.UNSUPPORTED_PACKAGE),
  OTA_ROLLBACK: def('the security version is lower than the device counter', L.UPDATE_FAILED),
  OTA_FAST_FORWARD: def('the security version is raised further above the device counter than a signing key may', L.UPDATE_FAILED),
  OTA_REPLAY: def('the manifest sequence is older than one already accepted', L.UPDATE_FAILED),
  OTA_DOWNGRADE: def('the release\'s version is lower than the current release\'s (broker, unless forced)', L.UPDATE_FAILED),
  OTA_SEQUENCE_JUMP: def('the release\'s sequence is implausibly far above the current one (broker, unless forced)', L.UPDATE_FAILED),
  OTA_CHUNK_PROOF: def('a chunk does not prove into the signed Merkle root', L.INTEGRITY_FAILURE),
  OTA_CHUNK_MISMATCH: def('a chunk frame names another artifact, index or size', L.INTEGRITY_FAILURE),
  OTA_IMAGE_DIGEST: def('the whole image does not match its signed digest or size', L.INTEGRITY_FAILURE),
  OTA_NO_SPACE: def('the slot cannot hold the image', L.NOT_ENOUGH_FLASH),
  OTA_TIMEOUT: def('no answer within the allowed time', L.CONNECTION_LOST),
  OTA_CONNECTION: def('the connection was lost or refused', L.CONNECTION_LOST),
  OTA_BOOT_VERIFY: def('the bootloader refused an image that does not verify', L.INTEGRITY_FAILURE),
  OTA_HEALTH_CHECK: def('the new image failed its health check in trial boot', L.UPDATE_FAILED),
  OTA_TRIAL_EXHAUSTED: def('the trial boot count ran out before confirm', L.UPDATE_FAILED),
  OTA_DECLINED: def('the device\'s consent policy declined the update', L.CANCELLED),
  OTA_SUPERSEDED: def('a newer manifest replaced the update before it was installed', L.CANCELLED),
  OTA_STATE: def('the device state file is missing, corrupt or inconsistent', L.UPDATE_FAILED),
  OTA_BUNDLE: def('a release bundle is malformed or its image does not match its manifest', L.UNSUPPORTED_PACKAGE),
  OTA_NOT_OFFERED: def('the release is held back from this device by a rollout (outside the active wave)', L.INVALID_URI),
  OTA_WITHDRAWN: def('the release was withdrawn (rollout aborted) before the device installed it', L.CANCELLED),
  OTA_ROLLOUT: def('a rollout request cannot be carried out (unknown rollout, one already running for the model, bad wave plan)', L.UPDATE_FAILED),
  OTA_AUDIT_CHAIN: def('an audit log line does not chain to the one before it (edited, removed or reordered)', L.UPDATE_FAILED),
  OTA_UNKNOWN_ARTIFACT: def('the broker holds no artifact with that id for this device', L.INVALID_URI),
  OTA_ACL_DENIED: def('the client may not publish or subscribe there', L.UPDATE_FAILED),
  OTA_IDENTITY: def('the client certificate does not give a valid identity', L.UPDATE_FAILED),
  OTA_IO: def('a file could not be read or written', L.UPDATE_FAILED),
  OTA_DELTA: def('a delta patch is malformed or names bytes outside its images or its declared sizes', L.UNSUPPORTED_PACKAGE),
  OTA_DELTA_BASE: def('the active image is not the base a delta patch was made from (size or digest)', L.UNSUPPORTED_PACKAGE)
} as const satisfies Record<string, CodeInfo>

/** A stable error code: a key of {@link ErrorCodes}. */
export type ErrorCode = keyof typeof ErrorCodes

/**
 * The error every aedes-ota module throws.
 *
 * @example
 * ```ts
 * try { verifyManifest(bytes, root, opts) } catch (e) { if (isOtaError(e, 'OTA_ROLLBACK')) … }
 * ```
 */
export class OtaError extends Error {
  /** Stable code, a key of {@link ErrorCodes}. */
  readonly code: ErrorCode
  /** Extra structured facts for logs (never secrets). */
  readonly details: Readonly<Record<string, unknown>> | undefined

  /**
   * @param code - stable code
   * @param message - human detail; defaults to the code's description
   * @param options - `cause` (the underlying error) and `details` (fields for logs)
   */
  constructor (code: ErrorCode, message?: string, options: { cause?: unknown, details?: Record<string, unknown> } = {}) {
    super(message ?? ErrorCodes[code].message, options.cause !== undefined ? { cause: options.cause } : undefined)
    this.name = 'OtaError'
    this.code = code
    this.details = options.details
  }

  /** The LwM2M Object 5 Update Result for this error. */
  get lwm2mResult (): Lwm2mResultCode {
    return ErrorCodes[this.code].lwm2m
  }
}

/** True when `e` is an {@link OtaError}, and when `code` is given, one with that code. */
export function isOtaError (e: unknown, code?: ErrorCode): e is OtaError {
  return e instanceof OtaError && (code === undefined || e.code === code)
}

/**
 * Wraps any thrown value as an {@link OtaError}: an OtaError passes through unchanged,
 * anything else becomes `code` with the original as `cause`.
 */
export function toOtaError (e: unknown, code: ErrorCode, message?: string): OtaError {
  if (e instanceof OtaError) return e
  const detail = e instanceof Error ? e.message : String(e)
  return new OtaError(code, message !== undefined ? `${message}: ${detail}` : detail, { cause: e })
}

/** True when `s` is one of the stable {@link ErrorCodes} (e.g. a code received over the wire). */
export function isErrorCode (s: unknown): s is ErrorCode {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(ErrorCodes, s)
}
