/**
 * One device's update history from its audit records: its `device.status` events grouped into
 * update attempts, each from its first event toward a target version (OFFERED, DEFERRED,
 * DOWNLOADING, ...) to its end (CONFIRMED, REVERTED, FAILED or REJECTED: the terminal states of
 * docs/PROTOCOL.md "States"). `device.suspect` records (brick detection) mark the attempt they follow.
 */
import { flattenAuditRecord } from './ecs.js'

/** Terminal states: the attempt ends with them. */
const TERMINAL = new Set(['CONFIRMED', 'REVERTED', 'FAILED', 'REJECTED'])

/** One update attempt of one device. */
export interface UpdateAttempt {
  /** the version running when the attempt began ('' when unknown) */
  fromVersion: string
  /** the version the attempt installs */
  toVersion: string
  /** `@timestamp` of its first and last events (ISO 8601 UTC) */
  startedAt: string
  endedAt: string
  /** the terminal state, `SUPERSEDED` when events toward another version followed, '' while under way */
  outcome: string
  /** LwM2M Object 5 Update Result (resource 5) of the last event */
  result: number
  /** error code and detail of the last event that had one ('' when none) */
  errorCode: string
  detail: string
  /** the states reported, in order, repeats folded (`OFFERED DOWNLOADING ... CONFIRMED`) */
  states: string[]
  /** why brick detection marked the device suspect after this attempt ('' when it did not) */
  suspect: string
}

const str = (v: unknown): string => typeof v === 'string' ? v : ''

/**
 * The update attempts of `deviceId`, oldest first, from ECS audit records in chain order (other
 * devices' and other events' records are skipped; IDLE reports belong to no attempt).
 */
export function updateHistory (records: Iterable<Record<string, unknown>>, deviceId: string): UpdateAttempt[] {
  const out: UpdateAttempt[] = []
  let open: UpdateAttempt | null = null
  for (const record of records) {
    const r = flattenAuditRecord(record)
    if (r.deviceId !== deviceId) continue
    if (r.event === 'device.suspect') {
      const last = open ?? out.at(-1)
      if (last !== undefined) last.suspect = str(r.reason) || str(r.code) || 'suspect'
      continue
    }
    if (r.event !== 'device.status') continue
    const state = str(r.state)
    if (state === 'IDLE' || state === '') continue
    const target = str(r.targetVersion) || str(r.currentVersion)
    if (open !== null && open.toVersion !== target) {
      open.outcome = 'SUPERSEDED'
      open = null
    }
    const time = str(r.time)
    if (open === null) {
      const running = ['TRIAL', 'CONFIRMED', 'REVERTED'].includes(state) ? str(r.previousVersion) : str(r.currentVersion)
      open = { fromVersion: running, toVersion: target, startedAt: time, endedAt: time, outcome: '', result: 0, errorCode: '', detail: '', states: [], suspect: '' }
      out.push(open)
    }
    open.endedAt = time
    open.result = typeof r.result === 'number' ? r.result : open.result
    if (str(r.errorCode) !== '') { open.errorCode = str(r.errorCode); open.detail = str(r.detail) }
    if (open.states.at(-1) !== state) open.states.push(state)
    if (TERMINAL.has(state)) {
      open.outcome = state
      open = null
    }
  }
  return out
}
