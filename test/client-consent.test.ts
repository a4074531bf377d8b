/**
 * The consent rules (client/consent/): auto, ask (install, decline, defer, defer until), windows
 * (cron + time zone + duration, through croner), the maximum deferral and urgency (a critical
 * release cannot be declined and installs when its maximum deferral runs out), durations and the
 * command-line window syntax.
 */
import { describe, it, expect } from 'vitest'
import { randomBytes } from 'node:crypto'
import { decideConsent, deferralDeadline, type ConsentFacts } from '../client/consent/decide.js'
import { parseDuration } from '../client/consent/duration.js'
import { releaseOffer } from '../client/consent/offer.js'
import { compileWindows, parseWindow } from '../client/consent/windows.js'
import { Urgency, isOtaError, type Manifest, type UrgencyValue } from '../proto/index.js'
import { createRelease, generateKeyPair } from '../sign/index.js'

const key = generateKeyPair('release')
const image = new Uint8Array(randomBytes(4096))
function manifest (urgency: UrgencyValue = Urgency.OPTIONAL, maxDeferralS = 0): Manifest {
  return createRelease({ image, model: 'sensor', version: '2.0.0', securityVersion: 1, sequence: 1, urgency, maxDeferralS, releaseNotes: 'Fixes the thing.', rebootRequired: true, signers: [key] }).manifest
}
const now = Date.UTC(2026, 10, 29, 12, 0, 0)
const ask = (answer: unknown, more: Partial<ConsentFacts> = {}): ConsentFacts => ({ policy: 'ask', answer, deferredSince: null, now, deferIntervalMs: 60_000, ...more })
const codeOf = (fn: () => unknown): string | undefined => { try { fn() } catch (e) { return isOtaError(e) ? e.code : String(e) } return undefined }

describe('consent: ask and auto', () => {
  it('auto installs at once whatever the urgency', () => {
    expect(decideConsent(manifest(), { policy: 'auto', deferredSince: null, now, deferIntervalMs: 1 })).toEqual({ action: 'install', overridden: false })
  })

  it('installs on install, declines an optional or recommended release on decline', () => {
    expect(decideConsent(manifest(), ask('install'))).toEqual({ action: 'install', overridden: false })
    expect(decideConsent(manifest(), ask('decline'))).toEqual({ action: 'decline' })
    expect(decideConsent(manifest(Urgency.RECOMMENDED, 60), ask('decline'))).toEqual({ action: 'decline' })
  })

  it('defers by the interval, or until the time answered (at least 1 s ahead), capped by the maximum deferral', () => {
    const m = manifest(Urgency.RECOMMENDED, 150)
    expect(decideConsent(m, ask('defer'))).toEqual({ action: 'defer', until: now + 60_000 })
    expect(decideConsent(m, ask({ defer: now + 90_000 }))).toEqual({ action: 'defer', until: now + 90_000 })
    expect(decideConsent(m, ask({ defer: now + 900_000 }))).toEqual({ action: 'defer', until: now + 150_000 })
    expect(decideConsent(m, ask({ defer: now - 5 }))).toEqual({ action: 'defer', until: now + 1000 })
    expect(decideConsent(m, ask('defer', { deferredSince: now - 120_000 }))).toEqual({ action: 'defer', until: now + 30_000 })
    expect(decideConsent(m, ask('defer', { deferredSince: now - 150_000 }))).toEqual({ action: 'install', overridden: true })
  })

  it('defers without a limit an optional release whose maximum deferral is 0; a broken answer counts as defer', () => {
    const m = manifest(Urgency.OPTIONAL, 0)
    expect(decideConsent(m, ask('defer', { deferredSince: now - 365 * 86_400_000 }))).toEqual({ action: 'defer', until: now + 60_000 })
    expect(decideConsent(m, ask(undefined))).toEqual({ action: 'defer', until: now + 60_000 })
    expect(decideConsent(m, ask('yes please'))).toEqual({ action: 'defer', until: now + 60_000 })
    expect(decideConsent(m, ask({ defer: 'tomorrow' }))).toEqual({ action: 'defer', until: now + 60_000 })
  })

  it('a critical release cannot be declined (counted as defer) and installs when its maximum deferral runs out', () => {
    const m = manifest(Urgency.CRITICAL, 600)
    expect(decideConsent(m, ask('decline'))).toEqual({ action: 'defer', until: now + 60_000 })
    expect(decideConsent(m, ask({ defer: now + 3_600_000 }, { deferredSince: now - 300_000 }))).toEqual({ action: 'defer', until: now + 300_000 })
    expect(decideConsent(m, ask('decline', { deferredSince: now - 600_000 }))).toEqual({ action: 'install', overridden: true })
  })

  it('a critical release with a maximum deferral of 0 may not be deferred at all', () => {
    const m = manifest(Urgency.CRITICAL, 0)
    expect(decideConsent(m, ask('defer'))).toEqual({ action: 'install', overridden: true })
    expect(decideConsent(m, ask('decline'))).toEqual({ action: 'install', overridden: true })
    expect(deferralDeadline(m, now)).toBe(now)
    expect(deferralDeadline(manifest(), now)).toBeNull()
  })

  it('tells the application what it needs to decide', () => {
    expect(releaseOffer(manifest(Urgency.CRITICAL, 600), 'offer', now - 1000, now)).toMatchObject({
      version: '2.0.0', urgency: 'critical', releaseNotes: 'Fixes the thing.', rebootRequired: true, maxDeferralS: 600, mayDecline: false, deferredSince: now - 1000, installBy: now - 1000 + 600_000, source: 'offer'
    })
  })
})

