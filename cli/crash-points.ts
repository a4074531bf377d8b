/**
 * Arming the crash points of a device process (proto/crash-points.ts marks them): a torture test
 * kills the process with SIGKILL at one of them, as a power cut or a watchdog reset would.
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
 * - `AEDES_OTA_CRASH_TRACE=<file>`: at exit, writes the crash points passed in the order they were
 *   passed, as a JSON array of names (at most {@link MAX_TRACE}): where each pass lies on the
 *   run's timeline, so that a test can order the kill points it picked.
 *
 * Internal to the package.
 */
import { writeFileSync, writeSync } from 'node:fs'
import { OtaError } from '../proto/errors.js'
import { setCrashHook } from '../proto/crash-points.js'

/** Names a crash point may take: dotted lowercase words (`atomic.renamed`, `download.committed`). */
const NAME = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/

let target: { name: string, n: number } | null = null
/** times each crash point was passed, and all of them together */
const hits = new Map<string, number>()
let passed = 0
/** every pass in order, when a trace was asked for */
let trace: string[] | null = null

/** Most passes a trace keeps: a bound on its memory (a run passes a few per chunk). */
export const MAX_TRACE = 1_000_000

/** The hook {@link armCrashPoints} sets: counts the pass, and kills the process at the armed one. */
function pass (name: string): void {
  passed++
  const n = (hits.get(name) ?? 0) + 1
  hits.set(name, n)
  if (trace !== null && trace.length < MAX_TRACE) trace.push(name)
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
  /** a file to write the crash points passed, in order, to, at exit */
  traceFile?: string
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
  if (spec.traceFile !== undefined) {
    const file = spec.traceFile
    const passes: string[] = trace = []
    process.on('exit', () => {
      try { writeFileSync(file, JSON.stringify(passes)) } catch {}
    })
  }
  if (target !== null || spec.countsFile !== undefined || spec.traceFile !== undefined) setCrashHook(pass)
}

/**
 * Arms the crash points from `AEDES_OTA_CRASH_AT`, `AEDES_OTA_CRASH_COUNTS` and
 * `AEDES_OTA_CRASH_TRACE` (see the module comment); does nothing when none is set.
 * @throws OtaError `OTA_INVALID_ARGUMENT` for a malformed `AEDES_OTA_CRASH_AT`
 */
export function armCrashPointsFromEnv (env: NodeJS.ProcessEnv): void {
  const at = env.AEDES_OTA_CRASH_AT
  const countsFile = env.AEDES_OTA_CRASH_COUNTS
  const traceFile = env.AEDES_OTA_CRASH_TRACE
  const set = (v: string | undefined): v is string => v !== undefined && v !== ''
  if (!set(at) && !set(countsFile) && !set(traceFile)) return
  armCrashPoints({ ...(set(at) ? { at } : {}), ...(set(countsFile) ? { countsFile } : {}), ...(set(traceFile) ? { traceFile } : {}) })
}
