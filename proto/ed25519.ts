/**
 * Strict Ed25519 (RFC 8032 section 5.1) over exact bytes, via `@noble/ed25519`.
 *
 * Strict means: `zip215: false` (RFC 8032 / FIPS 186-5 rules: canonical encodings of R and A,
 * S < L), public keys of small order refused (they make forgeries trivial), and any exception
 * inside verification counted as a rejection. Verification never throws.
 */
import * as ed from '@noble/ed25519'
import { sha512 } from '@noble/hashes/sha2.js'
import { randomBytes } from 'node:crypto'
import { OtaError } from './errors.js'

ed.hashes.sha512 = sha512

/**
 * Checks that `publicKey` is a usable Ed25519 public key: 32 bytes, a canonical point
 * encoding (RFC 8032 5.1.3) and not of small order.
 * @throws OtaError `OTA_BAD_KEY` otherwise
 */
export function assertPublicKey (publicKey: Uint8Array): void {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) {
    throw new OtaError('OTA_BAD_KEY', `Ed25519 public key must be 32 bytes, got ${publicKey?.length}`)
  }
  let point: ed.Point
  try {
    point = ed.Point.fromBytes(publicKey, false)
  } catch (e) {
    throw new OtaError('OTA_BAD_KEY', 'Ed25519 public key is not a valid point encoding', { cause: e })
  }
  if (point.isSmallOrder()) throw new OtaError('OTA_BAD_KEY', 'Ed25519 public key is of small order')
}

/**
 * Verifies an Ed25519 signature strictly.
 * @param publicKey - 32 bytes
 * @param message - the exact signed bytes
 * @param signature - 64 bytes
 * @returns true only for a valid signature by a non-small-order key; false for anything else,
 *   including malformed input and exceptions inside the library
 */
export function verifySignature (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    assertPublicKey(publicKey)
    if (!(signature instanceof Uint8Array) || signature.length !== 64) return false
    return ed.verify(signature, message, publicKey, { zip215: false }) === true
  } catch {
    return false
  }
}

/**
 * Signs `message` with a 32-byte secret key (RFC 8032 5.1.6); returns 64 bytes.
 * @throws OtaError `OTA_BAD_KEY` for a secret key that is not 32 bytes
 */
export function signMessage (secretKey: Uint8Array, message: Uint8Array): Uint8Array {
  if (!(secretKey instanceof Uint8Array) || secretKey.length !== 32) throw new OtaError('OTA_BAD_KEY', 'Ed25519 secret key must be 32 bytes')
  return ed.sign(message, secretKey)
}

/**
 * The 32-byte public key of a 32-byte secret key.
 * @throws OtaError `OTA_BAD_KEY` for a secret key that is not 32 bytes
 */
export function publicKeyOf (secretKey: Uint8Array): Uint8Array {
  if (!(secretKey instanceof Uint8Array) || secretKey.length !== 32) throw new OtaError('OTA_BAD_KEY', 'Ed25519 secret key must be 32 bytes')
  return ed.getPublicKey(secretKey)
}

/** A fresh 32-byte secret key from the operating system's CSPRNG. */
export function generateSecretKey (): Uint8Array {
  return new Uint8Array(randomBytes(32))
}
