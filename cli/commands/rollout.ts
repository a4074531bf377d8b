/**
 * `aedes-ota rollout start|plan|status|pause|resume|abort`: staged rollouts the broker runs
 * and enforces, driven over the operator connection (operator certificate, as `publish`).
 */
import { Option, type Command } from 'commander'
import { OtaError, isOtaError } from '../../proto/index.js'
import { resolveRolloutSpec, type RolloutStatus } from '../../broker/index.js'
import { abortRollout, pauseRollout, planRollout, resumeRollout, rolloutStatus, startRollout, type OperatorConnection } from '../../operator/index.js'
import { operatorConnection, readOrFail, withOperatorOptions, type OperatorArgs } from '../credentials.js'
import { intArg } from '../output.js'
import { durationArg } from '../options.js'
import { parseDeviceList, parseShare, parseWaves, specOf, type SpecArgs } from './rollout-args.js'
import { planText, rolloutDetailText, rolloutListText } from './rollout-output.js'

/** Phases after which a rollout never changes again. */
const FINAL = new Set(['completed', 'aborted'])

/** The wave and threshold options `start` and `plan` share. */
function withSpecOptions (cmd: Command): Command {
  return cmd
    .requiredOption('--waves <shares>', 'cumulative share of the targets per wave, e.g. 1%,10%,50%,100%', parseWaves)
    .option('--success <share>', 'share of a wave that must confirm before the next wave starts (broker default: 100%)', parseShare)
    .option('--max-failures <share>', 'failed share of the finished devices above which the rollout pauses itself', parseShare)
    .option('--min-devices <n>', 'finished devices before --max-failures is judged', intArg(1, 1_000_000))
    .option('--wave-timeout <duration>', 'how long a wave may run before it is judged on what it has (ms, s, m, h)', durationArg('--wave-timeout'))
    .option('--confirm-timeout <duration>', 'brick detection: how long an installing device may take to come back confirmed (ms, s, m, h)', durationArg('--confirm-timeout'))
    .addOption(new Option('--devices <ids>', 'explicit targets, comma-separated device ids').argParser(parseDeviceList).conflicts('group'))
    .option('--group <name>', 'a device group of the broker (its --groups file)')
}

/**
 * The spec of the options, judged by the broker's own rules before anything is sent.
 * @throws OtaError `OTA_INVALID_ARGUMENT` with the rule the spec breaks
 */
function checkedSpec (o: SpecArgs): ReturnType<typeof specOf> {
  const spec = specOf(o)
  try {
    resolveRolloutSpec(spec)
  } catch (e) {
    if (isOtaError(e)) throw new OtaError('OTA_INVALID_ARGUMENT', e.message)
    throw e
  }
  return spec
}

/** Prints rollouts as JSON or text. */
function print (rows: RolloutStatus[], json: boolean, detail: boolean): void {
  if (json) { process.stdout.write(JSON.stringify({ rollouts: rows }) + '\n'); return }
  process.stdout.write((detail && rows.length === 1 ? rolloutDetailText(rows[0]!) : rolloutListText(rows)) + '\n')
}

/** Polls in a row that may fail to connect before `--watch` gives up. */
const WATCH_RETRIES = 5

/**
 * `status --watch`: prints the rollout(s) on every change until they are all completed or
 * aborted (or SIGINT). A poll that cannot connect is retried at the next interval, up to
 * {@link WATCH_RETRIES} in a row: another command of the same operator (same MQTT client id)
 * takes over the session while it runs.
 * @returns exit status: 0 when every rollout watched completed, 1 when one was aborted
 * @throws OtaError the last connection error after {@link WATCH_RETRIES} failed polls, and any other error at once
 */
async function watch (conn: OperatorConnection, id: string | undefined, json: boolean, intervalMs: number): Promise<number> {
  let last = ''
  let stop = false
  const onSignal = (): void => { stop = true }
  process.once('SIGINT', onSignal)
  let failures = 0
  try {
    for (;;) {
      const rows = await rolloutStatus({ ...conn, ...(id !== undefined ? { id } : {}) }).catch((e: unknown) => {
        const transient = isOtaError(e) && (e.code === 'OTA_CONNECTION' || e.code === 'OTA_ACL_DENIED' || e.code === 'OTA_TIMEOUT')
        if (!transient || ++failures >= WATCH_RETRIES) throw e
        return null
      })
      if (rows === null) { await new Promise((resolve) => setTimeout(resolve, intervalMs)); continue }
      failures = 0
      const key = JSON.stringify(rows.map((r) => [r.id, r.updatedAt, r.phase]))
      if (key !== last) { last = key; if (!json) process.stdout.write(`\n${new Date().toISOString()}\n`); print(rows, json, id !== undefined) }
      if (rows.every((r) => FINAL.has(r.phase))) return rows.some((r) => r.phase === 'aborted') ? 1 : 0
      if (stop) return 0
      await new Promise((resolve) => setTimeout(resolve, intervalMs))
      if (stop) return 0
    }
  } finally {
    process.off('SIGINT', onSignal)
  }
}

