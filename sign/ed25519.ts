/**
 * Ed25519 signing (RFC 8032 5.1.6) and key generation: operator tooling, never on a device.
 * Verification is in proto/ed25519.ts; both use the one configured `@noble/ed25519` instance.
 */
import { ed } from '../proto/ed25519.js'
import { abytes } from '../proto/bytes.js'

/**
 * Signs `message` with a 32-byte secret key (RFC 8032 5.1.6).
 * @returns the 64-byte signature
 * @throws OtaError `OTA_BAD_KEY` for a secret key that is not 32 bytes
 */
export function signMessage (secretKey: Uint8Array, message: Uint8Array): Uint8Array {
  abytes(secretKey, 32, 'Ed25519 secret key', 'OTA_BAD_KEY')
  return ed.sign(message, secretKey)
}

/**
 * The 32-byte public key of a 32-byte secret key.
 * @throws OtaError `OTA_BAD_KEY` for a secret key that is not 32 bytes
 */
export function publicKeyOf (secretKey: Uint8Array): Uint8Array {
  abytes(secretKey, 32, 'Ed25519 secret key', 'OTA_BAD_KEY')
  return ed.getPublicKey(secretKey)
}

/** A fresh 32-byte secret key from the platform CSPRNG (Web Crypto `getRandomValues`). */
export function generateSecretKey (): Uint8Array {
  return ed.utils.randomSecretKey()
}
