/**
 * The operator's rollout requests: start a staged rollout of a bundle, plan one (a dry run
 * against the live inventory), read rollouts, pause, resume or abort one. Each call is one
 * AdminRequest and one AdminAnswer over the operator connection (docs/PROTOCOL.md "Admin
 * requests"); the broker's engine (broker/rollout/) does the work.
 */
import { OtaError, parseBundle } from '../proto/index.js'
import type { RolloutAction } from '../proto/codec/rollout.js'
import type { RolloutPlan, RolloutSpecInput, RolloutStatus } from '../broker/rollout/types.js'
import type { AdminAnswer } from '../proto/codec/operator.js'
import { ask, refusal, unexpected, type OperatorConnection } from './client.js'

/** Options of {@link startRollout}. */
export interface StartRolloutOptions extends OperatorConnection {
  /** the bundle bytes (release create) */
  bundle: Uint8Array
  /** waves and thresholds; unset fields take the broker's defaults (broker `resolveRolloutSpec`) */
  spec: RolloutSpecInput
  /** lift the publish rules an operator may override (security version, downgrade, sequence step); default false */
  force?: boolean
}

/** Options of {@link planRollout}. */
export interface PlanRolloutOptions extends OperatorConnection {
  /**
   * the release: a bundle or its Envelope(Manifest). A bundle is cut to its envelope before it
   * is sent (the dry run needs no image), so a plan of a large release sends a few KiB.
   */
  release: Uint8Array
  spec: RolloutSpecInput
}

/** Options of the calls that name one rollout. */
export interface RolloutIdOptions extends OperatorConnection {
  /** the rollout's id, as {@link startRollout} or {@link rolloutStatus} returned it */
  id: string
}

function rollouts (a: AdminAnswer): RolloutStatus[] {
  if (a.kind !== 'rollouts') throw unexpected(a, 'rollouts')
  return a.rollouts
}

function one (list: RolloutStatus[]): RolloutStatus {
  const r = list[0]
  if (list.length !== 1 || r === undefined) throw new OtaError('OTA_DECODE', `the broker answered with ${list.length} rollouts, expected one`)
  return r
}

/**
 * Hands a bundle to the broker, which verifies it, applies the publish rules (unless `force`),
 * stages it (stored, not yet the model's current release) and starts wave 0.
 * @returns the new rollout
 * @throws OtaError as `publishBundle` (`OTA_CONNECTION`, `OTA_ACL_DENIED`, `OTA_TIMEOUT`, the
 *   release's verification and rule codes), and `OTA_ROLLOUT` for a bad spec or a rollout
 *   already running or paused for the model
 */
export async function startRollout (o: StartRolloutOptions): Promise<RolloutStatus> {
  return one(rollouts(await ask(o, { kind: 'rolloutStart', bundle: o.bundle, spec: o.spec, force: o.force === true })))
}

/**
 * A dry run against the broker's live inventory: which devices fall in which wave, who is
 * offline, who cannot take the release and why, and warnings (end of life, small waves).
 * @throws OtaError as {@link startRollout}; `OTA_BUNDLE` for bytes that look like a bundle but
 *   are not framed as one
 */
export async function planRollout (o: PlanRolloutOptions): Promise<RolloutPlan> {
  const a = await ask(o, { kind: 'rolloutPlan', release: envelopeOf(o.release), spec: o.spec })
  if (a.kind !== 'rolloutPlan') throw unexpected(a, 'a rollout plan')
  return a.plan
}

/** The envelope of a bundle; anything else is sent as is (the broker judges it). */
function envelopeOf (release: Uint8Array): Uint8Array {
  const magic = 'AOTABNDL'
  const isBundle = release.length >= magic.length && [...magic].every((c, i) => release[i] === c.charCodeAt(0))
  return isBundle ? parseBundle(release).envelope : release
}

/**
 * Rollouts as the broker keeps them: the one named `id`, or every rollout (running, paused and
 * finished) when `id` is omitted.
 * @throws OtaError as {@link startRollout}; `OTA_ROLLOUT` for an unknown id
 */
export async function rolloutStatus (o: OperatorConnection & { id?: string }): Promise<RolloutStatus[]> {
  return rollouts(await ask(o, { kind: 'rolloutStatus', id: o.id ?? '' }))
}

async function control (o: RolloutIdOptions, action: RolloutAction): Promise<RolloutStatus> {
  const a = await ask(o, { kind: 'rolloutControl', id: o.id, action })
  if (a.kind === 'result' && !a.result.ok) throw refusal(a.result, 'OTA_ROLLOUT')
  return one(rollouts(a))
}

/**
 * Pauses a running rollout: no new wave starts; devices already offered keep their offer.
 * @returns the rollout after the change
 * @throws OtaError as {@link startRollout}; `OTA_ROLLOUT` for an unknown id or a rollout that
 *   is not running
 */
export async function pauseRollout (o: RolloutIdOptions): Promise<RolloutStatus> {
  return await control(o, 'pause')
}

/**
 * Resumes a paused rollout; the broker judges the active wave again at once.
 * @throws OtaError as {@link pauseRollout}; `OTA_ROLLOUT` for a rollout that is not paused
 */
export async function resumeRollout (o: RolloutIdOptions): Promise<RolloutStatus> {
  return await control(o, 'resume')
}

/**
 * Aborts a rollout: every offer not yet confirmed is withdrawn, devices mid-download stop
 * (`OTA_WITHDRAWN`), the staged release is dropped when nothing uses it.
 * @throws OtaError as {@link pauseRollout}; `OTA_ROLLOUT` for a completed or aborted rollout
 */
export async function abortRollout (o: RolloutIdOptions): Promise<RolloutStatus> {
  return await control(o, 'abort')
}
