/**
 * `aedes-ota demo --rollout` (`npm start -- --rollout`): a staged rollout the broker enforces,
 * on the demo's real firmware.
 *
 * N device processes (8 by default) run the factory image and wait; an operator plans and
 * starts a rollout of the release in waves 25 %, 50 %, 100 % (success 100 %, pause above 10 %
 * failures once 3 devices finished). One device of the second wave runs with
 * `--health-check false`: its trial boot fails and it reverts, so the broker pauses the rollout
 * by itself and the third wave is never offered the release. The output follows each wave,
 * shows the pause and its reason, and lists the devices that never got the release. Exits 0
 * only when the rollout went exactly so. With `--broker mosquitto` the same through Mosquitto and
 * `aedes-ota service` (./demo-broker.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { OtaError, stateName, toHex } from '../../proto/index.js'
import type { RolloutStatus } from '../../broker/index.js'
import { rolloutOrder, splitWaves } from '../../broker/rollout/select.js'
import { planRollout, startRollout, type RolloutSpecInput } from '../../operator/index.js'
import { isoTime, statusLine, table } from '../output.js'
import { prepareDemo, type DemoOptions } from './demo.js'
import { startDemoBroker } from './demo-broker.js'
import { planText, shareText } from './rollout-output.js'

const CLI = fileURLToPath(new URL('../main.js', import.meta.url))

/** The demo's rollout: the second wave holds the bad device, whose failure must pause it. */
const SPEC = { waves: [0.25, 0.5, 1], success: 1, maxFailures: 0.1, minDevices: 3, waveTimeoutMs: 120_000, confirmTimeoutMs: 60_000 } as const satisfies RolloutSpecInput
/** How long a settled rollout must stay settled before the demo reports it, ms: see {@link followRollout}. */
const SETTLE_QUIET_MS = 1000

/** What the demo prints per device at the end (and in `--json`). */
interface DemoDevice { id: string, wave: number, rollout: string, reason: string, running: string, healthCheck: 'fails' | 'passes' }

/** One device process, long-running (no `--once`): the rollout decides when it updates. */
function spawnDevice (args: string[]): ChildProcess {
  const child = spawn(process.execPath, [CLI, 'device', ...args, '--log-level', 'silent'], { stdio: ['ignore', 'ignore', 'pipe'] })
  child.stderr?.resume()
  return child
}

/**
 * Resolves once `done` has held for `quietMs` with no rollout event saying otherwise, or with the
 * last state at `timeoutMs`. The quiet time lets status events already queued behind a verdict
 * (a device that started downloading just before the rollout paused) land first.
 */
function followRollout (on: (fn: (s: RolloutStatus) => void) => () => void, done: (s: RolloutStatus) => boolean, timeoutMs: number, quietMs: number): Promise<RolloutStatus | undefined> {
  return new Promise((resolve) => {
    let last: RolloutStatus | undefined
    let quiet: NodeJS.Timeout | undefined
    const finish = (s: RolloutStatus | undefined): void => { clearTimeout(timer); clearTimeout(quiet); off(); resolve(s) }
    const timer = setTimeout(() => { finish(last) }, timeoutMs)
    const off = on((s) => {
      last = s
      clearTimeout(quiet)
      if (done(s)) quiet = setTimeout(() => { finish(s) }, quietMs)
    })
  })
}

/**
 * A wave has finished when every device of it that took part succeeded or failed; in a paused
 * rollout a device still `offered` holds no offer (held back until resume), so it is settled too.
 */
function settled (s: RolloutStatus): boolean {
  if (s.phase === 'completed' || s.phase === 'aborted') return true
  return s.phase === 'paused' && s.devices.every((d) => d.state === 'waiting' || d.state === 'offered' || d.state === 'succeeded' || d.state === 'failed')
}

/**
 * Runs the rollout demo.
 * @returns the exit status: 0 when the rollout paused itself on the bad device's wave, every
 *   other device offered the release confirmed it and the devices of the later wave never got it
 */
