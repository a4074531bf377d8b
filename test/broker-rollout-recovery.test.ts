/**
 * Rollouts across broker stops at the awkward points, over the real plugin (Aedes over TLS 1.3 on
 * 127.0.0.1, real certificates, real files): a release staged but no rollout file written, a
 * rollout whose release was made current but not saved completed, a rollout file that cannot be
 * written, retained offers left by a finished rollout in a persistent aedes persistence. Also the
 * cost of a burst of status events (coalesced saves) and status events queued behind the
 * completion of their rollout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type mqtt from 'mqtt'
import { State, encodeStatusEvent, fromHex, toHex, type StatusEvent } from '../proto/index.js'
import { startOtaBroker, type OtaBroker, type OtaBrokerOptions, type RolloutStatus } from '../broker/index.js'
import type { RolloutManager } from '../broker/rollout/manager.js'
import { auditLines, makeEnv, until, type TestEnv } from './helpers/env.js'

const MODEL = 'ath9k'
const IDS = ['dev-0001', 'dev-0002', 'dev-0003', 'dev-0004']

let env: TestEnv
/** the broker the tests talk to now (replaced at each simulated restart) */
let broker: OtaBroker
let seq = 1

function statusEvent (id: string, state: number, over: Partial<StatusEvent> = {}): StatusEvent {
  return {
    deviceId: id, state, result: 0, currentVersion: '1.0.0', targetVersion: '', time: Date.now(), detail: '', errorCode: '', artifact: new Uint8Array(0), bytesReceived: 0, bytesTotal: 0,
    securityVersion: 1, model: MODEL, receivedAt: 0, slot: 'a', previousVersion: '', hardwareRevision: '', support: 0, endOfLifeAt: 0, sbomSha256: new Uint8Array(0), deferredUntil: 0, ...over
  }
}

function release (version: string, securityVersion = 2): { bundle: Uint8Array, envelope: Uint8Array, artifact: string } {
  const r = env.release(new Uint8Array(randomBytes(20_000)), version, securityVersion, ++seq)
  return { bundle: r.bundle, envelope: r.envelope, artifact: toHex(r.manifest.image.sha256) }
}

/** Stops the broker (the plugin closes: what a crash at this point leaves on disk) and starts another on the same data folder and port. */
async function restart (extra: Partial<OtaBrokerOptions> = {}): Promise<OtaBroker> {
  const port = broker.port
  await broker.close()
  broker = await startOtaBroker({ pki: env.pki, trust: env.trust, dataDir: join(env.dir, 'broker'), port, ...extra })
  return broker
}

const manager = (): RolloutManager => broker.plugin.rollouts as RolloutManager
const dataDir = (): string => join(env.dir, 'broker')

/** The retained payload on `topic` in the broker's persistence (undefined: none). */
async function retained (b: OtaBroker, topic: string): Promise<Buffer | undefined> {
  const persistence = (b.aedes as unknown as { persistence: { createRetainedStream: (p: string) => AsyncIterable<{ payload: Buffer }> } }).persistence
  for await (const p of persistence.createRetainedStream(topic)) return p.payload
  return undefined
}

beforeAll(async () => {
  env = await makeEnv({ model: MODEL, devices: IDS.length })
  broker = env.broker
  await broker.plugin.publishRelease(env.release(new Uint8Array(randomBytes(10_000)), '1.0.0', 1, 1).bundle, 'test')
  const clients: mqtt.MqttClient[] = []
  for (const id of IDS) {
    const c = await env.connect(id)
    clients.push(c)
    await c.publishAsync(broker.plugin.topics.audit(id), Buffer.from(encodeStatusEvent(statusEvent(id, State.IDLE))), { qos: 1 })
  }
  await until(() => broker.plugin.inventory.list().length === IDS.length, 5000, 'inventory')
  for (const c of clients) await c.endAsync(true)
})
afterAll(async () => {
  await broker?.close()
  await env?.close()
})

