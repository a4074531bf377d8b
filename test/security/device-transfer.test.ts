/**
 * Threats against the device's download (issue 7, item 8; TUF/Uptane names), each fed to a real,
 * provisioned `OtaDevice` through the real broker and plugin over TLS on 127.0.0.1. The plugin
 * serves a genuine release; the attacker sits past it, between the plugin and the device: a man
 * in the middle on the broker's forwarding hook (`aedes.authorizeForward`, wrapped after the
 * plugin's own) rewrites, drops or delays what the plugin sends on the device's data topic, and
 * `aedes.publish` injects frames. Each test asserts the device's refusal (its `failed` event and
 * exact `OtaError` code), the status event the broker wrote to its audit log (`device.status`,
 * FAILED with `errorCode`), and that nothing reached a bootable slot.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, stat } from 'node:fs/promises'
import { openSync, readSync, writeSync, closeSync } from 'node:fs'
import { join } from 'node:path'
import type { Aedes } from 'aedes'
import { OtaDevice, provisionDevice, slotPath, type ConfirmedEvent, type DroppedFrames, type OtaDeviceOptions } from '../../client/index.js'
import { MAX_INCOMING_PACKET } from '../../client/packet-guard.js'
import { loadState } from '../../client/state.js'
import { boot } from '../../client/boot/simulated.js'
import { Lwm2mResult, State, Topics, decodeDataFrame, encodeDataFrame, toHex, treeOf, type OtaError, type StatusEvent } from '../../proto/index.js'
import { createRelease, type Release } from '../../sign/index.js'
import { auditLines, makeEnv, until, type TestEnv } from '../helpers/env.js'

const MODEL = 'ath9k'
const CHUNK = 4096
/** 17 chunks, the last one 1000 bytes: a short last chunk is an attack surface of its own. */
const SIZE = 16 * CHUNK + 1000
const topics = new Topics('ota')

let env: TestEnv
const running: OtaDevice[] = []
beforeEach(async () => { env = await makeEnv({ model: MODEL, devices: 2 }) })
afterEach(async () => {
  for (const d of running.splice(0)) await d.stop().catch(() => {})
  await env?.close()
})

interface Rel { rel: Release, image: Uint8Array }
function signed (version: string, securityVersion: number, sequence: number): Rel {
  const image = new Uint8Array(randomBytes(SIZE))
  return { rel: createRelease({ image, model: MODEL, version, securityVersion, sequence, chunkSize: CHUNK, signers: [env.signer] }), image }
}

/** The release 2.0.0 published through the plugin, as an operator does: what the broker serves. */
async function published (): Promise<Rel> {
  const r = signed('2.0.0', 2, 2)
  await env.broker.plugin.publishRelease(r.rel.bundle, 'test')
  return r
}

interface Dev { dev: OtaDevice, stateDir: string, events: StatusEvent[], dropped: DroppedFrames[], failed: Promise<OtaError>, confirmed: Promise<ConfirmedEvent> }

/** A device provisioned with factory release 1.0.0 (security version 1, sequence 1), not started. */
async function device (id: string, opts: Partial<OtaDeviceOptions> = {}): Promise<Dev> {
  const stateDir = await mkdtemp(join(env.dir, `${id}-`))
  await provisionDevice({ stateDir, bundle: signed('1.0.0', 1, 1).rel.bundle, trust: env.trust })
  const dev = new OtaDevice({ id, model: MODEL, stateDir, trust: env.trust, broker: env.broker.url, tls: await env.deviceTls(id), chunkTimeoutMs: 300, backoff: { initialDelayMs: 20, maxDelayMs: 40 }, ...opts })
  running.push(dev)
  const events: StatusEvent[] = []
  const dropped: DroppedFrames[] = []
  dev.on('status', (e) => { events.push(e) })
  dev.on('framesDropped', (d) => { dropped.push(d) })
  const failed = new Promise<OtaError>((resolve) => { dev.once('failed', resolve) })
  const confirmed = new Promise<ConfirmedEvent>((resolve, reject) => { dev.once('confirmed', resolve); dev.once('failed', reject) })
  confirmed.catch(() => {})
  return { dev, stateDir, events, dropped, failed, confirmed }
}

