/**
 * A malicious broker and serialization confusion against the device (issue 7, item 8), fed to a
 * real, provisioned `OtaDevice` through the real broker and plugin over TLS on 127.0.0.1: what is
 * injected with `aedes.publish` skips the plugin's checks. Each test asserts the device's refusal
 * (exact `OtaError` code), the status event the broker wrote to its audit log (`device.status`)
 * where the device reports one, and that the device's trust and slots are unchanged.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { OtaDevice, provisionDevice, type ConfirmedEvent, type DroppedFrames, type OtaDeviceOptions } from '../../client/index.js'
import { TRUST_FILE } from '../../client/trust/store.js'
import { loadState } from '../../client/state.js'
import { boot } from '../../client/boot/simulated.js'
import {
  BodyType, State, Topics, decodeDataFrame, decodeEnvelope, encodeDataFrame, encodeEnvelope, encodeRootChain, encodeStatusEvent,
  type OtaError, type StatusEvent
} from '../../proto/index.js'
import { createRelease, generateKeyPair, publicKeyEntry, signEnvelope, signMessage, type Release } from '../../sign/index.js'
import { auditLines, makeEnv, until, type TestEnv } from '../helpers/env.js'

const MODEL = 'ath9k'
const CHUNK = 4096
const topics = new Topics('ota')

let env: TestEnv
const running: OtaDevice[] = []
beforeEach(async () => { env = await makeEnv({ model: MODEL, devices: 2 }) })
afterEach(async () => {
  for (const d of running.splice(0)) await d.stop().catch(() => {})
  await env?.close()
})

function signed (version: string, securityVersion: number, sequence: number, signer = env.signer): Release {
  return createRelease({ image: new Uint8Array(randomBytes(16 * CHUNK + 1000)), model: MODEL, version, securityVersion, sequence, chunkSize: CHUNK, signers: [signer] })
}

interface Dev { dev: OtaDevice, stateDir: string, events: StatusEvent[], failures: OtaError[], logs: Array<Record<string, unknown>> }

/** A device provisioned with factory release 1.0.0 (security version 1, sequence 1), not started; its warnings are kept. */
async function device (id: string, opts: Partial<OtaDeviceOptions> = {}): Promise<Dev> {
  const stateDir = await mkdtemp(join(env.dir, `${id}-`))
  await provisionDevice({ stateDir, bundle: signed('1.0.0', 1, 1).bundle, trust: env.trust })
  const logs: Array<Record<string, unknown>> = []
  const sink = new Writable({ write (chunk: Buffer, _enc, cb) { for (const l of chunk.toString().split('\n')) if (l !== '') logs.push(JSON.parse(l) as Record<string, unknown>); cb() } })
  const dev = new OtaDevice({ id, model: MODEL, stateDir, trust: env.trust, broker: env.broker.url, tls: await env.deviceTls(id), chunkTimeoutMs: 300, logger: pino({ level: 'warn' }, sink), ...opts })
  running.push(dev)
  const events: StatusEvent[] = []
  const failures: OtaError[] = []
  dev.on('status', (e) => { events.push(e) })
  dev.on('failed', (e) => { failures.push(e) })
  return { dev, stateDir, events, failures, logs }
}

/** Publishes past the plugin, as a compromised broker does. */
async function inject (topic: string, payload: Uint8Array, retain = true): Promise<void> {
  await new Promise<void>((resolve, reject) => env.broker.aedes.publish(
    { cmd: 'publish', topic, payload: Buffer.from(payload), qos: retain ? 1 : 0, retain, dup: false } as never,
    (e?: Error) => { if (e) reject(e); else resolve() }))
}

async function deviceLines (id: string): Promise<Array<Record<string, unknown>>> {
  return (await auditLines(env.broker.plugin.auditLog)).filter((l) => l.event === 'device.status' && l.deviceId === id)
}

/** The broker's audit lines of `id`'s status events in `state` with `code`, once there are `n`. */
async function audited (id: string, state: string, code: string, n = 1): Promise<Array<Record<string, unknown>>> {
  let lines: Array<Record<string, unknown>> = []
  await until(async () => {
    lines = (await deviceLines(id)).filter((l) => l.state === state && l.errorCode === code)
    return lines.length >= n
  }, 10_000, `${n} ${state} ${code} of ${id} in the audit log`)
  return lines
}

/** Nothing reached a bootable slot: slot A runs 1.0.0, no trial pending, counter 1; the bootloader agrees after a stop. */
async function untouched (d: Dev): Promise<void> {
  expect(d.events.some((e) => e.state === State.DOWNLOADING || e.state === State.INSTALLING)).toBe(false)
  expect(d.dev.state).toMatchObject({ version: '1.0.0', slot: 'a', securityCounter: 1 })
  expect(await loadState(d.stateDir)).toMatchObject({ active: 'a', pending: null, securityCounter: 1, lastSequence: 1 })
  await d.dev.stop()
  expect(await boot(d.stateDir, env.trust)).toMatchObject({ slot: 'a', version: '1.0.0', trial: false, securityCounter: 1 })
}

