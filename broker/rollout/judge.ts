/**
 * How a rollout moves, as pure functions over a {@link RolloutStatus}: what a status event does
 * to a target device, and what the rollout does next (wait, expire silent devices, pause,
 * start the next wave, complete). The manager (manager.ts) carries the verdicts out.
 *
 * The failure rule follows AWS IoT Jobs' abortConfig (a failure share judged once
 * `minNumberOfExecutedThings` finished) except that the rollout pauses instead of cancelling,
 * so an operator can look and resume or abort.
 */
import { State, stateName, toHex, type StatusEvent } from '../../proto/index.js'
import type { RolloutDevice, RolloutStatus, RolloutWave } from './types.js'

/** What the rollout does next. */
export type RolloutVerdict =
  | { action: 'wait', until: number }
  | { action: 'idle' }
  | { action: 'expire', deviceIds: string[] }
  | { action: 'pause', reason: string }
  | { action: 'advance' }
  | { action: 'complete' }

const IN_PROGRESS = new Set<number>([State.DOWNLOADING, State.DOWNLOADED, State.VERIFIED, State.INSTALLING, State.REBOOTING, State.TRIAL])
const FAILED = new Set<number>([State.FAILED, State.REVERTED, State.REJECTED])
/** The code of a release the device's owner declined (client consent policy). */
const DECLINED = 'OTA_DECLINED'
/**
 * Codes of an update the broker itself stopped: the offer was cleared while the rollout paused
 * (`OTA_WITHDRAWN`), or a chunk request was refused as held back (`OTA_NOT_OFFERED`). They say
 * nothing of the release: the device is still (again) just offered.
 */
const HELD_BACK = new Set(['OTA_WITHDRAWN', 'OTA_NOT_OFFERED'])

function deviceOf (s: RolloutStatus, deviceId: string): RolloutDevice | undefined {
  return s.devices.find((x) => x.deviceId === deviceId)
}

/**
 * True when `e` is about the rollout's release: one of its artifacts (the image, whose id is the
 * rollout's `artifact`, or `ofRelease` says so: the compressed image or a delta patch, which a
 * device names while it downloads one), or its version as the target.
 */
export function isAbout (s: Pick<RolloutStatus, 'artifact' | 'version'>, e: StatusEvent, ofRelease: (artifactId: string) => boolean = () => false): boolean {
  if (e.artifact.length === 0) return e.targetVersion === s.version
  const id = toHex(e.artifact)
  return id === s.artifact || ofRelease(id)
}

/**
 * Applies a device's status event to its entry in `s` (mutated):
 * - CONFIRMED running the release's version: `succeeded` (the only success; it also clears a
 *   failure, e.g. a `TIMEOUT`, the device recovered from);
 * - FAILED, REVERTED or REJECTED about the release: `failed`, reason = its error code; a
 *   REJECTED `OTA_DECLINED` (the owner declined it) is failed but accepted at once, so neither
 *   the failure rule nor its wave's success share counts it;
 * - FAILED `OTA_WITHDRAWN` or `OTA_NOT_OFFERED` about the release (the broker held it back
 *   while the rollout paused): `offered` again, not failed;
 * - DOWNLOADING to TRIAL about the release: `updating`.
 * Devices not yet offered, withdrawn or succeeded are left as they are.
 * @param d - the device's entry in `s` (default: looked up by id)
 * @param ofRelease - whether an artifact id (hex) is one of the release's (see {@link isAbout})
 * @returns true when the entry changed
 */
export function applyEvent (s: RolloutStatus, e: StatusEvent, now: number, d = deviceOf(s, e.deviceId), ofRelease?: (artifactId: string) => boolean): boolean {
  if (d === undefined || d.state === 'waiting' || d.state === 'withdrawn' || d.state === 'succeeded') return false
  if (e.state === State.CONFIRMED && e.currentVersion === s.version && (e.artifact.length === 0 || toHex(e.artifact) === s.artifact)) {
    return setDevice(d, 'succeeded', '', now)
  }
  if (!isAbout(s, e, ofRelease)) return false
  if (FAILED.has(e.state)) {
    if (d.state === 'failed') return false
    if (HELD_BACK.has(e.errorCode)) return d.state === 'updating' && setDevice(d, 'offered', '', now)
    setDevice(d, 'failed', e.errorCode !== '' ? e.errorCode : stateName(e.state), now)
    // The owner's choice, not the release's failure: counted neither way.
    if (e.errorCode === DECLINED) d.accepted = true
    return true
  }
  if (IN_PROGRESS.has(e.state) && d.state === 'offered') return setDevice(d, 'updating', '', now)
  return false
}