/**
 * A man in the middle past the plugin: every payload forwarded to `id` on its data topic goes
 * through `rewrite` (null drops it). The plugin's own hook runs first, so what is rewritten is
 * exactly what the plugin let through.
 */
function mitm (id: string, rewrite: (frame: Uint8Array) => Uint8Array | null): void {
  const aedes = env.broker.aedes
  const inner = aedes.authorizeForward
  const topic = topics.data(id)
  aedes.authorizeForward = function (this: Aedes, client, packet) {
    const p = inner.call(this, client, packet)
    if (p == null || packet.topic !== topic) return p
    const out = rewrite(new Uint8Array(p.payload as Buffer))
    return out === null ? null : { ...p, payload: Buffer.from(out) } as typeof p
  } as Aedes['authorizeForward']
}

/** A chunk frame the plugin sent, decoded; null for an error frame. */
const chunkOf = (frame: Uint8Array): { artifact: Uint8Array, index: number, data: Uint8Array, proof: Uint8Array[] } | null => decodeDataFrame(frame, CHUNK).chunk ?? null

async function inject (topic: string, payload: Uint8Array): Promise<void> {
  await new Promise<void>((resolve, reject) => env.broker.aedes.publish(
    { cmd: 'publish', topic, payload: Buffer.from(payload), qos: 0, retain: false, dup: false } as never,
    (e?: Error) => { if (e) reject(e); else resolve() }))
}

async function deviceLines (id: string): Promise<Array<Record<string, unknown>>> {
  return (await auditLines(env.broker.plugin.auditLog)).filter((l) => l.event === 'device.status' && l.deviceId === id)
}

/** The broker's audit line of `id`'s status event in `state` with `code`, once written. */
async function audited (id: string, state: string, code: string): Promise<Record<string, unknown>> {
  let line: Record<string, unknown> | undefined
  await until(async () => {
    line = (await deviceLines(id)).find((l) => l.state === state && l.errorCode === code)
    return line !== undefined
  }, 10_000, `${state} ${code} of ${id} in the audit log`)
  return line!
}

/** Nothing reached a bootable slot: slot A runs 1.0.0, no trial pending, counter 1; the bootloader agrees after a stop. */
async function untouched (d: Dev): Promise<void> {
  expect(d.events.some((e) => e.state === State.INSTALLING || e.state === State.VERIFIED)).toBe(false)
  expect(d.dev.state).toMatchObject({ version: '1.0.0', slot: 'a', securityCounter: 1 })
  expect(await loadState(d.stateDir)).toMatchObject({ active: 'a', pending: null, securityCounter: 1 })
  await d.dev.stop()
  expect(await boot(d.stateDir, env.trust)).toMatchObject({ slot: 'a', version: '1.0.0', trial: false, securityCounter: 1 })
}

/** Bytes of slot B at chunk `i` (what is stored there, possibly nothing). */
async function slotChunk (d: Dev, i: number): Promise<Buffer> {
  const b = await readFile(slotPath(d.stateDir, 'b')).catch(() => Buffer.alloc(0))
  return b.subarray(i * CHUNK, (i + 1) * CHUNK)
}

