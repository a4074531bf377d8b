/**
 * Rollout offers on the device, over real MQTT and mutual TLS (bare Aedes broker with a chunk
 * responder, test/helpers/client-harness.ts): a release offered on the device's own retained
 * offer topic is installed while the model topic still names the older release; the stale model
 * manifest is then ignored quietly (never REJECTED, which a rollout would count as a failure);
 * an empty offer or an `OTA_WITHDRAWN` error frame stops a download mid-way (FAILED,
 * OTA_WITHDRAWN, LwM2M 10 "cancelled"), unless the model topic names that release by then (the
 * rollout completed); `OTA_NOT_OFFERED` ends the download at the first refusal.
 */
import { describe, it, expect, beforeEach } from 'vitest'
import { join } from 'node:path'
import type { OtaDevice, OtaDeviceOptions, UpToDateEvent } from '../client/index.js'
import { loadState } from '../client/state.js'
import { Lwm2mResult, State, toHex, type OtaError, type StatusEvent } from '../proto/index.js'
import { createRelease } from '../sign/index.js'
import { MODEL, nextSequence, onceMidDownload, release, releaseKey, useDeviceFixture, waitFor, type TestRelease } from './helpers/client-harness.js'

const pause = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }

interface Watched { d: OtaDevice, failed: OtaError[], upToDate: UpToDateEvent[], confirmed: string[], events: StatusEvent[] }