export async function runRolloutDemo (o: DemoOptions): Promise<number> {
  const say = (s: string): void => { process.stderr.write(s + '\n') }
  if (o.devices < 4) throw new OtaError('OTA_INVALID_ARGUMENT', 'the rollout demo needs at least 4 devices (--devices)')
  const setup = await prepareDemo(o, say)
  const { pki, dir, fromVersion, toVersion } = setup
  const ids = pki.devices.map((d) => d.id)
  // The broker's own deterministic order tells which device the second wave starts with.
  const planned = splitWaves(rolloutOrder(toHex(setup.release.manifest.image.sha256), ids), SPEC.waves)
  const bad = planned[1]![0]!
  say(`${bad} will fail its health check after installing (--health-check false): it is in wave 2`)

  const broker = await startDemoBroker(o.broker, setup, {})
  const devices: ChildProcess[] = []
  let stopStatus: (() => Promise<void>) | undefined
  try {
    if (broker.kind === 'mosquitto') say(`Mosquitto ${broker.url} (TLS, client certificates, the ACL of aedes-ota acl mosquitto) with aedes-ota service beside it`)
    stopStatus = broker.onStatus((e) => { if (stateName(e.state) !== 'DOWNLOADING') say(statusLine(e)) })
    for (const id of ids) {
      devices.push(spawnDevice(['--pki', pki.dir, '--id', id, '--trust', setup.keysDir, '--state', join(dir, 'devices', id), '--broker', broker.url,
        '--provision', setup.factoryBundle, ...(id === bad ? ['--health-check', 'false'] : [])]))
    }
    const deadline = Date.now() + o.timeoutMs
    for (;;) {
      const inventory = await broker.inventory()
      if (ids.every((id) => inventory.some((d) => d.deviceId === id && d.online && d.currentVersion === fromVersion))) break
      if (Date.now() > deadline) throw new OtaError('OTA_TIMEOUT', `the ${ids.length} devices did not all connect on ${fromVersion} within ${o.timeoutMs} ms`)
      await new Promise((resolve) => setTimeout(resolve, broker.kind === 'aedes' ? 100 : 500))
    }
    say(`all ${ids.length} devices online on ${fromVersion}`)

    const plan = await broker.asOperator(async (c) => await planRollout({ ...c, release: setup.release.bundle, spec: SPEC }))
    say('\n' + planText(plan) + '\n')

    const seen = new Map<number, string>()
    const onRollout = (s: RolloutStatus): void => {
      for (const w of s.waves) {
        const key = `${w.startedAt > 0 ? 'started' : ''}/${w.succeeded}/${w.failed}`
        if (w.startedAt === 0 || seen.get(w.index) === key) continue
        if (!seen.has(w.index)) say(`wave ${w.index + 1} (${shareText(w.share)}) started at ${isoTime(w.startedAt)}: offered to ${s.devices.filter((d) => d.wave === w.index).map((d) => d.deviceId).join(', ')}`)
        seen.set(w.index, key)
        if (w.succeeded + w.failed > 0) say(`wave ${w.index + 1}: ${w.succeeded} confirmed, ${w.failed} failed of ${w.devices}`)
      }
      if (s.phase !== 'running') say(`rollout ${s.phase}${s.reason !== '' ? `: ${s.reason}` : ''}`)
    }
    const listen = (fn: (s: RolloutStatus) => void): () => void => broker.onRollout(fn)
    const offReport = listen(onRollout)
    const finished = followRollout(listen, settled, Math.max(1000, deadline - Date.now()), SETTLE_QUIET_MS)
    const [op, started] = await broker.asOperator(async (c) => [c.operatorId, await startRollout({ ...c, bundle: setup.release.bundle, spec: SPEC })] as const)
    say(`operator ${op} started rollout ${started.id}`)
    const end = (await finished) ?? await broker.rollout(started.id) ?? started
    offReport()

    await stopStatus()
    const inventory = new Map((await broker.inventory()).map((d) => [d.deviceId, d]))
    const rows: DemoDevice[] = end.devices.map((d) => ({ id: d.deviceId, wave: d.wave + 1, rollout: d.state, reason: d.reason, running: inventory.get(d.deviceId)?.currentVersion ?? '', healthCheck: d.deviceId === bad ? 'fails' : 'passes' }))
    const never = rows.filter((r) => r.rollout === 'waiting')
    const ok = end.phase === 'paused' &&
      rows.find((r) => r.id === bad)?.rollout === 'failed' &&
      rows.every((r) => r.id === bad || r.rollout === 'succeeded' || r.rollout === 'waiting') &&
      rows.filter((r) => r.rollout === 'succeeded').every((r) => r.running === toVersion) &&
      never.length > 0 && never.every((r) => r.running === fromVersion)
    if (o.json) {
      process.stdout.write(JSON.stringify({ broker: broker.kind, rollout: end, devices: rows, neverOffered: never.map((r) => r.id), auditLog: broker.auditLog }) + '\n')
    } else {
      process.stdout.write('\n' + table(['device', 'wave', 'rollout', 'reason', 'running', 'health check'], rows.map((r) => [r.id, r.wave, r.rollout, r.reason, r.running, r.healthCheck])) + '\n')
      process.stdout.write(`\nrollout ${end.id}: ${end.phase}${end.reason !== '' ? ` (${end.reason})` : ''}\n`)
      process.stdout.write(`never offered ${toVersion} (the ${broker.name} held their wave back): ${never.map((r) => r.id).join(', ') || 'none'}\n`)
      process.stdout.write(`audit log: ${await broker.auditFile()} (aedes-ota audit verify --data ${broker.dataDir})\n${ok ? `the ${broker.name} paused the rollout by itself at wave ${end.wave + 1}` : 'the rollout did NOT go as the demo expects'}\n`)
    }
    return ok ? 0 : 1
  } finally {
    await Promise.all(devices.map(async (c) => {
      if (c.exitCode !== null || c.signalCode !== null) return
      const exited = new Promise((resolve) => c.once('exit', resolve))
      c.kill('SIGTERM')
      await exited
    }))
    await stopStatus?.()
    await broker.close()
  }
}
