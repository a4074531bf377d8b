/**
 * Threat: broker denial of service by a device holding a valid certificate (issue 7, item 8),
 * against the standalone broker with its DEFAULT limits, over TLS on 127.0.0.1: a packet header
 * claiming 200 MB, deep and long topics, parallel connections with one certificate, a status
 * flood, and an audit flood across reconnects. Each attack is refused and audited, and the audit
 * log stays bounded.
 */
import { connect as tlsConnect, type TLSSocket } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type mqtt from 'mqtt'
import { State, SupportStatus, encodeStatusEvent } from '../../proto/index.js'
import { auditLines, makeEnv, until, type TestEnv } from '../helpers/env.js'

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
})
