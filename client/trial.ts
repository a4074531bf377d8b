/**
 * The trial of a new image: the health check of a trial boot, then confirm or revert through the
 * {@link BootControl}, with the TRIAL, CONFIRMED and REVERTED reports. Every REVERTED says why
 * with a reason of ./boot/revert-reason.ts (health check failed, its deadline passed, not
 * confirmed; the bootloader's own for a boot that fell back).
 *
 * A trial always ends: a confirm that keeps failing counts as a failed health check (the image
 * is reverted), and a revert that keeps failing leaves the trial to the bootloader, which spends
 * a trial count at each boot until it falls back. The release given up on is recorded as
 * refused by the device (its own record), before the revert (and, when the bootloader fell back,
 * before the trial it gave up on is dropped), so a crash in between cannot make the device fetch
 * it again.
 */
import type { Logger } from 'pino'
import { fromHex, toHex, toOtaError, type OtaError } from '../proto/index.js'
import { crashPoint } from '../proto/crash-points.js'
import type { StatusFields } from './audit.js'
import type { BootControl, BootResult } from './boot/boot-control.js'
import { imageIn, revertReason } from './boot/revert-reason.js'
import { DeviceDefaults, type ResolvedOptions } from './options.js'
import type { Reporter } from './reporter.js'
import { updateState } from './state.js'

/** What a trial gave up on, for the REVERTED report. */
export interface Attempted {
  version: string
  artifact: Uint8Array
}

/** Runs trials and reports their ends. */
export class Trial {
  constructor (private readonly o: Pick<ResolvedOptions, 'healthCheck' | 'healthCheckTimeoutMs' | 'stateDir'>, private readonly boot: BootControl, private readonly report: Reporter, private readonly log: Logger) {}

  /**
   * After a boot: a trial boot runs its health check (then confirm or revert); a boot that fell
   * back to an older image is reported as REVERTED (and a trial it gave up on recorded as refused).
   * Never throws: a bootloader failure is reported as FAILED.
   * @param attempted - for a boot that fell back: the version and artifact that did not boot
   */
  async settle (b: BootResult, attempted?: Attempted): Promise<void> {
    this.report.setRunning(b)
    if (b.revertedSha256 !== undefined) await this.forget(b.revertedSha256)
    if (b.trial) await this.resolve(b)
    else if (b.reverted || attempted !== undefined) {
      const lost = attempted?.version ?? b.revertedVersion
      this.reverted(b, b.reason ?? revertReason('boot-verify', `image ${lost ?? 'on trial'} did not boot`), attempted)
    }
  }

  /**
   * Gives up on the image on trial `b` (refused, reverted, old image booted), without reporting:
   * the caller reports REVERTED with {@link Trial.reverted} once it can publish.
   * @returns what runs now
   * @throws OtaError what {@link BootControl.revert} threw on its last attempt, what {@link BootControl.boot} throws
   */
  async giveUp (b: BootResult): Promise<BootResult> {
    await this.refuse(toHex(b.manifest.image.sha256))
    await this.attempt('revert', async () => await this.boot.revert())
    crashPoint('revert.done')
    const back = await this.boot.boot()
    crashPoint('revert.booted')
    this.report.setRunning(back)
    if (back.revertedSha256 !== undefined) await this.forget(back.revertedSha256)
    return back
  }

  /**
   * After a boot that gave up on a trial: records its release as refused, then lets the
   * bootloader drop the trial when it still records it (boot-control.ts: it may keep it until
   * then, so that a power cut in between gives it up again rather than forgets it). Logged, not
   * thrown: a bootloader that cannot drop it gives it up again at the next boot.
   */
  private async forget (sha256: string): Promise<void> {
    await this.refuse(sha256)
    try {
      if ((await this.boot.status()).pending === null) return
      await this.attempt('revert', async () => await this.boot.revert())
    } catch (e) {
      this.log.error({ artifact: sha256, err: e }, 'cannot drop the trial the bootloader gave up on; it is given up again at the next boot')
    }
  }

