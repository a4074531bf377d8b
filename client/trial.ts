/**
 * The trial of a new image: the health check of a trial boot, then confirm or revert through the
 * {@link BootControl}, with the TRIAL, CONFIRMED and REVERTED reports.
 *
 * A trial always ends: a confirm that keeps failing counts as a failed health check (the image
 * is reverted), and a revert that keeps failing leaves the trial to the bootloader, which spends
 * a trial count at each boot until it falls back. The release given up on is recorded as
 * refused by the device (its own record), before the revert (and, when the bootloader fell back,
 * before the trial it gave up on is dropped), so a crash in between cannot make the device fetch
 * it again.
 */
import type { Logger } from 'pino'
import { OtaError, toHex, toOtaError } from '../proto/index.js'
import { crashPoint } from '../proto/crash-points.js'
import type { StatusFields } from './audit.js'
import type { BootControl, BootResult } from './boot/boot-control.js'
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
    else if (b.reverted || attempted !== undefined) this.reverted(b, b.reason ?? new OtaError('OTA_BOOT_VERIFY', 'the new image did not boot'), attempted)
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
    this.report.report('TRIAL', about)
    let err: OtaError
    if (await this.healthy(b)) {
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
        err = new OtaError('OTA_HEALTH_CHECK', `image ${b.version} could not be confirmed: ${e instanceof Error ? e.message : String(e)}`, { cause: e })
      }
    } else {
      crashPoint('trial.unhealthy')
      err = new OtaError('OTA_HEALTH_CHECK', `image ${b.version} failed its health check`)
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

  private async healthy (b: BootResult): Promise<boolean> {
    const { o } = this
    let timer: NodeJS.Timeout | undefined
    try {
      return await Promise.race([
        Promise.resolve().then(async () => await o.healthCheck({ version: b.version, slot: b.slot })),
        new Promise<boolean>((resolve) => { timer = setTimeout(() => { resolve(false) }, o.healthCheckTimeoutMs) })
      ]) === true
    } catch (e) {
      this.log.warn({ version: b.version, err: e }, 'health check threw')
      return false
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

  /** Reports REVERTED: `b` is what runs again, `attempted` what was given up on (when known). */
  reverted (b: BootResult, err: OtaError, attempted?: Attempted): void {
    const f: StatusFields = { slot: b.slot, error: err }
    if (attempted !== undefined) {
      f.targetVersion = attempted.version
      f.artifact = attempted.artifact
      f.previousVersion = attempted.version
    } else if (b.revertedVersion !== undefined) {
      f.previousVersion = b.revertedVersion
    }
    this.report.report('REVERTED', f)
    this.report.emit('reverted', err)
  }
}
