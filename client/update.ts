/**
 * One update, from consent to the trial: consent (with deferrals) → download into the inactive
 * slot (resuming a recorded download) → install (the verified image recorded for a trial boot
 * through {@link BootControl}) → "reboot" → trial. Each step is reported.
 */
import type { Logger } from 'pino'
import {
  OtaError, bitmapBytes, bytesEqual, chunkCount, highestBit, newBitmap, toOtaError, type ErrorCode, type VerifiedManifest
} from '../proto/index.js'
import type { StatusFields } from './audit.js'
import type { BootStatus } from './boot/boot-control.js'
import { Downloader } from './downloader.js'
import { droppedDetail, droppedTotal, type DroppedFrames } from './dropped-frames.js'
import { backoffDelay } from './backoff.js'
import type { ResolvedOptions, SlotName } from './options.js'
import { askConsent } from './consent/ask.js'
import { sleep } from './abortable.js'
import { imageSources, sourceName, type ImageSource } from './delta/plan.js'
import { StagingSink, clearStaging, stagedLength } from './delta/staging.js'
import { applyIntoSlot } from './delta/slot-apply.js'
import type { Reporter } from './reporter.js'
import { SlotWriter, type ChunkSink } from './slot-writer.js'
import { MAX_ABANDONED, bitmapFromBase64, bitmapToBase64, loadState, otherSlot, updateState, withStateLock } from './state.js'
import type { Trial } from './trial.js'
import { crashPoint } from '../proto/crash-points.js'

/**
 * Codes after which the same manifest is tried again when the broker delivers it again (after a
 * reconnect, or a new offer). A broker refusal (`OTA_UNKNOWN_ARTIFACT`, `OTA_NOT_OFFERED`) ends
 * the download at its first error frame, so the device asks once per delivery and never hammers;
 * a withdrawn release may be offered again by a later rollout and is then a new decision.
 */
const RETRYABLE = new Set<ErrorCode>(['OTA_TIMEOUT', 'OTA_CONNECTION', 'OTA_IO', 'OTA_UNKNOWN_ARTIFACT', 'OTA_NOT_OFFERED', 'OTA_WITHDRAWN'])

/** Codes that mean the bytes in the slot cannot be trusted: a resumed download starts over. */
const DISCARD = new Set<ErrorCode>(['OTA_IMAGE_DIGEST', 'OTA_CHUNK_PROOF', 'OTA_CHUNK_MISMATCH'])

/**
 * Failures of a patch (delta or compressed image) after which the device does NOT fall back to
 * the next source: the network or the broker's decision, not the patch, is at fault, and the
 * full image would fail the same way.
 */
const NO_FALLBACK = new Set<ErrorCode>(['OTA_TIMEOUT', 'OTA_CONNECTION', 'OTA_NOT_OFFERED', 'OTA_WITHDRAWN', 'OTA_STATE', 'OTA_SUPERSEDED'])

/** Where a manifest reached the device: `model` = `<p>/m/<model>/manifest`, `offer` = `<p>/d/<id>/offer`. */
export type ManifestSource = 'model' | 'offer'

/** One update under way. */
export interface Job {
  vm: VerifiedManifest
  /** hex SHA-256 of the manifest envelope: what intake remembers as handled */
  key: string
  /** hex image SHA-256 */
  artifact: string
  /** where the manifest came from: the model's topic or this device's own offer topic (a rollout) */
  source: ManifestSource
  /** consent and download can be abandoned (stop, supersede); install runs to its end */
  phase: 'consent' | 'download' | 'install'
  abort: AbortController
  /** the download running, which the data topic's frames go to */
  downloader: Downloader | null
  /** hex id of the artifact whose broadcast topic the device subscribes to now, whose frames go to the download too; null when none */
  broadcast?: string | null
  /** set when the device stops: the abort that follows is not a failure */
  stopped: boolean
}

/** How a job ended: `retry` when the same manifest is worth trying again when delivered again. */
export type JobOutcome = 'done' | 'retry'

