/**
 * What a stored release is (broker/store.ts keeps them): its shape, its artifacts in serving
 * order, and what a host may read of the store. No I/O here.
 */
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { isIdentifier, manifestPatches, toOtaError, type Manifest, type OtaError, type VerifiedBundle } from '../proto/index.js'
import { describeArtifact, type ReleaseArtifact, type ServedArtifact } from './artifacts.js'

/** Folder of the data folder holding each model's current envelope, `<model>.env`. */
export const RELEASES_DIR = 'releases'
/** Folder of the data folder holding each model's staged envelope, `<model>.env`. */
export const STAGED_DIR = 'staged'

/** What a reload of one model's envelopes changed (ReleaseStore `reload`). */
export interface Reloaded {
  /** the model's new current release, when it changed */
  current?: StoredRelease
  /** the model's new staged release, when it changed */
  staged?: StoredRelease
  /** the staged release was dropped */
  unstaged: boolean
  /**
   * the staged release that was dropped, or replaced by another staged release, without becoming
   * the current one (its rollout was aborted, not completed): its files are closed already
   */
  withdrawn?: StoredRelease
  /** each envelope that did not verify (`file` `<model>.env` or `staged/<model>.env`), and why */
  refused: Array<{ file: string, error: OtaError }>
}

/**
 * Every model with a current or staged envelope in `dataDir` now (what a cluster broker reloads
 * after joining, to catch up on what changed while it started).
 * @throws OtaError `OTA_IO` when the folders cannot be read
 */
export async function storedModels (dataDir: string): Promise<string[]> {
  const names = new Set<string>()
  try {
    for (const d of [RELEASES_DIR, STAGED_DIR]) {
      for (const n of await readdir(join(dataDir, d))) if (n.endsWith('.env') && isIdentifier(n.slice(0, -4))) names.add(n.slice(0, -4))
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw toOtaError(e, 'OTA_IO', `cannot read the data folder ${dataDir}`)
  }
  return [...names].sort()
}

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