describe('consent: maintenance windows', () => {
  // Every day 02:00 to 04:00 in Berlin (UTC+1 in winter: 01:00 to 03:00 UTC).
  const nightly = compileWindows([{ cron: '0 2 * * *', timezone: 'Europe/Berlin', durationMs: 2 * 3_600_000 }])
  const at = (iso: string): number => Date.parse(iso)

  it('is open from each opening for its duration, in its time zone', () => {
    expect(nightly.at(at('2026-11-29T00:59:59Z'))).toEqual({ open: false, opensAt: at('2026-11-29T01:00:00Z') })
    expect(nightly.at(at('2026-11-29T01:00:00Z'))).toEqual({ open: true, closesAt: at('2026-11-29T03:00:00Z') })
    expect(nightly.at(at('2026-11-29T02:59:59Z'))).toEqual({ open: true, closesAt: at('2026-11-29T03:00:00Z') })
    expect(nightly.at(at('2026-11-29T03:00:00Z'))).toEqual({ open: false, opensAt: at('2026-11-30T01:00:00Z') })
    // Summer time: 02:00 Berlin is 00:00 UTC.
    expect(nightly.at(at('2026-07-01T00:30:00Z'))).toEqual({ open: true, closesAt: at('2026-07-01T02:00:00Z') })
  })

  it('takes the earliest of several windows', () => {
    const w = compileWindows([{ cron: '0 2 * * *', timezone: 'Europe/Berlin', durationMs: 3_600_000 }, { cron: '30 12 * * *', durationMs: 600_000 }])
    expect(w.at(at('2026-11-29T12:00:00Z'))).toEqual({ open: false, opensAt: at('2026-11-29T12:30:00Z') })
    expect(w.at(at('2026-11-29T12:35:00Z'))).toEqual({ open: true, closesAt: at('2026-11-29T12:40:00Z') })
  })

  it('installs inside a window, defers to the next opening outside, installs anyway when the maximum deferral runs out', () => {
    const inside = at('2026-11-29T01:30:00Z')
    const outside = at('2026-11-29T12:00:00Z')
    const facts = (t: number, since: number | null = null): ConsentFacts => ({ policy: 'window', window: nightly.at(t), deferredSince: since, now: t, deferIntervalMs: 60_000 })
    expect(decideConsent(manifest(), facts(inside))).toEqual({ action: 'install', overridden: false })
    expect(decideConsent(manifest(), facts(outside))).toEqual({ action: 'defer', until: at('2026-11-30T01:00:00Z') })
    const critical = manifest(Urgency.CRITICAL, 3600)
    expect(decideConsent(critical, facts(outside))).toEqual({ action: 'defer', until: outside + 3_600_000 })
    expect(decideConsent(critical, facts(outside, outside - 3_600_000))).toEqual({ action: 'install', overridden: true })
    expect(decideConsent(manifest(Urgency.CRITICAL, 0), facts(outside))).toEqual({ action: 'install', overridden: true })
  })

  it('refuses a bad expression, time zone or duration', () => {
    expect(codeOf(() => compileWindows([]))).toBe('OTA_INVALID_ARGUMENT')
    expect(codeOf(() => compileWindows([{ cron: 'nightly', durationMs: 60_000 }]))).toBe('OTA_INVALID_ARGUMENT')
    expect(codeOf(() => compileWindows([{ cron: '0 2 * * *', timezone: 'Mars/Olympus', durationMs: 60_000 }]))).toBe('OTA_INVALID_ARGUMENT')
    expect(codeOf(() => compileWindows([{ cron: '0 2 * * *', durationMs: 10 }]))).toBe('OTA_INVALID_ARGUMENT')
  })

  it('parses the command-line form CRON[@TZ]/DURATION', () => {
    expect(parseWindow('0 2 * * *@Europe/Berlin/2h')).toEqual({ cron: '0 2 * * *', timezone: 'Europe/Berlin', durationMs: 7_200_000 })
    expect(parseWindow('*/15 * * * */90s')).toEqual({ cron: '*/15 * * * *', durationMs: 90_000 })
    expect(codeOf(() => parseWindow('0 2 * * *'))).toBe('OTA_INVALID_ARGUMENT')
    expect(codeOf(() => parseWindow('0 2 * * *@Nowhere/1h'))).toBe('OTA_INVALID_ARGUMENT')
  })

  it('parses durations', () => {
    expect([parseDuration('500ms'), parseDuration('90s'), parseDuration('30m'), parseDuration('2h'), parseDuration('7d'), parseDuration('250')]).toEqual([500, 90_000, 1_800_000, 7_200_000, 604_800_000, 250])
    expect(codeOf(() => parseDuration('2 hours'))).toBe('OTA_INVALID_ARGUMENT')
    expect(codeOf(() => parseDuration('400d'))).toBe('OTA_INVALID_ARGUMENT')
  })
})
