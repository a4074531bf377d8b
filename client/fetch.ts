/**
 * Getting a release's image into the target slot: from the smallest source the device can use
 * (a delta from the running image, the compressed image, the image; client/delta/plan.ts),
 * falling back from a patch that fails, retrying a download that timed out after a backoff, and
 * resuming what a download stored before it was interrupted (the state file's download record
 * and the resume journal, client/resume/journal.ts). What it leaves in the slot hashed, whole,
 * to the signed digest; the install (update.ts) takes it from there.
 */
import {
  OtaError, bitmapBytes, bytesEqual, chunkCount, highestBit, newBitmap, setBit, toOtaError, type ErrorCode
} from '../proto/index.js'
import { orBitmap } from '../proto/bitmap.js'
import type { StatusFields } from './audit.js'
import type { BootStatus } from './boot/boot-control.js'
import { Downloader } from './downloader.js'
import { droppedDetail, droppedTotal, type DroppedFrames } from './dropped-frames.js'
import { backoffDelay } from './backoff.js'
import type { ResolvedOptions, SlotName } from './options.js'
import { sleep } from './abortable.js'
import { imageSources, sourceName, type ImageSource } from './delta/plan.js'
import { StagingSink, clearStaging, stagedLength } from './delta/staging.js'
import { applyIntoSlot } from './delta/slot-apply.js'
import { SlotWriter, type ChunkSink } from './slot-writer.js'
import { MAX_ABANDONED, bitmapFromBase64, bitmapToBase64, loadState, otherSlot, updateState } from './state.js'
import { MAX_RECORDS, ResumeJournal } from './resume/journal.js'
import type { Job, UpdateParts } from './update.js'

/** Codes that mean the bytes in the slot cannot be trusted: a resumed download starts over. */
const DISCARD = new Set<ErrorCode>(['OTA_IMAGE_DIGEST', 'OTA_CHUNK_PROOF', 'OTA_CHUNK_MISMATCH'])

/**
 * Failures of a patch (delta or compressed image) after which the device does NOT fall back to
 * the next source: the network or the broker's decision, not the patch, is at fault, and the
 * full image would fail the same way.
 */
const NO_FALLBACK = new Set<ErrorCode>(['OTA_TIMEOUT', 'OTA_CONNECTION', 'OTA_NOT_OFFERED', 'OTA_WITHDRAWN', 'OTA_STATE', 'OTA_SUPERSEDED'])

/** End offset (bytes) of the last chunk a resume bitmap marks as stored; 0 when none is. */
function highestEnd (bitmap: Uint8Array, chunks: number, chunkSize: number, size: number): number {
  const i = highestBit(bitmap, chunks)
  return i < 0 ? 0 : Math.min((i + 1) * chunkSize, size)
}

/** `err` with the chunk bytes a failed download received, for the caller's total. */
function withBytes (err: OtaError, bytesReceived: number): OtaError {
  return new OtaError(err.code, err.message, { cause: err.cause, details: { ...err.details, bytesReceived } })
}

/**
 * The slot an update goes to, from the bootloader's status: the one other than its active slot.
 * @throws OtaError `OTA_STATE` while a trial is pending
 */
export function checkTarget (b: BootStatus): SlotName {
  if (b.pending !== null) {
    throw new OtaError('OTA_STATE', `a trial of ${b.pending.version} in slot ${b.pending.slot} is pending: no update starts until it is confirmed or reverted (at the next boot)`)
  }
  return otherSlot(b.active)
}

/** Gets release images into slots; one per device, used by the {@link Updater} of update.ts. */
export class Fetcher {
  constructor (private readonly o: ResolvedOptions, private readonly p: UpdateParts) {}

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
  async obtain (job: Job, target: SlotName, about: StatusFields, onBytes: (n: number) => void, onDropped: (d: DroppedFrames) => void): Promise<number> {
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
    const same = st.download !== null && st.download.artifact === src.id && st.download.slot === target
    const { journal, stored: journaled } = await ResumeJournal.open(o.stateDir, { artifact: src.id, slot: target, chunks }, same)
    try {
      return await this.downloadInto(job, target, src, aboutSrc, about, journal, journaled, onBytes, onDropped)
    } finally {
      await journal.close()
    }
  }

  /**
   * The download of {@link Updater.download} once its journal is open: the resume bitmap is the
   * state file's record and the journal's together, every commit is appended to the journal, and
   * the journal is folded into the state file every {@link MAX_RECORDS} records.
   */
  private async downloadInto (job: Job, target: SlotName, src: ImageSource, aboutSrc: StatusFields, about: StatusFields, journal: ResumeJournal, journaled: Uint8Array, onBytes: (n: number) => void, onDropped: (d: DroppedFrames) => void): Promise<number> {
    const { o } = this
    const { report, log } = this.p
    const a = src.artifact
    const patch = src.kind !== 'image'
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
        if (bm.length === bitmapBytes(chunks)) {
          orBitmap(bm, journaled)
          if (stored >= highestEnd(bm, chunks, a.chunkSize, a.size)) resume = bm
        }
      }
      s.download = { artifact: src.id, slot: target, received: bitmapToBase64(resume ?? newBitmap(chunks)) }
    })
    // The state file holds what the journal held (or the download starts afresh): the journal starts empty.
    if (journal.length > 0) await journal.restart()
    const durable = resume?.slice() ?? newBitmap(chunks)
    const commit = async (runs: ReadonlyArray<readonly [number, number]>): Promise<void> => {
      for (const [first, count] of runs) for (let i = first; i < first + count; i++) setBit(durable, i)
      await journal.append(runs)
      // Folded into the state file first; a journal whose download record is gone keeps its records.
      if (journal.length >= MAX_RECORDS && await this.saveBitmap(src.id, durable)) await journal.restart()
    }
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
      onCommit: commit,
      onDownloaded: () => { report.report('DOWNLOADED', { ...aboutSrc, bytesReceived: a.size, ...(what !== undefined ? { detail: `${what}; applying it` } : {}) }) },
      signal: job.abort.signal,
      logger: log
    })
    job.downloader = dl
    // Before the first request: a frame broadcast for it then reaches this device too.
    const joined = await this.joinBroadcast(src.id)
    if (joined) { job.broadcast = src.id; dl.joined = true }
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
        await updateState(o.stateDir, (s) => { if (s.download?.artifact !== src.id) return false; s.download = null })
          .then(async () => { await journal.restart() })
          .catch((x: unknown) => { log.warn({ err: x }, 'cannot drop the download record') })
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

  /** Records `bitmap` in the state file's download record of `artifact`. @returns false when the record is of another artifact (nothing saved) */
  private async saveBitmap (artifact: string, bitmap: Uint8Array): Promise<boolean> {
    const s = await updateState(this.o.stateDir, (st) => {
      if (st.download?.artifact !== artifact) return false
      st.download.received = bitmapToBase64(bitmap)
    })
    return s.download?.artifact === artifact
  }

}