describe('a stop between staging and the first rollout file', () => {
  it('a restart deletes the staged release no rollout owns (audited), and the model takes a rollout again', async () => {
    const orphan = release('2.0.0')
    await broker.plugin.store.stage(orphan.bundle)
    const b = await restart()
    expect(b.plugin.store.staged(MODEL)).toBeUndefined()
    expect(b.plugin.rollouts.list().filter((r) => r.phase === 'running' || r.phase === 'paused')).toEqual([])
    const line = (await auditLines(b.plugin.auditLog)).find((l) => l.event === 'release.rejected' && l.by === 'restart')
    expect(line).toMatchObject({ outcome: 'failure', staged: true, code: 'OTA_ROLLOUT', version: '2.0.0', artifact: orphan.artifact })
    const r = await b.plugin.rollouts.start(release('2.0.1').bundle, { waves: [1], devices: [IDS[0]!], waveTimeoutMs: 60_000 })
    expect(r.phase).toBe('running')
    await b.plugin.rollouts.abort(r.id)
  })

  it('a start whose rollout file cannot be written fails OTA_IO and leaves nothing staged', async () => {
    const dir = join(dataDir(), 'rollouts')
    await rm(dir, { recursive: true })
    await writeFile(dir, 'not a folder')
    try {
      const rel = release('2.1.0')
      await expect(broker.plugin.rollouts.start(rel.bundle, { waves: [1], devices: [IDS[0]!] })).rejects.toMatchObject({ code: 'OTA_IO' })
      expect(broker.plugin.store.staged(MODEL)).toBeUndefined()
      expect(await retained(broker, broker.plugin.topics.offer(IDS[0]!))).toBeUndefined()
      const line = (await auditLines(broker.plugin.auditLog)).filter((l) => l.event === 'rollout.started').at(-1)
      expect(line).toMatchObject({ outcome: 'failure', code: 'OTA_IO' })
    } finally {
      await rm(dir)
      await mkdir(dir)
    }
  })
})

describe('a stop while completing', () => {
  it('a rollout whose release was made current before the stop is completed by the restart, not aborted', async () => {
    const rel = release('3.0.0', 3)
    const r = await broker.plugin.rollouts.start(rel.bundle, { waves: [1], devices: [IDS[1]!], waveTimeoutMs: 60_000 })
    // The completion's first step, then the stop: the release is current, the file says running.
    await broker.plugin.store.promote(MODEL)
    const b = await restart()
    const s = b.plugin.rollouts.get(r.id)!
    expect(s.phase, s.reason).toBe('completed')
    expect(b.plugin.store.current(MODEL)?.artifactId).toBe(rel.artifact)
    expect(b.plugin.store.staged(MODEL)).toBeUndefined()
    const mine = (await auditLines(b.plugin.auditLog)).filter((l) => l.rolloutId === r.id)
    expect(mine.map((l) => l.event)).not.toContain('rollout.aborted')
    expect(mine.at(-1)).toMatchObject({ event: 'rollout.completed', by: 'restart' })
    // The release is current: its chunks are served to any device of the model.
    expect(b.plugin.rollouts.get(r.id)!.devices[0]!.state).not.toBe('withdrawn')
  })
})

