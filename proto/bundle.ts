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
  /** the only format this version reads and writes */
  version: 1,
  /** header bytes before the envelope: magic, format, envelope length */
  header: 16
} as const

/** A bundle split into its parts (views into the given bytes, not copies). */
export interface BundleParts {
  envelope: Uint8Array
  image: Uint8Array
}

/**
 * Splits bundle bytes. Does not verify anything but the framing.
 * @throws OtaError `OTA_BUNDLE` for a bad magic, format or envelope length
 */
export function parseBundle (bytes: Uint8Array): BundleParts {
  const { magic, version, header } = BundleFormat
  if (!isBytes(bytes) || bytes.length < header || !bytesEqual(bytes.subarray(0, magic.length), magic)) {
    throw new OtaError('OTA_BUNDLE', 'not an aedes-ota bundle (bad magic)')
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const format = view.getUint32(8)
  if (format !== version) throw new OtaError('OTA_BUNDLE', `bundle format ${format} is not supported`)
  const len = view.getUint32(12)
  if (len === 0 || len > Limits.envelope || header + len > bytes.length) throw new OtaError('OTA_BUNDLE', `bundle envelope length ${len} is out of range`)
  return { envelope: bytes.subarray(header, header + len), image: bytes.subarray(header + len) }
}

/** A bundle whose manifest verified and whose image matches it. */
export interface VerifiedBundle extends VerifiedManifest {
  image: Uint8Array
  /** the image's Merkle tree, already built for the root check; serves proofs */
  tree: MerkleTree
}

/**
 * Verifies a bundle: the manifest against `trusted` ({@link verifyManifest}), then the image's
 * size, SHA-256 and Merkle root against the manifest.
 * @throws OtaError `OTA_BUNDLE` for framing or an image that does not match, and whatever
 *   {@link verifyManifest} throws
 */
export function verifyBundle (bytes: Uint8Array, trusted: TrustedRoot, now: number = Date.now()): VerifiedBundle {
  const { envelope, image } = parseBundle(bytes)
  const v = verifyManifest(envelope, trusted, { now })
  const a = v.manifest.image
  if (image.length !== a.size) throw new OtaError('OTA_BUNDLE', `bundle image is ${image.length} bytes, manifest says ${a.size}`)
  if (!bytesEqual(sha256(image), a.sha256)) throw new OtaError('OTA_BUNDLE', 'bundle image does not match the manifest digest')
  const tree = treeOf(image, a.chunkSize)
  if (!bytesEqual(tree.root, a.merkleRoot)) throw new OtaError('OTA_BUNDLE', 'bundle image does not match the manifest Merkle root')
  return { ...v, image, tree }
}
