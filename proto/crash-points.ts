/**
 * Crash points: named places in the device's durable steps (state writes, chunk storage, install,
 * boot, trial, confirm, revert) where a torture test kills the process with SIGKILL, as a power
 * cut or a watchdog reset would stop it. Unarmed (every production run), a crash point is one
 * branch on a module variable.
 *
 * Armed only at the edge, by the `aedes-ota device` command from its environment
 * ({@link armCrashPointsFromEnv}):
 *
 * - `AEDES_OTA_CRASH_AT=<name>:<n>`: SIGKILL at the n-th time (1-based) this process passes the
 *   crash point `<name>`; `*:<n>` counts every crash point together. Before dying the process
 *   writes `crash point <name> #<n>` as one line to stderr (synchronously), so a test can tell
 *   the kill it asked for from a crash of its own.
 * - `AEDES_OTA_CRASH_COUNTS=<file>`: at exit, writes how many times each crash point was passed,
 *   as a JSON object `{ name: count }` (a survey run, from which a test picks its kill points).
 *
 * Internal to the package: not exported from `aedes-ota/proto`.
 */
import { writeFileSync, writeSync } from 'node:fs'
import { OtaError } from './errors.js'

/** Names a crash point may take: dotted lowercase words (`state.renamed`, `download.journaled`). */
const NAME = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/

let target: { name: string, n: number } | null = null
let armed = false
/** times each crash point was passed, and all of them together */
const hits = new Map<string, number>()
let passed = 0

/**
 * Marks a crash point. Does nothing unless {@link armCrashPoints} armed the crash points; when
 * the armed one is reached, the process is killed with SIGKILL and this never returns.
 * @param name - dotted lowercase words, stable: tests and the torture harness name them
 */
export function crashPoint (name: string): void {
  if (!armed) return
  passed++
  const n = (hits.get(name) ?? 0) + 1
  hits.set(name, n)
  if (target === null || (target.name === '*' ? passed : target.name === name ? n : 0) !== target.n) return
  try { writeSync(2, `crash point ${name} #${n}\n`) } catch {}
  process.kill(process.pid, 'SIGKILL')
}

/** What {@link armCrashPoints} takes. */
export interface CrashPointSpec {
  /** `<name>:<n>` or `*:<n>`, n ≥ 1: where to die */
  at?: string
  /** a file to write the counts of every crash point passed to, at exit */
  countsFile?: string
}

/**
 * Arms the crash points of this process.
 * @throws OtaError `OTA_INVALID_ARGUMENT` for an `at` that is not `<name>:<n>` with n a positive integer
 */
export function armCrashPoints (spec: CrashPointSpec): void {
  if (spec.at !== undefined) {
    const m = /^(\*|[^:]+):(\d{1,9})$/.exec(spec.at)
    const n = m !== null ? Number(m[2]) : 0
    if (m === null || n < 1 || (m[1] !== '*' && !NAME.test(m[1]!))) {
      throw new OtaError('OTA_INVALID_ARGUMENT', `crash point must be <name>:<n> or *:<n> with n ≥ 1, got ${JSON.stringify(spec.at)}`)
    }
    target = { name: m[1]!, n }
  }
  if (spec.countsFile !== undefined) {
    const file = spec.countsFile
    process.on('exit', () => {
      try { writeFileSync(file, JSON.stringify(Object.fromEntries(hits))) } catch {}
    })
  }
  armed = target !== null || spec.countsFile !== undefined
}

/**
 * Arms the crash points from `AEDES_OTA_CRASH_AT` and `AEDES_OTA_CRASH_COUNTS` (see the module
 * comment); does nothing when neither is set.
 * @throws OtaError `OTA_INVALID_ARGUMENT` for a malformed `AEDES_OTA_CRASH_AT`
 */
export function armCrashPointsFromEnv (env: NodeJS.ProcessEnv): void {
  const at = env.AEDES_OTA_CRASH_AT
  const countsFile = env.AEDES_OTA_CRASH_COUNTS
  if ((at === undefined || at === '') && (countsFile === undefined || countsFile === '')) return
  armCrashPoints({ ...(at !== undefined && at !== '' ? { at } : {}), ...(countsFile !== undefined && countsFile !== '' ? { countsFile } : {}) })
}
