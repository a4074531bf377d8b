/**
 * End of life and what every status event says of the device, on a real device over MQTT and
 * mutual TLS (bare Aedes broker, test/helpers/client-harness.ts): the end-of-life hook and event
 * fire at start when the date has passed, and when it passes while the device runs (the device
 * then reports ENDED to the broker at once); a newer signed manifest naming the running image
 * announces an end of life that is adopted and kept across a restart; status events carry the
 * support status, the date, the hardware revision and the running image's SBOM digest.
 */
import { describe, it, expect } from 'vitest'
import { provisionDevice, type EndOfLifeInfo, type OtaDevice, type OtaDeviceOptions } from '../client/index.js'
import { supportStatus } from '../client/eol/support.js'
import { loadState } from '../client/state.js'
import { BodyType, State, SupportStatus, sha256, toHex } from '../proto/index.js'
import { encodeBundle, signEnvelope, type Release } from '../sign/index.js'
import { MODEL, release, releaseKey, trust, useDeviceFixture, waitFor } from './helpers/client-harness.js'

const DAY = 86_400_000

describe('end of life: support status', () => {
  it('is UNKNOWN without a date, SUPPORTED far off, ENDING within the warning, ENDED from the date on', () => {
    expect(supportStatus(0, 5, 10)).toBe(SupportStatus.UNKNOWN)
    expect(supportStatus(100, 50, 10)).toBe(SupportStatus.SUPPORTED)
    expect(supportStatus(100, 90, 10)).toBe(SupportStatus.ENDING)
    expect(supportStatus(100, 100, 10)).toBe(SupportStatus.ENDED)
  })
})

