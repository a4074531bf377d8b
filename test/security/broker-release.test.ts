/**
 * Threat: partial bundle (issue 7, item 8). An operator holding a real operator certificate
 * publishes, over TLS on 127.0.0.1 through the operator client, bundles built from a release
 * signed with the real release key and then damaged: cut short, an image byte changed, the
 * envelope cut, another bundle format. The broker verifies every bundle before it announces
 * anything: each is refused with its code (`release.rejected`), nothing is announced, the
 * retained manifest is byte for byte the last good one, and a real device still takes that
 * release. The undamaged bundle is accepted at the end: the refusals came from the damage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type mqtt from 'mqtt'
import { OtaDevice, provisionDevice, type ConfirmedEvent } from '../../client/index.js'
import { Topics, isOtaError, type OtaError } from '../../proto/index.js'
import { publishBundle } from '../../operator/index.js'
import type { Release } from '../../sign/index.js'
import { FIXTURES, auditLines, makeEnv, until, type TestEnv } from '../helpers/env.js'

const MODEL = 'ath9k'
const topics = new Topics('ota')

let env: TestEnv
let oldImage: Buffer
let newImage: Buffer
/** the model's current release (2.0.0), published before the attacks */
let good: Release
/** the release the attacker damages (3.0.0): validly signed, acceptable as it is */
let candidate: Release
/** a device subscribed to the manifest topic all along: every manifest the broker announces */
let watcher: mqtt.MqttClient
const announced: Buffer[] = []
const running: OtaDevice[] = []

beforeAll(async () => {
  env = await makeEnv({ model: MODEL, devices: 3 })
  oldImage = await readFile(join(FIXTURES, 'firmware', MODEL, 'old.bin'))
  newImage = await readFile(join(FIXTURES, 'firmware', MODEL, 'new.bin'))
  good = env.release(newImage, '2.0.0', 2, 2)
  await env.broker.plugin.publishRelease(good.bundle, 'test')
  candidate = env.release(oldImage, '3.0.0', 3, 3)
  watcher = await env.connect('dev-0002')
  watcher.on('message', (topic, payload) => { if (topic === topics.manifest(MODEL)) announced.push(payload) })
  await watcher.subscribeAsync(topics.manifest(MODEL), { qos: 1 })
  await until(() => announced.length === 1, 5000, 'the retained manifest')
}, 30_000)
afterAll(async () => {
  await Promise.all(running.map(async (d) => await d.stop().catch(() => {})))
  await env?.close()
})

/** The envelope length field of a bundle (offset 12, big-endian: proto/bundle.ts layout). */
function envelopeLength (b: Uint8Array): number { return Buffer.from(b).readUInt32BE(12) }

/** Publishes `bundle` as the operator over MQTT; resolves with the broker's refusal. */
async function refusalOf (bundle: Uint8Array): Promise<OtaError> {
  const op = env.pki.operators[0]!
  const r = await publishBundle({ url: env.broker.url, ca: env.ca, cert: await readFile(op.cert), key: await readFile(op.key), operatorId: op.id, bundle, timeoutMs: 10_000 })
    .then(() => null, (e: unknown) => e)
  expect(isOtaError(r), String(r)).toBe(true)
  return r as OtaError
}

async function rejections (): Promise<Array<Record<string, unknown>>> {
  return (await auditLines(env.broker.plugin.auditLog)).filter((l) => l.event === 'release.rejected')
}

/** Refused with `code`, audited with the operator and the detail, nothing announced, the retained manifest unchanged. */
async function expectRefused (bundle: Uint8Array, code: string, detail: RegExp): Promise<void> {
  const before = (await rejections()).length
  const err = await refusalOf(bundle)
  expect(err.code).toBe(code)
  expect(err.message).toMatch(detail)
  const lines = await rejections()
  expect(lines.length).toBe(before + 1)
  expect(lines.at(-1)).toMatchObject({ by: env.pki.operators[0]!.id, force: false, code, outcome: 'failure' })
  expect(String(lines.at(-1)!.detail)).toMatch(detail)
  expect((await auditLines(env.broker.plugin.auditLog)).filter((l) => l.event === 'release.published' && l.version === '3.0.0')).toEqual([])
  expect(env.broker.plugin.store.current(MODEL)!.manifest.version).toBe('2.0.0')
  // The answer came after the verdict: an announce would have reached the watcher before it.
  expect(announced.length).toBe(1)
}