/** What an update needs besides the options. */
export interface UpdateParts {
  report: Reporter
  trial: Trial
  log: Logger
  /** publishes one encoded chunk request to the device's request topic */
  sendRequest: (bytes: Uint8Array) => Promise<void>
  /** the broadcast topics of artifacts (docs/PROTOCOL.md, "Broadcast"); absent: unicast only */
  broadcast?: BroadcastLink
}

/** Subscribes the device to an artifact's broadcast topic for the time of its download. */
export interface BroadcastLink {
  /**
   * Subscribes to the broadcast topic of `artifactHex` (hex SHA-256).
   * @throws OtaError `OTA_ACL_DENIED` when the broker refuses it, `OTA_CONNECTION` otherwise
   */
  join: (artifactHex: string) => Promise<void>
  /** Unsubscribes from it. @throws OtaError `OTA_CONNECTION` */
  leave: (artifactHex: string) => Promise<void>
}

/** End offset (bytes) of the last chunk a resume bitmap marks as stored; 0 when none is. */
function highestEnd (bitmap: Uint8Array, chunks: number, chunkSize: number, size: number): number {
  const i = highestBit(bitmap, chunks)
  return i < 0 ? 0 : Math.min((i + 1) * chunkSize, size)
}

/**
 * The slot an update goes to, from the bootloader's status.
 * @throws OtaError `OTA_STATE` while a trial is pending
 */
/** `err` with the chunk bytes a failed download received, for the caller's total. */
function withBytes (err: OtaError, bytesReceived: number): OtaError {
  return new OtaError(err.code, err.message, { cause: err.cause, details: { ...err.details, bytesReceived } })
}

function checkTarget (b: BootStatus): SlotName {
  if (b.pending !== null) {
    throw new OtaError('OTA_STATE', `a trial of ${b.pending.version} in slot ${b.pending.slot} is pending: no update starts until it is confirmed or reverted (at the next boot)`)
  }
  return otherSlot(b.active)
}

/** Runs updates, one job at a time (intake.ts decides which). */
export class Updater {
  constructor (private readonly o: ResolvedOptions, private readonly p: UpdateParts) {}

  /**
   * Runs `job` to its end. Failures are reported (FAILED, or REJECTED for a decline) and emitted,
   * never thrown; an abort while the device stops ends it silently.
   */
  async run (job: Job): Promise<JobOutcome> {
    const { report } = this.p
    const m = job.vm.manifest
    const offeredAt = Date.now()
    const about: StatusFields = { targetVersion: m.version, artifact: m.image.sha256, bytesTotal: m.image.size }
    let received = 0
    let noTarget = false
    let dropped: DroppedFrames | null = null
    try {
      const target = await this.targetSlot().catch((e: unknown) => { noTarget = true; throw e })
      about.slot = target
      if (!await askConsent(this.o, this.p, job, about)) return 'done'
      job.phase = 'download'
      const bytes = await this.obtain(job, target, about, (n) => { received = n }, (d) => { dropped = d })
      job.phase = 'install'
      await this.install(job, target, offeredAt, bytes, about)
      return 'done'
    } catch (e) {
      const err = toOtaError(e, 'OTA_IO')
      if (job.stopped && job.abort.signal.aborted) {
        this.p.log.info({ version: m.version }, 'update interrupted by stop')
        return 'retry'
      }
      const d = dropped as DroppedFrames | null
      report.report('FAILED', { ...about, bytesReceived: received, error: err, ...(d !== null ? { detail: `${err.message}; ${droppedDetail(d)}` } : {}) })
      report.emit('failed', err)
      // Not started for want of a target (a trial pending, the bootloader unreadable): once that
      // is settled the same release is worth a new attempt.
      return RETRYABLE.has(err.code) || noTarget ? 'retry' : 'done'
    }
  }

  /**
   * The slot to download into: the one other than the bootloader's active slot, read from the
   * bootloader under the state lock (never from what the device believes runs).
   * @throws OtaError `OTA_STATE` while a trial is pending: no update starts until it is confirmed or reverted
   */
  private async targetSlot (): Promise<SlotName> {
    const { bootControl, stateDir } = this.o
    return await withStateLock(stateDir, async () => checkTarget(await bootControl.status()))
  }