describe('threat: malicious broker', () => {
  it('a forged root chain on the trust topic (v2 not signed by a threshold of the v1 root) is refused and reported (OTA_BAD_SIGNATURE): the persisted root stays v1, the forged signer\'s manifest is refused', async () => {
    // The attacker's own root key and signer, in a v2 that only the attacker signed.
    const evilRoot = generateKeyPair('root')
    const evilSigner = generateKeyPair('release')
    const forged = signEnvelope({
      type: BodyType.ROOT,
      root: { version: 2, threshold: 1, rootKeys: [publicKeyEntry(evilRoot)], signingKeys: [{ key: publicKeyEntry(evilSigner), models: [MODEL], expiresAt: 0 }], releaseThreshold: 1, createdAt: Date.now(), expiresAt: 0 }
    }, [evilRoot])
    await inject(topics.root(), encodeRootChain([env.trust.envelope, forged]))
    const d = await device('dev-0001')
    await d.dev.start()
    await until(() => d.logs.some((l) => l.msg === 'root chain refused past the current version'), 10_000, 'the root chain refused')
    expect(d.logs.find((l) => l.msg === 'root chain refused past the current version')).toMatchObject({ code: 'OTA_BAD_SIGNATURE', rootVersion: 1 })
    // Reported, not only logged: a status event in the device's state (IDLE) with the code.
    const [line] = await audited('dev-0001', 'IDLE', 'OTA_BAD_SIGNATURE')
    expect(String(line!.detail)).toMatch(/^root chain refused past version 1 \(kept\)/)
    // Nothing persisted: the device still trusts exactly its provisioned v1.
    expect(await readdir(d.stateDir)).not.toContain(TRUST_FILE)
    const evil = signed('6.6.6', 2, 2, evilSigner)
    await inject(topics.manifest(MODEL), evil.envelope)
    await until(() => d.failures.length > 0, 10_000, 'the forged signer\'s manifest refused')
    expect(d.failures[0]!.code).toBe('OTA_UNTRUSTED_KEY')
    await audited('dev-0001', 'REJECTED', 'OTA_UNTRUSTED_KEY')
    await untouched(d)
  })

  it('garbage and a foreign artifact\'s chunk on the data topic during a download are dropped and counted (framesDropped, reported in the audit log); the genuine image installs', async () => {
    const image = new Uint8Array(randomBytes(16 * CHUNK + 1000))
    const r = createRelease({ image, model: MODEL, version: '2.0.0', securityVersion: 2, sequence: 2, chunkSize: CHUNK, signers: [env.signer] })
    await env.broker.plugin.publishRelease(r.bundle, 'test')
    // Past the plugin's hook: answers for the last chunk are held back until garbage has been
    // sent in their place, so the garbage surely arrives while the download waits for that chunk
    // (one client's frames are written in order).
    const aedes = env.broker.aedes
    const inner = aedes.authorizeForward
    let held = 0
    let garbageSent = false
    aedes.authorizeForward = function (this: typeof aedes, client, packet) {
      const p = inner.call(this, client, packet)
      if (p == null || packet.topic !== topics.data('dev-0001') || garbageSent) return p
      let index = -1
      try { index = decodeDataFrame(new Uint8Array(packet.payload as Buffer), CHUNK).chunk?.index ?? -1 } catch { return p } // the garbage itself
      if (index !== 16) return p
      if (held++ === 0) {
        void (async () => {
          await inject(topics.data('dev-0001'), new Uint8Array(randomBytes(200)), false)
          await inject(topics.data('dev-0001'), new Uint8Array([0xff, 0xff, 0xff]), false)
          await inject(topics.data('dev-0001'), encodeDataFrame({ chunk: { artifact: new Uint8Array(32).fill(9), index: 0, data: new Uint8Array(CHUNK), proof: [] } }), false)
          garbageSent = true
        })().catch(() => {})
      }
      return null
    } as typeof aedes.authorizeForward
    const d = await device('dev-0001')
    const dropped: DroppedFrames[] = []
    d.dev.on('framesDropped', (x) => { dropped.push(x) })
    const confirmed = new Promise<ConfirmedEvent>((resolve, reject) => { d.dev.once('confirmed', resolve); d.dev.once('failed', reject) })
    await d.dev.start()
    expect(await confirmed).toMatchObject({ from: '1.0.0', to: '2.0.0' })
    expect(held).toBeGreaterThan(0)
    expect(dropped.at(-1)).toEqual({ undecodable: 2, foreign: 1, refused: 0 })
    await until(async () => (await deviceLines('dev-0001')).some((l) => l.state === 'VERIFIED'), 10_000, 'VERIFIED in the audit log')
    expect((await deviceLines('dev-0001')).find((l) => l.state === 'VERIFIED')).toMatchObject({ targetVersion: '2.0.0', detail: 'dropped frames: 2 undecodable, 1 foreign, 0 refused' })
    expect((await readFile(join(d.stateDir, 'slot-b.bin'))).equals(Buffer.from(image))).toBe(true)
  })
})

