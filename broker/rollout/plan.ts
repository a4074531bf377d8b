/**
 * `rollout plan`: a dry run of a rollout against the live inventory, from the same selection
 * functions `start` uses.
 */
import { randomBytes } from 'node:crypto'
import { OtaError, parseBundle, toHex, verifyBundle, verifyManifest, type Manifest, type TrustedRoot } from '../../proto/index.js'
import type { DeviceRecord } from '../../proto/codec/operator.js'
import { eligibleTargets, planWarnings, splitWaves } from './select.js'
import type { PlannedDevice, RolloutPlan, RolloutSpec, RolloutStatus } from './types.js'

/**
 * The manifest of a bundle or of an Envelope(Manifest), verified against `trust` (a bundle's
 * image too).
 * @throws OtaError the verification codes of proto `verifyBundle` / `verifyManifest`
 */
export function manifestOf (bytes: Uint8Array, trust: TrustedRoot, now: number): Manifest {
  let isBundle = true
  try { parseBundle(bytes) } catch { isBundle = false }
  return isBundle ? verifyBundle(bytes, trust, now).manifest : verifyManifest(bytes, trust, { now }).manifest
}

function planned (d: DeviceRecord): PlannedDevice {
  return { deviceId: d.deviceId, online: d.online, currentVersion: d.currentVersion, support: d.support, endOfLifeAt: d.endOfLifeAt }
}

/**
 * The plan of a rollout of `m` with `spec` over `inventory`.
 * @param groups - the plugin's `groups` option
 * @param now - broker clock, ms (end-of-life warnings)
 * @throws OtaError `OTA_ROLLOUT` when `spec.group` names no configured group
 */
export function planRollout (m: Manifest, spec: RolloutSpec, inventory: readonly DeviceRecord[], groups: Readonly<Record<string, readonly string[]>>, now: number): RolloutPlan & { targets: DeviceRecord[][] } {
  if (spec.group !== undefined && groups[spec.group] === undefined) throw new OtaError('OTA_ROLLOUT', `no device group ${spec.group} (the broker's groups option)`)
  const artifact = toHex(m.image.sha256)
  const { targets, excluded } = eligibleTargets(inventory, m, artifact, spec, groups)
  const byId = new Map(targets.map((d) => [d.deviceId, d]))
  const cut = splitWaves(targets.map((d) => d.deviceId), spec.waves).map((ids) => ids.map((id) => byId.get(id)!))
  return {
    model: m.model,
    version: m.version,
    artifact,
    securityVersion: Number(m.securityVersion),
    waves: cut.map((ds, index) => ({ index, share: spec.waves[index]!, devices: ds.map(planned) })),
    excluded,
    warnings: planWarnings(cut, m, spec, now),
    targets: cut
  }
}

/**
 * A new rollout of `m` over `targets` (the plan's, wave by wave), running, every device
 * `waiting`, no wave started yet.
 * @param artifact - hex SHA-256 of the staged image
 * @param by - who starts it
 * @param now - broker clock, ms
 */
export function newRollout (m: Manifest, spec: RolloutSpec, targets: ReadonlyArray<readonly DeviceRecord[]>, artifact: string, by: string, now: number): RolloutStatus {
  return {
    id: `${m.model}-${m.version.replace(/[^A-Za-z0-9._-]/g, '_')}-${randomBytes(4).toString('hex')}`,
    model: m.model,
    version: m.version,
    artifact,
    sequence: Number(m.sequence),
    phase: 'running',
    reason: '',
    wave: 0,
    spec,
    waves: spec.waves.map((share, index) => ({ index, share, devices: 0, offered: 0, updating: 0, succeeded: 0, failed: 0, startedAt: 0, deadline: 0 })),
    devices: targets.flatMap((ds, wave) => ds.map((x) => ({ deviceId: x.deviceId, wave, state: 'waiting' as const, reason: '', updatedAt: now, accepted: false }))),
    startedBy: by,
    startedAt: now,
    updatedAt: now
  }
}
