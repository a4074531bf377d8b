/**
 * The rollout admin messages (ota.proto `RolloutStartRequest`, `RolloutPlanQuery`,
 * `RolloutStatusQuery`, `RolloutControlRequest`, and the answers `RolloutList` and
 * `RolloutPlanRecord`), converted to and from the shapes of broker/rollout/types.ts.
 *
 * Shares travel as doubles (fractions from 0 to 1, 1 % = 0.01), durations as ms. A spec field
 * left unset travels unset and takes the broker's default (broker `resolveRolloutSpec`): the
 * codec checks structure only (finite numbers, identifiers, counts); the broker judges the
 * values. Wired into AdminRequest/AdminAnswer by ./operator.ts, which checks the size limits
 * before anything is decoded.
 */
import type { ota } from '../gen/ota.js'
import { OtaError } from '../errors.js'
import { fromHex, toHex } from '../bytes.js'
import { isIdentifier, isVersion } from '../identifiers.js'
import { Limits } from '../limits.js'
import type { PlannedDevice, RolloutDevice, RolloutDeviceState, RolloutPhase, RolloutPlan, RolloutSpec, RolloutSpecInput, RolloutStatus, RolloutWave } from './rollout-types.js'
import { field, fieldBytes, isText, isTime } from './rules.js'

/** Byte and count limits of the rollout admin messages. */
export const RolloutLimits = {
  /** Explicit target devices (`--devices`) one spec may name. */
  maxSpecDevices: 10_000,
  /** Waves one spec may have. */
  maxWaves: 100,
  /** Characters of a rollout id (the broker's ids are `<model>-<version>-<8 hex>`, at most 138). */
  maxId: 256,
  /**
   * Bytes a request may carry beyond its bundle or envelope: the spec at its largest (every
   * device id at {@link Limits.maxIdentifier} characters plus 2 bytes of framing, 100 waves of
   * 9 bytes, the other fields) and the message framing.
   */
  specOverhead: 10_000 * (64 + 2) + 100 * 9 + 2 * 1024
} as const

/** What an operator may do to a rollout by its id. */
export type RolloutAction = 'pause' | 'resume' | 'abort'

const ACTIONS: Readonly<Record<RolloutAction, number>> = { pause: 1, resume: 2, abort: 3 }
const PHASES: readonly RolloutPhase[] = ['running', 'paused', 'completed', 'aborted']
const DEVICE_STATES: readonly RolloutDeviceState[] = ['waiting', 'offered', 'updating', 'succeeded', 'failed', 'withdrawn']

/** ota.proto `RolloutAction` of an action name. */
export function rolloutActionValue (a: RolloutAction): number {
  return ACTIONS[a]
}

/**
 * The action name of an ota.proto `RolloutAction` value.
 * @throws OtaError `OTA_FIELD` for UNSPECIFIED or an unknown value
 */
export function rolloutActionOf (v: number): RolloutAction {
  const a = (Object.keys(ACTIONS) as RolloutAction[]).find((k) => ACTIONS[k] === v)
  if (a === undefined) throw new OtaError('OTA_FIELD', `rollout action ${v} is not pause, resume or abort`)
  return a
}

const isShare = (n: unknown): boolean => typeof n === 'number' && Number.isFinite(n)
const isCount = (n: number): boolean => Number.isSafeInteger(n) && n >= 0

/** The wire form of a spec: only the fields that are set. */
export function specMessage (s: RolloutSpecInput): ota.v1.IRolloutSpecRecord {
  return {
    waves: s.waves,
    ...(s.success !== undefined ? { success: s.success } : {}),
    ...(s.maxFailures !== undefined ? { maxFailures: s.maxFailures } : {}),
    ...(s.minDevices !== undefined ? { minDevices: s.minDevices } : {}),
    ...(s.waveTimeoutMs !== undefined ? { waveTimeoutMs: s.waveTimeoutMs } : {}),
    ...(s.confirmTimeoutMs !== undefined ? { confirmTimeoutMs: s.confirmTimeoutMs } : {}),
    devices: s.devices ?? [],
    group: s.group ?? ''
  }
}

/**
 * A decoded spec, with unset fields left out (the broker fills its defaults).
 * @throws OtaError `OTA_FIELD` for a share that is not a finite number, too many waves or
 *   devices, a device id or group that is not an identifier, a count or duration out of range
 */
export function specFrom (m: ota.v1.IRolloutSpecRecord | null | undefined): RolloutSpecInput {
  const r = m ?? {}
  const waves = r.waves ?? []
  field(waves.length <= RolloutLimits.maxWaves && waves.every(isShare), `a rollout spec has at most ${RolloutLimits.maxWaves} waves, each a finite share`)
  const devices = r.devices ?? []
  field(devices.length <= RolloutLimits.maxSpecDevices && devices.every(isIdentifier), `a rollout spec names at most ${RolloutLimits.maxSpecDevices} devices, each a device id`)
  const group = r.group ?? ''
  field(group === '' || isIdentifier(group), 'rollout group is not an identifier')
  const out: RolloutSpecInput = { waves: [...waves] }
  if (r.success != null) { field(isShare(r.success), 'rollout success share is not a finite number'); out.success = r.success }
  if (r.maxFailures != null) { field(isShare(r.maxFailures), 'rollout max-failures share is not a finite number'); out.maxFailures = r.maxFailures }
  if (r.minDevices != null) out.minDevices = r.minDevices
  if (r.waveTimeoutMs != null) { field(isCount(Number(r.waveTimeoutMs)), 'rollout wave timeout is out of range'); out.waveTimeoutMs = Number(r.waveTimeoutMs) }
  if (r.confirmTimeoutMs != null) { field(isCount(Number(r.confirmTimeoutMs)), 'rollout confirm timeout is out of range'); out.confirmTimeoutMs = Number(r.confirmTimeoutMs) }
  if (devices.length > 0) out.devices = [...devices]
  if (group !== '') out.group = group
  return out
}

