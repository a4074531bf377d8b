/**
 * Writing a release bundle (the layout is documented, and read, in proto/bundle.ts).
 */
import { OtaError } from '../proto/errors.js'
import { Limits } from '../proto/limits.js'
import { BundleFormat } from '../proto/bundle.js'

/**
 * Joins an envelope and an image into bundle bytes: magic, format, envelope length (big-endian),
 * envelope, image.
 * @throws OtaError `OTA_TOO_LARGE` for an envelope over {@link Limits.envelope} bytes
 */
export function encodeBundle (envelope: Uint8Array, image: Uint8Array): Buffer {
  if (envelope.length > Limits.envelope) throw new OtaError('OTA_TOO_LARGE', `envelope is ${envelope.length} bytes, limit ${Limits.envelope}`)
  const head = Buffer.alloc(BundleFormat.header)
  head.set(BundleFormat.magic, 0)
  head.writeUInt32BE(BundleFormat.version, 8)
  head.writeUInt32BE(envelope.length, 12)
  return Buffer.concat([head, envelope, image])
}
