/**
 * A rollout's spec, validated once here with every default in one place.
 */
import { OtaError, isIdentifier } from '../../proto/index.js'
import type { RolloutSpec, RolloutSpecInput } from './types.js'

/**
 * Defaults of the fields a {@link RolloutSpecInput} may leave out:
 * - `success` 1: every device of a wave that took part must confirm before the next wave;
 * - `maxFailures` 0.05 with `minDevices` 1: the rollout pauses itself as soon as more than 5 %
 *   of the devices that finished failed (so the first failure pauses a rollout that has fewer
 *   than 20 successes: a canary fails closed);
 * - `waveTimeoutMs` 30 min, `confirmTimeoutMs` 15 min.
 */
export const ROLLOUT_DEFAULTS = {
  success: 1,
  maxFailures: 0.05,
  minDevices: 1,
  waveTimeoutMs: 30 * 60_000,
  confirmTimeoutMs: 15 * 60_000
} as const

/** Most waves a rollout may have. */
export const MAX_WAVES = 100
/** Most explicit target devices a spec may list. */
export const MAX_SPEC_DEVICES = 100_000
/** Longest wave or confirm timeout, ms (30 days). */
export const MAX_ROLLOUT_TIMEOUT_MS = 30 * 24 * 3600_000

function bad (detail: string): OtaError {
  return new OtaError('OTA_ROLLOUT', detail)
}

function share (v: unknown, name: string, min: number, minOpen: boolean): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v > 1 || v < min || (minOpen && v === min)) {
    throw bad(`${name} must be a share ${minOpen ? 'above' : 'from'} ${min} to 1, got ${String(v)}`)
  }
  return v
}

function int (v: unknown, name: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw bad(`${name} must be an integer from ${min} to ${max}, got ${String(v)}`)
  return v
}

/**
 * Validates a spec and fills in {@link ROLLOUT_DEFAULTS}.
 * Waves are cumulative shares of the targets, strictly ascending, each in (0, 1], the last
 * exactly 1 (a rollout ends with every target offered, then the release becomes current).
 * `devices` and `group` exclude each other.
 * @throws OtaError `OTA_ROLLOUT` naming the first bad field
 */
export function resolveRolloutSpec (input: RolloutSpecInput): RolloutSpec {
  if (input == null || typeof input !== 'object') throw bad('a rollout spec must be an object')
  const w = input.waves
  if (!Array.isArray(w) || w.length === 0 || w.length > MAX_WAVES) throw bad(`waves must list 1 to ${MAX_WAVES} shares`)
  const waves = w.map((x, i) => share(x, `wave ${i + 1}`, 0, true))
  for (let i = 1; i < waves.length; i++) {
    if (waves[i]! <= waves[i - 1]!) throw bad(`waves must be ascending cumulative shares: ${waves[i - 1]} then ${waves[i]}`)
  }
  if (waves[waves.length - 1] !== 1) throw bad(`the last wave must reach every target (1, i.e. 100%), got ${waves[waves.length - 1]}`)
  const spec: RolloutSpec = {
    waves,
    success: share(input.success ?? ROLLOUT_DEFAULTS.success, 'success', 0, true),
    maxFailures: share(input.maxFailures ?? ROLLOUT_DEFAULTS.maxFailures, 'maxFailures', 0, false),
    minDevices: int(input.minDevices ?? ROLLOUT_DEFAULTS.minDevices, 'minDevices', 1, 1_000_000),
    waveTimeoutMs: int(input.waveTimeoutMs ?? ROLLOUT_DEFAULTS.waveTimeoutMs, 'waveTimeoutMs', 1, MAX_ROLLOUT_TIMEOUT_MS),
    confirmTimeoutMs: int(input.confirmTimeoutMs ?? ROLLOUT_DEFAULTS.confirmTimeoutMs, 'confirmTimeoutMs', 1, MAX_ROLLOUT_TIMEOUT_MS)
  }
  if (input.devices !== undefined && input.group !== undefined) throw bad('give explicit devices or a group, not both')
  if (input.devices !== undefined) {
    const d = input.devices
    if (!Array.isArray(d) || d.length === 0 || d.length > MAX_SPEC_DEVICES) throw bad(`devices must list 1 to ${MAX_SPEC_DEVICES} device ids`)
    for (const id of d) if (!isIdentifier(id)) throw bad(`bad device id ${JSON.stringify(id)}`)
    spec.devices = [...new Set(d)]
  }
  if (input.group !== undefined) {
    if (!isIdentifier(input.group)) throw bad(`bad group name ${JSON.stringify(input.group)}`)
    spec.group = input.group
  }
  return spec
}
