/**
 * Threats: spoofed and replayed status events (issue 7, item 8). Operators, the inventory, brick
 * detection and rollouts act on the status events the broker forwards, so a device must not
 * speak for another, nor a captured event pass for a new one. Against the real broker over TLS
 * on 127.0.0.1 with real certificates: events naming another device or model, events on another
 * device's topic, an operator publishing on a device's status topic, and a captured event
 * re-published by another device or an operator are refused (the connection closed, `acl.denied`
 * with the code) and the victim's inventory record, retained state and the operators' feed stay
 * as they were. A device's own stale event is accepted as what it is: the broker stamps each
 * event with its own receive time (`receivedAt`), whatever the bytes claim.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer, connect as tlsConnect, type TLSSocket } from 'node:tls'
import type { AddressInfo } from 'node:net'
import { readFile } from 'node:fs/promises'
import type mqtt from 'mqtt'
import { State, SupportStatus, Topics, decodeStatusEvent, encodeStatusEvent, type StatusEvent } from '../../proto/index.js'
import type { DeviceRecord } from '../../proto/codec/operator.js'
import { auditLines, makeEnv, until, type TestEnv } from '../helpers/env.js'

const MODEL = 'ath9k'
const topics = new Topics('ota')
let env: TestEnv
let op: string
/** the operators' feed: every status event forwarded on `ota/audit/+`, decoded, with its raw bytes */
let feed: mqtt.MqttClient
const forwarded: Array<{ topic: string, raw: Buffer, e: StatusEvent }> = []
/** every `status` event the plugin emitted (what the inventory, brick watch and rollouts act on) */
const emitted: StatusEvent[] = []
/** dev-0002's genuine event as the broker forwarded it (stamped): the attacker's capture */
let captured: Buffer
let victimRecord: DeviceRecord

function event (deviceId: string, over: Partial<StatusEvent> = {}): Buffer {
  return Buffer.from(encodeStatusEvent({
    deviceId, state: State.IDLE, result: 0, currentVersion: '1.0.0', targetVersion: '', time: Date.now(), detail: '', errorCode: '',
    artifact: new Uint8Array(0), bytesReceived: 0, bytesTotal: 0, securityVersion: 1, model: MODEL, receivedAt: 0, slot: '', previousVersion: '',
    hardwareRevision: '', support: SupportStatus.UNKNOWN, endOfLifeAt: 0, sbomSha256: new Uint8Array(0), deferredUntil: 0, ...over
  }))
}

function record (id: string): DeviceRecord | undefined {
  return env.broker.plugin.inventory.list().find((d) => d.deviceId === id)
}

beforeAll(async () => {
  env = await makeEnv({ model: MODEL, devices: 3 })
  op = env.pki.operators[0]!.id
  env.broker.plugin.on('status', (e: StatusEvent) => emitted.push(e))
  feed = await env.connect(op)
  feed.on('message', (topic, raw) => { if (topic.startsWith('ota/audit/')) forwarded.push({ topic, raw, e: decodeStatusEvent(raw) }) })
  await feed.subscribeAsync(topics.auditAll(), { qos: 1 })
  const victim = await env.connect('dev-0002')
  await victim.publishAsync(topics.audit('dev-0002'), event('dev-0002', { detail: 'genuine', currentVersion: '2.0.0', securityVersion: 2 }), { qos: 1 })
  await until(() => forwarded.length === 1, 5000, 'the genuine event at the operator')
  captured = forwarded[0]!.raw
  await victim.endAsync()
  await until(() => record('dev-0002')?.online === false, 5000, 'dev-0002 offline')
  victimRecord = structuredClone(record('dev-0002')!)
}, 30_000)
afterAll(async () => { await env?.close() })

/** Publishes as `id` and resolves once the broker has closed the connection; rejects after 5 s. */
async function refusedPublish (id: string, topic: string, payload: Buffer): Promise<void> {
  const c = await env.connect(id)
  const closed = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${id}'s publish on ${topic} was not refused`)), 5000)
    c.once('close', () => { clearTimeout(timer); resolve() })
  })
  c.publish(topic, payload, { qos: 1 })
  await closed
}

async function lastDenial (clientId: string): Promise<Record<string, unknown> | undefined> {
  return (await auditLines(env.broker.plugin.auditLog)).filter((l) => l.event === 'acl.denied' && l.clientId === clientId).at(-1)
}

