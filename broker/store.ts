/**
 * The release store: the current release of each model, on disk in the data folder.
 *
 * - `<dataDir>/artifacts/<sha256 hex>.bin`: each image once, whatever the number of devices;
 * - `<dataDir>/releases/<model>.env`: the model's current signed manifest envelope.
 *
 * Chunks are read from the artifact file per frame (the OS page cache keeps hot images in
 * memory once); the Merkle tree of each artifact is kept in memory (about 64 bytes per chunk)
 * to serve proofs. On open, every stored release is verified again against the trusted root
 * and its image re-hashed: what the broker announces after a restart is what it verified.
 */
import { mkdir, open, readdir, readFile, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import {
  OtaError, toOtaError, bytesEqual, chunkCount, createSha256, toHex, verifyBundle, writeFileAtomic, verifyManifest, leafHash, MerkleTree,
  type Artifact, type Manifest, type TrustedRoot
} from '../proto/index.js'

/** A release the store serves. */
export interface StoredRelease {
  manifest: Manifest
  /** exact signed envelope bytes, as announced */
  envelope: Uint8Array
  /** hex SHA-256 of the image: its id on the wire */
  artifactId: string
  /** number of chunks */
  count: number
}

interface Served {
  release: StoredRelease
  artifact: Artifact
  file: FileHandle
  tree: MerkleTree
}

/** Releases on disk with their Merkle trees; one instance per plugin. */
export class ReleaseStore {
  private readonly byModel = new Map<string, Served>()
  private readonly byArtifact = new Map<string, Served>()
  private readonly artifactsDir: string
  private readonly releasesDir: string

  /**
   * @param dataDir - the plugin's data folder
   * @param trust - the root every release must verify against
   * @param now - clock, ms
   */
  constructor (readonly dataDir: string, private readonly trust: TrustedRoot, private readonly now: () => number) {
    this.artifactsDir = join(dataDir, 'artifacts')
    this.releasesDir = join(dataDir, 'releases')
  }

  /**
   * Creates the folders and loads every stored release that still verifies.
   * @returns the releases loaded and, for each refused one, why
   */
  async open (): Promise<{ loaded: StoredRelease[], refused: Array<{ file: string, error: OtaError }> }> {
    await mkdir(this.artifactsDir, { recursive: true })
    await mkdir(this.releasesDir, { recursive: true })
    const loaded: StoredRelease[] = []
    const refused: Array<{ file: string, error: OtaError }> = []
    for (const name of (await readdir(this.releasesDir)).filter((n) => n.endsWith('.env')).sort()) {
      try {
        loaded.push(await this.load(join(this.releasesDir, name)))
      } catch (e) {
        refused.push({ file: name, error: e instanceof OtaError ? e : new OtaError('OTA_IO', String(e), { cause: e }) })
      }
    }
    return { loaded, refused }
  }

  private async load (envPath: string): Promise<StoredRelease> {
    const envelope = new Uint8Array(await readFile(envPath))
    const { manifest } = verifyManifest(envelope, this.trust, { now: this.now() })
    const a = manifest.image
    const artifactId = toHex(a.sha256)
    const file = await open(join(this.artifactsDir, `${artifactId}.bin`), 'r')
    try {
      // Stream the image once: hash it and build the tree without holding it all in memory.
      const h = createSha256()
      const leaves: Uint8Array[] = []
      const buf = Buffer.alloc(a.chunkSize)
      let total = 0
      for (;;) {
        const { bytesRead } = await file.read(buf, 0, a.chunkSize, total)
        if (bytesRead === 0) break
        const chunk = buf.subarray(0, bytesRead)
        h.update(chunk)
        leaves.push(leafHash(chunk))
        total += bytesRead
        if (bytesRead < a.chunkSize) break
      }
      if (total !== a.size || !bytesEqual(h.digest(), a.sha256)) throw new OtaError('OTA_BUNDLE', `stored artifact ${artifactId} does not match its manifest`)
      const tree = new MerkleTree(leaves)
      if (!bytesEqual(tree.root, a.merkleRoot)) throw new OtaError('OTA_BUNDLE', `stored artifact ${artifactId} does not match its Merkle root`)
      return this.serve({ manifest, envelope, artifactId, count: chunkCount(a.size, a.chunkSize) }, a, file, tree)
    } catch (e) {
      await file.close()
      throw e
    }
  }

  private serve (release: StoredRelease, artifact: Artifact, file: FileHandle, tree: MerkleTree): StoredRelease {
    const old = this.byModel.get(release.manifest.model)
    const served: Served = { release, artifact, file, tree }
    this.byModel.set(release.manifest.model, served)
    this.byArtifact.set(release.artifactId, served)
    if (old !== undefined && old.release.artifactId !== release.artifactId) {
      this.byArtifact.delete(old.release.artifactId)
      void old.file.close().catch(() => {})
    }
    return release
  }

  /**
   * Verifies a bundle ({@link verifyBundle}), refuses one not newer than the model's current
   * release (sequence), stores it and makes it the model's current release.
   * @throws OtaError from bundle verification, `OTA_REPLAY` for a sequence not above the
   *   current one, `OTA_IO` when it cannot be written
   */
  async add (bundle: Uint8Array): Promise<StoredRelease> {
    const v = verifyBundle(bundle, this.trust, this.now())
    const m = v.manifest
    const current = this.byModel.get(m.model)
    if (current !== undefined && m.sequence <= current.release.manifest.sequence) {
      throw new OtaError('OTA_REPLAY', `model ${m.model} already has release ${current.release.manifest.version} with sequence ${current.release.manifest.sequence} >= ${m.sequence}`)
    }
    const artifactId = toHex(m.image.sha256)
    const artifactPath = join(this.artifactsDir, `${artifactId}.bin`)
    try {
      await writeFileAtomic(artifactPath, v.image, 0o644)
      await writeFileAtomic(join(this.releasesDir, `${m.model}.env`), v.envelope, 0o644)
    } catch (e) {
      throw toOtaError(e, 'OTA_IO', `cannot store release ${m.version} of ${m.model}`)
    }
    const file = await open(artifactPath, 'r')
    return this.serve({ manifest: m, envelope: v.envelope, artifactId, count: v.tree.size }, m.image, file, v.tree)
  }

  /** The current release of `model`, if any. */
  current (model: string): StoredRelease | undefined {
    return this.byModel.get(model)?.release
  }

  /** Every current release. */
  releases (): StoredRelease[] {
    return [...this.byModel.values()].map((s) => s.release)
  }

  /** The release an artifact id (32-byte digest) belongs to, if the store serves it. */
  find (artifact: Uint8Array): StoredRelease | undefined {
    return this.byArtifact.get(toHex(artifact))?.release
  }

  /**
   * Reads chunk `index` of an artifact with its inclusion proof.
   * @throws OtaError `OTA_UNKNOWN_ARTIFACT` when not served, `OTA_INVALID_ARGUMENT` for an index out of range
   */
  async chunk (artifactId: string, index: number): Promise<{ data: Uint8Array, proof: Uint8Array[] }> {
    const s = this.byArtifact.get(artifactId)
    if (s === undefined) throw new OtaError('OTA_UNKNOWN_ARTIFACT', `artifact ${artifactId} is not served`)
    const { chunkSize, size } = s.artifact
    const offset = index * chunkSize
    const len = Math.min(chunkSize, size - offset)
    if (!Number.isInteger(index) || index < 0 || len <= 0) throw new OtaError('OTA_INVALID_ARGUMENT', `chunk ${index} is out of range`)
    const data = Buffer.allocUnsafe(len)
    const { bytesRead } = await s.file.read(data, 0, len, offset)
    if (bytesRead !== len) throw new OtaError('OTA_IO', `short read of chunk ${index} of ${artifactId}`)
    return { data, proof: s.tree.proof(index) }
  }

  /** Closes every artifact file. */
  async close (): Promise<void> {
    const files = [...this.byModel.values()].map((s) => s.file)
    this.byModel.clear()
    this.byArtifact.clear()
    await Promise.all(files.map(async (f) => await f.close().catch(() => {})))
  }
}
