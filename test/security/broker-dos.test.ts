/**
 * Threat: broker denial of service by a device holding a valid certificate (issue 7, item 8),
 * against the standalone broker with its DEFAULT limits, over TLS on 127.0.0.1: a packet header
 * claiming 200 MB, deep and long topics, parallel connections with one certificate, a status
 * flood, and an audit flood across reconnects. Each attack is refused and audited, and the audit
 * log stays bounded. The request-flood tests run on a broker of their own with a small
 * `limits.requestRate` (burst 20, 1 a second) and an audit budget large enough for one line per
 * dropped request, so that every count is exact; a real device's download of more than ten times
 * the burst shows that requests which queue chunks are never charged.
 */
import { connect as tlsConnect, type TLSSocket } from 'node:tls'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import mqtt from 'mqtt'
import { OtaDevice, provisionDevice, type ConfirmedEvent } from '../../client/index.js'
import { State, SupportStatus, Topics, chunkRequestFor, decodeDataFrame, encodeChunkRequest, encodeStatusEvent } from '../../proto/index.js'
import { KeyFiles, createRelease } from '../../sign/index.js'
import { startOtaBroker, type OtaBroker } from '../../broker/index.js'
import { FIXTURES, auditLines, makeEnv, until, type TestEnv } from '../helpers/env.js'

let env: TestEnv
beforeAll(async () => { env = await makeEnv({ model: 'ath9k', devices: 6 }) })
afterAll(async () => { await env?.close() })

async function lines (event: string, clientId: string): Promise<Array<Record<string, unknown>>> {
  return (await auditLines(env.broker.plugin.auditLog)).filter((l) => l.event === event && (l.clientId === clientId || l.deviceId === clientId || l.key === clientId))
}

async function rawTls (id: string): Promise<TLSSocket> {
  const s = tlsConnect({ host: '127.0.0.1', port: env.broker.port, servername: 'localhost', ...(await env.deviceTls(id)) })
  s.on('error', () => {})
  await new Promise<void>((resolve) => { s.once('secureConnect', resolve); s.once('close', () => resolve()) })
  return s
}

async function closedWithin (s: { once: (e: 'close', f: () => void) => unknown }, ms: number): Promise<boolean> {
  return await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ms)
    s.once('close', () => { clearTimeout(timer); resolve(true) })
  })
}

async function suback (c: mqtt.MqttClient, filter: string): Promise<number> {
  return await new Promise<number>((resolve) => {
    c.subscribe(filter, { qos: 1 }, (err, granted) => {
      resolve((err as { packet?: { granted?: number[] } } | null)?.packet?.granted?.[0] ?? granted?.[0]?.qos ?? -1)
    })
  })
}

