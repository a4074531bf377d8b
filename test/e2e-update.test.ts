/**
 * The main job end to end against the real broker plugin over TLS 1.3 on 127.0.0.1, with real
 * certificates, real firmware (ath9k, test/fixtures/firmware) and real files: several devices
 * update; a tampered chunk never reaches a bootable slot; a forged manifest is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, open, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { OtaDevice, provisionDevice, type ConfirmedEvent } from '../client/index.js'
import { boot } from '../client/boot/simulated.js'
import { loadState } from '../client/state.js'
import { State, decodeStatusEvent, stateName, toHex, type StatusEvent } from '../proto/index.js'
import { createRelease, generateKeyPair } from '../sign/index.js'
import { FIXTURES, auditLines, makeEnv, until, type TestEnv } from './helpers/env.js'

let env: TestEnv
let oldImage: Buffer
let newImage: Buffer
const running: OtaDevice[] = []

beforeAll(async () => {
  env = await makeEnv({ model: 'ath9k', devices: 6 })
  oldImage = await readFile(join(FIXTURES, 'firmware', 'ath9k', 'old.bin'))
  newImage = await readFile(join(FIXTURES, 'firmware', 'ath9k', 'new.bin'))
})
afterAll(async () => {
  await Promise.all(running.map(async (d) => await d.stop().catch(() => {})))
  await env?.close()
})

/** A provisioned device on the factory image, not started. */
async function device (id: string, opts: { chunkTimeoutMs?: number, maxRetries?: number } = {}): Promise<{ dev: OtaDevice, stateDir: string, events: StatusEvent[] }> {
  const stateDir = await mkdtemp(join(env.dir, `${id}-`)) // inside env.dir: env.close() removes it
  const factory = env.release(oldImage, '1.4.0-108', 1, 1)
  await provisionDevice({ stateDir, bundle: factory.bundle, trust: env.trust })
  const dev = new OtaDevice({ id, model: 'ath9k', stateDir, trust: env.trust, broker: env.broker.url, tls: await env.deviceTls(id), ...opts })
  const events: StatusEvent[] = []
  dev.on('status', (e) => events.push(e))
  running.push(dev)
  return { dev, stateDir, events }
}

