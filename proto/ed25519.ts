/**
 * Strict Ed25519 verification (RFC 8032 section 5.1) over exact bytes, via `@noble/ed25519`.
 * Signing, with secret keys, is operator tooling and lives in sign/ed25519.ts.
 *
 * Strict means: `zip215: false` (RFC 8032 / FIPS 186-5 rules: canonical encodings of R and A,
 * S < L), public keys of small order refused (they make forgeries trivial), and any exception
 * inside verification counted as a rejection. Verification never throws.
 */
import * as ed from '@noble/ed25519'
import { sha512 } from '@noble/hashes/sha2.js'
import { OtaError } from './errors.js'
import { abytes, isBytes } from './bytes.js'

// @noble/ed25519 v3 ships without a synchronous SHA-512; the one configured instance, shared with sign/.
ed.hashes.sha512 = sha512

/** The configured `@noble/ed25519` module, for sign/ed25519.ts. Internal: not exported from `aedes-ota/proto`. */
export { ed }

/**
 * Checks that `publicKey` is a usable Ed25519 public key: 32 bytes, a canonical point
 * encoding (RFC 8032 5.1.3) and not of small order.
 * @throws OtaError `OTA_BAD_KEY` otherwise
 */
export function assertPublicKey (publicKey: Uint8Array): void {
  abytes(publicKey, 32, 'Ed25519 public key', 'OTA_BAD_KEY')
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
    if (!isBytes(signature, 64)) return false
    return ed.verify(signature, message, publicKey, { zip215: false }) === true
  } catch {
    return false
  }
}
