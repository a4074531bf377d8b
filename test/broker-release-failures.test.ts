/**
 * What the broker does when its own work fails, through the real broker over TLS: a manifest
 * that cannot be announced is a refused release (API and operator), not a success; an outcome
 * that throws after a publish was acknowledged is logged, not an unhandled rejection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import pino from 'pino'
import mqtt from 'mqtt'
import { State, encodeStatusEvent, isOtaError } from '../proto/index.js'
import { KeyFiles } from '../sign/index.js'
import { publishBundle } from '../operator/index.js'
import { startOtaBroker } from '../broker/index.js'
import { FIXTURES, auditLines, makeEnv, until, type TestEnv } from './helpers/env.js'

let env: TestEnv
let image: Buffer
let op: { ca: Buffer, cert: Buffer, key: Buffer, operatorId: string }

beforeAll(async () => {
  env = await makeEnv({ model: 'ath9k', devices: 1, extraDevices: { 'b-0001': 'model-b' } })
  image = await readFile(join(FIXTURES, 'firmware', 'ath9k', 'new.bin'))
  const o = env.pki.operators[0]!
  op = { ca: env.ca, cert: await readFile(o.cert), key: await readFile(o.key), operatorId: o.id }
})
afterAll(async () => { await env?.close() })

/** Makes aedes fail every retained publish on a manifest topic (as a full or broken persistence would). */
function breakManifests (): () => void {
  const persistence = (env.broker.aedes as unknown as { persistence: { storeRetained: (p: { topic: string }) => Promise<void> } }).persistence
  const original = persistence.storeRetained
  persistence.storeRetained = async function (this: unknown, p) {
    if (p.topic.endsWith('/manifest')) throw new Error('persistence refused the retained message')
    return await original.call(this, p)
  }
  return () => { persistence.storeRetained = original }
}

describe('a manifest that cannot be announced', () => {
  it('makes publishRelease throw OTA_IO and audits release.rejected, never release.published', async () => {
    const bundle = env.release(image, '1.0.0', 1, 1).bundle
    const restore = breakManifests()
    try {
      const err = await env.broker.plugin.publishRelease(bundle, 'test-api').then(() => null, (e: unknown) => e)
      expect(isOtaError(err, 'OTA_IO')).toBe(true)
      expect((err as Error).message).toMatch(/could not be announced/)
    } finally { restore() }
    const lines = await auditLines(env.broker.plugin.auditLog)
    expect(lines.some((l) => l.event === 'release.rejected' && l.by === 'test-api' && l.code === 'OTA_IO')).toBe(true)
    expect(lines.filter((l) => l.event === 'release.published' && l.model === 'ath9k')).toEqual([])
    // Published again once the broker can store it: announced now, not "already current".
    const seen: string[] = []
    const op2 = await env.connect(op.operatorId)
    op2.on('message', (topic) => { seen.push(topic) })
    const r = await env.broker.plugin.publishRelease(bundle, 'test-api')
    expect(r.manifest.version).toBe('1.0.0')
    await op2.subscribeAsync('ota/m/ath9k/manifest', { qos: 1 })
    await until(() => seen.includes('ota/m/ath9k/manifest'), 5000, 'the retained manifest')
    await op2.endAsync()
    expect((await auditLines(env.broker.plugin.auditLog)).filter((l) => l.event === 'release.published' && l.model === 'ath9k').length).toBe(1)
  })

  it('answers the operator ok:false (OTA_IO)', async () => {
    const bundle = env.release(image, '1.0.0', 1, 1, 'model-b').bundle
    const restore = breakManifests()
    let err: unknown
    try {
      err = await publishBundle({ url: env.broker.url, ...op, bundle, timeoutMs: 10_000 }).then(() => null, (e: unknown) => e)
    } finally { restore() }
    expect(isOtaError(err, 'OTA_IO')).toBe(true)
    const lines = await auditLines(env.broker.plugin.auditLog)
    expect(lines.some((l) => l.event === 'release.rejected' && l.by === op.operatorId && l.code === 'OTA_IO')).toBe(true)
    expect(lines.filter((l) => l.event === 'release.published' && l.model === 'model-b')).toEqual([])
    const again = await publishBundle({ url: env.broker.url, ...op, bundle, timeoutMs: 10_000 })
    expect(again).toMatchObject({ ok: true, alreadyCurrent: false, version: '1.0.0' })
    expect((await auditLines(env.broker.plugin.auditLog)).filter((l) => l.event === 'release.published' && l.model === 'model-b').length).toBe(1)
    // Once announced, the same bundle is the ordinary no-op.
    expect((await publishBundle({ url: env.broker.url, ...op, bundle, timeoutMs: 10_000 })).alreadyCurrent).toBe(true)
  })
})

