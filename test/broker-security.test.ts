/**
 * The broker's security boundary against a real Aedes broker over TLS 1.3 on 127.0.0.1 with
 * real certificates: authentication by client certificate, deny-by-default ACL, bundle
 * verification before announcement, the audit trail of refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import mqtt from 'mqtt'
import { decodeEnvelope, decodeSignedBody, BodyType, encodeChunkRequest, chunkRequestFor, decodeDataFrame, encodeStatusEvent, isOtaError, State } from '../proto/index.js'
import { initKeys, readKeyFile, createRelease } from '../sign/index.js'
import { initPki } from '../certs/index.js'
import { publishBundle } from '../operator/index.js'
import { FIXTURES, auditLines, grantedQos, makeEnv, tryConnect, until, type TestEnv } from './helpers/env.js'

/** Resolves when the broker closes `c`; rejects after `ms` (a refusal that did not happen). */
async function closedWithin (c: mqtt.MqttClient, ms: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the broker did not close the connection within ${ms} ms`)), ms)
    c.once('close', () => { clearTimeout(timer); resolve() })
  })
}

let env: TestEnv
let oldImage: Buffer
let newImage: Buffer

beforeAll(async () => {
  env = await makeEnv({ model: 'ath9k', devices: 2, extraDevices: { 'other-0001': 'model-b' } })
  oldImage = await readFile(join(FIXTURES, 'firmware', 'ath9k', 'old.bin'))
  newImage = await readFile(join(FIXTURES, 'firmware', 'ath9k', 'new.bin'))
  await env.broker.plugin.publishRelease(env.release(newImage, '1.4.0-110', 2, 10).bundle, 'test')
  await env.broker.plugin.publishRelease(env.release(oldImage, '0.9.0', 1, 10, 'model-b').bundle, 'test')
})
afterAll(async () => { await env?.close() })

describe('authentication', () => {
  it('refuses a client without a certificate at the TLS handshake', async () => {
    const r = await tryConnect(env.broker.url, { clientId: 'dev-0001', ca: env.ca })
    expect(r.connected).toBe(false)
    await until(async () => (await auditLines(env.broker.plugin.auditLog)).some((l) => l.event === 'tls.refused'), 5000, 'tls.refused audit line')
  })

  it('refuses a certificate from another CA', async () => {
    const other = await initPki({ out: join(env.dir, 'other-pki'), model: 'ath9k', devices: 1 })
    const r = await tryConnect(env.broker.url, { clientId: 'dev-0001', ca: env.ca, cert: await readFile(other.devices[0]!.cert), key: await readFile(other.devices[0]!.key) })
    expect(r.connected).toBe(false)
    // The same files with the right CA would connect: the refusal is about the issuer.
    expect((await tryConnect(env.broker.url, { clientId: 'dev-0001', ...(await env.deviceTls('dev-0001')) })).connected).toBe(true)
  })

  it('refuses a clientId that differs from the certificate id (CONNACK 2)', async () => {
    const err = await env.connect('dev-0001', { clientId: 'dev-0002' }).then(() => null, (e: Error & { code?: number }) => e)
    expect(err).not.toBeNull()
    expect(err!.code).toBe(2)
    const lines = await auditLines(env.broker.plugin.auditLog)
    expect(lines.some((l) => l.event === 'auth.denied' && l.clientId === 'dev-0002' && l.certificateId === 'dev-0001')).toBe(true)
  })

  it('refuses a will on an OTA topic, and accepts the same client without it', async () => {
    const tls = await env.deviceTls('dev-0002')
    const r = await tryConnect(env.broker.url, { clientId: 'dev-0002', ...tls, will: { topic: 'ota/audit/dev-0002', payload: Buffer.from('x'), qos: 0, retain: false } })
    expect(r.connected).toBe(false)
    expect((await tryConnect(env.broker.url, { clientId: 'dev-0002', ...tls })).connected).toBe(true)
    const lines = await auditLines(env.broker.plugin.auditLog)
    expect(lines.some((l) => l.event === 'auth.denied' && l.reason === 'a will on an OTA topic')).toBe(true)
  })
})

describe('bounded broker state', () => {
  it('refuses an OTA client asking for a persistent session', async () => {
    const tls = await env.deviceTls('dev-0001')
    const r = await tryConnect(env.broker.url, { clientId: 'dev-0001', ...tls, clean: false })
    expect(r.connected).toBe(false)
    const lines = await auditLines(env.broker.plugin.auditLog)
    expect(lines.some((l) => l.event === 'auth.denied' && l.clientId === 'dev-0001' && l.reason === 'OTA clients must use clean sessions')).toBe(true)
  })

  it('answers a few requests for unknown artifacts, then closes the connection', async () => {
    const c = await env.connect('dev-0002')
    const frames: Buffer[] = []
    c.on('message', (topic, payload) => { if (topic === 'ota/d/dev-0002/data') frames.push(payload) })
    await c.subscribeAsync('ota/d/dev-0002/data', { qos: 0 })
    const closed = new Promise<void>((resolve) => c.once('close', () => resolve()))
    const bogus = Buffer.from(encodeChunkRequest(chunkRequestFor(new Uint8Array(32).fill(7), [0])))
    for (let i = 0; i < 17; i++) c.publish('ota/d/dev-0002/req', bogus, { qos: 0 })
    await closed
    // Whatever error frames got out before the close (a burst may close first) are refusals.
    expect(frames.length).toBeLessThanOrEqual(16)
    for (const f of frames) expect(decodeDataFrame(f, 4096).error?.code).toBe('OTA_UNKNOWN_ARTIFACT')
    const lines = await auditLines(env.broker.plugin.auditLog)
    expect(lines.filter((l) => l.event === 'request.refused' && l.deviceId === 'dev-0002').length).toBe(16)
    expect(lines.some((l) => l.event === 'acl.denied' && l.clientId === 'dev-0002' && String(l.reason).startsWith('OTA_UNKNOWN_ARTIFACT'))).toBe(true)
  })
})

describe('authorization', () => {
  it('lets a device read its own model\'s manifest, and refuses model B\'s (SUBACK 0x80)', async () => {
    const c = await env.connect('dev-0001')
    const got: string[] = []
    c.on('message', (topic) => got.push(topic))
    const byTopic = await grantedQos(c, { 'ota/m/ath9k/manifest': { qos: 1 }, 'ota/m/model-b/manifest': { qos: 1 } })
    expect(byTopic['ota/m/ath9k/manifest']).toBe(1)
    expect(byTopic['ota/m/model-b/manifest']).toBe(128)
    await until(() => got.includes('ota/m/ath9k/manifest'), 5000, 'retained manifest')
    expect(got).not.toContain('ota/m/model-b/manifest')
    const lines = await auditLines(env.broker.plugin.auditLog)
    expect(lines.some((l) => l.event === 'acl.denied' && l.topic === 'ota/m/model-b/manifest' && l.clientId === 'dev-0001')).toBe(true)
    await c.endAsync()
  })

  it('refuses wildcards over OTA topics and other devices\' topics', async () => {
    const c = await env.connect('dev-0001')
    const byTopic = await grantedQos(c, { '#': { qos: 0 }, 'ota/#': { qos: 0 }, 'ota/d/+/data': { qos: 0 }, 'ota/d/dev-0002/data': { qos: 0 }, 'ota/audit/+': { qos: 0 }, 'ota/d/dev-0001/#': { qos: 0 } })
    expect(byTopic).toEqual({ '#': 128, 'ota/#': 128, 'ota/d/+/data': 128, 'ota/d/dev-0002/data': 128, 'ota/audit/+': 128, 'ota/d/dev-0001/#': 0 })
    await c.endAsync()
  })

  it('disconnects a device that publishes on another device\'s topic; the message reaches no one', async () => {
    const victim = await env.connect('dev-0002')
    const seen: string[] = []
    victim.on('message', (t) => seen.push(t))
    await victim.subscribeAsync('ota/d/dev-0002/#', { qos: 0 })
    const auditSeen: string[] = []
    env.broker.plugin.on('status', (e) => auditSeen.push(e.deviceId))

    const attacker = await env.connect('dev-0001')
    const closed = new Promise<void>((resolve) => attacker.once('close', () => resolve()))
    const release = env.broker.plugin.store.current('ath9k')!
    attacker.publish('ota/d/dev-0002/req', Buffer.from(encodeChunkRequest(chunkRequestFor(release.manifest.image.sha256, [0]))), { qos: 0 })
    await closed
    const attacker2 = await env.connect('dev-0001')
    const closed2 = new Promise<void>((resolve) => attacker2.once('close', () => resolve()))
    attacker2.publish('ota/audit/dev-0002', Buffer.from('forged'), { qos: 1 })
    await closed2
    await new Promise((r) => setTimeout(r, 300))
    expect(seen).toEqual([])
    expect(auditSeen).not.toContain('dev-0002')
    const lines = await auditLines(env.broker.plugin.auditLog)
    expect(lines.filter((l) => l.event === 'acl.denied' && l.clientId === 'dev-0001' && l.action === 'publish').map((l) => l.topic))
      .toEqual(expect.arrayContaining(['ota/d/dev-0002/req', 'ota/audit/dev-0002']))
    await victim.endAsync()
  })

  it('refuses retained publishes and oversized requests on a device\'s own topics', async () => {
    // A valid status event, so that only the retain rule can refuse it.
    const event = Buffer.from(encodeStatusEvent({ deviceId: 'dev-0001', state: State.IDLE, result: 0, currentVersion: '1.0.0', targetVersion: '', time: 1, detail: '', errorCode: '', artifact: new Uint8Array(0), bytesReceived: 0, bytesTotal: 0, securityVersion: 1, model: 'ath9k', receivedAt: 0, slot: '' }))
    const a = await env.connect('dev-0001')
    const closedA = closedWithin(a, 5000)
    a.publish('ota/audit/dev-0001', event, { qos: 1, retain: true })
    await closedA
    // Nothing was kept: an operator subscribing now receives no retained event.
    const op = await env.connect('operator')
    const retained: string[] = []
    op.on('message', (topic) => retained.push(topic))
    await op.subscribeAsync('ota/audit/dev-0001', { qos: 1 })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(retained).toEqual([])
    await op.endAsync()
    const b = await env.connect('dev-0001')
    const closedB = closedWithin(b, 5000)
    b.publish('ota/d/dev-0001/req', Buffer.alloc(10_000), { qos: 0 })
    await closedB
    const lines = await auditLines(env.broker.plugin.auditLog)
    const denials = lines.filter((l) => l.event === 'acl.denied' && l.clientId === 'dev-0001' && l.action === 'publish').map((l) => l.reason)
    expect(denials).toContain('retained publishes are not allowed on OTA topics')
    expect(denials).toContain('payload of 10000 bytes exceeds the req limit of 256')
  })

  it('serves chunks only to the requesting device, with proofs, and refuses another model\'s artifact', async () => {
    const c = await env.connect('dev-0001')
    const frames: Buffer[] = []
    c.on('message', (topic, payload) => { if (topic === 'ota/d/dev-0001/data') frames.push(payload) })
    await c.subscribeAsync('ota/d/dev-0001/data', { qos: 0 })
    const r = env.broker.plugin.store.current('ath9k')!
    c.publish('ota/d/dev-0001/req', Buffer.from(encodeChunkRequest(chunkRequestFor(r.manifest.image.sha256, [0, 2, 5]))), { qos: 0 })
    await until(() => frames.length === 3, 5000, 'three frames')
    const idx = frames.map((f) => decodeDataFrame(f, r.manifest.image.chunkSize).chunk!.index)
    expect(idx).toEqual([0, 2, 5])
    const b = env.broker.plugin.store.current('model-b')!
    c.publish('ota/d/dev-0001/req', Buffer.from(encodeChunkRequest(chunkRequestFor(b.manifest.image.sha256, [0]))), { qos: 0 })
    await until(() => frames.length === 4, 5000, 'error frame')
    expect(decodeDataFrame(frames[3]!, 4096).error?.code).toBe('OTA_UNKNOWN_ARTIFACT')
    await c.endAsync()
  })
})

describe('releases', () => {
  it('refuses a bundle signed by a key the root does not authorize, and keeps announcing the last good one', async () => {
    const rogueDir = join(env.dir, 'rogue-keys')
    await initKeys({ out: rogueDir, models: ['ath9k'] })
    const rogue = await readKeyFile(join(rogueDir, 'release.key'))
    const bad = createRelease({ image: oldImage, model: 'ath9k', version: '6.6.6', securityVersion: 99, sequence: 99, signers: [rogue] })
    const err = await env.broker.plugin.publishRelease(bad.bundle, 'test').then(() => null, (e: unknown) => e)
    expect(isOtaError(err, 'OTA_UNTRUSTED_KEY')).toBe(true)
    expect(env.broker.plugin.store.current('ath9k')!.manifest.version).toBe('1.4.0-110')
    const lines = await auditLines(env.broker.plugin.auditLog)
    expect(lines.some((l) => l.event === 'release.rejected' && l.code === 'OTA_UNTRUSTED_KEY')).toBe(true)
  })

  it('accepts a bundle from an operator over MQTT and answers; refuses a replayed sequence', async () => {
    const op = env.pki.operators[0]!
    const tls = { ca: env.ca, cert: await readFile(op.cert), key: await readFile(op.key) }
    const rel = env.release(newImage, '1.4.0-111', 2, 11)
    const ok = await publishBundle({ url: env.broker.url, ...tls, operatorId: op.id, bundle: rel.bundle })
    expect(ok.ok).toBe(true)
    expect(ok.version).toBe('1.4.0-111')
    const again = await publishBundle({ url: env.broker.url, ...tls, operatorId: op.id, bundle: env.release(newImage, '1.4.0-112', 2, 11).bundle }).then(() => null, (e: unknown) => e)
    expect(isOtaError(again, 'OTA_REPLAY')).toBe(true)
    // What devices receive is the exact signed envelope of the accepted release.
    const c = await env.connect('dev-0002')
    const got = new Promise<Buffer>((resolve) => c.on('message', (_t, p) => resolve(p)))
    await c.subscribeAsync('ota/m/ath9k/manifest', { qos: 1 })
    const body = decodeSignedBody(decodeEnvelope(new Uint8Array(await got)).body, BodyType.MANIFEST)
    expect(body.type === BodyType.MANIFEST && body.manifest.version).toBe('1.4.0-111')
    await c.endAsync()
  })

  it('refuses a device certificate used as an operator', async () => {
    const tls = await env.deviceTls('dev-0001')
    const err = await publishBundle({ url: env.broker.url, ...tls, operatorId: 'dev-0001', bundle: env.release(newImage, '2.0.0', 2, 50).bundle, timeoutMs: 5000 }).then(() => null, (e: unknown) => e)
    expect(isOtaError(err, 'OTA_ACL_DENIED')).toBe(true)
    expect(env.broker.plugin.store.current('ath9k')!.manifest.version).not.toBe('2.0.0')
  })
})
