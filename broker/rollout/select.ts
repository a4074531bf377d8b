/**
 * Who a rollout targets and in which wave, as pure functions: `plan` and `start` call the same
 * ones, so a dry run shows exactly the waves a rollout will have.
 */
import { State, SupportStatus, sha256, toHex, type Manifest } from '../../proto/index.js'
import type { DeviceRecord } from '../../proto/codec/operator.js'
import type { RolloutSpec } from './types.js'

/**
 * Orders devices for a rollout: by SHA-256 of `artifact + '/' + deviceId` (hex, ascending),
 * ties (never in practice) by id. A device's place depends only on its own id and the release,
 * not on the other devices' names, and differs from one release to the next, so the same
 * devices are not always the canaries.
 * @param artifact - hex SHA-256 of the release's image
 */
export function rolloutOrder (artifact: string, deviceIds: readonly string[]): string[] {
  const enc = new TextEncoder()
  const keyed = deviceIds.map((id) => ({ id, key: toHex(sha256(enc.encode(`${artifact}/${id}`))) }))
  keyed.sort((a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  return keyed.map((k) => k.id)
}

/**
 * The cumulative number of targets each wave reaches: ceil(share × n), at least 1 when n > 0
 * (float noise such as 0.07 × 100 = 7.000000000000001 is not rounded up).
 */
export function waveBounds (waves: readonly number[], n: number): number[] {
  return waves.map((s) => n === 0 ? 0 : Math.min(n, Math.max(1, Math.ceil(s * n - 1e-9))))
}

/** Splits ordered targets into waves: entry k holds the devices first offered in wave k. */
export function splitWaves (ordered: readonly string[], waves: readonly number[]): string[][] {
  const bounds = waveBounds(waves, ordered.length)
  return bounds.map((end, k) => ordered.slice(k === 0 ? 0 : bounds[k - 1], end))
}

/** Who a rollout can target, and who it cannot and why. */
export interface Eligibility {
  /** devices that can take the release, in rollout order */
  targets: DeviceRecord[]
  excluded: Array<{ deviceId: string, reason: string }>
}

/**
 * Why `d` cannot take `m`, or null when it can. The same checks the device client makes before it
 * downloads (client/policy.ts: model, hardware revision, security version), plus a device that
 * already runs the version.
 */
export function exclusionReason (d: DeviceRecord, m: Manifest): string | null {
  if (d.model !== m.model) return `model ${d.model}, the release is for ${m.model}`
  if (d.currentVersion === m.version) return `already runs ${m.version}`
  if (d.securityVersion > m.securityVersion) return `security version ${d.securityVersion} is above the release's ${m.securityVersion}`
  if (m.hardwareRevisions.length > 0 && !m.hardwareRevisions.includes(d.hardwareRevision)) {
    return d.hardwareRevision === '' ? `hardware revision not reported; the release is for ${m.hardwareRevisions.join(', ')}` : `hardware revision ${d.hardwareRevision} is not among ${m.hardwareRevisions.join(', ')}`
  }
  return null
}

/**
 * The targets of a rollout of `m` with `spec`: the devices named by `spec.devices`, by
 * `spec.group` (from `groups`), or else every device of the model in the inventory; minus those
 * {@link exclusionReason} refuses. Named devices the inventory does not know are excluded
 * (`unknown device`).
 * @param groups - the plugin's `groups` option
 * @returns targets in {@link rolloutOrder}, exclusions sorted by device id
 */
export function eligibleTargets (inventory: readonly DeviceRecord[], m: Manifest, artifact: string, spec: RolloutSpec, groups: Readonly<Record<string, readonly string[]>>): Eligibility {
  const byId = new Map(inventory.map((d) => [d.deviceId, d]))
  const excluded: Array<{ deviceId: string, reason: string }> = []
  let candidates: DeviceRecord[]
  const named = spec.devices ?? (spec.group !== undefined ? groups[spec.group] ?? [] : undefined)
  if (named !== undefined) {
    candidates = []
    for (const id of new Set(named)) {
      const d = byId.get(id)
      if (d === undefined) excluded.push({ deviceId: id, reason: 'unknown device (never connected to this broker)' })
      else candidates.push(d)
    }
  } else {
    candidates = inventory.filter((d) => d.model === m.model)
  }
  const ok = new Map<string, DeviceRecord>()
  for (const d of candidates) {
    const why = exclusionReason(d, m)
    if (why === null) ok.set(d.deviceId, d)
    else excluded.push({ deviceId: d.deviceId, reason: why })
  }
  excluded.sort((a, b) => a.deviceId.localeCompare(b.deviceId))
  return { targets: rolloutOrder(artifact, [...ok.keys()]).map((id) => ok.get(id)!), excluded }
}

/** How long before its end of life a device counts as near it in plan warnings, ms (90 days). */
export const NEAR_END_OF_LIFE_MS = 90 * 24 * 3600_000

/**
 * Where a device stands against its end of life, from the broker's record of it: its own report
 * (`SupportStatus`), or the date it reported when that says more (a device offline since before
 * its end of life is past it all the same; one within {@link NEAR_END_OF_LIFE_MS} is near it).
 * @param now - broker clock, ms
 * @returns '' when no end of life was reported
 */
export function endOfLifeStanding (d: Pick<DeviceRecord, 'support' | 'endOfLifeAt'>, now: number): 'past' | 'near' | 'supported' | '' {
  const has = d.endOfLifeAt > 0
  if (d.support === SupportStatus.ENDED || (has && d.endOfLifeAt <= now)) return 'past'
  if (d.support === SupportStatus.ENDING || (has && d.endOfLifeAt <= now + NEAR_END_OF_LIFE_MS)) return 'near'
  return d.support === SupportStatus.SUPPORTED || has ? 'supported' : ''
}

/**
 * The warnings of a plan: offline targets, targets past or near end of life, devices
 * mid-update or suspect, a release whose model support ends, waves smaller than `minDevices`
 * or adding no device.
 * @param waves - targets per wave, as {@link splitWaves} cut them
 * @param now - broker clock, ms
 */
export function planWarnings (waves: ReadonlyArray<readonly DeviceRecord[]>, m: Manifest, spec: RolloutSpec, now: number): string[] {
  const all = waves.flat()
  const w: string[] = []
  const names = (ds: readonly DeviceRecord[]): string => ds.slice(0, 10).map((d) => d.deviceId).join(', ') + (ds.length > 10 ? `, and ${ds.length - 10} more` : '')
  if (all.length === 0) w.push('no device can take this release')
  const offline = all.filter((d) => !d.online)
  if (offline.length > 0) w.push(`${offline.length} target(s) offline now (offered when they connect): ${names(offline)}`)
  const ended = all.filter((d) => endOfLifeStanding(d, now) === 'past')
  if (ended.length > 0) w.push(`${ended.length} target(s) past end of life: ${names(ended)}`)
  const ending = all.filter((d) => endOfLifeStanding(d, now) === 'near')
  if (ending.length > 0) w.push(`${ending.length} target(s) near end of life: ${names(ending)}`)
  if (m.endOfLifeAt > 0) {
    const when = new Date(m.endOfLifeAt).toISOString()
    w.push(m.endOfLifeAt <= now ? `the release announces its model's end of support at ${when}, already past` : `the release announces its model's end of support at ${when}`)
  }
  const suspect = all.filter((d) => d.suspect)
  if (suspect.length > 0) w.push(`${suspect.length} target(s) marked suspect by brick detection: ${names(suspect)}`)
  const busy = all.filter((d) => d.state >= State.DOWNLOADING && d.state <= State.TRIAL)
  if (busy.length > 0) w.push(`${busy.length} target(s) are in the middle of another update: ${names(busy)}`)
  waves.forEach((ds, k) => {
    if (all.length > 0 && ds.length === 0) w.push(`wave ${k + 1} (${Math.round(spec.waves[k]! * 1000) / 10}%) adds no device`)
    else if (ds.length > 0 && ds.length < spec.minDevices && k === 0) w.push(`wave 1 has ${ds.length} device(s), fewer than minDevices ${spec.minDevices}: the failure rule is judged only once ${spec.minDevices} devices finished`)
  })
  return w
}