describe('threat: broker DoS', () => {
  it('large packet: a CONNECT header claiming 200 MB closes the connection before its body is read (packet.refused)', async () => {
    const s = await rawTls('dev-0001')
    const gone = closedWithin(s, 5000)
    // 200 MiB as an MQTT variable byte integer (MQTT 3.1.1 2.2.3), then a first slice of "body".
    s.write(Buffer.from([0x10, 0x80, 0x80, 0x80, 0x64]))
    s.write(Buffer.alloc(1024))
    expect(await gone).toBe(true)
    await until(async () => (await lines('packet.refused', 'dev-0001')).length === 1, 5000, 'packet.refused')
    expect((await lines('packet.refused', 'dev-0001'))[0]).toMatchObject({ reason: 'oversize', claimedBytes: 200 * 1024 * 1024, role: 'device' })
  })

  it('deep and long topics: refused (SUBACK 0x80) and audited with the limit broken', async () => {
    const c = await env.connect('dev-0002')
    expect(await suback(c, 'ota/d/dev-0002/' + Array(40).fill('+').join('/'))).toBe(128)
    expect(await suback(c, 'ota/d/dev-0002/' + 'z'.repeat(4000))).toBe(128)
    const reasons = (await lines('acl.denied', 'dev-0002')).map((l) => String(l.reason))
    expect(reasons[0]).toMatch(/^topic of 43 levels exceeds the limit of 8$/)
    expect(reasons[1]).toMatch(/^topic of 4015 characters exceeds the limit of 256$/)
    await c.endAsync()
  })

  it('parallel connections: of five TLS connections with one certificate, one is kept and four are refused (auth.denied)', async () => {
    const sockets = await Promise.all([0, 1, 2, 3, 4].map(async () => await rawTls('dev-0003')))
    await until(async () => (await lines('auth.denied', 'dev-0003')).length === 4, 5000, 'four auth.denied lines')
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(sockets.filter((s) => !s.destroyed).length).toBe(1)
    expect((await lines('auth.denied', 'dev-0003')).every((l) => l.parallel === true)).toBe(true)
    for (const s of sockets) s.destroy()
  })

  it('status flood: at most the bucket (burst 60, 10 a second) is handled; the excess is dropped and audited as rate.limited', async () => {
    const c = await env.connect('dev-0004')
    const start = Date.now()
    const event = (i: number): Buffer => Buffer.from(encodeStatusEvent({
      deviceId: 'dev-0004', state: State.IDLE, result: 0, currentVersion: '1.0.0', targetVersion: '', time: Date.now(), detail: `flood ${i}`, errorCode: '',
      artifact: new Uint8Array(0), bytesReceived: 0, bytesTotal: 0, securityVersion: 1, model: 'ath9k', receivedAt: 0, slot: '', previousVersion: '',
      hardwareRevision: '', support: SupportStatus.UNKNOWN, endOfLifeAt: 0, sbomSha256: new Uint8Array(0), deferredUntil: 0
    }))
    for (let i = 0; i < 200; i++) c.publish('ota/audit/dev-0004', event(i), { qos: 0 })
    // Acknowledged whether handled or dropped: every earlier publish has been through the broker's hook.
    await c.publishAsync('ota/audit/dev-0004', event(200), { qos: 1 })
    const elapsed = (Date.now() - start) / 1000
    await until(async () => (await lines('device.status', 'dev-0004')).length + (await lines('rate.limited', 'dev-0004')).length >= 60, 5000, 'the flood handled')
    const handled = (await lines('device.status', 'dev-0004')).length
    expect(handled).toBeGreaterThanOrEqual(60)
    expect(handled).toBeLessThanOrEqual(60 + Math.ceil(elapsed * 10) + 1)
    expect((await lines('rate.limited', 'dev-0004')).length).toBeGreaterThan(0)
    await c.endAsync().catch(() => {})
  }, 30_000)

  it('audit flood: a device that reconnects and keeps asking writes at most 60 refusal lines a minute, then one summary', async () => {
    for (let round = 0; round < 8; round++) {
      const c = await env.connect('dev-0005')
      for (let i = 0; i < 10; i++) expect(await suback(c, `ota/m/other-${round}-${i}/manifest`)).toBe(128)
      await c.endAsync()
    }
    expect((await lines('acl.denied', 'dev-0005')).length).toBe(60)
    // The summary of the open window is written when the plugin closes.
    await env.broker.close()
    const summary = await lines('audit.suppressed', 'dev-0005')
    expect(summary).toHaveLength(1)
    expect(summary[0]).toMatchObject({ suppressed: 20, windowMs: 60_000 })
  }, 30_000)

  describe('request flood (limits.requestRate: burst 20, 1 a second)', () => {
    const RATE = { perSecond: 1, burst: 20 }
    const topics = new Topics('ota')
    let flood: OtaBroker
    let artifact: Uint8Array
    let chunks: number
    beforeAll(async () => {
      flood = await startOtaBroker({
        pki: env.pki, trust: new Uint8Array(await readFile(join(env.keysDir, KeyFiles.trust))), dataDir: join(env.dir, 'flood-broker'), port: 0,
        plugin: { limits: { requestRate: RATE, audit: { perWindow: 10_000, windowMs: 60_000 } } }
      })
      // 64 KiB in 256-byte chunks: 256 chunks, more than ten times the burst.
      const rel = createRelease({ image: new Uint8Array(randomBytes(64 * 1024)), model: 'ath9k', version: '2.0.0', securityVersion: 2, sequence: 2, chunkSize: 256, signers: [env.signer] })
      await flood.plugin.publishRelease(rel.bundle, 'test')
      artifact = rel.manifest.image.sha256
      chunks = 256
    })
    afterAll(async () => { await flood?.close() })

    async function connectFlood (id: string): Promise<mqtt.MqttClient> {
      return await mqtt.connectAsync(flood.url, { clientId: id, protocolVersion: 4, reconnectPeriod: 0, servername: 'localhost', ...(await env.deviceTls(id)) })
    }
    async function floodLines (event: string, id: string): Promise<Array<Record<string, unknown>>> {
      return (await auditLines(flood.plugin.auditLog)).filter((l) => l.event === event && (l.clientId === id || l.deviceId === id))
    }

    it('requests that add nothing (past the last chunk, or for an artifact it may not have) are dropped once the bucket is empty, audited as rate.limited, across a reconnect', async () => {
      const past = Buffer.from(encodeChunkRequest({ artifact, base: chunks, bitmap: new Uint8Array([0xff]) }))
      const foreign = Buffer.from(encodeChunkRequest(chunkRequestFor(randomBytes(32), [0])))
      const start = Date.now()
      const a = await connectFlood('dev-0001')
      const frames: Buffer[] = []
      a.on('message', (_t, p) => frames.push(p))
      await a.subscribeAsync(topics.data('dev-0001'), { qos: 0 })
      for (let i = 0; i < 199; i++) a.publish(topics.req('dev-0001'), past, { qos: 0 })
      // Acknowledged whether handled or dropped: every earlier request has been through the hook.
      await a.publishAsync(topics.req('dev-0001'), past, { qos: 1 })
      const limited = await floodLines('rate.limited', 'dev-0001')
      // The burst and what the clock added were handled (queued nothing); every other request dropped, one line each.
      expect(limited.length).toBeGreaterThanOrEqual(200 - RATE.burst - Math.ceil((Date.now() - start) / 1000) - 1)
      expect(limited.length).toBeLessThanOrEqual(200 - RATE.burst)
      expect(limited[0]).toMatchObject({ outcome: 'failure', role: 'device', kind: 'req', perSecond: 1, burst: 20, dropped: 1, remoteAddress: '127.0.0.1' })
      expect(frames).toEqual([])
      await a.endAsync()

      // A new connection does not refill the bucket (keyed by the certificate id): requests for
      // an artifact it may not have are dropped before they are decoded, so no error frame, no
      // request.refused, and the refused-request limit of the connection (16) never closes it.
      const before = limited.length
      const b = await connectFlood('dev-0001')
      b.on('message', (_t, p) => frames.push(p))
      await b.subscribeAsync(topics.data('dev-0001'), { qos: 0 })
      for (let i = 0; i < 29; i++) b.publish(topics.req('dev-0001'), foreign, { qos: 0 })
      await b.publishAsync(topics.req('dev-0001'), foreign, { qos: 1 })
      const refill = Math.ceil((Date.now() - start) / 1000) + 1
      const after = (await floodLines('rate.limited', 'dev-0001')).length - before
      expect(after).toBeGreaterThanOrEqual(30 - refill)
      expect((await floodLines('request.refused', 'dev-0001')).length).toBeLessThanOrEqual(refill)
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(frames.length).toBeLessThanOrEqual(refill)
      for (const f of frames) expect(decodeDataFrame(f, 256).error?.code).toBe('OTA_UNKNOWN_ARTIFACT')
      expect(b.connected).toBe(true)
      await b.endAsync()
    }, 30_000)

    it('a device downloading at full speed with more than ten times the burst in requests is never limited: it finishes, no rate.limited line', async () => {
      const requests: number[] = []
      flood.aedes.on('publish', (packet) => { if (packet.topic === topics.req('dev-0002')) requests.push(Date.now()) })
      const stateDir = await mkdtemp(join(env.dir, 'flood-dev-0002-'))
      await provisionDevice({ stateDir, bundle: env.release(await readFile(join(FIXTURES, 'firmware', 'ath9k', 'old.bin')), '1.0.0', 1, 1).bundle, trust: env.trust })
      // A window of 1 chunk asks for each chunk alone: 256 requests.
      const dev = new OtaDevice({ id: 'dev-0002', model: 'ath9k', stateDir, trust: env.trust, broker: flood.url, tls: await env.deviceTls('dev-0002'), window: 1 })
      try {
        const confirmed = new Promise<ConfirmedEvent>((resolve, reject) => { dev.once('confirmed', resolve); dev.once('failed', reject); dev.once('reverted', reject) })
        await dev.start()
        expect(await confirmed).toMatchObject({ from: '1.0.0', to: '2.0.0' })
      } finally {
        await dev.stop()
      }
      expect(requests.length).toBeGreaterThan(10 * RATE.burst)
      expect(await floodLines('rate.limited', 'dev-0002')).toEqual([])
    }, 60_000)
  })
})
