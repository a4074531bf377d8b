/**
 * The parts of broadcast mode that are pure rules (docs/PROTOCOL.md, "Broadcast"): the topic
 * builder and parser, the ACL rules for the broadcast topic, the `broadcast` plugin option, the
 * subscriber registry fed by aedes' events (join order, refusals, unsubscribe, disconnect, a
 * client gone before its event), the bound on broadcast topics per connection, the admission of a
 * frame to a subscriber's socket, chunks that wait too long or cannot be read, cancelled and
 * superseded artifacts, and the topic limits that must leave room for the broadcast topic.
 */
import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import type { Aedes, Client } from 'aedes'
import { Topics, isOtaError } from '../proto/index.js'
import { mayForward, mayPublish, maySubscribe, type Identity } from '../broker/acl.js'
import { resolveOptions } from '../broker/options.js'
import { BroadcastSubscribers, Broadcaster, MAX_BROADCAST_TOPICS, castKey } from '../broker/broadcast/index.js'
import { resolveLimits } from '../broker/limits/options.js'
import type { ReleaseStore } from '../broker/store.js'
import { trust } from './helpers/client-harness.js'

const t = new Topics('ota')
const A = 'ab'.repeat(32)
const dev: Identity = { role: 'device', id: 'dev-1', model: 'm1' }
const other: Identity = { role: 'device', id: 'dev-2', model: 'm2' }
const op: Identity = { role: 'operator', id: 'op-1' }
const limits = { req: 256, audit: 4096, adminRelease: 1 << 20, adminRequest: (1 << 20) + 64 }

describe('the broadcast topic', () => {
  it('is built and parsed under any prefix, with the model and the artifact id', () => {
    expect(t.broadcast('m1', A)).toBe(`ota/m/m1/a/${A}/data`)
    expect(t.parse(`ota/m/m1/a/${A}/data`)).toEqual({ kind: 'broadcast', id: 'm1', artifact: A })
    const acme = new Topics('acme/ota')
    expect(acme.parse(acme.broadcast('sensor.v2', A))).toEqual({ kind: 'broadcast', id: 'sensor.v2', artifact: A })
  })

  it('names one artifact: 64 lowercase hex digits, no wildcard, no other level', () => {
    for (const bad of [A.toUpperCase(), A.slice(1), A + '0', '+', '#', '']) {
      let err: unknown
      try { t.broadcast('m1', bad) } catch (e) { err = e }
      expect(isOtaError(err, 'OTA_INVALID_ARGUMENT'), bad).toBe(true)
    }
    for (const topic of [`ota/m/m1/a/${A.toUpperCase()}/data`, 'ota/m/m1/a/+/data', 'ota/m/+/a/' + A + '/data', `ota/m/m1/a/${A}`, `ota/m/m1/a/${A}/data/x`, `ota/m/m1/b/${A}/data`, `ota/m/m 1/a/${A}/data`]) {
      expect(t.parse(topic), topic).toBeNull()
    }
  })
})

describe('the ACL of the broadcast topic', () => {
  it('lets a device subscribe to its own model\'s broadcast topics only, and never with a wildcard', () => {
    expect(maySubscribe(dev, t.broadcast('m1', A), t)).toBe(true)
    for (const f of [t.broadcast('m2', A), 'ota/m/m1/a/+/data', 'ota/m/m1/a/#', 'ota/m/+/a/' + A + '/data', 'ota/m/m1/#']) expect(maySubscribe(dev, f, t), f).toBe(false)
    expect(maySubscribe(op, t.broadcast('m1', A), t)).toBe(false)
    expect(maySubscribe(null, t.broadcast('m1', A), t)).toBe(false)
  })

  it('forwards a broadcast frame to devices of its model only', () => {
    expect(mayForward(dev, t.broadcast('m1', A), t)).toBe(true)
    expect(mayForward(other, t.broadcast('m1', A), t)).toBe(false)
    expect(mayForward(op, t.broadcast('m1', A), t)).toBe(false)
    expect(mayForward(null, t.broadcast('m1', A), t)).toBe(false)
  })

  it('lets nobody publish there', () => {
    for (const who of [dev, other, op, null]) expect(mayPublish(who, t.broadcast('m1', A), 100, false, t, limits).allow).toBe(false)
  })
})

