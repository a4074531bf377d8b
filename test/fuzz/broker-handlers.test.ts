/**
 * Hostile payloads on every OTA topic a device or an operator may publish to, through the real
 * standalone broker over mutual TLS (issue 7 item 9): chunk requests and status events from a
 * device, admin requests and release bundles from an operator. Each case is arbitrary bytes or a
 * mutated valid encoding; the broker either takes it or refuses it with an audited `acl.denied`
 * whose reason starts with a code of ErrorCodes (a rejected bundle: `release.rejected` with its
 * code), and it keeps answering other clients. `FUZZ_NET_RUNS` sets the cases per topic.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import mqtt from 'mqtt'
import {
  ErrorCodes, State, chunkRequestFor, encodeChunkRequest, encodeStatusEvent, decodeDataFrame, type StatusEvent
} from '../../proto/index.js'
import { decodeAdminAnswer, encodeAdminRequest } from '../../proto/codec/operator.js'
import { auditLines, makeEnv, until, type TestEnv } from '../helpers/env.js'
import { hostile, runs } from './mutate.js'

const N = runs(12, 'FUZZ_NET_RUNS')
/** a case (connect, publish, settle) must end within this: no hang */
const CASE_MS = 10_000
const TIMEOUT = Math.max(120_000, N * 1500)

let env: TestEnv
let rel: ReturnType<TestEnv['release']>

beforeAll(async () => {
  // Limits far above the case rate: every case must reach its handler, not a rate limit (which
  // drops a message before decoding it) or the refusal budget (which would hide its audit line).
  const unlimited = { perSecond: 1_000_000, burst: 10_000_000 }
  env = await makeEnv({ devices: 2, plugin: { limits: { requestRate: unlimited, statusRate: unlimited, audit: { perWindow: 1_000_000, windowMs: 60_000 } } } })
  rel = env.release(Uint8Array.from({ length: 6000 }, (_, i) => i & 0xff), '2.0.0', 2, 2)
}, 60_000)
afterAll(async () => { await env?.close() })

/** One client that is reconnected when the broker closes it after a refusal. */
class Sender {
  private c: mqtt.MqttClient | undefined
  constructor (readonly id: string) {}
  /**
   * Publishes `payload` on `topic` at QoS 1.
   * @returns 'acked' (PUBACK) or 'closed' (refused: aedes closes the connection)
   */
  async send (topic: string, payload: Uint8Array): Promise<'acked' | 'closed'> {
    if (this.c === undefined || !this.c.connected) {
      if (this.c !== undefined) await this.c.endAsync(true).catch(() => {})
      this.c = await env.connect(this.id)
    }
    const c = this.c
    let onClose: (() => void) | undefined
    const r = await new Promise<'acked' | 'closed'>((resolve, reject) => {
      const timer = setTimeout(() => { reject(new Error(`no PUBACK nor close within ${CASE_MS} ms`)) }, CASE_MS)
      const done = (v: 'acked' | 'closed'): void => { clearTimeout(timer); resolve(v) }
      onClose = () => { done('closed') }
      c.once('close', onClose)
      // mqtt.js fails the callback of a publish in flight when the connection closes
      c.publish(topic, Buffer.from(payload), { qos: 1 }, (err) => { done(err === undefined || err === null ? 'acked' : 'closed') })
    })
    c.removeListener('close', onClose!)
    return r
  }
  async close (): Promise<void> { await this.c?.endAsync(true).catch(() => {}) }
}

/** The broker still answers: an operator's inventory query gets its answer. */
async function brokerAnswers (): Promise<void> {
  const op = await env.connect('operator', { clientId: 'operator' })
  try {
    const answer = new Promise<Buffer>((resolve) => { op.on('message', (_t, p) => { resolve(p) }) })
    await op.subscribeAsync(env.broker.plugin.topics.adminAnswer('operator'), { qos: 1 })
    await op.publishAsync(env.broker.plugin.topics.adminRequest('operator'), Buffer.from(encodeAdminRequest({ kind: 'inventory' })), { qos: 1 })
    const a = decodeAdminAnswer(await answer)
    expect(a.kind).toBe('inventory')
  } finally {
    await op.endAsync(true)
  }
}

/** Every refusal of `clientId`'s publishes on `topic` is audited with a known code. */
async function refusalsTyped (clientId: string, topicPart: string, closed: number): Promise<void> {
  const denied = (await auditLines(env.broker.plugin.auditLog))
    .filter((l) => l.event === 'acl.denied' && l.clientId === clientId && l.action === 'publish' && String(l.topic).includes(topicPart))
  expect(denied.length).toBeGreaterThanOrEqual(Math.min(closed, 1))
  for (const l of denied) {
    const code = String(l.reason).split(':')[0]!
    expect(Object.hasOwn(ErrorCodes, code), `audited reason ${String(l.reason)}`).toBe(true)
  }
}

