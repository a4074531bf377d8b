/**
 * One update, from consent to the trial: consent (with deferrals) → download into the inactive
 * slot (resuming a recorded download) → install (the verified image recorded for a trial boot
 * through {@link BootControl}) → "reboot" → trial. Each step is reported.
 */
import type { Logger } from 'pino'
import {
  OtaError, bitmapBytes, chunkCount, highestBit, newBitmap, toOtaError, type ErrorCode, type VerifiedManifest
} from '../proto/index.js'
import type { StatusFields } from './audit.js'
import type { BootStatus } from './boot/boot-control.js'
import { Downloader } from './downloader.js'
import { droppedDetail, droppedTotal, type DroppedFrames } from './dropped-frames.js'
import { backoffDelay } from './backoff.js'
import type { ResolvedOptions, SlotName } from './options.js'
import { decideConsent } from './consent/decide.js'
import { releaseOffer } from './consent/offer.js'
import type { Reporter } from './reporter.js'
import { SlotWriter } from './slot-writer.js'
import { bitmapFromBase64, bitmapToBase64, loadState, otherSlot, updateState, withStateLock } from './state.js'
import type { Trial } from './trial.js'

/**
 * Codes after which the same manifest is tried again when the broker delivers it again (after a
 * reconnect, or a new offer). A broker refusal (`OTA_UNKNOWN_ARTIFACT`, `OTA_NOT_OFFERED`) ends
 * the download at its first error frame, so the device asks once per delivery and never hammers;
 * a withdrawn release may be offered again by a later rollout and is then a new decision.
 */
const RETRYABLE = new Set<ErrorCode>(['OTA_TIMEOUT', 'OTA_CONNECTION', 'OTA_IO', 'OTA_UNKNOWN_ARTIFACT', 'OTA_NOT_OFFERED', 'OTA_WITHDRAWN'])
/** Longest single timer, ms (setTimeout fires at once above 2^31 - 1): a longer deferral wakes up and looks again. */
const MAX_TIMER_MS = 2_147_483_647

/** Codes that mean the bytes in the slot cannot be trusted: a resumed download starts over. */
const DISCARD = new Set<ErrorCode>(['OTA_IMAGE_DIGEST', 'OTA_CHUNK_PROOF', 'OTA_CHUNK_MISMATCH'])

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
}

function abortable<T> (p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => { reject(signal.reason) }
    signal.addEventListener('abort', onAbort, { once: true })
    p.then(resolve, reject).finally(() => { signal.removeEventListener('abort', onAbort) })
  })
}

