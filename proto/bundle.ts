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
 *
 * Format 3 also carries the release's patches (docs/PROTOCOL.md "Delta patches"): the compressed
 * image, when the manifest names one, then each delta in manifest order. Each is checked against
 * its signed size, digest and Merkle root like the image:
 *
 * | offset | size | content |
 * |---|---|---|
 * | 0 | 8 | magic `AOTABNDL` |
 * | 8 | 4 | bundle format, 3 |
 * | 12 | 4 | envelope length E |
 * | 16 | E | Envelope(Manifest) |
 * | 16 + E | 4 | SBOM length S (0 = no SBOM, else 1 to {@link Limits.maxSbomSize}) |
 * | 20 + E | S | the SBOM |
 * | 20 + E + S | 4 | patch count N (1 to 65) |
 * | 24 + E + S | 4 × N | each patch's length |
 * | … | sum of lengths | the patches, in that order |
 * | … | rest | the image |
 */
import { OtaError } from './errors.js'
import { bytesEqual, isBytes } from './bytes.js'
import { sha256 } from './hash.js'
import { Limits } from './limits.js'
import { treeOf, type MerkleTree } from './merkle.js'
import { verifyManifest, type TrustedRoot, type VerifiedManifest } from './trust.js'
import type { Artifact, Delta, Manifest } from './codec.js'

/** Bundle framing, shared with sign/bundle.ts. Internal: not exported from `aedes-ota/proto`. */
export const BundleFormat = {
  /** `AOTABNDL` in ASCII */
  magic: Uint8Array.from('AOTABNDL', (c) => c.charCodeAt(0)),
  /** format without an SBOM */
  version: 1,
  /** format with an SBOM section */
  versionWithSbom: 2,
  /** format with an (optional) SBOM and patches */
  versionWithPatches: 3,
  /** most patches a bundle carries: the compressed image and 64 deltas */
  maxPatches: 65,
  /** header bytes before the envelope: magic, format, envelope length */
  header: 16
} as const

/** A bundle split into its parts (views into the given bytes, not copies). */
export interface BundleParts {
  envelope: Uint8Array
  image: Uint8Array
  /** the SBOM a format-2 or -3 bundle carries; null when it has none */
  sbom: Uint8Array | null
  /** the patches of a format-3 bundle, in bundle order (compressed image, then deltas); empty otherwise */
  patches: Uint8Array[]
}

/**
 * Splits bundle bytes. Does not verify anything but the framing.
 * @throws OtaError `OTA_BUNDLE` for a bad magic, format, or a length (envelope, SBOM, patch count or patch) out of range
 */