describe('the broadcast option', () => {
  const base = { trust, dataDir: '/nonexistent' }
  it('defaults to broadcasting from 2 devices, and false turns it off', () => {
    expect(resolveOptions(base).broadcast).toEqual({ minDevices: 2, maxInflightFrames: 8, maxBufferedBytes: 256 * 1024, gatherMs: 300, stallMs: 1000 })
    expect(resolveOptions({ ...base, broadcast: false }).broadcast.minDevices).toBe(0)
    expect(resolveOptions({ ...base, broadcast: { minDevices: 0 } }).broadcast.minDevices).toBe(0)
    expect(resolveOptions({ ...base, broadcast: { minDevices: 5, stallMs: 50 } }).broadcast).toMatchObject({ minDevices: 5, stallMs: 50, maxInflightFrames: 8 })
  })

  it('refuses values out of range', () => {
    for (const b of [{ minDevices: -1 }, { gatherMs: -1 }, { maxInflightFrames: 0 }, { maxInflightFrames: 65 }, { stallMs: 0 }, { maxBufferedBytes: 1.5 }, true, null, []]) {
      let err: unknown
      try { resolveOptions({ ...base, broadcast: b as never }) } catch (e) { err = e }
      expect(isOtaError(err, 'OTA_INVALID_ARGUMENT'), JSON.stringify(b)).toBe(true)
    }
  })
})

/** A stand-in for aedes' event side and a connected client whose socket holds `writableLength` bytes unsent. */
function fakeAedes (): Aedes { return new EventEmitter() as unknown as Aedes }
function fakeClient (id: string, writableLength = 0, conn: { writableNeedDrain?: boolean, writableHighWaterMark?: number } = {}): Client {
  return { id, connected: true, closed: false, conn: { writableLength, writableHighWaterMark: 16 * 1024, writableNeedDrain: false, ...conn } } as unknown as Client
}
/** Resolves after aedes has written what authorizeForward admitted (it writes after a setImmediate). */
async function turns (): Promise<void> { for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve)) }

describe('BroadcastSubscribers', () => {
  it('counts granted subscriptions in join order, and forgets them on unsubscribe and disconnect', () => {
    const aedes = fakeAedes()
    const emptied: string[] = []
    const s = new BroadcastSubscribers(t, (k) => emptied.push(k))
    s.attach(aedes)
    const key = castKey('m1', A)
    const [c1, c2, c3] = [fakeClient('d1'), fakeClient('d2'), fakeClient('d3')]
    aedes.emit('subscribe', [{ topic: t.broadcast('m1', A), qos: 0 }, { topic: 'ota/m/m1/manifest', qos: 1 }], c1)
    aedes.emit('subscribe', [{ topic: t.broadcast('m1', A), qos: 128 }], c2) // refused: not counted
    expect(s.count(key)).toBe(1)
    expect(s.has(c2, key)).toBe(false)
    const afterFirst = s.lastJoin(key)
    aedes.emit('subscribe', [{ topic: t.broadcast('m1', A), qos: 0 }], c2)
    aedes.emit('subscribe', [{ topic: t.broadcast('m1', A), qos: 0 }], c3)
    aedes.emit('subscribe', [{ topic: t.broadcast('m1', A), qos: 0 }], c3) // again: still one member, same join number
    expect(s.count(key)).toBe(3)
    expect(s.joinedAfter(key, afterFirst)).toBe(2)
    expect(s.joinedAfter(key, s.lastJoin(key))).toBe(0)
    aedes.emit('unsubscribe', [t.broadcast('m1', A)], c2)
    expect(s.count(key)).toBe(2)
    expect(s.joinedAfter(key, afterFirst)).toBe(1)
    aedes.emit('clientDisconnect', c1)
    aedes.emit('clientDisconnect', c3)
    expect(s.count(key)).toBe(0)
    expect(emptied).toEqual([key])
    s.detach(aedes)
    aedes.emit('subscribe', [{ topic: t.broadcast('m1', A), qos: 0 }], c1)
    expect(s.count(key)).toBe(0)
  })
})

