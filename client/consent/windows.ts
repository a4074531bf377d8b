/**
 * Maintenance windows: a window opens at every time its cron expression names, in its time zone,
 * and stays open for its duration (hawkBit's maintenance window: schedule + duration + time
 * zone). Cron expressions are croner's: five fields (minute hour day month weekday), or six with
 * seconds first.
 */
import { Cron } from 'croner'
import { OtaError } from '../../proto/index.js'
import { parseDuration } from './duration.js'

/** One maintenance window. */
export interface MaintenanceWindow {
  /** when the window opens: a cron expression (5 fields, or 6 with seconds first), e.g. `0 2 * * *` */
  cron: string
  /** IANA time zone the expression is read in, e.g. `Europe/Berlin`; default UTC */
  timezone?: string
  /** how long the window stays open, ms (at least 1 s, at most 31 days) */
  durationMs: number
}

/** Where the device stands against its windows at a time. */
export type WindowState =
  /** inside a window; `closesAt` ms */
  | { open: true, closesAt: number }
  /** outside every window; `opensAt` ms of the next opening, null when none ever opens again */
  | { open: false, opensAt: number | null }

/** Windows checked and ready to ask. */
export interface CompiledWindows {
  /** the state of the windows at `now` (ms) */
  at: (now: number) => WindowState
}

const MAX_DURATION_MS = 31 * 86_400_000

function bad (message: string): never {
  throw new OtaError('OTA_INVALID_ARGUMENT', message)
}

/**
 * Checks windows (expression, time zone, duration) and compiles them.
 * @throws OtaError `OTA_INVALID_ARGUMENT` naming the first bad window
 */
export function compileWindows (windows: readonly MaintenanceWindow[]): CompiledWindows {
  if (!Array.isArray(windows) || windows.length === 0) bad('maintenanceWindows must be a non-empty array')
  const crons = windows.map((w, i) => {
    if (w === null || typeof w !== 'object') bad(`maintenanceWindows[${i}] must be an object`)
    if (typeof w.cron !== 'string' || w.cron.trim() === '') bad(`maintenanceWindows[${i}].cron must be a cron expression`)
    const timezone = w.timezone ?? 'UTC'
    try {
      // Throws RangeError for a name the runtime's time zone database does not know.
      Intl.DateTimeFormat('en', { timeZone: timezone })
    } catch {
      bad(`maintenanceWindows[${i}].timezone ${JSON.stringify(timezone)} is not an IANA time zone`)
    }
    if (!Number.isInteger(w.durationMs) || w.durationMs < 1000 || w.durationMs > MAX_DURATION_MS) {
      bad(`maintenanceWindows[${i}].durationMs must be an integer from 1000 to ${MAX_DURATION_MS}, got ${String(w.durationMs)}`)
    }
    let cron: Cron
    try {
      cron = new Cron(w.cron, { timezone })
    } catch (e) {
      bad(`maintenanceWindows[${i}].cron ${JSON.stringify(w.cron)}: ${e instanceof Error ? e.message : String(e)}`)
    }
    return { cron, durationMs: w.durationMs }
  })
  return {
    at: (now) => {
      let closesAt = -1
      let opensAt: number | null = null
      for (const { cron, durationMs } of crons) {
        // The earliest opening after now - duration: when it is not after now, now is inside it.
        const start = cron.nextRun(new Date(now - durationMs))?.getTime() ?? null
        if (start !== null && start <= now) {
          closesAt = Math.max(closesAt, start + durationMs)
          continue
        }
        const next = start !== null && start > now ? start : null
        if (next !== null && (opensAt === null || next < opensAt)) opensAt = next
      }
      return closesAt >= 0 ? { open: true, closesAt } : { open: false, opensAt }
    }
  }
}

/**
 * Parses the command-line form of a window, `CRON[@TZ]/DURATION`: e.g. `0 2 * * *@Europe/Berlin/2h`
 * (every day at 02:00 Berlin time, for two hours) or `30 3 * * 0/90m` (Sundays 03:30 UTC, 90
 * minutes). The duration follows the last `/`; the time zone, when given, follows the last `@`.
 * @throws OtaError `OTA_INVALID_ARGUMENT` for a malformed window
 */
export function parseWindow (text: string): MaintenanceWindow {
  const slash = text.lastIndexOf('/')
  if (slash <= 0) bad(`window ${JSON.stringify(text)} must be CRON[@TZ]/DURATION, e.g. "0 2 * * *@Europe/Berlin/2h"`)
  const durationMs = parseDuration(text.slice(slash + 1), `window ${JSON.stringify(text)} duration`)
  const head = text.slice(0, slash)
  const at = head.lastIndexOf('@')
  const w: MaintenanceWindow = at < 0 ? { cron: head.trim(), durationMs } : { cron: head.slice(0, at).trim(), timezone: head.slice(at + 1).trim(), durationMs }
  compileWindows([w])
  return w
}
