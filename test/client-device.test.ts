/**
 * OtaDevice over real MQTT and mutual TLS against a bare Aedes broker with a minimal chunk
 * responder written here (not the broker plugin): it checks the device's own wiring (topics,
 * QoS, status events, the update flow, resume, supersede, ACL refusal). The end-to-end tests
 * against the real plugin live elsewhere.
 */
import { describe, it, expect } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FileSlotStorage, writeSlotImage, type ConfirmedEvent } from '../client/index.js'
import { loadState, updateState } from '../client/state.js'
import { OtaError, State, stateName, toHex, Urgency, type StatusEvent } from '../proto/index.js'
import { createRelease } from '../sign/index.js'
import { MODEL, nextSequence, onceMidDownload, release, releaseKey, rogueKey, useDeviceFixture, waitFor } from './helpers/client-harness.js'

const settle = async (ms = 400): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }

describe('OtaDevice over MQTT/TLS', () => {
  const fx = useDeviceFixture({ prefix: 'ota-dev-', provision: 'shared', defaults: { chunkTimeoutMs: 200, maxRetries: 3 } })

  it('updates end to end: every state reported in order, counter raised at confirm, repeats and bad manifests handled', async () => {
    const d = await fx.device()
    const confirmed: ConfirmedEvent[] = []
    const progress: Array<{ received: number, total: number }> = []
    const local: StatusEvent[] = []
    d.on('confirmed', (c) => confirmed.push(c))
    d.on('progress', (p) => progress.push(p))
    d.on('status', (e) => local.push(e))
    await d.start()
    expect(d.state).toEqual({ version: '1.0.0', slot: 'a', securityCounter: 1 })
    await waitFor('IDLE', () => fx.h.states().includes('IDLE'))
    expect(fx.h.audit[0]).toMatchObject({ deviceId: 'dev-1', model: MODEL, state: State.IDLE, currentVersion: '1.0.0', securityVersion: 1 })

    const v2 = release('2.0.0', 2)
    fx.h.add(v2)
    fx.h.publishManifest(v2.rel.envelope)
    await waitFor('CONFIRMED', () => confirmed.length === 1)
    expect(d.state).toEqual({ version: '2.0.0', slot: 'b', securityCounter: 2 })
    expect(confirmed[0]!.from).toBe('1.0.0')
    expect(confirmed[0]!.to).toBe('2.0.0')
    expect(confirmed[0]!.bytes).toBeGreaterThanOrEqual(v2.image.length)
    expect(confirmed[0]!.seconds).toBeGreaterThan(0)
    expect(progress.at(-1)).toEqual({ received: v2.image.length, total: v2.image.length })

    await waitFor('audit CONFIRMED', () => fx.h.states('2.0.0').includes('CONFIRMED'))
    expect(fx.h.states('2.0.0')).toEqual(['OFFERED', 'DOWNLOADING', 'DOWNLOADED', 'VERIFIED', 'INSTALLING', 'REBOOTING', 'TRIAL', 'CONFIRMED'])
    expect(local.map((e) => stateName(e.state))).toEqual(['IDLE', 'OFFERED', 'DOWNLOADING', 'DOWNLOADED', 'VERIFIED', 'INSTALLING', 'REBOOTING', 'TRIAL', 'CONFIRMED'])
    const byState = new Map(fx.h.audit.map((e) => [stateName(e.state), e]))
    expect(byState.get('OFFERED')).toMatchObject({ currentVersion: '1.0.0', securityVersion: 1, slot: 'b', bytesTotal: v2.image.length })
    expect(toHex(byState.get('DOWNLOADED')!.artifact)).toBe(toHex(v2.rel.manifest.image.sha256))
    expect(byState.get('TRIAL')).toMatchObject({ currentVersion: '2.0.0', previousVersion: '1.0.0', securityVersion: 1 })
    expect(byState.get('CONFIRMED')).toMatchObject({ currentVersion: '2.0.0', previousVersion: '1.0.0', securityVersion: 2, result: 1 })
    expect(byState.get('OFFERED')!.previousVersion).toBe('')
    for (const e of fx.h.audit) expect(e).toMatchObject({ deviceId: 'dev-1', model: MODEL })
    const s = await loadState(fx.dir)
    expect(s).toMatchObject({ active: 'b', securityCounter: 2, pending: null, download: null })

    // the same manifest again: nothing happens
    const before = fx.h.audit.length
    fx.h.publishManifest(v2.rel.envelope)
    await settle()
    expect(fx.h.audit.length).toBe(before)

    // a release below the counter is refused
    const old = release('1.5.0', 1)
    fx.h.publishManifest(old.rel.envelope)
    await waitFor('REJECTED rollback', () => fx.h.audit.some((e) => e.errorCode === 'OTA_ROLLBACK'))
    expect(fx.h.audit.at(-1)).toMatchObject({ state: State.REJECTED, targetVersion: '1.5.0', result: 8 })

    // a manifest signed by a key the root does not list is refused
    const forged = release('9.0.0', 9, rogueKey)
    fx.h.publishManifest(forged.rel.envelope)
    await waitFor('REJECTED untrusted', () => fx.h.audit.some((e) => e.errorCode === 'OTA_UNTRUSTED_KEY'))
    expect(fx.h.audit.at(-1)!.state).toBe(State.REJECTED)
    expect(d.state.version).toBe('2.0.0')
  })

  it('reverts when the health check fails, and does not take the same release again after a restart', async () => {
    const d = await fx.device({ healthCheck: () => false })
    const reverted: OtaError[] = []
    d.on('reverted', (e) => reverted.push(e))
    await d.start()
    const v2 = release('2.0.0', 2)
    fx.h.add(v2)
    fx.h.publishManifest(v2.rel.envelope)
    await waitFor('REVERTED', () => reverted.length === 1)
    expect(reverted[0]!.code).toBe('OTA_HEALTH_CHECK')
    expect(d.state).toEqual({ version: '1.0.0', slot: 'a', securityCounter: 1 })
    await waitFor('audit REVERTED', () => fx.h.states('2.0.0').includes('REVERTED'))
    expect(fx.h.audit.at(-1)).toMatchObject({ state: State.REVERTED, errorCode: 'OTA_HEALTH_CHECK', currentVersion: '1.0.0', targetVersion: '2.0.0', previousVersion: '2.0.0' })
    expect(fx.h.audit.find((e) => e.state === State.TRIAL)).toMatchObject({ currentVersion: '2.0.0', previousVersion: '1.0.0' })
    expect((await loadState(fx.dir)).slots.b).toBeNull()
    await d.stop()

    const d2 = await fx.device()
    await d2.start()
    await settle()
    expect(fx.h.audit.filter((e) => e.state === State.OFFERED)).toHaveLength(1)
    expect(d2.state.version).toBe('1.0.0')
  })

  it('reports FAILED with the broker error code and keeps running the old image', async () => {
    const d = await fx.device()
    const failed: OtaError[] = []
    d.on('failed', (e) => failed.push(e))
    await d.start()
    const v2 = release('2.0.0', 2) // not given to the responder
    fx.h.publishManifest(v2.rel.envelope)
    await waitFor('FAILED', () => failed.length === 1)
    expect(failed[0]!.code).toBe('OTA_UNKNOWN_ARTIFACT')
    await waitFor('audit FAILED', () => fx.h.states('2.0.0').includes('FAILED'))
    expect(fx.h.audit.at(-1)).toMatchObject({ state: State.FAILED, errorCode: 'OTA_UNKNOWN_ARTIFACT', result: 7 })
    const s = await loadState(fx.dir)
    expect(s.active).toBe('a')
    expect(s.slots.b).toBeNull()
  })

  it('abandons a download for a newer manifest and installs the newer one', async () => {
    fx.h.delayMs = 30
    const d = await fx.device()
    const confirmed: ConfirmedEvent[] = []
    const failed: OtaError[] = []
    d.on('confirmed', (c) => confirmed.push(c))
    d.on('failed', (e) => failed.push(e))
    const v2 = release('2.0.0', 2)
    const v3 = release('3.0.0', 3)
    fx.h.add(v2)
    fx.h.add(v3)
    onceMidDownload(d, () => { fx.h.publishManifest(v3.rel.envelope) })
    await d.start()
    fx.h.publishManifest(v2.rel.envelope)
    await waitFor('CONFIRMED', () => confirmed.length === 1)
    expect(failed.map((e) => e.code)).toEqual(['OTA_SUPERSEDED'])
    expect(confirmed[0]).toMatchObject({ from: '1.0.0', to: '3.0.0' })
    await waitFor('audit', () => fx.h.states('3.0.0').includes('CONFIRMED'))
    expect(fx.h.states('2.0.0')).toEqual(['OFFERED', 'DOWNLOADING', 'FAILED'])
    expect(fx.h.audit.find((e) => e.state === State.FAILED)).toMatchObject({ errorCode: 'OTA_SUPERSEDED', targetVersion: '2.0.0' })
    expect(fx.h.states('3.0.0')).toEqual(['OFFERED', 'DOWNLOADING', 'DOWNLOADED', 'VERIFIED', 'INSTALLING', 'REBOOTING', 'TRIAL', 'CONFIRMED'])
  })

  it('abandons a download when the broker withdraws the release by announcing the running image again', async () => {
    fx.h.delayMs = 30
    const d = await fx.device()
    const failed: OtaError[] = []
    d.on('failed', (e) => failed.push(e))
    d.on('confirmed', () => { throw new Error('a withdrawn release was installed') })
    const v2 = release('2.0.0', 2)
    fx.h.add(v2)
    // The same image as the running 1.0.0, signed again with a newer sequence: "go back to 1.0.0".
    const again = createRelease({ image: fx.v1.image, model: MODEL, version: '1.0.0', securityVersion: 1, sequence: nextSequence(), chunkSize: 4096, signers: [releaseKey] })
    onceMidDownload(d, () => { fx.h.publishManifest(again.envelope) })
    await d.start()
    fx.h.publishManifest(v2.rel.envelope)
    await waitFor('FAILED', () => failed.length === 1)
    expect(failed[0]!.code).toBe('OTA_SUPERSEDED')
    await settle()
    expect(d.state).toMatchObject({ version: '1.0.0', slot: 'a' })
    expect((await loadState(fx.dir)).pending).toBeNull()
    expect(fx.h.states('2.0.0')).toEqual(['OFFERED', 'DOWNLOADING', 'FAILED'])
  })

  it('resumes an interrupted download where it stopped', async () => {
    const v2 = release('2.0.0', 2)
    fx.h.add(v2)
    fx.h.serve = (i) => i < 30
    const d = await fx.device({ maxRetries: 1000 })
    let received = 0
    d.on('progress', (p) => { received = p.received })
    await d.start()
    fx.h.publishManifest(v2.rel.envelope)
    await waitFor('30 chunks', () => received === 30 * 4096)
    await d.stop()
    const s = await loadState(fx.dir)
    expect(s.download?.artifact).toBe(toHex(v2.rel.manifest.image.sha256))
    const held = Buffer.from(s.download!.received, 'base64')
    for (let i = 0; i < 30; i++) expect(held[i >> 3]! & (1 << (i & 7))).not.toBe(0)
    expect(fx.h.states('2.0.0')).not.toContain('FAILED')

    fx.h.serve = () => true
    fx.h.requests.length = 0
    const d2 = await fx.device()
    const confirmed: ConfirmedEvent[] = []
    d2.on('confirmed', (c) => confirmed.push(c))
    await d2.start()
    await waitFor('CONFIRMED', () => confirmed.length === 1)
    const asked = fx.h.requests.flatMap((r) => r.indexes)
    expect(asked.length).toBeGreaterThan(0)
    expect(asked.every((i) => i >= 30)).toBe(true)
    expect(confirmed[0]!.bytes).toBeLessThan(v2.image.length)
    expect(d2.state.version).toBe('2.0.0')
  })

  it('declines through the consent hook, and does not offer the declined release again after a restart', async () => {
    const asked: string[] = []
    const d = await fx.device({ consent: (m) => { asked.push(m.version); return 'decline' } })
    const failed: OtaError[] = []
    d.on('failed', (e) => failed.push(e))
    await d.start()
    const v2 = release('2.0.0', 2)
    fx.h.add(v2)
    fx.h.publishManifest(v2.rel.envelope)
    await waitFor('declined', () => failed.length === 1)
    expect(failed[0]!.code).toBe('OTA_DECLINED')
    await waitFor('audit REJECTED', () => fx.h.states('2.0.0').includes('REJECTED'))
    expect(fx.h.states('2.0.0')).toEqual(['OFFERED', 'REJECTED'])
    expect(fx.h.audit.at(-1)).toMatchObject({ errorCode: 'OTA_DECLINED', result: 10 })
    expect(fx.h.requests).toHaveLength(0)
    await d.stop()
    const d2 = await fx.device()
    await d2.start()
    await settle()
    expect(asked).toEqual(['2.0.0'])
    expect(fx.h.states('2.0.0')).toEqual(['OFFERED', 'REJECTED'])
  })

  it('defers, asks again, and installs once the maximum deferral has run out', async () => {
    const asked: number[] = []
    const d = await fx.device({ consent: () => { asked.push(Date.now()); return 'defer' }, deferIntervalMs: 300 })
    const confirmed: ConfirmedEvent[] = []
    d.on('confirmed', (c) => confirmed.push(c))
    await d.start()
    const v2 = release('2.0.0', 2, releaseKey, { urgency: Urgency.RECOMMENDED, maxDeferralS: 1 })
    fx.h.add(v2)
    fx.h.publishManifest(v2.rel.envelope)
    await waitFor('CONFIRMED', () => confirmed.length === 1)
    expect(asked.length).toBeGreaterThanOrEqual(3)
    expect(asked.at(-1)! - asked[0]!).toBeGreaterThanOrEqual(900)
    await waitFor('audit CONFIRMED', () => fx.h.states('2.0.0').includes('CONFIRMED'))
    const states = fx.h.states('2.0.0')
    expect(states.slice(0, 4)).toEqual(['OFFERED', 'DEFERRED', 'OFFERED', 'DEFERRED'])
    expect(states.at(-1)).toBe('CONFIRMED')
    expect(fx.h.audit.find((e) => e.state === State.DEFERRED)!.result).toBe(11)
    expect((await loadState(fx.dir)).deferral).toBeNull()
  })

  it('finishes a trial left by a restart: health check at start, then CONFIRMED and IDLE on the new version', async () => {
    const v2 = release('2.0.0', 4)
    await writeSlotImage(FileSlotStorage.inDir(fx.dir), 'b', v2.image)
    await updateState(fx.dir, (s) => {
      s.slots.b = { envelope: Buffer.from(v2.rel.envelope).toString('base64'), version: '2.0.0', sha256: toHex(v2.rel.manifest.image.sha256), size: v2.image.length, confirmed: false }
      s.pending = { slot: 'b', trialsLeft: 2, offeredAt: Date.now() - 5000, bytes: 1234 }
    })
    const checked: string[] = []
    const d = await fx.device({ healthCheck: ({ version, slot }) => { checked.push(`${version}@${slot}`); return true } })
    const confirmed: ConfirmedEvent[] = []
    d.on('confirmed', (c) => confirmed.push(c))
    await d.start()
    expect(checked).toEqual(['2.0.0@b'])
    expect(confirmed).toHaveLength(1)
    expect(confirmed[0]).toMatchObject({ from: '1.0.0', to: '2.0.0', bytes: 1234 })
    expect(confirmed[0]!.seconds).toBeGreaterThanOrEqual(5)
    expect(d.state).toEqual({ version: '2.0.0', slot: 'b', securityCounter: 4 })
    await waitFor('IDLE', () => fx.h.states().includes('IDLE'))
    expect(fx.h.states()).toEqual(['TRIAL', 'CONFIRMED', 'IDLE'])
    expect(fx.h.audit.slice(0, 2).map((e) => e.previousVersion)).toEqual(['1.0.0', '1.0.0'])
    expect(fx.h.audit.at(-1)!.currentVersion).toBe('2.0.0')
  })

  it('fails to start with OTA_ACL_DENIED when a subscription is refused', async () => {
    await fx.restartBroker({
      authorizeSubscribe: (_c, sub, cb) => { cb(null, sub.topic.includes('/trust/') ? null : sub) }
    })
    const d = await fx.device()
    const e = await d.start().then(() => null, (x: unknown) => x)
    expect(e).toBeInstanceOf(OtaError)
    expect((e as OtaError).code).toBe('OTA_ACL_DENIED')
  })

  it('fails to start with OTA_STATE when the device was never provisioned', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'ota-dev-'))
    try {
      const d = await fx.device({ stateDir: empty })
      const e = await d.start().then(() => null, (x: unknown) => x)
      expect((e as OtaError).code).toBe('OTA_STATE')
    } finally {
      await rm(empty, { recursive: true, force: true })
    }
  })
})
