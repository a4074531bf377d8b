/**
 * Threats against the device's manifest checks (issue 7, item 8; TUF/Uptane names), each fed to a
 * real, provisioned `OtaDevice` through the real broker and plugin over TLS on 127.0.0.1. The
 * attacker is past the plugin (a compromised broker or a stolen release key): manifests are put
 * on the retained topics with `aedes.publish`, which skips the plugin's publish rules. Each test
 * asserts the device's refusal (its `failed` event and exact `OtaError` code), the status event
 * the broker wrote to its audit log (`device.status`, REJECTED with `errorCode`), and that
 * nothing reached a bootable slot: the active slot, the pending trial, the anti-rollback counter
 * and the accepted sequence are what they were.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import { join } from 'node:path'
import { OtaDevice, provisionDevice, type OtaDeviceOptions, type UpToDateEvent } from '../../client/index.js'
import { loadState } from '../../client/state.js'
import { boot } from '../../client/boot/simulated.js'
import { Lwm2mResult, State, Topics, toHex, type OtaError, type StatusEvent } from '../../proto/index.js'
import { createRelease, generateKeyPair, type Release, type ReleaseOptions } from '../../sign/index.js'
import { auditLines, makeEnv, until, type TestEnv } from '../helpers/env.js'

const MODEL = 'ath9k'
const OTHER = 'model-b'
const topics = new Topics('ota')
const DAY = 86_400_000

let env: TestEnv
const running: OtaDevice[] = []
beforeEach(async () => { env = await makeEnv({ model: MODEL, devices: 2, extraDevices: { 'other-0001': OTHER } }) })
afterEach(async () => {
  for (const d of running.splice(0)) await d.stop().catch(() => {})
  await env?.close()
})

/** A release of a fresh 65 KiB image (17 chunks of 4 KiB, the last one short) signed by the real release key. */
function signed (version: string, securityVersion: number, sequence: number, extra: Partial<ReleaseOptions> = {}): Release {
  return createRelease({ image: new Uint8Array(randomBytes(64 * 1024 + 1000)), model: MODEL, version, securityVersion, sequence, chunkSize: 4096, signers: [env.signer], ...extra })
}

interface Dev { dev: OtaDevice, stateDir: string, factory: Release, events: StatusEvent[], failed: Promise<OtaError>, upToDate: Promise<UpToDateEvent> }

/** A device provisioned with factory release 1.0.0 (`securityVersion`, `sequence`), not started. */
async function device (id: string, factory: { securityVersion: number, sequence: number } = { securityVersion: 1, sequence: 1 }, opts: Partial<OtaDeviceOptions> = {}): Promise<Dev> {
  const stateDir = await mkdtemp(join(env.dir, `${id}-`))
  const made = signed('1.0.0', factory.securityVersion, factory.sequence)
  await provisionDevice({ stateDir, bundle: made.bundle, trust: env.trust })
  const dev = new OtaDevice({ id, model: MODEL, stateDir, trust: env.trust, broker: env.broker.url, tls: await env.deviceTls(id), retainedSettleMs: 300, ...opts })
  running.push(dev)
  const events: StatusEvent[] = []
  dev.on('status', (e) => { events.push(e) })
  const failed = new Promise<OtaError>((resolve) => { dev.once('failed', resolve) })
  const upToDate = new Promise<UpToDateEvent>((resolve) => { dev.once('upToDate', resolve) })
  return { dev, stateDir, factory: made, events, failed, upToDate }
}

/** Publishes past the plugin, as a compromised broker does (retained unless told). */
async function inject (topic: string, payload: Uint8Array, retain = true): Promise<void> {
  await new Promise<void>((resolve, reject) => env.broker.aedes.publish(
    { cmd: 'publish', topic, payload: Buffer.from(payload), qos: 1, retain, dup: false } as never,
    (e?: Error) => { if (e) reject(e); else resolve() }))
}

/** The broker's audit line of `id`'s status event in `state` with `code`, once written. */
async function audited (id: string, state: string, code: string): Promise<Record<string, unknown>> {
  let line: Record<string, unknown> | undefined
  await until(async () => {
    line = (await auditLines(env.broker.plugin.auditLog)).find((l) => l.event === 'device.status' && l.deviceId === id && l.state === state && l.errorCode === code)
    return line !== undefined
  }, 10_000, `${state} ${code} of ${id} in the audit log`)
  return line!
}

