/**
 * The operator's rollout calls (aedes-ota/operator) against a real broker over mutual TLS:
 * plan is a dry run that changes nothing; start stages the release and offers it to the first
 * wave only (retained, per device), the model's manifest stays as it was; status lists one or
 * all; a wave advances when its devices report CONFIRMED; pause, resume and abort answer with
 * the rollout after the change, abort withdraws the offers (empty retained payloads); the
 * broker's refusals come back as OtaErrors with their codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type mqtt from 'mqtt'
import { State, encodeStatusEvent, fromHex, isOtaError, type OtaError, type StatusEvent } from '../proto/index.js'
import { abortRollout, pauseRollout, planRollout, resumeRollout, rolloutStatus, startRollout, type OperatorConnection } from '../operator/index.js'
import { FIXTURES, makeEnv, until, type TestEnv } from './helpers/env.js'

const IDS = ['dev-0001', 'dev-0002', 'dev-0003', 'dev-0004']
let env: TestEnv
let conn: OperatorConnection
const clients = new Map<string, mqtt.MqttClient>()
/** the last payload each device saw on its offer topic (absent: none yet) */
const offers = new Map<string, Buffer>()
let bundle: Uint8Array
let artifact: Uint8Array

function event (deviceId: string, over: Partial<StatusEvent>): Buffer {
  return Buffer.from(encodeStatusEvent({ deviceId, state: State.IDLE, result: 0, currentVersion: '1.0.0', targetVersion: '', time: Date.now(), detail: '', errorCode: '', artifact: new Uint8Array(0), bytesReceived: 0, bytesTotal: 0, securityVersion: 1, model: 'ath9k', receivedAt: 0, slot: 'a', previousVersion: '', ...over }))
}

async function refused (p: Promise<unknown>): Promise<string> {
  return await p.then(() => 'no error', (e: unknown) => isOtaError(e) ? (e as OtaError).code : String(e))
}

beforeAll(async () => {
  env = await makeEnv({ model: 'ath9k', devices: IDS.length })
  const o = env.pki.operators[0]!
  conn = { url: env.broker.url, ca: env.ca, cert: await readFile(o.cert), key: await readFile(o.key), operatorId: o.id, servername: 'localhost', timeoutMs: 15_000 }
  const image = await readFile(join(FIXTURES, 'firmware', 'ath9k', 'new.bin'))
  const release = env.release(image, '2.0.0', 2, 2)
  bundle = release.bundle
  artifact = release.manifest.image.sha256
  for (const id of IDS) {
    const c = await env.connect(id)
    c.on('message', (topic, payload) => { if (topic === env.broker.plugin.topics.offer(id)) offers.set(id, payload) })
    await c.subscribeAsync(env.broker.plugin.topics.offer(id), { qos: 1 })
    await c.publishAsync(env.broker.plugin.topics.audit(id), event(id, {}), { qos: 1 })
    clients.set(id, c)
  }
  await until(() => IDS.every((id) => env.broker.plugin.inventory.list().some((d) => d.deviceId === id && d.currentVersion === '1.0.0')), 10_000, 'the devices in the inventory')
})
afterAll(async () => { await env?.close() })

