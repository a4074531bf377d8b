/**
 * Signing an envelope: the exact encoded body, signed by every signer.
 */
import { encodeEnvelope, encodeSignedBody, type Envelope, type SignedBody } from '../proto/codec.js'
import { signMessage } from './ed25519.js'

/** A secret key to sign with: its key id (hex SHA-256 of the public key) and 32 secret bytes. */
export interface Signer { keyId: string, secretKey: Uint8Array }

/**
 * Encodes `body` and signs the exact encoded bytes with every signer.
 * @returns the encoded Envelope
 * @throws OtaError `OTA_FIELD` when `body` breaks a codec rule, `OTA_BAD_KEY` for a malformed secret key
 */
export function signEnvelope (body: SignedBody, signers: readonly Signer[]): Uint8Array {
  const bytes = encodeSignedBody(body)
  const env: Envelope = { body: bytes, signatures: signers.map((s) => ({ keyId: s.keyId, sig: signMessage(s.secretKey, bytes) })) }
  return encodeEnvelope(env)
}
