/**
 * The service's pacing (broker/service/peers.ts): bytes handed to the broker for a device
 * between two of its requests stay within the budget; frames beyond wait for the next request
 * or are dropped after holdMs; one frame always goes.
 */
import { describe, expect, it } from 'vitest'
import type { PublishPacket } from 'aedes'
import { DevicePeers } from '../broker/service/peers.js'

function packet (size: number, topic = 'ota/d/dev-1/data'): PublishPacket {
  return { cmd: 'publish', topic, payload: Buffer.alloc(size), qos: 0, retain: false, dup: false }
}

/** A broker connection that records what was handed to it and calls back at once. */
function recorder (): { sent: Array<{ topic: string, size: number }>, out: { publish: (p: PublishPacket, cb: (err?: Error | null) => void) => void } } {
  const sent: Array<{ topic: string, size: number }> = []
  return { sent, out: { publish: (p, cb) => { sent.push({ topic: p.topic, size: p.payload.length }); cb() } } }
}

describe('service pacing (DevicePeers)', () => {
  it('hands over up to the budget, holds the rest until the device asks again', () => {
    const r = recorder()
    const peers = new DevicePeers(r.out, { maxOutstandingBytes: 100_000, holdMs: 60_000 }, null)
    const dev = peers.of('dev-1')
    const done: number[] = []
    for (let i = 0; i < 5; i++) dev.publish(packet(40_000), () => { done.push(i) })
    // 40 000 + 40 000 fit in 100 000; the third would not.
    expect(r.sent).toHaveLength(2)
    expect(done).toEqual([0, 1])
    expect(peers.outstanding('dev-1')).toBe(80_000)
    expect(peers.stats.framesHeld).toBe(3)
    peers.requested('dev-1')
    expect(r.sent).toHaveLength(4)
    expect(done).toEqual([0, 1, 2, 3])
    peers.requested('dev-1')
    expect(r.sent).toHaveLength(5)
    peers.close()
  })

  it('one frame larger than the budget still goes (a budget below a chunk must not stall the device)', () => {
    const r = recorder()
    const peers = new DevicePeers(r.out, { maxOutstandingBytes: 65_536, holdMs: 60_000 }, null)
    const dev = peers.of('dev-1')
    dev.publish(packet(200_000), () => {})
    dev.publish(packet(10), () => {})
    expect(r.sent.map((s) => s.size)).toEqual([200_000])
    peers.requested('dev-1')
    expect(r.sent.map((s) => s.size)).toEqual([200_000, 10])
    peers.close()
  })

  it('devices have separate budgets, and the peer of a device is one object', () => {
    const r = recorder()
    const peers = new DevicePeers(r.out, { maxOutstandingBytes: 65_536, holdMs: 60_000 }, null)
    expect(peers.of('dev-1')).toBe(peers.of('dev-1'))
    peers.of('dev-1').publish(packet(60_000), () => {})
    peers.of('dev-2').publish(packet(60_000, 'ota/d/dev-2/data'), () => {})
    peers.of('dev-1').publish(packet(60_000), () => {})
    expect(r.sent.map((s) => s.topic)).toEqual(['ota/d/dev-1/data', 'ota/d/dev-2/data'])
    peers.close()
  })

  it('a held frame is dropped after holdMs (its callback fires: the sender frees its slot) and the next one goes', async () => {
    const r = recorder()
    const peers = new DevicePeers(r.out, { maxOutstandingBytes: 65_536, holdMs: 30 }, null)
    const dev = peers.of('dev-1')
    let dropped = false
    dev.publish(packet(60_000), () => {})
    dev.publish(packet(60_000), () => { dropped = true })
    expect(r.sent).toHaveLength(1)
    await new Promise((resolve) => setTimeout(resolve, 80))
    expect(dropped).toBe(true)
    expect(peers.stats.framesDropped).toBe(1)
    expect(r.sent).toHaveLength(1)
    peers.close()
  })

  it('close() calls back every held frame', () => {
    const r = recorder()
    const peers = new DevicePeers(r.out, { maxOutstandingBytes: 65_536, holdMs: 60_000 }, null)
    const dev = peers.of('dev-1')
    let called = 0
    for (let i = 0; i < 3; i++) dev.publish(packet(60_000), () => { called++ })
    expect(called).toBe(1)
    peers.close()
    expect(called).toBe(3)
  })
})
