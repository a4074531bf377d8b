/**
 * The parts of broadcast mode that are pure rules (docs/PROTOCOL.md, "Broadcast"): the topic
 * builder and parser, the ACL rules for the broadcast topic, the `broadcast` plugin option, the
 * subscriber registry fed by aedes' events (join order, refusals, unsubscribe, disconnect), and
 * the backed-up subscriber check.
 */
import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import type { Aedes, Client } from 'aedes'
import { Topics, isOtaError } from '../proto/index.js'
import { mayForward, mayPublish, maySubscribe, type Identity } from '../broker/acl.js'
import { resolveOptions } from '../broker/options.js'
import { BroadcastSubscribers, Broadcaster, castKey } from '../broker/broadcast/index.js'
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

/** A stand-in for aedes' event side and a connection with `writableLength` bytes unsent. */
function fakeAedes (): Aedes { return new EventEmitter() as unknown as Aedes }
function fakeClient (id: string, writableLength = 0): Client { return { id, conn: { writableLength } } as unknown as Client }

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
    const b = new Broadcaster(aedes, store, t, opts, null)
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

  it('admits a frame to a subscriber unless its socket holds more than maxBufferedBytes', () => {
    const b = new Broadcaster(fakeAedes(), store, t, opts, null)
    expect(b.admit(fakeClient('d1', 1000), 100)).toBe(true)
    expect(b.admit(fakeClient('d2', 1001), 100)).toBe(false)
    expect(b.stats).toMatchObject({ framesForwarded: 1, bytesForwarded: 100, framesSkipped: 1 })
    b.close()
  })

  it('is off with minDevices 0: it does not even listen', () => {
    const aedes = fakeAedes()
    const b = new Broadcaster(aedes, store, t, { ...opts, minDevices: 0 }, null)
    expect(aedes.listenerCount('subscribe')).toBe(0)
    expect(b.take(fakeClient('d1'), { id: 'd1', model: 'm1' }, A, [3])).toEqual({ unicast: [3], queued: 0 })
    b.close()
  })
})