/** Adds `rollout` and its sub-commands. */
export function registerRollout (program: Command): void {
  const rollout = program.command('rollout')
    .description('staged rollouts the broker enforces: start, plan (dry run), status, pause, resume, abort (operator certificate)')

  withSpecOptions(withOperatorOptions(rollout.command('start')
    .description('stage a release bundle on the broker and roll it out in waves; the broker pauses the rollout by itself when failures pass --max-failures')
    .argument('<bundle>', 'bundle file (release create)')))
    .option('--force', 'start even with a security version below the current release\'s, a version downgrade or a sequence far above the current one', false)
    .option('--json', 'print one JSON object { rollouts: [...] }', false)
    .action(async (bundlePath: string, o: OperatorArgs & SpecArgs & { force: boolean, json: boolean }) => {
      const spec = checkedSpec(o)
      const [bundle, conn] = await Promise.all([readOrFail(bundlePath), operatorConnection(o)])
      const r = await startRollout({ ...conn, bundle, spec, force: o.force })
      if (!o.json) process.stdout.write(`started rollout ${r.id}\n`)
      print([r], o.json, true)
    })

  withSpecOptions(withOperatorOptions(rollout.command('plan')
    .description('dry run against the broker\'s live inventory: which devices fall in which wave, who is offline, who cannot take the release and why')
    .argument('<bundle>', 'bundle file (only its signed manifest is sent)')))
    .option('--json', 'print the plan as one JSON object', false)
    .action(async (bundlePath: string, o: OperatorArgs & SpecArgs & { json: boolean }) => {
      const spec = checkedSpec(o)
      const [release, conn] = await Promise.all([readOrFail(bundlePath), operatorConnection(o)])
      const plan = await planRollout({ ...conn, release, spec })
      process.stdout.write((o.json ? JSON.stringify(plan) : planText(plan)) + '\n')
    })

  withOperatorOptions(rollout.command('status')
    .description('every rollout, or one rollout\'s waves and devices')
    .argument('[id]', 'rollout id (default: list all)'))
    .option('--json', 'print one JSON object { rollouts: [...] } with the full records', false)
    .option('--watch', 'print again on every change until the rollout(s) completed or were aborted (exit 1 when one was aborted)', false)
    .option('--interval <duration>', 'with --watch, how often to ask the broker (ms, s, m, h)', durationArg('--interval'), 2000)
    .action(async (id: string | undefined, o: OperatorArgs & { json: boolean, watch: boolean, interval: number }) => {
      const conn = await operatorConnection(o)
      if (o.watch) { process.exitCode = await watch(conn, id, o.json, Math.max(100, o.interval)); return }
      print(await rolloutStatus({ ...conn, ...(id !== undefined ? { id } : {}) }), o.json, id !== undefined)
    })

  const actions = [
    ['pause', 'pause a running rollout: no new wave starts; devices already offered keep their offer', pauseRollout],
    ['resume', 'resume a paused rollout; the broker judges the active wave again', resumeRollout],
    ['abort', 'abort a rollout: withdraw every offer not yet confirmed; devices mid-download stop', abortRollout]
  ] as const
  for (const [name, description, fn] of actions) {
    withOperatorOptions(rollout.command(name).description(description).argument('<id>', 'rollout id'))
      .option('--json', 'print one JSON object { rollouts: [...] }', false)
      .action(async (id: string, o: OperatorArgs & { json: boolean }) => {
        const r = await fn({ ...(await operatorConnection(o)), id })
        if (!o.json) process.stdout.write(`rollout ${r.id}: ${r.phase}${r.reason !== '' ? ` (${r.reason})` : ''}\n`)
        else print([r], true, true)
      })
  }
}