describe('an outcome that throws after the publish was acknowledged', () => {
  it('is logged with its error object, and is no unhandled rejection', async () => {
    const logged: Array<Record<string, unknown>> = []
    const sink = new Writable({ write (chunk: Buffer, _enc, done) { logged.push(JSON.parse(chunk.toString()) as Record<string, unknown>); done() } })
    const rejections: unknown[] = []
    const onRejection = (e: unknown): void => { rejections.push(e) }
    process.on('unhandledRejection', onRejection)
    const b = await startOtaBroker({ pki: env.pki, trust: new Uint8Array(await readFile(join(env.keysDir, KeyFiles.trust))), dataDir: join(env.dir, 'logged'), port: 0, logger: pino({ level: 'info' }, sink) })
    try {
      const write = b.plugin.audit.write.bind(b.plugin.audit)
      b.plugin.audit.write = (event, outcome, fields) => {
        if (event === 'device.status') throw new Error('audit disk gone')
        write(event, outcome, fields)
      }
      const c = await mqttConnect(b.url)
      const event = Buffer.from(encodeStatusEvent({ deviceId: 'dev-0001', state: State.IDLE, result: 0, currentVersion: '1.0.0', targetVersion: '', time: 1, detail: '', errorCode: '', artifact: new Uint8Array(0), bytesReceived: 0, bytesTotal: 0, securityVersion: 1, model: 'ath9k', receivedAt: 0, slot: '' }))
      await c.publishAsync('ota/audit/dev-0001', event, { qos: 1 })
      await until(() => logged.some((l) => l.msg === 'outcome of an OTA publish not carried out'), 5000, 'the error logged')
      const line = logged.find((l) => l.msg === 'outcome of an OTA publish not carried out')!
      expect(line).toMatchObject({ component: 'ota-plugin', clientId: 'dev-0001', topic: 'ota/audit/dev-0001' })
      expect((line.err as { message?: string }).message).toBe('audit disk gone')
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(rejections).toEqual([])
      await c.endAsync()
    } finally {
      process.off('unhandledRejection', onRejection)
      await b.close()
    }
  })
})

async function mqttConnect (url: string): Promise<mqtt.MqttClient> {
  return await mqtt.connectAsync(url, { clientId: 'dev-0001', protocolVersion: 4, reconnectPeriod: 0, servername: 'localhost', ...(await env.deviceTls('dev-0001')) })
}

describe('closing the plugin', () => {
  it('waits for a release being stored: its verdict is audited before plugin.stopped and the call resolves', async () => {
    const b = await startOtaBroker({ pki: env.pki, trust: new Uint8Array(await readFile(join(env.keysDir, KeyFiles.trust))), dataDir: join(env.dir, 'closing'), port: 0 })
    try {
      const publishing = b.plugin.publishRelease(env.release(image, '3.0.0', 3, 30).bundle, 'closing-test')
      await b.plugin.close()
      expect((await publishing).manifest.version).toBe('3.0.0')
      const lines = await auditLines(b.plugin.auditLog)
      const published = lines.findIndex((l) => l.event === 'release.published' && l.by === 'closing-test')
      const stopped = lines.findIndex((l) => l.event === 'plugin.stopped')
      expect(published).toBeGreaterThanOrEqual(0)
      expect(published).toBeLessThan(stopped)
    } finally {
      await b.close()
    }
  })
})