/** Nothing reached a bootable slot: slot A runs 1.0.0, no trial pending, counter and sequence as provisioned; the bootloader agrees after a stop. */
async function untouched (d: Dev, counter: number, sequence: number): Promise<void> {
  expect(d.events.some((e) => e.state === State.DOWNLOADING || e.state === State.INSTALLING)).toBe(false)
  expect(d.dev.state).toMatchObject({ version: '1.0.0', slot: 'a', securityCounter: counter })
  expect(await loadState(d.stateDir)).toMatchObject({ active: 'a', pending: null, securityCounter: counter, lastSequence: sequence })
  await d.dev.stop()
  expect(await boot(d.stateDir, env.trust)).toMatchObject({ slot: 'a', version: '1.0.0', trial: false, securityCounter: counter })
}

describe('threat: arbitrary software', () => {
  it('a bundle signed by a key the root does not authorize: the plugin refuses to publish it; injected past it on the model topic, the device refuses it (OTA_UNTRUSTED_KEY), reported REJECTED', async () => {
    const rogue = generateKeyPair('release')
    const forged = signed('6.6.6', 9, 9, { signers: [rogue] })
    await expect(env.broker.plugin.publishRelease(forged.bundle, 'test')).rejects.toMatchObject({ code: 'OTA_UNTRUSTED_KEY' })
    await inject(topics.manifest(MODEL), forged.envelope)
    const d = await device('dev-0001')
    await d.dev.start()
    expect((await d.failed).code).toBe('OTA_UNTRUSTED_KEY')
    // The signature check comes before any field is believed: the line names no target.
    expect(await audited('dev-0001', 'REJECTED', 'OTA_UNTRUSTED_KEY')).toMatchObject({ model: MODEL, currentVersion: '1.0.0', result: Lwm2mResult.INTEGRITY_FAILURE })
    await untouched(d, 1, 1)
  })
})

describe('threat: rollback', () => {
  it('a genuine older release (lower security version) re-signed with a higher sequence is refused (OTA_ROLLBACK): counter and sequence unchanged', async () => {
    const old = signed('0.9.0', 1, 5)
    await inject(topics.manifest(MODEL), old.envelope)
    const d = await device('dev-0001', { securityVersion: 2, sequence: 1 })
    await d.dev.start()
    const err = await d.failed
    expect(err.code).toBe('OTA_ROLLBACK')
    expect(err.message).toMatch(/security version 1, the device counter is 2/)
    expect(await audited('dev-0001', 'REJECTED', 'OTA_ROLLBACK')).toMatchObject({ targetVersion: '0.9.0', artifact: toHex(old.manifest.image.sha256), securityVersion: 2 })
    await untouched(d, 2, 1)
  })

  it('the release already running announced again (equal version and sequence) is a no-op: up to date, nothing reported refused or downloaded', async () => {
    const d = await device('dev-0002', { securityVersion: 2, sequence: 3 })
    await inject(topics.manifest(MODEL), d.factory.envelope)
    await d.dev.start()
    expect(await d.upToDate).toEqual({ version: '1.0.0', reason: 'current', announced: '1.0.0' })
    expect(d.events.map((e) => e.state)).toEqual([State.IDLE])
    await untouched(d, 2, 3)
  })
})