  /** Runs the health check of a trial boot (bounded by `healthCheckTimeoutMs`), then confirms or reverts. */
  private async resolve (b: BootResult): Promise<void> {
    const previousVersion = b.previousVersion
    const about: StatusFields = { targetVersion: b.version, artifact: b.manifest.image.sha256, slot: b.slot, ...(previousVersion !== undefined ? { previousVersion } : {}) }
    const left = b.trialBootsLeft
    this.report.report('TRIAL', left === undefined ? about : { ...about, detail: left === 0 ? 'last trial boot: the bootloader reverts the image if it is not confirmed now' : `trial boot; ${left} more before the bootloader reverts the image unconfirmed` })
    let err = await this.healthy(b)
    if (err === null) {
      crashPoint('trial.healthy')
      try {
        const c = await this.attempt('confirm', async () => await this.boot.confirm())
        crashPoint('confirm.done')
        this.report.setRunning(c)
        this.report.report('CONFIRMED', { ...about, previousVersion: c.previousVersion })
        this.report.emit('confirmed', { from: c.previousVersion, to: c.version, seconds: Math.max(0, Date.now() - c.offeredAt) / 1000, bytes: c.bytes })
        return
      } catch (e) {
        // An image the bootloader cannot confirm is not left running half-installed: it is reverted.
        err = revertReason('not-confirmed', `${imageIn(b.version, b.slot)} passed its health check, but the bootloader did not confirm it: ${e instanceof Error ? e.message : String(e)}`, { cause: e, slot: b.slot })
      }
    } else {
      crashPoint('trial.unhealthy')
    }
    let back: BootResult
    try {
      back = await this.giveUp(b)
    } catch (e) {
      const fatal = toOtaError(e, 'OTA_IO')
      this.log.error({ version: b.version, err: fatal }, 'cannot give up on the trial image; the bootloader reverts it at a next boot')
      this.report.report('FAILED', { ...about, error: fatal })
      this.report.emit('failed', fatal)
      return
    }
    this.reverted(back, err, { version: b.version, artifact: b.manifest.image.sha256 })
  }

  /**
   * The health check of trial boot `b`, bounded by `healthCheckTimeoutMs` (the watchdog): when
   * the deadline passes first, the check's `signal` is aborted (a hook stops its work) and the
   * image counts as failed.
   * @returns null when healthy, else the revert reason: `health-check-failed` (false, a throw) or
   *   `health-check-deadline`
   */
  private async healthy (b: BootResult): Promise<OtaError | null> {
    const { o } = this
    const image = imageIn(b.version, b.slot)
    const deadline = new AbortController()
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => { resolve('late') }, o.healthCheckTimeoutMs)
    })
    try {
      const r = await Promise.race([Promise.resolve().then(async () => await o.healthCheck({ version: b.version, slot: b.slot, signal: deadline.signal })), late])
      if (r === 'late') {
        deadline.abort(new Error(`health check deadline of ${o.healthCheckTimeoutMs} ms passed`))
        return revertReason('health-check-deadline', `${image} gave no answer within ${o.healthCheckTimeoutMs} ms`, { slot: b.slot })
      }
      return r === true ? null : revertReason('health-check-failed', `${image}: the check answered ${String(r)}`, { slot: b.slot })
    } catch (e) {
      this.log.warn({ version: b.version, err: e }, 'health check threw')
      return revertReason('health-check-failed', `${image}: ${e instanceof Error ? e.message : String(e)}`, { cause: e, slot: b.slot })
    } finally {
      clearTimeout(timer)
    }
  }

  /** Runs a bootloader call, retried `DeviceDefaults.bootControlAttempts` times in all. @throws what its last attempt threw */
  private async attempt<T> (what: string, fn: () => Promise<T>): Promise<T> {
    for (let i = 1; ; i++) {
      try {
        return await fn()
      } catch (e) {
        if (i >= DeviceDefaults.bootControlAttempts) throw e
        this.log.warn({ attempt: i, err: e }, `${what} failed; retrying`)
        await new Promise((resolve) => setTimeout(resolve, DeviceDefaults.bootControlRetryDelayMs * i))
      }
    }
  }

  /** Records `sha256` as a release given up on: it is not offered again. Logged, not thrown: the revert matters more. */
  private async refuse (sha256: string): Promise<void> {
    try {
      await updateState(this.o.stateDir, (s) => {
        if (s.refused === sha256) return false
        s.refused = sha256
      })
      crashPoint('revert.refused')
    } catch (e) {
      this.log.error({ artifact: sha256, err: e }, 'cannot record the release as refused')
    }
  }

  /**
   * Reports REVERTED: `b` is what runs again, `attempted` what was given up on (when known; else
   * what the bootloader names: its version, and its artifact when it gave up on a trial), so that
   * the broker and a rollout can tell which release the revert is about.
   */
  reverted (b: BootResult, err: OtaError, attempted?: Attempted): void {
    const f: StatusFields = { slot: b.slot, error: err }
    const version = attempted?.version ?? b.revertedVersion
    const artifact = attempted?.artifact ?? (b.revertedSha256 !== undefined ? fromHex(b.revertedSha256) : undefined)
    if (version !== undefined) {
      f.targetVersion = version
      f.previousVersion = version
    }
    if (artifact !== undefined) f.artifact = artifact
    this.report.report('REVERTED', f)
    this.report.emit('reverted', err)
  }
}