describe('operator rollouts', () => {
  let id = ''
  let first: string[] = []

  it('plan: every device of the model in its wave, an unknown named device excluded; nothing changes', async () => {
    const p = await planRollout({ ...conn, release: bundle, spec: { waves: [0.5, 1] } })
    expect(p).toMatchObject({ model: 'ath9k', version: '2.0.0', securityVersion: 2 })
    expect(p.waves.map((w) => w.devices.length)).toEqual([2, 2])
    expect(p.waves.flatMap((w) => w.devices.map((d) => d.deviceId)).sort()).toEqual(IDS)
    expect(p.waves[0]!.devices.every((d) => d.online && d.currentVersion === '1.0.0')).toBe(true)
    const named = await planRollout({ ...conn, release: bundle, spec: { waves: [1], devices: ['dev-0001', 'ghost-1'] } })
    expect(named.waves[0]!.devices.map((d) => d.deviceId)).toEqual(['dev-0001'])
    expect(named.excluded.map((e) => e.deviceId)).toEqual(['ghost-1'])
    expect(await rolloutStatus(conn)).toEqual([])
    expect(offers.size).toBe(0)
  })

  it('start: stages the release and offers it to the first wave only; the model manifest is untouched', async () => {
    const r = await startRollout({ ...conn, bundle, spec: { waves: [0.5, 1], success: 1, maxFailures: 0.5, minDevices: 2, waveTimeoutMs: 600_000, confirmTimeoutMs: 600_000 } })
    id = r.id
    expect(r).toMatchObject({ model: 'ath9k', version: '2.0.0', phase: 'running', wave: 0, startedBy: conn.operatorId })
    expect(r.spec).toMatchObject({ waves: [0.5, 1], success: 1, maxFailures: 0.5, minDevices: 2, waveTimeoutMs: 600_000, confirmTimeoutMs: 600_000 })
    expect(fromHex(r.artifact)).toEqual(artifact)
    first = r.devices.filter((d) => d.wave === 0).map((d) => d.deviceId)
    expect(first).toHaveLength(2)
    await until(() => first.every((d) => (offers.get(d)?.length ?? 0) > 0), 10_000, 'offers to the first wave')
    expect(IDS.filter((d) => !first.includes(d)).every((d) => !offers.has(d))).toBe(true)
    expect(env.broker.plugin.store.releases().filter((x) => x.manifest.model === 'ath9k')).toEqual([])
  })

  it('status: all rollouts, or one by id; an unknown id is OTA_ROLLOUT', async () => {
    const all = await rolloutStatus(conn)
    expect(all.map((r) => r.id)).toEqual([id])
    const [one] = await rolloutStatus({ ...conn, id })
    expect(one!.waves.map((w) => w.devices)).toEqual([2, 2])
    expect(await refused(rolloutStatus({ ...conn, id: 'no-such-rollout' }))).toBe('OTA_ROLLOUT')
  })

  it('a second rollout for the model, or a bad spec, is refused with OTA_ROLLOUT; a tampered bundle with OTA_BUNDLE', async () => {
    expect(await refused(startRollout({ ...conn, bundle, spec: { waves: [1] } }))).toBe('OTA_ROLLOUT')
    expect(await refused(startRollout({ ...conn, bundle, spec: { waves: [1, 0.5] } }))).toBe('OTA_ROLLOUT')
    expect(await refused(planRollout({ ...conn, release: bundle, spec: { waves: [0.5, 1], success: 2 } }))).toBe('OTA_ROLLOUT')
    const tampered = Uint8Array.from(bundle)
    tampered[tampered.length - 1]! ^= 1
    expect(await refused(startRollout({ ...conn, bundle: tampered, spec: { waves: [1] } }))).toBe('OTA_BUNDLE')
  })

  it('the wave advances when its devices confirm; the next wave is offered', async () => {
    for (const d of first) {
      await clients.get(d)!.publishAsync(env.broker.plugin.topics.audit(d), event(d, { state: State.CONFIRMED, currentVersion: '2.0.0', previousVersion: '1.0.0', securityVersion: 2, artifact, targetVersion: '2.0.0' }), { qos: 1 })
    }
    await until(async () => (await rolloutStatus({ ...conn, id }))[0]!.wave === 1, 10_000, 'wave 2')
    const rest = IDS.filter((d) => !first.includes(d))
    await until(() => rest.every((d) => (offers.get(d)?.length ?? 0) > 0), 10_000, 'offers to the second wave')
    const [r] = await rolloutStatus({ ...conn, id })
    expect(r!.devices.filter((d) => d.state === 'succeeded').map((d) => d.deviceId).sort()).toEqual([...first].sort())
  })

  it('pause, resume and abort answer with the rollout after the change; abort withdraws the open offers', async () => {
    expect((await pauseRollout({ ...conn, id })).phase).toBe('paused')
    expect(await refused(pauseRollout({ ...conn, id }))).toBe('OTA_ROLLOUT')
    expect((await resumeRollout({ ...conn, id })).phase).toBe('running')
    expect(await refused(resumeRollout({ ...conn, id }))).toBe('OTA_ROLLOUT')
    const aborted = await abortRollout({ ...conn, id })
    expect(aborted.phase).toBe('aborted')
    const rest = IDS.filter((d) => !first.includes(d))
    await until(() => rest.every((d) => offers.get(d)?.length === 0), 10_000, 'withdrawn offers')
    expect(aborted.devices.filter((d) => rest.includes(d.deviceId)).every((d) => d.state === 'withdrawn')).toBe(true)
    expect(await refused(abortRollout({ ...conn, id }))).toBe('OTA_ROLLOUT')
    expect(await refused(pauseRollout({ ...conn, id: 'no-such-rollout' }))).toBe('OTA_ROLLOUT')
  })
})
