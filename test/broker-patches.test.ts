/**
 * The broker serves every artifact of a release (the image, the compressed image, each delta
 * patch), over the real plugin (Aedes over TLS 1.3 on 127.0.0.1, real certificates, real files),
 * with a device played by a plain MQTT client: format-3 bundles of the seabios fixture pair
 * (test/fixtures/firmware/seabios), each frame's inclusion proof checked against the signed
 * patch root and the reassembled patch compared with the bundle's; patches gated by rollout
 * offers like the image; re-verified after a restart; a corrupted or missing patch file refuses
 * its release; superseded patch files deleted unless another release still uses them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { access, cp, readFile, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type mqtt from 'mqtt'
import {
  State, bytesEqual, chunkCount, chunkRequestFor, decodeDataFrame, encodeChunkRequest, encodeStatusEvent, fromHex, leafHash, requestGroups, toHex, verifyBundle, verifyInclusion,
  type Artifact, type DataFrame, type StatusEvent
} from '../proto/index.js'
import { createRelease, type Release } from '../sign/index.js'
import { startOtaBroker, type OtaBroker } from '../broker/index.js'
import { ReleaseStore } from '../broker/store.js'
import { ChunkSender } from '../broker/sender.js'
import type { Client } from 'aedes'
import { OtaError } from '../proto/index.js'
import { FIXTURES, makeEnv, until, type TestEnv } from './helpers/env.js'

const MODEL = 'seabios'
const OTHER = 'model-b'
const IDS = ['dev-0001', 'dev-0002', 'dev-0003']
/** small chunks, so that every patch spans several frames */
const CHUNK = 1024

let env: TestEnv
/** the broker under test (replaced by the restart test) */
let broker: OtaBroker
let oldImage: Uint8Array
let newImage: Uint8Array
/** release 2.0.0 of seabios: new.bin, a delta from old.bin (1.0.0) and the compressed image */
let r2: Release

interface RawDevice {
  id: string
  client: mqtt.MqttClient
  frames: DataFrame[]
  request: (artifact: string, indexes: number[]) => Promise<void>
  report: (state: number, over?: Partial<StatusEvent>) => Promise<void>
}

function statusEvent (id: string, state: number, over: Partial<StatusEvent>): StatusEvent {
  return {
    deviceId: id, state, result: 0, currentVersion: '2.0.0', targetVersion: '', time: Date.now(), detail: '', errorCode: '', artifact: new Uint8Array(0), bytesReceived: 0, bytesTotal: 0,
    securityVersion: 1, model: MODEL, receivedAt: 0, slot: 'a', previousVersion: '', hardwareRevision: '', support: 0, endOfLifeAt: 0, sbomSha256: new Uint8Array(0), deferredUntil: 0, ...over
  }
}

async function rawDevice (id: string, port = broker.port): Promise<RawDevice> {
  const t = broker.plugin.topics
  const client = await env.connect(id, { port })
  const d: RawDevice = {
    id,
    client,
    frames: [],
    request: async (artifact, indexes) => {
      for (const g of requestGroups(indexes)) await client.publishAsync(t.req(id), Buffer.from(encodeChunkRequest(chunkRequestFor(fromHex(artifact), g))), { qos: 1 })
    },
    report: async (state, over = {}) => { await client.publishAsync(t.audit(id), Buffer.from(encodeStatusEvent(statusEvent(id, state, over))), { qos: 1 }) }
  }
  client.on('message', (topic, payload) => { if (topic === t.data(id)) d.frames.push(decodeDataFrame(payload, 65536)) })
  await client.subscribeAsync({ [t.data(id)]: { qos: 0 } })
  return d
}

const errorCodes = (d: RawDevice, artifact: string): string[] => d.frames.flatMap((f) => f.error !== undefined && toHex(f.error.artifact) === artifact ? [f.error.code] : [])

/**
 * Downloads every chunk of `a` as a device does, checks each frame's inclusion proof against the
 * signed Merkle root (RFC 9162) and returns the reassembled bytes.
 */
async function download (d: RawDevice, a: Artifact): Promise<Uint8Array> {
  const id = toHex(a.sha256)
  const count = chunkCount(a.size, a.chunkSize)
  const got = new Map<number, Uint8Array>()
  const collect = (): void => {
    for (const f of d.frames) {
      if (f.chunk === undefined || toHex(f.chunk.artifact) !== id || got.has(f.chunk.index)) continue
      expect(verifyInclusion(leafHash(f.chunk.data), f.chunk.index, count, f.chunk.proof, a.merkleRoot)).toBe(true)
      got.set(f.chunk.index, f.chunk.data)
    }
  }
  await d.request(id, Array.from({ length: count }, (_, i) => i))
  await until(() => { collect(); return got.size === count }, 10_000, `${count} chunks of ${id}`)
  expect(errorCodes(d, id)).toEqual([])
  const out = Buffer.concat(Array.from({ length: count }, (_, i) => got.get(i)!))
  expect(out.length).toBe(a.size)
  return out
}