describe('threat: arbitrary software', () => {
  it('a genuine manifest whose chunk data the broker replaces, keeping the real proof, is refused per chunk (OTA_CHUNK_PROOF): the chunk is never written', async () => {
    const r = await published()
    const tampered: Uint8Array[] = []
    mitm('dev-0001', (frame) => {
      const c = chunkOf(frame)
      if (c === null || c.index !== 3) return frame
      const data = c.data.slice()
      data[17] = data[17]! ^ 0xff
      tampered.push(data)
      return encodeDataFrame({ chunk: { ...c, data } })
    })
    const d = await device('dev-0001')
    await d.dev.start()
    const err = await d.failed
    expect(err.code).toBe('OTA_CHUNK_PROOF')
    expect(err.message).toMatch(/chunk 3 does not prove into the signed Merkle root; refused 3 times/)
    expect(tampered.length).toBeGreaterThanOrEqual(3)
    expect(await audited('dev-0001', 'FAILED', 'OTA_CHUNK_PROOF')).toMatchObject({ targetVersion: '2.0.0', artifact: toHex(r.rel.manifest.image.sha256), result: Lwm2mResult.INTEGRITY_FAILURE })
    expect((await slotChunk(d, 3)).equals(Buffer.from(tampered[0]!))).toBe(false)
    await untouched(d)
  })
})

describe('threat: mix-and-match', () => {
  it('the manifest of release A served with the chunks and real proofs of release B (same model, same chunk size) is refused (OTA_CHUNK_PROOF)', async () => {
    const a = await published()
    // B: a genuine release of the same model and size, signed too; its chunks carry its own valid proofs.
    const b = signed('2.0.1', 2, 3)
    const bTree = treeOf(b.image, CHUNK)
    const bChunk = (i: number): Uint8Array => b.image.subarray(i * CHUNK, Math.min((i + 1) * CHUNK, SIZE))
    mitm('dev-0001', (frame) => {
      const c = chunkOf(frame)
      return c === null ? frame : encodeDataFrame({ chunk: { artifact: c.artifact, index: c.index, data: bChunk(c.index), proof: bTree.proof(c.index) } })
    })
    const d = await device('dev-0001')
    await d.dev.start()
    expect((await d.failed).code).toBe('OTA_CHUNK_PROOF')
    expect(await audited('dev-0001', 'FAILED', 'OTA_CHUNK_PROOF')).toMatchObject({ targetVersion: '2.0.0', artifact: toHex(a.rel.manifest.image.sha256) })
    // Not one of B's chunks was stored.
    for (let i = 0; i < 17; i++) expect((await slotChunk(d, i)).equals(Buffer.from(bChunk(i)))).toBe(false)
    await untouched(d)
  })
})

