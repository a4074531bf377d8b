/**
 * The release store: the current release of each model, on disk in the data folder.
 *
 * - `<dataDir>/artifacts/<sha256 hex>.bin`: each image once, whatever the number of devices
 *   (two models shipping the same image share the file);
 * - `<dataDir>/releases/<model>.env`: the model's current signed manifest envelope;
 * - `<dataDir>/sboms/<sha256 hex>.json`: the SBOM of each release that carries one, under its
 *   signed digest (the dashboard serves it; kept when the release is superseded, as the SBOM
 *   of what devices may still run).
 * - `<dataDir>/staged/<model>.env`: the release a rollout is offering to some devices of the
 *   model (at most one per model), not yet current: `promote` makes it current once the
 *   rollout completes, `unstage` drops it when the rollout is aborted.
 *
 * Chunks are read from the artifact file per frame (the OS page cache keeps hot images in
 * memory once); the Merkle tree of each model's artifact is kept in memory (about 64 bytes per
 * chunk) to serve proofs. On open, every stored release is verified again against the trusted
 * root and its image re-hashed: what the broker announces after a restart is what it verified.
 * A superseded artifact no model uses any more is deleted.
 */
import { judgeRelease } from './release-rules.js'
import { mkdir, open, readdir, readFile, stat, unlink, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { OtaError, toOtaError, bytesEqual, chunkCount, createSha256, toHex, verifyBundle, verifyManifest, leafHash, MerkleTree, type Artifact, type Manifest, type TrustedRoot } from '../proto/index.js'
import { writeFileAtomic } from '../proto/files.js'

/** Folder of the data folder holding SBOMs, one `<sha256 hex>.json` each. */
export const SBOM_DIR = 'sboms'

/** A release the store serves. */
export interface StoredRelease {
  manifest: Manifest
  /** exact signed envelope bytes, as announced */
  envelope: Uint8Array
  /** hex SHA-256 of the image: its id on the wire */
  artifactId: string
  /** number of chunks */
  count: number
  /** when the release was stored, ms (after a restart: its file's modification time) */
  publishedAt: number
}

interface Served {
  release: StoredRelease
  artifact: Artifact
  file: FileHandle
  tree: MerkleTree
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

/** Releases on disk with their Merkle trees; one instance per plugin. */
export class ReleaseStore implements ReleaseCatalog {
  private readonly byModel = new Map<string, Served>()
  private readonly stagedByModel = new Map<string, Served>()
  private readonly artifactsDir: string
  private readonly releasesDir: string
  private readonly stagedDir: string
  /** `add` calls run one after another: the sequence check and the switch must not interleave */
  private adding: Promise<unknown> = Promise.resolve()

  /**
   * @param dataDir - the plugin's data folder
   * @param trust - the root every release must verify against
   * @param now - clock, ms
   */
  constructor (readonly dataDir: string, private readonly trust: TrustedRoot, private readonly now: () => number) {
    this.artifactsDir = join(dataDir, 'artifacts')
    this.releasesDir = join(dataDir, 'releases')
    this.stagedDir = join(dataDir, 'staged')
  }

  /**
   * Creates the folders, removes what a crash left half-written, and loads every stored
   * release and staged release that still verifies.
   * @returns the releases and staged releases loaded and, for each refused one, why (`file`
   *   is `<model>.env`, or `staged/<model>.env` for a staged one)
   * @throws OtaError `OTA_IO` when the folders cannot be created or read
   */
  async open (): Promise<{ loaded: StoredRelease[], staged: StoredRelease[], refused: Array<{ file: string, error: OtaError }> }> {
    let names: string[]
    let stagedNames: string[]
    try {
      for (const d of [this.artifactsDir, this.releasesDir, this.stagedDir]) {
        await mkdir(d, { recursive: true })
        for (const n of (await readdir(d)).filter((x) => x.endsWith('.tmp'))) await unlink(join(d, n)).catch(() => {})
      }
      names = (await readdir(this.releasesDir)).filter((n) => n.endsWith('.env')).sort()
      stagedNames = (await readdir(this.stagedDir)).filter((n) => n.endsWith('.env')).sort()
    } catch (e) {
      throw toOtaError(e, 'OTA_IO', `cannot use the data folder ${this.dataDir}`)
    }
    const loaded: StoredRelease[] = []
    const staged: StoredRelease[] = []
    const refused: Array<{ file: string, error: OtaError }> = []
    for (const name of names) {
      try {
        const s = await this.load(join(this.releasesDir, name))
        loaded.push(await this.serve(s.release, s.file, s.tree))
      } catch (e) {
        refused.push({ file: name, error: toOtaError(e, 'OTA_IO') })
      }
    }
    for (const name of stagedNames) {
      try {
        const s = await this.load(join(this.stagedDir, name))
        this.stagedByModel.set(s.release.manifest.model, { release: s.release, artifact: s.release.manifest.image, file: s.file, tree: s.tree })
        staged.push(s.release)
      } catch (e) {
        refused.push({ file: `staged/${name}`, error: toOtaError(e, 'OTA_IO') })
      }
    }
    return { loaded, staged, refused }
  }

  private async load (envPath: string): Promise<{ release: StoredRelease, file: FileHandle, tree: MerkleTree }> {
    const envelope = new Uint8Array(await readFile(envPath))
    const publishedAt = Math.floor((await stat(envPath)).mtimeMs)
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
      return { release: { manifest, envelope, artifactId, count: chunkCount(a.size, a.chunkSize), publishedAt }, file, tree }
    } catch (e) {
      await file.close()
      throw e
    }
  }

  private async serve (release: StoredRelease, file: FileHandle, tree: MerkleTree): Promise<StoredRelease> {
    const old = this.byModel.get(release.manifest.model)
    this.byModel.set(release.manifest.model, { release, artifact: release.manifest.image, file, tree })
    if (old !== undefined) await this.retire(old)
    return release
  }

  /** Closes a release no longer served and deletes its artifact unless a current or staged release still uses it. */
  private async retire (old: Served): Promise<void> {
    await old.file.close().catch(() => {})
    const stillUsed = [...this.byModel.values(), ...this.stagedByModel.values()].some((s) => s.release.artifactId === old.release.artifactId)
    if (!stillUsed) await unlink(join(this.artifactsDir, `${old.release.artifactId}.bin`)).catch(() => {})
  }

  /**
   * Verifies a bundle ({@link verifyBundle}), applies the publish rules ({@link judgeRelease}),
   * stores it and makes it the model's current release. Calls run one at a time, so two bundles
   * for one model can never both pass the sequence check.
   * @param opts.force - lift the rules an operator may override (security version, downgrade,
   *   sequence step)
   * @returns the model's current release, and `added: false` when the bundle was already the
   *   current release (nothing changed)
   * @throws OtaError from bundle verification and {@link judgeRelease}, `OTA_ROLLOUT` while a
   *   rollout stages a release of the model (abort it, or let it complete, first),
   *   `OTA_IO`/`OTA_NO_SPACE` when it cannot be written
   */
  async add (bundle: Uint8Array, opts: { force?: boolean } = {}): Promise<{ release: StoredRelease, added: boolean }> {
    const next = this.adding.then(async () => await this.addNow(bundle, opts.force === true))
    this.adding = next.catch(() => {})
    return await next
  }

  private async addNow (bundle: Uint8Array, force: boolean): Promise<{ release: StoredRelease, added: boolean }> {
    const w = await this.writeRelease(bundle, force, 'current')
    if ('unchanged' in w) return { release: w.unchanged.release, added: false }
    return { release: await this.serve(w.written.release, w.written.file, w.written.tree), added: true }
  }

  /**
   * What `add` and `stage` share: verifies the bundle, judges it against the model's current
   * release, refuses it while a release of the model is staged, then writes the artifact, the
   * SBOM and the envelope (into `releases/` for `current`, `staged/` for `staged`) and opens the
   * artifact for serving. The caller decides what the written release becomes.
   * @returns `unchanged` (the model's current release) when the bundle is that release already:
   *   nothing is written
   * @throws OtaError as {@link ReleaseStore.add}
   */
  private async writeRelease (bundle: Uint8Array, force: boolean, as: 'current' | 'staged'): Promise<{ written: Served } | { unchanged: Served }> {
    const now = this.now()
    const v = verifyBundle(bundle, this.trust, now)
    const m = v.manifest
    const current = this.byModel.get(m.model)
    const verdict = judgeRelease(m, current?.release.manifest, current !== undefined && bytesEqual(current.release.envelope, v.envelope), Math.floor(now / 1000), force, this.offeredSequence(m.model))
    if (verdict.action === 'noop') return { unchanged: current! }
    const staged = this.stagedByModel.get(m.model)
    if (staged !== undefined) {
      const advice = as === 'current' ? ': abort it (or let it complete) before publishing another release' : ''
      throw new OtaError('OTA_ROLLOUT', `a rollout of ${staged.release.manifest.version} is under way for model ${m.model}${advice}`)
    }
    const artifactId = toHex(m.image.sha256)
    const artifactPath = join(this.artifactsDir, `${artifactId}.bin`)
    let file: FileHandle
    try {
      await writeFileAtomic(artifactPath, v.image, 0o644)
      if (v.sbom !== null) await this.keepSbom(m.sbomSha256, v.sbom)
      await writeFileAtomic(join(as === 'current' ? this.releasesDir : this.stagedDir, `${m.model}.env`), v.envelope, 0o644)
      file = await open(artifactPath, 'r')
    } catch (e) {
      throw toOtaError(e, 'OTA_IO', `cannot ${as === 'current' ? 'store' : 'stage'} release ${m.version} of ${m.model}`)
    }
    const release: StoredRelease = { manifest: m, envelope: v.envelope, artifactId, count: v.tree.size, publishedAt: now }
    return { written: { release, artifact: m.image, file, tree: v.tree } }
  }

  /**
   * Highest sequence a rollout of `model` offered to devices (the rollout engine sets it: its
   * records outlive an abort); publish and stage refuse a release below it ({@link judgeRelease}).
   */
  offeredSequence: (model: string) => number = () => 0

  /** Writes a verified SBOM under its digest (once: the name is the content's hash). */
  private async keepSbom (digest: Uint8Array, sbom: Uint8Array): Promise<void> {
    const dir = join(this.dataDir, SBOM_DIR)
    await mkdir(dir, { recursive: true })
    await writeFileAtomic(join(dir, `${toHex(digest)}.json`), sbom, 0o644)
  }

  /**
   * Verifies a bundle, applies the publish rules against the model's current release and stores
   * it as the model's staged release (a rollout offers it to some devices; it is not current).
   * Runs in turn with `add`.
   * @returns the staged release
   * @throws OtaError as `add`, and `OTA_ROLLOUT` when the bundle is the current release already
   *   or another release of the model is staged
   */
  async stage (bundle: Uint8Array, opts: { force?: boolean } = {}): Promise<StoredRelease> {
    const next = this.adding.then(async () => await this.stageNow(bundle, opts.force === true))
    this.adding = next.catch(() => {})
    return await next
  }

  private async stageNow (bundle: Uint8Array, force: boolean): Promise<StoredRelease> {
    const w = await this.writeRelease(bundle, force, 'staged')
    if ('unchanged' in w) {
      const m = w.unchanged.release.manifest
      throw new OtaError('OTA_ROLLOUT', `release ${m.version} is already the current release of ${m.model}`)
    }
    this.stagedByModel.set(w.written.release.manifest.model, w.written)
    return w.written.release
  }

  /** The staged release of `model` (a rollout's), if any. */
  staged (model: string): StoredRelease | undefined {
    return this.stagedByModel.get(model)?.release
  }

  /**
   * Makes the staged release of `model` its current release (a rollout completed): its envelope
   * is written as the model's current one, then the staged file removed.
   * @returns the new current release, or undefined when nothing was staged for `model`
   * @throws OtaError `OTA_IO` when the envelope cannot be written (the release stays staged)
   */
  async promote (model: string): Promise<StoredRelease | undefined> {
    const next = this.adding.then(async () => {
      const s = this.stagedByModel.get(model)
      if (s === undefined) return undefined
      try {
        await writeFileAtomic(join(this.releasesDir, `${model}.env`), s.release.envelope, 0o644)
      } catch (e) {
        throw toOtaError(e, 'OTA_IO', `cannot make release ${s.release.manifest.version} of ${model} current`)
      }
      this.stagedByModel.delete(model)
      await unlink(join(this.stagedDir, `${model}.env`)).catch(() => {})
      const release = { ...s.release, publishedAt: this.now() }
      return await this.serve(release, s.file, s.tree)
    })
    this.adding = next.catch(() => {})
    return await next
  }

  /**
   * Drops the staged release of `model` (a rollout was aborted): its file is removed, and its
   * artifact unless a current release uses it. Nothing happens when nothing is staged.
   */
  async unstage (model: string): Promise<void> {
    const next = this.adding.then(async () => {
      const s = this.stagedByModel.get(model)
      if (s === undefined) return
      this.stagedByModel.delete(model)
      await unlink(join(this.stagedDir, `${model}.env`)).catch(() => {})
      await this.retire(s)
    })
    this.adding = next.catch(() => {})
    await next
  }

  /** The current release of `model`, if any. */
  current (model: string): StoredRelease | undefined {
    return this.byModel.get(model)?.release
  }

  /** Every current release. */
  releases (): StoredRelease[] {
    return [...this.byModel.values()].map((s) => s.release)
  }

  /**
   * Reads chunk `index` of `model`'s current or staged artifact, with its inclusion proof. Who
   * may have a staged artifact is the request handler's decision (rollout offers), not the store's.
   * @throws OtaError `OTA_UNKNOWN_ARTIFACT` when `artifactId` is neither the model's current nor
   *   its staged artifact (superseded or withdrawn meanwhile), `OTA_INVALID_ARGUMENT` for an
   *   index out of range, `OTA_IO` when the read fails
   */
  async chunk (model: string, artifactId: string, index: number): Promise<{ data: Uint8Array, proof: Uint8Array[] }> {
    const cur = this.byModel.get(model)
    const s = cur !== undefined && cur.release.artifactId === artifactId ? cur : this.stagedByModel.get(model)
    if (s === undefined || s.release.artifactId !== artifactId) throw new OtaError('OTA_UNKNOWN_ARTIFACT', `artifact ${artifactId} is not served to model ${model}`)
    const { chunkSize, size } = s.artifact
    const offset = index * chunkSize
    const len = Math.min(chunkSize, size - offset)
    if (!Number.isInteger(index) || index < 0 || len <= 0) throw new OtaError('OTA_INVALID_ARGUMENT', `chunk ${index} is out of range`)
    const data = Buffer.allocUnsafe(len)
    let bytesRead: number
    try {
      ({ bytesRead } = await s.file.read(data, 0, len, offset))
    } catch (e) {
      throw toOtaError(e, 'OTA_IO', `cannot read chunk ${index} of ${artifactId}`)
    }
    if (bytesRead !== len) throw new OtaError('OTA_IO', `short read of chunk ${index} of ${artifactId}`)
    return { data, proof: s.tree.proof(index) }
  }

  /** Closes every artifact file. */
  async close (): Promise<void> {
    const files = [...this.byModel.values(), ...this.stagedByModel.values()].map((s) => s.file)
    this.byModel.clear()
    this.stagedByModel.clear()
    await Promise.all(files.map(async (f) => await f.close().catch(() => {})))
  }
}
