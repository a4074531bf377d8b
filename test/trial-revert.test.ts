/**
 * Trial boot, watchdog and revert, end to end: real `aedes-ota device` processes against the real
 * broker over TLS on 127.0.0.1, the events read where an operator reads them (`ota/audit/+`) and
 * in the broker's audit log.
 *
 * - a bad release (its health check fails) is reverted at once, the reason on the audit topic,
 *   the counter unchanged, and the release never fetched again;
 * - a health check that never answers is reverted when its deadline passes (the watchdog), and
 *   its command is killed;
 * - a new image killed (SIGKILL) during each of its trial boots is reverted by the bootloader
 *   once the trial boots run out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Lwm2mResult, State, toHex } from '../proto/index.js'
import type { Release } from '../sign/index.js'
import { loadState } from '../client/state.js'
import { auditLines, makeEnv, until, type TestEnv } from './helpers/env.js'
import { runCli, spawnDevice } from './helpers/cli.js'
import { alive, ended, hangingCheck, hookPids, killHooks } from './helpers/device-run.js'
import { undocumented, watchAudit, type AuditWatch } from './helpers/device-states.js'

let env: TestEnv
let watch: AuditWatch
let factoryPath = ''
let v2: Release
const pidFiles: string[] = []

const UPDATE_TO_TRIAL = ['IDLE', 'OFFERED', 'DOWNLOADING', 'DOWNLOADED', 'VERIFIED', 'INSTALLING', 'REBOOTING', 'TRIAL']

beforeAll(async () => {
  env = await makeEnv({ model: 'gw', devices: 3 })
  watch = await watchAudit(env)
  const factory = env.release(new Uint8Array(randomBytes(48 * 1024)), '1.0.0', 1, 1)
  factoryPath = join(env.dir, 'factory.bundle')
  await writeFile(factoryPath, factory.bundle)
  v2 = env.release(new Uint8Array(randomBytes(64 * 1024 + 99)), '2.0.0', 2, 2)
  await env.broker.plugin.publishRelease(v2.bundle, 'test')
})
afterAll(async () => {
  for (const f of pidFiles) await killHooks(f)
  await env?.close()
})

function device (id: string, ...extra: string[]): ReturnType<typeof spawnDevice> {
  return spawnDevice({ pki: env.pki.dir, keys: env.keysDir, broker: env.broker.url, id, stateDir: join(env.dir, id), factory: factoryPath, extra })
}

/** The states `id` published from event number `from` on, once `last` is among them. */
async function statesFrom (id: string, from: number, last: string): Promise<string[]> {
  await until(() => watch.states(id).slice(from).includes(last), 20_000, `${id} ${last}`)
  return watch.states(id).slice(from)
}

/** Runs `id` once more and checks that it stays on 1.0.0: the release it gave up on is not fetched again. */
async function staysUpToDate (id: string): Promise<void> {
  const from = watch.of(id).length
  const r = await ended(device(id))
  expect(r.code, r.stderr).toBe(0)
  expect(r.outcome).toMatchObject({ result: 'up-to-date', reason: 'refused', version: '1.0.0', announced: '2.0.0' })
  expect(await statesFrom(id, from, 'IDLE')).toEqual(['IDLE'])
}

/** The REVERTED event of `id` and its line in the broker's audit log. */
async function reverted (id: string): Promise<{ event: ReturnType<AuditWatch['of']>[number], line: Record<string, unknown> }> {
  const event = watch.of(id).find((e) => e.state === State.REVERTED)!
  let line: Record<string, unknown> | undefined
  await until(async () => {
    line = (await auditLines(env.broker.plugin.auditLog)).find((l) => l.event === 'device.status' && l.deviceId === id && l.state === 'REVERTED')
    return line !== undefined
  }, 10_000, `${id} REVERTED in the audit log`)
  return { event, line: line! }
}

