/**
 * Delta updates end to end against the real broker plugin over TLS on 127.0.0.1, on real
 * firmware (seabios, test/fixtures/firmware): a device running a delta's base downloads the patch
 * and ends with the release bit-exact; a device running another image takes the compressed image;
 * `patches: false` takes the image; a patch corrupted at the broker, and a signed patch that was
 * made from another base, both fall back to the next source with the reason in a status event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, open, readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { OtaDevice, provisionDevice, type ConfirmedEvent, type OtaDeviceOptions } from '../client/index.js'
import { loadState, saveState } from '../client/state.js'
import { FileSlotStorage, slotPath } from '../client/index.js'
import { BodyType, State, sha256, toHex, treeOf, type StatusEvent } from '../proto/index.js'
import { createRelease, encodeBundle, signEnvelope, type Release } from '../sign/index.js'
import { encodeDelta } from '../sign/delta/index.js'
import { FIXTURES, makeEnv, type TestEnv } from './helpers/env.js'

let env: TestEnv
let oldImage: Buffer
let newImage: Buffer
let otherImage: Buffer
const running: OtaDevice[] = []

beforeAll(async () => {
  env = await makeEnv({ model: 'seabios', devices: 6 })
  oldImage = await readFile(join(FIXTURES, 'firmware', 'seabios', 'old.bin'))
  newImage = await readFile(join(FIXTURES, 'firmware', 'seabios', 'new.bin'))
  otherImage = await readFile(join(FIXTURES, 'firmware', 'opensbi', 'old.bin'))
})
afterAll(async () => {
  await Promise.all(running.map(async (d) => await d.stop().catch(() => {})))
  await env?.close()
})

let sequence = 10
/** A release of new.bin with a delta from old.bin and the compressed image. */
function deltaRelease (version: string): Release {
  sequence++
  return createRelease({ image: newImage, model: 'seabios', version, securityVersion: sequence, sequence, signers: [env.signer], bases: [{ image: oldImage, version: '1.16.2' }], compress: true })
}

/** A provisioned device on `factory` (old.bin by default), not started. */
async function device (id: string, factory: Uint8Array = oldImage, opts: Partial<OtaDeviceOptions> = {}): Promise<{ dev: OtaDevice, stateDir: string, events: StatusEvent[], done: Promise<ConfirmedEvent> }> {
  const stateDir = await mkdtemp(join(env.dir, `${id}-`))
  await provisionDevice({ stateDir, bundle: createRelease({ image: factory, model: 'seabios', version: '1.16.2', securityVersion: 1, sequence: 1, signers: [env.signer] }).bundle, trust: env.trust })
  const dev = new OtaDevice({ id, model: 'seabios', stateDir, trust: env.trust, broker: env.broker.url, tls: await env.deviceTls(id), chunkTimeoutMs: 500, ...opts })
  const events: StatusEvent[] = []
  dev.on('status', (e) => events.push(e))
  const done = new Promise<ConfirmedEvent>((resolve, reject) => { dev.once('confirmed', resolve); dev.once('failed', reject) })
  running.push(dev)
  return { dev, stateDir, events, done }
}

async function expectInstalled (stateDir: string): Promise<void> {
  const s = await loadState(stateDir)
  expect(s.active).toBe('b')
  expect(s.apply ?? null).toBeNull()
  expect(s.download).toBeNull()
  expect((await readFile(join(stateDir, 'slot-b.bin'))).subarray(0, newImage.length).equals(newImage)).toBe(true)
  expect(await readdir(join(stateDir, 'staging')).catch(() => [])).toEqual([])
}

