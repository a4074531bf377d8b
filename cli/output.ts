/**
 * What every command shares: parsing numbers, failing with a coded error, logging, tables.
 */
import { InvalidArgumentError, type Command } from 'commander'
import pino, { type Logger } from 'pino'
import { OtaError, isOtaError, stateName, type StatusEvent } from '../proto/index.js'
import { USAGE_EXIT, usageHint } from './options.js'
import { isCliError } from './errors.js'

let current: Command | undefined

/** Records the command whose action runs, so {@link fail} can point at its `--help`. */
export function setCurrentCommand (cmd: Command): void {
  current = cmd
}

/**
 * Prints an error as `error [CODE]: message` on stderr and exits: 2 for bad arguments (with the
 * one-line `(see aedes-ota <cmd> --help)` hint, as option errors have), 1 otherwise.
 */
export function fail (e: unknown): never {
  const err = isOtaError(e) || isCliError(e) ? e : new OtaError('OTA_IO', e instanceof Error ? e.message : String(e), { cause: e })
  const usage = err.code === 'OTA_INVALID_ARGUMENT'
  process.stderr.write(`error [${err.code}]: ${err.message}\n${usage && current !== undefined ? usageHint(current) + '\n' : ''}`)
  process.exit(usage ? USAGE_EXIT : 1)
}

/** A commander argument parser for integers within [min, max]. */
export function intArg (min: number, max: number) {
  return (v: string): number => {
    const n = Number(v)
    if (!/^-?\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`)
    return n
  }
}

/**
 * A commander argument parser for a calendar date or time (ISO 8601, e.g. `2027-06-30` or
 * `2027-06-30T12:00:00Z`), returned in ms since the epoch.
 */
export function dateArg (v: string): number {
  const t = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(v) ? Date.parse(v) : NaN
  if (!Number.isFinite(t) || t <= 0) throw new InvalidArgumentError('expected an ISO 8601 date, e.g. 2027-06-30 or 2027-06-30T12:00:00Z')
  return t
}

/** A pino logger to stderr at `level` (JSON lines; stable fields added by child loggers). */
export function stderrLogger (level: pino.LevelWithSilent, name: string): Logger {
  return pino({ name, level, base: { pid: process.pid } }, pino.destination(2))
}

/** Renders rows as an aligned text table with a header row. */
export function table (header: string[], rows: Array<Array<string | number>>): string {
  const cells = [header, ...rows.map((r) => r.map(String))]
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)))
  const line = (r: string[]): string => r.map((c, i) => i === r.length - 1 ? c : c.padEnd(widths[i]!)).join('  ').trimEnd()
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n')
}

/** One device's outcome of an update, as `demo` and `fleet` report it. Seconds and bytes as the device counted them. */
export interface DeviceOutcome { id: string, from: string, to: string, result: string, seconds: number, bytes: number, code?: string, detail?: string }

/** The summary table of device outcomes: device, from -> to, result (with its code), seconds, bytes received. */
export function outcomeTable (rows: readonly DeviceOutcome[]): string {
  return table(['device', 'from -> to', 'result', 'seconds', 'bytes received'],
    rows.map((r) => [r.id, `${r.from} -> ${r.to}`, r.result + (r.code !== undefined && r.code !== '' ? ` (${r.code})` : ''), r.seconds.toFixed(2), r.bytes]))
}

/** What {@link statusLine} shows of a status event (also built from an audited `device.status` record). */
export type StatusLineEvent = Pick<StatusEvent, 'deviceId' | 'state' | 'previousVersion' | 'currentVersion' | 'targetVersion' | 'errorCode'>

/**
 * One progress line for a status event: device, state, `from -> to` and error code. TRIAL,
 * CONFIRMED and REVERTED events run the new (or restored) version already, so their `from` is the
 * event's `previousVersion`; the other states show the running version `->` the target.
 */
export function statusLine (e: StatusLineEvent): string {
  const versions = e.previousVersion !== ''
    ? `${e.previousVersion} -> ${e.currentVersion}`
    : `${e.currentVersion}${e.targetVersion !== '' ? ` -> ${e.targetVersion}` : ''}`
  return `  ${e.deviceId}  ${stateName(e.state).padEnd(11)} ${versions}${e.errorCode !== '' ? `  ${e.errorCode}` : ''}`
}

/** A time in ms since the epoch as ISO 8601 (UTC); `none` for 0, which the protocol uses for "no time". */
export function isoTime (ms: number, none = ''): string {
  return ms > 0 ? new Date(ms).toISOString() : none
}
