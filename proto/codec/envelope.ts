/**
 * The signed envelope (ota.proto `Envelope`): the exact signed bytes and their signatures.
 */
import { sha256 } from '../hash.js'
import { isBytes, toHex } from '../bytes.js'
import { isKeyId } from '../identifiers.js'
import { Limits } from '../limits.js'
import { decodeWith, field, fieldBytes, limit, pb } from './rules.js'

/** One signature in an envelope: the signer's key id and 64 Ed25519 signature bytes. */
export interface Signature { keyId: string, sig: Uint8Array }
/** A signed envelope: `body` is signed exactly as carried. */
export interface Envelope { body: Uint8Array, signatures: Signature[] }

/** Key id of an Ed25519 public key: lowercase hex SHA-256 of its 32 bytes. */
export function keyIdOf (publicKey: Uint8Array): string {
  return toHex(sha256(publicKey))
}

/**
 * @param bytes - encoded Envelope
 * @param max - byte limit, default {@link Limits.envelope}
 * @throws OtaError `OTA_TOO_LARGE`, `OTA_DECODE`, `OTA_FIELD` (empty body, not 1 to 32 signatures,
 *   a key id that is not 64 lowercase hex digits, a signature that is not 64 bytes)
 */
export function decodeEnvelope (bytes: Uint8Array, max: number = Limits.envelope): Envelope {
  limit(bytes, max, 'envelope')
  const m = decodeWith(() => pb.Envelope.decode(bytes), 'envelope')
  field(isBytes(m.body) && m.body.length > 0, 'envelope body is empty')
  field(m.signatures.length > 0 && m.signatures.length <= 32, 'envelope needs 1 to 32 signatures')
  const signatures = m.signatures.map((s) => {
    field(isKeyId(s.keyId), 'signature key id must be 64 lowercase hex digits')
    return { keyId: s.keyId as string, sig: fieldBytes(s.sig, 64, 'signature') }
  })
  return { body: m.body, signatures }
}

/** Encodes an envelope (no checks: {@link decodeEnvelope} is where rules apply). */
export function encodeEnvelope (e: Envelope): Uint8Array {
  return pb.Envelope.encode({ body: e.body, signatures: e.signatures.map((s) => ({ keyId: s.keyId, sig: s.sig })) }).finish()
}