function release (image: Uint8Array, version: string, sequence: number, o: { model?: string, bases?: Array<{ image: Uint8Array, version: string }>, compress?: boolean } = {}): Release {
  return createRelease({ image, model: o.model ?? MODEL, version, securityVersion: 1, sequence, chunkSize: CHUNK, signers: [env.signer], bases: o.bases ?? [], compress: o.compress ?? false })
}

/** `image` with a few bytes changed at `at` (a later build of it) */
function variant (image: Uint8Array, at: number, tag: number): Uint8Array {
  const v = new Uint8Array(image)
  for (let i = 0; i < 16; i++) v[at + i] = (v[at + i]! + tag + i) & 0xff
  return v
}

const artifactFile = (id: string): string => join(env.dir, 'broker', 'artifacts', `${id}.bin`)
const exists = async (path: string): Promise<boolean> => await access(path).then(() => true, () => false)
const idOf = (a: Artifact): string => toHex(a.sha256)

beforeAll(async () => {
  env = await makeEnv({ model: MODEL, devices: IDS.length, extraDevices: { 'b-0001': OTHER } })
  broker = env.broker
  oldImage = new Uint8Array(await readFile(join(FIXTURES, 'firmware', 'seabios', 'old.bin')))
  newImage = new Uint8Array(await readFile(join(FIXTURES, 'firmware', 'seabios', 'new.bin')))
  r2 = release(newImage, '2.0.0', 2, { bases: [{ image: oldImage, version: '1.0.0' }], compress: true })
}, 120_000)
afterAll(async () => {
  if (broker !== env?.broker) await broker?.close()
  await env?.close()
})

describe('a release with patches', () => {
  it('is a format-3 bundle of the seabios pair carrying the compressed image and a delta from old.bin', () => {
    expect(r2.manifest.compressedImage).not.toBeNull()
    expect(r2.manifest.deltas.map((d) => d.baseVersion)).toEqual(['1.0.0'])
    expect(r2.patches.every((p) => p.shipped)).toBe(true)
    // several frames each, so proofs are real paths
    expect(chunkCount(r2.manifest.deltas[0]!.patch.size, CHUNK)).toBeGreaterThan(4)
  })

  it('is stored with every artifact once under its digest, listed in StoredRelease.artifacts with its chunk count', async () => {
    const stored = await broker.plugin.publishRelease(r2.bundle, 'test')
    const m = r2.manifest
    expect(stored.artifactId).toBe(idOf(m.image))
    expect(stored.count).toBe(chunkCount(m.image.size, CHUNK))
    expect(stored.artifacts.map((a) => [a.id, a.kind, a.baseVersion, a.count])).toEqual([
      [idOf(m.image), 'image', '', chunkCount(m.image.size, CHUNK)],
      [idOf(m.compressedImage!.patch), 'compressed', '', chunkCount(m.compressedImage!.patch.size, CHUNK)],
      [idOf(m.deltas[0]!.patch), 'delta', '1.0.0', chunkCount(m.deltas[0]!.patch.size, CHUNK)]
    ])
    const v = verifyBundle(r2.bundle, env.trust)
    for (const p of v.patches) expect(bytesEqual(new Uint8Array(await readFile(artifactFile(idOf(p.delta.patch)))), p.bytes)).toBe(true)
  })

  it('serves the delta and the compressed image chunk by chunk, each proof checking against the signed patch root, reassembling to the bundle\'s patch', async () => {
    const d = await rawDevice('dev-0001')
    const v = verifyBundle(r2.bundle, env.trust)
    for (const p of v.patches) {
      const bytes = await download(d, p.delta.patch)
      expect(bytesEqual(bytes, p.bytes)).toBe(true)
    }
    // the image is served as before
    expect(bytesEqual(await download(d, r2.manifest.image), newImage)).toBe(true)
    // a digest that is no artifact of the release is refused as before
    await d.request(toHex(fromHex('ab'.repeat(32))), [0])
    await until(() => errorCodes(d, 'ab'.repeat(32)).length === 1, 5000, 'the refusal')
    expect(errorCodes(d, 'ab'.repeat(32))).toEqual(['OTA_UNKNOWN_ARTIFACT'])
    await d.client.endAsync()
  })
})

