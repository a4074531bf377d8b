/**
 * The survey of a stage: clean device runs with `AEDES_OTA_CRASH_COUNTS` (and the trace),
 * counting the crash points passed from where the stage starts, from a trial pending (a copy of
 * the state folder whose device was killed at {@link TRIAL_ENTRY}, just before its reboot) and,
 * for a stage that must revert, from a trial whose boots ran out (killed at {@link TRIAL_BOOT}
 * until none is left): a chain draws its next kill point from the survey of where its device
 * stands, so that it draws points the run can still reach.
 */
import { cp, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { loadState } from '../client/state.js'
import type { DeviceRun, DeviceRunSpec } from './device-run.js'
import { parseSurvey, parseTimeline, type Survey, type Timeline } from './points.js'
import type { Scenario, Stage } from './scenarios.js'

/** The crash point right before the install's reboot: past it, a restarted device is in its trial. */
export const TRIAL_ENTRY = 'install.reboot'

/** The crash point right after a trial boot is spent (client/boot/simulated.ts). */
export const TRIAL_BOOT = 'boot.counted'

/** Most trial boots the survey spends to run a trial out (the device allows 1 to 255). */
const MAX_TRIAL_BOOTS = 255

/** Where a device may stand when a chain draws its next point. */
export type Origin = 'start' | 'trial' | 'exhausted'

/** A stage's surveys, by where the device stands; `trial` and `exhausted` absent when the stage never reaches them. */
export interface StageSurvey {
  from: { start: Survey } & Partial<Record<Origin, Survey>>
  /** the crash points the clean run from the start passed, in order */
  timeline: Timeline
  /** wall time of the clean run from the start, ms: the range of the kills from outside */
  ms: number
}

/** Whether a run's outcome is the end the stage must reach; `before` is the version the device ran when the stage started. */
export function outcomeFits (stage: Stage, before: string, o: Record<string, unknown>): boolean {
  if (stage.expect === 'confirm') return (o.result === 'confirmed' && o.to === stage.version) || (o.result === 'up-to-date' && o.version === stage.version)
  return o.result === 'reverted' || (o.result === 'up-to-date' && o.version === before && o.reason === 'refused')
}

/** What {@link surveyStage} needs. */
export interface SurveySpec {
  /** a folder for the count files and the copies */
  dir: string
  scenario: Scenario
  stage: Stage
  /** the state folder, where the stage starts; the stage is run to its end in it */
  stateDir: string
  run: (stateDir: string, arm: Pick<DeviceRunSpec, 'crashAt' | 'countsFile' | 'traceFile'>) => Promise<DeviceRun>
}

/**
 * Surveys a stage, leaving `stateDir` at its end.
 * @throws Error when a clean run does not end as the stage must, or an armed run does not die
 *   where armed (the harness cannot torture what does not work)
 */
export async function surveyStage (s: SurveySpec): Promise<StageSurvey> {
  const what = `${s.scenario.name}/${s.stage.name}`
  const file = (label: string, kind: string): string => join(s.dir, `survey-${s.scenario.name}-${s.stage.name}-${label}.${kind}.json`)
  const clean = async (stateDir: string, label: Origin): Promise<{ survey: Survey, timeline: Timeline, ms: number }> => {
    const before = await loadState(stateDir)
    const r = await s.run(stateDir, { countsFile: file(label, 'counts'), traceFile: file(label, 'trace') })
    if (r.outcome === null || !outcomeFits(s.stage, before.slots[before.active]!.version, r.outcome)) {
      throw new Error(`the clean survey run of ${what} from ${label} ended ${JSON.stringify(r.outcome)} (exit ${String(r.exitCode)}):\n${r.stderrTail.join('\n')}`)
    }
    return { survey: parseSurvey(await readFile(file(label, 'counts'), 'utf8')), timeline: parseTimeline(await readFile(file(label, 'trace'), 'utf8')), ms: r.ms }
  }
  const die = async (stateDir: string, point: string): Promise<void> => {
    const r = await s.run(stateDir, { crashAt: `${point}:1` })
    if (r.crash?.name !== point) throw new Error(`the survey run of ${what} armed at ${point}:1 did not die there:\n${r.stderrTail.join('\n')}`)
  }
  const trialDir = `${s.stateDir}-trial`
  const outDir = `${s.stateDir}-exhausted`
  const drop = async (): Promise<void> => { for (const d of [trialDir, outDir]) await rm(d, { recursive: true, force: true }) }
  await drop()
  await cp(s.stateDir, trialDir, { recursive: true })
  try {
    const start = await clean(s.stateDir, 'start')
    const out: StageSurvey = { from: { start: start.survey }, timeline: start.timeline, ms: start.ms }
    if (start.survey[TRIAL_ENTRY] === undefined) return out
    await die(trialDir, TRIAL_ENTRY)
    await cp(trialDir, outDir, { recursive: true })
    out.from.trial = (await clean(trialDir, 'trial')).survey
    if (s.stage.expect !== 'revert' || out.from.trial[TRIAL_BOOT] === undefined) return out
    for (let i = 0; i < MAX_TRIAL_BOOTS && ((await loadState(outDir)).pending?.trialsLeft ?? 0) > 0; i++) await die(outDir, TRIAL_BOOT)
    out.from.exhausted = (await clean(outDir, 'exhausted')).survey
    return out
  } finally {
    await drop()
  }
}
