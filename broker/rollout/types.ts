/**
 * The shapes of a rollout as the plugin API, the admin protocol, the CLI and the dashboard see
 * it. Shares are fractions from 0 to 1; times are broker clock, ms since the epoch; durations ms.
 */

/** How a rollout is cut into waves and when it advances or stops. */
export interface RolloutSpec {
  /** cumulative share of the targets each wave reaches, ascending, each in (0, 1]; e.g. [0.01, 0.1, 0.5, 1] */
  waves: number[]
  /** share of a wave's devices that must confirm the release before the next wave starts, (0, 1] */
  success: number
  /** share of failed devices among those that finished (confirmed or failed) above which the rollout pauses itself, [0, 1] */
  maxFailures: number
  /** devices that must have finished before `maxFailures` is judged (AWS IoT Jobs' minNumberOfExecutedThings) */
  minDevices: number
  /** how long a wave may run before it is judged on what it has, ms */
  waveTimeoutMs: number
  /** brick detection: how long a device that installed may take to come back confirmed on the new version, ms */
  confirmTimeoutMs: number
  /** explicit targets (device ids) instead of every device of the model in the inventory */
  devices?: string[]
  /** a named group of devices (the broker's `groups` option) instead of every device of the model */
  group?: string
}

/** Where a rollout is. */
export type RolloutPhase = 'running' | 'paused' | 'completed' | 'aborted'

/**
 * Where one target device is in a rollout:
 * - `waiting`: its wave has not started;
 * - `offered`: offered the release, no update event yet;
 * - `updating`: downloading, verifying, installing or in trial boot;
 * - `succeeded`: reported CONFIRMED on the release's version (the only success);
 * - `failed`: FAILED, REVERTED or REJECTED, silent past the deadline, or suspect (brick detection);
 * - `withdrawn`: the rollout was aborted before it finished.
 */
export type RolloutDeviceState = 'waiting' | 'offered' | 'updating' | 'succeeded' | 'failed' | 'withdrawn'

/** One target device of a rollout. */
export interface RolloutDevice {
  deviceId: string
  /** index of the wave it belongs to */
  wave: number
  state: RolloutDeviceState
  /** why it failed (an OtaError code, `SUSPECT: ...`, `TIMEOUT`) or was withdrawn; '' otherwise */
  reason: string
  /** when its state last changed */
  updatedAt: number
  /** a failure an operator accepted by resuming: no longer counted by the failure rule nor its wave's success share */
  accepted: boolean
}

/** One wave's counts. */
export interface RolloutWave {
  index: number
  /** the cumulative share this wave reaches */
  share: number
  /** devices first offered in this wave */
  devices: number
  offered: number
  updating: number
  succeeded: number
  failed: number
  /** 0 before the wave started */
  startedAt: number
  /** when the wave is judged on what it has; 0 before it started */
  deadline: number
}

/** A rollout as the broker keeps it. */
export interface RolloutStatus {
  /** unique id, e.g. `sensor-v2-2.4.1-<hex>` */
  id: string
  model: string
  version: string
  /** hex SHA-256 of the image */
  artifact: string
  sequence: number
  phase: RolloutPhase
  /** why it is paused, aborted or completed, in words; '' while running */
  reason: string
  /** index of the active (or last) wave */
  wave: number
  spec: RolloutSpec
  waves: RolloutWave[]
  devices: RolloutDevice[]
  /** who started it (operator id, `api`) */
  startedBy: string
  startedAt: number
  updatedAt: number
}

/**
 * What a caller gives to start or plan a rollout: `waves` and any {@link RolloutSpec} field;
 * the rest is filled in by `resolveRolloutSpec` (broker/rollout/spec.ts, where the defaults live).
 */
export type RolloutSpecInput = Partial<RolloutSpec> & { waves: number[] }

