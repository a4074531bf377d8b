/** What a torture run counted, and how it is printed. */
import { PHASES } from './points.js'

/** One failed invariant, with what it takes to reproduce it. */
export interface FailureReport {
  seed: number
  scenario: string
  stage: string
  round: number
  /** the kill points of the chain so far, oldest first, the failing one last */
  chain: string[]
  /** the invariant (checks.ts) or the chain rule that failed */
  check: string
  message: string
  /** the last stderr lines of the device run before the check */
  stderrTail: string[]
}

/** The figures of a run. */
export interface TortureSummary {
  seed: number
  /** kills that happened: crash points that fired plus kills from outside */
  fired: number
  /** of which, kills from outside after a random delay */
  external: number
  /** device processes started (the survey included) */
  runs: number
  /** chains run to their outcome */
  chains: number
  /** kill points drawn that the run never reached (the update got past them): each ended a chain */
  notReached: number
  /** runs that ended `failed` and were restarted (not a kill, not the outcome) */
  failedRuns: number
  seconds: number
  /** kills per phase (points.ts `phaseOf`) */
  byPhase: Record<string, number>
  /** kills per stage of the device's records at the kill (checks.ts `StateView.stage`, `done` once the new image runs) */
  byStage: Record<string, number>
  /** kills per crash point name */
  byPoint: Record<string, number>
  /** chain outcomes, `<stage>: <result>` */
  outcomes: Record<string, number>
  /** the crash point names the survey runs passed, with their counts, per scenario stage and where it was surveyed from */
  survey: Record<string, Record<string, number>>
  /** completed chains that left a download or apply record, or a staged patch */
  leftovers: { downloadRecord: number, applyRecord: number, stagedFiles: number }
  /**
   * completed chains whose end the broker never heard (no CONFIRMED, or no REVERTED, status event
   * from the device during the chain), by the last kill before the end
   */
  unreported: Record<string, number>
  /** most `state.json.*.tmp` files seen in one state folder (writes killed before their rename) */
  tmpFilesMax: number
  /** kills after which the inactive slot was still recorded confirmed while an update overwrote it (checks.ts `staleConfirmed`) */
  staleConfirmed: number
  /** mean wall time of a device run, ms */
  meanRunMs: number
  failures: FailureReport[]
}

/** A summary with nothing counted yet. */
export function emptySummary (seed: number): TortureSummary {
  return {
    seed, fired: 0, external: 0, runs: 0, chains: 0, notReached: 0, failedRuns: 0, seconds: 0, byPhase: {}, byStage: {}, byPoint: {},
    outcomes: {}, survey: {}, leftovers: { downloadRecord: 0, applyRecord: 0, stagedFiles: 0 }, unreported: {}, tmpFilesMax: 0, staleConfirmed: 0, meanRunMs: 0, failures: []
  }
}

const count = (m: Record<string, number>): string => Object.entries(m).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k} ${v}`).join(', ')

/** The summary as text lines. */
export function formatSummary (s: TortureSummary): string[] {
  const phases = [...PHASES, ...Object.keys(s.byPhase).filter((p) => !(PHASES as readonly string[]).includes(p))]
  return [
    `torture: seed ${s.seed}: ${s.fired} kill points fired (${s.fired - s.external} crash points, ${s.external} from outside), ${s.runs} device runs, ${s.chains} chains, ${s.failures.length} failures, ${s.seconds.toFixed(1)} s (${s.meanRunMs.toFixed(0)} ms a run)`,
    `  by phase: ${phases.map((p) => `${p} ${s.byPhase[p] ?? 0}`).join(', ')}`,
    `  by state at the kill: ${count(s.byStage)}`,
    `  by point: ${count(s.byPoint)}`,
    `  outcomes: ${count(s.outcomes)}; points not reached ${s.notReached}; runs ended failed and restarted ${s.failedRuns}`,
    `  left behind by completed chains: download record ${s.leftovers.downloadRecord}, apply record ${s.leftovers.applyRecord}, staged patches ${s.leftovers.stagedFiles}; most state.json.*.tmp files in one folder ${s.tmpFilesMax}; kills leaving the old image's slot recorded confirmed while the update overwrote it ${s.staleConfirmed}`,
    `  ends the broker never heard (no CONFIRMED / REVERTED status event), by the last kill before them: ${Object.keys(s.unreported).length === 0 ? 'none' : count(s.unreported)}`,
    ...s.failures.flatMap(formatFailure)
  ]
}

/** A failure as text lines: enough to reproduce it (`--seed`) and to start looking. */
export function formatFailure (f: FailureReport): string[] {
  return [
    `FAILED ${f.check}: ${f.message}`,
    `  seed ${f.seed}, scenario ${f.scenario}, stage ${f.stage}, round ${f.round}`,
    `  chain: ${f.chain.join(' → ')}`,
    '  device stderr (last lines):',
    ...f.stderrTail.map((l) => `    ${l}`)
  ]
}
