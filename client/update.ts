/**
 * One update, from consent to the trial: consent (with deferrals) → download into the inactive
 * slot (client/fetch.ts: sources, fallback, retries, resume) → install (the verified image recorded for a trial boot
 * through {@link BootControl}) → "reboot" → trial. Each step is reported.
 */
import type { Logger } from 'pino'
import { toOtaError, type ErrorCode, type VerifiedManifest } from '../proto/index.js'
import type { StatusFields } from './audit.js'
import type { Downloader } from './downloader.js'
import { droppedDetail, type DroppedFrames } from './dropped-frames.js'
import type { ResolvedOptions, SlotName } from './options.js'
import { askConsent } from './consent/ask.js'
import { clearStaging } from './delta/staging.js'
import type { Reporter } from './reporter.js'
import { updateState, withStateLock } from './state.js'
import type { Trial } from './trial.js'
import { removeJournal } from './resume/journal.js'
import { Fetcher, checkTarget } from './fetch.js'
import { crashPoint } from '../proto/crash-points.js'

/**
 * Codes after which the same manifest is tried again when the broker delivers it again (after a
 * reconnect, or a new offer). A broker refusal (`OTA_UNKNOWN_ARTIFACT`, `OTA_NOT_OFFERED`) ends
 * the download at its first error frame, so the device asks once per delivery and never hammers;
 * a withdrawn release may be offered again by a later rollout and is then a new decision.
 */
const RETRYABLE = new Set<ErrorCode>(['OTA_TIMEOUT', 'OTA_CONNECTION', 'OTA_IO', 'OTA_UNKNOWN_ARTIFACT', 'OTA_NOT_OFFERED', 'OTA_WITHDRAWN'])

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

/**
 * How a job ended: `retry` when the same manifest is worth trying again when delivered again;
 * `later` when it lost its connection (every download attempt timed out, LwM2M result 4): the
 * device tries it again by itself after a backoff, as well as when it is delivered again.
 */
export type JobOutcome = 'done' | 'retry' | 'later'

/** Codes of a job that lost its connection: tried again after a backoff ({@link JobOutcome} `later`). */
const LATER = new Set<ErrorCode>(['OTA_TIMEOUT', 'OTA_CONNECTION'])

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

/** Runs updates, one job at a time (intake.ts decides which). */
export class Updater {
  private readonly fetcher: Fetcher
  constructor (private readonly o: ResolvedOptions, private readonly p: UpdateParts) {
    this.fetcher = new Fetcher(o, p)
  }

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
      const bytes = await this.fetcher.obtain(job, target, about, (n) => { received = n }, (d) => { dropped = d })
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
      if (LATER.has(err.code) && !noTarget) return 'later'
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
    await removeJournal(o.stateDir).catch((e: unknown) => { this.p.log.warn({ err: e }, 'cannot remove the resume journal') })
    await clearStaging(o.stateDir)
    report.report('INSTALLING', about)
    report.report('REBOOTING', about)
    crashPoint('install.reboot')
    const b = await o.bootControl.boot()
    await trial.settle(b, b.trial ? undefined : { version: m.version, artifact: m.image.sha256 })
  }
}