describe('OtaDevice: end of life and device facts', () => {
  const fx = useDeviceFixture({ prefix: 'ota-eol-', provision: 'none', defaults: { retainedSettleMs: 200 } })

  async function device (extra: Partial<OtaDeviceOptions>, hooked: EndOfLifeInfo[], evented: EndOfLifeInfo[]): Promise<OtaDevice> {
    const d = await fx.device({ onEndOfLife: (info) => { hooked.push(info) }, ...extra })
    d.on('endOfLife', (info) => evented.push(info))
    return d
  }

  it('fires the hook at start when the date has passed, and every status event says ENDED', async () => {
    const at = Date.now() - DAY
    const v1 = release('1.0.0', 1, releaseKey, { endOfLifeAt: at, endOfLifeNotice: 'No more security fixes: replace the unit.' })
    await provisionDevice({ stateDir: fx.dir, bundle: v1.rel.bundle, trust })
    const hooked: EndOfLifeInfo[] = []
    const evented: EndOfLifeInfo[] = []
    const d = await device({}, hooked, evented)
    await d.start()
    expect(hooked).toEqual([{ model: MODEL, version: '1.0.0', endOfLifeAt: at, notice: 'No more security fixes: replace the unit.', support: 'ENDED' }])
    expect(evented).toEqual(hooked)
    await waitFor('IDLE', () => fx.h.audit.some((e) => e.state === State.IDLE))
    expect(fx.h.audit[0]).toMatchObject({ support: SupportStatus.ENDED, endOfLifeAt: at })
  })

  it('reports ENDING before the date, then fires the hook when the date passes while running and reports ENDED at once', async () => {
    const at = Date.now() + 1500
    const v1 = release('1.0.0', 1, releaseKey, { endOfLifeAt: at, endOfLifeNotice: 'End of support.' })
    await provisionDevice({ stateDir: fx.dir, bundle: v1.rel.bundle, trust })
    const hooked: EndOfLifeInfo[] = []
    const evented: EndOfLifeInfo[] = []
    const d = await device({ eolWarningMs: 30 * DAY }, hooked, evented)
    await d.start()
    expect(hooked).toEqual([])
    await waitFor('IDLE', () => fx.h.audit.some((e) => e.state === State.IDLE))
    expect(fx.h.audit[0]).toMatchObject({ support: SupportStatus.ENDING, endOfLifeAt: at })
    await waitFor('hook', () => hooked.length === 1, 10_000)
    expect(Date.now()).toBeGreaterThanOrEqual(at)
    expect(evented).toHaveLength(1)
    await waitFor('ENDED reported', () => fx.h.audit.some((e) => e.support === SupportStatus.ENDED))
    expect(fx.h.audit.find((e) => e.support === SupportStatus.ENDED)!.state).toBe(State.IDLE)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(hooked).toHaveLength(1)
  })

  it('adopts an end of life announced by a newer manifest of the running image, and keeps it across a restart', async () => {
    const v1 = release('1.0.0', 1)
    await provisionDevice({ stateDir: fx.dir, bundle: v1.rel.bundle, trust })
    const hooked: EndOfLifeInfo[] = []
    const evented: EndOfLifeInfo[] = []
    const d = await device({}, hooked, evented)
    await d.start()
    await waitFor('IDLE', () => fx.h.audit.some((e) => e.state === State.IDLE))
    expect(fx.h.audit[0]).toMatchObject({ support: SupportStatus.UNKNOWN, endOfLifeAt: 0 })
    // The same image, signed again with a newer sequence, only to announce the end of support.
    const at = Date.now() - 1000
    const notice = release('1.0.0', 1, releaseKey, { image: v1.image, endOfLifeAt: at, endOfLifeNotice: 'Model retired.' })
    fx.h.publishManifest(notice.rel.envelope)
    await waitFor('hook', () => hooked.length === 1)
    expect(hooked[0]).toMatchObject({ endOfLifeAt: at, notice: 'Model retired.', version: '1.0.0' })
    await waitFor('ENDED reported', () => fx.h.audit.some((e) => e.support === SupportStatus.ENDED))
    expect((await loadState(fx.dir)).endOfLife).toEqual({ sequence: notice.rel.manifest.sequence, at, notice: 'Model retired.' })
    await d.stop()

    // Restarted without the announcement on the broker, it still knows.
    fx.h.publishManifest(new Uint8Array(0))
    const again: EndOfLifeInfo[] = []
    const d2 = await device({}, again, [])
    await d2.start()
    expect(again).toEqual([{ model: MODEL, version: '1.0.0', endOfLifeAt: at, notice: 'Model retired.', support: 'ENDED' }])
  })

  it('ignores an end-of-life announcement older than what it runs', async () => {
    const stale = release('1.0.0', 1)
    const v1 = release('1.0.0', 1, releaseKey, { image: stale.image })
    await provisionDevice({ stateDir: fx.dir, bundle: v1.rel.bundle, trust })
    const hooked: EndOfLifeInfo[] = []
    const d = await device({}, hooked, [])
    await d.start()
    const old = signEnvelope({ type: BodyType.MANIFEST, manifest: { ...stale.rel.manifest, endOfLifeAt: Date.now() - DAY, endOfLifeNotice: 'old' } }, [releaseKey])
    fx.h.publishManifest(old)
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(hooked).toEqual([])
    expect(fx.h.audit.filter((e) => e.state === State.REJECTED)).toEqual([])
  })

  it('every status event carries the hardware revision and the SBOM digest of the image that runs', async () => {
    const plain = release('1.0.0', 1, releaseKey, { hardwareRevisions: ['rev-b'] })
    const sbomBytes = new TextEncoder().encode('{"bomFormat":"CycloneDX","specVersion":"1.5"}')
    const sbom = sha256(sbomBytes)
    const manifest = { ...plain.rel.manifest, sbomSha256: sbom, sbomFormat: 'cyclonedx+json' as const, sbomSize: sbomBytes.length }
    const envelope = signEnvelope({ type: BodyType.MANIFEST, manifest }, [releaseKey])
    const v1: { rel: Release, image: Uint8Array } = { rel: { manifest, envelope, bundle: encodeBundle(envelope, plain.image, sbomBytes) }, image: plain.image }
    await provisionDevice({ stateDir: fx.dir, bundle: v1.rel.bundle, trust })
    const d = await device({ hardwareRevision: 'rev-b' }, [], [])
    const v2 = release('2.0.0', 2, releaseKey, { hardwareRevisions: ['rev-b'] })
    fx.h.add(v2)
    fx.h.publishManifest(v2.rel.envelope)
    await d.start()
    await waitFor('CONFIRMED', () => fx.h.audit.some((e) => e.state === State.CONFIRMED))
    await waitFor('all events', () => fx.h.audit.length >= 9)
    expect(fx.h.audit.every((e) => e.hardwareRevision === 'rev-b')).toBe(true)
    const before = fx.h.audit.filter((e) => e.currentVersion === '1.0.0')
    expect(before.length).toBeGreaterThan(3)
    expect(before.every((e) => toHex(e.sbomSha256) === toHex(sbom))).toBe(true)
    // 2.0.0 has no SBOM: events sent while it runs carry none.
    const after = fx.h.audit.filter((e) => e.currentVersion === '2.0.0')
    expect(after.length).toBeGreaterThan(0)
    expect(after.every((e) => e.sbomSha256.length === 0)).toBe(true)
  })
})
