/**
 * Rollouts over the real plugin (Aedes over TLS 1.3 on 127.0.0.1, real certificates, real
 * files), with devices played by plain MQTT clients so each status event and chunk request is
 * exactly the test's: offers per device, chunk gating outside the wave, waves advancing on
 * CONFIRMED only, the failure rule, pause/resume/abort and withdrawal, completion making the
 * release current, persistence across a broker restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { access } from 'node:fs/promises'
import { join } from 'node:path'
import type mqtt from 'mqtt'
import {
  State, bytesEqual, chunkRequestFor, decodeDataFrame, encodeChunkRequest, encodeStatusEvent, fromHex, isOtaError, toHex,
  type DataFrame, type StatusEvent
} from '../proto/index.js'
import { startOtaBroker, type OtaBroker, type RolloutStatus } from '../broker/index.js'
import { auditLines, makeEnv, until, type TestEnv } from './helpers/env.js'

const MODEL = 'ath9k'
const IDS = Array.from({ length: 8 }, (_, i) => `dev-${String(i + 1).padStart(4, '0')}`)

interface RawDevice {
  id: string
  client: mqtt.MqttClient
  /** offer payloads received, in order (empty = withdrawn) */
  offers: Buffer[]
  frames: DataFrame[]
  manifests: Buffer[]
  report: (state: number, over?: Partial<StatusEvent>) => Promise<void>
  request: (artifact: string, indexes: number[]) => Promise<void>
}

let env: TestEnv
let seq = 1
const devices = new Map<string, RawDevice>()

function statusEvent (id: string, state: number, over: Partial<StatusEvent>): StatusEvent {
  return {
    deviceId: id, state, result: 0, currentVersion: '1.0.0', targetVersion: '', time: Date.now(), detail: '', errorCode: '', artifact: new Uint8Array(0), bytesReceived: 0, bytesTotal: 0,
    securityVersion: 1, model: MODEL, receivedAt: 0, slot: 'a', previousVersion: '', hardwareRevision: '', support: 0, endOfLifeAt: 0, sbomSha256: new Uint8Array(0), deferredUntil: 0, ...over
  }
}

async function rawDevice (broker: { connect: TestEnv['connect'] }, id: string): Promise<RawDevice> {
  const t = env.broker.plugin.topics
  const client = await broker.connect(id)
  const d: RawDevice = {
    id,
    client,
    offers: [],
    frames: [],
    manifests: [],
    report: async (state, over = {}) => { await client.publishAsync(t.audit(id), Buffer.from(encodeStatusEvent(statusEvent(id, state, over))), { qos: 1 }) },
    request: async (artifact, indexes) => { await client.publishAsync(t.req(id), Buffer.from(encodeChunkRequest(chunkRequestFor(fromHex(artifact), indexes))), { qos: 1 }) }
  }
  client.on('message', (topic, payload) => {
    if (topic === t.offer(id)) d.offers.push(payload)
    else if (topic === t.data(id)) d.frames.push(decodeDataFrame(payload, 65536))
    else if (topic === t.manifest(MODEL)) d.manifests.push(payload)
  })
  await client.subscribeAsync({ [t.offer(id)]: { qos: 1 }, [t.data(id)]: { qos: 0 }, [t.manifest(MODEL)]: { qos: 1 } })
  return d
}

/** Every device reports IDLE on `version` (the inventory then knows it). */
async function allIdle (version: string, securityVersion = 1): Promise<void> {
  await Promise.all([...devices.values()].map(async (d) => await d.report(State.IDLE, { currentVersion: version, securityVersion })))
  await until(() => env.broker.plugin.inventory.list().filter((r) => r.currentVersion === version).length === IDS.length, 5000, `inventory on ${version}`)
}

function release (version: string, securityVersion = 2): { bundle: Uint8Array, envelope: Uint8Array, artifact: string } {
  const image = new Uint8Array(randomBytes(40_000))
  const r = env.release(image, version, securityVersion, ++seq)
  return { bundle: r.bundle, envelope: r.envelope, artifact: toHex(r.manifest.image.sha256) }
}