describe('threat: endless data', () => {
  it('frames past the last chunk are refused and counted; a broker that keeps sending them fails the download (OTA_CHUNK_MISMATCH); the slot holds no byte past the signed size', async () => {
    await published()
    // Every answer for chunk 0 is turned into one for an index past the end of the image.
    let past = 0
    mitm('dev-0001', (frame) => {
      const c = chunkOf(frame)
      if (c === null || c.index !== 0) return frame
      return encodeDataFrame({ chunk: { ...c, index: 17 + past++ } })
    })
    // A silence period long enough that each stray answer is in before the next re-request.
    const d = await device('dev-0001', { chunkTimeoutMs: 1000 })
    await d.dev.start()
    const err = await d.failed
    expect(err.code).toBe('OTA_CHUNK_MISMATCH')
    expect(err.message).toMatch(/3 frames named chunk indexes beyond 16/)
    const line = await audited('dev-0001', 'FAILED', 'OTA_CHUNK_MISMATCH')
    expect(String(line.detail)).toMatch(/dropped frames: 0 undecodable, 0 foreign, 3 refused/)
    expect(d.dropped.at(-1)).toEqual({ undecodable: 0, foreign: 0, refused: 3 })
    expect((await stat(slotPath(d.stateDir, 'b'))).size).toBeLessThanOrEqual(SIZE)
    await untouched(d)
  })

  it('a chunk longer than chunk_size is dropped undecodable, a last chunk longer than its signed length refused: the download takes only the signed bytes and completes', async () => {
    const r = await published()
    let oversize = 0
    let overlong = 0
    mitm('dev-0002', (frame) => {
      const c = chunkOf(frame)
      // The first answer for chunk 1 carries a chunk_size + 1 byte chunk (raw bytes: the codec
      // would refuse to decode it, so it is encoded here by protobuf alone, which does not check).
      if (c?.index === 1 && oversize++ === 0) return encodeDataFrame({ chunk: { ...c, data: new Uint8Array(CHUNK + 1).fill(0x41) } })
      if (c?.index === 16 && overlong++ === 0) return encodeDataFrame({ chunk: { ...c, data: new Uint8Array(CHUNK).fill(0x42) } })
      return frame
    })
    const d = await device('dev-0002')
    await d.dev.start()
    expect(await d.confirmed).toMatchObject({ from: '1.0.0', to: '2.0.0' })
    expect(oversize).toBeGreaterThanOrEqual(2)
    expect(overlong).toBeGreaterThanOrEqual(2)
    expect(d.dropped.at(-1)).toEqual({ undecodable: 1, foreign: 0, refused: 1 })
    await until(async () => (await deviceLines('dev-0002')).some((l) => l.state === 'CONFIRMED'), 10_000, 'CONFIRMED in the audit log')
    const verified = (await deviceLines('dev-0002')).find((l) => l.state === 'VERIFIED')
    expect(verified).toMatchObject({ targetVersion: '2.0.0', detail: 'dropped frames: 1 undecodable, 0 foreign, 1 refused' })
    // What boots is byte for byte the signed image, and nothing past it.
    const slot = await readFile(slotPath(d.stateDir, 'b'))
    expect(slot.length).toBe(SIZE)
    expect(slot.equals(Buffer.from(r.image))).toBe(true)
  })

  it('a PUBLISH longer than the device\'s packet bound closes the connection before it is read (packetRefused OTA_TOO_LARGE); the device reconnects, reports the refusal and where it is', async () => {
    const d = await device('dev-0001')
    const refused: OtaError[] = []
    d.dev.on('packetRefused', (e) => { refused.push(e) })
    let connects = 0
    env.broker.aedes.on('clientReady', (c) => { if (c.id === 'dev-0001') connects++ })
    await d.dev.start()
    await until(() => connects === 1, 10_000, 'connected')
    await inject(topics.data('dev-0001'), Buffer.alloc(MAX_INCOMING_PACKET + 1024, 0x41))
    await until(() => refused.length === 1, 10_000, 'the refusal')
    expect(refused[0]!.code).toBe('OTA_TOO_LARGE')
    expect(refused[0]!.details).toMatchObject({ limit: MAX_INCOMING_PACKET })
    await until(() => connects === 2, 10_000, 'reconnected')
    // After the reconnection the refusal reaches the broker (IDLE with the code) and the device
    // announces itself again.
    await until(async () => (await deviceLines('dev-0001')).some((l) => l.state === 'IDLE' && l.errorCode === 'OTA_TOO_LARGE'), 10_000, 'the refusal in the audit log')
    expect(String((await deviceLines('dev-0001')).find((l) => l.errorCode === 'OTA_TOO_LARGE')!.detail)).toMatch(/^connection closed: the broker sent an MQTT packet of \d+ bytes/)
    await until(async () => (await deviceLines('dev-0001')).filter((l) => l.state === 'IDLE' && l.errorCode === '').length >= 2, 10_000, 'IDLE again in the audit log')
    await untouched(d)
  })
})

describe('threat: slow retrieval', () => {
  it('a broker trickling chunks just inside the silence timeout hits the transfer deadline: FAILED OTA_TIMEOUT, part of the image received', async () => {
    const r = await published()
    // Every frame the plugin sends is held back 200 ms and then sent again past the hook: inside
    // the 2 s silence timeout, so only transferTimeoutMs stops the transfer.
    // (Told apart by content: aedes hands the hook a copy of what was published.)
    const delayed = new Set<string>()
    mitm('dev-0001', (frame) => {
      const key = Buffer.from(frame).toString('base64')
      if (delayed.delete(key)) return frame
      delayed.add(key)
      setTimeout(() => { void inject(topics.data('dev-0001'), frame).catch(() => {}) }, 200)
      return null
    })
    const d = await device('dev-0001', { window: 1, chunkTimeoutMs: 2000, transferTimeoutMs: 1500, maxRetries: 0 })
    await d.dev.start()
    const err = await d.failed
    expect(err.code).toBe('OTA_TIMEOUT')
    expect(err.message).toMatch(/did not finish within 1500 ms/)
    const line = await audited('dev-0001', 'FAILED', 'OTA_TIMEOUT')
    expect(line).toMatchObject({ targetVersion: '2.0.0', artifact: toHex(r.rel.manifest.image.sha256) })
    expect(Number(line.bytesReceived)).toBeGreaterThan(0)
    expect(Number(line.bytesReceived)).toBeLessThan(SIZE)
    await untouched(d)
  })
})

