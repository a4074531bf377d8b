/**
 * Writing a release bundle (the layout is documented, and read, in proto/bundle.ts).
 */
import { OtaError } from '../proto/errors.js'
import { Limits } from '../proto/limits.js'
import { BundleFormat } from '../proto/bundle.js'

/**
 * Joins an envelope, an optional SBOM and an image into bundle bytes: magic, format (1, or 2 with
 * an SBOM), envelope length (big-endian), envelope, [SBOM length, SBOM,] image.
 * @throws OtaError `OTA_TOO_LARGE` for an envelope over {@link Limits.envelope} bytes or an SBOM
 *   over {@link Limits.maxSbomSize}; `OTA_INVALID_ARGUMENT` for an empty SBOM
 */
export function encodeBundle (envelope: Uint8Array, image: Uint8Array, sbom?: Uint8Array): Buffer {
  if (envelope.length > Limits.envelope) throw new OtaError('OTA_TOO_LARGE', `envelope is ${envelope.length} bytes, limit ${Limits.envelope}`)
  if (sbom !== undefined && sbom.length > Limits.maxSbomSize) throw new OtaError('OTA_TOO_LARGE', `SBOM is ${sbom.length} bytes, limit ${Limits.maxSbomSize}`)
  if (sbom !== undefined && sbom.length === 0) throw new OtaError('OTA_INVALID_ARGUMENT', 'the SBOM is empty')
  const head = Buffer.alloc(BundleFormat.header)
  head.set(BundleFormat.magic, 0)
  head.writeUInt32BE(sbom === undefined ? BundleFormat.version : BundleFormat.versionWithSbom, 8)
  head.writeUInt32BE(envelope.length, 12)
  if (sbom === undefined) return Buffer.concat([head, envelope, image])
  const len = Buffer.alloc(4)
  len.writeUInt32BE(sbom.length, 0)
  return Buffer.concat([head, envelope, len, sbom, image])
}
