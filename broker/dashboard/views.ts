/**
 * What the dashboard shows, built from what the plugin holds: pure functions from the
 * inventory's records, rollout statuses and audit records to the rows the page and the JSON
 * endpoints serve. Names for numbers (states, support status, results) are resolved here, so the
 * page holds no copy of the protocol's enums.
 */
import { Lwm2mResult, lwm2mResultName, stateName, supportStatusName } from '../../proto/index.js'
import type { DeviceRecord } from '../../proto/codec/operator.js'
import { flattenAuditRecord } from '../audit/ecs.js'
import type { RolloutDevice, RolloutStatus } from '../rollout/types.js'

/** A lowercase hex SHA-256 digest, as the inventory writes SBOM digests and SBOM files are named. */
export const SHA256_HEX = /^[0-9a-f]{64}$/

/** One device row: the inventory's record plus names for its numbers and its SBOM link. */
export type FleetRow = DeviceRecord & {
  /** ota.proto `State` name of the last status event; `UNSPECIFIED` before any */
  stateName: string
  /** ota.proto `SupportStatus` name */
  supportName: string
  /** how the last update ended: '' (none yet), `SUCCESS`, or its error code (else the LwM2M result name) */
  lastResult: string
  /** `/sbom/<hex>` for the SBOM of the image the device runs; '' when it reported none */
  sbomUrl: string
}

/** A rollout as the live page needs it: the status without the full device list, with the failed devices (at most {@link MAX_FAILURES_SHOWN}). */
export type RolloutView = Omit<RolloutStatus, 'devices'> & {
  /** target devices in all */
  deviceCount: number
  /** failed devices, for why a wave is held back */
  failures: Array<Pick<RolloutDevice, 'deviceId' | 'wave' | 'reason'>>
}

/** Failed devices listed per rollout on the page. */
export const MAX_FAILURES_SHOWN = 20

/** One audit record as the page shows it, with the record itself. */
export interface AuditView {
  /** ISO 8601 time of the record (ECS `@timestamp`, flat `time`) */
  time: string
  /** ECS `event.action` (flat `event`) */
  action: string
  /** ECS `event.outcome` (flat `outcome`) */
  outcome: string
  /** ECS `device.id` (flat `deviceId`), else '' */
  deviceId: string
  /** the flat view's other fields as `key=value` (digests cut to 12 hex digits), at most 240 characters */
  detail: string
  /** the record as written (ECS) */
  record: Record<string, unknown>
}

/** A device record as a fleet row. */
export function fleetRow (d: DeviceRecord): FleetRow {
  const lastResult = d.result === Lwm2mResult.INITIAL
    ? ''
    : d.result === Lwm2mResult.SUCCESS ? 'SUCCESS' : d.errorCode !== '' ? d.errorCode : (lwm2mResultName(d.result) ?? `result ${d.result}`)
  return {
    ...d,
    stateName: d.state === 0 ? 'UNSPECIFIED' : stateName(d.state),
    supportName: supportStatusName(d.support),
    lastResult,
    sbomUrl: SHA256_HEX.test(d.sbomSha256) ? `/sbom/${d.sbomSha256}` : ''
  }
}

/** A rollout status as the page's view of it. */
export function rolloutView (r: RolloutStatus): RolloutView {
  const { devices, ...rest } = r
  const failed = devices.filter((d) => d.state === 'failed')
  return {
    ...rest,
    deviceCount: devices.length,
    failures: failed.slice(0, MAX_FAILURES_SHOWN).map((d) => ({ deviceId: d.deviceId, wave: d.wave, reason: d.reason }))
  }
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '')
const obj = (v: unknown): Record<string, unknown> | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : null)

/** Fields every record carries, or that the view shows in its own columns. */
const BOILERPLATE = new Set(['time', '@timestamp', 'level', 'service', 'message', 'event', 'outcome', 'deviceId', 'ecs', 'log', 'device.id', 'service.name'])
const MAX_DETAIL = 240
/** Digests (artifact, SBOM, keys) are shown by their first 12 hex digits: enough to tell them apart on a page. */
const LONG_HEX = /^[0-9a-f]{24,}$/
const short = (v: string): string => (LONG_HEX.test(v) ? `${v.slice(0, 12)}…` : v)

/** Flattens nested objects into dotted keys (ECS records nest `event`, `device`, ...). */
function flatten (o: Record<string, unknown>, prefix: string, out: string[]): void {
  for (const [k, v] of Object.entries(o)) {
    const key = prefix + k
    if (BOILERPLATE.has(key)) continue
    const nested = obj(v)
    if (nested !== null) flatten(nested, `${key}.`, out)
    // Zero, false and empty mean "not set" in these records (proto3 defaults): the line stays readable.
    else if (v !== '' && v !== undefined && v !== null && v !== 0 && v !== false && v !== 'UNKNOWN') out.push(`${key}=${Array.isArray(v) ? v.map(String).map(short).join(',') : short(String(v))}`)
  }
}

/**
 * The flat view of an audit record: the plugin's own field names (`time`, `event`, `outcome`,
 * `deviceId`, ...). ECS records (dotted keys such as `event.action`, as the audit log writes
 * them) go through the audit log's one inverse mapping, `flattenAuditRecord`; a line of the
 * earlier flat format is already that view.
 */
export function flatAuditRecord (record: Record<string, unknown>): Record<string, unknown> {
  return typeof record['event.action'] === 'string' ? flattenAuditRecord(record) : record
}

/**
 * An audit record as the page's view of it. Reads the Elastic Common Schema record through its
 * flat view (ECS field reference: `@timestamp`, `event.action`, `event.outcome`, `device.id`) and
 * falls back to the nested form (`event: { action }`, `device: { id }`), so lines of every format
 * show.
 * @param flat - the record's flat view when the caller has it (`AuditLog.subscribe` gives it)
 */
export function auditView (record: Record<string, unknown>, flat: Record<string, unknown> = flatAuditRecord(record)): AuditView {
  const event = obj(flat.event)
  const device = obj(flat.device)
  const rest: string[] = []
  flatten(flat, '', rest)
  const detail = rest.join(' ')
  return {
    time: str(flat.time) || str(flat['@timestamp']),
    action: event !== null ? str(event.action) : str(flat.event),
    outcome: event !== null ? str(event.outcome) : str(flat.outcome),
    deviceId: str(flat.deviceId) || str(device?.id),
    detail: detail.length > MAX_DETAIL ? `${detail.slice(0, MAX_DETAIL - 1)}…` : detail,
    record
  }
}
