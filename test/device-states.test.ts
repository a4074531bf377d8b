/**
 * docs/PROTOCOL.md "Device states" is the device's state machine: its diagram names exactly the
 * states of ota.proto's `State`, its LwM2M table says what `lwm2mState()` says, its revert
 * reasons are client/boot/revert-reason.ts's; and real device processes (an update confirmed, a
 * bad release reverted) publish on `ota/audit/<id>` exactly the documented transitions, each
 * event with its LwM2M Update Result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ErrorCodes, Lwm2mResult, State, lwm2mState, stateName, type StateName } from '../proto/index.js'
import { RevertReasons } from '../client/boot/revert-reason.js'
import { makeEnv, until, type TestEnv } from './helpers/env.js'
import { spawnDevice } from './helpers/cli.js'
import { ended } from './helpers/device-run.js'
import { START, deviceStatesSection, documentedMachine, undocumented, watchAudit, type AuditWatch } from './helpers/device-states.js'

/** The rows `| \`X\` | … |` of the table under `### heading` in the "Device states" section, as cells. */
function rows (heading: string): string[][] {
  const section = deviceStatesSection()
  const start = section.indexOf(`\n### ${heading}\n`)
  expect(start, `"Device states" has a "### ${heading}" subsection`).toBeGreaterThanOrEqual(0)
  const end = section.indexOf('\n### ', start + 1)
  return section.slice(start, end < 0 ? undefined : end).split('\n')
    .filter((l) => /^\| .+\|\s*$/.test(l) && !/^\|[-| ]+\|$/.test(l))
    .slice(1)
    .map((l) => l.slice(1, l.lastIndexOf('|')).split(' | ').map((c) => c.trim()))
}

describe('docs/PROTOCOL.md "Device states" against the code', () => {
  it('the diagram names every State and nothing else, and every state is reachable from a start', () => {
    const { edges, states } = documentedMachine()
    expect([...states].sort()).toEqual(Object.keys(State).sort())
    const reached = new Set([START])
    for (let grew = true; grew;) {
      grew = false
      for (const e of edges) {
        const [from, to] = e.split('>') as [string, string]
        if (reached.has(from) && !reached.has(to)) { reached.add(to); grew = true }
      }
    }
    expect([...reached].filter((s) => s !== START).sort()).toEqual(Object.keys(State).sort())
  })

  it('the LwM2M table gives each state the Object 5 State lwm2mState() gives it', () => {
    const table = rows('States and LwM2M Object 5')
    expect(table.map((r) => r[0]!.replaceAll('`', '')).sort()).toEqual(Object.keys(State).sort())
    for (const [name, , lwm2m] of table) {
      const state = name!.replaceAll('`', '') as StateName
      expect(Number(/^(\d) /.exec(lwm2m!)?.[1]), state).toBe(lwm2mState(state))
    }
  })

  it('the revert reasons table is client/boot/revert-reason.ts, with each code\'s LwM2M result', () => {
    const table = rows('Revert reasons').map(([, code, lwm2m, phrase]) => ({ code: code!.replaceAll('`', ''), lwm2m: Number(lwm2m), phrase: phrase!.replace(/^`(.*):`$/, '$1') }))
    expect(table.map((r) => `${r.code} ${r.phrase}`).sort()).toEqual(Object.values(RevertReasons).map((r) => `${r.code} ${r.phrase}`).sort())
    for (const r of table) expect(r.lwm2m, r.phrase).toBe(ErrorCodes[r.code as keyof typeof ErrorCodes].lwm2m)
  })

  it('proto/ota.proto\'s State enum is the codec\'s', () => {
    const proto = readFileSync(join(import.meta.dirname, '..', 'proto', 'ota.proto'), 'utf8')
    const body = /enum State \{([\s\S]*?)\}/.exec(proto)![1]!
    const enumStates = [...body.matchAll(/STATE_([A-Z]+) = (\d+);/g)].filter((m) => m[1] !== 'UNSPECIFIED').map((m) => [m[1], Number(m[2])])
    expect(Object.fromEntries(enumStates)).toEqual(State)
  })
})

