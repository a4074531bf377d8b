/**
 * Rollouts end to end: real OtaDevice clients (aedes-ota/client) against the real plugin over
 * TLS 1.3 on 127.0.0.1, real certificates, real slot files. A release that fails its health
 * check on some devices pauses its rollout at the threshold while the devices outside the wave
 * never receive a chunk; waves advance on CONFIRMED; an abort stops a device mid-download; a
 * rollout survives a broker restart; a device that installs and never confirms is suspect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import { join } from 'node:path'
import type { Client, PublishPacket } from 'aedes'
import { OtaDevice, provisionDevice } from '../client/index.js'
import { State, stateName, toHex, type StatusEvent } from '../proto/index.js'
import { startOtaBroker, type OtaBroker, type RolloutStatus } from '../broker/index.js'
import { makeEnv, until, type TestEnv } from './helpers/env.js'

const MODEL = 'ath9k'
const IDS = Array.from({ length: 8 }, (_, i) => `dev-${String(i + 1).padStart(4, '0')}`)

interface Dev { id: string, dev: OtaDevice, events: StatusEvent[] }

let env: TestEnv
let seq = 1
const devs = new Map<string, Dev>()
/** devices whose health check fails (the release "does not work" on them) */
const unhealthy = new Set<string>()
/** devices whose health check never returns until released */
const hanging = new Map<string, () => void>()
/** data frames the broker handed to each device's connection, by artifact-less topic */
const frames = new Map<string, number>()
/** per device: a delay before each data frame is handed over, ms */
const slow = new Map<string, number>()

/** Counts (and optionally slows) the frames aedes hands to each connection of `broker`. */
function instrument (broker: OtaBroker): void {
  broker.aedes.on('clientReady', (client: Client) => {
    const original = client.publish.bind(client)
    client.publish = ((packet: PublishPacket, cb: (err?: Error) => void) => {
      const id = client.id
      if (packet.topic === broker.plugin.topics.data(id) && (packet.payload as Buffer).length > 64) {
        frames.set(id, (frames.get(id) ?? 0) + 1)
        const delay = slow.get(id) ?? 0
        if (delay > 0) { setTimeout(() => { original(packet, cb) }, delay); return }
      }
      original(packet, cb)
    }) as typeof client.publish
  })
}

function nextRelease (version: string, securityVersion: number, size = 60_000): { bundle: Uint8Array, artifact: string } {
  const r = env.release(new Uint8Array(randomBytes(size)), version, securityVersion, ++seq)
  return { bundle: r.bundle, artifact: toHex(r.manifest.image.sha256) }
}

async function waitRollout (b: OtaBroker, id: string, pred: (s: RolloutStatus) => boolean, what: string, ms = 30_000): Promise<RolloutStatus> {
  await until(() => { const s = b.plugin.rollouts.get(id); return s !== undefined && pred(s) }, ms, what)
  return b.plugin.rollouts.get(id)!
}

const statesFor = (d: Dev, version: string): string[] => d.events.filter((e) => e.targetVersion === version || (e.state === State.CONFIRMED && e.currentVersion === version)).map((e) => stateName(e.state))

beforeAll(async () => {
  env = await makeEnv({ model: MODEL, devices: IDS.length, plugin: { broadcast: false } })
  instrument(env.broker)
  const factory = env.release(new Uint8Array(randomBytes(30_000)), '1.0.0', 1, 1)
  await env.broker.plugin.publishRelease(factory.bundle, 'test')
  for (const id of IDS) {
    const stateDir = await mkdtemp(join(env.dir, `${id}-`))
    await provisionDevice({ stateDir, bundle: factory.bundle, trust: env.trust })
    const dev = new OtaDevice({
      id,
      model: MODEL,
      stateDir,
      trust: env.trust,
      broker: env.broker.url,
      tls: await env.deviceTls(id),
      backoff: { initialDelayMs: 100, maxDelayMs: 400 },
      retainedSettleMs: 200,
      healthCheckTimeoutMs: 60_000,
      healthCheck: async () => {
        if (unhealthy.has(id)) return false
        if (!hanging.has(id)) return true
        return await new Promise<boolean>((resolve) => { hanging.set(id, () => resolve(false)) })
      }
    })
    const events: StatusEvent[] = []
    dev.on('status', (e: StatusEvent) => events.push(e))
    dev.on('error', () => {})
    devs.set(id, { id, dev, events })
  }
  await Promise.all([...devs.values()].map(async (d) => await d.dev.start()))
  await until(() => env.broker.plugin.inventory.list().filter((r) => r.currentVersion === '1.0.0').length === IDS.length, 20_000, 'every device on 1.0.0')
}, 60_000)

