/**
 * The release bundle: one file carrying a signed manifest envelope and the image it describes.
 * Reading and verifying it is here, in the shared contract, because it needs only public trust
 * material and both ends use it (the broker on publication and at startup, the device when
 * provisioned from a factory bundle); writing one is release creation (sign/bundle.ts).
 *
 * Layout (all integers big-endian):
 *
 * | offset | size | content |
 * |---|---|---|
 * | 0 | 8 | magic `AOTABNDL` |
 * | 8 | 4 | bundle format, 1 |
 * | 12 | 4 | envelope length E (at most {@link Limits.envelope}) |
 * | 16 | E | Envelope(Manifest) |
 * | 16 + E | rest | the image, exactly `manifest.image.size` bytes |
 *
 * Format 2 carries an SBOM (CycloneDX or SPDX JSON) between the envelope and the image; the
 * manifest signs its digest, size and format, so the SBOM is as authentic as the image:
 *
 * | offset | size | content |
 * |---|---|---|
 * | 0 | 8 | magic `AOTABNDL` |
 * | 8 | 4 | bundle format, 2 |
 * | 12 | 4 | envelope length E |
 * | 16 | E | Envelope(Manifest) |
 * | 16 + E | 4 | SBOM length S (1 to {@link Limits.maxSbomSize}) |
 * | 20 + E | S | the SBOM |
 * | 20 + E + S | rest | the image |
 */
import { OtaError } from './errors.js'
import { bytesEqual, isBytes } from './bytes.js'
import { sha256 } from './hash.js'
import { Limits } from './limits.js'
import { treeOf, type MerkleTree } from './merkle.js'
import { verifyManifest, type TrustedRoot, type VerifiedManifest } from './trust.js'

/** Bundle framing, shared with sign/bundle.ts. Internal: not exported from `aedes-ota/proto`. */
export const BundleFormat = {
  /** `AOTABNDL` in ASCII */
  magic: Uint8Array.from('AOTABNDL', (c) => c.charCodeAt(0)),
  /** format without an SBOM */
  version: 1,
  /** format with an SBOM section */
  versionWithSbom: 2,
  /** header bytes before the envelope: magic, format, envelope length */
  header: 16
} as const

/** A bundle split into its parts (views into the given bytes, not copies). */
export interface BundleParts {
  envelope: Uint8Array
  image: Uint8Array
  /** the SBOM a format-2 bundle carries; null in format 1 */
  sbom: Uint8Array | null
}

/**
 * Splits bundle bytes. Does not verify anything but the framing.
 * @throws OtaError `OTA_BUNDLE` for a bad magic, format or envelope length
 */
export function parseBundle (bytes: Uint8Array): BundleParts {
  const { magic, version, versionWithSbom, header } = BundleFormat
  if (!isBytes(bytes) || bytes.length < header || !bytesEqual(bytes.subarray(0, magic.length), magic)) {
    throw new OtaError('OTA_BUNDLE', 'not an aedes-ota bundle (bad magic)')
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const format = view.getUint32(8)
  if (format !== version && format !== versionWithSbom) throw new OtaError('OTA_BUNDLE', `bundle format ${format} is not supported`)
  const len = view.getUint32(12)
  if (len === 0 || len > Limits.envelope || header + len > bytes.length) throw new OtaError('OTA_BUNDLE', `bundle envelope length ${len} is out of range`)
  const envelope = bytes.subarray(header, header + len)
  if (format === version) return { envelope, image: bytes.subarray(header + len), sbom: null }
  const at = header + len
  if (at + 4 > bytes.length) throw new OtaError('OTA_BUNDLE', 'bundle ends before its SBOM length')
  const sbomLen = view.getUint32(at)
  if (sbomLen === 0 || sbomLen > Limits.maxSbomSize || at + 4 + sbomLen > bytes.length) throw new OtaError('OTA_BUNDLE', `bundle SBOM length ${sbomLen} is out of range`)
  return { envelope, sbom: bytes.subarray(at + 4, at + 4 + sbomLen), image: bytes.subarray(at + 4 + sbomLen) }
}

/** A bundle whose manifest verified and whose image matches it. */
export interface VerifiedBundle extends VerifiedManifest {
  image: Uint8Array
  /** the SBOM, matching the manifest's digest and size; null when the release has none */
  sbom: Uint8Array | null
  /** the image's Merkle tree, already built for the root check; serves proofs */
  tree: MerkleTree
}

/**
 * Verifies a bundle: the manifest against `trusted` ({@link verifyManifest}), then the image's
 * size, SHA-256 and Merkle root against the manifest, and the SBOM (present exactly when the
 * manifest names one) against its signed digest and size.
 * @throws OtaError `OTA_BUNDLE` for framing or an image that does not match, and whatever
 *   {@link verifyManifest} throws
 */
export function verifyBundle (bytes: Uint8Array, trusted: TrustedRoot, now: number = Date.now()): VerifiedBundle {
  const { envelope, image, sbom } = parseBundle(bytes)
  const v = verifyManifest(envelope, trusted, { now })
  const m = v.manifest
  if (m.sbomSha256.length === 0 && sbom !== null) throw new OtaError('OTA_BUNDLE', 'bundle carries an SBOM its manifest does not sign')
  if (m.sbomSha256.length !== 0) {
    if (sbom === null) throw new OtaError('OTA_BUNDLE', 'manifest names an SBOM the bundle does not carry')
    if (sbom.length !== m.sbomSize || !bytesEqual(sha256(sbom), m.sbomSha256)) throw new OtaError('OTA_BUNDLE', 'bundle SBOM does not match the manifest digest')
  }
  const a = m.image
  if (image.length !== a.size) throw new OtaError('OTA_BUNDLE', `bundle image is ${image.length} bytes, manifest says ${a.size}`)
  if (!bytesEqual(sha256(image), a.sha256)) throw new OtaError('OTA_BUNDLE', 'bundle image does not match the manifest digest')
  const tree = treeOf(image, a.chunkSize)
  if (!bytesEqual(tree.root, a.merkleRoot)) throw new OtaError('OTA_BUNDLE', 'bundle image does not match the manifest Merkle root')
  return { ...v, image, sbom, tree }
}