describe('update over the real plugin', () => {
  it('updates several devices from the factory image to the release, each one verified, booted and confirmed', async () => {
    const release = env.release(newImage, '1.4.0-110', 2, 2)
    await env.broker.plugin.publishRelease(release.bundle, 'test')
    const ids = ['dev-0001', 'dev-0002', 'dev-0003']
    // An operator watching every device's status events, as a SIEM bridge or dashboard would.
    const operator = await env.connect('operator')
    const forwarded: StatusEvent[] = []
    operator.on('message', (topic, payload) => { if (topic.startsWith('ota/audit/')) forwarded.push(decodeStatusEvent(payload)) })
    await operator.subscribeAsync('ota/audit/+', { qos: 1 })
    const devs = await Promise.all(ids.map(async (id) => await device(id)))
    const confirmed = devs.map(({ dev }) => new Promise<ConfirmedEvent>((resolve, reject) => {
      dev.once('confirmed', resolve)
      dev.once('failed', reject)
      dev.once('reverted', reject)
    }))
    await Promise.all(devs.map(async ({ dev }) => await dev.start()))
    const results = await Promise.all(confirmed)
    for (const [i, r] of results.entries()) {
      expect(r).toMatchObject({ from: '1.4.0-108', to: '1.4.0-110' })
      expect(r.bytes).toBeGreaterThanOrEqual(newImage.length)
      const { dev, stateDir, events } = devs[i]!
      expect(dev.state).toMatchObject({ version: '1.4.0-110', securityCounter: 2 })
      // What runs is byte for byte the release, and the bootloader accepts it.
      const s = await loadState(stateDir)
      expect(s.active).toBe('b')
      expect((await readFile(join(stateDir, 'slot-b.bin'))).subarray(0, newImage.length).equals(newImage)).toBe(true)
      expect((await boot(stateDir, env.trust)).version).toBe('1.4.0-110')
      const states = events.map((e) => stateName(e.state))
      expect(states).toEqual(expect.arrayContaining(['OFFERED', 'DOWNLOADING', 'DOWNLOADED', 'VERIFIED', 'INSTALLING', 'REBOOTING', 'TRIAL', 'CONFIRMED']))
      expect(states.indexOf('VERIFIED')).toBeLessThan(states.indexOf('INSTALLING'))
      expect(states.indexOf('TRIAL')).toBeLessThan(states.indexOf('CONFIRMED'))
    }
    // The broker wrote every device's CONFIRMED to the audit log, stamped on receipt.
    await until(async () => (await auditLines(env.broker.plugin.auditLog)).filter((l) => l.event === 'device.status' && l.state === 'CONFIRMED').length >= 3, 5000, 'three CONFIRMED audit lines')
    const lines = (await auditLines(env.broker.plugin.auditLog)).filter((l) => l.event === 'device.status' && l.state === 'CONFIRMED')
    expect(lines.map((l) => l.deviceId).sort()).toEqual(ids)
    for (const l of lines) {
      expect(l).toMatchObject({ model: 'ath9k', targetVersion: '1.4.0-110', result: 1, artifact: toHex(release.manifest.image.sha256) })
      expect(Number(l.receivedAt)).toBeGreaterThan(0)
    }
    // Operators got each device's events, stamped by the broker (devices send received_at = 0).
    await until(() => ids.every((id) => forwarded.some((e) => e.deviceId === id && e.state === State.CONFIRMED)), 5000, 'forwarded CONFIRMED events')
    expect(forwarded.every((e) => e.receivedAt > 0 && e.model === 'ath9k')).toBe(true)
    await operator.endAsync()
    await Promise.all(devs.map(async ({ dev }) => await dev.stop()))
  })

  it('refuses a tampered chunk: it never reaches a bootable slot, and the device keeps running its image', async () => {
    const release = env.release(newImage, '1.4.0-111', 3, 3)
    const r = await env.broker.plugin.publishRelease(release.bundle, 'test')
    // Compromised broker storage: flip one byte of chunk 3 in the stored artifact.
    const chunkSize = release.manifest.image.chunkSize
    const offset = 3 * chunkSize + 17
    const fh = await open(join(env.dir, 'broker', 'artifacts', `${r.artifactId}.bin`), 'r+')
    const b = Buffer.alloc(1)
    await fh.read(b, 0, 1, offset)
    const tampered = Buffer.from([b[0]! ^ 0xff])
    await fh.write(tampered, 0, 1, offset)
    await fh.close()

    const { dev, stateDir, events } = await device('dev-0004', { chunkTimeoutMs: 300, maxRetries: 3 })
    const failed = new Promise<Error & { code?: string }>((resolve) => dev.once('failed', resolve))
    dev.on('confirmed', () => { throw new Error('a tampered image was confirmed') })
    await dev.start()
    const err = await failed
    expect(err.code).toBe('OTA_CHUNK_PROOF')
    expect(events.some((e) => e.state === State.FAILED && e.errorCode === 'OTA_CHUNK_PROOF')).toBe(true)
    expect(events.some((e) => e.state === State.INSTALLING)).toBe(false)

    // Nothing about the inactive slot became bootable, and the tampered byte is nowhere in it.
    const s = await loadState(stateDir)
    expect(s.active).toBe('a')
    expect(s.pending).toBeNull()
    const slotB = await readFile(join(stateDir, 'slot-b.bin')).catch(() => Buffer.alloc(0))
    if (slotB.length > offset) expect(slotB[offset]).not.toBe(tampered[0])
    const booted = await boot(stateDir, env.trust)
    expect(booted).toMatchObject({ slot: 'a', version: '1.4.0-108' })
    expect(dev.state.version).toBe('1.4.0-108')
    await dev.stop()

    // Repair the store for the tests after this one.
    const fix = await open(join(env.dir, 'broker', 'artifacts', `${r.artifactId}.bin`), 'r+')
    await fix.write(b, 0, 1, offset)
    await fix.close()
  })

  it('refuses a manifest signed by a key the root does not authorize, even when the broker announces it', async () => {
    const rogue = generateKeyPair('release')
    const forged = createRelease({ image: newImage, model: 'ath9k', version: '6.6.6', securityVersion: 99, sequence: 99, signers: [rogue] })
    // A compromised broker skips its own checks and publishes the forged manifest as retained.
    await new Promise<void>((resolve, reject) => env.broker.aedes.publish(
      { cmd: 'publish', topic: 'ota/m/ath9k/manifest', payload: Buffer.from(forged.envelope), qos: 1, retain: true, dup: false } as never,
      (e?: Error) => { if (e) reject(e); else resolve() }))
    const { dev, stateDir, events } = await device('dev-0005')
    const failed = new Promise<Error & { code?: string }>((resolve) => dev.once('failed', resolve))
    await dev.start()
    expect((await failed).code).toBe('OTA_UNTRUSTED_KEY')
    expect(events.some((e) => e.state === State.REJECTED && e.errorCode === 'OTA_UNTRUSTED_KEY')).toBe(true)
    expect(events.some((e) => e.state === State.DOWNLOADING)).toBe(false)
    expect(dev.state).toMatchObject({ version: '1.4.0-108', securityCounter: 1 })
    expect((await loadState(stateDir)).securityCounter).toBe(1)
    await dev.stop()
    await writeFile(join(env.dir, 'forged.envelope'), forged.envelope)
  })
})
