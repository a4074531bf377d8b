/**
 * Freshness (issue 7 item 3): manifests expire by default, `release create` says when and lets
 * the operator choose or opt out explicitly, and a device that trusts its clock refuses an expired
 * manifest, reporting it once (REJECTED, `OTA_EXPIRED`) however often the broker repeats it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { State, isOtaError, parseBundle, verifyManifest } from '../proto/index.js'
import { ReleaseDefaults, createRelease, generateKeyPair, initKeys } from '../sign/index.js'
import { runCli } from './helpers/cli.js'
import { FIXTURES } from './helpers/env.js'
import { release, trust, useDeviceFixture, waitFor } from './helpers/client-harness.js'

const DAY = 86_400_000
const IMAGE = join(FIXTURES, 'firmware', 'ath9k', 'new.bin')

describe('createRelease expiry', () => {
  const key = generateKeyPair('release')
  const image = new Uint8Array(4096).fill(7)
  it('expires ReleaseDefaults.validityMs (90 days) after createdAt unless told otherwise', () => {
    expect(ReleaseDefaults.validityMs).toBe(90 * DAY)
    const r = createRelease({ image, model: 'm', version: '1.0.0', securityVersion: 0, signers: [key], createdAt: 1_800_000_000_000 })
    expect(r.manifest.expiresAt).toBe(1_800_000_000_000 + 90 * DAY)
    const now = Date.now()
    const d = createRelease({ image, model: 'm', version: '1.0.0', securityVersion: 0, signers: [key] })
    expect(d.manifest.expiresAt - d.manifest.createdAt).toBe(90 * DAY)
    expect(d.manifest.createdAt).toBeGreaterThanOrEqual(now)
  })
  it('keeps 0 (never) only when asked, and refuses an expiry not after creation', () => {
    expect(createRelease({ image, model: 'm', version: '1.0.0', securityVersion: 0, signers: [key], expiresAt: 0 }).manifest.expiresAt).toBe(0)
    for (const expiresAt of [1000, 1000 - 1, -5, 1.5e3 + 0.5]) {
      let code = ''
      try { createRelease({ image, model: 'm', version: '1.0.0', securityVersion: 0, signers: [key], createdAt: 1000, expiresAt }) } catch (e) { code = isOtaError(e) ? e.code : 'other' }
      expect(code, String(expiresAt)).toBe('OTA_INVALID_ARGUMENT')
    }
  })
})

describe('release create expiry flags', () => {
  let dir = ''
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ota-expiry-'))
    await initKeys({ out: join(dir, 'keys'), models: ['ath9k'] })
  })
  afterAll(async () => { await rm(dir, { recursive: true, force: true }) })
  const create = async (out: string, ...flags: string[]): ReturnType<typeof runCli> =>
    await runCli('release', 'create', '--keys', join(dir, 'keys'), '--image', IMAGE, '--model', 'ath9k', '--version', '1.0.0', '--security-version', '1', '--out', join(dir, out), ...flags)
  const manifestOf = async (out: string): Promise<{ createdAt: number, expiresAt: number }> => {
    const trusted = (await import('../proto/index.js')).verifyRoot(new Uint8Array(await readFile(join(dir, 'keys', 'root.bin'))))
    return verifyManifest(parseBundle(new Uint8Array(await readFile(join(dir, out)))).envelope, trusted).manifest
  }

  it('expires in 90 days by default, --expires-in-days N in N days, --no-expiry never; both flags together are refused', async () => {
    const d = await create('default.bundle')
    expect(d.code, d.stderr).toBe(0)
    const m = await manifestOf('default.bundle')
    expect(m.expiresAt - m.createdAt).toBe(90 * DAY)
    expect(d.stdout).toContain(`expires ${new Date(m.expiresAt).toISOString()}`)

    const w = await create('week.bundle', '--expires-in-days', '7')
    expect(w.code, w.stderr).toBe(0)
    const wm = await manifestOf('week.bundle')
    expect(wm.expiresAt - wm.createdAt).toBe(7 * DAY)

    const n = await create('never.bundle', '--no-expiry')
    expect(n.code, n.stderr).toBe(0)
    expect((await manifestOf('never.bundle')).expiresAt).toBe(0)
    expect(n.stdout).toContain('never expires')

    const both = await create('both.bundle', '--no-expiry', '--expires-in-days', '7')
    expect(both.code).not.toBe(0)
    expect(both.stderr).toMatch(/--no-expiry and --expires-in-days/)
  })
})

describe('a device refuses an expired manifest', () => {
  const fx = useDeviceFixture({ prefix: 'ota-expired-', provision: 'shared' })

  it('reports REJECTED OTA_EXPIRED once, not again when the broker repeats it after a reconnect', async () => {
    const now = Date.now()
    const stale = release('2.0.0', 1, undefined, { createdAt: now - 2 * DAY, expiresAt: now - DAY })
    fx.h.add(stale)
    const d = await fx.device()
    await d.start()
    fx.h.publishManifest(stale.rel.envelope)
    await waitFor('REJECTED OTA_EXPIRED', () => fx.h.audit.some((e) => e.errorCode === 'OTA_EXPIRED'))
    expect(fx.h.audit.find((e) => e.errorCode === 'OTA_EXPIRED')).toMatchObject({ state: State.REJECTED })
    expect(fx.h.requests).toEqual([])

    // The broker drops the device; it reconnects, subscribes again and gets the retained manifest again.
    const before = fx.h.audit.length
    let subscribed = false
    fx.h.aedes.on('subscribe', (subs) => { if (subs.some((s) => s.topic.endsWith('/offer'))) subscribed = true })
    const client = (fx.h.aedes as unknown as { clients: Record<string, { close: () => void }> }).clients['dev-1']
    expect(client).toBeDefined()
    client!.close()
    await waitFor('the device back, subscribed', () => subscribed)
    const fresh = release('2.1.0', 1)
    fx.h.add(fresh)
    // A fresh offer after the stale retained manifest: handled in arrival order, so once it is
    // downloading the stale one was handled (and not reported) before it.
    fx.h.publishOffer('dev-1', fresh.rel.envelope)
    await waitFor('fresh manifest downloaded', () => fx.h.requests.length > 0)
    expect(fx.h.audit.slice(before).filter((e) => e.errorCode === 'OTA_EXPIRED')).toEqual([])
    expect(fx.h.audit.filter((e) => e.errorCode === 'OTA_EXPIRED')).toHaveLength(1)
  })

  it('with trustedTime none (no RTC) expiry is not judged and the update goes on', async () => {
    const now = Date.now()
    const stale = release('2.0.0', 1, undefined, { createdAt: now - 2 * DAY, expiresAt: now - DAY })
    fx.h.add(stale)
    const d = await fx.device({ trustedTime: 'none' })
    await d.start()
    fx.h.publishManifest(stale.rel.envelope)
    await waitFor('download of the expired manifest', () => fx.h.requests.length > 0)
    expect(fx.h.audit.filter((e) => e.errorCode === 'OTA_EXPIRED')).toEqual([])
    expect(verifyManifest(stale.rel.envelope, trust, { now: 0 }).manifest.version).toBe('2.0.0')
  })
})