/** The victim is as the genuine event left it: inventory record, no new forwarded or emitted event, no device.status line. */
async function expectVictimUntouched (): Promise<void> {
  expect(record('dev-0002')).toEqual(victimRecord)
  expect(forwarded.filter((f) => f.e.deviceId === 'dev-0002' || f.topic === topics.audit('dev-0002'))).toHaveLength(1)
  expect(emitted.filter((e) => e.deviceId === 'dev-0002')).toHaveLength(1)
  expect((await auditLines(env.broker.plugin.auditLog)).filter((l) => l.event === 'device.status' && l.deviceId === 'dev-0002')).toHaveLength(1)
}

describe('threat: spoofed status events', () => {
  it('an event naming another device, on the sender\'s own topic: connection closed, acl.denied OTA_ACL_DENIED; the victim untouched', async () => {
    await refusedPublish('dev-0001', topics.audit('dev-0001'), event('dev-0002', { state: State.FAILED, result: 9, errorCode: 'OTA_BAD_SIGNATURE', currentVersion: '0.1.0' }))
    expect(await lastDenial('dev-0001')).toMatchObject({
      outcome: 'failure', action: 'publish', topic: topics.audit('dev-0001'), role: 'device', remoteAddress: '127.0.0.1',
      reason: 'OTA_ACL_DENIED: status event names device dev-0002, sender is dev-0001'
    })
    await expectVictimUntouched()
  })

  it('an event naming another model, on the sender\'s own topic: connection closed, acl.denied OTA_ACL_DENIED', async () => {
    await refusedPublish('dev-0001', topics.audit('dev-0001'), event('dev-0001', { model: 'model-b' }))
    expect(await lastDenial('dev-0001')).toMatchObject({ topic: topics.audit('dev-0001'), reason: `OTA_ACL_DENIED: status event names model model-b, sender is ${MODEL}` })
    expect(emitted.filter((e) => e.deviceId === 'dev-0001')).toEqual([])
  })

  it('an event on another device\'s status topic: connection closed, acl.denied (not its topic); the victim untouched', async () => {
    await refusedPublish('dev-0001', topics.audit('dev-0002'), event('dev-0002', { currentVersion: '0.1.0' }))
    expect(await lastDenial('dev-0001')).toMatchObject({ topic: topics.audit('dev-0002'), role: 'device', reason: 'device dev-0001 may not publish to this topic' })
    await expectVictimUntouched()
  })
})