describe('Broadcaster', () => {
  const opts = { minDevices: 2, maxInflightFrames: 8, maxBufferedBytes: 1000, gatherMs: 0, stallMs: 1000 }
  const store = {} as unknown as ReleaseStore

  it('leaves every chunk to unicast below minDevices subscribers, for a non-subscriber and for a backed-up requester', () => {
    const aedes = fakeAedes()
    const b = new Broadcaster(aedes, aedes, store, t, opts, null)
    const device = { id: 'd1', model: 'm1' }
    const c1 = fakeClient('d1')
    aedes.emit('subscribe', [{ topic: t.broadcast('m1', A), qos: 0 }], c1)
    expect(b.take(c1, device, A, [0, 1])).toEqual({ unicast: [0, 1], queued: 0 })
    const slow = fakeClient('d2', 5000)
    aedes.emit('subscribe', [{ topic: t.broadcast('m1', A), qos: 0 }], slow)
    expect(b.take(slow, { id: 'd2', model: 'm1' }, A, [0, 1])).toEqual({ unicast: [0, 1], queued: 0 })
    expect(b.take(fakeClient('d3'), { id: 'd3', model: 'm1' }, A, [0])).toEqual({ unicast: [0], queued: 0 })
    b.close()
  })

  it('admits a frame within maxBufferedBytes, counting frames admitted and not yet written by aedes', async () => {
    const b = new Broadcaster(fakeAedes(), fakeAedes(), store, t, opts, null)
    expect(b.admit(fakeClient('d1', 900), 100)).toBe(true)
    expect(b.admit(fakeClient('d2', 901), 100)).toBe(false)
    expect(b.admit(fakeClient('d3', 1001), 100)).toBe(false)
    // An empty socket takes one frame, however large.
    expect(b.admit(fakeClient('d4'), 5000)).toBe(true)
    // Frames published in one turn all see the same writableLength: the admitted ones count.
    const c = fakeClient('d5')
    expect(b.admit(c, 400)).toBe(true)
    expect(b.admit(c, 400)).toBe(true)
    expect(b.admit(c, 400)).toBe(false)
    await turns()
    expect(b.admit(c, 400)).toBe(true)
    expect(b.stats).toMatchObject({ framesForwarded: 5, framesSkipped: 3 })
    b.close()
  })

  it('stops writing to a socket that keeps needing drain, and takes its requests to unicast, until it drained', async () => {
    const aedes = fakeAedes()
    const b = new Broadcaster(aedes, aedes, store, t, { ...opts, stallMs: 20 }, null)
    const slow = fakeClient('d1', 0, { writableNeedDrain: true })
    const other = fakeClient('d2')
    for (const c of [slow, other]) aedes.emit('subscribe', [{ topic: t.broadcast('m1', A), qos: 0 }], c)
    // Needing drain for a moment is a busy socket, not a slow one.
    expect(b.admit(slow, 100)).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(b.admit(slow, 100)).toBe(false)
    expect(b.take(slow, { id: 'd1', model: 'm1' }, A, [7])).toEqual({ unicast: [7], queued: 0 })
    ;(slow.conn as { writableNeedDrain: boolean }).writableNeedDrain = false
    await turns()
    expect(b.admit(slow, 100)).toBe(true)
    b.close()
  })

  it('is off with minDevices 0: every chunk by unicast (it still bounds the topics per connection)', () => {
    const aedes = fakeAedes()
    const b = new Broadcaster(aedes, aedes, store, t, { ...opts, minDevices: 0 }, null)
    const [c1, c2] = [fakeClient('d1'), fakeClient('d2')]
    for (const c of [c1, c2]) aedes.emit('subscribe', [{ topic: t.broadcast('m1', A), qos: 0 }], c)
    expect(b.take(c1, { id: 'd1', model: 'm1' }, A, [3])).toEqual({ unicast: [3], queued: 0 })
    b.close()
  })
})

/** A release store holding `artifacts` of model m1's current release, whose chunk reads `read` answers. */
function storeOf (artifacts: string[], read: (index: number) => Promise<{ data: Uint8Array, proof: Uint8Array[] }>): ReleaseStore & { artifacts: string[] } {
  const s = {
    artifacts,
    current: (model: string) => model === 'm1' ? { artifacts: s.artifacts.map((id) => ({ id })) } : undefined,
    staged: () => undefined,
    chunk: async (_m: string, _a: string, index: number) => await read(index)
  }
  return s as unknown as ReleaseStore & { artifacts: string[] }
}

/** An aedes stand-in whose publish calls back at once and records topics. */
function publishingAedes (published: string[]): Aedes {
  const a = new EventEmitter() as unknown as Aedes & { publish: unknown }
  a.publish = (p: { topic: string }, cb: (e?: Error) => void) => { published.push(p.topic); setImmediate(cb) }
  return a
}