describe('retained offers in a persistent aedes persistence', () => {
  it('a restart clears the offers no active rollout owns and keeps the active rollout\'s', async () => {
    // One persistence shared by the brokers before and after the restart, as a persistent one would be.
    let b = await restart()
    const persistence = (b.aedes as unknown as { persistence: unknown }).persistence
    b = await restart({ aedes: { persistence } as OtaBrokerOptions['aedes'] })
    const old = release('4.0.0', 3)
    const r1 = await b.plugin.rollouts.start(old.bundle, { waves: [1], devices: [IDS[0]!, IDS[1]!], waveTimeoutMs: 60_000 })
    await b.plugin.rollouts.abort(r1.id)
    expect(await retained(b, b.plugin.topics.offer(IDS[0]!))).toBeUndefined()
    // What a stop between saving the abort and clearing its offers leaves behind.
    await new Promise<void>((resolve, reject) => {
      b.aedes.publish({ cmd: 'publish', topic: b.plugin.topics.offer(IDS[0]!), payload: Buffer.from(old.envelope), qos: 1, retain: true, dup: false }, (e) => { if (e != null) reject(e); else resolve() })
    })
    const now = release('4.1.0', 3)
    const r2 = await b.plugin.rollouts.start(now.bundle, { waves: [1], devices: [IDS[2]!], waveTimeoutMs: 60_000 })
    b = await restart({ aedes: { persistence } as OtaBrokerOptions['aedes'] })
    expect(await retained(b, b.plugin.topics.offer(IDS[0]!))).toBeUndefined()
    expect(toHex((await retained(b, b.plugin.topics.offer(IDS[2]!)))!)).toBe(toHex(now.envelope))
    await b.plugin.rollouts.abort(r2.id)
    expect(await retained(b, b.plugin.topics.offer(IDS[2]!))).toBeUndefined()
  })
})

describe('status events', () => {
  it('a burst of status events is saved and emitted once or twice, not once per event; the file ends up current', async () => {
    const rel = release('5.0.0', 4)
    const r = await broker.plugin.rollouts.start(rel.bundle, { waves: [1], waveTimeoutMs: 60_000 })
    expect(r.devices).toHaveLength(IDS.length)
    const seen: RolloutStatus[] = []
    const listen = (s: RolloutStatus): void => { if (s.id === r.id) seen.push(s) }
    broker.plugin.on('rollout', listen)
    try {
      for (const id of IDS) manager().onStatus(statusEvent(id, State.DOWNLOADING, { targetVersion: '5.0.0', artifact: fromHex(rel.artifact), securityVersion: 3 }))
      await until(() => seen.at(-1)?.waves[0]!.updating === IDS.length, 5000, 'every device updating')
      await manager().close()
    } finally {
      broker.plugin.off('rollout', listen)
    }
    expect(seen.length).toBeLessThanOrEqual(2)
    const onDisk = JSON.parse(await readFile(join(dataDir(), 'rollouts', `${r.id}.json`), 'utf8')) as { rollout: RolloutStatus }
    expect(onDisk.rollout.devices.map((d) => d.state)).toEqual(IDS.map(() => 'updating'))
    expect(onDisk.rollout.waves[0]!.updating).toBe(IDS.length)
    // The manager was closed above: a restart gives the test a working one again.
    const b = await restart()
    await b.plugin.rollouts.abort(r.id)
  })

  it('an event queued behind the completion of its rollout does not change the completed rollout', async () => {
    const rel = release('6.0.0', 5)
    const r = await broker.plugin.rollouts.start(rel.bundle, { waves: [1], devices: [IDS[0]!, IDS[1]!], success: 0.5, waveTimeoutMs: 60_000 })
    const about = { targetVersion: '6.0.0', artifact: fromHex(rel.artifact), securityVersion: 5 }
    // Both picked while the rollout runs; the first completes it.
    manager().onStatus(statusEvent(IDS[0]!, State.CONFIRMED, { ...about, currentVersion: '6.0.0' }))
    manager().onStatus(statusEvent(IDS[1]!, State.FAILED, { ...about, errorCode: 'OTA_IO' }))
    await until(() => broker.plugin.rollouts.get(r.id)?.phase === 'completed', 5000, 'completed')
    await manager().close()
    const b = await restart()
    const s = b.plugin.rollouts.get(r.id)!
    const state = (id: string): string | undefined => s.devices.find((d) => d.deviceId === id)?.state
    expect([state(IDS[0]!), state(IDS[1]!)]).toEqual(['succeeded', 'offered'])
  })
})
