/**
 * Writing a release bundle (the layout is documented, and read, in proto/bundle.ts).
 */
import { OtaError } from '../proto/errors.js'
import { Limits } from '../proto/limits.js'
import { BundleFormat } from '../proto/bundle.js'

/**
 * Joins an envelope, an optional SBOM, the release's patches and the image into bundle bytes
 * (proto/bundle.ts): format 1 without SBOM nor patches, 2 with an SBOM only, 3 with patches
 * (`patches` in the manifest's order: the compressed image first, then the deltas).
 * @throws OtaError `OTA_TOO_LARGE` for an envelope over {@link Limits.envelope} bytes or an SBOM
 *   over {@link Limits.maxSbomSize}; `OTA_INVALID_ARGUMENT` for an empty SBOM or patch, or more
 *   than `BundleFormat.maxPatches` patches
 */
export function encodeBundle (envelope: Uint8Array, image: Uint8Array, sbom?: Uint8Array, patches: readonly Uint8Array[] = []): Buffer {
  if (envelope.length > Limits.envelope) throw new OtaError('OTA_TOO_LARGE', `envelope is ${envelope.length} bytes, limit ${Limits.envelope}`)
  if (sbom !== undefined && sbom.length > Limits.maxSbomSize) throw new OtaError('OTA_TOO_LARGE', `SBOM is ${sbom.length} bytes, limit ${Limits.maxSbomSize}`)
  if (sbom !== undefined && sbom.length === 0) throw new OtaError('OTA_INVALID_ARGUMENT', 'the SBOM is empty')
  if (patches.length > BundleFormat.maxPatches) throw new OtaError('OTA_INVALID_ARGUMENT', `at most ${BundleFormat.maxPatches} patches`)
  if (patches.some((p) => p.length === 0)) throw new OtaError('OTA_INVALID_ARGUMENT', 'a patch is empty')
  const format = patches.length > 0 ? BundleFormat.versionWithPatches : sbom !== undefined ? BundleFormat.versionWithSbom : BundleFormat.version
  const head = Buffer.alloc(BundleFormat.header)
  head.set(BundleFormat.magic, 0)
  head.writeUInt32BE(format, 8)
  head.writeUInt32BE(envelope.length, 12)
  const u32 = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32BE(n, 0); return b }
  if (format === BundleFormat.version) return Buffer.concat([head, envelope, image])
  const sbomPart = [u32(sbom?.length ?? 0), ...(sbom !== undefined ? [sbom] : [])]
  if (format === BundleFormat.versionWithSbom) return Buffer.concat([head, envelope, ...sbomPart, image])
  return Buffer.concat([head, envelope, ...sbomPart, u32(patches.length), ...patches.map((p) => u32(p.length)), ...patches, image])
}