describe('a staged release with a patch', () => {
  it('serves the patch only to devices the rollout offered it to; after an abort it is refused and its file deleted', async () => {
    const devs = await Promise.all(IDS.map(async (id) => await rawDevice(id)))
    await Promise.all(devs.map(async (d) => await d.report(State.IDLE)))
    await until(() => broker.plugin.inventory.list().filter((r) => r.currentVersion === '2.0.0').length === IDS.length, 5000, 'inventory on 2.0.0')
    const r3 = release(variant(newImage, 4096, 1), '3.0.0', 3, { bases: [{ image: newImage, version: '2.0.0' }] })
    const patch = r3.manifest.deltas[0]!.patch
    const patchId = idOf(patch)
    const rollout = await broker.plugin.rollouts.start(r3.bundle, { waves: [0.25, 1], waveTimeoutMs: 60_000 }, 'test')
    expect(broker.plugin.store.staged(MODEL)?.artifacts.map((a) => a.id)).toEqual([idOf(r3.manifest.image), patchId])
    expect(await exists(artifactFile(patchId))).toBe(true)
    const wave0 = rollout.devices.filter((x) => x.wave === 0).map((x) => x.deviceId)
    expect(wave0.length).toBe(1)
    const offered = devs.find((d) => d.id === wave0[0])!
    const held = devs.find((d) => !wave0.includes(d.id))!
    // offered: the patch reassembles to the bundle's, proofs against the signed root
    expect(bytesEqual(await download(offered, patch), verifyBundle(r3.bundle, env.trust).patches[0]!.bytes)).toBe(true)
    // not offered: refused with OTA_NOT_OFFERED (the gate knows the release by its image id), no chunk
    await held.request(patchId, [0])
    await until(() => errorCodes(held, patchId).length === 1, 5000, 'the refusal of the held-back device')
    expect(errorCodes(held, patchId)).toEqual(['OTA_NOT_OFFERED'])
    expect(held.frames.filter((f) => f.chunk !== undefined)).toEqual([])
    // aborted: the staged release and its patch file are gone, a request is refused
    await broker.plugin.rollouts.abort(rollout.id, 'test')
    await until(() => broker.plugin.store.staged(MODEL) === undefined, 5000, 'unstaged')
    expect(await exists(artifactFile(patchId))).toBe(false)
    expect(await exists(artifactFile(idOf(r3.manifest.image)))).toBe(false)
    const before = offered.frames.length
    await offered.request(patchId, [0])
    await until(() => offered.frames.length > before, 5000, 'the refusal after the abort')
    expect(offered.frames.slice(before).map((f) => f.error?.code)).toEqual(['OTA_UNKNOWN_ARTIFACT'])
    await Promise.all(devs.map(async (d) => await d.client.endAsync()))
  }, 60_000)
})

describe('superseding a release with patches', () => {
  it('deletes the patch files no release uses any more and keeps one another model still serves', async () => {
    // model-b ships the same image, compressed only: the same compressed-image file
    const b2 = release(newImage, '2.0.0', 2, { model: OTHER, compress: true })
    expect(idOf(b2.manifest.compressedImage!.patch)).toBe(idOf(r2.manifest.compressedImage!.patch))
    const bStored = await broker.plugin.publishRelease(b2.bundle, 'test')
    expect(bStored.artifacts.map((a) => a.kind)).toEqual(['image', 'compressed'])
    const compressedId = idOf(r2.manifest.compressedImage!.patch)
    const oldDeltaId = idOf(r2.manifest.deltas[0]!.patch)
    const r4 = release(variant(newImage, 8192, 2), '4.0.0', 4, { bases: [{ image: newImage, version: '2.0.0' }] })
    await broker.plugin.publishRelease(r4.bundle, 'test')
    expect(await exists(artifactFile(oldDeltaId))).toBe(false)
    expect(await exists(artifactFile(compressedId))).toBe(true)
    expect(await exists(artifactFile(idOf(r2.manifest.image)))).toBe(true)
    expect(await exists(artifactFile(idOf(r4.manifest.deltas[0]!.patch)))).toBe(true)
    // model-b still gets its compressed image; seabios devices no longer get the old delta
    const b = await rawDevice('b-0001')
    expect(bytesEqual(await download(b, b2.manifest.compressedImage!.patch), verifyBundle(b2.bundle, env.trust).patches[0]!.bytes)).toBe(true)
    await b.client.endAsync()
    const d = await rawDevice('dev-0002')
    await d.request(oldDeltaId, [0])
    await until(() => errorCodes(d, oldDeltaId).length === 1, 5000, 'the refusal of the superseded delta')
    expect(errorCodes(d, oldDeltaId)).toEqual(['OTA_UNKNOWN_ARTIFACT'])
    await d.client.endAsync()
  }, 60_000)
})

