/**
 * One chain of a torture run: a device process armed at a kill point drawn from the stage's
 * survey, its kill, the checks of its state folder, the next process with the next point, ...
 * until a run ends on its own (the point drawn was not reached: the update got past it; or the
 * chain ran a clean run), then the checks of the stage's end.
 */
import { State, sha256, toHex, type StatusEvent } from '../proto/index.js'
import { loadState } from '../client/state.js'
import { CheckFailure, TrialOnce, checkAfterKill, checkFinal, type CheckContext, type StateView } from './checks.js'
import type { DeviceRun, DeviceRunSpec } from './device-run.js'
import { passToArm, phaseOf, pickPoint, planPoints, type KillPoint, type PlannedPoint, type Survey } from './points.js'
import type { Scenario, Stage } from './scenarios.js'
import type { FailureReport, TortureSummary } from './summary.js'
import { outcomeFits, type StageSurvey } from './survey.js'

/** What every chain of a run shares. */
export interface ChainWorld {
  seed: number
  /** the run's PRNG: every draw of every chain, in order */
  rand: () => number
  externalRate: number
  maxKills: number
  summary: TortureSummary
  log: (line: string) => void
  run: (scenario: Scenario, stateDir: string, arm: Pick<DeviceRunSpec, 'crashAt' | 'killAfterMs'>) => Promise<DeviceRun>
  /** the status events the broker received from a device so far (a live list) */
  heard: (deviceId: string) => readonly StatusEvent[]
}

/** One chain to run. */
export interface ChainSpec {
  scenario: Scenario
  stage: Stage
  /** where the device stands when the stage starts */
  stateDir: string
  round: number
  ctx: CheckContext
  survey: StageSurvey
}

/** A chain's rule broken, with the device run that broke it. */
class ChainFailure extends Error {
  constructor (readonly check: string, message: string, readonly run?: DeviceRun) { super(message) }
}

/**
 * The crash points a device restarted where `view` shows it can still pass, with the most passes
 * of each: none once the stage is over (its image confirmed, or its release refused), the trial
 * survey in a trial (the one of a trial run out of boots when none is left), the start survey
 * without the download's points in a patch apply (the patch is whole), else the start survey.
 */
function reachable (s: StageSurvey, view: StateView | null, stageSha: string): Survey {
  if (view === null) return s.from.start
  const st = view.state
  const p = st.pending
  if (p === null && (st.slots[st.active]!.sha256 === stageSha || st.refused === stageSha)) return {}
  if (p !== null && p.trialsLeft === 0 && s.from.exhausted !== undefined) return s.from.exhausted
  if (p !== null && s.from.trial !== undefined) return s.from.trial
  if (view.stage === 'apply') return Object.fromEntries(Object.entries(s.from.start).filter(([name]) => phaseOf(name) !== 'download'))
  return s.from.start
}

/** Only the confirm's points of `survey`. */
function confirmPoints (survey: Survey): Survey {
  return Object.fromEntries(Object.entries(survey).filter(([name]) => phaseOf(name) === 'confirm'))
}

/** Plans hold 3 to this many points; the chain then draws free points until one is not reached. */
const MAX_PLAN = 10

/** How long the broker may take to receive a status event a device published before it exited, ms. */
const STATUS_GRACE_MS = 2000

/** Whether the broker heard the device report the stage's end (CONFIRMED, or REVERTED) since event `from`. */
async function told (w: ChainWorld, deviceId: string, from: number, st: Stage): Promise<boolean> {
  const ends = (e: StatusEvent): boolean => st.expect === 'confirm'
    ? e.state === State.CONFIRMED && e.currentVersion === st.version
    : e.state === State.REVERTED && (e.targetVersion === st.version || e.previousVersion === st.version)
  for (const end = Date.now() + STATUS_GRACE_MS; ; await new Promise((resolve) => setTimeout(resolve, 50))) {
    if (w.heard(deviceId).slice(from).some(ends)) return true
    if (Date.now() > end) return false
  }
}

/**
 * Runs a chain to the stage's end and checks it. A failed invariant or chain rule is added to
 * the summary's failures (and logged), not thrown.
 * @returns true when the stage ended as it must
 */