describe('threat: TOCTOU', () => {
  it('a byte of the slot changed on storage after the last chunk passed its streaming check, before install: the whole-slot re-hash refuses (OTA_IMAGE_DIGEST), never bootable', async () => {
    await published()
    const d = await device('dev-0001')
    let flipped = -1
    // DOWNLOADED is reported once the last chunk is written and synced, right before the slot is
    // hashed as stored: the seam between the per-chunk check and install. The listener runs
    // synchronously inside that report, so the flip lands before the re-hash reads the slot.
    d.dev.on('status', (e) => {
      if (e.state !== State.DOWNLOADED || flipped >= 0) return
      const fd = openSync(slotPath(d.stateDir, 'b'), 'r+')
      const b = Buffer.alloc(1)
      flipped = 5 * CHUNK + 123
      readSync(fd, b, 0, 1, flipped)
      b[0] = b[0]! ^ 0x01
      writeSync(fd, b, 0, 1, flipped)
      closeSync(fd)
    })
    await d.dev.start()
    const err = await d.failed
    expect(flipped).toBeGreaterThan(0)
    expect(err.code).toBe('OTA_IMAGE_DIGEST')
    expect(await audited('dev-0001', 'FAILED', 'OTA_IMAGE_DIGEST')).toMatchObject({ targetVersion: '2.0.0', bytesTotal: SIZE, result: Lwm2mResult.INTEGRITY_FAILURE })
    // The download record is dropped: the next attempt starts over rather than trusting the slot.
    expect((await loadState(d.stateDir)).download).toBeNull()
    await untouched(d)
  })

  it('a byte of the slot changed after the re-hash (VERIFIED), before the trial boot: the bootloader verifies the slot again and refuses it; the old image keeps running, the counter unchanged', async () => {
    await published()
    const d = await device('dev-0002')
    let flipped = false
    const reverted = new Promise<OtaError>((resolve) => { d.dev.once('reverted', resolve) })
    d.dev.on('status', (e) => {
      if (e.state !== State.VERIFIED || flipped) return
      flipped = true
      const fd = openSync(slotPath(d.stateDir, 'b'), 'r+')
      const b = Buffer.alloc(1)
      readSync(fd, b, 0, 1, 9 * CHUNK + 7)
      b[0] = b[0]! ^ 0x01
      writeSync(fd, b, 0, 1, 9 * CHUNK + 7)
      closeSync(fd)
    })
    await d.dev.start()
    const err = await Promise.race([reverted, d.failed])
    expect(flipped).toBe(true)
    expect(err.code).toBe('OTA_BOOT_VERIFY')
    expect(await audited('dev-0002', 'REVERTED', 'OTA_BOOT_VERIFY')).toMatchObject({ targetVersion: '2.0.0', currentVersion: '1.0.0', securityVersion: 1, slot: 'a', detail: expect.stringContaining('does not match its signed digest') })
    expect(d.dev.state).toMatchObject({ version: '1.0.0', slot: 'a', securityCounter: 1 })
    expect(await loadState(d.stateDir)).toMatchObject({ active: 'a', pending: null, securityCounter: 1 })
    await d.dev.stop()
    expect(await boot(d.stateDir, env.trust)).toMatchObject({ slot: 'a', version: '1.0.0', trial: false, securityCounter: 1 })
  })
})
