/**
 * Rollout offers on the device, over real MQTT and mutual TLS (bare Aedes broker with a chunk
 * responder, test/helpers/client-harness.ts): a release offered on the device's own retained
 * offer topic is installed while the model topic still names the older release; the stale model
 * manifest is then ignored quietly (never REJECTED, which a rollout would count as a failure);
 * an empty offer or an `OTA_WITHDRAWN` error frame stops a download mid-way (FAILED,
 * OTA_WITHDRAWN, LwM2M 10 "cancelled"); `OTA_NOT_OFFERED` ends the download at the first refusal.
 */
import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { OtaDevice, provisionDevice, type OtaDeviceOptions, type UpToDateEvent } from '../client/index.js'
import { loadState } from '../client/state.js'
import { Lwm2mResult, State, toHex, type OtaError, type StatusEvent } from '../proto/index.js'
import { createRelease, type Release } from '../sign/index.js'
import { Harness, MODEL, makePki, nextSequence, release, releaseKey, trust, waitFor, type Pki } from './helpers/client-harness.js'

const pause = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }

interface Watched { d: OtaDevice, failed: OtaError[], upToDate: UpToDateEvent[], confirmed: string[], events: StatusEvent[] }

describe('OtaDevice: rollout offers', () => {
  let pki: Pki
  let pkiDir: string
  let h: Harness
  let dir: string
  let v1: { rel: Release, image: Uint8Array }
  const devices: OtaDevice[] = []

  beforeAll(async () => {
    pkiDir = await mkdtemp(join(tmpdir(), 'ota-pki-'))
    pki = await makePki(pkiDir)
  })
  beforeEach(async () => {
    h = await Harness.start(pki)
    dir = await mkdtemp(join(tmpdir(), 'ota-offer-'))
    v1 = release('1.0.0', 1)
    await provisionDevice({ stateDir: join(dir, 'dev-1'), bundle: v1.rel.bundle, trust })
    await provisionDevice({ stateDir: join(dir, 'dev-2'), bundle: v1.rel.bundle, trust })
    // The model topic names the release every device runs.
    h.add(v1)
    h.publishManifest(v1.rel.envelope)
  })
  afterEach(async () => {
    for (const d of devices.splice(0)) await d.stop()
    await h.close()
    await rm(dir, { recursive: true, force: true })
  })
  afterAll(async () => { await rm(pkiDir, { recursive: true, force: true }) })

  async function device (id: string, extra: Partial<OtaDeviceOptions> = {}): Promise<Watched> {
    const creds = await pki.device(id)
    const d = new OtaDevice({
      id, model: MODEL, stateDir: join(dir, id), trust, broker: `mqtts://127.0.0.1:${h.port}`,
      tls: { ca: pki.ca, cert: creds.cert, key: creds.key }, chunkTimeoutMs: 200, maxRetries: 3, retainedSettleMs: 300, ...extra
    })
    devices.push(d)
    const w: Watched = { d, failed: [], upToDate: [], confirmed: [], events: [] }
    d.on('failed', (e) => w.failed.push(e))
    d.on('upToDate', (u) => w.upToDate.push(u))
    d.on('confirmed', (c) => w.confirmed.push(c.to))
    d.on('status', (e) => w.events.push(e))
    return w
  }

  it('installs a release offered to it alone; a device without the offer is up to date; the stale model manifest is then ignored quietly', async () => {
    const v2 = release('2.0.0', 2)
    h.add(v2)
    h.publishOffer('dev-1', v2.rel.envelope)
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
    expect(h.requests.every((r) => r.artifact === toHex(v2.rel.manifest.image.sha256))).toBe(true)
    expect(h.audit.filter((e) => e.deviceId === 'dev-2' && e.state !== State.IDLE)).toEqual([])
    await one.d.stop()

    // Restarted, dev-1 runs 2.0.0 and sees the model topic's 1.0.0 (lower sequence) and its own
    // offer of 2.0.0 (running): nothing reported but IDLE.
    const before = h.audit.length
    const again = await device('dev-1')
    await again.d.start()
    await waitFor('up to date after restart', () => again.upToDate.length === 1)
    expect(again.upToDate[0]!.reason).toBe('current')
    await pause(300)
    expect(h.audit.slice(before).map((e) => e.state)).toEqual([State.IDLE])
    expect(again.failed).toEqual([])

    // Once the offer is gone, the stale model manifest is what is left: still only ignored.
    await again.d.stop()
    h.publishOffer('dev-1', new Uint8Array(0))
    const third = await device('dev-1')
    await third.d.start()
    await waitFor('up to date, older', () => third.upToDate.length === 1)
    expect(third.upToDate[0]).toEqual({ version: '2.0.0', reason: 'older', announced: '1.0.0' })
    expect(h.audit.filter((e) => e.state === State.REJECTED)).toEqual([])
  })

  it('stops a download when the offer is withdrawn (empty retained offer): FAILED OTA_WITHDRAWN, then takes the release when offered again', async () => {
    h.delayMs = 30
    const v2 = release('2.0.0', 2)
    h.add(v2)
    const w = await device('dev-1')
    let withdrawn = false
    w.d.on('progress', (p) => {
      if (!withdrawn && p.received > 0 && p.received < p.total) {
        withdrawn = true
        h.publishOffer('dev-1', new Uint8Array(0))
      }
    })
    await w.d.start()
    h.publishOffer('dev-1', v2.rel.envelope)
    await waitFor('FAILED', () => w.failed.length === 1)
    expect(w.failed[0]!.code).toBe('OTA_WITHDRAWN')
    await waitFor('FAILED published', () => h.audit.some((e) => e.state === State.FAILED))
    const failed = h.audit.find((e) => e.state === State.FAILED)!
    expect(failed).toMatchObject({ errorCode: 'OTA_WITHDRAWN', targetVersion: '2.0.0', result: Lwm2mResult.CANCELLED })
    expect(failed.bytesReceived).toBeGreaterThan(0)
    expect(failed.bytesReceived).toBeLessThan(v2.image.length)
    const requestsAtFailure = h.requests.length
    await pause(500)
    expect(h.requests.length).toBe(requestsAtFailure)
    expect(w.d.state).toMatchObject({ version: '1.0.0', slot: 'a' })
    expect((await loadState(join(dir, 'dev-1'))).pending).toBeNull()
    expect(w.confirmed).toEqual([])

    // A rollout resumed later offers the same release again: that is a new decision.
    h.delayMs = 0
    h.publishOffer('dev-1', v2.rel.envelope)
    await waitFor('confirmed', () => w.confirmed.length === 1)
    expect(w.d.state.version).toBe('2.0.0')
  })

  it('stops a download on an OTA_WITHDRAWN error frame from the broker', async () => {
    h.delayMs = 30
    const v2 = release('2.0.0', 2)
    h.add(v2)
    const w = await device('dev-1')
    let sent = false
    w.d.on('progress', (p) => {
      if (!sent && p.received > 0 && p.received < p.total) {
        sent = true
        h.sendError('dev-1', v2.rel.manifest.image.sha256, 'OTA_WITHDRAWN')
      }
    })
    await w.d.start()
    h.publishOffer('dev-1', v2.rel.envelope)
    await waitFor('FAILED', () => w.failed.length === 1)
    expect(w.failed[0]!.code).toBe('OTA_WITHDRAWN')
    await waitFor('FAILED published', () => h.audit.some((e) => e.state === State.FAILED))
    expect(h.audit.find((e) => e.state === State.FAILED)).toMatchObject({ errorCode: 'OTA_WITHDRAWN', result: Lwm2mResult.CANCELLED })
    await pause(300)
    expect(w.d.state.version).toBe('1.0.0')
  })

  it('takes OTA_NOT_OFFERED as a refusal: one request, FAILED, no hammering', async () => {
    const v2 = release('2.0.0', 2)
    h.add(v2)
    h.refuse = () => 'OTA_NOT_OFFERED'
    const w = await device('dev-1')
    await w.d.start()
    h.publishOffer('dev-1', v2.rel.envelope)
    await waitFor('FAILED', () => w.failed.length === 1)
    expect(w.failed[0]!.code).toBe('OTA_NOT_OFFERED')
    await pause(1000)
    expect(h.requests).toHaveLength(1)
    expect(w.d.state.version).toBe('1.0.0')
  })

  it('keeps downloading an offered release when the model topic announces the running image again', async () => {
    h.delayMs = 20
    const v2 = release('2.0.0', 2)
    h.add(v2)
    const w = await device('dev-1')
    let announced = false
    w.d.on('progress', (p) => {
      if (!announced && p.received > 0 && p.received < p.total) {
        announced = true
        // 1.0.0 signed again with a newer sequence than the offer's: it names the image running.
        h.publishManifest(createRelease({ image: v1.image, model: MODEL, version: '1.0.0', securityVersion: 1, sequence: nextSequence(), chunkSize: 4096, signers: [releaseKey] }).envelope)
      }
    })
    await w.d.start()
    h.publishOffer('dev-1', v2.rel.envelope)
    await waitFor('confirmed', () => w.confirmed.length === 1)
    expect(announced).toBe(true)
    expect(w.failed).toEqual([])
  })

  it('reports a replayed offer (older sequence than one accepted) as REJECTED OTA_REPLAY', async () => {
    const old = release('1.5.0', 1)
    const v2 = release('2.0.0', 2)
    h.add(v2)
    h.publishManifest(v2.rel.envelope)
    const w = await device('dev-1')
    await w.d.start()
    await waitFor('confirmed', () => w.confirmed.length === 1)
    h.publishOffer('dev-1', old.rel.envelope)
    await waitFor('REJECTED', () => w.failed.length === 1)
    expect(w.failed[0]!.code).toBe('OTA_REPLAY')
    await waitFor('REJECTED published', () => h.audit.some((e) => e.state === State.REJECTED))
    expect(h.audit.find((e) => e.state === State.REJECTED)).toMatchObject({ errorCode: 'OTA_REPLAY', targetVersion: '1.5.0' })
  })
})
