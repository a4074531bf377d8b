/**
 * The torture harness (issue 10): a real broker, real device processes killed with SIGKILL at
 * seeded crash points (and, for variety, from outside after a seeded random delay), restarted
 * after every kill, the state folder checked after each (checks.ts), until the update completes
 * or reverts as it must.
 *
 * A run: the world (env.ts) and the scenarios (scenarios.ts), one worker per scenario, all at
 * once. A worker surveys every stage of its scenario (clean runs counting the crash points they
 * pass, survey.ts), then runs rounds, each taking its device from a freshly provisioned state
 * folder through the stages, each stage a chain (chain.ts). Rounds go on until `points` kills
 * have happened, all workers together.
 */
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { sha256, toHex, type StatusEvent } from '../proto/index.js'
import { provisionDevice } from '../client/provision.js'
import type { CheckContext, KnownImage } from './checks.js'
import { CLI, runDevice, type DeviceRun, type DeviceRunSpec } from './device-run.js'
import { makeTortureEnv } from './env.js'
import { prng } from './prng.js'
import { SCENARIO_DEVICES, buildScenarios, DefaultShape, type ImageShape, type Scenario, type Stage } from './scenarios.js'
import { emptySummary, type TortureSummary } from './summary.js'
import { surveyStage, type StageSurvey } from './survey.js'
import { runChain, type ChainWorld } from './chain.js'

/** Defaults of {@link TortureOptions}: the one place they live. */
export const TortureDefaults = {
  points: 1000,
  externalRate: 0.1,
  maxKillsPerChain: 20,
  maxFailures: 5,
  /** ms */
  runTimeoutMs: 60_000
} as const

/** Options of {@link runTorture}. */
export interface TortureOptions {
  /** kills to reach (crash points fired plus kills from outside); the run ends at the round that reaches it */
  points: number
  /** seeds the images, the kill points and the delays */
  seed: number
  /** fraction of the kills drawn as kills from outside after a random delay; default {@link TortureDefaults} */
  externalRate?: number
  /** most kills in one chain before a clean run ends it; default {@link TortureDefaults} */
  maxKillsPerChain?: number
  /** failures after which the run stops (the chains under way end first); default {@link TortureDefaults} */
  maxFailures?: number
  /** image sizes; default scenarios.ts `DefaultShape` */
  shape?: ImageShape
  /** a device run's own timeout, ms; default {@link TortureDefaults} */
  runTimeoutMs?: number
  /** progress lines (a line per chain) */
  log?: (line: string) => void
  /** the built command; default device-run.ts `CLI` */
  cli?: string
  /** only these scenarios (scenarios.ts names); default all. Each draws from its own PRNG stream, so one replays alone */
  scenarios?: string[]
}

