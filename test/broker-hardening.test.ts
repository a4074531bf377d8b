/**
 * The hardened standalone broker (real broker over TLS on 127.0.0.1, real certificates): the
 * packet guard closes a connection at a header over its role's limit before the body is read,
 * topic depth and length limits, per-device rate limits that survive reconnects, and the cap on
 * refusal records with its summary line.
 */
import { connect as tlsConnect } from 'node:tls'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type mqtt from 'mqtt'
import { State, SupportStatus, chunkRequestFor, decodeDataFrame, encodeChunkRequest, encodeStatusEvent } from '../proto/index.js'
import { createRelease } from '../sign/index.js'
import { auditLines, makeEnv, tryConnect, until, type TestEnv } from './helpers/env.js'

let env: TestEnv
/** the plugin's clock: frozen so that no bucket refills and no audit window ends unless a test moves it */
let clock = Date.now()

beforeAll(async () => {
  env = await makeEnv({
    model: 'ath9k',
    devices: 9,
    plugin: {
      now: () => clock,
      limits: { requestRate: { perSecond: 1, burst: 5 }, statusRate: { perSecond: 1, burst: 3 }, audit: { perWindow: 8, windowMs: 60_000 } }
    }
  })
})
afterAll(async () => { await env?.close() })

/** MQTT 3.1.1 2.2.3: the Remaining Length as a variable byte integer. */
function remainingLength (n: number): Buffer {
  const out: number[] = []
  do {
    let b = n % 128
    n = Math.floor(n / 128)
    if (n > 0) b |= 0x80
    out.push(b)
  } while (n > 0)
  return Buffer.from(out)
}

async function lines (event: string, clientId?: string): Promise<Array<Record<string, unknown>>> {
  return (await auditLines(env.broker.plugin.auditLog)).filter((l) => l.event === event && (clientId === undefined || l.clientId === clientId))
}

function statusEvent (deviceId: string, detail: string): Buffer {
  return Buffer.from(encodeStatusEvent({
    deviceId, state: State.IDLE, result: 0, currentVersion: '1.0.0', targetVersion: '', time: clock, detail, errorCode: '',
    artifact: new Uint8Array(0), bytesReceived: 0, bytesTotal: 0, securityVersion: 1, model: 'ath9k', receivedAt: 0, slot: '', previousVersion: '',
    hardwareRevision: '', support: SupportStatus.UNKNOWN, endOfLifeAt: 0, sbomSha256: new Uint8Array(0), deferredUntil: 0
  }))
}

async function closed (c: mqtt.MqttClient, ms = 5000): Promise<boolean> {
  if (!c.connected) return true
  return await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ms)
    c.once('close', () => { clearTimeout(timer); resolve(true) })
  })
}

/** SUBACK return codes of a subscription (mqtt.js rejects `subscribeAsync` when one is 0x80). */
async function suback (c: mqtt.MqttClient, filters: string | string[]): Promise<number[]> {
  return await new Promise<number[]>((resolve) => {
    c.subscribe(filters, { qos: 1 }, (err, granted) => {
      const g = (err as { packet?: { granted?: number[] } } | null)?.packet?.granted
      resolve(g ?? (granted ?? []).map((x) => x.qos))
    })
  })
}