async function rolloutState (id: string, pred: (s: RolloutStatus) => boolean, what: string, ms = 5000): Promise<RolloutStatus> {
  await until(() => { const s = env.broker.plugin.rollouts.get(id); return s !== undefined && pred(s) }, ms, what)
  return env.broker.plugin.rollouts.get(id)!
}

const errorCodes = (d: RawDevice): string[] => d.frames.flatMap((f) => f.error !== undefined ? [f.error.code] : [])
const chunks = (d: RawDevice, artifact: string): number => d.frames.filter((f) => f.chunk !== undefined && toHex(f.chunk.artifact) === artifact).length

async function rejects (p: Promise<unknown>): Promise<string> {
  try { await p } catch (e) { return isOtaError(e) ? e.code : String(e) }
  return 'resolved'
}

beforeAll(async () => {
  env = await makeEnv({ model: MODEL, devices: IDS.length, plugin: { groups: { lab: ['dev-0001', 'dev-0002', 'dev-0003'] } } })
  await env.broker.plugin.publishRelease(env.release(new Uint8Array(randomBytes(10_000)), '1.0.0', 1, 1).bundle, 'test')
  for (const id of IDS) devices.set(id, await rawDevice(env, id))
  await allIdle('1.0.0')
})
afterAll(async () => { await env?.close() })

