/**
 * The shapes of a rollout as the admin protocol carries them (./rollout.ts encodes them) and the
 * plugin API, the CLI and the dashboard see them: the operator's side of the contract, so not
 * exported from `aedes-ota/proto` (a device never sees a rollout, only its own offer); the broker
 * re-exports them from `aedes-ota/broker` and the operator client from `aedes-ota/operator`.
 * Shares are fractions from 0 to 1; times are broker clock, ms since the epoch; durations ms.
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