describe('a broker restart', () => {
  it('reloads and re-verifies every patch, and serves them again', async () => {
    const before = broker.plugin.store.releases().map((r) => ({ model: r.manifest.model, artifacts: r.artifacts.map((a) => [a.id, a.count]) }))
    expect(before.flatMap((r) => r.artifacts).length).toBe(4)
    const port = broker.port
    await broker.close()
    broker = await startOtaBroker({ pki: env.pki, trust: env.trust, dataDir: join(env.dir, 'broker'), port })
    const after = broker.plugin.store.releases().map((r) => ({ model: r.manifest.model, artifacts: r.artifacts.map((a) => [a.id, a.count]) }))
    expect(after.sort((x, y) => x.model.localeCompare(y.model))).toEqual(before.sort((x, y) => x.model.localeCompare(y.model)))
    const cur = broker.plugin.store.current(MODEL)!
    const delta = cur.manifest.deltas[0]!
    const d = await rawDevice('dev-0003', port)
    const bytes = await download(d, delta.patch)
    expect(bytesEqual(bytes, new Uint8Array(await readFile(artifactFile(idOf(delta.patch)))))).toBe(true)
    await d.client.endAsync()
  }, 60_000)

  it('refuses, on open, a release whose patch file is corrupted or missing, and loads the others', async () => {
    const seabios = broker.plugin.store.current(MODEL)!
    const other = broker.plugin.store.current(OTHER)!
    await broker.close()
    // a copy of the data folder, so the original stays intact
    const dir = join(env.dir, 'broken')
    await cp(join(env.dir, 'broker'), dir, { recursive: true })
    const deltaFile = join(dir, 'artifacts', `${seabios.artifacts[1]!.id}.bin`)
    const bytes = await readFile(deltaFile)
    bytes[bytes.length >> 1] ^= 0x01
    await writeFile(deltaFile, bytes)
    await unlink(join(dir, 'artifacts', `${other.artifacts[1]!.id}.bin`))
    const store = new ReleaseStore(dir, env.trust, Date.now)
    try {
      const r = await store.open()
      expect(r.loaded).toEqual([])
      expect(r.refused.map((x) => [x.file, x.error.code]).sort()).toEqual([[`${OTHER}.env`, 'OTA_IO'], [`${MODEL}.env`, 'OTA_BUNDLE']])
      expect(store.current(MODEL)).toBeUndefined()
      await expect(store.chunk(MODEL, seabios.artifacts[1]!.id, 0)).rejects.toMatchObject({ code: 'OTA_UNKNOWN_ARTIFACT' })
    } finally {
      await store.close()
    }
    // the same on a store whose files are intact: both load
    const intact = new ReleaseStore(join(env.dir, 'broker'), env.trust, Date.now)
    try {
      expect((await intact.open()).loaded.map((x) => x.manifest.model).sort()).toEqual([OTHER, MODEL])
    } finally {
      await intact.close()
    }
  }, 60_000)
})

describe('withdrawing a staged release', () => {
  it('cancels the queued chunks of its patches too, with one OTA_WITHDRAWN error frame per artifact', async () => {
    const store = new ReleaseStore(join(env.dir, 'withdraw'), env.trust, Date.now)
    await store.open()
    try {
      const r = release(variant(newImage, 12288, 3), '9.0.0', 9, { bases: [{ image: oldImage, version: '1.0.0' }] })
      const staged = await store.stage(r.bundle)
      const patch = staged.artifacts[1]!
      expect(patch.count).toBeGreaterThan(1)
      // a connection whose socket never drains: the first frame stays in flight, the rest queued
      const packets: Array<{ topic: string, payload: Buffer }> = []
      const client = { publish: (p: { topic: string, payload: Buffer }) => { packets.push(p) } } as unknown as Client
      const sender = new ChunkSender(store, broker.plugin.topics, { maxInflightFrames: 1, maxQueuedChunks: 64, onError: () => {} })
      const all = (n: number): number[] => Array.from({ length: n }, (_, i) => i)
      expect(sender.enqueue(client, { id: 'dev-0001', model: MODEL }, patch.id, all(patch.count))).toBe(patch.count)
      await until(() => packets.length === 1, 5000, 'the first frame')
      expect(sender.cancel(staged.artifactId, new OtaError('OTA_WITHDRAWN', 'withdrawn'))).toEqual(['dev-0001'])
      await until(() => packets.length === 2, 5000, 'the error frame')
      const frames = packets.map((p) => decodeDataFrame(p.payload, 65536))
      expect(frames[0]!.chunk?.index).toBe(0)
      expect(frames[1]!.error).toMatchObject({ code: 'OTA_WITHDRAWN' })
      expect(toHex(frames[1]!.error!.artifact)).toBe(patch.id)
      sender.close()
    } finally {
      await store.close()
    }
  }, 60_000)
})