describe('a staged rollout', () => {
  let r: RolloutStatus
  let rel: ReturnType<typeof release>

  it('plans against the live inventory and starts with the same wave 0, offered on the devices\' own topics only', async () => {
    rel = release('2.0.0')
    const spec = { waves: [0.25, 1], waveTimeoutMs: 60_000 }
    const plan = env.broker.plugin.rollouts.plan(rel.bundle, spec)
    expect(plan).toMatchObject({ model: MODEL, version: '2.0.0', artifact: rel.artifact, securityVersion: 2, excluded: [] })
    expect(plan.waves.map((w) => w.devices.length)).toEqual([2, 6])
    // The manifest alone plans the same.
    expect(env.broker.plugin.rollouts.plan(rel.envelope, spec)).toEqual(plan)
    const events: RolloutStatus[] = []
    env.broker.plugin.on('rollout', (s: RolloutStatus) => events.push(s))
    r = await env.broker.plugin.rollouts.start(rel.bundle, spec, 'tester')
    expect(r).toMatchObject({ phase: 'running', wave: 0, model: MODEL, version: '2.0.0', startedBy: 'tester' })
    const wave0 = r.devices.filter((d) => d.wave === 0).map((d) => d.deviceId)
    expect(wave0).toEqual(plan.waves[0]!.devices.map((d) => d.deviceId))
    expect(r.devices.filter((d) => d.state === 'offered').map((d) => d.deviceId)).toEqual(wave0)
    expect(events.at(-1)?.id).toBe(r.id)
    for (const id of wave0) await until(() => devices.get(id)!.offers.length === 1, 5000, `offer to ${id}`)
    for (const id of wave0) expect(bytesEqual(devices.get(id)!.offers[0]!, rel.envelope)).toBe(true)
    // The release is staged, not current: the model topic keeps 1.0.0.
    expect(env.broker.plugin.store.current(MODEL)?.manifest.version).toBe('1.0.0')
    for (const d of devices.values()) if (!wave0.includes(d.id)) expect(d.offers).toEqual([])
    // A second rollout for the model, or a plain publish, is refused while this one runs.
    expect(await rejects(env.broker.plugin.rollouts.start(release('2.0.1').bundle, { waves: [1] }))).toBe('OTA_ROLLOUT')
    expect(await rejects(env.broker.plugin.publishRelease(release('2.0.2').bundle))).toBe('OTA_ROLLOUT')
  })

  it('serves chunks to a device of the wave and refuses one outside it with OTA_NOT_OFFERED', async () => {
    const inWave = devices.get(r.devices.find((d) => d.wave === 0)!.deviceId)!
    const outside = devices.get(r.devices.find((d) => d.wave === 1)!.deviceId)!
    await inWave.request(rel.artifact, [0, 1, 2])
    await outside.request(rel.artifact, [0, 1, 2])
    await until(() => chunks(inWave, rel.artifact) === 3, 5000, 'three chunks to the wave device')
    await until(() => errorCodes(outside).length === 1, 5000, 'an error frame to the device outside the wave')
    expect(errorCodes(outside)).toEqual(['OTA_NOT_OFFERED'])
    expect(chunks(outside, rel.artifact)).toBe(0)
    const refused = (await auditLines(env.broker.plugin.auditLog)).filter((l) => l.event === 'request.refused' && l.deviceId === outside.id)
    expect(refused).toEqual([expect.objectContaining({ code: 'OTA_NOT_OFFERED', artifact: rel.artifact })])
  })

  it('does not advance on TRIAL, advances on CONFIRMED, and completes: the release becomes current and the offers are cleared', async () => {
    const wave0 = r.devices.filter((d) => d.wave === 0).map((d) => devices.get(d.deviceId)!)
    const about = { targetVersion: '2.0.0', artifact: fromHex(rel.artifact) }
    for (const d of wave0) await d.report(State.TRIAL, { ...about, currentVersion: '2.0.0', previousVersion: '1.0.0', securityVersion: 2 })
    await rolloutState(r.id, (s) => s.waves[0]!.updating === 2, 'wave 0 updating')
    expect(env.broker.plugin.rollouts.get(r.id)!.wave).toBe(0)
    await wave0[0]!.report(State.CONFIRMED, { ...about, currentVersion: '2.0.0', previousVersion: '1.0.0', securityVersion: 2 })
    await rolloutState(r.id, (s) => s.waves[0]!.succeeded === 1, 'one confirmed')
    expect(env.broker.plugin.rollouts.get(r.id)!.wave).toBe(0)
    await wave0[1]!.report(State.CONFIRMED, { ...about, currentVersion: '2.0.0', previousVersion: '1.0.0', securityVersion: 2 })
    const s = await rolloutState(r.id, (x) => x.wave === 1, 'wave 1 started')
    const wave1 = s.devices.filter((d) => d.wave === 1).map((d) => devices.get(d.deviceId)!)
    for (const d of wave1) await until(() => d.offers.length === 1, 5000, `offer to ${d.id}`)
    expect(env.broker.plugin.store.current(MODEL)?.manifest.version).toBe('1.0.0')
    for (const d of wave1) await d.report(State.CONFIRMED, { ...about, currentVersion: '2.0.0', previousVersion: '1.0.0', securityVersion: 2 })
    const done = await rolloutState(r.id, (x) => x.phase === 'completed', 'rollout completed')
    expect(done.devices.every((d) => d.state === 'succeeded')).toBe(true)
    expect(env.broker.plugin.store.current(MODEL)?.manifest.version).toBe('2.0.0')
    expect(env.broker.plugin.store.staged(MODEL)).toBeUndefined()
    for (const d of devices.values()) {
      await until(() => d.offers.at(-1)?.length === 0, 5000, `offer cleared for ${d.id}`)
      await until(() => d.manifests.some((m) => bytesEqual(m, rel.envelope)), 5000, `model manifest 2.0.0 to ${d.id}`)
    }
    const audit = await auditLines(env.broker.plugin.auditLog)
    const mine = audit.filter((l) => l.rolloutId === r.id).map((l) => l.event)
    expect(mine).toEqual(['rollout.started', 'rollout.wave', 'rollout.wave', 'rollout.completed'])
    expect(audit.filter((l) => l.event === 'release.published' && l.by === `rollout:${r.id}`)).toHaveLength(1)
    // The release is current now: a rollout of it has nothing to do.
    expect(await rejects(env.broker.plugin.rollouts.start(rel.bundle, { waves: [1] }))).toBe('OTA_ROLLOUT')
    await expect(env.broker.plugin.rollouts.resume(r.id)).rejects.toMatchObject({ code: 'OTA_ROLLOUT' })
    await expect(env.broker.plugin.rollouts.abort(r.id)).rejects.toMatchObject({ code: 'OTA_ROLLOUT' })
    await expect(env.broker.plugin.rollouts.pause('nope')).rejects.toMatchObject({ code: 'OTA_ROLLOUT' })
  })
})