/** Runs the torture test. Never throws for a failed invariant: see {@link TortureSummary.failures}. */
export async function runTorture (opts: TortureOptions): Promise<TortureSummary> {
  const t0 = Date.now()
  const log = opts.log ?? (() => {})
  const o = { ...TortureDefaults, cli: CLI, shape: DefaultShape, ...opts }
  const sum = emptySummary(o.seed)
  let runMs = 0
  const env = await makeTortureEnv(SCENARIO_DEVICES)
  try {
    const scenarios = buildScenarios(o.seed, env.signer, o.shape)
    const heard = new Map<string, StatusEvent[]>()
    env.broker.plugin.on('status', (e: StatusEvent) => { const l = heard.get(e.deviceId); if (l === undefined) heard.set(e.deviceId, [e]); else l.push(e) })
    const sequence = new Map<string, number>()
    const publish = async (sc: Scenario, st: Stage): Promise<void> => {
      const seq = (sequence.get(sc.device.model) ?? 1) + 1
      sequence.set(sc.device.model, seq)
      // Forced: a bad release republished for the next round sorts below the good one after it.
      await env.broker.plugin.publishRelease(st.release(seq).bundle, 'torture', { force: true })
    }
    for (const sc of scenarios) for (const st of sc.stages) if (!st.republish) await publish(sc, st)
    const run = async (sc: Scenario, stateDir: string, arm: Pick<DeviceRunSpec, 'crashAt' | 'countsFile' | 'traceFile' | 'killAfterMs'>): Promise<DeviceRun> => {
      const r = await runDevice(o.cli, { pkiDir: env.pki.dir, keysDir: env.keysDir, broker: env.broker.url, id: sc.device.id, stateDir, timeoutMs: o.runTimeoutMs, ...arm })
      sum.runs++
      runMs += r.ms
      return r
    }
    const fresh = async (sc: Scenario, name: string): Promise<string> => {
      const stateDir = join(env.dir, 'devices', `${sc.name}-${name}`)
      await rm(stateDir, { recursive: true, force: true })
      await provisionDevice({ stateDir, bundle: sc.factory.bundle, trust: env.trust })
      return stateDir
    }
    const contextOf = (sc: Scenario): CheckContext => {
      const images = new Map<string, KnownImage>([[toHex(sc.factory.manifest.image.sha256), { version: sc.factory.manifest.version, bad: false }]])
      for (const st of sc.stages) images.set(toHex(sha256(st.image)), { version: st.version, bad: st.expect === 'revert' })
      return { trust: env.trust, model: sc.device.model, images, scratchDir: join(env.dir, 'scratch', sc.name) }
    }

    // Each scenario is a worker of its own (its own device, model and PRNG stream), all at once:
    // a device run waits on the network and on fsync about half its time.
    let broken = false
    const worker = async (sc: Scenario, index: number): Promise<void> => {
      const rand = prng((o.seed + Math.imul(0x9e3779b9, index + 1)) >>> 0)
      const surveys = new Map<string, StageSurvey>()
      const surveyDir = await fresh(sc, 'survey')
      for (const st of sc.stages) {
        if (st.republish) await publish(sc, st)
        const sv = await surveyStage({ dir: env.dir, scenario: sc, stage: st, stateDir: surveyDir, run: async (d, arm) => await run(sc, d, arm) })
        surveys.set(st.name, sv)
        for (const [from, survey] of Object.entries(sv.from)) {
          sum.survey[`${sc.name}/${st.name} from ${from}`] = { ...survey }
          log(`survey ${sc.name}/${st.name} from ${from}: ${Object.keys(survey).length} crash points, ${Object.values(survey).reduce((a, b) => a + b, 0)} passes`)
        }
      }
      const world: ChainWorld = { seed: o.seed, rand, externalRate: o.externalRate, maxKills: o.maxKillsPerChain, summary: sum, log, run: async (sc, d, arm) => await run(sc, d, arm), heard: (id) => heard.get(id) ?? [] }
      const ctx = contextOf(sc)
      await mkdir(ctx.scratchDir, { recursive: true })
      for (let round = 1; sum.fired < o.points && sum.failures.length < o.maxFailures && !broken; round++) {
        const stateDir = await fresh(sc, 'chain')
        for (const st of sc.stages) {
          if (st.republish) await publish(sc, st)
          // A failed stage leaves the folder in no state the next stage could start from.
          if (!await runChain(world, { scenario: sc, stage: st, stateDir, round, ctx, survey: surveys.get(st.name)! })) break
        }
      }
    }
    const chosen = o.scenarios === undefined ? scenarios : scenarios.filter((sc) => o.scenarios!.includes(sc.name))
    if (chosen.length === 0) throw new Error(`no scenario named ${o.scenarios!.join(', ')}; there are ${scenarios.map((sc) => sc.name).join(', ')}`)
    // A worker that throws (a survey that does not work) stops the others at their next chain.
    const ended = await Promise.allSettled(chosen.map(async (sc) => await worker(sc, scenarios.indexOf(sc)).catch((e: unknown) => { broken = true; throw e })))
    for (const e of ended) if (e.status === 'rejected') throw e.reason
  } finally {
    await env.close()
    sum.seconds = (Date.now() - t0) / 1000
    sum.meanRunMs = sum.runs > 0 ? runMs / sum.runs : 0
  }
  return sum
}