describe('threat: replay of an older manifest', () => {
  it('an older genuine manifest (lower sequence) on the retained model topic is refused as a replay: ignored quietly (upToDate older), never installed; on the offer topic it is reported REJECTED OTA_REPLAY', async () => {
    const older = signed('0.9.0', 1, 3)
    await inject(topics.manifest(MODEL), older.envelope)
    const d = await device('dev-0001', { securityVersion: 1, sequence: 5 })
    await d.dev.start()
    // Quiet on the model topic by design (client/intake.ts): it still holds the release a
    // rollout's offer replaced, which must not count as a failure on every connection.
    expect(await d.upToDate).toEqual({ version: '1.0.0', reason: 'older', announced: '0.9.0' })
    const replayed = signed('0.9.1', 1, 4)
    await inject(topics.offer('dev-0001'), replayed.envelope)
    const err = await d.failed
    expect(err.code).toBe('OTA_REPLAY')
    expect(err.message).toMatch(/sequence 4, the device already accepted 5/)
    expect(await audited('dev-0001', 'REJECTED', 'OTA_REPLAY')).toMatchObject({ targetVersion: '0.9.1', artifact: toHex(replayed.manifest.image.sha256) })
    expect((await auditLines(env.broker.plugin.auditLog)).filter((l) => l.event === 'device.status' && l.targetVersion === '0.9.0')).toEqual([])
    await untouched(d, 1, 5)
  })
})

describe('threat: freeze', () => {
  it('an expired manifest on the retained topic is refused by a device that trusts its clock (REJECTED OTA_EXPIRED); the plugin would not publish it', async () => {
    const now = Date.now()
    const stale = signed('2.0.0', 2, 2, { createdAt: now - 2 * DAY, expiresAt: now - DAY })
    await expect(env.broker.plugin.publishRelease(stale.bundle, 'test')).rejects.toMatchObject({ code: 'OTA_EXPIRED' })
    await inject(topics.manifest(MODEL), stale.envelope)
    const d = await device('dev-0001', undefined, { trustedTime: 'system' })
    await d.dev.start()
    expect((await d.failed).code).toBe('OTA_EXPIRED')
    expect(await audited('dev-0001', 'REJECTED', 'OTA_EXPIRED')).toMatchObject({ model: MODEL, currentVersion: '1.0.0' })
    await untouched(d, 1, 1)
  })
})

describe('threat: wrong model or hardware revision', () => {
  it('a validly signed manifest of another model on this model\'s topic is refused (OTA_MODEL_MISMATCH): the topic is not trusted', async () => {
    const foreign = signed('2.0.0', 2, 2, { model: OTHER })
    await inject(topics.manifest(MODEL), foreign.envelope)
    const d = await device('dev-0001')
    await d.dev.start()
    const err = await d.failed
    expect(err.code).toBe('OTA_MODEL_MISMATCH')
    expect(err.message).toContain(OTHER)
    expect(await audited('dev-0001', 'REJECTED', 'OTA_MODEL_MISMATCH')).toMatchObject({ model: MODEL, result: Lwm2mResult.UNSUPPORTED_PACKAGE })
    await untouched(d, 1, 1)
  })

  it('a manifest of this model for hardware revisions the device is not is refused (OTA_MODEL_MISMATCH)', async () => {
    const rev = signed('2.0.0', 2, 2, { hardwareRevisions: ['rev-c', 'rev-d'] })
    await inject(topics.manifest(MODEL), rev.envelope)
    const d = await device('dev-0002', undefined, { hardwareRevision: 'rev-b' })
    await d.dev.start()
    const err = await d.failed
    expect(err.code).toBe('OTA_MODEL_MISMATCH')
    expect(err.message).toMatch(/hardware revisions rev-c, rev-d, this device is rev-b/)
    expect(await audited('dev-0002', 'REJECTED', 'OTA_MODEL_MISMATCH')).toMatchObject({ targetVersion: '2.0.0', hardwareRevision: 'rev-b' })
    await untouched(d, 1, 1)
  })
})

describe('threat: mix-and-match', () => {
  it('an offer made for a device of another model, delivered on this device\'s offer topic, is refused (OTA_MODEL_MISMATCH)', async () => {
    // What a rollout offers other-0001 (model-b), put on dev-0001's offer topic by the broker.
    const forOther = signed('3.0.0', 2, 2, { model: OTHER })
    const d = await device('dev-0001')
    await d.dev.start()
    await inject(topics.offer('dev-0001'), forOther.envelope)
    expect((await d.failed).code).toBe('OTA_MODEL_MISMATCH')
    expect(await audited('dev-0001', 'REJECTED', 'OTA_MODEL_MISMATCH')).toMatchObject({ model: MODEL, currentVersion: '1.0.0' })
    await untouched(d, 1, 1)
  })
})