describe('device processes publish the documented transitions on ota/audit/<id>', () => {
  let env: TestEnv
  let watch: AuditWatch
  let factoryPath = ''

  beforeAll(async () => {
    env = await makeEnv({ model: 'gw', devices: 2 })
    watch = await watchAudit(env)
    factoryPath = join(env.dir, 'factory.bundle')
    await writeFile(factoryPath, env.release(new Uint8Array(randomBytes(40 * 1024)), '1.0.0', 1, 1).bundle)
    await env.broker.plugin.publishRelease(env.release(new Uint8Array(randomBytes(72 * 1024)), '2.0.0', 2, 2).bundle, 'test')
  })
  afterAll(async () => { await env?.close() })

  const run = async (id: string, ...extra: string[]): Promise<Awaited<ReturnType<typeof ended>>> =>
    await ended(spawnDevice({ pki: env.pki.dir, keys: env.keysDir, broker: env.broker.url, id, stateDir: join(env.dir, id), factory: factoryPath, extra }))

  /** Checks each event's LwM2M Update Result: 0 under way, 1 confirmed, the error code's on a failure. */
  const results = (id: string): void => {
    for (const e of watch.of(id)) {
      const want = e.errorCode !== '' ? ErrorCodes[e.errorCode as keyof typeof ErrorCodes].lwm2m : e.state === State.CONFIRMED ? Lwm2mResult.SUCCESS : Lwm2mResult.INITIAL
      expect(e.result, `${stateName(e.state)} ${e.errorCode}`).toBe(want)
    }
  }

  it('an update confirmed: IDLE, OFFERED, DOWNLOADING, DOWNLOADED, VERIFIED, INSTALLING, REBOOTING, TRIAL, CONFIRMED; then IDLE at the next start', async () => {
    const id = 'dev-0001'
    const r = await run(id)
    expect(r.code, r.stderr).toBe(0)
    await until(() => watch.states(id).includes('CONFIRMED'), 10_000, 'CONFIRMED')
    const first = watch.states(id)
    expect(first).toEqual(['IDLE', 'OFFERED', 'DOWNLOADING', 'DOWNLOADED', 'VERIFIED', 'INSTALLING', 'REBOOTING', 'TRIAL', 'CONFIRMED'])
    expect(watch.of(id).map((e) => lwm2mState(stateName(e.state) as StateName))).toEqual([0, 0, 1, 2, 2, 3, 3, 3, 0])
    expect((await run(id)).outcome).toMatchObject({ result: 'up-to-date', reason: 'current' })
    await until(() => watch.states(id).length > first.length, 10_000, 'IDLE of the second start')
    expect(watch.states(id).slice(first.length)).toEqual(['IDLE'])
    results(id)
    expect(undocumented([first, ['IDLE']])).toEqual([])
  }, 90_000)

  it('a bad release reverted: … TRIAL, REVERTED (OTA_HEALTH_CHECK, result 8); then IDLE at the next start, the release refused', async () => {
    const id = 'dev-0002'
    const r = await run(id, '--health-check', 'exit 1')
    expect(r.code, r.stderr).toBe(1)
    await until(() => watch.states(id).includes('REVERTED'), 10_000, 'REVERTED')
    const first = watch.states(id)
    expect(first).toEqual(['IDLE', 'OFFERED', 'DOWNLOADING', 'DOWNLOADED', 'VERIFIED', 'INSTALLING', 'REBOOTING', 'TRIAL', 'REVERTED'])
    expect(watch.of(id).at(-1)).toMatchObject({ errorCode: 'OTA_HEALTH_CHECK', result: Lwm2mResult.UPDATE_FAILED })
    expect((await run(id)).outcome).toMatchObject({ result: 'up-to-date', reason: 'refused' })
    await until(() => watch.states(id).length > first.length, 10_000, 'IDLE of the second start')
    expect(watch.states(id).slice(first.length)).toEqual(['IDLE'])
    results(id)
    expect(undocumented([first, ['IDLE']])).toEqual([])
  }, 90_000)

  it('the checker refuses a transition the diagram does not have', () => {
    expect(undocumented([['IDLE', 'CONFIRMED'], ['DOWNLOADING']])).toEqual(['IDLE -> CONFIRMED', '[*] -> DOWNLOADING'])
  })
})
