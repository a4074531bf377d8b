/**
 * The release store: the current release of each model, on disk in the data folder.
 *
 * - `<dataDir>/artifacts/<sha256 hex>.bin`: each artifact once (the image, the compressed image,
 *   each delta patch), whatever the number of devices (two releases sharing an image or a patch
 *   share the file; broker/artifacts.ts);
 * - `<dataDir>/releases/<model>.env`: the model's current signed manifest envelope;
 * - `<dataDir>/sboms/<sha256 hex>.json`: the SBOM of each release that carries one, under its
 *   signed digest (the dashboard serves it; kept when the release is superseded, as the SBOM
 *   of what devices may still run).
 * - `<dataDir>/staged/<model>.env`: the release a rollout is offering to some devices of the
 *   model (at most one per model), not yet current: `promote` makes it current once the
 *   rollout completes, `unstage` drops it when the rollout is aborted.
 *
 * Chunks are read from the artifact files per frame (the OS page cache keeps hot ones in
 * memory once); the Merkle tree of each artifact of each served release is kept in memory (about
 * 64 bytes per chunk) to serve proofs. On open, every stored release is verified again against
 * the trusted root and every one of its artifacts re-hashed and its Merkle root checked: what the
 * broker announces after a restart is what it verified, and a release with one artifact missing
 * or wrong is refused whole (fail closed). A superseded artifact no current or staged release
 * uses any more is deleted.
 */