describe('trial boot, watchdog and revert (device processes)', () => {
  it('a bad release: its health check fails, the device reverts at once and reports why; the counter stays, the release is not fetched again', async () => {
    const id = 'dev-0001'
    // The release is bad: the check fails on 2.0.0 only.
    const r = await ended(device(id, '--health-check', 'test "$OTA_VERSION" != 2.0.0'))
    expect(r.code, r.stderr).toBe(1)
    expect(r.outcome).toMatchObject({ result: 'reverted', code: 'OTA_HEALTH_CHECK' })
    const states = await statesFrom(id, 0, 'REVERTED')
    expect(states).toEqual([...UPDATE_TO_TRIAL, 'REVERTED'])
    const { event, line } = await reverted(id)
    expect(event).toMatchObject({
      errorCode: 'OTA_HEALTH_CHECK', result: Lwm2mResult.UPDATE_FAILED, currentVersion: '1.0.0', previousVersion: '2.0.0', targetVersion: '2.0.0', slot: 'a', securityVersion: 1
    })
    expect(event.detail).toBe('health check failed: image 2.0.0 in slot b: the health check command exited with code 1')
    expect(toHex(event.artifact)).toBe(toHex(v2.manifest.image.sha256))
    expect(line).toMatchObject({ errorCode: 'OTA_HEALTH_CHECK', detail: event.detail, outcome: 'failure' })
    const s = await loadState(join(env.dir, id))
    expect(s).toMatchObject({ active: 'a', pending: null, securityCounter: 1, refused: toHex(v2.manifest.image.sha256) })
    expect(s.slots.b).toBeNull()
    await staysUpToDate(id)
    expect(undocumented([states, ['IDLE']])).toEqual([])
  }, 120_000)

  it('a health check that never answers: the image is reverted when the deadline (--health-check-timeout) passes, and the command is killed', async () => {
    const id = 'dev-0002'
    const pids = join(env.dir, `${id}.pids`)
    pidFiles.push(pids)
    const r = await ended(device(id, '--health-check', hangingCheck(pids), '--health-check-timeout', '1500ms'))
    expect(r.code, r.stderr).toBe(1)
    expect(r.outcome).toMatchObject({ result: 'reverted', code: 'OTA_HEALTH_CHECK' })
    const states = await statesFrom(id, 0, 'REVERTED')
    expect(states).toEqual([...UPDATE_TO_TRIAL, 'REVERTED'])
    const { event, line } = await reverted(id)
    expect(event.detail).toBe('health check deadline passed: image 2.0.0 in slot b gave no answer within 1500 ms')
    expect(event).toMatchObject({ errorCode: 'OTA_HEALTH_CHECK', result: Lwm2mResult.UPDATE_FAILED, currentVersion: '1.0.0', securityVersion: 1 })
    expect(line).toMatchObject({ errorCode: 'OTA_HEALTH_CHECK', detail: event.detail })
    // The hung check did not outlive its deadline.
    const [pid] = await hookPids(pids)
    expect(pid).toBeGreaterThan(0)
    await until(() => !alive(pid!), 5000, 'the health check command killed')
    await staysUpToDate(id)
    expect(undocumented([states])).toEqual([])
  }, 120_000)

  it('a new image killed during each trial boot: once its trial boots (--trial-boots 2) run out the bootloader falls back, REVERTED says so, the release is refused', async () => {
    const id = 'dev-0003'
    const pids = join(env.dir, `${id}.pids`)
    pidFiles.push(pids)
    const args = ['--health-check', hangingCheck(pids), '--health-check-timeout', '10m', '--trial-boots', '2']
    const runs: string[][] = []
    for (let boot = 1; boot <= 2; boot++) {
      const from = watch.of(id).length
      const child = device(id, ...args)
      const exit = ended(child)
      // Killed while the new image runs its health check, as a crash or a power cut would stop it.
      await until(async () => watch.states(id).slice(from).includes('TRIAL') && (await hookPids(pids)).length === boot, 60_000, `trial boot ${boot}`)
      child.kill('SIGKILL')
      expect((await exit).signal).toBe('SIGKILL')
      await killHooks(pids)
      runs.push(watch.states(id).slice(from))
      const trial = watch.of(id).slice(from).find((e) => e.state === State.TRIAL)!
      expect(trial).toMatchObject({ currentVersion: '2.0.0', previousVersion: '1.0.0', slot: 'b' })
      expect(trial.detail).toBe(boot === 1 ? 'trial boot; 1 more before the bootloader reverts the image unconfirmed' : 'last trial boot: the bootloader reverts the image if it is not confirmed now')
      // Killed mid-trial, the device still holds its confirmed image: the bootloader can always fall back.
      const s = await loadState(join(env.dir, id))
      expect(s).toMatchObject({ active: 'a', securityCounter: 1, pending: { slot: 'b', trialsLeft: 2 - boot } })
      expect(s.slots.a).toMatchObject({ version: '1.0.0', confirmed: true })
    }
    expect(runs[0]).toEqual(UPDATE_TO_TRIAL)
    expect(runs[1]).toEqual(['TRIAL'])

    const from = watch.of(id).length
    const r = await ended(device(id, ...args))
    expect(r.code, r.stderr).toBe(1)
    expect(r.outcome).toMatchObject({ result: 'reverted', code: 'OTA_TRIAL_EXHAUSTED' })
    runs.push(await statesFrom(id, from, 'IDLE'))
    expect(runs[2]).toEqual(['REVERTED', 'IDLE'])
    expect(await hookPids(pids)).toHaveLength(2)
    const { event, line } = await reverted(id)
    expect(event.detail).toBe('trial boots ran out: image 2.0.0 in slot b was not confirmed within its trial boots')
    expect(event).toMatchObject({ errorCode: 'OTA_TRIAL_EXHAUSTED', result: Lwm2mResult.UPDATE_FAILED, currentVersion: '1.0.0', targetVersion: '2.0.0', previousVersion: '2.0.0', slot: 'a', securityVersion: 1 })
    expect(toHex(event.artifact)).toBe(toHex(v2.manifest.image.sha256))
    expect(line).toMatchObject({ errorCode: 'OTA_TRIAL_EXHAUSTED', detail: event.detail })
    expect(await loadState(join(env.dir, id))).toMatchObject({ active: 'a', pending: null, securityCounter: 1, refused: toHex(v2.manifest.image.sha256), slots: { b: null } })
    await staysUpToDate(id)
    expect(undocumented(runs)).toEqual([])
  }, 180_000)

  it('refuses a health-check deadline or trial boot count out of range at the command line', async () => {
    const base = ['device', '--pki', env.pki.dir, '--id', 'dev-0001', '--trust', env.keysDir, '--state', join(env.dir, 'unused'), '--broker', env.broker.url]
    const cases: Array<[string[], RegExp]> = [
      [['--health-check-timeout', '0s'], /--health-check-timeout must be from 1ms to 1d, got "0s"/],
      [['--health-check-timeout', '2d'], /--health-check-timeout must be from 1ms to 1d/],
      [['--health-check-timeout', 'soon'], /--health-check-timeout must be a number with a unit/],
      [['--trial-boots', '0'], /'--trial-boots <n>' argument '0' is invalid\. expected an integer from 1 to 255/]
    ]
    for (const [flags, msg] of cases) {
      const r = await runCli(...base, ...flags)
      expect(r.code, flags.join(' ')).toBe(2)
      expect(r.stderr, flags.join(' ')).toMatch(msg)
    }
  }, 60_000)
})