describe('Broadcaster queue', () => {
  const opts = { minDevices: 2, maxInflightFrames: 8, maxBufferedBytes: 1 << 20, gatherMs: 0, stallMs: 1000 }
  const chunk = { data: new Uint8Array(16), proof: [] }

  function twoSubscribers (aedes: Aedes): [Client, Client] {
    const cs: [Client, Client] = [fakeClient('d1'), fakeClient('d2')]
    for (const c of cs) aedes.emit('subscribe', [{ topic: t.broadcast('m1', A), qos: 0 }], c)
    return cs
  }

  it('serves by unicast a chunk whose read failed, not by broadcast again', async () => {
    const aedes = publishingAedes([])
    const b = new Broadcaster(aedes, aedes, storeOf([A], async () => { throw new Error('disk gone') }), t, opts, null)
    const [c1] = twoSubscribers(aedes)
    expect(b.take(c1, { id: 'd1', model: 'm1' }, A, [4])).toEqual({ unicast: [], queued: 1 })
    await turns()
    expect(b.take(c1, { id: 'd1', model: 'm1' }, A, [4])).toEqual({ unicast: [4], queued: 0 })
    expect(b.stats.chunksOverdue).toBe(1)
    b.close()
  })

  it('serves by unicast a chunk asked for again after it waited stallMs for its broadcast', async () => {
    const aedes = publishingAedes([])
    const b = new Broadcaster(aedes, aedes, storeOf([A], async () => await new Promise(() => {})), t, { ...opts, stallMs: 5 }, null)
    const [c1, c2] = twoSubscribers(aedes)
    expect(b.take(c1, { id: 'd1', model: 'm1' }, A, [1])).toEqual({ unicast: [], queued: 1 })
    expect(b.take(c2, { id: 'd2', model: 'm1' }, A, [1])).toEqual({ unicast: [], queued: 0 })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(b.take(c2, { id: 'd2', model: 'm1' }, A, [1])).toEqual({ unicast: [1], queued: 0 })
    b.close()
  })

  it('drops the queued frames of a cancelled artifact and of one no longer in the store', async () => {
    const published: string[] = []
    const aedes = publishingAedes(published)
    const reads: number[] = []
    let open: (() => void) | null = null
    const store = storeOf([A], async (i) => { reads.push(i); await new Promise<void>((resolve) => { open = resolve }); return chunk })
    const b = new Broadcaster(aedes, aedes, store, t, { ...opts, maxInflightFrames: 1 }, null)
    const [c1] = twoSubscribers(aedes)
    expect(b.take(c1, { id: 'd1', model: 'm1' }, A, [0, 1, 2])).toEqual({ unicast: [], queued: 3 })
    await turns()
    expect(reads).toEqual([0])
    b.cancel(A)
    open!()
    await turns()
    // The frame in flight went out; the queued ones were dropped.
    expect(reads).toEqual([0])
    // Superseded: the artifact left the store while frames were queued.
    expect(b.take(c1, { id: 'd1', model: 'm1' }, A, [5, 6])).toEqual({ unicast: [], queued: 2 })
    await turns()
    expect(reads).toEqual([0, 5])
    store.artifacts = []
    open!()
    await turns()
    expect(reads).toEqual([0, 5])
    b.close()
  })
})

describe('BroadcastSubscribers bounds and races', () => {
  it('does not count a client that went before aedes told its subscription', () => {
    const aedes = fakeAedes()
    const s = new BroadcastSubscribers(t, () => {})
    s.attach(aedes)
    const gone = { ...fakeClient('d1'), connected: false, closed: true } as unknown as Client
    aedes.emit('clientDisconnect', gone)
    aedes.emit('subscribe', [{ topic: t.broadcast('m1', A), qos: 0 }], gone)
    expect(s.count(castKey('m1', A))).toBe(0)
  })

  it(`lets one connection hold at most ${MAX_BROADCAST_TOPICS} broadcast topics, released by unsubscribe and disconnect`, () => {
    const aedes = fakeAedes()
    const s = new BroadcastSubscribers(t, () => {})
    s.attach(aedes)
    const c = fakeClient('d1')
    const topic = (i: number): string => t.broadcast('m1', i.toString(16).padStart(64, '0'))
    for (let i = 0; i < MAX_BROADCAST_TOPICS; i++) expect(s.claim(c, topic(i))).toBe(true)
    expect(s.claim(c, topic(0))).toBe(true)
    expect(s.claim(c, topic(99))).toBe(false)
    expect(s.claim(fakeClient('d2'), topic(99))).toBe(true)
    aedes.emit('unsubscribe', [topic(1)], c)
    expect(s.claim(c, topic(99))).toBe(true)
    aedes.emit('clientDisconnect', c)
    for (let i = 10; i < 10 + MAX_BROADCAST_TOPICS; i++) expect(s.claim(c, topic(i))).toBe(true)
  })
})

describe('the topic limits', () => {
  const int = (v: unknown, _n: string, min: number, max: number, d: number): number => {
    if (v === undefined) return d
    if (typeof v !== 'number' || v < min || v > max) throw Object.assign(new Error('range'), { code: 'OTA_INVALID_ARGUMENT' })
    return v
  }
  it('leave room for the broadcast topic, the layout\'s longest and deepest', () => {
    const longest = t.broadcast('x'.repeat(64), A)
    expect(longest.length).toBe(3 + 139)
    const l = resolveLimits(undefined, t, 1 << 20, int)
    expect(l).toMatchObject({ maxTopicLength: 256, maxTopicDepth: 8 })
    for (const bad of [{ maxTopicDepth: 5 }, { maxTopicLength: longest.length - 1 }]) expect(() => resolveLimits(bad, t, 1 << 20, int), JSON.stringify(bad)).toThrow()
    expect(resolveLimits({ maxTopicDepth: 6, maxTopicLength: longest.length }, t, 1 << 20, int)).toMatchObject({ maxTopicDepth: 6, maxTopicLength: longest.length })
  })
})
