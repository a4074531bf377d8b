/**
 * Threat: retained and will poisoning (issue 7, item 8). A retained message, or a will (which the
 * broker publishes on the client's behalf after it is gone), planted on a topic others read
 * would reach every later subscriber: a forged status on the operators' feed, a frame on a
 * device's data topic, an old manifest on the model's manifest topic. Against the real broker
 * over TLS on 127.0.0.1 with real certificates: a device publishing retained on its own status
 * and request topics, an operator publishing retained on a device's data topic, a CONNECT with a
 * will on OTA topics, and a will on a non-OTA topic of the standalone broker. Each is refused and
 * audited, the broker's retained store holds nothing planted, and a later subscriber receives
 * nothing planted (a will the ACL file allows is delivered: the control).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import mqtt from 'mqtt'
import { State, SupportStatus, Topics, chunkRequestFor, encodeChunkRequest, encodeDataFrame, encodeStatusEvent } from '../../proto/index.js'
import { KeyFiles } from '../../sign/index.js'
import { startOtaBroker, type OtaBroker } from '../../broker/index.js'
import { FIXTURES, auditLines, makeEnv, tryConnect, until, type TestEnv } from '../helpers/env.js'

const MODEL = 'ath9k'
const topics = new Topics('ota')
let env: TestEnv
let image: Buffer

beforeAll(async () => {
  env = await makeEnv({ model: MODEL, devices: 3 })
  image = await readFile(join(FIXTURES, 'firmware', MODEL, 'new.bin'))
  await env.broker.plugin.publishRelease(env.release(image, '2.0.0', 2, 2).bundle, 'test')
})
afterAll(async () => { await env?.close() })

function statusEvent (deviceId: string, detail: string): Buffer {
  return Buffer.from(encodeStatusEvent({
    deviceId, state: State.IDLE, result: 0, currentVersion: '1.0.0', targetVersion: '', time: Date.now(), detail, errorCode: '',
    artifact: new Uint8Array(0), bytesReceived: 0, bytesTotal: 0, securityVersion: 1, model: MODEL, receivedAt: 0, slot: '', previousVersion: '',
    hardwareRevision: '', support: SupportStatus.UNKNOWN, endOfLifeAt: 0, sbomSha256: new Uint8Array(0), deferredUntil: 0
  }))
}

/** Topics of every retained message in `broker`'s store (aedes persistence), sorted. */
async function retainedTopics (broker: OtaBroker): Promise<string[]> {
  const out: string[] = []
  // aedes 1.x has no typing for its persistence; createRetainedStream is aedes-persistence's API.
  const store = (broker.aedes as unknown as { persistence: { createRetainedStream: (pattern: string) => AsyncIterable<{ topic: string }> } }).persistence
  for await (const p of store.createRetainedStream('#')) out.push(p.topic)
  return out.sort()
}

