/**
 * The inventory that survives: devices update through the real broker, the broker restarts on
 * the same data folder, and the operator's inventory (client and `status` command) still lists
 * every device with its version, state, last result by name, online or offline, last seen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import mqtt from 'mqtt'
import { OtaDevice, provisionDevice, type ConfirmedEvent } from '../client/index.js'
import { State, encodeStatusEvent, type StatusEvent } from '../proto/index.js'
import { KeyFiles } from '../sign/index.js'
import { startOtaBroker, type OtaBroker } from '../broker/index.js'
import { fetchInventory } from '../operator/index.js'
import { CLI, runCli } from './helpers/cli.js'
import { FIXTURES, makeEnv, until, type TestEnv } from './helpers/env.js'

const run = runCli

let env: TestEnv
let restarted: OtaBroker | null = null
const stateDirs: string[] = []
let op: { ca: Buffer, cert: Buffer, key: Buffer, operatorId: string }

function event (deviceId: string, over: Partial<StatusEvent>): Buffer {
  return Buffer.from(encodeStatusEvent({ deviceId, state: State.IDLE, result: 0, currentVersion: '1.4.0-108', targetVersion: '', time: Date.now(), detail: '', errorCode: '', artifact: new Uint8Array(0), bytesReceived: 0, bytesTotal: 0, securityVersion: 1, model: 'ath9k', receivedAt: 0, slot: '', previousVersion: '', ...over }))
}

beforeAll(async () => {
  env = await makeEnv({ model: 'ath9k', devices: 3 })
  const o = env.pki.operators[0]!
  op = { ca: env.ca, cert: await readFile(o.cert), key: await readFile(o.key), operatorId: o.id }
})
afterAll(async () => {
  await restarted?.close()
  await env?.close()
  await Promise.all(stateDirs.map(async (d) => await rm(d, { recursive: true, force: true })))
})

describe('the inventory', () => {
  it('survives a broker restart: every device with its version, state, last result and online state', async () => {
    const oldImage = await readFile(join(FIXTURES, 'firmware', 'ath9k', 'old.bin'))
    const newImage = await readFile(join(FIXTURES, 'firmware', 'ath9k', 'new.bin'))
    await env.broker.plugin.publishRelease(env.release(newImage, '1.4.0-110', 2, 2).bundle, 'test')
    const devices = await Promise.all(['dev-0001', 'dev-0002'].map(async (id) => {
      const stateDir = await mkdtemp(join(tmpdir(), `aedes-ota-inv-${id}-`))
      stateDirs.push(stateDir)
      await provisionDevice({ stateDir, bundle: env.release(oldImage, '1.4.0-108', 1, 1).bundle, trust: env.trust })
      return new OtaDevice({ id, model: 'ath9k', stateDir, trust: env.trust, broker: env.broker.url, tls: await env.deviceTls(id) })
    }))
    const confirmed = devices.map(async (d) => await new Promise<ConfirmedEvent>((resolve, reject) => { d.once('confirmed', resolve); d.once('failed', reject) }))
    await Promise.all(devices.map(async (d) => await d.start()))
    await Promise.all(confirmed)
    // A third device reports a failed update (as a device would after a digest mismatch).
    const third = await env.connect('dev-0003')
    await third.publishAsync('ota/audit/dev-0003', event('dev-0003', { state: State.FAILED, result: 5, errorCode: 'OTA_IMAGE_DIGEST', targetVersion: '1.4.0-110' }), { qos: 1 })
    await until(() => env.broker.plugin.inventory.list().some((d) => d.deviceId === 'dev-0003' && d.errorCode === 'OTA_IMAGE_DIGEST'), 5000, 'dev-0003 in the inventory')
    await until(() => env.broker.plugin.inventory.list().filter((d) => d.currentVersion === '1.4.0-110').length === 2, 5000, 'two updated devices')
    await Promise.all(devices.map(async (d) => await d.stop()))
    await third.endAsync()
    const before = await fetchInventory({ url: env.broker.url, ...op, timeoutMs: 10_000 })
    expect(before.map((d) => [d.deviceId, d.online])).toEqual([['dev-0001', false], ['dev-0002', false], ['dev-0003', false]])

    // Restart on the same data folder (the old broker is gone: a new port, no memory).
    const dataDir = env.broker.plugin.store.dataDir
    await env.broker.close()
    restarted = await startOtaBroker({ pki: env.pki, trust: new Uint8Array(await readFile(join(env.keysDir, KeyFiles.trust))), dataDir, port: 0 })
    const back = await mqtt.connectAsync(restarted.url, { clientId: 'dev-0002', protocolVersion: 4, reconnectPeriod: 0, ...(await env.deviceTls('dev-0002')) })
    const inv = await fetchInventory({ url: restarted.url, ...op, timeoutMs: 10_000 })
    expect(inv.map((d) => ({ id: d.deviceId, model: d.model, online: d.online, version: d.currentVersion, state: d.state, result: d.result, code: d.errorCode }))).toEqual([
      { id: 'dev-0001', model: 'ath9k', online: false, version: '1.4.0-110', state: State.CONFIRMED, result: 1, code: '' },
      { id: 'dev-0002', model: 'ath9k', online: true, version: '1.4.0-110', state: State.CONFIRMED, result: 1, code: '' },
      { id: 'dev-0003', model: 'ath9k', online: false, version: '1.4.0-108', state: State.FAILED, result: 5, code: 'OTA_IMAGE_DIGEST' }
    ])
    for (const d of inv) {
      expect(d.lastSeen).toBeGreaterThan(0)
      expect(d.securityVersion).toBe(d.deviceId === 'dev-0003' ? 1 : 2)
    }
    expect(inv[1]!.remoteAddress).toBe('127.0.0.1')
    expect(inv[1]!.connectedAt).toBeGreaterThanOrEqual(inv[0]!.lastSeen)

    // The command shows the same, with the result by name.
    const json = await run('status', '--pki', env.pki.dir, '--broker', restarted.url, '--json')
    expect(json.code).toBe(0)
    const rows = (JSON.parse(json.stdout) as { devices: Array<Record<string, unknown>> }).devices
    expect(rows.map((r) => [r.deviceId, r.online, r.currentVersion, r.state, r.result])).toEqual([
      ['dev-0001', false, '1.4.0-110', 'CONFIRMED', 'SUCCESS'],
      ['dev-0002', true, '1.4.0-110', 'CONFIRMED', 'SUCCESS'],
      ['dev-0003', false, '1.4.0-108', 'FAILED', 'INTEGRITY_FAILURE (OTA_IMAGE_DIGEST)']
    ])
    const text = await run('status', '--pki', env.pki.dir, '--broker', restarted.url)
    expect(text.stdout).toMatch(/^device\s+model\s+hw\s+online\s+last seen\s+version\s+state\s+last result\s+target\s+support\s+sbom\s+suspect$/m)
    expect(text.stdout).toMatch(/^dev-0002\s+ath9k\s+online\s+\d{4}-\S+\s+1\.4\.0-110\s+CONFIRMED\s+SUCCESS/m)
    expect(text.stdout).toMatch(/^dev-0003\s+ath9k\s+offline\s+\d{4}-\S+\s+1\.4\.0-108\s+FAILED\s+INTEGRITY_FAILURE \(OTA_IMAGE_DIGEST\)\s+1\.4\.0-110$/m)
    expect(text.stdout).toMatch(/^3 devices, 1 online, 0 suspect, 0 past end of life, 0 near end of life$/m)
    // Disconnecting is recorded as offline.
    await back.endAsync()
    await until(() => restarted!.plugin.inventory.list().every((d) => !d.online), 5000, 'dev-0002 offline')
  }, 120_000)

  it('keeps the last update\'s result and target when a device reports IDLE on reconnecting', async () => {
    const b = restarted ?? env.broker
    const c = await mqtt.connectAsync(b.url, { clientId: 'dev-0003', protocolVersion: 4, reconnectPeriod: 0, ...(await env.deviceTls('dev-0003')) })
    try {
      await c.publishAsync('ota/audit/dev-0003', event('dev-0003', { state: State.CONFIRMED, result: 1, currentVersion: '1.4.0-110', targetVersion: '1.4.0-110', previousVersion: '1.4.0-108' }), { qos: 1 })
      await c.publishAsync('ota/audit/dev-0003', event('dev-0003', { state: State.IDLE, result: 0, currentVersion: '1.4.0-110' }), { qos: 1 })
      await until(() => b.plugin.inventory.list().find((d) => d.deviceId === 'dev-0003')?.state === State.IDLE, 5000, 'the IDLE report')
      const rec = (await fetchInventory({ url: b.url, ...op })).find((d) => d.deviceId === 'dev-0003')
      expect(rec).toMatchObject({ state: State.IDLE, currentVersion: '1.4.0-110', result: 1, errorCode: '', targetVersion: '1.4.0-110' })
      // The next update's first event replaces them (LwM2M resets the result when an update starts).
      await c.publishAsync('ota/audit/dev-0003', event('dev-0003', { state: State.OFFERED, result: 0, currentVersion: '1.4.0-110', targetVersion: '1.4.0-111' }), { qos: 1 })
      await until(() => b.plugin.inventory.list().find((d) => d.deviceId === 'dev-0003')?.state === State.OFFERED, 5000, 'the OFFERED report')
      expect(b.plugin.inventory.list().find((d) => d.deviceId === 'dev-0003')).toMatchObject({ result: 0, targetVersion: '1.4.0-111' })
    } finally {
      await c.endAsync()
    }
  })

  it('keeps an unreadable inventory file aside and starts empty', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aedes-ota-inv-bad-'))
    stateDirs.push(dir)
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, 'inventory.json'), '{"format":1,"devices":[{"deviceId":"../x"}]}')
    const b = await startOtaBroker({ pki: env.pki, trust: new Uint8Array(await readFile(join(env.keysDir, KeyFiles.trust))), dataDir: dir, port: 0 })
    try {
      expect(b.plugin.inventory.list()).toEqual([])
      const names = await readdir(dir)
      expect(names.filter((n) => n.startsWith('inventory.json.corrupt-'))).toHaveLength(1)
      expect(names).not.toContain('inventory.json')
    } finally {
      await b.close()
    }
  })

  it('coalesces writes: a burst of status events is written once per flush interval, and at close', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aedes-ota-inv-burst-'))
    stateDirs.push(dir)
    const b = await startOtaBroker({ pki: env.pki, trust: new Uint8Array(await readFile(join(env.keysDir, KeyFiles.trust))), dataDir: dir, port: 0, plugin: { inventoryFlushMs: 60_000 } })
    try {
      const c = await mqtt.connectAsync(b.url, { clientId: 'dev-0001', protocolVersion: 4, reconnectPeriod: 0, ...(await env.deviceTls('dev-0001')) })
      for (let i = 0; i < 200; i++) await c.publishAsync('ota/audit/dev-0001', event('dev-0001', { detail: `event ${i}` }), { qos: 1 })
      await until(() => b.plugin.inventory.list()[0]?.reportedAt !== undefined && b.plugin.inventory.list()[0]!.reportedAt > 0, 5000, 'the events')
      // 200 events and a connect within the interval: nothing written yet.
      expect(await stat(join(dir, 'inventory.json')).then(() => true, () => false)).toBe(false)
      await c.endAsync()
    } finally {
      await b.close()
    }
    const doc = JSON.parse(await readFile(join(dir, 'inventory.json'), 'utf8')) as { devices: Array<{ deviceId: string, online: boolean }> }
    expect(doc.devices.map((d) => [d.deviceId, d.online])).toEqual([['dev-0001', false]])
  })
})

describe('an admin answer over the limit', () => {
  it('is refused by the broker with OTA_TOO_LARGE (a failed result), which fetchInventory throws; a smaller answer still goes out', async () => {
    const { AdminLimits } = await import('../proto/codec/operator.js')
    const { isOtaError } = await import('../proto/index.js')
    const { listReleases } = await import('../operator/index.js')
    const b = restarted ?? env.broker
    const limits = AdminLimits as { answer: number }
    const original = limits.answer
    const c = await mqtt.connectAsync(b.url, { clientId: 'dev-0003', protocolVersion: 4, reconnectPeriod: 0, ...(await env.deviceTls('dev-0003')) })
    await c.publishAsync('ota/audit/dev-0003', event('dev-0003', {}), { qos: 1 })
    await until(() => b.plugin.inventory.list().some((d) => d.deviceId === 'dev-0003' && d.reportedAt > 0), 5000, 'dev-0003 reported')
    await b.plugin.publishRelease(env.release(await readFile(join(FIXTURES, 'firmware', 'ath9k', 'new.bin')), '9.0.0', 9, 90).bundle, 'test')
    const conn = { url: b.url, ...op, timeoutMs: 10_000 }
    // The inventory (three devices of ~100 bytes each) is over 150 bytes; the refusal (a failed
    // result, ~100 bytes) and the release list (one record) are not: the client decodes with the
    // same limit, in this process.
    limits.answer = 150
    try {
      const err = await fetchInventory(conn).then(() => null, (e: unknown) => e)
      expect(isOtaError(err, 'OTA_TOO_LARGE')).toBe(true)
      expect((err as Error).message).toMatch(/inventory answer is \d+ bytes, above the 150-byte limit/)
      expect((await listReleases(conn)).map((r) => r.version)).toContain('9.0.0')
    } finally { limits.answer = original }
    expect((await fetchInventory(conn)).some((d) => d.deviceId === 'dev-0003')).toBe(true)
    expect((await listReleases(conn)).map((r) => r.version)).toContain('9.0.0')
    await c.endAsync()
  })
})
