/**
 * The naming rules, owned here and nowhere else: identifiers (device ids, models, operator ids),
 * versions and key ids. Identifiers become MQTT topic levels and certificate subject values, so
 * the rule keeps out `/`, `+`, `#`, `$`, spaces and control characters.
 */
import { OtaError } from './errors.js'
import { isHex } from './bytes.js'

/** Device ids, model names and operator ids: 1–64 of `[A-Za-z0-9._-]`, starting alphanumeric. */
export const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

/** Longest identifier or version, in characters. */
export const MAX_IDENTIFIER = 64

/** True when `s` is a valid identifier (safe as one MQTT topic level). */
export function isIdentifier (s: unknown): s is string {
  return typeof s === 'string' && IDENTIFIER.test(s)
}

/**
 * @param what - what `s` is, for the message (e.g. `'model'`)
 * @returns `s`, typed
 * @throws OtaError `OTA_INVALID_ARGUMENT` naming `what` when `s` is not an identifier
 */
export function assertIdentifier (s: unknown, what: string): string {
  if (!isIdentifier(s)) throw new OtaError('OTA_INVALID_ARGUMENT', `${what} must match ${IDENTIFIER.source}, got ${JSON.stringify(s)}`)
  return s
}

/** True when `s` is a version (release or hardware revision): 1–64 printable ASCII characters, no space. */
export function isVersion (s: unknown): s is string {
  return typeof s === 'string' && s.length > 0 && s.length <= MAX_IDENTIFIER && /^[\x21-\x7e]+$/.test(s)
}

/** True when `s` is a key id: 64 lowercase hex digits (the SHA-256 of an Ed25519 public key). */
export function isKeyId (s: unknown): s is string {
  return isHex(s, 32)
}