/**
 * Marks a target failed (brick detection's suspect, a wave deadline's `TIMEOUT`) unless it
 * already succeeded, failed or was withdrawn.
 * @param d - the device's entry in `s` (default: looked up by id)
 * @returns true when the entry changed
 */
export function failDevice (s: RolloutStatus, deviceId: string, reason: string, now: number, d = deviceOf(s, deviceId)): boolean {
  if (d === undefined || d.state === 'succeeded' || d.state === 'failed' || d.state === 'withdrawn' || d.state === 'waiting') return false
  return setDevice(d, 'failed', reason, now)
}

/** Sets a device's state and reason; a new state is never an accepted failure. */
export function setDevice (d: RolloutDevice, state: RolloutDevice['state'], reason: string, now: number): boolean {
  if (d.state === state && d.reason === reason) return false
  Object.assign(d, { state, reason, updatedAt: now, accepted: false })
  return true
}

/** Recounts each wave's figures from the devices (mutates `s.waves`). */
export function recount (s: RolloutStatus): void {
  for (const w of s.waves) Object.assign(w, { devices: 0, offered: 0, updating: 0, succeeded: 0, failed: 0 })
  for (const d of s.devices) {
    const w = s.waves[d.wave]
    if (w === undefined) continue
    w.devices++
    if (d.state === 'offered') w.offered++
    else if (d.state === 'updating') w.updating++
    else if (d.state === 'succeeded') w.succeeded++
    else if (d.state === 'failed') w.failed++
  }
}

function pct (x: number): string {
  return `${Math.round(x * 1000) / 10}%`
}

/**
 * What a running rollout does next at time `now`:
 * 1. the failure rule: once succeeded + failed ≥ `minDevices` (accepted failures left out),
 *    pause when failed / (succeeded + failed) > `maxFailures`;
 * 2. at the active wave's deadline, its devices still `updating` are expired (they count
 *    failed, `TIMEOUT`);
 * 3. the wave's eligible devices are its devices minus accepted failures. Before the deadline
 *    it advances (or, the last wave, completes) once succeeded ≥ ceil(success × eligible).
 *    At the deadline only the devices that took part count (never-started ones, offline or
 *    deferring, are left out of the denominator and keep their offer): it advances when
 *    succeeded ≥ ceil(success × took part), and pauses when none took part or too few confirmed.
 * A wave with no eligible device advances at once.
 */
export function judge (s: RolloutStatus, now: number): RolloutVerdict {
  if (s.phase !== 'running') return { action: 'idle' }
  const counted = s.devices.filter((d) => !(d.state === 'failed' && d.accepted))
  const failed = counted.filter((d) => d.state === 'failed').length
  const finished = failed + counted.filter((d) => d.state === 'succeeded').length
  if (finished >= s.spec.minDevices && failed / finished > s.spec.maxFailures) {
    return { action: 'pause', reason: `failure threshold: ${failed} of ${finished} finished devices failed (${pct(failed / finished)} > ${pct(s.spec.maxFailures)})` }
  }
  const wave: RolloutWave = s.waves[s.wave]!
  const eligible = counted.filter((d) => d.wave === s.wave)
  const done = s.wave === s.waves.length - 1 ? { action: 'complete' as const } : { action: 'advance' as const }
  if (eligible.length === 0) return done
  const succeeded = eligible.filter((d) => d.state === 'succeeded').length
  const expired = now >= wave.deadline
  if (!expired) {
    return succeeded >= Math.ceil(s.spec.success * eligible.length - 1e-9) ? done : { action: 'wait', until: wave.deadline }
  }
  const silent = eligible.filter((d) => d.state === 'updating').map((d) => d.deviceId)
  if (silent.length > 0) return { action: 'expire', deviceIds: silent }
  const tookPart = eligible.filter((d) => d.state !== 'offered' && d.state !== 'waiting').length
  if (tookPart === 0) return { action: 'pause', reason: `wave ${s.wave + 1}: none of its ${eligible.length} device(s) took part before its deadline` }
  const need = Math.ceil(s.spec.success * tookPart - 1e-9)
  if (succeeded >= need) return done
  return { action: 'pause', reason: `wave ${s.wave + 1}: ${succeeded} of ${tookPart} device(s) that took part confirmed by the deadline, below the success share ${pct(s.spec.success)}` }
}