describe('packet size at the transport', () => {
  it('closes a connection whose first header claims 200 MB before reading the body, and audits packet.refused', async () => {
    const tls = await env.deviceTls('dev-0001')
    const socket = tlsConnect({ host: '127.0.0.1', port: env.broker.port, servername: 'localhost', ...tls })
    await new Promise<void>((resolve, reject) => { socket.once('secureConnect', resolve); socket.once('error', reject) })
    const claimed = 200 * 1024 * 1024
    const gone = new Promise<void>((resolve) => { socket.once('close', () => resolve()) })
    socket.on('error', () => {})
    // CONNECT (type 1) claiming 200 MB, then body bytes for as long as the broker keeps the connection: at most 16 MiB.
    socket.write(Buffer.concat([Buffer.from([0x10]), remainingLength(claimed)]))
    let sent = 0
    let isClosed = false
    void gone.then(() => { isClosed = true })
    const chunk = randomBytes(64 * 1024)
    while (!isClosed && sent < 16 * 1024 * 1024) {
      if (!socket.write(chunk)) await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), gone, new Promise((resolve) => setTimeout(resolve, 1000))])
      sent += chunk.length
    }
    await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 5000))])
    expect(isClosed).toBe(true)
    // The broker closed the connection long before the claimed body could have arrived.
    expect(sent).toBeLessThan(16 * 1024 * 1024)
    await until(async () => (await lines('packet.refused', 'dev-0001')).length > 0, 5000, 'packet.refused audit line')
    const [l] = await lines('packet.refused', 'dev-0001')
    expect(l).toMatchObject({ role: 'device', reason: 'oversize', claimedBytes: claimed, limitBytes: env.broker.plugin.limits.maxPacket.device, packetType: 1, remoteAddress: '127.0.0.1' })
    expect(env.broker.plugin.limits.maxPacket.device).toBeLessThan(64 * 1024)
  }, 30_000)

  it('closes a connected device at a publish over its largest legal packet; an operator may send a bundle-sized one', async () => {
    const dev = await env.connect('dev-0002')
    dev.on('error', () => {})
    const gone = closed(dev)
    dev.publish('ota/audit/dev-0002', randomBytes(100 * 1024), { qos: 0 })
    expect(await gone).toBe(true)
    await until(async () => (await lines('packet.refused', 'dev-0002')).length > 0, 5000, 'packet.refused audit line')
    expect((await lines('packet.refused', 'dev-0002'))[0]).toMatchObject({ reason: 'oversize', packetType: 3, role: 'device' })

    const op = await env.connect('operator')
    op.publish('ota/admin/operator/release', randomBytes(512 * 1024), { qos: 1 })
    await until(async () => (await lines('release.rejected')).length > 0, 10_000, 'the garbage bundle to be rejected by the plugin')
    expect(op.connected).toBe(true)
    expect(await lines('packet.refused', 'operator')).toEqual([])
    await op.endAsync()
  }, 30_000)

  it('closes a connection whose Remaining Length runs past four bytes (malformed)', async () => {
    const tls = await env.deviceTls('dev-0003')
    const socket = tlsConnect({ host: '127.0.0.1', port: env.broker.port, servername: 'localhost', ...tls })
    await new Promise<void>((resolve, reject) => { socket.once('secureConnect', resolve); socket.once('error', reject) })
    socket.on('error', () => {})
    const gone = new Promise<boolean>((resolve) => { socket.once('close', () => resolve(true)); setTimeout(() => resolve(false), 5000) })
    // Continuation bits with zero value bits: never over the limit, but five bytes long.
    socket.write(Buffer.from([0x10, 0x80, 0x80, 0x80, 0x80, 0x01]))
    expect(await gone).toBe(true)
    await until(async () => (await lines('packet.refused', 'dev-0003')).length > 0, 5000, 'packet.refused audit line')
    expect((await lines('packet.refused', 'dev-0003'))[0]).toMatchObject({ reason: 'malformed' })
  }, 30_000)
})

describe('one connection per certificate', () => {
  it('refuses a second connection with one certificate while the first is being established; takeover after CONNECT stays', async () => {
    const tls = await env.deviceTls('dev-0008')
    // The first connection: TLS done, no CONNECT yet (a slow or hostile holder of the certificate).
    const first = tlsConnect({ host: '127.0.0.1', port: env.broker.port, servername: 'localhost', ...tls })
    await new Promise<void>((resolve, reject) => { first.once('secureConnect', resolve); first.once('error', reject) })
    first.on('error', () => {})
    const firstGone = new Promise<void>((resolve) => { first.once('close', () => resolve()) })
    // Parallel connections with the same certificate: each refused at the transport, audited.
    const parallel = await Promise.all([0, 1, 2].map(async () => await tryConnect(env.broker.url, { clientId: 'dev-0008', ...tls })))
    expect(parallel.map((r) => r.connected)).toEqual([false, false, false])
    await until(async () => (await auditLines(env.broker.plugin.auditLog)).filter((l) => l.event === 'auth.denied' && l.clientId === 'dev-0008' && l.parallel === true).length === 3, 5000, 'three auth.denied lines')
    expect(first.destroyed).toBe(false)
    // Once the first is gone, the device connects; a successor may still take its session over.
    first.destroy()
    await firstGone
    const a = await env.connect('dev-0008')
    const aGone = closed(a)
    const b = await env.connect('dev-0008')
    expect(b.connected).toBe(true)
    expect(await aGone).toBe(true)
    const refused = (await auditLines(env.broker.plugin.auditLog)).find((l) => l.event === 'auth.denied' && l.clientId === 'dev-0008')
    expect(refused).toMatchObject({ role: 'device', certificateId: 'dev-0008', remoteAddress: '127.0.0.1', reason: 'another connection with this certificate is still being established' })
    await b.endAsync()
  }, 30_000)
})

