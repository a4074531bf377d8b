/**
 * The trial of a new image: the health check of a trial boot, then confirm or revert through the
 * {@link BootControl}, with the TRIAL, CONFIRMED and REVERTED reports.
 */
import type { Logger } from 'pino'
import { OtaError, toOtaError } from '../proto/index.js'
import type { StatusFields } from './audit.js'
import type { BootControl, BootResult } from './boot/boot-control.js'
import type { ResolvedOptions } from './options.js'
import type { Reporter } from './reporter.js'

/** Runs trials and reports their ends. */
export class Trial {
  constructor (private readonly o: Pick<ResolvedOptions, 'healthCheck' | 'healthCheckTimeoutMs'>, private readonly boot: BootControl, private readonly report: Reporter, private readonly log: Logger) {}

  /**
   * After a boot: a trial boot runs its health check (then confirm or revert); a boot that fell
   * back to an older image is reported as REVERTED.
   * @param attempted - for a boot that fell back: the version and artifact that did not boot
   */
  async settle (b: BootResult, attempted?: { version: string, artifact: Uint8Array }): Promise<void> {
    this.report.setRunning(b)
    if (b.trial) await this.resolve(b)
    else if (b.reverted || attempted !== undefined) this.reverted(b, b.reason ?? new OtaError('OTA_BOOT_VERIFY', 'the new image did not boot'), attempted)
  }

  /** Runs the health check of a trial boot (bounded by `healthCheckTimeoutMs`), then confirms or reverts. */
  private async resolve (b: BootResult): Promise<void> {
    const { o } = this
    const previousVersion = b.previousVersion
    const about: StatusFields = { targetVersion: b.version, artifact: b.manifest.image.sha256, slot: b.slot, ...(previousVersion !== undefined ? { previousVersion } : {}) }
    this.report.report('TRIAL', about)
    let healthy = false
    let timer: NodeJS.Timeout | undefined
    try {
      healthy = await Promise.race([
        Promise.resolve().then(async () => await o.healthCheck({ version: b.version, slot: b.slot })),
        new Promise<boolean>((resolve) => { timer = setTimeout(() => { resolve(false) }, o.healthCheckTimeoutMs) })
      ]) === true
    } catch (e) {
      this.log.warn({ version: b.version, err: e }, 'health check threw')
    } finally {
      clearTimeout(timer)
    }
    if (healthy) {
      const c = await this.boot.confirm()
      this.report.setRunning(c)
      this.report.report('CONFIRMED', { ...about, previousVersion: c.previousVersion })
      this.report.emit('confirmed', { from: c.previousVersion, to: c.version, seconds: Math.max(0, Date.now() - c.offeredAt) / 1000, bytes: c.bytes })
      return
    }
    await this.boot.revert()
    const err = new OtaError('OTA_HEALTH_CHECK', `image ${b.version} failed its health check`)
    let back: BootResult
    try {
      back = await this.boot.boot()
    } catch (e) {
      const fatal = toOtaError(e, 'OTA_BOOT_VERIFY')
      this.report.report('FAILED', { ...about, error: fatal })
      this.report.emit('failed', fatal)
      return
    }
    this.report.setRunning(back)
    this.reverted(back, err, { version: b.version, artifact: b.manifest.image.sha256 })
  }

  /** Reports REVERTED: `b` is what runs again, `attempted` what was given up on (when known). */
  private reverted (b: BootResult, err: OtaError, attempted?: { version: string, artifact: Uint8Array }): void {
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