describe('threat: serialization confusion', () => {
  it('a signed ROOT envelope published as a manifest is refused: as published (root keys only) OTA_UNTRUSTED_KEY; counter-signed by the real release key, OTA_WRONG_TYPE', async () => {
    const d = await device('dev-0001')
    // The genuine root as the trust topic carries it: root keys never sign a manifest alone.
    await inject(topics.manifest(MODEL), env.trust.envelope)
    await d.dev.start()
    await until(() => d.failures.length === 1, 10_000, 'the root envelope refused')
    // The same ROOT body signed by the release key too (the shape of a root-signed manifest):
    // the signatures pass, the body's type does not.
    const root = decodeEnvelope(env.trust.envelope)
    const both = encodeEnvelope({ body: root.body, signatures: [...root.signatures, { keyId: env.signer.keyId, sig: signMessage(env.signer.secretKey, root.body) }] })
    await inject(topics.manifest(MODEL), both)
    await until(() => d.failures.length === 2, 10_000, 'the counter-signed root refused')
    expect(d.failures.map((e) => e.code)).toEqual(['OTA_UNTRUSTED_KEY', 'OTA_WRONG_TYPE'])
    await audited('dev-0001', 'REJECTED', 'OTA_UNTRUSTED_KEY')
    expect((await audited('dev-0001', 'REJECTED', 'OTA_WRONG_TYPE'))[0]).toMatchObject({ model: MODEL, currentVersion: '1.0.0' })
    await untouched(d)
  })

  it('a status event (the device\'s own, protobuf StatusEvent bytes) on the manifest topic is refused, raw and as a body signed by the real release key', async () => {
    const d = await device('dev-0001')
    await d.dev.start()
    await until(() => d.events.length > 0, 10_000, 'the IDLE status event')
    const status = encodeStatusEvent(d.events[0]!)
    await inject(topics.manifest(MODEL), status)
    await until(() => d.failures.length === 1, 10_000, 'the raw status event refused')
    const signedStatus = encodeEnvelope({ body: status, signatures: [{ keyId: env.signer.keyId, sig: signMessage(env.signer.secretKey, status) }] })
    await inject(topics.manifest(MODEL), signedStatus)
    await until(() => d.failures.length === 2, 10_000, 'the signed status event refused')
    // Raw, the bytes are no envelope (OTA_FIELD); signed, the body is no SignedBody of type MANIFEST.
    expect(d.failures.map((e) => e.code)).toEqual(['OTA_FIELD', 'OTA_WRONG_TYPE'])
    await audited('dev-0001', 'REJECTED', 'OTA_FIELD')
    await audited('dev-0001', 'REJECTED', 'OTA_WRONG_TYPE')
    await untouched(d)
  })

  it('a manifest whose signed body carries an unknown field, signed by the real release key, is refused (OTA_DECODE, not canonical): the signed bytes must be the one encoding of what is believed', async () => {
    const r = signed('2.0.0', 2, 2)
    const body = decodeEnvelope(r.envelope).body
    // Field 99 (varint, value 1) appended: tag (99 << 3 | 0) = 792 = 0x98 0x06. A decoder that
    // skips unknown fields would believe a manifest other than the bytes the key signed.
    const extended = new Uint8Array([...body, 0x98, 0x06, 0x01])
    const forged = encodeEnvelope({ body: extended, signatures: [{ keyId: env.signer.keyId, sig: signMessage(env.signer.secretKey, extended) }] })
    await inject(topics.manifest(MODEL), forged)
    const d = await device('dev-0001')
    await d.dev.start()
    await until(() => d.failures.length > 0, 10_000, 'the refusal')
    expect(d.failures[0]!.code).toBe('OTA_DECODE')
    expect(d.failures[0]!.message).toContain('canonical')
    expect((await audited('dev-0001', 'REJECTED', 'OTA_DECODE'))[0]).toMatchObject({ model: MODEL, currentVersion: '1.0.0' })
    // The same body without the extra field is the genuine manifest: only the unknown field is refused.
    expect(Buffer.from(encodeEnvelope({ body, signatures: decodeEnvelope(r.envelope).signatures })).equals(Buffer.from(r.envelope))).toBe(true)
    await untouched(d)
  })
})