describe('threat: partial bundle', () => {
  it('a bundle cut short (the last 100 image bytes missing) is refused: OTA_BUNDLE, release.rejected', async () => {
    const cut = candidate.bundle.subarray(0, candidate.bundle.length - 100)
    await expectRefused(cut, 'OTA_BUNDLE', new RegExp(`^bundle image is ${oldImage.length - 100} bytes, manifest says ${oldImage.length}$`))
  })

  it('a bundle whose image differs from the signed digest by one byte is refused: OTA_BUNDLE, release.rejected', async () => {
    const changed = Buffer.from(candidate.bundle)
    changed[changed.length - 1000] ^= 0x01
    await expectRefused(changed, 'OTA_BUNDLE', /^bundle image does not match the manifest digest$/)
  })

  it('a bundle whose envelope is cut is refused: past the end (OTA_BUNDLE) and inside a length that says so (OTA_DECODE)', async () => {
    const e = envelopeLength(candidate.bundle)
    // The length field still says E, the bytes stop half way through the envelope.
    await expectRefused(candidate.bundle.subarray(0, 16 + (e >> 1)), 'OTA_BUNDLE', new RegExp(`^bundle envelope length ${e} is out of range$`))
    // The length field says E/2: the envelope's protobuf ends inside its signed body, the rest
    // (the other half and the image) would be taken for the image.
    const shortened = Buffer.from(candidate.bundle)
    shortened.writeUInt32BE(e >> 1, 12)
    await expectRefused(shortened, 'OTA_DECODE', /^envelope does not decode: /)
  })

  it('a bundle of another format version is refused: format 4 (unknown), format 2 without an SBOM and format 3 without patches, OTA_BUNDLE', async () => {
    const v4 = Buffer.from(candidate.bundle)
    v4.writeUInt32BE(4, 8)
    await expectRefused(v4, 'OTA_BUNDLE', /^bundle format 4 is not supported$/)
    // Format 3 also reads an SBOM length (and then a patch count) from the image's first bytes.
    const v3 = Buffer.from(candidate.bundle)
    v3.writeUInt32BE(3, 8)
    await expectRefused(v3, 'OTA_BUNDLE', /^bundle (SBOM length \d+|patch count \d+|patch 0 length \d+) is out of range$/)
    // Format 2 reads an SBOM length from the image's first four bytes.
    const v2 = Buffer.from(candidate.bundle)
    v2.writeUInt32BE(2, 8)
    await expectRefused(v2, 'OTA_BUNDLE', new RegExp(`^bundle SBOM length ${oldImage.readUInt32BE(0)} is out of range$`))
  })

  it('after the attacks the retained manifest is the last good release, byte for byte, and a device updates to it', async () => {
    const c = await env.connect('dev-0003')
    const got = new Promise<Buffer>((resolve) => c.on('message', (_t, p) => resolve(p)))
    await c.subscribeAsync(topics.manifest(MODEL), { qos: 1 })
    expect((await got).equals(Buffer.from(good.envelope))).toBe(true)
    await c.endAsync()

    const stateDir = await mkdtemp(join(env.dir, 'dev-0001-'))
    await provisionDevice({ stateDir, bundle: env.release(oldImage, '1.0.0', 1, 1).bundle, trust: env.trust })
    const dev = new OtaDevice({ id: 'dev-0001', model: MODEL, stateDir, trust: env.trust, broker: env.broker.url, tls: await env.deviceTls('dev-0001') })
    running.push(dev)
    const confirmed = new Promise<ConfirmedEvent>((resolve, reject) => { dev.once('confirmed', resolve); dev.once('failed', reject); dev.once('reverted', reject) })
    await dev.start()
    expect(await confirmed).toMatchObject({ from: '1.0.0', to: '2.0.0' })
    expect(dev.state).toMatchObject({ version: '2.0.0', securityCounter: 2 })
  }, 60_000)

  it('the undamaged bundle is accepted (release.published): the refusals came from the damage alone', async () => {
    const op = env.pki.operators[0]!
    const ok = await publishBundle({ url: env.broker.url, ca: env.ca, cert: await readFile(op.cert), key: await readFile(op.key), operatorId: op.id, bundle: candidate.bundle, timeoutMs: 10_000 })
    expect(ok).toMatchObject({ ok: true, version: '3.0.0' })
    await until(() => announced.length === 2, 5000, 'the announce of 3.0.0')
    expect(announced[1]!.equals(Buffer.from(candidate.envelope))).toBe(true)
    expect((await auditLines(env.broker.plugin.auditLog)).filter((l) => l.event === 'release.published' && l.version === '3.0.0')).toHaveLength(1)
  })
})
