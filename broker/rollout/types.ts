/**
 * The rollout control a plugin host drives; the shapes it speaks in are the admin protocol's
 * (proto/codec/rollout-types.ts), re-exported here for the broker's modules and API.
 */
import type { RolloutPlan, RolloutSpecInput, RolloutStatus } from '../../proto/codec/rollout-types.js'

export type { RolloutSpec, RolloutPhase, RolloutDeviceState, RolloutDevice, RolloutWave, RolloutStatus, RolloutSpecInput, PlannedDevice, RolloutPlan } from '../../proto/codec/rollout-types.js'

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
