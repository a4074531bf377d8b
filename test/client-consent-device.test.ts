/**
 * Consent on a real device over MQTT and mutual TLS (bare Aedes broker with a chunk responder,
 * test/helpers/client-harness.ts): a deferral until a time is reported DEFERRED with
 * `deferredUntil` and survives a restart (the device waits for the same time without asking);
 * a critical release cannot be declined and installs when its maximum deferral runs out; the
 * window policy defers to the next maintenance window (a real cron window a few seconds ahead)
 * and installs in it; outside the windows, a critical release installs once its maximum deferral
 * runs out.
 */
import { describe, it, expect } from 'vitest'
import type { OtaDevice, OtaDeviceOptions, ReleaseOffer } from '../client/index.js'
import { loadState } from '../client/state.js'
import { Lwm2mResult, State, Urgency, type OtaError } from '../proto/index.js'
import { release, releaseKey, useDeviceFixture, waitFor } from './helpers/client-harness.js'

interface Watched { d: OtaDevice, failed: OtaError[], confirmedAt: number[], offers: ReleaseOffer[] }

/** A six-field cron expression (seconds first, UTC) naming the second `t` (ms) falls in, every day. */
function cronAt (t: number): string {
  const d = new Date(t)
  return `${d.getUTCSeconds()} ${d.getUTCMinutes()} ${d.getUTCHours()} * * *`
}

