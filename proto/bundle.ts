/**
 * The release bundle: one file carrying a signed manifest envelope and the image it describes.
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
import { bytesEqual, sha256 } from './hash.js'
import { Limits } from './limits.js'
import { treeOf, type MerkleTree } from './merkle.js'
import { verifyManifest, type TrustedRoot, type VerifiedManifest } from './trust.js'

const MAGIC = Buffer.from('AOTABNDL', 'latin1')
const HEADER = 16

/** A bundle split into its parts (views into the given bytes, not copies). */
export interface BundleParts {
  envelope: Uint8Array
  image: Uint8Array
}

/** Joins an envelope and an image into bundle bytes. */
export function encodeBundle (envelope: Uint8Array, image: Uint8Array): Buffer {
  if (envelope.length > Limits.envelope) throw new OtaError('OTA_TOO_LARGE', `envelope is ${envelope.length} bytes, limit ${Limits.envelope}`)
  const head = Buffer.alloc(HEADER)
  MAGIC.copy(head, 0)
  head.writeUInt32BE(1, 8)
  head.writeUInt32BE(envelope.length, 12)
  return Buffer.concat([head, envelope, image])
}

/**
 * Splits bundle bytes. Does not verify anything but the framing.
 * @throws OtaError `OTA_BUNDLE` for a bad magic, format or envelope length
 */
export function parseBundle (bytes: Uint8Array): BundleParts {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (b.length < HEADER || !b.subarray(0, 8).equals(MAGIC)) throw new OtaError('OTA_BUNDLE', 'not an aedes-ota bundle (bad magic)')
  const format = b.readUInt32BE(8)
  if (format !== 1) throw new OtaError('OTA_BUNDLE', `bundle format ${format} is not supported`)
  const len = b.readUInt32BE(12)
  if (len === 0 || len > Limits.envelope || HEADER + len > b.length) throw new OtaError('OTA_BUNDLE', `bundle envelope length ${len} is out of range`)
  return { envelope: bytes.subarray(HEADER, HEADER + len), image: bytes.subarray(HEADER + len) }
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