/** Publishes and resolves once the broker has closed the connection (the refusal of a publish); rejects after 5 s. */
async function publishRefused (c: mqtt.MqttClient, topic: string, payload: Buffer): Promise<void> {
  const closed = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the broker did not close the connection after a retained publish on ${topic}`)), 5000)
    c.once('close', () => { clearTimeout(timer); resolve() })
  })
  c.publish(topic, payload, { qos: 1, retain: true })
  await closed
}

/** What a fresh subscriber with `id`'s certificate receives on `filter` within a bounded wait. */
async function received (broker: OtaBroker, id: string, filter: string): Promise<string[]> {
  const c = await mqtt.connectAsync(broker.url, { clientId: id, protocolVersion: 4, reconnectPeriod: 0, servername: 'localhost', ...(await env.deviceTls(id)) })
  const got: string[] = []
  c.on('message', (topic, payload) => got.push(`${topic} ${payload.toString('hex').slice(0, 16)}`))
  await c.subscribeAsync(filter, { qos: 1 })
  // aedes sends the retained messages right after the SUBACK on the same connection: a bounded wait.
  await new Promise((resolve) => setTimeout(resolve, 300))
  await c.endAsync(true)
  return got
}

async function denials (clientId: string, topic: string): Promise<Array<Record<string, unknown>>> {
  return (await auditLines(env.broker.plugin.auditLog)).filter((l) => l.event === 'acl.denied' && l.clientId === clientId && l.topic === topic)
}

const RETAIN_REASON = 'retained publishes are not allowed on OTA topics'

describe('threat: retained and will poisoning', () => {
  it('a device publishing retained on its own status topic: connection closed, acl.denied; no operator ever receives it, no state kept', async () => {
    const c = await env.connect('dev-0001')
    await publishRefused(c, topics.audit('dev-0001'), statusEvent('dev-0001', 'planted'))
    expect(await denials('dev-0001', topics.audit('dev-0001'))).toEqual([
      expect.objectContaining({ outcome: 'failure', action: 'publish', role: 'device', reason: RETAIN_REASON, remoteAddress: '127.0.0.1' })
    ])
    expect(await received(env.broker, 'operator', topics.audit('dev-0001'))).toEqual([])
    expect(await received(env.broker, 'operator', topics.state('dev-0001'))).toEqual([])
    expect(env.broker.plugin.inventory.list().find((d) => d.deviceId === 'dev-0001')?.reportedAt).toBe(0)
    expect(await retainedTopics(env.broker)).toEqual([topics.manifest(MODEL), topics.root()].sort())
  })

  it('a device publishing retained on its own request topic: connection closed, acl.denied; nothing retained for its own # filter', async () => {
    const c = await env.connect('dev-0001')
    const req = Buffer.from(encodeChunkRequest(chunkRequestFor(env.broker.plugin.store.current(MODEL)!.manifest.image.sha256, [0])))
    await publishRefused(c, topics.req('dev-0001'), req)
    expect(await denials('dev-0001', topics.req('dev-0001'))).toEqual([expect.objectContaining({ action: 'publish', role: 'device', reason: RETAIN_REASON })])
    expect(await received(env.broker, 'dev-0001', `ota/d/dev-0001/#`)).toEqual([])
    expect(await retainedTopics(env.broker)).toEqual([topics.manifest(MODEL), topics.root()].sort())
  })

  it('an operator publishing retained on a device\'s data topic: connection closed, acl.denied role operator; the device later receives nothing', async () => {
    const op = env.pki.operators[0]!.id
    const frame = Buffer.from(encodeDataFrame({ error: { artifact: env.broker.plugin.store.current(MODEL)!.manifest.image.sha256, code: 'OTA_WITHDRAWN', detail: 'planted' } }))
    await publishRefused(await env.connect(op), topics.data('dev-0002'), frame)
    expect(await denials(op, topics.data('dev-0002'))).toEqual([expect.objectContaining({ action: 'publish', role: 'operator', reason: RETAIN_REASON })])
    // Not retained, it is refused all the same: the data topic is the broker's alone.
    const again = await env.connect(op)
    const closed = new Promise<void>((resolve) => again.once('close', () => resolve()))
    again.publish(topics.data('dev-0002'), frame, { qos: 1 })
    await closed
    expect((await denials(op, topics.data('dev-0002')))[1]).toMatchObject({ reason: `operator ${op} may not publish to this topic` })
    expect(await received(env.broker, 'dev-0002', topics.data('dev-0002'))).toEqual([])
  })

  it('a CONNECT with a will on an OTA topic (its status topic; a retained old manifest on the model topic) is refused before the session: auth.denied', async () => {
    const tls = await env.deviceTls('dev-0003')
    const old = env.release(image, '1.0.0', 1, 1).envelope
    const wills = [
      { topic: topics.audit('dev-0003'), payload: statusEvent('dev-0003', 'will'), qos: 1 as const, retain: false },
      { topic: topics.manifest(MODEL), payload: Buffer.from(old), qos: 1 as const, retain: true }
    ]
    for (const will of wills) {
      // Refused in aedes' preConnect: the connection is closed without a CONNACK.
      const r = await tryConnect(env.broker.url, { clientId: 'dev-0003', ...tls, will })
      expect(r.connected).toBe(false)
    }
    const denied = (await auditLines(env.broker.plugin.auditLog)).filter((l) => l.event === 'auth.denied' && l.clientId === 'dev-0003')
    expect(denied.map((l) => [l.reason, l.topic])).toEqual(wills.map((w) => ['a will on an OTA topic', w.topic]))
    expect(denied[0]).toMatchObject({ outcome: 'failure', remoteAddress: '127.0.0.1' })
    // No session was made, so no will is left to publish: the model topic still holds the current release.
    const current = Buffer.from(env.broker.plugin.store.current(MODEL)!.envelope).toString('hex').slice(0, 16)
    expect(await received(env.broker, 'dev-0002', topics.manifest(MODEL))).toEqual([`${topics.manifest(MODEL)} ${current}`])
    expect(env.broker.plugin.inventory.list().find((d) => d.deviceId === 'dev-0003')).toBeUndefined()
  })

  describe('a will on a non-OTA topic of the standalone broker', () => {
    let broker: OtaBroker
    beforeAll(async () => {
      // Subscribing under home/ is allowed (so a planted message would be seen); publishing only
      // under a device's own home/<id>/.
      broker = await startOtaBroker({
        pki: env.pki, trust: new Uint8Array(await readFile(join(env.keysDir, KeyFiles.trust))), dataDir: join(env.dir, 'acl-broker'), port: 0,
        acl: [{ allow: true, action: 'subscribe', filter: 'home/#', line: 1 }, { allow: true, action: 'publish', filter: 'home/%c/#', line: 2 }]
      })
    })
    afterAll(async () => { await broker?.close() })

    /** Connects with a retained will on `topic`, then drops the TCP connection (no DISCONNECT: the will is due). */
    async function dieWithWill (id: string, topic: string): Promise<void> {
      const c = await mqtt.connectAsync(broker.url, {
        clientId: id, protocolVersion: 4, reconnectPeriod: 0, servername: 'localhost', ...(await env.deviceTls(id)),
        will: { topic, payload: Buffer.from(`will of ${id}`), qos: 1, retain: true }
      })
      const gone = (await auditLines(broker.plugin.auditLog)).filter((l) => l.event === 'client.disconnected' && l.clientId === id).length
      c.stream.destroy()
      await until(async () => (await auditLines(broker.plugin.auditLog)).filter((l) => l.event === 'client.disconnected' && l.clientId === id).length > gone, 5000, `${id} gone`)
      await c.endAsync(true)
    }

    it('a will on another topic is refused when due (acl.denied, the ACL file\'s reason) and never delivered; a will the ACL allows is (the control)', async () => {
      await dieWithWill('dev-0001', 'home/door')
      await dieWithWill('dev-0002', 'home/dev-0002/lwt')
      await until(async () => (await auditLines(broker.plugin.auditLog)).some((l) => l.event === 'acl.denied' && l.clientId === 'dev-0001'), 5000, 'the refused will')
      const denied = (await auditLines(broker.plugin.auditLog)).filter((l) => l.event === 'acl.denied')
      expect(denied).toEqual([expect.objectContaining({ outcome: 'failure', action: 'publish', topic: 'home/door', clientId: 'dev-0001', role: 'device', reason: 'not allowed by the broker ACL' })])
      expect(await retainedTopics(broker)).toEqual(['home/dev-0002/lwt', topics.root()].sort())
      expect(await received(broker, 'dev-0003', 'home/#')).toEqual([`home/dev-0002/lwt ${Buffer.from('will of dev-0002').toString('hex').slice(0, 16)}`])
    })
  })
})