describe('OtaDevice: consent and maintenance windows', () => {
  const fx = useDeviceFixture({ prefix: 'ota-consent-', provision: 'shared', defaults: { chunkTimeoutMs: 200, maxRetries: 3, retainedSettleMs: 200 } })

  async function device (extra: Partial<OtaDeviceOptions>): Promise<Watched> {
    const d = await fx.device(extra)
    const w: Watched = { d, failed: [], confirmedAt: [], offers: [] }
    d.on('failed', (e) => w.failed.push(e))
    d.on('confirmed', () => w.confirmedAt.push(Date.now()))
    d.on('offered', (o) => w.offers.push(o))
    return w
  }

  it('defers until the time the application names, reports it, and keeps that deferral across a restart', async () => {
    const until = Date.now() + 2500
    const first = await device({ consent: () => ({ defer: until }) })
    const v2 = release('2.0.0', 2, releaseKey, { releaseNotes: 'Faster boot.', urgency: Urgency.RECOMMENDED, maxDeferralS: 3600 })
    fx.h.add(v2)
    fx.h.publishManifest(v2.rel.envelope)
    await first.d.start()
    await waitFor('DEFERRED', () => fx.h.audit.some((e) => e.state === State.DEFERRED))
    const deferred = fx.h.audit.find((e) => e.state === State.DEFERRED)!
    expect(deferred).toMatchObject({ targetVersion: '2.0.0', deferredUntil: until, result: Lwm2mResult.DEFERRED })
    expect(first.offers[0]).toMatchObject({ version: '2.0.0', releaseNotes: 'Faster boot.', urgency: 'recommended', maxDeferralS: 3600, mayDecline: true, source: 'model' })
    const recorded = (await loadState(fx.dir)).deferral!
    expect(recorded.until).toBe(until)
    await first.d.stop()

    // After the restart the application would install at once, but it is not asked before `until`.
    const asked: number[] = []
    const second = await device({ consent: () => { asked.push(Date.now()); return 'install' } })
    const seen = fx.h.audit.length
    await second.d.start()
    await waitFor('CONFIRMED', () => second.confirmedAt.length === 1)
    expect(asked).toHaveLength(1)
    expect(asked[0]!).toBeGreaterThanOrEqual(until)
    const again = fx.h.audit.slice(seen).filter((e) => e.targetVersion === '2.0.0')
    expect(again.slice(0, 2).map((e) => e.state)).toEqual([State.OFFERED, State.DEFERRED])
    expect(again[1]!.deferredUntil).toBe(until)
    // The first deferral's start still counts for the maximum deferral.
    expect(second.offers[0]!.deferredSince).toBe(recorded.since)
    expect((await loadState(fx.dir)).deferral).toBeNull()
  })

  it('a critical release cannot be declined: deferred instead, then installed when its maximum deferral runs out', async () => {
    const answers: string[] = []
    const w = await device({ consent: (_m, offer) => { answers.push(offer.urgency); return 'decline' }, deferIntervalMs: 400 })
    const v2 = release('2.0.0', 2, releaseKey, { urgency: Urgency.CRITICAL, maxDeferralS: 1 })
    fx.h.add(v2)
    const t0 = Date.now()
    await w.d.start()
    fx.h.publishManifest(v2.rel.envelope)
    await waitFor('CONFIRMED', () => w.confirmedAt.length === 1)
    expect(w.confirmedAt[0]! - t0).toBeGreaterThanOrEqual(1000)
    expect(answers.length).toBeGreaterThanOrEqual(2)
    expect(answers.every((u) => u === 'critical')).toBe(true)
    expect(w.failed).toEqual([])
    expect(fx.h.states('2.0.0')).not.toContain('REJECTED')
    expect(fx.h.states('2.0.0').slice(0, 2)).toEqual(['OFFERED', 'DEFERRED'])
    expect(w.offers[0]).toMatchObject({ mayDecline: false, urgency: 'critical' })
  })

  it('window policy: defers to the next maintenance window and installs in it', async () => {
    // A window that opens 3 s from now (whole seconds: cron has no finer grain) for a minute.
    const opens = Math.ceil((Date.now() + 3000) / 1000) * 1000
    const w = await device({ consentPolicy: 'window', maintenanceWindows: [{ cron: cronAt(opens), timezone: 'UTC', durationMs: 60_000 }] })
    const v2 = release('2.0.0', 2)
    fx.h.add(v2)
    await w.d.start()
    fx.h.publishManifest(v2.rel.envelope)
    await waitFor('DEFERRED', () => fx.h.audit.some((e) => e.state === State.DEFERRED))
    expect(fx.h.audit.find((e) => e.state === State.DEFERRED)).toMatchObject({ deferredUntil: opens })
    expect(fx.h.requests).toHaveLength(0)
    await waitFor('CONFIRMED', () => w.confirmedAt.length === 1)
    expect(w.confirmedAt[0]!).toBeGreaterThanOrEqual(opens)
    expect(Math.min(...fx.h.audit.filter((e) => e.state === State.DOWNLOADING).map((e) => Number(e.time)))).toBeGreaterThanOrEqual(opens)
  })

  it('window policy: a critical release installs outside the windows once its maximum deferral runs out', async () => {
    const w = await device({ consentPolicy: 'window', maintenanceWindows: [{ cron: '0 0 1 1 *', timezone: 'Pacific/Auckland', durationMs: 3_600_000 }] })
    const v2 = release('2.0.0', 2, releaseKey, { urgency: Urgency.CRITICAL, maxDeferralS: 1 })
    fx.h.add(v2)
    const t0 = Date.now()
    await w.d.start()
    fx.h.publishManifest(v2.rel.envelope)
    await waitFor('DEFERRED', () => fx.h.audit.some((e) => e.state === State.DEFERRED))
    const deferredUntil = Number(fx.h.audit.find((e) => e.state === State.DEFERRED)!.deferredUntil)
    expect(deferredUntil).toBeGreaterThanOrEqual(t0 + 1000)
    expect(deferredUntil).toBeLessThan(t0 + 5000)
    await waitFor('CONFIRMED', () => w.confirmedAt.length === 1)
    expect(w.confirmedAt[0]! - t0).toBeGreaterThanOrEqual(1000)
  })

  it('window policy: an optional release outside the windows, with no maximum deferral, waits', async () => {
    const w = await device({ consentPolicy: 'window', maintenanceWindows: [{ cron: '0 0 1 1 *', durationMs: 3_600_000 }] })
    const v2 = release('2.0.0', 2)
    fx.h.add(v2)
    await w.d.start()
    fx.h.publishManifest(v2.rel.envelope)
    await waitFor('DEFERRED', () => fx.h.audit.some((e) => e.state === State.DEFERRED))
    const until = Number(fx.h.audit.find((e) => e.state === State.DEFERRED)!.deferredUntil)
    expect(new Date(until).toISOString()).toMatch(/-01-01T00:00:00\.000Z$/)
    await new Promise((resolve) => setTimeout(resolve, 800))
    expect(fx.h.requests).toHaveLength(0)
    expect(w.confirmedAt).toEqual([])
  })
})