afterAll(async () => {
  for (const release of hanging.values()) release()
  await Promise.all([...devs.values()].map(async (d) => await d.dev.stop().catch(() => {})))
  await env?.close()
}, 60_000)

describe('rollouts with real devices', () => {
  it('a release failing its health check on some devices pauses at the threshold; devices outside the wave never get a chunk', async () => {
    const rel = nextRelease('2.0.0', 2)
    const spec = { waves: [0.5, 1], maxFailures: 0.3, minDevices: 3, waveTimeoutMs: 120_000, confirmTimeoutMs: 60_000 }
    const plan = env.broker.plugin.rollouts.plan(rel.bundle, spec)
    const wave0 = plan.waves[0]!.devices.map((d) => d.deviceId)
    const wave1 = plan.waves[1]!.devices.map((d) => d.deviceId)
    expect([wave0.length, wave1.length]).toEqual([4, 4])
    unhealthy.add(wave0[0]!)
    unhealthy.add(wave0[1]!)
    frames.clear()
    const r = await env.broker.plugin.rollouts.start(rel.bundle, spec, 'test')
    const paused = await waitRollout(env.broker, r.id, (s) => s.phase === 'paused', 'the rollout pauses itself')
    expect(paused.reason).toMatch(/finished devices failed/)
    expect(paused.wave).toBe(0)
    const failed = paused.devices.filter((d) => d.state === 'failed')
    expect(failed.length).toBeGreaterThanOrEqual(1)
    for (const f of failed) expect(unhealthy.has(f.deviceId)).toBe(true)
    for (const f of failed) expect(f.reason).toBe('OTA_HEALTH_CHECK')
    // The unhealthy devices reverted to 1.0.0 after their trial boot.
    for (const f of failed) await until(() => devs.get(f.deviceId)!.dev.state.version === '1.0.0' && statesFor(devs.get(f.deviceId)!, '2.0.0').includes('REVERTED'), 20_000, `${f.deviceId} reverted`)
    // Outside the wave: no offer, no download, not one data frame.
    await new Promise((resolve) => setTimeout(resolve, 300))
    for (const id of wave1) {
      expect(frames.get(id) ?? 0, id).toBe(0)
      expect(statesFor(devs.get(id)!, '2.0.0'), id).toEqual([])
    }
    for (const id of wave0) expect(frames.get(id) ?? 0, id).toBeGreaterThan(0)
    expect(env.broker.plugin.store.current(MODEL)?.manifest.version).toBe('1.0.0')
    await env.broker.plugin.rollouts.abort(r.id, 'test')
    unhealthy.clear()
  }, 90_000)

  it('waves advance only once their devices confirmed, then the release becomes current', async () => {
    const rel = nextRelease('3.0.0', 3)
    const seen: RolloutStatus[] = []
    const onRollout = (s: RolloutStatus): void => { seen.push(s) }
    env.broker.plugin.on('rollout', onRollout)
    const r = await env.broker.plugin.rollouts.start(rel.bundle, { waves: [0.25, 1], waveTimeoutMs: 120_000 }, 'test')
    const done = await waitRollout(env.broker, r.id, (s) => s.phase === 'completed', 'rollout completed', 60_000)
    env.broker.plugin.off('rollout', onRollout)
    expect(done.devices.every((d) => d.state === 'succeeded')).toBe(true)
    expect(done.devices).toHaveLength(IDS.length)
    // The first status with wave 1 came after every wave-0 device confirmed.
    const firstWave1 = seen.find((s) => s.id === r.id && s.wave === 1)!
    expect(firstWave1.devices.filter((d) => d.wave === 0).every((d) => d.state === 'succeeded')).toBe(true)
    const wave1Start = firstWave1.waves[1]!.startedAt
    for (const d of done.devices.filter((x) => x.wave === 0)) {
      const confirmed = devs.get(d.deviceId)!.events.find((e) => e.state === State.CONFIRMED && e.currentVersion === '3.0.0')!
      expect(confirmed).toBeDefined()
      expect(d.updatedAt).toBeLessThanOrEqual(wave1Start)
    }
    for (const d of devs.values()) await until(() => d.dev.state.version === '3.0.0', 20_000, `${d.id} on 3.0.0`)
    expect(env.broker.plugin.store.current(MODEL)?.manifest.version).toBe('3.0.0')
  }, 90_000)

  it('abort withdraws the release and a device mid-download stops (FAILED OTA_WITHDRAWN), never installing it', async () => {
    const rel = nextRelease('4.0.0', 4, 400_000)
    const target = IDS[2]!
    slow.set(target, 40)
    frames.clear()
    const r = await env.broker.plugin.rollouts.start(rel.bundle, { waves: [1], devices: [target], waveTimeoutMs: 120_000 }, 'test')
    const d = devs.get(target)!
    await until(() => (frames.get(target) ?? 0) >= 2, 20_000, 'download under way')
    const aborted = await env.broker.plugin.rollouts.abort(r.id, 'test')
    expect(aborted.devices[0]).toMatchObject({ deviceId: target, state: 'withdrawn', reason: 'OTA_WITHDRAWN' })
    await until(() => d.events.some((e) => e.state === State.FAILED && e.errorCode === 'OTA_WITHDRAWN'), 20_000, 'FAILED OTA_WITHDRAWN')
    const atStop = frames.get(target) ?? 0
    expect(atStop).toBeLessThan(98) // 400 000 bytes = 98 chunks of 4 KiB: not all were sent
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(statesFor(d, '4.0.0')).not.toContain('INSTALLING')
    expect(d.dev.state.version).toBe('3.0.0')
    expect(env.broker.plugin.store.staged(MODEL)).toBeUndefined()
    slow.delete(target)
  }, 60_000)

  it('a rollout survives a broker restart and completes on the new broker', async () => {
    const rel = nextRelease('5.0.0', 5)
    const ids = [IDS[0]!, IDS[1]!]
    for (const id of ids) slow.set(id, 30)
    const r = await env.broker.plugin.rollouts.start(rel.bundle, { waves: [1], devices: ids, waveTimeoutMs: 120_000 }, 'test')
    await until(() => ids.every((id) => devs.get(id)!.events.some((e) => e.targetVersion === '5.0.0' && e.state === State.DOWNLOADING)), 20_000, 'both downloading')
    const port = env.broker.port
    await env.broker.close()
    const second = await startOtaBroker({ pki: env.pki, trust: env.trust, dataDir: join(env.dir, 'broker'), port })
    try {
      instrument(second)
      for (const id of ids) slow.delete(id)
      expect(second.plugin.rollouts.get(r.id)?.phase).toBe('running')
      const done = await waitRollout(second, r.id, (s) => s.phase === 'completed', 'completed after the restart', 60_000)
      expect(done.devices.map((d) => d.state)).toEqual(['succeeded', 'succeeded'])
      for (const id of ids) expect(devs.get(id)!.dev.state.version).toBe('5.0.0')
      expect(second.plugin.store.current(MODEL)?.manifest.version).toBe('5.0.0')

      // 5.0.0 is now the model's release: every device takes it from the model topic.
      for (const d of devs.values()) await until(() => d.dev.state.version === '5.0.0', 30_000, `${d.id} on 5.0.0`)
      // Brick detection with a real device: it installs 6.0.0 and never confirms (its health
      // check hangs): suspect after confirmTimeoutMs, counted failed, the rollout pauses.
      const six = env.release(new Uint8Array(randomBytes(40_000)), '6.0.0', 6, ++seq)
      const silent = IDS[5]!
      hanging.set(silent, () => {})
      const r6 = await second.plugin.rollouts.start(six.bundle, { waves: [1], devices: [silent], confirmTimeoutMs: 1500, waveTimeoutMs: 120_000 }, 'test')
      const p = await waitRollout(second, r6.id, (s) => s.phase === 'paused', 'paused by the suspect device', 30_000)
      expect(p.devices[0]).toMatchObject({ state: 'failed', reason: expect.stringMatching(/^SUSPECT: online but did not confirm 6.0.0/) as string })
      expect(second.plugin.inventory.list().find((x) => x.deviceId === silent)).toMatchObject({ suspect: true })
      expect(statesFor(devs.get(silent)!, '6.0.0')).toContain('TRIAL')
      hanging.get(silent)!()
      await until(() => statesFor(devs.get(silent)!, '6.0.0').includes('REVERTED'), 20_000, 'the silent device reverts once released')
      await second.plugin.rollouts.abort(r6.id, 'test')
    } finally {
      for (const d of devs.values()) await d.dev.stop().catch(() => {})
      await second.close()
    }
  }, 120_000)
})