export async function runChain (w: ChainWorld, c: ChainSpec): Promise<boolean> {
  const { scenario: sc, stage: st, stateDir, ctx } = c
  const sum = w.summary
  const bump = (m: Record<string, number>, k: string): void => { m[k] = (m[k] ?? 0) + 1 }
  const stageSha = toHex(sha256(st.image))
  const start = await loadState(stateDir)
  const before = { sha256: start.slots[start.active]!.sha256, version: start.slots[start.active]!.version, counter: start.securityCounter }
  let floor = start.securityCounter
  const steps: string[] = []
  let kills = 0
  let failedInRow = 0
  let view: StateView | null = null
  let last: DeviceRun | undefined
  let lastKill = 'none'
  const heardBefore = w.heard(sc.device.id).length
  const once = new TrialOnce(stageSha, st.version)
  const trialOnce = (v: StateView): void => { once.see(v.state, w.heard(sc.device.id).slice(heardBefore), Date.now()) }
  try {
    // First the plan, points drawn on the start's timeline and taken in its order; then free
    // points drawn from where the device stands.
    const plan = planPoints(c.survey.timeline, w.rand, 3 + Math.floor(w.rand() * (MAX_PLAN - 2)))
    let after = -1
    for (;;) {
      // A good release's trial must not run out of boots by kills alone (the bootloader would
      // rightly revert it): the run that spends the last boot may only die once it confirmed.
      const lastBoot = st.expect === 'confirm' && view?.state.pending != null && view.state.pending.trialsLeft <= 1
      let planned: PlannedPoint | null = null
      let point: KillPoint | null = null
      let killAfterMs: number | undefined
      if (kills < w.maxKills && w.rand() < w.externalRate && !lastBoot) {
        killAfterMs = Math.round(150 + w.rand() * Math.max(100, c.survey.ms - 150))
      } else if (kills < w.maxKills) {
        const survey = lastBoot ? confirmPoints(reachable(c.survey, view, stageSha)) : reachable(c.survey, view, stageSha)
        // Planned points the device can no longer reach are passed over, not run to no kill.
        while (plan.length > 0 && point === null) {
          const p = plan.shift()!
          const n = p.pos > after ? passToArm(p, c.survey.timeline, after) : 0
          if (n >= 1 && n <= (survey[p.name] ?? 0)) { planned = p; point = { name: p.name, n } }
        }
        if (point === null && Object.keys(survey).length > 0) point = pickPoint(survey, w.rand)
      }
      const what = point !== null ? `${point.name}:${point.n}` : killAfterMs !== undefined ? `outside@${killAfterMs}ms` : 'clean'
      const r = last = await w.run(sc, stateDir, point !== null ? { crashAt: what } : killAfterMs !== undefined ? { killAfterMs } : {})
      if (r.crash !== null && planned !== null) after = planned.pos
      if (r.crash !== null || r.killedOutside) {
        if (r.crash !== null && (point === null || r.crash.name !== point.name || r.crash.n !== point.n)) {
          throw new ChainFailure('crash-point', `armed ${what}, died at ${r.crash.name} #${r.crash.n}`, r)
        }
        steps.push(`${what} ✝ ${r.ms}ms`)
        lastKill = r.killedOutside ? 'outside' : r.crash!.name
        kills++
        sum.fired++
        if (r.killedOutside) sum.external++
        bump(sum.byPhase, r.killedOutside ? 'external' : phaseOf(r.crash!.name))
        bump(sum.byPoint, r.killedOutside ? 'outside' : r.crash!.name)
        view = await checkAfterKill(stateDir, ctx, floor)
        trialOnce(view)
        floor = Math.max(floor, view.state.securityCounter)
        sum.tmpFilesMax = Math.max(sum.tmpFilesMax, view.tmpFiles)
        if (view.staleConfirmed) sum.staleConfirmed++
        bump(sum.byStage, view.stage === 'idle' && view.state.slots[view.state.active]!.sha256 === stageSha ? 'done' : view.stage)
        continue
      }
      if (r.hung) throw new ChainFailure('hung', `${what}: no outcome in time`, r)
      if (r.signal !== null) throw new ChainFailure('died', `${what}: killed by ${r.signal} without a crash point`, r)
      if (r.outcome === null) throw new ChainFailure('no-outcome', `${what}: exit ${String(r.exitCode)} without an outcome`, r)
      if (r.outcome.result === 'failed') {
        // Not the end: a device in service tries again at the next delivery of the manifest.
        steps.push(`${what} failed ${String(r.outcome.code)}`)
        sum.failedRuns++
        if (++failedInRow >= 3) throw new ChainFailure('never-completes', `three runs in a row ended failed, the last with ${String(r.outcome.code)}: ${String(r.outcome.detail)}`, r)
        view = await checkAfterKill(stateDir, ctx, floor)
        floor = Math.max(floor, view.state.securityCounter)
        continue
      }
      steps.push(`${what}${point !== null ? ' (not reached)' : ''} → ${String(r.outcome.result)} ${r.ms}ms`)
      if (point !== null) sum.notReached++
      if (!outcomeFits(st, before.version, r.outcome)) {
        throw new ChainFailure('wrong-outcome', `${what}: ended ${JSON.stringify(r.outcome)}, expected ${st.version} ${st.expect === 'confirm' ? 'confirmed' : 'reverted'}`, r)
      }
      bump(sum.outcomes, `${st.name}: ${String(r.outcome.result)}`)
      trialOnce(await checkAfterKill(stateDir, ctx, floor))
      const left = await checkFinal(stateDir, st, stageSha, before)
      if (left.downloadRecord) sum.leftovers.downloadRecord++
      if (left.applyRecord) sum.leftovers.applyRecord++
      sum.leftovers.stagedFiles += left.stagedFiles
      if (!await told(w, sc.device.id, heardBefore, st)) bump(sum.unreported, `${st.expect} after ${lastKill}`)
      sum.chains++
      w.log(`round ${c.round} ${sc.name}/${st.name}: ${steps.join(' → ')}`)
      return true
    }
  } catch (e) {
    const f: FailureReport = {
      seed: w.seed,
      scenario: sc.name,
      stage: st.name,
      round: c.round,
      chain: steps,
      check: e instanceof CheckFailure || e instanceof ChainFailure ? e.check : 'harness',
      message: e instanceof Error ? e.message : String(e),
      stderrTail: (e instanceof ChainFailure ? e.run : undefined)?.stderrTail ?? last?.stderrTail ?? []
    }
    sum.failures.push(f)
    w.log(`round ${c.round} ${sc.name}/${st.name}: FAILED ${f.check}: ${f.message}; chain ${steps.join(' → ')}`)
    return false
  }
}