describe('delta updates through the broker', () => {
  it('a device running the base downloads the delta only and installs the release bit-exact', async () => {
    const release = deltaRelease('1.16.3')
    const patch = release.manifest.deltas[0]!.patch
    expect(patch.size).toBeLessThan(newImage.length / 10)
    await env.broker.plugin.publishRelease(release.bundle, 'test')
    const { dev, stateDir, events, done } = await device('dev-0001')
    await dev.start()
    const r = await done
    expect(r).toMatchObject({ from: '1.16.2', to: '1.16.3' })
    expect(r.bytes).toBeGreaterThanOrEqual(patch.size)
    expect(r.bytes).toBeLessThan(2 * patch.size)
    await expectInstalled(stateDir)
    const downloading = events.find((e) => e.state === State.DOWNLOADING)!
    expect(toHex(downloading.artifact)).toBe(toHex(patch.sha256))
    expect(downloading.detail).toMatch(/^delta from 1\.16\.2: \d+ bytes/)
    const verified = events.find((e) => e.state === State.VERIFIED)!
    expect(toHex(verified.artifact)).toBe(toHex(release.manifest.image.sha256))
    expect(verified.detail).toMatch(/from the delta from 1\.16\.2/)
    await dev.stop()
  })

  it('a device running another image takes the compressed image; patches: false takes the image', async () => {
    const release = deltaRelease('1.16.4')
    const compressed = release.manifest.compressedImage!.patch
    expect(compressed.size).toBeLessThan(newImage.length / 2)
    await env.broker.plugin.publishRelease(release.bundle, 'test')
    const a = await device('dev-0002', otherImage)
    const b = await device('dev-0003', oldImage, { patches: false })
    await Promise.all([a.dev.start(), b.dev.start()])
    const [ra, rb] = await Promise.all([a.done, b.done])
    expect(ra.bytes).toBeGreaterThanOrEqual(compressed.size)
    expect(ra.bytes).toBeLessThan(newImage.length / 2)
    expect(rb.bytes).toBeGreaterThanOrEqual(newImage.length)
    await expectInstalled(a.stateDir)
    await expectInstalled(b.stateDir)
    expect(toHex(a.events.find((e) => e.state === State.DOWNLOADING)!.artifact)).toBe(toHex(compressed.sha256))
    expect(toHex(b.events.find((e) => e.state === State.DOWNLOADING)!.artifact)).toBe(toHex(release.manifest.image.sha256))
    await Promise.all([a.dev.stop(), b.dev.stop()])
  })

  it('a patch corrupted in the broker\'s storage is refused chunk by chunk and the device falls back to the compressed image', async () => {
    const release = deltaRelease('1.16.5')
    const patch = release.manifest.deltas[0]!.patch
    await env.broker.plugin.publishRelease(release.bundle, 'test')
    const fh = await open(join(env.dir, 'broker', 'artifacts', `${toHex(patch.sha256)}.bin`), 'r+')
    await fh.write(Buffer.alloc(64, 0x5a), 0, 64, 200)
    await fh.close()
    const { dev, stateDir, events, done } = await device('dev-0004', oldImage, { chunkTimeoutMs: 300, maxRetries: 3 })
    await dev.start()
    await done
    await expectInstalled(stateDir)
    const fallback = events.find((e) => e.state === State.DOWNLOADING && /falling back/.test(e.detail))!
    expect(fallback.errorCode).toBe('OTA_CHUNK_PROOF')
    expect(fallback.detail).toMatch(/^delta from 1\.16\.2 failed \(OTA_CHUNK_PROOF: .*\); falling back to the compressed image$/)
    expect(events.some((e) => e.state === State.DOWNLOADING && toHex(e.artifact) === toHex(release.manifest.compressedImage!.patch.sha256))).toBe(true)
    await dev.stop()
  })

  it('a signed patch made from another base fails the header check (OTA_DELTA) and the device falls back', async () => {
    // A release pipeline bug: the delta is encoded from the wrong image but the manifest names the devices' base.
    sequence++
    const wrong = encodeDelta(otherImage, newImage).patch
    const base = createRelease({ image: newImage, model: 'seabios', version: '1.16.6', securityVersion: sequence, sequence, signers: [env.signer] })
    const c = 4096
    const manifest = { ...base.manifest, deltas: [{ baseVersion: '1.16.2', baseSha256: sha256(oldImage), algorithm: 'bsdiff-brotli', patch: { sha256: sha256(wrong), size: wrong.length, chunkSize: c, merkleRoot: treeOf(wrong, c).root } }] }
    const envelope = signEnvelope({ type: BodyType.MANIFEST, manifest }, [env.signer])
    await env.broker.plugin.publishRelease(encodeBundle(envelope, newImage, undefined, [wrong]), 'test')
    const { dev, stateDir, events, done } = await device('dev-0005')
    await dev.start()
    const r = await done
    await expectInstalled(stateDir)
    const fallback = events.find((e) => e.state === State.DOWNLOADING && /falling back/.test(e.detail))!
    expect(fallback.errorCode).toBe('OTA_DELTA')
    expect(fallback.detail).toMatch(/^delta from 1\.16\.2 failed \(OTA_DELTA: the patch is not made from the base the manifest names\); falling back to the image$/)
    // the patch and then the image, both counted
    expect(r.bytes).toBeGreaterThanOrEqual(wrong.length + newImage.length)
    await dev.stop()
  })

  it('a patch given up on before a restart is not tried again: the device goes to the next source', async () => {
    const release = deltaRelease('1.16.7')
    await env.broker.plugin.publishRelease(release.bundle, 'test')
    const { dev, stateDir, events, done } = await device('dev-0006')
    const s = await loadState(stateDir)
    await saveState(stateDir, { ...s, abandoned: [toHex(release.manifest.deltas[0]!.patch.sha256)] })
    await dev.start()
    await done
    await expectInstalled(stateDir)
    expect(events.filter((e) => e.state === State.DOWNLOADING).map((e) => toHex(e.artifact))).not.toContain(toHex(release.manifest.deltas[0]!.patch.sha256))
    expect(toHex(events.find((e) => e.state === State.DOWNLOADING)!.artifact)).toBe(toHex(release.manifest.compressedImage!.patch.sha256))
    expect((await loadState(stateDir)).abandoned).toBeUndefined()
    await dev.stop()
  })

  it('an inactive slot too small for the image fails OTA_NO_SPACE before any patch byte is fetched', async () => {
    const release = deltaRelease('1.16.8')
    await env.broker.plugin.publishRelease(release.bundle, 'test')
    const stateDir = await mkdtemp(join(env.dir, 'dev-0002-small-'))
    await provisionDevice({ stateDir, bundle: createRelease({ image: oldImage, model: 'seabios', version: '1.16.2', securityVersion: 1, sequence: 1, signers: [env.signer] }).bundle, trust: env.trust })
    const storage = new FileSlotStorage({ a: slotPath(stateDir, 'a'), b: { path: slotPath(stateDir, 'b'), capacity: newImage.length - 1 } })
    const dev = new OtaDevice({ id: 'dev-0002', model: 'seabios', stateDir, trust: env.trust, broker: env.broker.url, tls: await env.deviceTls('dev-0002'), storage })
    running.push(dev)
    const events: StatusEvent[] = []
    dev.on('status', (e) => events.push(e))
    const failed = new Promise<Error & { code?: string }>((resolve) => dev.once('failed', resolve))
    await dev.start()
    expect((await failed).code).toBe('OTA_NO_SPACE')
    expect(events.every((e) => e.bytesReceived === 0)).toBe(true)
    await dev.stop()
  })
})
