/**
 * Device status events (ota.proto `StatusEvent`) and the update state machine's state names.
 */
import { toHex } from '../bytes.js'
import { isIdentifier, isVersion } from '../identifiers.js'
import { Limits } from '../limits.js'
import { decodeWith, field, fieldBytes, isTime, limit, pb } from './rules.js'

/** Reverse of a name → number enum object: each number to its name. */
function namesOf<K extends string> (byName: Readonly<Record<K, number>>): Map<number, K> {
  return new Map((Object.entries(byName) as Array<[K, number]>).map(([k, v]) => [v, k]))
}

/** Device update states (ota.proto `State`), by name. */
export const State = {
  IDLE: 1,
  OFFERED: 2,
  DEFERRED: 3,
  DOWNLOADING: 4,
  DOWNLOADED: 5,
  VERIFIED: 6,
  INSTALLING: 7,
  REBOOTING: 8,
  TRIAL: 9,
  CONFIRMED: 10,
  REVERTED: 11,
  FAILED: 12,
  REJECTED: 13
} as const
/** A state name, a key of {@link State}. */
export type StateName = keyof typeof State
const stateNames = namesOf<StateName>(State)

/**
 * LwM2M Object 5 (Firmware Update) "State" values, resource /5/0/3 (OMA-TS-LightweightM2M_Core
 * V1.1, Appendix E.6): what an LwM2M server would read for a device's {@link State}.
 */
export const Lwm2mState = {
  IDLE: 0,
  DOWNLOADING: 1,
  DOWNLOADED: 2,
  UPDATING: 3
} as const

const LWM2M_STATE_OF: Readonly<Record<StateName, typeof Lwm2mState[keyof typeof Lwm2mState]>> = {
  IDLE: Lwm2mState.IDLE,
  // Consent happens before LwM2M's Downloading: an offered or deferred release is not being fetched.
  OFFERED: Lwm2mState.IDLE,
  DEFERRED: Lwm2mState.IDLE,
  DOWNLOADING: Lwm2mState.DOWNLOADING,
  DOWNLOADED: Lwm2mState.DOWNLOADED,
  VERIFIED: Lwm2mState.DOWNLOADED,
  INSTALLING: Lwm2mState.UPDATING,
  REBOOTING: Lwm2mState.UPDATING,
  TRIAL: Lwm2mState.UPDATING,
  CONFIRMED: Lwm2mState.IDLE,
  // LwM2M goes back to Downloaded after a failed update; a reverted image is dropped instead (never retried), so Idle.
  REVERTED: Lwm2mState.IDLE,
  FAILED: Lwm2mState.IDLE,
  REJECTED: Lwm2mState.IDLE
}

/**
 * The LwM2M Object 5 State (/5/0/3) of a device state (docs/PROTOCOL.md, "Device states"): the
 * Update Result (/5/0/5) goes with it in the status event's `result`.
 */
export function lwm2mState (state: StateName): typeof Lwm2mState[keyof typeof Lwm2mState] {
  return LWM2M_STATE_OF[state]
}

/** Support status of a device's running image (ota.proto `SupportStatus`), by name. */
export const SupportStatus = {
  UNKNOWN: 0,
  SUPPORTED: 1,
  ENDING: 2,
  ENDED: 3
} as const
/** A support status name, a key of {@link SupportStatus}. */
export type SupportStatusName = keyof typeof SupportStatus
const supportNames = namesOf<SupportStatusName>(SupportStatus)

/** The name of a numeric support status (`'UNKNOWN'` for any value outside the enum). */
export function supportStatusName (v: number): SupportStatusName {
  return supportNames.get(v) ?? 'UNKNOWN'
}

/** The name of a numeric state, or `'UNSPECIFIED'`. */
export function stateName (v: number): StateName | 'UNSPECIFIED' {
  return stateNames.get(v) ?? 'UNSPECIFIED'
}

