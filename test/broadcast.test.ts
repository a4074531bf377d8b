/**
 * Broadcast mode end to end (docs/PROTOCOL.md, "Broadcast"), against the real standalone broker
 * over TLS on 127.0.0.1 with real certificates and in-process devices: several devices update one
 * release and the broker reads and publishes each chunk about once instead of once per device;
 * a device that joins mid-download repairs by unicast; tampered broadcast frames are refused and
 * repaired; the ACL keeps the broadcast topic to the model's devices (a bounded number per
 * connection), its frames to devices that may have the artifact, and publishing to the plugin; a
 * device whose broadcast topic is refused on reconnection keeps its other subscriptions; with
 * broadcast off every chunk goes by unicast as before (the subscription is granted, nothing is
 * published on it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp } from 'node:fs/promises'
import { join } from 'node:path'
import { OtaDevice, provisionDevice, type ConfirmedEvent, type DroppedFrames, type OtaDeviceOptions } from '../client/index.js'
import { encodeDataFrame, fromHex, toHex, type Release } from '../proto/index.js'
import { createRelease } from '../sign/index.js'
import { prng } from './helpers/prng.js'
import { grantedQos, makeEnv, until, type TestEnv } from './helpers/env.js'

const MODEL = 'ath9k'
const SIZE = 512 * 1024
const CHUNK = 16 * 1024
const CHUNKS = SIZE / CHUNK

function image (seed: number): Uint8Array {
  const r = prng(seed)
  const b = new Uint8Array(SIZE)
  for (let i = 0; i < b.length; i++) b[i] = Math.floor(r() * 256)
  return b
}

function releaseOf (env: TestEnv, img: Uint8Array, version: string, sv: number, seq: number): Release {
  return createRelease({ image: img, model: MODEL, version, securityVersion: sv, sequence: seq, signers: [env.signer], chunkSize: CHUNK })
}

interface Dev { id: string, dev: OtaDevice, dropped: DroppedFrames[], confirmed: Promise<ConfirmedEvent> }

/** A provisioned device on `factory`, not started; its confirmation of `to` as a promise. */
async function device (env: TestEnv, running: OtaDevice[], id: string, factory: Release, to: string, opts: Partial<OtaDeviceOptions> = {}): Promise<Dev> {
  const stateDir = await mkdtemp(join(env.dir, `${id}-`))
  await provisionDevice({ stateDir, bundle: factory.bundle, trust: env.trust })
  // A small window: the download takes many round trips, so the devices' downloads overlap.
  const dev = new OtaDevice({ id, model: MODEL, stateDir, trust: env.trust, broker: env.broker.url, tls: await env.deviceTls(id), window: 8, consentPolicy: 'auto', ...opts })
  running.push(dev)
  const dropped: DroppedFrames[] = []
  dev.on('framesDropped', (d) => dropped.push(d))
  const confirmed = new Promise<ConfirmedEvent>((resolve, reject) => {
    dev.on('confirmed', (c) => { if (c.to === to) resolve(c) })
    dev.once('failed', reject)
    dev.once('reverted', reject)
  })
  confirmed.catch(() => {})
  return { id, dev, dropped, confirmed }
}

/** Starts `devs` (no release yet: they idle), then publishes `rel`: every device gets its manifest at once. */
async function updateAll (env: TestEnv, devs: Dev[], rel: Release): Promise<ConfirmedEvent[]> {
  await Promise.all(devs.map(async (d) => await d.dev.start()))
  await env.broker.plugin.publishRelease(rel.bundle, 'test')
  return await Promise.all(devs.map(async (d) => await d.confirmed))
}

/** Payload bytes the broker's plugin read and sent: unicast frames plus broadcast frames published (each once). */
function sentOnce (env: TestEnv): number {
  return env.broker.plugin.stats.bytesSent + env.broker.plugin.broadcastStats.bytesPublished
}

async function stopAll (devs: Dev[]): Promise<void> {
  await Promise.all(devs.map(async (d) => await d.dev.stop()))
}

const figures: Record<string, unknown> = {}