describe('failures, pause, resume and abort', () => {
  it('pauses itself at the failure threshold; the next wave is never offered; resume accepts; abort withdraws', async () => {
    for (const d of devices.values()) { d.offers.length = 0; d.frames.length = 0 }
    const rel = release('3.0.0', 3)
    const r = await env.broker.plugin.rollouts.start(rel.bundle, { waves: [0.5, 1], maxFailures: 0.2, minDevices: 2, waveTimeoutMs: 60_000 })
    const wave0 = r.devices.filter((d) => d.wave === 0).map((d) => devices.get(d.deviceId)!)
    const wave1 = r.devices.filter((d) => d.wave === 1).map((d) => devices.get(d.deviceId)!)
    const about = { targetVersion: '3.0.0', artifact: fromHex(rel.artifact), currentVersion: '2.0.0', securityVersion: 2 }
    await wave0[0]!.report(State.CONFIRMED, { ...about, currentVersion: '3.0.0', securityVersion: 3 })
    await wave0[1]!.report(State.REVERTED, { ...about, errorCode: 'OTA_HEALTH_CHECK' })
    const paused = await rolloutState(r.id, (s) => s.phase === 'paused', 'paused by the failure rule')
    expect(paused.reason).toMatch(/1 of 2 finished devices failed/)
    expect(paused.devices.find((d) => d.deviceId === wave0[1]!.id)).toMatchObject({ state: 'failed', reason: 'OTA_HEALTH_CHECK' })
    // Paused: no new wave; the devices that never started (offline, deferring) lose their offer
    // and cannot fetch a chunk, so the paused release reaches none of them.
    expect(paused.wave).toBe(0)
    for (const d of wave1) expect(d.offers).toEqual([])
    const held = wave0.slice(2)
    for (const d of held) await until(() => d.offers.length === 2 && d.offers[1]!.length === 0, 5000, `offer of ${d.id} cleared while paused`)
    for (const d of wave0.slice(0, 2)) expect(d.offers).toHaveLength(1)
    await held[0]!.request(rel.artifact, [0])
    await until(() => errorCodes(held[0]!).includes('OTA_NOT_OFFERED'), 5000, 'OTA_NOT_OFFERED to a held-back device while paused')
    expect(chunks(held[0]!, rel.artifact)).toBe(0)
    // A deferring device stopped by the cleared offer reports FAILED OTA_WITHDRAWN: not a failure of the release.
    await held[1]!.report(State.FAILED, { ...about, errorCode: 'OTA_WITHDRAWN' })
    await wave1[0]!.request(rel.artifact, [0])
    await until(() => errorCodes(wave1[0]!).includes('OTA_NOT_OFFERED'), 5000, 'OTA_NOT_OFFERED while paused')
    expect(env.broker.plugin.rollouts.get(r.id)!.devices.find((d) => d.deviceId === held[1]!.id)).toMatchObject({ state: 'offered', reason: '' })
    const pausedLine = (await auditLines(env.broker.plugin.auditLog)).find((l) => l.event === 'rollout.paused' && l.rolloutId === r.id)
    expect(pausedLine).toMatchObject({ outcome: 'failure', by: 'rollout', heldBack: 2 })
    await expect(env.broker.plugin.rollouts.pause(r.id)).rejects.toMatchObject({ code: 'OTA_ROLLOUT' })

    // Resume: the failure is accepted, the held-back devices are offered again, confirm, wave 1 starts.
    await env.broker.plugin.rollouts.resume(r.id, 'tester')
    for (const d of held) await until(() => d.offers.length === 3 && bytesEqual(d.offers[2]!, rel.envelope), 5000, `offer to ${d.id} again on resume`)
    for (const d of held) await d.report(State.CONFIRMED, { ...about, currentVersion: '3.0.0', securityVersion: 3 })
    const s = await rolloutState(r.id, (x) => x.wave === 1, 'wave 1 after resume')
    expect(s.devices.find((d) => d.deviceId === wave0[1]!.id)).toMatchObject({ state: 'failed', accepted: true })
    for (const d of wave1) await until(() => d.offers.length === 1, 5000, `offer to ${d.id}`)

    // One of wave 1 is downloading when the operator pauses: it keeps going; the others are held back.
    await wave1[0]!.report(State.DOWNLOADING, about)
    await rolloutState(r.id, (x) => x.devices.find((d) => d.deviceId === wave1[0]!.id)?.state === 'updating', 'wave 1 device updating')
    await env.broker.plugin.rollouts.pause(r.id, 'tester')
    await wave1[0]!.request(rel.artifact, [0])
    await until(() => chunks(wave1[0]!, rel.artifact) === 1, 5000, 'a chunk while paused (already updating)')
    for (const d of wave1.slice(1)) await until(() => d.offers.at(-1)?.length === 0, 5000, `offer of ${d.id} cleared by the operator's pause`)
    expect(wave1[0]!.offers).toHaveLength(1)
    const aborted = await env.broker.plugin.rollouts.abort(r.id, 'tester')
    expect(aborted).toMatchObject({ phase: 'aborted', reason: 'aborted by tester' })
    expect(aborted.devices.filter((d) => d.state === 'withdrawn').map((d) => d.deviceId).sort()).toEqual([wave0[1]!.id, ...wave1.map((d) => d.id)].sort())
    for (const d of wave1) await until(() => d.offers.at(-1)?.length === 0, 5000, `offer withdrawn from ${d.id}`)
    // Every offer is cleared, the confirmed devices' too: a retained offer would outlive the rollout.
    for (const d of wave0) await until(() => d.offers.at(-1)?.length === 0, 5000, `offer cleared for ${d.id}`)
    await wave1[0]!.request(rel.artifact, [1, 2])
    await until(() => errorCodes(wave1[0]!).includes('OTA_WITHDRAWN'), 5000, 'OTA_WITHDRAWN after the abort')
    expect(env.broker.plugin.store.staged(MODEL)).toBeUndefined()
    expect(env.broker.plugin.store.current(MODEL)?.manifest.version).toBe('2.0.0')
    await expect(access(join(env.broker.plugin.store.dataDir, 'artifacts', `${rel.artifact}.bin`))).rejects.toThrow()
    const lines = (await auditLines(env.broker.plugin.auditLog)).filter((l) => l.rolloutId === r.id).map((l) => l.event)
    expect(lines).toEqual(['rollout.started', 'rollout.wave', 'rollout.paused', 'rollout.resumed', 'rollout.wave', 'rollout.paused', 'rollout.aborted'])
    // After an abort a new release can be published again.
    await allIdle('2.0.0', 2)
  })

  it('after an abort, refuses to publish a release below the sequence the rollout offered (its devices would ignore it)', async () => {
    const current = env.broker.plugin.store.current(MODEL)!.manifest
    const image = new Uint8Array(randomBytes(20_000))
    seq += 20
    const offered = env.release(image, '3.5.0', current.securityVersion, seq)
    const r = await env.broker.plugin.rollouts.start(offered.bundle, { waves: [1], waveTimeoutMs: 60_000 })
    expect(r.devices.every((d) => d.state === 'offered')).toBe(true)
    await env.broker.plugin.rollouts.abort(r.id, 'tester')
    const below = env.release(new Uint8Array(randomBytes(20_000)), '3.5.1', current.securityVersion, seq - 10)
    const err = await env.broker.plugin.publishRelease(below.bundle, 'test').then(() => null, (e: unknown) => e)
    expect(err).toMatchObject({ code: 'OTA_REPLAY' })
    expect(String((err as Error).message)).toMatch(new RegExp(`a rollout offered model ${MODEL} a release with sequence ${seq}`))
    // A release at (or above) the offered sequence is taken: the devices accept an equal sequence.
    const at = env.release(new Uint8Array(randomBytes(20_000)), '3.5.1', current.securityVersion, seq)
    expect((await env.broker.plugin.publishRelease(at.bundle, 'test')).manifest.sequence).toBe(seq)
    await allIdle('3.5.1', current.securityVersion)
  })

  it('targets a named group and refuses an unknown one or a release nobody can take', async () => {
    const rel = release('3.1.0', 3)
    const plan = env.broker.plugin.rollouts.plan(rel.bundle, { waves: [1], group: 'lab' })
    expect(plan.waves[0]!.devices.map((d) => d.deviceId).sort()).toEqual(['dev-0001', 'dev-0002', 'dev-0003'])
    expect(() => env.broker.plugin.rollouts.plan(rel.bundle, { waves: [1], group: 'nope' })).toThrow(expect.objectContaining({ code: 'OTA_ROLLOUT' }))
    // A lower security version than every device's: nobody can take it.
    const low = release('3.2.0', 1)
    expect(await rejects(env.broker.plugin.rollouts.start(low.bundle, { waves: [1] }, 'tester', { force: true }))).toBe('OTA_ROLLOUT')
    expect(env.broker.plugin.rollouts.plan(low.bundle, { waves: [1] }).excluded).toHaveLength(IDS.length)
    expect(env.broker.plugin.store.staged(MODEL)).toBeUndefined()
  })
})

