/**
 * Device-side hardening (issue 7 item 7), with a real broker over TLS and a real device: frames
 * the device drops are counted and reported as they happen (not only as a later `OTA_TIMEOUT`),
 * and a transfer trickled just inside the silence timeout hits the transfer deadline (slow
 * retrieval), is reported, retried after a backoff from what arrived, and finally fails.
 */
import { describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { PassThrough } from 'node:stream'
import { Limits, State, encodeDataFrame, maxDataFrame, stateName, type OtaError, type StatusEvent } from '../proto/index.js'
import { MAX_INCOMING_PACKET, guardPackets } from '../client/packet-guard.js'
import type { DroppedFrames } from '../client/index.js'
import { release, topics, useDeviceFixture, waitFor } from './helpers/client-harness.js'

describe('device hardening', () => {
  const fx = useDeviceFixture({ prefix: 'ota-hard-', provision: 'shared', defaults: { backoff: { initialDelayMs: 20, maxDelayMs: 40 } } })

  const inject = (payload: Uint8Array): void => {
    fx.h.aedes.publish({ cmd: 'publish', topic: topics.data('dev-1'), payload: Buffer.from(payload), qos: 0, retain: false, dup: false }, () => {})
  }

  it('counts dropped frames by why and reports them in a status event detail and a framesDropped event', async () => {
    const v2 = release('2.0.0', 1)
    fx.h.add(v2)
    // Chunk 3 never comes: the download stalls, and the frames injected meanwhile are dropped.
    fx.h.serve = (i) => i !== 3
    const d = await fx.device({ chunkTimeoutMs: 300, maxRetries: 1 })
    const dropped: DroppedFrames[] = []
    d.on('framesDropped', (x) => { dropped.push(x) })
    await d.start()
    fx.h.publishManifest(v2.rel.envelope)
    await waitFor('download under way', () => fx.h.requests.length > 0)
    const a = v2.rel.manifest.image.sha256
    inject(new Uint8Array(randomBytes(64)))
    inject(new Uint8Array([0xff, 0xff, 0xff]))
    inject(encodeDataFrame({ chunk: { artifact: new Uint8Array(32).fill(9), index: 0, data: new Uint8Array(4096), proof: [] } }))
    inject(encodeDataFrame({ chunk: { artifact: a, index: 3, data: new Uint8Array(4096).fill(1), proof: [new Uint8Array(32)] } }))
    await waitFor('FAILED', () => fx.h.states('2.0.0').includes('FAILED'))
    const withDetail = fx.h.audit.filter((e) => e.detail.includes('dropped frames'))
    expect(withDetail.length).toBeGreaterThan(0)
    // Reported while downloading, before the failure: not only as the later timeout.
    const firstDrop = fx.h.audit.indexOf(withDetail[0]!)
    const failed = fx.h.audit.findIndex((e) => stateName(e.state) === 'FAILED')
    expect(firstDrop).toBeLessThan(failed)
    expect(withDetail[0]!.state).toBe(State.DOWNLOADING)
    const last = dropped.at(-1)!
    expect(last.undecodable).toBe(2)
    expect(last.foreign).toBe(1)
    expect(last.refused).toBeGreaterThanOrEqual(1)
    const f = fx.h.audit[failed]!
    expect(f.errorCode).toBe('OTA_TIMEOUT')
    expect(f.detail).toMatch(/dropped frames: 2 undecodable, 1 foreign, \d+ refused/)
  })

  it('gives up a trickled transfer at transferTimeoutMs with OTA_TIMEOUT, reports it, retries after a backoff from what arrived, fails, and tries again later by itself', async () => {
    const v2 = release('2.0.0', 1)
    fx.h.add(v2)
    // Every request answered after 150 ms: inside the 2 s silence timeout, so only the deadline stops it.
    fx.h.delayMs = 150
    const d = await fx.device({ window: 1, chunkTimeoutMs: 2000, transferTimeoutMs: 1000, maxRetries: 1 })
    const statuses: StatusEvent[] = []
    d.on('status', (e) => { statuses.push(e) })
    await d.start()
    fx.h.publishManifest(v2.rel.envelope)
    await waitFor('FAILED OTA_TIMEOUT', () => fx.h.audit.some((e) => stateName(e.state) === 'FAILED' && e.targetVersion === '2.0.0'), 30_000)
    const retry = fx.h.audit.find((e) => stateName(e.state) === 'DOWNLOADING' && e.errorCode === 'OTA_TIMEOUT')
    expect(retry?.detail).toMatch(/did not finish within 1000 ms.*attempt 2 of 2/)
    const failed = fx.h.audit.find((e) => stateName(e.state) === 'FAILED')!
    expect(failed.errorCode).toBe('OTA_TIMEOUT')
    expect(failed.bytesReceived).toBeGreaterThan(0)
    expect(failed.bytesReceived).toBeLessThan(v2.rel.manifest.image.size)
    expect(statuses.some((e) => e.errorCode === 'OTA_TIMEOUT')).toBe(true)
    // Connection lost (LwM2M result 4): the device tries again by itself after a backoff, from
    // what it holds. Once the broker answers at speed, the update completes.
    fx.h.delayMs = 0
    await waitFor('CONFIRMED after the retry', () => fx.h.audit.some((e) => stateName(e.state) === 'CONFIRMED' && e.targetVersion === '2.0.0'), 30_000)
    // Every attempt resumed: none asked again for the first chunk stored by the first.
    const asked = fx.h.requests.flatMap((r) => r.indexes)
    expect(asked.filter((i) => i === 0)).toHaveLength(1)
  })
})

describe('the device bounds the MQTT packets it reads', () => {
  const fx = useDeviceFixture({ prefix: 'ota-guard-', provision: 'shared', defaults: { backoff: { initialDelayMs: 20, maxDelayMs: 40 } } })

  it('closes the connection on a PUBLISH longer than the largest legal frame, reports it, reconnects and still updates', async () => {
    expect(MAX_INCOMING_PACKET).toBeGreaterThanOrEqual(maxDataFrame(Limits.maxChunkSize))
    const d = await fx.device()
    const refused: OtaError[] = []
    d.on('packetRefused', (e) => { refused.push(e) })
    let connects = 0
    fx.h.aedes.on('clientReady', (c) => { if (c.id === 'dev-1') connects++ })
    await d.start()
    await waitFor('connected', () => connects === 1)
    // The bare test broker lets any payload through, as a hostile broker would.
    const huge = Buffer.alloc(MAX_INCOMING_PACKET + 1024, 0x41)
    fx.h.aedes.publish({ cmd: 'publish', topic: topics.data('dev-1'), payload: huge, qos: 0, retain: false, dup: false }, () => {})
    await waitFor('refusal', () => refused.length === 1)
    expect(refused[0]!.code).toBe('OTA_TOO_LARGE')
    expect(refused[0]!.details).toMatchObject({ limit: MAX_INCOMING_PACKET })
    await waitFor('reconnected', () => connects === 2)
    const v2 = release('2.0.0', 1)
    fx.h.add(v2)
    fx.h.publishManifest(v2.rel.envelope)
    await waitFor('CONFIRMED', () => fx.h.states('2.0.0').includes('CONFIRMED'))
    expect(refused).toHaveLength(1)
  })

  it('refuses at the fixed header: the socket is destroyed with the header\'s chunk, nothing of the body after it is read', async () => {
    const socket = new PassThrough()
    const errors: OtaError[] = []
    guardPackets(socket, 1000, (e) => { errors.push(e) })
    const seen: Buffer[] = []
    socket.on('data', (b: Buffer) => { seen.push(b) })
    socket.on('error', () => {})
    // PUBLISH of 4 bytes remaining, then one declaring 2^21 bytes (0x80 0x80 0x80 0x01), then its body.
    socket.write(Buffer.from([0x30, 0x04, 0x00, 0x01, 0x61, 0x62]))
    await new Promise((resolve) => setImmediate(resolve))
    expect(errors).toEqual([])
    socket.write(Buffer.from([0x30, 0x80, 0x80, 0x80, 0x01]))
    await waitFor('refused', () => errors.length === 1, 5000)
    socket.write(Buffer.alloc(4096))
    await new Promise((resolve) => setImmediate(resolve))
    expect(errors[0]!.code).toBe('OTA_TOO_LARGE')
    expect(errors[0]!.details).toMatchObject({ bytes: 2 ** 21, limit: 1000 })
    expect(socket.destroyed).toBe(true)
    expect(Buffer.concat(seen).length).toBeLessThanOrEqual(11)

    const s2 = new PassThrough()
    const e2: OtaError[] = []
    guardPackets(s2, 1000, (e) => { e2.push(e) })
    s2.on('data', () => {})
    s2.on('error', () => {})
    s2.write(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]))
    await waitFor('refused', () => e2.length === 1, 5000)
    expect(e2[0]!.code).toBe('OTA_DECODE')
  })
})
