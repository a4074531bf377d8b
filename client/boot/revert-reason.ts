/**
 * Why an image was given up on: the reasons a REVERTED status event gives. Each has its error
 * code (the event's `error_code`, whose LwM2M Update Result proto/errors.ts gives) and a stable
 * phrase the event's `detail` begins with, so that operators' tooling tells them apart without
 * parsing the rest (docs/PROTOCOL.md, "Device states", revert reasons).
 *
 * The trial (client/trial.ts), the device's first connection of a trial boot (client/device.ts)
 * and every `BootControl` build their reasons here; a bootloader integration of its own
 * should too (for `BootResult.reason`).
 */
import { OtaError, type ErrorCode } from '../../proto/index.js'
import type { SlotName } from '../options.js'

/** Every reason: its error code and the phrase its detail begins with (followed by `: `). */
export const RevertReasons = {
  /** the health check answered that the image does not work (false, a throw, a failing command) */
  'health-check-failed': { code: 'OTA_HEALTH_CHECK', phrase: 'health check failed' },
  /** the health check gave no answer within `healthCheckTimeoutMs` (the watchdog) */
  'health-check-deadline': { code: 'OTA_HEALTH_CHECK', phrase: 'health check deadline passed' },
  /** the trial image did not reach the broker within `trialConnectTimeoutMs` */
  'broker-not-reached': { code: 'OTA_HEALTH_CHECK', phrase: 'broker not reached' },
  /** the image passed its health check but the bootloader's confirm kept failing */
  'not-confirmed': { code: 'OTA_HEALTH_CHECK', phrase: 'not confirmed' },
  /** the bootloader spent every trial boot without a confirm (a crash or hang of the new image) */
  'trial-boots-ran-out': { code: 'OTA_TRIAL_EXHAUSTED', phrase: 'trial boots ran out' },
  /** the image the bootloader was about to run no longer verifies against its signed manifest */
  'boot-verify': { code: 'OTA_BOOT_VERIFY', phrase: 'failed verification at boot' }
} as const satisfies Record<string, { code: ErrorCode, phrase: string }>

/** A key of {@link RevertReasons}. */
export type RevertReason = keyof typeof RevertReasons

/**
 * The error a REVERTED event reports for `reason`: its code, and `<phrase>: <what>` as message.
 * `details.reason` names the reason for logs; `details.slot`, when given, the slot given up on.
 * @param what - the rest of the detail, e.g. `image 2.0.0 in slot b gave no answer within 60000 ms`
 */
export function revertReason (reason: RevertReason, what: string, o: { cause?: unknown, slot?: SlotName } = {}): OtaError {
  const r = RevertReasons[reason]
  return new OtaError(r.code, `${r.phrase}: ${what}`, { cause: o.cause, details: { reason, ...(o.slot !== undefined ? { slot: o.slot } : {}) } })
}

/** `image <version> in slot <slot>`: how every reason names the image given up on. */
export function imageIn (version: string, slot: SlotName): string {
  return `image ${version} in slot ${slot}`
}