describe('persistence', () => {
  it('a running rollout survives a broker restart: offers republished, deadline re-armed', async () => {
    const rel = release('4.0.0', 3)
    const r = await env.broker.plugin.rollouts.start(rel.bundle, { waves: [0.25, 1], waveTimeoutMs: 1500 })
    const wave0 = r.devices.filter((d) => d.wave === 0).map((d) => d.deviceId)
    await devices.get(wave0[0]!)!.report(State.DOWNLOADING, { targetVersion: '4.0.0', artifact: fromHex(rel.artifact), currentVersion: '2.0.0' })
    await rolloutState(r.id, (s) => s.waves[0]!.updating === 1, 'one updating')
    const port = env.broker.port
    await env.broker.close()
    let second: OtaBroker | undefined
    try {
      second = await startOtaBroker({ pki: env.pki, trust: env.trust, dataDir: join(env.dir, 'broker'), port })
      const again = second.plugin.rollouts.get(r.id)
      expect(again).toMatchObject({ phase: 'running', wave: 0, artifact: rel.artifact })
      expect(again!.devices).toEqual(env.broker.plugin.rollouts.get(r.id)!.devices)
      expect(second.plugin.store.staged(MODEL)?.artifactId).toBe(rel.artifact)
      // A device of wave 0 connecting to the new broker gets its retained offer; one outside gets none.
      const b = second
      const connect: TestEnv['connect'] = async (id) => await env.connect(id, { port: b.port })
      const inWave = await rawDevice({ connect }, wave0[0]!)
      const outside = await rawDevice({ connect }, r.devices.find((d) => d.wave === 1)!.deviceId)
      await until(() => inWave.offers.length === 1, 5000, 'retained offer after the restart')
      expect(bytesEqual(inWave.offers[0]!, rel.envelope)).toBe(true)
      await inWave.request(rel.artifact, [0])
      await until(() => chunks(inWave, rel.artifact) === 1, 5000, 'a chunk from the staged release after the restart')
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(outside.offers).toEqual([])
      // The wave deadline (1.5 s from the start, time down included) still fires: the silent
      // downloader fails TIMEOUT, nobody else took part and one of one failed: paused.
      const paused = await until(() => b.plugin.rollouts.get(r.id)?.phase === 'paused', 10_000, 'paused at the re-armed deadline').then(() => b.plugin.rollouts.get(r.id)!)
      expect(paused.devices.find((d) => d.deviceId === wave0[0])).toMatchObject({ state: 'failed', reason: 'TIMEOUT' })
      await b.plugin.rollouts.abort(r.id)
      await inWave.client.endAsync(true)
      await outside.client.endAsync(true)
    } finally {
      await second?.close()
    }
  })
})