/** A device status event; times in ms. */
export interface StatusEvent {
  deviceId: string
  state: number
  result: number
  currentVersion: string
  targetVersion: string
  time: number
  detail: string
  errorCode: string
  artifact: Uint8Array
  bytesReceived: number
  bytesTotal: number
  securityVersion: number
  model: string
  receivedAt: number
  slot: string
  /** TRIAL, CONFIRMED, REVERTED: the version that ran before `currentVersion`; '' otherwise */
  previousVersion: string
  /** the device's hardware revision; '' when it knows none */
  hardwareRevision: string
  /** {@link SupportStatus} of the running image */
  support: number
  /** ms; end of support of the running image's model; 0 = none announced */
  endOfLifeAt: number
  /** SBOM digest of the running image; empty = none */
  sbomSha256: Uint8Array
  /** DEFERRED: when the device asks for consent again, ms; 0 otherwise */
  deferredUntil: number
}
/**
 * @throws OtaError `OTA_TOO_LARGE`, `OTA_DECODE`, `OTA_FIELD`
 */
export function decodeStatusEvent (bytes: Uint8Array): StatusEvent {
  limit(bytes, Limits.statusEvent, 'status event')
  const m = decodeWith(() => pb.StatusEvent.decode(bytes), 'status event')
  const e: StatusEvent = {
    deviceId: m.deviceId,
    state: m.state,
    result: m.result,
    currentVersion: m.currentVersion,
    targetVersion: m.targetVersion,
    time: Number(m.time),
    detail: m.detail,
    errorCode: m.errorCode,
    artifact: m.artifact,
    bytesReceived: Number(m.bytesReceived),
    bytesTotal: Number(m.bytesTotal),
    securityVersion: Number(m.securityVersion),
    model: m.model,
    receivedAt: Number(m.receivedAt),
    slot: m.slot,
    previousVersion: m.previousVersion,
    hardwareRevision: m.hardwareRevision,
    support: m.support,
    endOfLifeAt: Number(m.endOfLifeAt),
    sbomSha256: m.sbomSha256,
    deferredUntil: Number(m.deferredUntil)
  }
  field(isIdentifier(e.deviceId), 'status event device id is invalid')
  field(stateNames.has(e.state), `status event state ${e.state} is unknown`)
  field(e.result >= 0 && e.result <= 11, 'status event result is not an LwM2M result')
  field(e.currentVersion === '' || isVersion(e.currentVersion), 'current version is invalid')
  field(e.targetVersion === '' || isVersion(e.targetVersion), 'target version is invalid')
  field(e.previousVersion === '' || isVersion(e.previousVersion), 'previous version is invalid')
  field(e.model === '' || isIdentifier(e.model), 'model is invalid')
  field(e.errorCode.length <= 64 && /^[A-Z0-9_]*$/.test(e.errorCode), 'error code is invalid')
  field(e.detail.length <= 1024, 'detail is too long')
  if (e.artifact.length !== 0) fieldBytes(e.artifact, 32, 'status event artifact') // empty: no artifact in play
  field(e.slot === '' || e.slot === 'a' || e.slot === 'b', 'slot must be a or b')
  field(e.hardwareRevision === '' || isVersion(e.hardwareRevision), 'hardware revision is invalid')
  field(supportNames.has(e.support), `support status ${e.support} is unknown`)
  if (e.sbomSha256.length !== 0) fieldBytes(e.sbomSha256, 32, 'status event SBOM digest')
  field(isTime(e.endOfLifeAt) && isTime(e.deferredUntil), 'times out of range')
  field(isTime(e.time) && isTime(e.bytesReceived) && isTime(e.bytesTotal) && isTime(e.securityVersion) && isTime(e.receivedAt), 'numbers out of range')
  return e
}

/** Encodes a status event. */
export function encodeStatusEvent (e: StatusEvent): Uint8Array {
  return pb.StatusEvent.encode(e).finish()
}

/** A status event as plain JSON-safe fields, for logs and the audit file (state by name, ids in hex). */
export function statusEventToJson (e: StatusEvent): Record<string, string | number> {
  return {
    deviceId: e.deviceId,
    model: e.model,
    state: stateName(e.state),
    result: e.result,
    currentVersion: e.currentVersion,
    targetVersion: e.targetVersion,
    previousVersion: e.previousVersion,
    errorCode: e.errorCode,
    detail: e.detail,
    artifact: toHex(e.artifact),
    bytesReceived: e.bytesReceived,
    bytesTotal: e.bytesTotal,
    securityVersion: e.securityVersion,
    slot: e.slot,
    hardwareRevision: e.hardwareRevision,
    support: supportStatusName(e.support),
    endOfLifeAt: e.endOfLifeAt,
    sbomSha256: toHex(e.sbomSha256),
    deferredUntil: e.deferredUntil,
    deviceTime: e.time,
    receivedAt: e.receivedAt
  }
}