describe('OtaDevice: rollout offers', () => {
  const fx = useDeviceFixture({ prefix: 'ota-offer-', provision: ['dev-1', 'dev-2'], defaults: { chunkTimeoutMs: 200, maxRetries: 3, retainedSettleMs: 300 } })
  beforeEach(() => {
    // The model topic names the release every device runs.
    fx.h.add(fx.v1)
    fx.h.publishManifest(fx.v1.rel.envelope)
  })

  async function device (id: string, extra: Partial<OtaDeviceOptions> = {}): Promise<Watched> {
    const d = await fx.device(extra, id)
    const w: Watched = { d, failed: [], upToDate: [], confirmed: [], events: [] }
    d.on('failed', (e) => w.failed.push(e))
    d.on('upToDate', (u) => w.upToDate.push(u))
    d.on('confirmed', (c) => w.confirmed.push(c.to))
    d.on('status', (e) => w.events.push(e))
    return w
  }

  /**
   * dev-1 started with 2.0.0 offered on its offer topic (chunks answered `delayMs` late), `act`
   * run once while the download is part way.
   * @returns the device, 2.0.0, and whether `act` has run
   */
  async function offerAndActMidDownload (delayMs: number, act: (v2: TestRelease) => void): Promise<{ w: Watched, v2: TestRelease, acted: () => boolean }> {
    fx.h.delayMs = delayMs
    const v2 = release('2.0.0', 2)
    fx.h.add(v2)
    const w = await device('dev-1')
    const acted = onceMidDownload(w.d, () => { act(v2) })
    await w.d.start()
    fx.h.publishOffer('dev-1', v2.rel.envelope)
    return { w, v2, acted }
  }

  it('installs a release offered to it alone; a device without the offer is up to date; the stale model manifest is then ignored quietly', async () => {
    const v2 = release('2.0.0', 2)
    fx.h.add(v2)
    fx.h.publishOffer('dev-1', v2.rel.envelope)
    const one = await device('dev-1')
    const two = await device('dev-2')
    await one.d.start()
    await two.d.start()
    await waitFor('dev-1 confirmed', () => one.confirmed.length === 1)
    expect(one.confirmed).toEqual(['2.0.0'])
    // The model topic's 1.0.0 arrived first and names the running image: that is no reason to
    // report "up to date" while the offer is on its way.
    expect(one.upToDate).toEqual([])
    await waitFor('dev-2 up to date', () => two.upToDate.length === 1)
    expect(two.upToDate[0]).toEqual({ version: '1.0.0', reason: 'current', announced: '1.0.0' })
    expect(fx.h.requests.every((r) => r.artifact === toHex(v2.rel.manifest.image.sha256))).toBe(true)
    expect(fx.h.audit.filter((e) => e.deviceId === 'dev-2' && e.state !== State.IDLE)).toEqual([])
    await one.d.stop()

    // Restarted, dev-1 runs 2.0.0 and sees the model topic's 1.0.0 (lower sequence) and its own
    // offer of 2.0.0 (running): nothing reported but IDLE.
    const before = fx.h.audit.length
    const again = await device('dev-1')
    await again.d.start()
    await waitFor('up to date after restart', () => again.upToDate.length === 1)
    expect(again.upToDate[0]!.reason).toBe('current')
    await pause(300)
    expect(fx.h.audit.slice(before).map((e) => e.state)).toEqual([State.IDLE])
    expect(again.failed).toEqual([])

    // Once the offer is gone, the stale model manifest is what is left: still only ignored.
    await again.d.stop()
    fx.h.publishOffer('dev-1', new Uint8Array(0))
    const third = await device('dev-1')
    await third.d.start()
    await waitFor('up to date, older', () => third.upToDate.length === 1)
    expect(third.upToDate[0]).toEqual({ version: '2.0.0', reason: 'older', announced: '1.0.0' })
    expect(fx.h.audit.filter((e) => e.state === State.REJECTED)).toEqual([])
  })

  it('stops a download when the offer is withdrawn (empty retained offer): FAILED OTA_WITHDRAWN, then takes the release when offered again', async () => {
    const { w, v2 } = await offerAndActMidDownload(30, () => { fx.h.publishOffer('dev-1', new Uint8Array(0)) })
    await waitFor('FAILED', () => w.failed.length === 1)
    expect(w.failed[0]!.code).toBe('OTA_WITHDRAWN')
    await waitFor('FAILED published', () => fx.h.audit.some((e) => e.state === State.FAILED))
    const failed = fx.h.audit.find((e) => e.state === State.FAILED)!
    expect(failed).toMatchObject({ errorCode: 'OTA_WITHDRAWN', targetVersion: '2.0.0', result: Lwm2mResult.CANCELLED })
    expect(failed.bytesReceived).toBeGreaterThan(0)
    expect(failed.bytesReceived).toBeLessThan(v2.image.length)
    const requestsAtFailure = fx.h.requests.length
    await pause(500)
    expect(fx.h.requests.length).toBe(requestsAtFailure)
    expect(w.d.state).toMatchObject({ version: '1.0.0', slot: 'a' })
    expect((await loadState(join(fx.dir, 'dev-1'))).pending).toBeNull()
    expect(w.confirmed).toEqual([])

    // A rollout resumed later offers the same release again: that is a new decision.
    fx.h.delayMs = 0
    fx.h.publishOffer('dev-1', v2.rel.envelope)
    await waitFor('confirmed', () => w.confirmed.length === 1)
    expect(w.d.state.version).toBe('2.0.0')
  })

  it('goes on with the download when the rollout completes: the model topic names the release, then the offer is cleared', async () => {
    const { w, acted: completed } = await offerAndActMidDownload(30, (v2) => {
      fx.h.publishManifest(v2.rel.envelope)
      fx.h.publishOffer('dev-1', new Uint8Array(0))
    })
    await waitFor('confirmed', () => w.confirmed.length === 1)
    expect(completed()).toBe(true)
    expect(w.failed).toEqual([])
    expect(fx.h.states('2.0.0')).not.toContain('FAILED')
  })

  it('stops a download on an OTA_WITHDRAWN error frame from the broker', async () => {
    const { w } = await offerAndActMidDownload(30, (v2) => { fx.h.sendError('dev-1', v2.rel.manifest.image.sha256, 'OTA_WITHDRAWN') })
    await waitFor('FAILED', () => w.failed.length === 1)
    expect(w.failed[0]!.code).toBe('OTA_WITHDRAWN')
    await waitFor('FAILED published', () => fx.h.audit.some((e) => e.state === State.FAILED))
    expect(fx.h.audit.find((e) => e.state === State.FAILED)).toMatchObject({ errorCode: 'OTA_WITHDRAWN', result: Lwm2mResult.CANCELLED })
    await pause(300)
    expect(w.d.state.version).toBe('1.0.0')
  })

  it('takes OTA_NOT_OFFERED as a refusal: one request, FAILED, no hammering', async () => {
    const v2 = release('2.0.0', 2)
    fx.h.add(v2)
    fx.h.refuse = () => 'OTA_NOT_OFFERED'
    const w = await device('dev-1')
    await w.d.start()
    fx.h.publishOffer('dev-1', v2.rel.envelope)
    await waitFor('FAILED', () => w.failed.length === 1)
    expect(w.failed[0]!.code).toBe('OTA_NOT_OFFERED')
    await pause(1000)
    expect(fx.h.requests).toHaveLength(1)
    expect(w.d.state.version).toBe('1.0.0')
  })

  it('keeps downloading an offered release when the model topic announces the running image again', async () => {
    const { w, acted: announced } = await offerAndActMidDownload(20, () => {
      // 1.0.0 signed again with a newer sequence than the offer's: it names the image running.
      fx.h.publishManifest(createRelease({ image: fx.v1.image, model: MODEL, version: '1.0.0', securityVersion: 1, sequence: nextSequence(), chunkSize: 4096, signers: [releaseKey] }).envelope)
    })
    await waitFor('confirmed', () => w.confirmed.length === 1)
    expect(announced()).toBe(true)
    expect(w.failed).toEqual([])
  })

  it('reports a replayed offer (older sequence than one accepted) as REJECTED OTA_REPLAY', async () => {
    const old = release('1.5.0', 1)
    const v2 = release('2.0.0', 2)
    fx.h.add(v2)
    fx.h.publishManifest(v2.rel.envelope)
    const w = await device('dev-1')
    await w.d.start()
    await waitFor('confirmed', () => w.confirmed.length === 1)
    fx.h.publishOffer('dev-1', old.rel.envelope)
    await waitFor('REJECTED', () => w.failed.length === 1)
    expect(w.failed[0]!.code).toBe('OTA_REPLAY')
    await waitFor('REJECTED published', () => fx.h.audit.some((e) => e.state === State.REJECTED))
    expect(fx.h.audit.find((e) => e.state === State.REJECTED)).toMatchObject({ errorCode: 'OTA_REPLAY', targetVersion: '1.5.0' })
  })
})
