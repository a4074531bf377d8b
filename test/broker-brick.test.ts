/**
 * Brick detection over the real plugin, devices played by plain MQTT clients: a device that
 * installed and went silent, or came back on the old version without reporting a revert, is
 * marked suspect (inventory, audit `device.suspect`) and counts failed in its rollout; a device
 * that reports its failure is not suspect; a suspect that comes back confirmed loses the mark;
 * armed deadlines survive a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type mqtt from 'mqtt'
import { State, encodeStatusEvent, fromHex, isOtaError, toHex, type StatusEvent } from '../proto/index.js'
import { startOtaBroker, type OtaBroker } from '../broker/index.js'
import { BrickWatch, WATCHES_FILE, type BrickWatchEntry } from '../broker/health/brick-watch.js'
import { auditLines, makeEnv, until, type TestEnv } from './helpers/env.js'

const MODEL = 'ath9k'
let env: TestEnv
let seq = 1

function statusEvent (id: string, state: number, over: Partial<StatusEvent>): StatusEvent {
  return {
    deviceId: id, state, result: 0, currentVersion: '1.0.0', targetVersion: '', time: Date.now(), detail: '', errorCode: '', artifact: new Uint8Array(0), bytesReceived: 0, bytesTotal: 0,
    securityVersion: 1, model: MODEL, receivedAt: 0, slot: 'a', previousVersion: '', hardwareRevision: '', support: 0, endOfLifeAt: 0, sbomSha256: new Uint8Array(0), deferredUntil: 0, ...over
  }
}

async function report (c: mqtt.MqttClient, id: string, state: number, over: Partial<StatusEvent> = {}): Promise<void> {
  await c.publishAsync(env.broker.plugin.topics.audit(id), Buffer.from(encodeStatusEvent(statusEvent(id, state, over))), { qos: 1 })
}

const suspect = (id: string, b: OtaBroker = env.broker): { suspect: boolean, suspectReason: string } | undefined => b.plugin.inventory.list().find((d) => d.deviceId === id)

beforeAll(async () => {
  env = await makeEnv({ model: MODEL, devices: 6, plugin: { confirmTimeoutMs: 300 } })
})
afterAll(async () => { await env?.close() })

describe('brick detection outside rollouts', () => {
  const art = toHex(randomBytes(32))
  const about = { targetVersion: '2.0.0', artifact: fromHex(art), previousVersion: '' }

  it('a device that installs and drops its connection becomes suspect after the deadline', async () => {
    const c = await env.connect('dev-0001')
    await report(c, 'dev-0001', State.IDLE)
    await report(c, 'dev-0001', State.INSTALLING, about)
    await report(c, 'dev-0001', State.REBOOTING, about)
    await c.endAsync(true)
    await until(() => suspect('dev-0001')?.suspect === true, 5000, 'dev-0001 suspect')
    expect(suspect('dev-0001')!.suspectReason).toMatch(/did not come back confirmed on 2.0.0 within 0.3 s .*connection dropped/)
    const line = (await auditLines(env.broker.plugin.auditLog)).find((l) => l.event === 'device.suspect' && l.deviceId === 'dev-0001')
    expect(line).toMatchObject({ outcome: 'failure', version: '2.0.0', previousVersion: '1.0.0', artifact: art })
  })

  it('a device that comes back on the old version without reporting a revert is suspect at once', async () => {
    const c = await env.connect('dev-0002')
    await report(c, 'dev-0002', State.TRIAL, { ...about, currentVersion: '2.0.0', previousVersion: '1.0.0' })
    await report(c, 'dev-0002', State.IDLE, { currentVersion: '1.0.0' })
    await until(() => suspect('dev-0002')?.suspect === true, 250, 'dev-0002 suspect before the deadline')
    expect(suspect('dev-0002')!.suspectReason).toMatch(/came back on 1.0.0 without confirming 2.0.0/)
    // Coming back confirmed on the version clears the mark (and audits it).
    await report(c, 'dev-0002', State.CONFIRMED, { ...about, currentVersion: '2.0.0', previousVersion: '1.0.0' })
    await until(() => suspect('dev-0002')?.suspect === false, 5000, 'dev-0002 cleared')
    const lines = (await auditLines(env.broker.plugin.auditLog)).filter((l) => l.event === 'device.suspect' && l.deviceId === 'dev-0002')
    expect(lines.map((l) => l.outcome)).toEqual(['failure', 'success'])
    await c.endAsync(true)
  })

  it('a device that confirms, or reports its revert, is never suspect', async () => {
    const c3 = await env.connect('dev-0003')
    const c4 = await env.connect('dev-0004')
    await report(c3, 'dev-0003', State.INSTALLING, about)
    await report(c4, 'dev-0004', State.INSTALLING, about)
    await report(c3, 'dev-0003', State.CONFIRMED, { ...about, currentVersion: '2.0.0', previousVersion: '1.0.0' })
    await report(c4, 'dev-0004', State.REVERTED, { ...about, errorCode: 'OTA_HEALTH_CHECK' })
    await report(c4, 'dev-0004', State.IDLE, { currentVersion: '1.0.0' })
    await new Promise((resolve) => setTimeout(resolve, 700))
    expect(suspect('dev-0003')?.suspect).toBe(false)
    expect(suspect('dev-0004')?.suspect).toBe(false)
    await c3.endAsync(true)
    await c4.endAsync(true)
  })
})

describe('brick detection in a rollout and across a restart', () => {
  it('a rollout device that installs and goes silent counts failed (SUSPECT) and pauses the rollout', async () => {
    const cs = new Map<string, mqtt.MqttClient>()
    for (const id of ['dev-0005', 'dev-0006']) {
      const c = await env.connect(id)
      cs.set(id, c)
      await report(c, id, State.IDLE)
    }
    await until(() => env.broker.plugin.inventory.list().filter((d) => d.deviceId === 'dev-0005' || d.deviceId === 'dev-0006').length === 2, 5000, 'inventory')
    const r = env.release(new Uint8Array(randomBytes(20_000)), '2.1.0', 2, ++seq)
    const artifact = toHex(r.manifest.image.sha256)
    const ro = await env.broker.plugin.rollouts.start(r.bundle, { waves: [1], devices: ['dev-0005', 'dev-0006'], confirmTimeoutMs: 400, waveTimeoutMs: 60_000, maxFailures: 0.4, minDevices: 2 })
    const about = { targetVersion: '2.1.0', artifact: fromHex(artifact) }
    await report(cs.get('dev-0005')!, 'dev-0005', State.INSTALLING, about)
    await report(cs.get('dev-0006')!, 'dev-0006', State.INSTALLING, about)
    await report(cs.get('dev-0006')!, 'dev-0006', State.CONFIRMED, { ...about, currentVersion: '2.1.0', previousVersion: '1.0.0', securityVersion: 2 })
    await cs.get('dev-0005')!.endAsync(true)
    await until(() => env.broker.plugin.rollouts.get(ro.id)?.phase === 'paused', 5000, 'rollout paused by the suspect device')
    const s = env.broker.plugin.rollouts.get(ro.id)!
    expect(s.devices.find((d) => d.deviceId === 'dev-0005')).toMatchObject({ state: 'failed', reason: expect.stringMatching(/^SUSPECT: did not come back confirmed on 2.1.0 within 0.4 s/) as string })
    expect(s.reason).toMatch(/1 of 2 finished devices failed/)
    expect(suspect('dev-0005')?.suspect).toBe(true)
    await env.broker.plugin.rollouts.abort(ro.id)
    await cs.get('dev-0006')!.endAsync(true)
  })

  it('an armed deadline survives a broker restart', async () => {
    const art = toHex(randomBytes(32))
    const c = await env.connect('dev-0003')
    await report(c, 'dev-0003', State.REBOOTING, { targetVersion: '9.0.0', artifact: fromHex(art), currentVersion: '2.0.0' })
    await until(() => env.broker.plugin.inventory.list().find((d) => d.deviceId === 'dev-0003')?.state === State.REBOOTING, 5000, 'REBOOTING recorded')
    await c.endAsync(true)
    const port = env.broker.port
    await env.broker.close()
    let second: OtaBroker | undefined
    try {
      second = await startOtaBroker({ pki: env.pki, trust: env.trust, dataDir: join(env.dir, 'broker'), port, plugin: { confirmTimeoutMs: 60_000 } })
      const b = second
      // Armed before the restart with 300 ms: it fires although the new plugin's default is a minute.
      await until(() => suspect('dev-0003', b)?.suspect === true, 5000, 'suspect after the restart')
      expect(suspect('dev-0003', b)!.suspectReason).toMatch(/9.0.0 within 0.3 s/)
    } finally {
      await second?.close()
    }
  })
})

describe('the watch file', () => {
  const hooks = { timeoutFor: () => 60_000, suspect: () => {}, cleared: () => {} }

  it('drops an entry with a field missing or of the wrong type, and rewrites the file without it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aedes-ota-brick-'))
    try {
      const good: BrickWatchEntry = { deviceId: 'dev-0001', model: MODEL, version: '2.0.0', previousVersion: '1.0.0', artifact: toHex(randomBytes(32)), armedAt: Date.now(), deadline: Date.now() + 60_000, fired: '' }
      const { fired: _never, ...noFired } = { ...good, deviceId: 'dev-0002' }
      const badTime = { ...good, deviceId: 'dev-0003', armedAt: 'yesterday' }
      const badArtifact = { ...good, deviceId: 'dev-0004', artifact: 'not hex' }
      await mkdir(join(dir, 'health'))
      await writeFile(join(dir, WATCHES_FILE), JSON.stringify({ format: 1, watches: [good, noFired, badTime, badArtifact] }))
      const w = new BrickWatch(dir, hooks, Date.now, null)
      await w.load()
      expect(w.list()).toEqual([good])
      await w.close()
      const doc = JSON.parse(await readFile(join(dir, WATCHES_FILE), 'utf8')) as { watches: BrickWatchEntry[] }
      expect(doc.watches).toEqual([good])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('a health folder that cannot be created is OtaError OTA_IO', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aedes-ota-brick-'))
    try {
      await writeFile(join(dir, 'health'), 'a file, not a folder')
      const err = await new BrickWatch(dir, hooks, Date.now, null).load().then(() => null, (e: unknown) => e)
      expect(isOtaError(err, 'OTA_IO')).toBe(true)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