  /**
   * Gets the release's image into `target`, from the smallest source the device can use
   * (client/delta/plan.ts): a delta from the running image, the compressed image, the image. A
   * failure of a patch (a bad or mismatched patch, a base that is not the running image, an
   * output that does not hash to the signed digest, a broker that does not serve it, no room to
   * stage it) falls back to the next source, reported as DOWNLOADING with the code and why; a
   * network failure does not ({@link NO_FALLBACK}). A source a state record names (a download or
   * an apply under way before a restart) is resumed first.
   * @returns chunk bytes received, over every source tried
   */
  private async obtain (job: Job, target: SlotName, about: StatusFields, onBytes: (n: number) => void, onDropped: (d: DroppedFrames) => void): Promise<number> {
    const { o } = this
    const { report, log } = this.p
    const status = await o.bootControl.status()
    const s = await loadState(o.stateDir)
    const sources = imageSources(job.vm.manifest, status.activeSha256, o.patches).filter((x) => !(s.abandoned ?? []).includes(x.id))
    // An apply record of a patch this release does not have is left from another release: forget it and its file.
    if (s.apply != null && !sources.some((x) => x.id === s.apply!.artifact)) await this.dropSource({ id: s.apply.artifact })
    const first = Math.max(0, sources.findIndex((x) => (s.apply?.artifact === x.id && s.apply.slot === target) || (s.download?.artifact === x.id && s.download.slot === target)))
    let before = 0
    for (let i = first; ; i++) {
      const src = sources[i]!
      try {
        return before + await this.downloadWithRetries(job, target, src, about, (n) => { onBytes(before + n) }, onDropped)
      } catch (e) {
        const err = toOtaError(e, 'OTA_IO')
        const next = sources[i + 1]
        if (next === undefined || job.abort.signal.aborted || NO_FALLBACK.has(err.code)) throw err
        before += (err.details?.bytesReceived as number | undefined) ?? 0
        await this.dropSource(src, true)
        log.warn({ version: job.vm.manifest.version, source: src.kind, artifact: src.id, err }, `${sourceName(src)} failed; falling back to the ${sourceName(next)}`)
        report.report('DOWNLOADING', { ...about, error: err, detail: `${sourceName(src)} failed (${err.code}: ${err.message}); falling back to the ${sourceName(next)}` })
      }
    }
  }

  /**
   * Forgets a patch: its download and apply records and its staged file; with `abandon`, also
   * records it as given up on, so that a restart does not try it again.
   */
  private async dropSource (src: Pick<ImageSource, 'id'>, abandon = false): Promise<void> {
    await updateState(this.o.stateDir, (s) => {
      const listed = (s.abandoned ?? []).includes(src.id)
      if (s.download?.artifact !== src.id && s.apply?.artifact !== src.id && (!abandon || listed)) return false
      if (s.download?.artifact === src.id) s.download = null
      if (s.apply?.artifact === src.id) s.apply = null
      if (abandon && !listed) s.abandoned = [...(s.abandoned ?? []), src.id].slice(-MAX_ABANDONED)
    }).catch((e: unknown) => { this.p.log.warn({ err: e }, 'cannot drop the patch records') })
    await clearStaging(this.o.stateDir)
  }