/** The wire form of a rollout. */
export function rolloutMessage (s: RolloutStatus): ota.v1.IRolloutRecord {
  return {
    id: s.id,
    model: s.model,
    version: s.version,
    artifact: fromHex(s.artifact),
    sequence: s.sequence,
    phase: PHASES.indexOf(s.phase) + 1,
    reason: s.reason,
    wave: s.wave,
    spec: specMessage(s.spec),
    waves: s.waves,
    devices: s.devices.map((d) => ({ ...d, state: DEVICE_STATES.indexOf(d.state) + 1 })),
    startedBy: s.startedBy,
    startedAt: s.startedAt,
    updatedAt: s.updatedAt
  }
}

/**
 * A decoded rollout.
 * @throws OtaError `OTA_FIELD` for an id, model or device id that is not an identifier, an
 *   unknown phase or device state, an artifact that is not 32 bytes, a spec missing a default
 */
export function rolloutFrom (x: ota.v1.IRolloutRecord): RolloutStatus {
  const m = x as ota.v1.RolloutRecord
  field(isText(m.id, RolloutLimits.maxId) && m.id !== '' && isIdentifier(m.model) && isVersion(m.version), 'rollout id, model or version is invalid')
  fieldBytes(m.artifact, 32, 'rollout artifact')
  const phase = PHASES[m.phase - 1]
  field(phase !== undefined, `rollout phase ${m.phase} is unknown`)
  const input = specFrom(m.spec)
  const { success, maxFailures, minDevices, waveTimeoutMs, confirmTimeoutMs } = input
  field(success !== undefined && maxFailures !== undefined && minDevices !== undefined && waveTimeoutMs !== undefined && confirmTimeoutMs !== undefined,
    'a rollout record carries its whole spec')
  const spec: RolloutSpec = { ...input, success: success!, maxFailures: maxFailures!, minDevices: minDevices!, waveTimeoutMs: waveTimeoutMs!, confirmTimeoutMs: confirmTimeoutMs! }
  const waves = m.waves.map((y): RolloutWave => {
    const w = y as ota.v1.RolloutWaveRecord
    return { index: w.index, share: w.share, devices: w.devices, offered: w.offered, updating: w.updating, succeeded: w.succeeded, failed: w.failed, startedAt: Number(w.startedAt), deadline: Number(w.deadline) }
  })
  const devices = m.devices.map((y): RolloutDevice => {
    const d = y as ota.v1.RolloutDeviceRecord
    const state = DEVICE_STATES[d.state - 1]
    field(isIdentifier(d.deviceId) && state !== undefined && isText(d.reason, Limits.maxText), 'rollout device record is invalid')
    field(isTime(Number(d.updatedAt)), 'rollout device time is invalid')
    return { deviceId: d.deviceId, wave: d.wave, state: state!, reason: d.reason, updatedAt: Number(d.updatedAt), accepted: d.accepted }
  })
  return {
    id: m.id, model: m.model, version: m.version, artifact: toHex(m.artifact), sequence: Number(m.sequence),
    phase: phase!, reason: m.reason, wave: m.wave, spec, waves, devices,
    startedBy: m.startedBy, startedAt: Number(m.startedAt), updatedAt: Number(m.updatedAt)
  }
}

/** The wire form of a dry run's plan. */
export function planMessage (p: RolloutPlan): ota.v1.IRolloutPlanRecord {
  return {
    model: p.model,
    version: p.version,
    artifact: fromHex(p.artifact),
    securityVersion: p.securityVersion,
    waves: p.waves,
    excluded: p.excluded,
    warnings: p.warnings
  }
}

/**
 * A decoded plan.
 * @throws OtaError `OTA_FIELD` for a model, version or device id that is not valid, an
 *   artifact that is not 32 bytes (`fieldBytes`), a reason or warning longer than `Limits.maxText`
 */
export function planFrom (x: ota.v1.IRolloutPlanRecord): RolloutPlan {
  const p = x as ota.v1.RolloutPlanRecord
  field(isIdentifier(p.model) && isVersion(p.version), 'rollout plan model or version is invalid')
  fieldBytes(p.artifact, 32, 'rollout plan artifact')
  const waves = p.waves.map((y) => {
    const w = y as ota.v1.PlannedWaveRecord
    const devices = w.devices.map((z): PlannedDevice => {
      const d = z as ota.v1.PlannedDeviceRecord
      field(isIdentifier(d.deviceId) && isText(d.currentVersion, Limits.maxIdentifier), 'planned device record is invalid')
      return { deviceId: d.deviceId, online: d.online, currentVersion: d.currentVersion, support: d.support, endOfLifeAt: Number(d.endOfLifeAt) }
    })
    return { index: w.index, share: w.share, devices }
  })
  const excluded = p.excluded.map((y) => {
    const e = y as ota.v1.ExcludedDeviceRecord
    field(isText(e.deviceId, Limits.maxIdentifier) && isText(e.reason, Limits.maxText), 'excluded device record is invalid')
    return { deviceId: e.deviceId, reason: e.reason }
  })
  field(p.warnings.every((w) => isText(w, Limits.maxText)), 'rollout plan warning is too long')
  return { model: p.model, version: p.version, artifact: toHex(p.artifact), securityVersion: Number(p.securityVersion), waves, excluded, warnings: [...p.warnings] }
}