export function parseBundle (bytes: Uint8Array): BundleParts {
  const { magic, version, versionWithSbom, versionWithPatches, header } = BundleFormat
  if (!isBytes(bytes) || bytes.length < header || !bytesEqual(bytes.subarray(0, magic.length), magic)) {
    throw new OtaError('OTA_BUNDLE', 'not an aedes-ota bundle (bad magic)')
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const format = view.getUint32(8)
  if (format !== version && format !== versionWithSbom && format !== versionWithPatches) throw new OtaError('OTA_BUNDLE', `bundle format ${format} is not supported`)
  const len = view.getUint32(12)
  if (len === 0 || len > Limits.envelope || header + len > bytes.length) throw new OtaError('OTA_BUNDLE', `bundle envelope length ${len} is out of range`)
  const envelope = bytes.subarray(header, header + len)
  if (format === version) return { envelope, image: bytes.subarray(header + len), sbom: null, patches: [] }
  let at = header + len
  const u32 = (what: string): number => {
    if (at + 4 > bytes.length) throw new OtaError('OTA_BUNDLE', `bundle ends before its ${what}`)
    at += 4
    return view.getUint32(at - 4)
  }
  const sbomLen = u32('SBOM length')
  const noSbomAllowed = format === versionWithPatches && sbomLen === 0
  if ((sbomLen === 0 && !noSbomAllowed) || sbomLen > Limits.maxSbomSize || at + sbomLen > bytes.length) throw new OtaError('OTA_BUNDLE', `bundle SBOM length ${sbomLen} is out of range`)
  const sbom = sbomLen === 0 ? null : bytes.subarray(at, at + sbomLen)
  at += sbomLen
  if (format === versionWithSbom) return { envelope, sbom, image: bytes.subarray(at), patches: [] }
  const count = u32('patch count')
  if (count === 0 || count > BundleFormat.maxPatches) throw new OtaError('OTA_BUNDLE', `bundle patch count ${count} is out of range`)
  const lengths: number[] = []
  for (let i = 0; i < count; i++) lengths.push(u32(`patch ${i} length`))
  const patches: Uint8Array[] = []
  for (const [i, n] of lengths.entries()) {
    if (n === 0 || at + n > bytes.length) throw new OtaError('OTA_BUNDLE', `bundle patch ${i} length ${n} is out of range`)
    patches.push(bytes.subarray(at, at + n))
    at += n
  }
  return { envelope, sbom, image: bytes.subarray(at), patches }
}

/** A bundle whose manifest verified and whose image matches it. */
export interface VerifiedBundle extends VerifiedManifest {
  image: Uint8Array
  /** the SBOM, matching the manifest's digest and size; null when the release has none */
  sbom: Uint8Array | null
  /** the image's Merkle tree, already built for the root check; serves proofs */
  tree: MerkleTree
  /** the release's patches (compressed image first, then deltas in manifest order), each matching its signed artifact */
  patches: BundlePatch[]
}

/** A patch a bundle carries, checked against the manifest entry it belongs to. */
export interface BundlePatch {
  /** the manifest entry: `manifest.compressedImage` or one of `manifest.deltas` */
  delta: Delta
  /** the patch bytes (a view into the bundle) */
  bytes: Uint8Array
  /** its Merkle tree over `delta.patch.chunkSize` chunks: serves proofs */
  tree: MerkleTree
}

/** The patch entries of a manifest in bundle order: the compressed image (if any), then the deltas. */
export function manifestPatches (m: Manifest): Delta[] {
  return m.compressedImage !== null ? [m.compressedImage, ...m.deltas] : [...m.deltas]
}

/**
 * Checks bytes against a signed artifact: size, SHA-256, Merkle root.
 * @returns the Merkle tree
 * @throws OtaError `OTA_BUNDLE` naming `what` when they do not match
 */
function checkArtifact (bytes: Uint8Array, a: Artifact, what: string): MerkleTree {
  if (bytes.length !== a.size) throw new OtaError('OTA_BUNDLE', `bundle ${what} is ${bytes.length} bytes, manifest says ${a.size}`)
  if (!bytesEqual(sha256(bytes), a.sha256)) throw new OtaError('OTA_BUNDLE', `bundle ${what} does not match the manifest digest`)
  const tree = treeOf(bytes, a.chunkSize)
  if (!bytesEqual(tree.root, a.merkleRoot)) throw new OtaError('OTA_BUNDLE', `bundle ${what} does not match the manifest Merkle root`)
  return tree
}

/**
 * Verifies a bundle: the manifest against `trusted` ({@link verifyManifest}), then the image's
 * size, SHA-256 and Merkle root against the manifest, each patch likewise against its manifest
 * entry ({@link manifestPatches} order), and the SBOM (present exactly when the
 * manifest names one) against its signed digest and size.
 * @throws OtaError `OTA_BUNDLE` for framing or an image that does not match, and whatever
 *   {@link verifyManifest} throws
 */
export function verifyBundle (bytes: Uint8Array, trusted: TrustedRoot, now: number = Date.now()): VerifiedBundle {
  const { envelope, image, sbom, patches } = parseBundle(bytes)
  const v = verifyManifest(envelope, trusted, { now })
  const m = v.manifest
  if (m.sbomSha256.length === 0 && sbom !== null) throw new OtaError('OTA_BUNDLE', 'bundle carries an SBOM its manifest does not sign')
  if (m.sbomSha256.length !== 0) {
    if (sbom === null) throw new OtaError('OTA_BUNDLE', 'manifest names an SBOM the bundle does not carry')
    if (sbom.length !== m.sbomSize || !bytesEqual(sha256(sbom), m.sbomSha256)) throw new OtaError('OTA_BUNDLE', 'bundle SBOM does not match the manifest digest')
  }
  const entries = manifestPatches(m)
  if (patches.length !== entries.length) throw new OtaError('OTA_BUNDLE', `bundle carries ${patches.length} patches, the manifest names ${entries.length}`)
  const checked = entries.map((delta, i) => ({ delta, bytes: patches[i]!, tree: checkArtifact(patches[i]!, delta.patch, delta.baseSha256.length === 0 ? 'compressed image' : `patch from ${delta.baseVersion}`) }))
  const tree = checkArtifact(image, m.image, 'image')
  return { ...v, image, sbom, tree, patches: checked }
}