  /**
   * Downloads `src`, and after an `OTA_TIMEOUT` (silence, or the transfer deadline: slow
   * retrieval) tries again from what arrived, after a backoff ({@link backoffDelay} with the
   * device's `backoff`), at most `maxRetries` more times. Each timeout is reported as DOWNLOADING
   * with the error code and the retry time; the last one fails the update. A patch is then
   * applied into the slot (client/delta/slot-apply.ts) and the slot hashed against the signed image.
   */
  private async downloadWithRetries (job: Job, target: SlotName, src: ImageSource, about: StatusFields, onBytes: (n: number) => void, onDropped: (d: DroppedFrames) => void): Promise<number> {
    const { report, log } = this.p
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.download(job, target, src, about, onBytes, onDropped)
      } catch (e) {
        const err = toOtaError(e, 'OTA_IO')
        if (err.code !== 'OTA_TIMEOUT' || attempt >= this.o.maxRetries || job.abort.signal.aborted) throw err
        const delay = backoffDelay(attempt, this.o.backoff)
        log.warn({ version: job.vm.manifest.version, attempt: attempt + 1, delayMs: delay, err }, 'download timed out; trying again after a backoff')
        report.report('DOWNLOADING', { ...about, error: err, detail: `${err.message}; attempt ${attempt + 2} of ${this.o.maxRetries + 1} in ${delay} ms` })
        await sleep(delay, job.abort.signal)
      }
    }
  }

  /**
   * Downloads `src` into `target` (the image) or the staging folder (a patch, then applied into
   * `target`), resuming a recorded download of the same artifact.
   * @returns chunk bytes received
   * @throws OtaError as the download and the apply do; a thrown error carries `details.bytesReceived`
   */
  private async download (job: Job, target: SlotName, src: ImageSource, about: StatusFields, onBytes: (n: number) => void, onDropped: (d: DroppedFrames) => void): Promise<number> {
    const { o } = this
    const { report, log } = this.p
    const a = src.artifact
    const patch = src.kind !== 'image'
    const aboutSrc: StatusFields = patch ? { ...about, artifact: a.sha256, bytesTotal: a.size } : about
    const st = await loadState(o.stateDir)
    if (patch && st.apply?.artifact === src.id && st.apply.slot === target) {
      await this.applyPatch(job, target, src, about)
      return 0
    }
    if (patch) {
      // The slot must hold the image before a byte of patch is fetched (OTA_NO_SPACE now, not after the download).
      const probe = await o.storage.openForWrite(target, job.vm.manifest.image.size)
      await probe.close()
    }
    const chunks = chunkCount(a.size, a.chunkSize)
    let resume: Uint8Array | undefined
    // A bitmap is only worth resuming from if the slot (or staged file) still reaches every chunk it claims.
    const stored = await (patch ? stagedLength(o.stateDir, src.id) : o.storage.size(target)).catch((e: unknown) => {
      log.warn({ slot: target, artifact: src.id, err: e }, 'cannot read the size of what is stored; the download starts over')
      return -1
    })
    await updateState(o.stateDir, async (s) => {
      // The bootloader may have moved on since the job started (a trial pending, another active slot).
      if (checkTarget(await o.bootControl.status()) !== target) throw new OtaError('OTA_STATE', `slot ${target} became the bootloader's active slot`)
      const d = s.download
      if (d !== null && d.artifact === src.id && d.slot === target) {
        const bm = bitmapFromBase64(d.received)
        if (bm.length === bitmapBytes(chunks) && stored >= highestEnd(bm, chunks, a.chunkSize, a.size)) resume = bm
      }
      s.download = { artifact: src.id, slot: target, received: bitmapToBase64(resume ?? newBitmap(chunks)) }
    })
    const sink: ChunkSink & { close: () => Promise<void> } = patch ? await StagingSink.open(o.stateDir, src.id, a) : await SlotWriter.open(o.storage, target, { size: a.size, chunkSize: a.chunkSize })
    /** Frames dropped so far: to the caller (the FAILED detail) and as the `framesDropped` event. */
    const tellDropped = (d: DroppedFrames): void => { onDropped(d); report.emit('framesDropped', d) }
    const what = patch ? `${sourceName(src)}: ${a.size} bytes (${(100 * a.size / job.vm.manifest.image.size).toFixed(1)} % of the image)` : undefined
    const dl = new Downloader({
      artifact: a,
      sink,
      sendRequest: this.p.sendRequest,
      window: o.window,
      chunkTimeoutMs: o.chunkTimeoutMs,
      maxRetries: o.maxRetries,
      transferTimeoutMs: o.transferTimeoutMs,
      onDropped: (d) => {
        // Reported as it happens: an attack (injected or garbage frames) shows as itself.
        report.report('DOWNLOADING', { ...aboutSrc, bytesReceived: dl.progress.received, detail: droppedDetail(d) })
        tellDropped(d)
      },
      ...(resume !== undefined ? { received: resume } : {}),
      onProgress: (p) => { onBytes(dl.bytesReceived); report.emit('progress', p) },
      onCheckpoint: async (bitmap) => { await this.saveBitmap(src.id, bitmap) },
      onDownloaded: () => { report.report('DOWNLOADED', { ...aboutSrc, bytesReceived: a.size, ...(what !== undefined ? { detail: `${what}; applying it` } : {}) }) },
      signal: job.abort.signal,
      logger: log
    })
    job.downloader = dl
    // Before the first request: a frame broadcast for it then reaches this device too.
    const joined = await this.joinBroadcast(src.id)
    if (joined) job.broadcast = src.id
    report.report('DOWNLOADING', { ...aboutSrc, bytesReceived: dl.progress.received, ...(what !== undefined ? { detail: what } : {}) })
    let r
    try {
      r = await dl.run()
    } catch (e) {
      onBytes(dl.bytesReceived)
      const d = dl.droppedFrames
      if (droppedTotal(d) > 0) tellDropped(d)
      const err = toOtaError(e, 'OTA_IO')
      if (DISCARD.has(err.code)) {
        await updateState(o.stateDir, (s) => { if (s.download?.artifact !== src.id) return false; s.download = null }).catch((x: unknown) => {
          log.warn({ err: x }, 'cannot drop the download record')
        })
      } else {
        // Keep what arrived for the next attempt: make it durable, then record it.
        await sink.sync().then(async () => { await this.saveBitmap(src.id, dl.receivedBitmap()) }).catch((x: unknown) => {
          log.warn({ err: x }, 'cannot record download progress')
        })
      }
      throw withBytes(err, dl.bytesReceived)
    } finally {
      job.downloader = null
      if (joined) {
        job.broadcast = null
        this.leaveBroadcast(src.id)
      }
      await sink.close()
    }
    onBytes(r.bytesReceived)
    log.info({ version: job.vm.manifest.version, source: src.kind, bytes: r.bytesReceived, requests: r.requests, rejected: r.rejected, silentPeriods: r.silentPeriods, dropped: droppedTotal(r.dropped) }, patch ? 'patch stored and verified' : 'image stored and verified')
    const dropped = droppedTotal(r.dropped) > 0
    if (dropped) tellDropped(r.dropped)
    if (patch) {
      try {
        await this.applyPatch(job, target, src, about)
      } catch (e) {
        throw withBytes(toOtaError(e, 'OTA_IO'), r.bytesReceived)
      }
    } else {
      report.report('VERIFIED', { ...about, bytesReceived: a.size, ...(dropped ? { detail: droppedDetail(r.dropped) } : {}) })
    }
    return r.bytesReceived
  }

  /**
   * Applies the staged patch `src` into `target` (resuming a killed apply), hashes the slot as
   * stored against the signed image and reports VERIFIED; the install forgets the patch.
   * @throws OtaError from the apply (`OTA_DELTA`, `OTA_DELTA_BASE`, `OTA_IMAGE_DIGEST`, ...) or
   *   `OTA_IMAGE_DIGEST` when the slot does not hash to the manifest
   */
  private async applyPatch (job: Job, target: SlotName, src: ImageSource, about: StatusFields): Promise<void> {
    const { o } = this
    const m = job.vm.manifest
    const r = await applyIntoSlot({
      storage: o.storage, stateDir: o.stateDir, active: otherSlot(target), target, source: src, image: m.image, signal: job.abort.signal, log: this.p.log,
      onProgress: (written, total) => { this.p.report.emit('progress', { received: written, total }) }
    })
    // What boots is what is stored, hashed back whole: the apply's own hash saw the bytes on their way.
    const d = await o.storage.hash(target, m.image.size)
    if (d.length !== m.image.size || !bytesEqual(d.sha256, m.image.sha256)) throw new OtaError('OTA_IMAGE_DIGEST', `slot ${target} does not hold the signed image after applying the ${sourceName(src)}`)
    this.p.log.info({ version: m.version, source: src.kind, blocks: r.blocks, resumedAt: r.startBlock }, 'patch applied; image verified')
    // The apply record and the staged patch stay until the install: a restart before it re-hashes the slot, nothing more.
    const resumed = r.startBlock === r.blocks ? ', applied before a restart' : r.startBlock > 0 ? `, apply resumed at block ${r.startBlock} of ${r.blocks}` : ''
    this.p.report.report('VERIFIED', { ...about, bytesReceived: m.image.size, detail: `from the ${sourceName(src)} (${src.artifact.size} bytes${resumed})` })
  }

  /**
   * Subscribes to the broadcast topic of `artifact` when the device takes broadcasts, waiting
   * at most `chunkTimeoutMs` for the broker's answer (offline, mqtt.js would hold the SUBSCRIBE
   * until the connection is back).
   * @returns whether subscribed; a refusal (a broker without broadcast, an artifact it does not
   *   broadcast to this device), a failure or no answer in time leaves the download to unicast
   *   alone (and the subscription is dropped, so that it is not renewed after a reconnection)
   */
  private async joinBroadcast (artifact: string): Promise<boolean> {
    const b = this.p.broadcast
    if (!this.o.broadcast || b === undefined) return false
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => { reject(new OtaError('OTA_TIMEOUT', `no answer to the broadcast subscription within ${this.o.chunkTimeoutMs} ms`)) }, this.o.chunkTimeoutMs)
    })
    try {
      await Promise.race([b.join(artifact), late])
      return true
    } catch (e) {
      this.p.log.warn({ err: e, artifact }, 'broadcast topic not joined: unicast only')
      this.leaveBroadcast(artifact)
      return false
    } finally {
      clearTimeout(timer)
    }
  }

  /** Unsubscribes from the broadcast topic of `artifact`, without waiting: offline, the UNSUBSCRIBE leaves once the connection is back. */
  private leaveBroadcast (artifact: string): void {
    void this.p.broadcast?.leave(artifact).catch((e: unknown) => { this.p.log.warn({ err: e, artifact }, 'cannot leave the broadcast topic') })
  }

  private async saveBitmap (artifact: string, bitmap: Uint8Array): Promise<void> {
    await updateState(this.o.stateDir, (s) => {
      if (s.download?.artifact !== artifact) return false
      s.download.received = bitmapToBase64(bitmap)
    })
  }

  /** Records the verified image for a trial boot, "reboots" through the bootloader and settles the trial. */
  private async install (job: Job, target: SlotName, offeredAt: number, bytes: number, about: StatusFields): Promise<void> {
    const { o } = this
    const { report, trial } = this.p
    const m = job.vm.manifest
    crashPoint('install.begin')
    await o.bootControl.setTrial({ slot: target, envelope: job.vm.envelope, manifest: m, trialBoots: o.maxTrialBoots, offeredAt, bytes })
    crashPoint('install.trial-set')
    // After setTrial, so that a failed setTrial keeps the download to resume. A record left by a
    // crash in between is harmless: it is only resumed for the same artifact into the same slot,
    // and a resumed image is hashed whole before it is installed.
    await updateState(o.stateDir, (s) => {
      if (s.download === null && s.deferral === null && s.apply == null && s.abandoned === undefined) return false
      s.download = null
      s.apply = null
      delete s.abandoned
      s.deferral = null
    }).catch((e: unknown) => { this.p.log.warn({ err: e }, 'cannot drop the download record') })
    crashPoint('install.cleared')
    await clearStaging(o.stateDir)
    report.report('INSTALLING', about)
    report.report('REBOOTING', about)
    crashPoint('install.reboot')
    const b = await o.bootControl.boot()
    await trial.settle(b, b.trial ? undefined : { version: m.version, artifact: m.image.sha256 })
  }
}