describe('broadcast on (default: 2 devices or more)', () => {
  let env: TestEnv
  const running: OtaDevice[] = []
  let factory: Release
  let seq = 1
  /** the model's current release: what later tests provision their devices on (the retained manifest then needs no update) */
  let current: Release

  beforeAll(async () => {
    env = await makeEnv({ model: MODEL, devices: 12, extraDevices: { 'other-0001': 'model-b' } })
    factory = releaseOf(env, image(1), '1.0.0', 1, seq)
    current = factory
  })
  afterAll(async () => {
    await Promise.all(running.map(async (d) => await d.stop().catch(() => {})))
    await env?.close()
  })

  it('N devices update one release: each confirms, and the broker publishes about one image, not N', async () => {
    const rel = releaseOf(env, image(2), '2.0.0', 2, ++seq)
    const ids = ['dev-0001', 'dev-0002', 'dev-0003', 'dev-0004']
    const devs = await Promise.all(ids.map(async (id) => await device(env, running, id, factory, '2.0.0')))
    const results = await updateAll(env, devs, rel)
    current = rel
    for (const r of results) expect(r).toMatchObject({ from: '1.0.0', to: '2.0.0' })
    for (const d of devs) expect(d.dev.state.version).toBe('2.0.0')
    const b = env.broker.plugin.broadcastStats
    const u = env.broker.plugin.stats
    figures.broadcast = { devices: ids.length, imageBytes: SIZE, unicastBytes: u.bytesSent, broadcastBytesPublished: b.bytesPublished, broadcastBytesForwarded: b.bytesForwarded, framesPublished: b.framesPublished, coalesced: b.chunksCoalesced, repaired: b.chunksRepaired, skipped: b.framesSkipped }
    console.log('broadcast figures', JSON.stringify(figures.broadcast))
    expect(b.framesPublished).toBeGreaterThan(0)
    // Frames reached the devices through aedes' fan-out: more writes than frames published.
    expect(b.framesForwarded).toBeGreaterThan(b.framesPublished)
    // Unicast alone reads and sends at least N (4) images; here about one, plus repairs. Each
    // device now syncs and journals what it stores before asking for more (resume journal), so a
    // device that falls behind the broadcast takes more repairs than before: up to 3 images seen.
    expect(sentOnce(env)).toBeLessThan(3.5 * SIZE)
    await stopAll(devs)
  }, 90_000)

  it('a device that joins mid-download takes the frames still to come and repairs the rest by unicast', async () => {
    const rel = releaseOf(env, image(3), '3.0.0', 3, ++seq)
    const ids = ['dev-0005', 'dev-0006', 'dev-0007']
    const devs = await Promise.all(ids.map(async (id) => await device(env, running, id, current, '3.0.0')))
    const late = await device(env, running, 'dev-0008', current, '3.0.0')
    let started: Promise<void> | null = null
    devs[0]!.dev.on('progress', (p) => {
      if (started === null && p.received >= SIZE / 4 && p.received < SIZE) started = late.dev.start()
    })
    const before = { unicast: env.broker.plugin.stats.bytesSent, repaired: env.broker.plugin.broadcastStats.chunksRepaired }
    await updateAll(env, devs, rel)
    current = rel
    expect(started).not.toBeNull()
    await started
    const c = await late.confirmed
    expect(c).toMatchObject({ to: '3.0.0' })
    // The late device got what went out before it joined by unicast (repair), or its requests started a new broadcast.
    const after = { unicast: env.broker.plugin.stats.bytesSent, repaired: env.broker.plugin.broadcastStats.chunksRepaired }
    expect(after.unicast - before.unicast + (after.repaired - before.repaired)).toBeGreaterThan(0)
    await stopAll([...devs, late])
  }, 90_000)

  it('a device whose socket is backed up gets no broadcast frame, takes its chunks by unicast and confirms', async () => {
    const rel = releaseOf(env, image(6), '3.1.0', 3, ++seq)
    const ids = ['dev-0005', 'dev-0006', 'dev-0007']
    const devs = await Promise.all(ids.map(async (id) => await device(env, running, id, current, '3.1.0')))
    await Promise.all(devs.map(async (d) => await d.dev.start()))
    // The broker's side of dev-0005's connection says it holds 1 GiB not yet sent: the state a
    // device that stopped reading leaves behind once the kernel's buffers are full.
    const conn = (env.broker.aedes as unknown as { clients: Record<string, { conn: object }> }).clients['dev-0005']!.conn
    Object.defineProperty(conn, 'writableLength', { get: () => 1 << 30, configurable: true })
    // What the plugin's authorizeForward decides for each broadcast frame and subscriber.
    const aedes = env.broker.aedes as unknown as { authorizeForward: (c: { id: string }, p: { topic: string }) => unknown }
    const hook = aedes.authorizeForward
    const forwarded: Array<{ id: string, ok: boolean }> = []
    aedes.authorizeForward = function (c, p) {
      const r = hook.call(this, c, p)
      if (p.topic.includes('/a/')) forwarded.push({ id: c.id, ok: r != null })
      return r
    }
    const before = { ...env.broker.plugin.broadcastStats }
    const unicastBefore = env.broker.plugin.stats.bytesSent
    try {
      await env.broker.plugin.publishRelease(rel.bundle, 'test')
      await Promise.all(devs.map(async (d) => await d.confirmed))
    } finally {
      aedes.authorizeForward = hook
      delete (conn as { writableLength?: number }).writableLength
    }
    current = rel
    expect(env.broker.plugin.broadcastStats.framesPublished).toBeGreaterThan(before.framesPublished)
    // Not one broadcast frame was written to it (it may have finished before they went out)...
    expect(forwarded.filter((f) => f.id === 'dev-0005' && f.ok)).toEqual([])
    expect(forwarded.some((f) => f.id !== 'dev-0005' && f.ok)).toBe(true)
    // ...so its whole image went by unicast.
    expect(env.broker.plugin.stats.bytesSent - unicastBefore).toBeGreaterThanOrEqual(SIZE)
    await stopAll(devs)
  }, 90_000)

  it('tampered broadcast frames are refused by every device (Merkle proof) and the chunks repaired', async () => {
    const rel = releaseOf(env, image(4), '4.0.0', 4, ++seq)
    const artifact = toHex(rel.manifest.image.sha256)
    const topic = env.broker.plugin.topics.broadcast(MODEL, artifact)
    const ids = ['dev-0009', 'dev-0010', 'dev-0011']
    const devs = await Promise.all(ids.map(async (id) => await device(env, running, id, current, '4.0.0')))
    // Once a device is part way through, frames for every chunk with flipped bits go out on the
    // broadcast topic (as a compromised path would deliver them): no device may store one.
    let injected = false
    devs[0]!.dev.on('progress', (p) => {
      if (injected || p.received === 0 || p.received >= SIZE / 2) return
      injected = true
      for (let i = 0; i < CHUNKS; i++) {
        const data = new Uint8Array(CHUNK).fill(0xa5)
        const payload = Buffer.from(encodeDataFrame({ chunk: { artifact: fromHex(artifact), index: i, data, proof: [] } }))
        env.broker.aedes.publish({ cmd: 'publish', topic, payload, qos: 0, retain: false, dup: false }, () => {})
      }
    })
    const results = await updateAll(env, devs, rel)
    current = rel
    expect(injected).toBe(true)
    for (const r of results) expect(r).toMatchObject({ to: '4.0.0' })
    // Refused, not stored: the first device was mid-download, so it lacked some of those chunks.
    current = rel
    expect(devs[0]!.dropped.some((d) => d.refused > 0)).toBe(true)
    await stopAll(devs)
  }, 90_000)

  it('the broadcast topic is the model\'s devices\', for artifacts they may have, and only the plugin publishes there', async () => {
    const current = env.broker.plugin.store.current(MODEL)!
    const artifact = current.artifactId
    const topic = env.broker.plugin.topics.broadcast(MODEL, artifact)
    const other = await env.connect('other-0001')
    expect(await grantedQos(other, { [topic]: { qos: 0 } })).toEqual({ [topic]: 128 })
    const wild = await env.connect('dev-0012')
    expect(await grantedQos(wild, { [`ota/m/${MODEL}/a/+/data`]: { qos: 0 } })).toEqual({ [`ota/m/${MODEL}/a/+/data`]: 128 })
    // Any artifact id of its own model: whether it may have the artifact is asked for each frame (authorizeForward).
    const unknown = env.broker.plugin.topics.broadcast(MODEL, 'ab'.repeat(32))
    expect(await grantedQos(wild, { [unknown]: { qos: 0 } })).toEqual({ [unknown]: 0 })
    expect(await grantedQos(wild, { [topic]: { qos: 0 } })).toEqual({ [topic]: 0 })
    // At most 4 on one connection: the broker keeps no unbounded list of subscriptions for a device.
    const more = [1, 2, 3].map((i) => env.broker.plugin.topics.broadcast(MODEL, i.toString(16).padStart(64, '0')))
    expect(await grantedQos(wild, Object.fromEntries(more.map((m) => [m, { qos: 0 }])))).toEqual({ [more[0]!]: 0, [more[1]!]: 0, [more[2]!]: 128 })
    // A device publishing there is refused, and the connection closed (MQTT 3.1.1 has no NACK).
    const closed = new Promise<void>((resolve) => wild.once('close', () => resolve()))
    wild.publish(topic, Buffer.from(encodeDataFrame({ chunk: { artifact: fromHex(artifact), index: 0, data: new Uint8Array(CHUNK), proof: [] } })))
    await closed
  }, 30_000)

  it('a staged (rollout) artifact is broadcast only to offered devices: others may subscribe but get no frame', async () => {
    const rel = releaseOf(env, image(5), '5.0.0', 5, ++seq)
    // On the model's current release: the rollout's offer is its only update.
    const offered = await device(env, running, 'dev-0001', current, '5.0.0')
    await offered.dev.start()
    await until(() => env.broker.plugin.inventory.list().some((d) => d.deviceId === 'dev-0001' && d.currentVersion === '4.0.0'), 20_000, 'dev-0001 in the inventory')
    const r = await env.broker.plugin.rollouts.start(rel.bundle, { waves: [1], devices: ['dev-0001'], waveTimeoutMs: 120_000 }, 'test')
    const artifact = toHex(rel.manifest.image.sha256)
    const topic = env.broker.plugin.topics.broadcast(MODEL, artifact)
    const outsider = await env.connect('dev-0002')
    const got: string[] = []
    outsider.on('message', (t) => got.push(t))
    const published = env.broker.plugin.broadcastStats.framesPublished
    expect(await grantedQos(outsider, { [topic]: { qos: 0 } })).toEqual({ [topic]: 0 })
    await offered.confirmed
    expect(got).toEqual([])
    console.log('staged artifact: broadcast frames published while an outsider subscribed', env.broker.plugin.broadcastStats.framesPublished - published)
    await until(() => env.broker.plugin.rollouts.get(r.id)?.phase === 'completed', 30_000, 'rollout completed')
  }, 90_000)
})

