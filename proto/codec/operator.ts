/**
 * The operator's admin messages (ota.proto `AdminRequest`, `AdminAnswer` and what they carry):
 * a release with its force flag, the fleet inventory, the release list and the rollout requests
 * (their messages in ./rollout.ts).
 *
 * Decoders check the size before decoding and throw {@link OtaError}: `OTA_TOO_LARGE`,
 * `OTA_DECODE` for bytes that are not the message, `OTA_FIELD` for a field outside its rules.
 */
import type { ota } from '../gen/ota.js'
import { OtaError } from '../errors.js'
import { Limits } from '../limits.js'
import { isIdentifier } from '../identifiers.js'
import { fromHex, toHex } from '../bytes.js'
import { adminResultFrom, type AdminResult } from './admin.js'
import { decodeWith, field, limit, pb } from './rules.js'
import type { RolloutPlan, RolloutSpecInput, RolloutStatus } from './rollout-types.js'
import { RolloutLimits, planFrom, planMessage, rolloutActionOf, rolloutActionValue, rolloutFrom, rolloutMessage, specFrom, specMessage, type RolloutAction } from './rollout.js'

/** Byte limits of admin messages. */
export const AdminLimits = {
  /**
   * An AdminRequest without its bundle: the bundle's own limit is the broker's `maxBundleSize`;
   * a rollout request's spec may name up to 10 000 devices (`RolloutLimits.specOverhead`).
   */
  requestOverhead: 64 + RolloutLimits.specOverhead,
  /** An AdminAnswer: about 80 000 device records of ~200 bytes. */
  answer: 16 * 1024 * 1024
} as const

/** What an operator asks the broker. */
export type AdminRequest =
  | { kind: 'release', bundle: Uint8Array, force: boolean }
  | { kind: 'inventory' }
  | { kind: 'releases' }
  /** stage a bundle and start a rollout of it */
  | { kind: 'rolloutStart', bundle: Uint8Array, spec: RolloutSpecInput, force: boolean }
  /** dry run: `release` is an Envelope(Manifest) or a whole bundle */
  | { kind: 'rolloutPlan', release: Uint8Array, spec: RolloutSpecInput }
  /** one rollout by id, or all of them (`id` '') */
  | { kind: 'rolloutStatus', id: string }
  | { kind: 'rolloutControl', id: string, action: RolloutAction }

/** One device as the broker's inventory holds it. Times are broker clock, ms. */
export interface DeviceRecord {
  deviceId: string
  model: string
  online: boolean
  /** last connect, disconnect or status event */
  lastSeen: number
  /** start of the current (or last) connection; 0: never connected since the record began */
  connectedAt: number
  currentVersion: string
  securityVersion: number
  /** ota.proto `State` of the last status event; 0: none yet */
  state: number
  /** LwM2M Update Result of the last update: of the last status event other than a plain IDLE
   * report (which a device sends on every connection and which keeps this) */
  result: number
  /** OtaError code that goes with `result`, '' for none */
  errorCode: string
  /** version the last update was for ('' before any), kept by IDLE reports like `result` */
  targetVersion: string
  remoteAddress: string
  /** when the last status event arrived; 0: none yet */
  reportedAt: number
  /** as last reported; '' when the device knows none */
  hardwareRevision: string
  /** ota.proto `SupportStatus` as last reported */
  support: number
  /** ms; end of support the device last reported; 0: none */
  endOfLifeAt: number
  /** lowercase hex SBOM digest of the running image, as last reported; '': none */
  sbomSha256: string
  /** brick detection: installed a release and did not come back on it in time */
  suspect: boolean
  /** why the device is suspect; '' when it is not */
  suspectReason: string
}

/** One model's current release as the broker serves it. */
export interface ReleaseRecord {
  model: string
  version: string
  securityVersion: number
  sequence: number
  /** image bytes */
  size: number
  chunks: number
  /** bytes */
  chunkSize: number
  /** ms; 0: never */
  expiresAt: number
  /** broker clock, ms */
  publishedAt: number
  /** SHA-256 of the image */
  artifact: Uint8Array
}

/** The broker's answer to one {@link AdminRequest}. */
export type AdminAnswer =
  | { kind: 'result', result: AdminResult, alreadyCurrent: boolean }
  | { kind: 'inventory', devices: DeviceRecord[] }
  | { kind: 'releases', releases: ReleaseRecord[] }
  /** the rollouts a rollout request concerns (the started one, the one asked for, or all) */
  | { kind: 'rollouts', rollouts: RolloutStatus[] }
  | { kind: 'rolloutPlan', plan: RolloutPlan }

/** Encodes an admin request. */
export function encodeAdminRequest (r: AdminRequest): Uint8Array {
  if (r.kind === 'release') return pb.AdminRequest.encode({ release: { bundle: r.bundle, force: r.force } }).finish()
  if (r.kind === 'inventory') return pb.AdminRequest.encode({ inventory: {} }).finish()
  if (r.kind === 'rolloutStart') return pb.AdminRequest.encode({ rolloutStart: { bundle: r.bundle, spec: specMessage(r.spec), force: r.force } }).finish()
  if (r.kind === 'rolloutPlan') return pb.AdminRequest.encode({ rolloutPlan: { release: r.release, spec: specMessage(r.spec) } }).finish()
  if (r.kind === 'rolloutStatus') return pb.AdminRequest.encode({ rolloutStatus: { id: r.id } }).finish()
  if (r.kind === 'rolloutControl') return pb.AdminRequest.encode({ rolloutControl: { id: r.id, action: rolloutActionValue(r.action) } }).finish()
  return pb.AdminRequest.encode({ releases: {} }).finish()
}