function sleep (ms: number, signal: AbortSignal): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  return abortable(new Promise<void>((resolve) => { timer = setTimeout(resolve, ms) }), signal).finally(() => { clearTimeout(timer) })
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
      if (!await this.consent(job, about)) return 'done'
      job.phase = 'download'
      const bytes = await this.downloadWithRetries(job, target, about, (n) => { received = n }, (d) => { dropped = d })
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
   * Consent, by the device's policy (client/consent/decide.ts), until the release installs or is
   * declined. Each time it is asked, OFFERED is reported; each deferral is reported DEFERRED with
   * `deferredUntil` and recorded in the device state, so that after a restart the device waits
   * for the same time, and the maximum deferral counts from the first deferral.
   * @returns false when declined
   */
  private async consent (job: Job, about: StatusFields): Promise<boolean> {
    const { o } = this
    const { report, log } = this.p
    const m = job.vm.manifest
    const signal = job.abort.signal
    for (let round = 0; ; round++) {
      const s = await loadState(o.stateDir)
      const rec = s.deferral?.artifact === job.artifact ? s.deferral : null
      const since = rec?.since ?? null
      const offer = releaseOffer(m, job.source, since, o.now())
      report.report('OFFERED', about)
      if (round === 0) report.emit('offered', offer)
      // A deferral recorded before a restart holds: nothing is asked until it ends.
      const held = round === 0 && rec !== null ? Math.min(rec.until, offer.installBy ?? Infinity) : 0
      if (held > o.now()) {
        report.report('DEFERRED', { ...about, deferredUntil: held, detail: `deferred until ${new Date(held).toISOString()} (before a restart)` })
        await sleep(Math.min(held - o.now(), MAX_TIMER_MS), signal)
        continue
      }
      let answer: unknown
      if (o.consentPolicy === 'ask') {
        try {
          answer = await abortable(Promise.resolve().then(async () => await o.consent(m, offer)), signal)
        } catch (e) {
          if (signal.aborted) throw e
          log.warn({ version: m.version, err: e }, 'consent hook failed; deferring')
        }
      }
      const now = o.now()
      const d = decideConsent(m, { policy: o.consentPolicy, answer, window: o.windows?.at(now), deferredSince: since, now, deferIntervalMs: o.deferIntervalMs })
      if (d.action === 'defer') {
        await updateState(o.stateDir, (st) => { st.deferral = { artifact: job.artifact, since: since ?? now, until: d.until } })
        const why = o.consentPolicy === 'window' ? 'outside the maintenance windows' : answer === 'decline' ? 'declined, but a critical release cannot be' : 'the application deferred it'
        report.report('DEFERRED', { ...about, deferredUntil: d.until, detail: `${why}; asking again at ${new Date(d.until).toISOString()}` })
        await sleep(Math.min(Math.max(d.until - now, 0), MAX_TIMER_MS), signal)
        continue
      }
      await updateState(o.stateDir, (st) => {
        if (st.deferral === null && d.action === 'install') return false
        st.deferral = null
        if (d.action === 'decline') st.refused = job.artifact
      })
      if (d.action === 'decline') {
        report.rejected(new OtaError('OTA_DECLINED', `release ${m.version} declined`), m)
        return false
      }
      if (d.overridden) log.info({ version: m.version, urgency: offer.urgency, installBy: offer.installBy }, 'installing: the maximum deferral has run out')
      return true
    }
  }

  /**
   * Downloads, and after an `OTA_TIMEOUT` (silence, or the transfer deadline: slow retrieval)
   * tries again from what arrived, after a backoff ({@link backoffDelay} with the device's
   * `backoff`), at most `maxRetries` more times. Each timeout is reported as DOWNLOADING with
   * the error code and the retry time; the last one fails the update.
   */
  private async downloadWithRetries (job: Job, target: SlotName, about: StatusFields, onBytes: (n: number) => void, onDropped: (d: DroppedFrames) => void): Promise<number> {
    const { report, log } = this.p
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.download(job, target, about, onBytes, onDropped)
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

  /** Downloads into `target`, resuming a recorded download of the same artifact. @returns chunk bytes received */
  private async download (job: Job, target: SlotName, about: StatusFields, onBytes: (n: number) => void, onDropped: (d: DroppedFrames) => void): Promise<number> {
    const { o } = this
    const { report, log } = this.p
    const a = job.vm.manifest.image
    const chunks = chunkCount(a.size, a.chunkSize)
    let resume: Uint8Array | undefined
    // A bitmap is only worth resuming from if the slot still reaches every chunk it claims.
    const slotSize = await o.storage.size(target).catch((e: unknown) => {
      log.warn({ slot: target, err: e }, 'cannot read the size of the slot; the download starts over')
      return -1
    })
    await updateState(o.stateDir, async (s) => {
      // The bootloader may have moved on since the job started (a trial pending, another active slot).
      if (checkTarget(await o.bootControl.status()) !== target) throw new OtaError('OTA_STATE', `slot ${target} became the bootloader's active slot`)
      const d = s.download
      if (d !== null && d.artifact === job.artifact && d.slot === target) {
        const bm = bitmapFromBase64(d.received)
        if (bm.length === bitmapBytes(chunks) && slotSize >= highestEnd(bm, chunks, a.chunkSize, a.size)) resume = bm
      }
      s.download = { artifact: job.artifact, slot: target, received: bitmapToBase64(resume ?? newBitmap(chunks)) }
    })
    const writer = await SlotWriter.open(o.storage, target, { size: a.size, chunkSize: a.chunkSize })
    /** Frames dropped so far: to the caller (the FAILED detail) and as the `framesDropped` event. */
    const tellDropped = (d: DroppedFrames): void => { onDropped(d); report.emit('framesDropped', d) }
    const dl = new Downloader({
      artifact: a,
      sink: writer,
      sendRequest: this.p.sendRequest,
      window: o.window,
      chunkTimeoutMs: o.chunkTimeoutMs,
      maxRetries: o.maxRetries,
      transferTimeoutMs: o.transferTimeoutMs,
      onDropped: (d) => {
        // Reported as it happens: an attack (injected or garbage frames) shows as itself.
        report.report('DOWNLOADING', { ...about, bytesReceived: dl.progress.received, detail: droppedDetail(d) })
        tellDropped(d)
      },
      ...(resume !== undefined ? { received: resume } : {}),
      onProgress: (p) => { onBytes(dl.bytesReceived); report.emit('progress', p) },
      onCheckpoint: async (bitmap) => { await this.saveBitmap(job.artifact, bitmap) },
      onDownloaded: () => { report.report('DOWNLOADED', { ...about, bytesReceived: a.size }) },
      signal: job.abort.signal,
      logger: log
    })
    job.downloader = dl
    report.report('DOWNLOADING', { ...about, bytesReceived: dl.progress.received })
    try {
      const r = await dl.run()
      onBytes(r.bytesReceived)
      log.info({ version: job.vm.manifest.version, bytes: r.bytesReceived, requests: r.requests, rejected: r.rejected, silentPeriods: r.silentPeriods, dropped: droppedTotal(r.dropped) }, 'image stored and verified')
      const dropped = droppedTotal(r.dropped) > 0
      if (dropped) tellDropped(r.dropped)
      report.report('VERIFIED', { ...about, bytesReceived: a.size, ...(dropped ? { detail: droppedDetail(r.dropped) } : {}) })
      return r.bytesReceived
    } catch (e) {
      onBytes(dl.bytesReceived)
      const d = dl.droppedFrames
      if (droppedTotal(d) > 0) tellDropped(d)
      const err = toOtaError(e, 'OTA_IO')
      if (DISCARD.has(err.code)) {
        await updateState(o.stateDir, (s) => { if (s.download?.artifact !== job.artifact) return false; s.download = null }).catch((x: unknown) => {
          log.warn({ err: x }, 'cannot drop the download record')
        })
      } else {
        // Keep what arrived for the next attempt: make it durable, then record it.
        await writer.sync().then(async () => { await this.saveBitmap(job.artifact, dl.receivedBitmap()) }).catch((x: unknown) => {
          log.warn({ err: x }, 'cannot record download progress')
        })
      }
      throw err
    } finally {
      job.downloader = null
      await writer.close()
    }
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
    await o.bootControl.setTrial({ slot: target, envelope: job.vm.envelope, manifest: m, trialBoots: o.maxTrialBoots, offeredAt, bytes })
    // After setTrial, so that a failed setTrial keeps the download to resume. A record left by a
    // crash in between is harmless: it is only resumed for the same artifact into the same slot,
    // and a resumed image is hashed whole before it is installed.
    await updateState(o.stateDir, (s) => {
      if (s.download === null && s.deferral === null) return false
      s.download = null
      s.deferral = null
    }).catch((e: unknown) => { this.p.log.warn({ err: e }, 'cannot drop the download record') })
    report.report('INSTALLING', about)
    report.report('REBOOTING', about)
    const b = await o.bootControl.boot()
    await trial.settle(b, b.trial ? undefined : { version: m.version, artifact: m.image.sha256 })
  }
}
