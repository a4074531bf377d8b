/**
 * The hardened broker's pure parts: the MQTT header scanner against a real packet stream split at
 * every byte, the token bucket, the refusal budget, and the `limits` options block.
 */
import { describe, expect, it } from 'vitest'
import mqttPacket from 'mqtt-packet'
import { HeaderScanner } from '../broker/limits/packet-guard.js'
import { RateLimiter } from '../broker/limits/rate.js'
import { AuditBudget } from '../broker/limits/audit-budget.js'
import { resolveOptions } from '../broker/options.js'
import { isOtaError } from '../proto/index.js'

/** A CONNECT, a SUBSCRIBE, publishes of 0, 127, 128, 16 383, 16 384 and 70 000 bytes and a PINGREQ, as on the wire. */
function stream (): Buffer {
  const packets: mqttPacket.Packet[] = [
    { cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, clientId: 'dev-0001', keepalive: 60 },
    { cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'ota/d/dev-0001/data', qos: 1 }] },
    ...[0, 127, 128, 16_383, 16_384, 70_000].map((n, i) => ({ cmd: 'publish' as const, topic: 'ota/audit/dev-0001', payload: Buffer.alloc(n, i), qos: 1 as const, messageId: i + 2, dup: false, retain: false })),
    { cmd: 'pingreq' }
  ]
  return Buffer.concat(packets.map((p) => mqttPacket.generate(p)))
}

describe('HeaderScanner', () => {
  it('passes a legal stream split at every byte offset, and refuses the 70 000-byte publish under a 65 536 limit wherever it is split', () => {
    const s = stream()
    for (let cut = 0; cut <= s.length; cut += cut < 200 ? 1 : 997) {
      const big = new HeaderScanner(() => 100_000)
      expect(big.feed(s.subarray(0, cut))).toBeNull()
      expect(big.feed(s.subarray(cut))).toBeNull()
      const small = new HeaderScanner(() => 65_536)
      const r = small.feed(s.subarray(0, cut)) ?? small.feed(s.subarray(cut))
      expect(r).toMatchObject({ reason: 'oversize', packetType: 3, limit: 65_536 })
      // Refused at its header: the claim is the whole packet's Remaining Length, known before its body.
      expect(r!.claimed).toBeGreaterThan(70_000)
    }
  })

  it('refuses a Remaining Length of five bytes, and a claim over the limit at the byte that exceeds it', () => {
    expect(new HeaderScanner(() => 1e9).feed(Buffer.from([0x30, 0x80, 0x80, 0x80, 0x80, 0x01]))).toMatchObject({ reason: 'malformed' })
    const sc = new HeaderScanner(() => 1000)
    expect(sc.feed(Buffer.from([0x30, 0xe8]))).toBeNull()
    expect(sc.feed(Buffer.from([0x08]))).toMatchObject({ reason: 'oversize', claimed: 0x68 + 8 * 128 })
  })
})

describe('RateLimiter', () => {
  it('gives the burst, then perSecond a second, per id', () => {
    let t = 0
    const r = new RateLimiter({ perSecond: 2, burst: 3 }, () => t)
    expect([1, 2, 3, 4].map(() => r.take('a'))).toEqual([true, true, true, false])
    expect(r.take('b')).toBe(true)
    t += 500
    expect([r.take('a'), r.take('a')]).toEqual([true, false])
    t += 10_000
    expect([1, 2, 3, 4].map(() => r.take('a'))).toEqual([true, true, true, false])
  })
})

describe('AuditBudget', () => {
  it('writes perWindow lines a window per key, then summarises the rest at the next window or at drain', () => {
    let t = 0
    const b = new AuditBudget({ perWindow: 2, windowMs: 1000 }, () => t)
    expect([1, 2, 3, 4].map(() => b.charge('a').write)).toEqual([true, true, false, false])
    expect(b.charge('b').write).toBe(true)
    t = 1000
    expect(b.charge('a')).toEqual({ write: true, summaries: [{ key: 'a', suppressed: 2, windowStart: 0, windowMs: 1000 }] })
    b.charge('a'); b.charge('a')
    expect(b.drain()).toEqual([{ key: 'a', suppressed: 1, windowStart: 1000, windowMs: 1000 }])
  })

  it('stays bounded whoever picks the keys: at 10 000 keys the oldest windows go, their suppressed counts summarised at once', () => {
    const t = 0
    const b = new AuditBudget({ perWindow: 1, windowMs: 60_000 }, () => t)
    b.charge('first'); b.charge('first') // one suppressed, in the oldest window
    const summaries = []
    for (let i = 0; i < 20_000; i++) summaries.push(...b.charge(`addr-${i}`).summaries)
    expect(summaries).toContainEqual({ key: 'first', suppressed: 1, windowStart: 0, windowMs: 60_000 })
    expect(b.drain().length).toBe(0) // nothing else was suppressed
  })
})

describe('limits options', () => {
  const base = { dataDir: '/tmp/x', trust: {} as never }
  it('fills defaults and derives the packet limits', () => {
    const l = resolveOptions(base).limits
    expect(l).toMatchObject({ maxTopicLength: 256, maxTopicDepth: 8, requestRate: { perSecond: 200, burst: 1000 }, statusRate: { perSecond: 10, burst: 60 }, audit: { perWindow: 60, windowMs: 60_000 } })
    expect(l.maxPacket.operator).toBeGreaterThan(256 * 1024 * 1024)
    expect(l.maxPacket.device).toBeLessThan(32 * 1024)
  })
  it('refuses limits below the OTA layout, out of range, or a maxPacket', () => {
    for (const limits of [{ maxTopicDepth: 3 }, { maxTopicLength: 20 }, { requestRate: { perSecond: 0 } }, { audit: { windowMs: 5 } }, { maxPacket: { device: 1, operator: 1 } }]) {
      let err: unknown
      try { resolveOptions({ ...base, limits: limits as never }) } catch (e) { err = e }
      expect(isOtaError(err) && err.code === 'OTA_INVALID_ARGUMENT').toBe(true)
    }
  })
})