describe('broadcast off (plugin option broadcast: false)', () => {
  let env: TestEnv
  const running: OtaDevice[] = []

  beforeAll(async () => { env = await makeEnv({ model: MODEL, devices: 4, plugin: { broadcast: false } }) })
  afterAll(async () => {
    await Promise.all(running.map(async (d) => await d.stop().catch(() => {})))
    await env?.close()
  })

  it('grants a device its broadcast topic, and publishes nothing on it', async () => {
    const c = await env.connect('dev-0004')
    const topic = env.broker.plugin.topics.broadcast(MODEL, 'cd'.repeat(32))
    expect(await grantedQos(c, { [topic]: { qos: 0 } })).toEqual({ [topic]: 0 })
    await c.endAsync()
  }, 30_000)

  it('every chunk goes by unicast, once per device, as before', async () => {
    const factory = releaseOf(env, image(1), '1.0.0', 1, 1)
    const rel = releaseOf(env, image(2), '2.0.0', 2, 2)
    const ids = ['dev-0001', 'dev-0002', 'dev-0003', 'dev-0004']
    const devs = await Promise.all(ids.map(async (id) => await device(env, running, id, factory, '2.0.0')))
    await updateAll(env, devs, rel)
    const b = env.broker.plugin.broadcastStats
    const u = env.broker.plugin.stats
    figures.unicast = { devices: ids.length, imageBytes: SIZE, unicastBytes: u.bytesSent, broadcastBytesPublished: b.bytesPublished }
    console.log('unicast figures', JSON.stringify(figures.unicast))
    expect(b.framesPublished).toBe(0)
    expect(u.bytesSent).toBeGreaterThanOrEqual(ids.length * SIZE)
  }, 90_000)
})

