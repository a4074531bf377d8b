/**
 * Key compromise and rotation end to end: a device provisioned with root v1 whose only signing
 * key has expired is brought forward by the root chain a real broker publishes over TLS
 * (v2: 1-of-1 rotated to 2-of-3 fresh root keys; v3: a new signer; v4: the old signer revoked),
 * persists the newest root atomically, takes a release signed by the new signer, and refuses a
 * manifest of the revoked signer injected past the plugin (`aedes.publish`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { OtaDevice, provisionDevice, type ConfirmedEvent } from '../../client/index.js'
import { TRUST_FILE } from '../../client/trust/store.js'
import { FAST_FORWARD_CAP, Limits, Topics, type OtaError, decodeEnvelope, decodeRootChain, encodeRootChain, verifyManifest, verifyRoot, type TrustedRoot } from '../../proto/index.js'
import { KeyFiles, addSigner, createRelease, initKeys, readKeyFile, readRootChain, revokeSigner, rotateRoot, type KeyPair } from '../../sign/index.js'
import { startOtaBroker, type OtaBroker } from '../../broker/index.js'
import { FIXTURES, makeEnv, until, type TestEnv } from '../helpers/env.js'

const MODEL = 'ath9k'
const KEY_LIFE_MS = 3000

let env: TestEnv
let broker: OtaBroker | undefined
let keysDir: string
let v1: TrustedRoot
let oldSigner: KeyPair
let newSigner: KeyPair
let oldImage: Buffer
let newImage: Buffer
const devices: OtaDevice[] = []

beforeAll(async () => {
  env = await makeEnv({ model: MODEL, devices: 2 })
  oldImage = await readFile(join(FIXTURES, 'firmware', MODEL, 'old.bin'))
  newImage = await readFile(join(FIXTURES, 'firmware', MODEL, 'new.bin'))
  keysDir = join(env.dir, 'short-keys')
  await initKeys({ out: keysDir, models: [MODEL], releaseKeyValidityMs: KEY_LIFE_MS })
  v1 = verifyRoot(new Uint8Array(await readFile(join(keysDir, KeyFiles.trust))))
  oldSigner = await readKeyFile(join(keysDir, KeyFiles.release))
}, 60_000)
afterAll(async () => {
  await Promise.all(devices.map(async (d) => await d.stop().catch(() => {})))
  await broker?.close()
  await env?.close()
})

describe('threat: key compromise and rotation', () => {
  it('a device whose signing key expired walks v1 to v4 from the broker, persists v4 and updates from the new signer', async () => {
    // Provisioned while the v1 signing key is still valid, then the key expires: stranded
    // under v1 (amazon-freertos#3117), unless a new root brings it forward.
    const stateDir = await mkdtemp(join(env.dir, 'dev-0001-'))
    const factory = createRelease({ image: oldImage, model: MODEL, version: '1.0.0', securityVersion: 1, sequence: 1, signers: [oldSigner] })
    await provisionDevice({ stateDir, bundle: factory.bundle, trust: v1 })
    const keyExpiry = v1.root.signingKeys[0]!.expiresAt
    await until(() => Date.now() > keyExpiry, KEY_LIFE_MS + 10_000, 'the v1 signing key to expire')

    const rotated = await rotateRoot({ dir: keysDir, newRootKeys: 3, threshold: 2 })
    expect(rotated.trusted.root).toMatchObject({ version: 2, threshold: 2 })
    const added = await addSigner({ dir: keysDir, models: [MODEL] })
    newSigner = await readKeyFile(added.keyFile)
    const revoked = await revokeSigner({ dir: keysDir, keyId: oldSigner.keyId.slice(0, 12) })
    expect(revoked.revoked).toBe(oldSigner.keyId)
    const { chain, trusted: v4 } = await readRootChain(keysDir)
    expect(chain.map((c) => verifyRoot(c, 0).root.version)).toEqual([1, 2, 3, 4])
    expect(v4.root.signingKeys.map((s) => s.key.keyId)).toEqual([newSigner.keyId])

    // The old signer's manifests: expired under v1, unknown under v4.
    const byOld = createRelease({ image: newImage, model: MODEL, version: '2.0.0', securityVersion: 2, sequence: 2, signers: [oldSigner] })
    expect(() => verifyManifest(byOld.envelope, v1)).toThrow(expect.objectContaining({ code: 'OTA_KEY_EXPIRED' }))
    expect(() => verifyManifest(byOld.envelope, v4)).toThrow(expect.objectContaining({ code: 'OTA_UNTRUSTED_KEY' }))

    broker = await startOtaBroker({ pki: env.pki, trust: chain, dataDir: join(env.dir, 'rotated-broker'), port: 0 })
    const release = createRelease({ image: newImage, model: MODEL, version: '2.0.0', securityVersion: 2, sequence: 2, signers: [newSigner] })
    await broker.plugin.publishRelease(release.bundle, 'test')

    const dev = new OtaDevice({ id: 'dev-0001', model: MODEL, stateDir, trust: v1, broker: broker.url, tls: await env.deviceTls('dev-0001') })
    devices.push(dev)
    const confirmed = new Promise<ConfirmedEvent>((resolve, reject) => { dev.once('confirmed', resolve); dev.once('failed', reject); dev.once('reverted', reject) })
    await dev.start()
    expect(await confirmed).toMatchObject({ from: '1.0.0', to: '2.0.0' })
    const persisted = decodeRootChain(new Uint8Array(await readFile(join(stateDir, TRUST_FILE))))
    expect(persisted.map((r) => verifyRoot(r, 0).root.version)).toEqual([2, 3, 4])
    expect(Buffer.from(persisted.at(-1)!).equals(Buffer.from(v4.envelope))).toBe(true)
    await dev.stop()

    // Restarted from v1 options, the device starts from its persisted v4, not from v1 again.
    const again = new OtaDevice({ id: 'dev-0001', model: MODEL, stateDir, trust: v1, broker: broker.url, tls: await env.deviceTls('dev-0001') })
    devices.push(again)
    const rejected = new Promise<OtaError>((resolve) => { again.once('failed', resolve) })
    await again.start()
    // Past the plugin, a hostile broker injects the revoked signer's manifest on the model topic.
    const forged = createRelease({ image: newImage, model: MODEL, version: '3.0.0', securityVersion: 3, sequence: 3, signers: [oldSigner] })
    broker.aedes.publish({ cmd: 'publish', topic: new Topics('ota').manifest(MODEL), payload: Buffer.from(forged.envelope), qos: 1, retain: false, dup: false }, () => {})
    const r = await rejected
    expect(r.code).toBe('OTA_UNTRUSTED_KEY')
    expect(again.state.version).toBe('2.0.0')
  }, 90_000)

  it('the retained trust topic carries every root version, oldest first', async () => {
    expect(broker).toBeDefined()
    const c = await (await import('mqtt')).default.connectAsync(broker!.url, { clientId: 'dev-0002', protocolVersion: 4, reconnectPeriod: 0, servername: 'localhost', ...(await env.deviceTls('dev-0002')) })
    const got = new Promise<Buffer>((resolve) => c.on('message', (_t, p) => resolve(p)))
    await c.subscribeAsync(new Topics('ota').root(), { qos: 1 })
    const payload = await got
    await c.endAsync(true)
    expect(payload.length).toBeLessThanOrEqual(Limits.rootChain)
    const versions = decodeRootChain(new Uint8Array(payload)).map((r) => { decodeEnvelope(r); return verifyRoot(r, 0).root.version })
    expect(versions).toEqual([1, 2, 3, 4])
  })
})

describe('threat: key compromise and rotation (the running image)', () => {
  it('revoking the signer of the running image stops new installs, never the image: the device restarts on it, then updates from the new signer', async () => {
    const dir = join(env.dir, 'revoke-running')
    await initKeys({ out: dir, models: [MODEL] })
    const first = await readKeyFile(join(dir, KeyFiles.release))
    const provisioned = verifyRoot(new Uint8Array(await readFile(join(dir, KeyFiles.trust))))
    const stateDir = await mkdtemp(join(env.dir, 'dev-0002-'))
    await provisionDevice({ stateDir, bundle: createRelease({ image: oldImage, model: MODEL, version: '1.0.0', securityVersion: 1, sequence: 1, signers: [first] }).bundle, trust: provisioned })
    const second = await readKeyFile((await addSigner({ dir, models: [MODEL] })).keyFile)
    await revokeSigner({ dir, keyId: first.keyId })
    const { chain } = await readRootChain(dir)
    const b = await startOtaBroker({ pki: env.pki, trust: chain, dataDir: join(env.dir, 'revoke-running-broker'), port: 0 })
    try {
      const opts = { id: 'dev-0002', model: MODEL, stateDir, trust: provisioned, broker: b.url, tls: await env.deviceTls('dev-0002') }
      const dev = new OtaDevice(opts)
      devices.push(dev)
      await dev.start()
      await until(async () => await readFile(join(stateDir, TRUST_FILE)).then((f) => decodeRootChain(new Uint8Array(f)).length === 2, () => false), 10_000, 'v3 persisted')
      await dev.stop()
      // The running image is signed by a key v3 no longer lists: it still boots.
      const again = new OtaDevice(opts)
      devices.push(again)
      const confirmed = new Promise<ConfirmedEvent>((resolve, reject) => { again.once('confirmed', resolve); again.once('failed', reject); again.once('reverted', reject) })
      await again.start()
      expect(again.state).toMatchObject({ version: '1.0.0', slot: 'a' })
      await b.plugin.publishRelease(createRelease({ image: newImage, model: MODEL, version: '2.0.0', securityVersion: 2, sequence: 2, signers: [second] }).bundle, 'test')
      expect(await confirmed).toMatchObject({ from: '1.0.0', to: '2.0.0' })
      await again.stop()
    } finally {
      await b.close()
    }
  }, 60_000)
})

describe('threat: key compromise and rotation (an update under way)', () => {
  it('an update of a signer the next root revokes, still waiting for consent, is abandoned when the device takes that root (FAILED OTA_UNTRUSTED_KEY)', async () => {
    const dir = join(env.dir, 'revoke-pending')
    await initKeys({ out: dir, models: [MODEL] })
    const first = await readKeyFile(join(dir, KeyFiles.release))
    const provisioned = verifyRoot(new Uint8Array(await readFile(join(dir, KeyFiles.trust))))
    const stateDir = await mkdtemp(join(env.dir, 'dev-0001-'))
    await provisionDevice({ stateDir, bundle: createRelease({ image: oldImage, model: MODEL, version: '1.0.0', securityVersion: 1, sequence: 1, signers: [first] }).bundle, trust: provisioned })
    const b = await startOtaBroker({ pki: env.pki, trust: provisioned.envelope, dataDir: join(env.dir, 'revoke-pending-broker'), port: 0 })
    try {
      await b.plugin.publishRelease(createRelease({ image: newImage, model: MODEL, version: '2.0.0', securityVersion: 2, sequence: 2, signers: [first] }).bundle, 'test')
      let asked = false
      const dev = new OtaDevice({
        id: 'dev-0001', model: MODEL, stateDir, trust: provisioned, broker: b.url, tls: await env.deviceTls('dev-0001'),
        consentPolicy: 'ask', consent: async () => { asked = true; return await new Promise<never>(() => {}) } // the owner never answers
      })
      devices.push(dev)
      const failed = new Promise<OtaError>((resolve) => dev.once('failed', resolve))
      await dev.start()
      await until(() => asked, 10_000, 'consent asked')
      // The key is revoked meanwhile: v2 adds a signer, v3 drops the first.
      await addSigner({ dir, models: [MODEL] })
      await revokeSigner({ dir, keyId: first.keyId })
      const { chain } = await readRootChain(dir)
      await new Promise<void>((resolve, reject) => b.aedes.publish(
        { cmd: 'publish', topic: new Topics('ota').root(), payload: Buffer.from(encodeRootChain(chain)), qos: 1, retain: true, dup: false } as never,
        (e?: Error) => { if (e) reject(e); else resolve() }))
      expect((await failed).code).toBe('OTA_UNTRUSTED_KEY')
      expect(dev.state).toMatchObject({ version: '1.0.0', slot: 'a' })
      // Stopping with the broker gone and status events unacknowledged ends (it once waited for ever).
      await b.close()
      await dev.stop()
    } finally {
      await b.close()
    }
  }, 60_000)
})

describe('threat: fast-forward by a signing key', () => {
  it(`a manifest signed only by a signing key that raises the security version more than ${FAST_FORWARD_CAP} above the counter is refused (OTA_FAST_FORWARD)`, async () => {
    const stateDir = await mkdtemp(join(env.dir, 'dev-0002-'))
    await provisionDevice({ stateDir, bundle: env.release(oldImage, '1.0.0', 1, 1).bundle, trust: env.trust })
    // Past the plugin (whose publish rules an attacker holding the signing key need not meet).
    const forged = env.release(newImage, '9.9.9', 2 + FAST_FORWARD_CAP, 5)
    await new Promise<void>((resolve, reject) => env.broker.aedes.publish(
      { cmd: 'publish', topic: new Topics('ota').manifest(MODEL), payload: Buffer.from(forged.envelope), qos: 1, retain: true, dup: false } as never,
      (e?: Error) => { if (e) reject(e); else resolve() }))
    const dev = new OtaDevice({ id: 'dev-0002', model: MODEL, stateDir, trust: env.trust, broker: env.broker.url, tls: await env.deviceTls('dev-0002') })
    devices.push(dev)
    const failed = new Promise<OtaError>((resolve) => dev.once('failed', resolve))
    await dev.start()
    expect((await failed).code).toBe('OTA_FAST_FORWARD')
    expect(dev.state).toMatchObject({ version: '1.0.0', securityCounter: 1 })
    await dev.stop()
  }, 60_000)
})