async function fuzzTopic (sender: Sender, topic: string, seeds: Uint8Array[]): Promise<number> {
  let closed = 0
  await fc.assert(fc.asyncProperty(hostile(seeds), async (bytes) => {
    if (await sender.send(topic, bytes) === 'closed') closed++
  }), { numRuns: N })
  return closed
}

const status = (id: string): StatusEvent => ({
  deviceId: id, state: State.IDLE, result: 0, currentVersion: '1.0.0', targetVersion: '', time: Date.now(), detail: '', errorCode: '',
  artifact: new Uint8Array(0), bytesReceived: 0, bytesTotal: 0, securityVersion: 1, model: 'ath9k', receivedAt: 0, slot: 'a',
  previousVersion: '', hardwareRevision: '', support: 0, endOfLifeAt: 0, sbomSha256: new Uint8Array(0), deferredUntil: 0
})

describe('the broker\'s OTA topic handlers under hostile payloads', () => {
  it(`device chunk requests (${N} cases): typed refusals, the broker keeps answering`, async () => {
    const s = new Sender('dev-0001')
    const closed = await fuzzTopic(s, 'ota/d/dev-0001/req', [
      encodeChunkRequest(chunkRequestFor(rel.manifest.image.sha256, [0, 1])),
      encodeChunkRequest(chunkRequestFor(new Uint8Array(32), [3]))
    ])
    await s.close()
    await refusalsTyped('dev-0001', '/req', closed)
    await brokerAnswers()
    // a well-behaved device is still served: a request for an unknown artifact gets its error frame
    const d = await env.connect('dev-0002')
    const frame = new Promise<Buffer>((resolve) => { d.on('message', (_t, p) => { resolve(p) }) })
    await d.subscribeAsync('ota/d/dev-0002/data', { qos: 0 })
    await d.publishAsync('ota/d/dev-0002/req', Buffer.from(encodeChunkRequest(chunkRequestFor(new Uint8Array(32).fill(7), [0]))), { qos: 1 })
    expect(decodeDataFrame(await frame, 1024 * 1024).error?.code).toBe('OTA_UNKNOWN_ARTIFACT')
    await d.endAsync(true)
  }, TIMEOUT)

  it(`device status events (${N} cases): typed refusals, the broker keeps answering`, async () => {
    const s = new Sender('dev-0001')
    const closed = await fuzzTopic(s, 'ota/audit/dev-0001', [encodeStatusEvent(status('dev-0001')), encodeStatusEvent({ ...status('dev-0001'), state: State.FAILED, errorCode: 'OTA_HASH_MISMATCH' })])
    await s.close()
    await refusalsTyped('dev-0001', 'audit', closed)
    await brokerAnswers()
  }, TIMEOUT)

  it(`operator admin requests, rollout kinds included (${N} cases): typed refusals, the broker keeps answering`, async () => {
    const s = new Sender('operator')
    const spec = { waves: [50, 100] }
    const closed = await fuzzTopic(s, 'ota/admin/operator/request', [
      encodeAdminRequest({ kind: 'inventory' }),
      encodeAdminRequest({ kind: 'releases' }),
      encodeAdminRequest({ kind: 'rolloutPlan', release: rel.envelope, spec }),
      encodeAdminRequest({ kind: 'rolloutStatus', id: '' }),
      encodeAdminRequest({ kind: 'rolloutControl', id: 'r-1', action: 'abort' }),
      encodeAdminRequest({ kind: 'release', bundle: rel.bundle, force: false })
    ])
    await s.close()
    await refusalsTyped('operator', 'request', closed)
    await brokerAnswers()
  }, TIMEOUT)

  it(`operator release bundles (${N} cases): each is stored or rejected with a typed, audited code`, async () => {
    const s = new Sender('operator')
    const before = (await auditLines(env.broker.plugin.auditLog)).filter((l) => String(l.event).startsWith('release.')).length
    const closed = await fuzzTopic(s, 'ota/admin/operator/release', [Uint8Array.from(rel.bundle)])
    await s.close()
    await refusalsTyped('operator', 'release', closed)
    // every accepted bundle gets its verdict line (published, unchanged or rejected)
    await until(async () => (await auditLines(env.broker.plugin.auditLog)).filter((l) => String(l.event).startsWith('release.')).length >= before + N - closed, 60_000, 'a verdict per bundle')
    const rejected = (await auditLines(env.broker.plugin.auditLog)).filter((l) => l.event === 'release.rejected')
    for (const l of rejected) expect(Object.hasOwn(ErrorCodes, String(l.code)), `release.rejected code ${String(l.code)}`).toBe(true)
    await brokerAnswers()
  }, TIMEOUT)
})