describe('topic limits', () => {
  it('refuses a subscription deeper than the depth limit or longer than the length limit, audited', async () => {
    const c = await env.connect('dev-0004')
    const deep = 'ota/d/dev-0004/' + Array.from({ length: 10 }, () => '+').join('/')
    const long = 'ota/m/ath9k/' + 'x'.repeat(300)
    expect(await suback(c, [deep, long])).toEqual([128, 128])
    const refused = await lines('acl.denied', 'dev-0004')
    expect(refused.map((l) => l.reason)).toEqual([
      `topic of 13 levels exceeds the limit of ${env.broker.plugin.limits.maxTopicDepth}`,
      `topic of ${long.length} characters exceeds the limit of ${env.broker.plugin.limits.maxTopicLength}`
    ])
    // Its own allowed filters still work.
    expect((await c.subscribeAsync('ota/d/dev-0004/data', { qos: 1 }))[0]!.qos).toBe(1)
    await c.endAsync()
  })

  it('refuses a publish deeper than the depth limit (closing the connection), audited', async () => {
    const c = await env.connect('dev-0004')
    c.on('error', () => {})
    const gone = closed(c)
    c.publish('ota/d/dev-0004/req/' + 'a/'.repeat(8) + 'b', Buffer.from([1]), { qos: 1 })
    expect(await gone).toBe(true)
    await until(async () => (await lines('acl.denied', 'dev-0004')).some((l) => l.action === 'publish'), 5000, 'acl.denied of the publish')
    expect((await lines('acl.denied', 'dev-0004')).find((l) => l.action === 'publish')!.reason).toMatch(/^topic of 13 levels exceeds the limit of 8$/)
  })
})

describe('rate limits by certificate, across reconnects', () => {
  it('drops chunk requests over the bucket, audited as rate.limited, and a reconnect does not refill it', async () => {
    const req = Buffer.from(encodeChunkRequest({ artifact: randomBytes(32), base: 0, bitmap: new Uint8Array([1]) }))
    const a = await env.connect('dev-0005')
    for (let i = 0; i < 12; i++) await a.publishAsync('ota/d/dev-0005/req', req, { qos: 1 })
    await a.endAsync()
    const b = await env.connect('dev-0005')
    for (let i = 0; i < 4; i++) await b.publishAsync('ota/d/dev-0005/req', req, { qos: 1 })
    expect(b.connected).toBe(true)
    await b.endAsync()
    await until(async () => (await lines('rate.limited', 'dev-0005')).length >= 8, 5000, 'rate.limited lines')
    // Burst 5: five requests were handled (refused: no such artifact), eleven dropped; the
    // per-identity budget of refusal records (8 a window) writes eight of those rate.limited lines.
    const handled = (await auditLines(env.broker.plugin.auditLog)).filter((l) => l.event === 'request.refused' && l.deviceId === 'dev-0005')
    expect(handled.length).toBe(5)
    const limited = await lines('rate.limited', 'dev-0005')
    expect(limited.length).toBe(8)
    expect(limited[0]).toMatchObject({ kind: 'req', perSecond: 1, burst: 5, dropped: 1 })
  }, 30_000)

  it('charges only requests that add nothing: a download of more requests than the burst is served whole, requests past the last chunk are dropped', async () => {
    const rel = createRelease({ image: new Uint8Array(randomBytes(48 * 1024)), model: 'ath9k', version: '2.0.0', securityVersion: 2, sequence: 1, chunkSize: 4096, signers: [env.signer] })
    await env.broker.plugin.publishRelease(rel.bundle, 'test')
    const c = await env.connect('dev-0009')
    const frames = new Set<number>()
    c.on('message', (topic, payload) => { if (topic === 'ota/d/dev-0009/data') frames.add(decodeDataFrame(payload, 4096).chunk?.index ?? -1) })
    await c.subscribeAsync('ota/d/dev-0009/data', { qos: 0 })
    const artifact = rel.manifest.image.sha256
    // One request per chunk, twelve requests with a burst of 5 and a frozen clock: each queued a chunk, none is charged.
    const count = 12
    for (let i = 0; i < count; i++) await c.publishAsync('ota/d/dev-0009/req', Buffer.from(encodeChunkRequest(chunkRequestFor(artifact, [i]))), { qos: 1 })
    await until(() => frames.size >= count, 5000, 'every chunk served')
    expect([...frames].sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i))
    // Requests naming only chunks past the end queue nothing: five are charged, the rest dropped.
    const past = Buffer.from(encodeChunkRequest({ artifact, base: count, bitmap: new Uint8Array([1]) }))
    for (let i = 0; i < 9; i++) await c.publishAsync('ota/d/dev-0009/req', past, { qos: 1 })
    await until(async () => (await lines('rate.limited', 'dev-0009')).length >= 4, 5000, 'rate.limited lines')
    expect((await lines('rate.limited', 'dev-0009')).length).toBe(4)
    await c.endAsync()
  }, 30_000)

  it('drops status events over the bucket (never forwarded to operators), across a reconnect', async () => {
    const op = await env.connect('operator')
    const seen: string[] = []
    op.on('message', (topic) => { if (topic === 'ota/audit/dev-0006') seen.push(topic) })
    await op.subscribeAsync('ota/audit/+', { qos: 1 })
    const a = await env.connect('dev-0006')
    for (let i = 0; i < 6; i++) await a.publishAsync('ota/audit/dev-0006', statusEvent('dev-0006', `a${i}`), { qos: 1 })
    await a.endAsync()
    const b = await env.connect('dev-0006')
    for (let i = 0; i < 3; i++) await b.publishAsync('ota/audit/dev-0006', statusEvent('dev-0006', `b${i}`), { qos: 1 })
    await b.endAsync()
    await until(async () => (await lines('rate.limited', 'dev-0006')).length >= 6, 5000, 'rate.limited lines')
    const accepted = (await auditLines(env.broker.plugin.auditLog)).filter((l) => l.event === 'device.status' && l.deviceId === 'dev-0006')
    expect(accepted.length).toBe(3)
    expect((await lines('rate.limited', 'dev-0006')).every((l) => l.kind === 'audit')).toBe(true)
    await until(() => seen.length >= 3, 5000, 'the three accepted events at the operator')
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(seen.length).toBe(3)
    await op.endAsync()
  }, 30_000)
})

