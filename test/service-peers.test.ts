/**
 * The service's pacing (broker/service/peers.ts): bytes handed to the broker for a device
 * between two of its requests stay within the budget; frames beyond wait for the next request
 * or are dropped after holdMs; one frame always goes.
 */
import { describe, expect, it } from 'vitest'
import type { PublishPacket } from 'aedes'
import { DevicePeers, RESEND_CREDIT_MS } from '../broker/service/peers.js'
import { chunkRequestFor, encodeDataFrame } from '../proto/index.js'

const ART = new Uint8Array(32).fill(7)
let next = 0

/** A chunk frame of about `size` bytes for chunk `index` (default: the next index). */
function packet (size: number, topic = 'ota/d/dev-1/data', index = next++): PublishPacket {
  const payload = Buffer.from(encodeDataFrame({ chunk: { artifact: ART, index, data: new Uint8Array(size), proof: [] } }))
  return { cmd: 'publish', topic, payload, qos: 0, retain: false, dup: false }
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
    expect(peers.outstanding('dev-1')).toBeGreaterThan(80_000)
    expect(peers.outstanding('dev-1')).toBeLessThan(80_100)
    expect(peers.stats.framesHeld).toBe(3)
    // A request for the next chunks shows the two sent ones read.
    peers.requested('dev-1', chunkRequestFor(ART, [next]))
    expect(r.sent).toHaveLength(4)
    expect(done).toEqual([0, 1, 2, 3])
    peers.requested('dev-1', chunkRequestFor(ART, [next]))
    expect(r.sent).toHaveLength(5)
    peers.close()
  })

  it('one frame larger than the budget still goes (a budget below a chunk must not stall the device)', () => {
    const r = recorder()
    const peers = new DevicePeers(r.out, { maxOutstandingBytes: 65_536, holdMs: 60_000 }, null)
    const dev = peers.of('dev-1')
    dev.publish(packet(200_000), () => {})
    dev.publish(packet(10), () => {})
    expect(r.sent).toHaveLength(1)
    peers.requested('dev-1', chunkRequestFor(ART, [next]))
    expect(r.sent).toHaveLength(2)
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

  it('a held frame waits at most holdMs: then every held frame is called back and the device counts as stalled', async () => {
    const r = recorder()
    const stalled: string[] = []
    const peers = new DevicePeers(r.out, { maxOutstandingBytes: 65_536, holdMs: 30, onStalled: (p) => { stalled.push(p.id) } }, null)
    const dev = peers.of('dev-1')
    let dropped = 0
    dev.publish(packet(60_000), () => {})
    dev.publish(packet(60_000), () => { dropped++ })
    dev.publish(packet(60_000), () => { dropped++ })
    expect(r.sent).toHaveLength(1)
    await new Promise((resolve) => setTimeout(resolve, 80))
    expect(dropped).toBe(2)
    expect(peers.stats.framesDropped).toBe(2)
    expect(stalled).toEqual(['dev-1'])
    expect(r.sent).toHaveLength(1)
    peers.close()
  })

  it('a request asking again for what was just sent credits nothing; asked again after RESEND_CREDIT_MS, it counts as lost', () => {
    const r = recorder()
    let now = 0
    const peers = new DevicePeers(r.out, { maxOutstandingBytes: 100_000, holdMs: 60_000, now: () => now }, null)
    const dev = peers.of('dev-1')
    dev.publish(packet(40_000, undefined, 0), () => {})
    dev.publish(packet(40_000, undefined, 1), () => {})
    dev.publish(packet(40_000, undefined, 2), () => {})
    expect(r.sent).toHaveLength(2)
    // A device repeating its request for chunks 0 and 1 without reading them: still counted.
    peers.requested('dev-1', chunkRequestFor(ART, [0, 1]))
    expect(r.sent).toHaveLength(2)
    // Asked for again once they are old: lost, credited, and chunk 2 goes.
    now += RESEND_CREDIT_MS
    peers.requested('dev-1', chunkRequestFor(ART, [0, 1]))
    expect(r.sent).toHaveLength(3)
    // Chunk 2 asked for again at once: still counted; a request starting above it shows it read.
    expect(peers.outstanding('dev-1')).toBeGreaterThan(40_000)
    peers.requested('dev-1', chunkRequestFor(ART, [2]))
    expect(peers.outstanding('dev-1')).toBeGreaterThan(40_000)
    peers.requested('dev-1', chunkRequestFor(ART, [3]))
    expect(peers.outstanding('dev-1')).toBe(0)
    // A request for another artifact credits everything of this one.
    dev.publish(packet(40_000, undefined, 3), () => {})
    expect(peers.outstanding('dev-1')).toBeGreaterThan(40_000)
    peers.requested('dev-1', chunkRequestFor(new Uint8Array(32).fill(9), [0]))
    expect(peers.outstanding('dev-1')).toBe(0)
    peers.close()
  })

  it('error frames are not counted', () => {
    const r = recorder()
    const peers = new DevicePeers(r.out, { maxOutstandingBytes: 65_536, holdMs: 60_000 }, null)
    const payload = Buffer.from(encodeDataFrame({ error: { artifact: ART, code: 'OTA_UNKNOWN_ARTIFACT', detail: 'x'.repeat(100) } }))
    peers.of('dev-1').publish({ cmd: 'publish', topic: 'ota/d/dev-1/data', payload, qos: 0, retain: false, dup: false }, () => {})
    expect(r.sent).toHaveLength(1)
    expect(peers.outstanding('dev-1')).toBe(0)
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
