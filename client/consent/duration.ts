/**
 * Durations as people write them on a command line or in a configuration: `90s`, `30m`, `2h`,
 * `7d`, `500ms`, or a bare number of milliseconds.
 */
import { OtaError } from '../../proto/index.js'

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/**
 * Parses a duration into ms: an integer followed by `ms`, `s`, `m`, `h` or `d`, or a bare integer
 * (ms). At most 366 days.
 * @throws OtaError `OTA_INVALID_ARGUMENT` for anything else, naming `what`
 */
export function parseDuration (text: string, what = 'duration'): number {
  const m = /^(\d{1,12})(ms|s|m|h|d)?$/.exec(text.trim())
  if (m === null) throw new OtaError('OTA_INVALID_ARGUMENT', `${what} must be a number with a unit (ms, s, m, h, d), e.g. 30m or 2h; got ${JSON.stringify(text)}`)
  const ms = Number(m[1]) * UNIT_MS[m[2] ?? 'ms']!
  if (ms > 366 * UNIT_MS.d!) throw new OtaError('OTA_INVALID_ARGUMENT', `${what} must be at most 366 days, got ${JSON.stringify(text)}`)
  return ms
}