/** One device in a {@link RolloutPlan}, as the inventory knows it. */
export interface PlannedDevice {
  deviceId: string
  /** connected to the broker now */
  online: boolean
  /** the version it last reported running, '' if it never reported */
  currentVersion: string
  /** its support status (proto `SupportStatus`), as it last reported */
  support: number
  /** end of support it last reported, ms; 0 = none announced */
  endOfLifeAt: number
}

/** A dry run of a rollout against the live inventory (`RolloutControl.plan`). */
export interface RolloutPlan {
  model: string
  version: string
  /** hex SHA-256 of the image */
  artifact: string
  securityVersion: number
  /** each wave with the devices first offered in it, in rollout order */
  waves: Array<{ index: number, share: number, devices: PlannedDevice[] }>
  /**
   * devices that cannot take the release, and why (security version above the release's,
   * hardware revision not listed, already running it, unknown device or other model in `devices`,
   * unknown group member)
   */
  excluded: Array<{ deviceId: string, reason: string }>
  /** e.g. devices past or near end of life, offline devices, a wave with fewer devices than minDevices */
  warnings: string[]
}

/**
 * Staged rollouts as a plugin host or the operator's admin protocol drives them
 * (`OtaPlugin.rollouts`). Every change is persisted, audited (`rollout.*`) and emitted as the
 * plugin's `rollout` event. docs/PROTOCOL.md, "Rollouts and offers", has the rules.
 */
export interface RolloutControl {
  /**
   * Verifies the bundle against the trusted root, applies the publish rules (unless `force`),
   * stages it (stored, NOT the model's current release), picks the targets and starts wave 0:
   * its devices are offered the release on their own offer topic.
   * @param by - who starts it, for the audit log; default `api`
   * @param opts.force - lift the rules an operator may override (security version, downgrade, sequence step)
   * @throws OtaError `OTA_ROLLOUT` for a bad spec, a rollout already running or paused for the
   *   model, the release already current, no device that can take it; the bundle verification
   *   and publish-rule codes (`OTA_REPLAY`, `OTA_ROLLBACK`, ...); `OTA_IO`/`OTA_NO_SPACE`
   */
  start (bundle: Uint8Array, spec: RolloutSpecInput, by?: string, opts?: { force?: boolean }): Promise<RolloutStatus>
  /**
   * Dry run against the live inventory: which devices fall in which wave, who is offline, who
   * cannot take the release. Changes nothing.
   * @param manifestOrBundle - a release bundle or an Envelope(Manifest); verified either way
   * @throws OtaError `OTA_ROLLOUT` for a bad spec, the verification codes
   */
  plan (manifestOrBundle: Uint8Array, spec: RolloutSpecInput): RolloutPlan
  /**
   * Stops starting waves; the devices still only offered (not started) lose their offer until
   * `resume`, devices already updating keep going (as when the rollout pauses itself).
   * @throws OtaError `OTA_ROLLOUT` for an unknown id or a rollout that is not running
   */
  pause (id: string, by?: string): Promise<RolloutStatus>
  /**
   * Runs a paused rollout again: the failures so far are accepted (no longer counted by the
   * failure rule or a wave's success share), the devices held back get their offer again, the
   * active wave gets a fresh deadline and is judged again.
   * @throws OtaError `OTA_ROLLOUT` for an unknown id or a rollout that is not paused
   */
  resume (id: string, by?: string): Promise<RolloutStatus>
  /**
   * Withdraws the release: every offer it made is cleared, further chunk requests are
   * refused with `OTA_WITHDRAWN`, queued frames are dropped, the staged release is deleted.
   * @throws OtaError `OTA_ROLLOUT` for an unknown id or a rollout already completed or aborted
   */
  abort (id: string, by?: string): Promise<RolloutStatus>
  /** A rollout by id (a copy), if known. */
  get (id: string): RolloutStatus | undefined
  /** Every rollout the broker knows, newest first (copies). */
  list (): RolloutStatus[]
}