/**
 * @param maxBundle - largest bundle accepted, bytes
 * @throws OtaError `OTA_TOO_LARGE`, `OTA_DECODE`, `OTA_FIELD` (no request kind set, a rollout
 *   spec outside the structural rules of ./rollout.ts `specFrom`, a rollout id that is not
 *   text of at most 256 characters, an unknown rollout action)
 */
export function decodeAdminRequest (bytes: Uint8Array, maxBundle: number): AdminRequest {
  limit(bytes, maxBundle + AdminLimits.requestOverhead, 'admin request')
  const m = decodeWith(() => pb.AdminRequest.decode(bytes), 'admin request')
  if (m.release != null) { const r = m.release as ota.v1.AdminRelease; return { kind: 'release', bundle: r.bundle, force: r.force } }
  if (m.inventory != null) return { kind: 'inventory' }
  if (m.releases != null) return { kind: 'releases' }
  if (m.rolloutStart != null) { const r = m.rolloutStart as ota.v1.RolloutStartRequest; return { kind: 'rolloutStart', bundle: r.bundle, spec: specFrom(r.spec), force: r.force } }
  if (m.rolloutPlan != null) { const r = m.rolloutPlan as ota.v1.RolloutPlanQuery; return { kind: 'rolloutPlan', release: r.release, spec: specFrom(r.spec) } }
  if (m.rolloutStatus != null) return { kind: 'rolloutStatus', id: rolloutId(m.rolloutStatus.id ?? '') }
  if (m.rolloutControl != null) {
    const r = m.rolloutControl as ota.v1.RolloutControlRequest
    field(r.id !== '', 'rollout control request names no rollout')
    return { kind: 'rolloutControl', id: rolloutId(r.id), action: rolloutActionOf(r.action) }
  }
  throw new OtaError('OTA_FIELD', 'admin request has no kind')
}

function rolloutId (id: string): string {
  field(id.length <= RolloutLimits.maxId, `rollout id is longer than ${RolloutLimits.maxId} characters`)
  return id
}

/** Encodes an admin answer. */
export function encodeAdminAnswer (a: AdminAnswer): Uint8Array {
  if (a.kind === 'result') return pb.AdminAnswer.encode({ result: a.result, alreadyCurrent: a.alreadyCurrent }).finish()
  if (a.kind === 'inventory') return pb.AdminAnswer.encode({ inventory: { devices: a.devices.map((d) => ({ ...d, sbomSha256: d.sbomSha256 === '' ? new Uint8Array(0) : fromHex(d.sbomSha256) })) } }).finish()
  if (a.kind === 'rollouts') return pb.AdminAnswer.encode({ rollouts: { rollouts: a.rollouts.map(rolloutMessage) } }).finish()
  if (a.kind === 'rolloutPlan') return pb.AdminAnswer.encode({ rolloutPlan: planMessage(a.plan) }).finish()
  return pb.AdminAnswer.encode({ releases: { releases: a.releases } }).finish()
}

/**
 * @throws OtaError `OTA_TOO_LARGE` over {@link AdminLimits}.answer, `OTA_DECODE`, `OTA_FIELD`
 *   for an answer without a kind or a record with an invalid id
 */
export function decodeAdminAnswer (bytes: Uint8Array): AdminAnswer {
  limit(bytes, AdminLimits.answer, 'admin answer')
  const m = decodeWith(() => pb.AdminAnswer.decode(bytes), 'admin answer')
  if (m.result != null) {
    return { kind: 'result', alreadyCurrent: m.alreadyCurrent, result: adminResultFrom(m.result) }
  }
  if (m.inventory != null) {
    const devices = (m.inventory as ota.v1.Inventory).devices.map((x): DeviceRecord => { const d = x as ota.v1.DeviceRecord; return {
      deviceId: d.deviceId,
      model: d.model,
      online: d.online,
      lastSeen: Number(d.lastSeen),
      connectedAt: Number(d.connectedAt),
      currentVersion: d.currentVersion,
      securityVersion: Number(d.securityVersion),
      state: d.state,
      result: d.result,
      errorCode: d.errorCode,
      targetVersion: d.targetVersion,
      remoteAddress: d.remoteAddress,
      reportedAt: Number(d.reportedAt),
      hardwareRevision: d.hardwareRevision,
      support: d.support,
      endOfLifeAt: Number(d.endOfLifeAt),
      sbomSha256: toHex(d.sbomSha256),
      suspect: d.suspect,
      suspectReason: d.suspectReason
    } })
    for (const d of devices) field(isIdentifier(d.deviceId), 'inventory device id is invalid')
    return { kind: 'inventory', devices }
  }
  if (m.releases != null) {
    const releases = (m.releases as ota.v1.ReleaseList).releases.map((x): ReleaseRecord => { const r = x as ota.v1.ReleaseRecord; return {
      model: r.model,
      version: r.version,
      securityVersion: Number(r.securityVersion),
      sequence: Number(r.sequence),
      size: Number(r.size),
      chunks: r.chunks,
      chunkSize: r.chunkSize,
      expiresAt: Number(r.expiresAt),
      publishedAt: Number(r.publishedAt),
      artifact: r.artifact
    } })
    for (const r of releases) field(isIdentifier(r.model) && r.version.length <= Limits.maxIdentifier, 'release record model or version is invalid')
    return { kind: 'releases', releases }
  }
  if (m.rollouts != null) return { kind: 'rollouts', rollouts: (m.rollouts as ota.v1.RolloutList).rollouts.map(rolloutFrom) }
  if (m.rolloutPlan != null) return { kind: 'rolloutPlan', plan: planFrom(m.rolloutPlan) }
  throw new OtaError('OTA_FIELD', 'admin answer has no kind')
}
