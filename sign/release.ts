/**
 * Release creation (the signing side, run in the build pipeline): describe an image in a
 * manifest, sign it with release keys and pack both into a bundle.
 */
import { OtaError } from '../proto/errors.js'
import { BodyType, type Manifest, type UrgencyValue } from '../proto/codec.js'
import { sha256 } from '../proto/hash.js'
import { Limits, assertChunkSize, defaultChunkSize } from '../proto/limits.js'
import { treeOf } from '../proto/merkle.js'
import { assertIdentifier } from '../proto/identifiers.js'
import { signEnvelope, type Signer } from './envelope.js'
import { encodeBundle } from './bundle.js'
import { sbomFormatOf } from './sbom.js'
import { releasePatches, type PatchBase, type PatchVerdict } from './delta/release-patches.js'

/** What {@link createRelease} needs. Times in ms since the epoch, sizes in bytes. */
export interface ReleaseOptions {
  /** the firmware image */
  image: Uint8Array
  model: string
  version: string
  /** anti-rollback counter of this release (>= 0) */
  securityVersion: number
  /** per-model manifest sequence; default: `createdAt` in seconds, so later releases sort later */
  sequence?: number
  /** bytes per chunk, a power of two; default {@link defaultChunkSize} of the image size */
  chunkSize?: number
  signers: readonly Signer[]
  createdAt?: number
  /**
   * ms since the epoch after which devices that trust their clock refuse the manifest
   * (`OTA_EXPIRED`, the freeze defence of TUF's timestamp role); default `createdAt` +
   * {@link ReleaseDefaults.validityMs}. 0 = never: an explicit opt-out, never the default
   */
  expiresAt?: number
  hardwareRevisions?: string[]
  releaseNotes?: string
  urgency?: UrgencyValue
  maxDeferralS?: number
  rebootRequired?: boolean
  /** ms; the model's end of support (0 = not announced) */
  endOfLifeAt?: number
  endOfLifeNotice?: string
  /** an SBOM (CycloneDX or SPDX JSON) to carry in the bundle; the manifest signs its digest */
  sbom?: Uint8Array
  /**
   * images devices may run now: a delta from each is encoded and shipped when it pays
   * (sign/delta/release-patches.ts `PatchRules`); default none
   */
  bases?: readonly PatchBase[]
  /**
   * encode the compressed image and ship it when it pays (default false here, as it costs
   * seconds per MiB; `aedes-ota release create` turns it on unless `--no-compress`)
   */
  compress?: boolean
  /** output bytes per block of each delta (default 1 MiB; sign/delta/release-patches.ts) */
  deltaBlockSize?: number
}

/**
 * Defaults of {@link createRelease}. `validityMs` is 90 days: long enough for a staged rollout
 * (waves of days to weeks, see docs/ROLLOUT.md) and for devices that are offline for weeks, short
 * enough that a broker or network that freezes a device on an old release is noticed within a
 * quarter, as TUF's timestamp/snapshot expiry intends (TUF spec 5.4, 5.5). Re-sign (or publish a
 * newer sequence) before it passes.
 */
export const ReleaseDefaults = {
  /** how long a manifest stays valid after `createdAt`, ms: 90 days */
  validityMs: 90 * 86_400_000
} as const

/** A signed release. */
export interface Release {
  /** the manifest as signed */
  manifest: Manifest
  /** encoded Envelope(Manifest) */
  envelope: Uint8Array
  /** bundle bytes: envelope, SBOM, patches, image (proto/bundle.ts layout) */
  bundle: Buffer
  /** what became of the compressed image and of each base (empty when neither was tried) */
  patches: PatchVerdict[]
  /** the patches the bundle carries, in manifest order (compressed image, then deltas): for `checkReleasePatches` */
  patchBytes: Uint8Array[]
}

/**
 * Builds, signs and bundles a release.
 * @throws OtaError `OTA_INVALID_ARGUMENT` for an empty image, bad identifiers or chunk size, an
 *   SBOM in neither supported format ({@link sbomFormatOf}), an expiry not after `createdAt`
 *   (other than 0), and `OTA_FIELD` for a manifest
 *   field outside the codec's rules; `OTA_INVALID_ARGUMENT` from `releasePatches` for a bad base
 */
export function createRelease (o: ReleaseOptions): Release {
  if (o.image.length === 0) throw new OtaError('OTA_INVALID_ARGUMENT', 'the image is empty')
  if (o.image.length > Limits.maxArtifactSize) throw new OtaError('OTA_INVALID_ARGUMENT', `the image is larger than ${Limits.maxArtifactSize} bytes`)
  if (o.signers.length === 0) throw new OtaError('OTA_INVALID_ARGUMENT', 'a release needs at least one signing key')
  assertIdentifier(o.model, 'model')
  const chunkSize = assertChunkSize(o.chunkSize ?? defaultChunkSize(o.image.length))
  if (!Number.isSafeInteger(o.securityVersion) || o.securityVersion < 0) throw new OtaError('OTA_INVALID_ARGUMENT', 'security version must be a non-negative integer')
  const createdAt = o.createdAt ?? Date.now()
  if (o.expiresAt !== undefined && o.expiresAt !== 0 && !(Number.isSafeInteger(o.expiresAt) && o.expiresAt > createdAt)) {
    throw new OtaError('OTA_INVALID_ARGUMENT', 'expiresAt must be after createdAt (or 0 for a manifest that never expires)')
  }
  const sbomFormat = o.sbom !== undefined ? sbomFormatOf(o.sbom) : ''
  const patches = releasePatches(o.image, o.bases ?? [], { compress: o.compress ?? false, ...(o.chunkSize !== undefined ? { chunkSize } : {}), ...(o.deltaBlockSize !== undefined ? { deltaBlockSize: o.deltaBlockSize } : {}) })
  const manifest: Manifest = {
    format: 1,
    model: o.model,
    hardwareRevisions: o.hardwareRevisions ?? [],
    version: o.version,
    securityVersion: o.securityVersion,
    sequence: o.sequence ?? Math.max(1, Math.floor(createdAt / 1000)),
    createdAt,
    expiresAt: o.expiresAt ?? createdAt + ReleaseDefaults.validityMs,
    image: { sha256: sha256(o.image), size: o.image.length, chunkSize, merkleRoot: treeOf(o.image, chunkSize).root },
    deltas: patches.deltas.map((p) => p.delta),
    releaseNotes: o.releaseNotes ?? '',
    urgency: o.urgency ?? 0,
    maxDeferralS: o.maxDeferralS ?? 0,
    rebootRequired: o.rebootRequired ?? true,
    endOfLifeAt: o.endOfLifeAt ?? 0,
    endOfLifeNotice: o.endOfLifeNotice ?? '',
    sbomSha256: o.sbom !== undefined ? sha256(o.sbom) : new Uint8Array(0),
    sbomFormat,
    sbomSize: o.sbom?.length ?? 0,
    compressedImage: patches.compressed?.delta ?? null
  }
  const envelope = signEnvelope({ type: BodyType.MANIFEST, manifest }, o.signers)
  const carried = [...(patches.compressed !== null ? [patches.compressed.bytes] : []), ...patches.deltas.map((p) => p.bytes)]
  return { manifest, envelope, bundle: encodeBundle(envelope, o.image, o.sbom, carried), patches: patches.verdicts, patchBytes: carried }
}