import { judgeRelease } from './release-rules.js'
import { mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { OtaError, toOtaError, bytesEqual, isIdentifier, toHex, verifyBundle, verifyManifest, type TrustedRoot, type VerifiedBundle } from '../proto/index.js'
import { writeFileAtomic } from '../proto/files.js'
import { closeArtifacts, deleteUnused, loadArtifacts, openArtifacts, readChunk, writeArtifacts, type ServedArtifact } from './artifacts.js'

import { artifactsOf, bundleItems, RELEASES_DIR, SBOM_DIR, STAGED_DIR, type Reloaded, type ReleaseCatalog, type Served, type StoredRelease } from './stored-release.js'

export type { ReleaseArtifact, ArtifactKind } from './artifacts.js'
export { releaseArtifact, storedModels, SBOM_DIR, type Reloaded, type ReleaseCatalog, type StoredRelease } from './stored-release.js'

/** Age past which a temporary file in a shared folder is a crash's leftover, not a write in progress, ms. */
const STALE_TMP_MS = 3600_000

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
   * @param shared - the folder is a cluster's (other brokers write there): `open` deletes only
   *   temporary files older than an hour, never one another broker is writing
   */
  constructor (readonly dataDir: string, private readonly trust: TrustedRoot, private readonly now: () => number, private readonly shared = false) {
    this.artifactsDir = join(dataDir, 'artifacts')
    this.releasesDir = join(dataDir, RELEASES_DIR)
    this.stagedDir = join(dataDir, STAGED_DIR)
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
        for (const n of (await readdir(d)).filter((x) => x.endsWith('.tmp'))) {
          // File times are wall-clock times: compared with Date.now(), not the plugin's clock.
          const young = this.shared && ((await stat(join(d, n)).catch(() => null))?.mtimeMs ?? Infinity) > Date.now() - STALE_TMP_MS
          if (!young) await unlink(join(d, n)).catch(() => {})
        }
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
        loaded.push(await this.serve(await this.load(join(this.releasesDir, name))))
      } catch (e) {
        refused.push({ file: name, error: toOtaError(e, 'OTA_IO') })
      }
    }
    for (const name of stagedNames) {
      try {
        const s = await this.load(join(this.stagedDir, name))
        this.stagedByModel.set(s.release.manifest.model, s)
        staged.push(s.release)
      } catch (e) {
        refused.push({ file: `staged/${name}`, error: toOtaError(e, 'OTA_IO') })
      }
    }
    return { loaded, staged, refused }
  }

  /** Reads an envelope, verifies it, and opens and re-verifies every artifact it names. */
  private async load (envPath: string): Promise<Served> {
    const envelope = new Uint8Array(await readFile(envPath))
    const publishedAt = Math.floor((await stat(envPath)).mtimeMs)
    const { manifest } = verifyManifest(envelope, this.trust, { now: this.now() })
    const artifacts = artifactsOf(manifest)
    const files = await loadArtifacts(this.artifactsDir, artifacts)
    return { release: { manifest, envelope, artifactId: artifacts[0]!.id, count: artifacts[0]!.count, artifacts, publishedAt }, files }
  }

  private async serve (s: Served, deleteUnusedFiles = true): Promise<StoredRelease> {
    const old = this.byModel.get(s.release.manifest.model)
    this.byModel.set(s.release.manifest.model, s)
    if (old !== undefined) await this.retire(old, deleteUnusedFiles)
    return s.release
  }

  /**
   * Closes a release no longer served and deletes each of its artifacts no current or staged
   * release still uses (unless `deleteUnusedFiles` is false: a cluster broker reloading what
   * another broker changed leaves the files to the broker that changed them).
   */
  private async retire (old: Served, deleteUnusedFiles = true): Promise<void> {
    await closeArtifacts(old.files)
    if (!deleteUnusedFiles) return
    const stillUsed = new Set([...this.byModel.values(), ...this.stagedByModel.values()].flatMap((s) => s.release.artifacts.map((a) => a.id)))
    await deleteUnused(this.artifactsDir, old.release.artifacts.map((a) => a.id), stillUsed)
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
    return await this.inTurn(async () => {
      const w = await this.writeRelease(bundle, opts.force === true, 'current', async (w) => 'unchanged' in w ? w.unchanged : await this.serve(w.written))
      if ('unchanged' in w) return { release: w.unchanged.release, added: false }
      this.changed(w.written.release.manifest.model)
      return { release: this.current(w.written.release.manifest.model)!, added: true }
    })
  }

  /** Runs `fn` after every `add`, `stage`, `reload`, `promote` and `unstage` queued before it. */
  private async inTurn<T> (fn: () => Promise<T>): Promise<T> {
    const next = this.adding.then(fn)
    this.adding = next.catch(() => {})
    return await next
  }

  /**
   * Runs `work`, which writes `model`'s release files, exclusively across a cluster (broker/cluster/
   * sets a lock in Redis); a lone broker runs it at once. May throw `OTA_IO` when it cannot lock.
   */
  exclusive: <T>(model: string, work: () => Promise<T>) => Promise<T> = async (_model, work) => await work()

  /**
   * Called after this store changed what a model's files say (add, stage, promote, unstage), once
   * the files are written; a cluster tells the other brokers (broker/cluster/). Must not throw.
   */
  changed: (model: string) => void = () => {}

  /**
   * Reads `model`'s current and staged envelopes again from the data folder (another broker of a
   * cluster changed them) and serves what they now name, each verified again against the trusted
   * root with every artifact re-hashed, exactly as at open. Fail closed: a release that does not
   * verify is not served (the one served before stays, or the staged one is dropped) and is
   * returned in `refused`. Artifact files are never deleted here. Runs in turn with `add`.
   * @returns what changed: the new current release, the new staged release, `unstaged` when the
   *   staged release was dropped (and `withdrawn`, that release, unless it became the current
   *   one), and what was refused
   * @throws OtaError `OTA_INVALID_ARGUMENT` when `model` is not an identifier
   */
  async reload (model: string): Promise<Reloaded> {
    if (!isIdentifier(model)) throw new OtaError('OTA_INVALID_ARGUMENT', `bad model ${JSON.stringify(model)}`)
    return await this.inTurn(async () => await this.reloadNow(model))
  }

  private async reloadNow (model: string): Promise<Reloaded> {
    const out: Reloaded = { unstaged: false, refused: [] }
    const fresh = async (dir: string, served: Served | undefined, file: string): Promise<Served | null | undefined> => {
      let envelope: Uint8Array
      try {
        envelope = new Uint8Array(await readFile(join(dir, `${model}.env`)))
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
        out.refused.push({ file, error: toOtaError(e, 'OTA_IO') })
        return undefined
      }
      if (served !== undefined && bytesEqual(served.release.envelope, envelope)) return undefined
      try {
        return await this.load(join(dir, `${model}.env`))
      } catch (e) {
        out.refused.push({ file, error: toOtaError(e, 'OTA_IO') })
        return undefined
      }
    }
    const staged = this.stagedByModel.get(model)
    const s = await fresh(this.stagedDir, staged, `staged/${model}.env`)
    if (s === null && staged !== undefined) {
      this.stagedByModel.delete(model)
      await this.retire(staged, false)
      out.unstaged = true
    } else if (s != null) {
      this.stagedByModel.set(model, s)
      if (staged !== undefined) await this.retire(staged, false)
      out.staged = s.release
    }
    const c = await fresh(this.releasesDir, this.byModel.get(model), `${model}.env`)
    if (c != null) out.current = await this.serve(c, false)
    // Dropped, or replaced by another staged release, without becoming the current one: withdrawn.
    const gone = staged !== undefined && (out.unstaged || (out.staged !== undefined && out.staged.artifactId !== staged.release.artifactId))
    if (gone && this.byModel.get(model)?.release.artifactId !== staged.release.artifactId) out.withdrawn = staged.release
    return out
  }

  /**
   * What `add` and `stage` share: verifies the bundle, judges it against the model's current
   * release, refuses it while a release of the model is staged, then writes every artifact (the
   * image and each patch), the SBOM and, last, the envelope (into `releases/` for `current`,
   * `staged/` for `staged`) and opens the artifacts for serving; `then` makes the written release
   * what the caller wants, still under {@link ReleaseStore.exclusive}. In a shared folder the
   * model's files are reloaded first, under the lock: the rules judge what the cluster holds.
   * @returns `unchanged` (the model's current release) when the bundle is that release already:
   *   nothing is written
   * @throws OtaError as {@link ReleaseStore.add}
   */
  private async writeRelease (bundle: Uint8Array, force: boolean, as: 'current' | 'staged', then: (w: { written: Served } | { unchanged: Served }) => Promise<unknown>): Promise<{ written: Served } | { unchanged: Served }> {
    const v = verifyBundle(bundle, this.trust, this.now())
    return await this.exclusive(v.manifest.model, async () => {
      if (this.shared) await this.reloadNow(v.manifest.model)
      const w = await this.writeVerified(v, force, as)
      await then(w)
      return w
    })
  }

  private async writeVerified (v: VerifiedBundle, force: boolean, as: 'current' | 'staged'): Promise<{ written: Served } | { unchanged: Served }> {
    const now = this.now()
    const m = v.manifest
    const current = this.byModel.get(m.model)
    const verdict = judgeRelease(m, current?.release.manifest, current !== undefined && bytesEqual(current.release.envelope, v.envelope), Math.floor(now / 1000), force, this.offeredSequence(m.model))
    if (verdict.action === 'noop') return { unchanged: current! }
    const staged = this.stagedByModel.get(m.model)
    if (staged !== undefined) {
      const advice = as === 'current' ? ': abort it (or let it complete) before publishing another release' : ''
      throw new OtaError('OTA_ROLLOUT', `a rollout of ${staged.release.manifest.version} is under way for model ${m.model}${advice}`)
    }
    const artifacts = artifactsOf(m)
    const items = bundleItems(v, artifacts)
    let files: ServedArtifact[]
    try {
      await writeArtifacts(this.artifactsDir, items)
      if (v.sbom !== null) await this.keepSbom(m.sbomSha256, v.sbom)
      await writeFileAtomic(join(as === 'current' ? this.releasesDir : this.stagedDir, `${m.model}.env`), v.envelope, 0o644)
      files = await openArtifacts(this.artifactsDir, items)
    } catch (e) {
      throw toOtaError(e, 'OTA_IO', `cannot ${as === 'current' ? 'store' : 'stage'} release ${m.version} of ${m.model}`)
    }
    const release: StoredRelease = { manifest: m, envelope: v.envelope, artifactId: artifacts[0]!.id, count: artifacts[0]!.count, artifacts, publishedAt: now }
    return { written: { release, files } }
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
    return await this.inTurn(async () => {
      const w = await this.writeRelease(bundle, opts.force === true, 'staged', async (w) => {
        if ('written' in w) this.stagedByModel.set(w.written.release.manifest.model, w.written)
      })
      if ('unchanged' in w) {
        const m = w.unchanged.release.manifest
        throw new OtaError('OTA_ROLLOUT', `release ${m.version} is already the current release of ${m.model}`)
      }
      this.changed(w.written.release.manifest.model)
      return w.written.release
    })
  }

  /** Every staged release, one per model at most. */
  stagedReleases (): StoredRelease[] {
    return [...this.stagedByModel.values()].map((s) => s.release)
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
    return await this.inTurn(async () => await this.exclusive(model, async () => {
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
      const served = await this.serve({ release, files: s.files })
      this.changed(model)
      return served
    }))
  }

  /**
   * Drops the staged release of `model` (a rollout was aborted): its file is removed, and each of
   * its artifacts no current release uses. Nothing happens when nothing is staged.
   */
  async unstage (model: string): Promise<void> {
    await this.inTurn(async () => await this.exclusive(model, async () => {
      const s = this.stagedByModel.get(model)
      if (s === undefined) return
      this.stagedByModel.delete(model)
      await unlink(join(this.stagedDir, `${model}.env`)).catch(() => {})
      await this.retire(s)
      this.changed(model)
    }))
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
   * Reads chunk `index` of an artifact (the image or a patch) of `model`'s current or staged
   * release, with its inclusion proof. Who may have a staged release's artifacts is the request
   * handler's decision (rollout offers), not the store's.
   * @throws OtaError `OTA_UNKNOWN_ARTIFACT` when `artifactId` is no artifact of the model's
   *   current or staged release (superseded or withdrawn meanwhile), `OTA_INVALID_ARGUMENT` for
   *   an index out of range, `OTA_IO` when the read fails
   */
  async chunk (model: string, artifactId: string, index: number): Promise<{ data: Uint8Array, proof: Uint8Array[] }> {
    for (const s of [this.byModel.get(model), this.stagedByModel.get(model)]) {
      const served = s?.files.find((f) => f.meta.id === artifactId)
      if (served !== undefined) return await readChunk(served, index)
    }
    throw new OtaError('OTA_UNKNOWN_ARTIFACT', `artifact ${artifactId} is not served to model ${model}`)
  }

  /**
   * The ids of every artifact of the current or staged release of `model` whose image is
   * `imageId` (what a withdrawal cancels), or `[imageId]` when no such release is served.
   */
  releaseArtifactIds (model: string, imageId: string): string[] {
    for (const s of [this.byModel.get(model), this.stagedByModel.get(model)]) {
      if (s?.release.artifactId === imageId) return s.release.artifacts.map((a) => a.id)
    }
    return [imageId]
  }

  /** Closes every artifact file. */
  async close (): Promise<void> {
    const files = [...this.byModel.values(), ...this.stagedByModel.values()].flatMap((s) => s.files)
    this.byModel.clear()
    this.stagedByModel.clear()
    await closeArtifacts(files)
  }
}