describe('refusal records per identity', () => {
  it('writes at most 8 a window per identity across reconnects, then one audit.suppressed summary with the count', async () => {
    const filter = (i: number): string => `ota/m/other-${i}/manifest`
    const a = await env.connect('dev-0007')
    for (let i = 0; i < 12; i++) expect(await suback(a, filter(i))).toEqual([128])
    await a.endAsync()
    const b = await env.connect('dev-0007')
    for (let i = 0; i < 4; i++) expect(await suback(b, filter(100 + i))).toEqual([128])
    expect((await lines('acl.denied', 'dev-0007')).length).toBe(8)
    expect(await lines('audit.suppressed')).toEqual([])
    // The next window: its first refusal writes the previous window's summary first.
    clock += 60_000
    expect(await suback(b, filter(200))).toEqual([128])
    await until(async () => (await lines('acl.denied', 'dev-0007')).length === 9, 5000, 'the next window\'s first line')
    const summary = (await lines('audit.suppressed')).filter((l) => l.key === 'dev-0007')
    expect(summary).toHaveLength(1)
    expect(summary[0]).toMatchObject({ suppressed: 8, windowMs: 60_000 })
    await b.endAsync()
  }, 30_000)

  it('caps refused TLS handshakes by the peer\'s address: 8 tls.refused lines of 11, then the summary', async () => {
    const handshake = async (): Promise<void> => {
      await new Promise<void>((resolve) => {
        const s = tlsConnect({ host: '127.0.0.1', port: env.broker.port, ca: env.ca, servername: 'localhost', rejectUnauthorized: true })
        s.on('error', () => {})
        s.on('close', () => { resolve() })
        s.setTimeout(5000, () => { s.destroy() })
      })
    }
    for (let i = 0; i < 11; i++) await handshake()
    await until(async () => (await lines('tls.refused')).length >= 8, 5000, 'tls.refused lines')
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect((await lines('tls.refused')).length).toBe(8)
    expect((await lines('tls.refused'))[0]).toMatchObject({ reason: 'no certificate', remoteAddress: '127.0.0.1' })
    clock += 60_000
    await handshake()
    await until(async () => (await lines('tls.refused')).length === 9, 5000, 'the next window\'s first line')
    expect((await lines('audit.suppressed')).filter((l) => l.key === '127.0.0.1')).toEqual([expect.objectContaining({ suppressed: 3 })])
  }, 30_000)
})