describe('threat: replayed status events', () => {
  it('dev-0002\'s captured event re-published by dev-0001, on its own topic and on dev-0002\'s: refused, acl.denied; the victim untouched', async () => {
    await refusedPublish('dev-0001', topics.audit('dev-0001'), captured)
    expect(await lastDenial('dev-0001')).toMatchObject({ topic: topics.audit('dev-0001'), reason: 'OTA_ACL_DENIED: status event names device dev-0002, sender is dev-0001' })
    await refusedPublish('dev-0001', topics.audit('dev-0002'), captured)
    expect(await lastDenial('dev-0001')).toMatchObject({ topic: topics.audit('dev-0002'), reason: 'device dev-0001 may not publish to this topic' })
    await expectVictimUntouched()
  })

  it('a device\'s own stale event is stamped with the broker\'s receive time: a forged receivedAt and an old device time cannot pose as fresh', async () => {
    const c = await env.connect('dev-0003')
    const hourAgo = Date.now() - 3600_000
    const before = Date.now()
    await c.publishAsync(topics.audit('dev-0003'), event('dev-0003', { time: hourAgo, receivedAt: Date.now() + 86_400_000, detail: 'stale' }), { qos: 1 })
    await until(() => forwarded.some((f) => f.e.deviceId === 'dev-0003'), 5000, 'the stale event forwarded')
    const after = Date.now()
    const e = forwarded.find((f) => f.e.deviceId === 'dev-0003')!.e
    expect(e.time).toBe(hourAgo)
    expect(e.receivedAt).toBeGreaterThanOrEqual(before)
    expect(e.receivedAt).toBeLessThanOrEqual(after)
    const line = (await auditLines(env.broker.plugin.auditLog)).filter((l) => l.event === 'device.status' && l.deviceId === 'dev-0003').at(-1)
    expect(line).toMatchObject({ detail: 'stale', deviceTime: hourAgo, receivedAt: e.receivedAt, clientId: 'dev-0003' })
    expect(record('dev-0003')!.reportedAt).toBe(e.receivedAt)

    // dev-0002's own capture replayed by dev-0002 itself: accepted (it is its own) but stamped
    // now, not with the capture's stamp; its device time still says when it was made.
    const old = decodeStatusEvent(captured)
    const replayer = await env.connect('dev-0002')
    const at = Date.now()
    await replayer.publishAsync(topics.audit('dev-0002'), captured, { qos: 1 })
    await until(() => forwarded.filter((f) => f.e.deviceId === 'dev-0002').length === 2, 5000, 'the replay forwarded')
    const again = forwarded.filter((f) => f.e.deviceId === 'dev-0002')[1]!.e
    expect(again.time).toBe(old.time)
    expect(again.receivedAt).toBeGreaterThanOrEqual(at)
    expect(again.receivedAt).toBeGreaterThan(old.receivedAt)
    expect(record('dev-0002')!.reportedAt).toBe(again.receivedAt)
    await replayer.endAsync()
    await c.endAsync()
    await until(() => record('dev-0002')?.online === false, 5000, 'dev-0002 offline')
  })

  it('an operator re-publishing the capture on the device\'s status topic: connection closed, acl.denied role operator; state and inventory untouched', async () => {
    const before = structuredClone(record('dev-0002')!)
    const emittedBefore = emitted.length
    // The feed holds the operator id: the attacker's connection takes it over, then is closed.
    await refusedPublish(op, topics.audit('dev-0002'), captured)
    expect(await lastDenial(op)).toMatchObject({ action: 'publish', topic: topics.audit('dev-0002'), role: 'operator', reason: `operator ${op} may not publish to this topic` })
    expect(emitted.length).toBe(emittedBefore)
    expect(record('dev-0002')).toEqual(before)
    // The retained last state is the broker's stamp of the replay above, not the operator's bytes.
    const watcher = await env.connect(op)
    const state = new Promise<Buffer>((resolve) => watcher.on('message', (_t, p) => resolve(p)))
    await watcher.subscribeAsync(topics.state('dev-0002'), { qos: 1 })
    expect(decodeStatusEvent(await state).receivedAt).toBe(before.reportedAt)
    await watcher.endAsync()
  })

  it('no TLS-level replay: a ticket from an earlier connection does not resume (no PSK, so no 0-RTT early data: RFC 8446 2.3, 8); a default Node server would resume', async () => {
    const tls = await env.deviceTls('dev-0003')
    /** One handshake, offering `session` when given: the protocol, the tickets received, whether it resumed. */
    const handshake = async (port: number, session?: Buffer): Promise<{ protocol: string | null, tickets: Buffer[], resumed: boolean }> => {
      const s: TLSSocket = tlsConnect({ host: '127.0.0.1', port, servername: 'localhost', ...tls, ...(session !== undefined ? { session } : {}) })
      s.on('error', () => {})
      const tickets: Buffer[] = []
      s.on('session', (t: Buffer) => tickets.push(t))
      await new Promise<void>((resolve, reject) => { s.once('secureConnect', resolve); s.once('error', reject) })
      // A TLS 1.3 server sends its NewSessionTicket messages right after the handshake: a bounded wait for them.
      await new Promise((resolve) => setTimeout(resolve, 300))
      const r = { protocol: s.getProtocol(), tickets, resumed: s.isSessionReused() }
      s.destroy()
      return r
    }
    // OpenSSL still sends (stateful) tickets under SSL_OP_NO_TICKET, but the broker keeps no
    // session cache to find them in: offered back, each one ends in a full handshake, client
    // certificate (and CRL) checked again.
    const first = await handshake(env.broker.port)
    expect(first.protocol).toBe('TLSv1.3')
    expect(first.tickets.length).toBeGreaterThan(0)
    for (const t of first.tickets) expect((await handshake(env.broker.port, t)).resumed).toBe(false)
    // The control: the same certificates on a Node TLS 1.3 server with default options resume.
    const server = createServer({ key: await readFile(env.pki.server.key), cert: await readFile(env.pki.server.cert), ca: env.ca, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.3' }, (s) => { s.on('error', () => {}) })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const port = (server.address() as AddressInfo).port
      const control = await handshake(port)
      expect((await handshake(port, control.tickets.at(-1))).resumed).toBe(true)
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})
