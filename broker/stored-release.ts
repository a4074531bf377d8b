/**
 * What a stored release is (broker/store.ts keeps them): its shape, its artifacts in serving
 * order, and what a host may read of the store. No I/O here.
 */
import { manifestPatches, type Manifest, type VerifiedBundle } from '../proto/index.js'
import { describeArtifact, type ReleaseArtifact, type ServedArtifact } from './artifacts.js'

/** Folder of the data folder holding SBOMs, one `<sha256 hex>.json` each. */
export const SBOM_DIR = 'sboms'

/** A release the store serves. */
export interface StoredRelease {
  manifest: Manifest
  /** exact signed envelope bytes, as announced */
  envelope: Uint8Array
  /** hex SHA-256 of the image: its id on the wire (rollouts know the release by it) */
  artifactId: string
  /** number of chunks of the image */
  count: number
  /**
   * every artifact a device may download: the image first, then the compressed image (if any),
   * then each delta in manifest order (`manifestPatches`); ids are distinct (the codec checks)
   */
  artifacts: ReleaseArtifact[]
  /** when the release was stored, ms (after a restart: its file's modification time) */
  publishedAt: number
}

/** A release with its artifacts open for serving (the store's own record). */
export interface Served {
  release: StoredRelease
  /** one per `release.artifacts`, same order */
  files: ServedArtifact[]
}

/**
 * The artifact of `release` whose id is `artifactId` (hex SHA-256), if it has one.
 */
export function releaseArtifact (release: StoredRelease, artifactId: string): ReleaseArtifact | undefined {
  return release.artifacts.find((a) => a.id === artifactId)
}

/** The artifacts of a manifest, in {@link StoredRelease.artifacts} order. */
export function artifactsOf (m: Manifest): ReleaseArtifact[] {
  return [describeArtifact(m.image, 'image'), ...manifestPatches(m).map((d) => d.baseSha256.length === 0 ? describeArtifact(d.patch, 'compressed') : describeArtifact(d.patch, 'delta', d.baseVersion))]
}

/** What a host may read of the plugin's releases (`OtaPlugin.store`). */
export interface ReleaseCatalog {
  /** the plugin's data folder, where releases and artifacts are stored */
  readonly dataDir: string
  /** The current release of `model`, if any. */
  current (model: string): StoredRelease | undefined
  /** Every current release, one per model. */
  releases (): StoredRelease[]
}

/**
 * The bytes and Merkle tree of each artifact of a verified bundle, in `artifacts` order (the
 * image, then the patches in `manifestPatches` order, which is `verifyBundle`'s).
 */
export function bundleItems (v: VerifiedBundle, artifacts: readonly ReleaseArtifact[]): Array<{ meta: ReleaseArtifact, bytes: Uint8Array, tree: VerifiedBundle['tree'] }> {
  const [image, ...patches] = artifacts
  return [{ meta: image!, bytes: v.image, tree: v.tree }, ...v.patches.map((p, i) => ({ meta: patches[i]!, bytes: p.bytes, tree: p.tree }))]
}