describe('a broadcast topic refused on reconnection', () => {
  let env: TestEnv
  const running: OtaDevice[] = []

  beforeAll(async () => { env = await makeEnv({ model: MODEL, devices: 2 }) })
  afterAll(async () => {
    await Promise.all(running.map(async (d) => await d.stop().catch(() => {})))
    await env?.close()
  })

  // mqtt.js renews every filter in one SUBSCRIBE and forgets all of them when one is refused: a
  // device mid-download whose artifact a broker refuses after a reconnection (an older broker,
  // a superseded release) subscribed to nothing after the next one.
  it('costs the device only that topic: after two reconnections it still gets manifests and updates', async () => {
    const factory = releaseOf(env, image(1), '1.0.0', 1, 1)
    const x = releaseOf(env, image(2), '2.0.0', 2, 2)
    const y = releaseOf(env, image(3), '3.0.0', 3, 3)
    const id = 'dev-0001'
    const d = await device(env, running, id, factory, '3.0.0', { chunkTimeoutMs: 5000, maxRetries: 100 })
    const aedes = env.broker.aedes as unknown as {
      clients: Record<string, { conn: { destroy: () => void } }>
      authorizeSubscribe: (c: { id: string }, s: { topic: string }, cb: (e: Error | null, s: unknown) => void) => void
      authorizeForward: (c: { id: string }, p: { topic: string }) => unknown
    }
    // The download of x stalls (no data frame reaches the device), so it is mid-download when its connection drops.
    const forward = aedes.authorizeForward
    let stall = true
    aedes.authorizeForward = function (c, p) { return stall && c.id === id && (p.topic.endsWith('/data')) ? null : forward.call(this, c, p) }
    // Every filter the device asks for, in order; broadcast topics refused once `refuse` is set.
    const subscribe = aedes.authorizeSubscribe
    const asked: string[] = []
    let refuse = false
    aedes.authorizeSubscribe = function (c, sub, cb) {
      if (c.id === id) asked.push(sub.topic)
      if (refuse && sub.topic.includes('/a/')) { cb(null, null); return }
      subscribe.call(this, c, sub, cb)
    }
    const manifest = env.broker.plugin.topics.manifest(MODEL)
    const xTopic = env.broker.plugin.topics.broadcast(MODEL, toHex(x.manifest.image.sha256))
    try {
      await d.dev.start()
      await env.broker.plugin.publishRelease(x.bundle, 'test')
      await until(() => asked.includes(xTopic), 20_000, 'the device joins the broadcast topic of x')
      refuse = true
      for (let round = 1; round <= 2; round++) {
        const mark = asked.length
        aedes.clients[id]!.conn.destroy()
        await until(() => asked.slice(mark).includes(manifest), 20_000, `the device subscribes to its manifest again after reconnection ${round}`)
      }
      expect(asked.filter((t) => t === xTopic).length).toBeGreaterThanOrEqual(2)
    } finally {
      stall = false
      refuse = false
      aedes.authorizeForward = forward
      aedes.authorizeSubscribe = subscribe
    }
    // The manifest of y reaches it, and so do its chunks (x ends FAILED, superseded: not waited for).
    const confirmed = new Promise<ConfirmedEvent>((resolve) => { d.dev.on('confirmed', (c) => { if (c.to === '3.0.0') resolve(c) }) })
    await env.broker.plugin.publishRelease(y.bundle, 'test')
    expect(await confirmed).toMatchObject({ to: '3.0.0' })
    await d.dev.stop()
  }, 120_000)
})
