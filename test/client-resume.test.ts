/**
 * Resume, counted chunk by chunk: a real device process downloads from a real broker while the
 * test kills it (SIGKILL), cuts its network and restarts the broker. The broker side counts every
 * chunk requested and every chunk frame served; after each kill the test reads what the device
 * holds durably (state file and resume journal).
 *
 * What must hold: a chunk the device holds durably is never asked for again, and the chunks
 * served more than once number at most the window per interruption (what was in flight, or
 * verified but not yet committed, when it struck).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { AedesPublishPacket, Client } from 'aedes'
import { Topics, bytesEqual, chunkCount, decodeChunkRequest, decodeDataFrame, requestedIndexes, toHex, type Release } from '../proto/index.js'
import { hasBit } from '../proto/bitmap.js'
import { KeyFiles, createRelease } from '../sign/index.js'
import { startOtaBroker, type OtaBroker } from '../broker/index.js'
import { bitmapFromBase64, loadState } from '../client/state.js'
import { ResumeJournal } from '../client/resume/journal.js'
import { prng } from './helpers/prng.js'
import { startChaosProxy } from './helpers/chaos-proxy.js'
import { makeEnv, until, type TestEnv } from './helpers/env.js'
import { deviceOutcome, spawnDevice } from './helpers/cli.js'

const WINDOW = 16
const CHUNK = 4096
const SIZE = 6 * 1024 * 1024
const CHUNKS = chunkCount(SIZE, CHUNK)
const topics = new Topics()

let env: TestEnv
let factoryPath: string

/** Chunk requests and frames of one device, as the broker sees them. */
class Tally {
  readonly served = new Map<number, number>()
  /** indexes asked for since {@link Tally.mark} */
  asked = new Set<number>()
  constructor (private readonly id: string, private readonly artifact: Uint8Array) {}

  watch (broker: OtaBroker): void {
    broker.aedes.on('publish', (packet: AedesPublishPacket, client: Client | null) => {
      if (client !== null && client.id === this.id && packet.topic === topics.req(this.id)) this.request(packet)
      else if (client === null && packet.topic.endsWith('/data')) this.frame(packet)
    })
    // Unicast frames go to the device's connection itself (client.publish), not through the broker's publish.
    broker.aedes.on('client', (client: Client) => {
      if (client.id !== this.id) return
      const publish = client.publish.bind(client)
      client.publish = (packet, cb) => { if (packet.topic === topics.data(this.id)) this.frame(packet); publish(packet, cb) }
    })
  }

  private request (packet: { payload: string | Buffer }): void {
    const r = decodeChunkRequest(new Uint8Array(packet.payload as Buffer))
    if (bytesEqual(r.artifact, this.artifact)) for (const i of requestedIndexes(r, CHUNKS)) this.asked.add(i)
  }

  private frame (packet: { payload: string | Buffer }): void {
    let f
    try { f = decodeDataFrame(new Uint8Array(packet.payload as Buffer), CHUNK) } catch { return }
    if (f.chunk !== undefined && bytesEqual(f.chunk.artifact, this.artifact)) this.served.set(f.chunk.index, (this.served.get(f.chunk.index) ?? 0) + 1)
  }

  /** Chunks served so far, each counted once. */
  get distinct (): number { return this.served.size }
  /** Frames served beyond the first of each chunk. */
  get extra (): number { let n = 0; for (const c of this.served.values()) n += c - 1; return n }
}

/** The chunks the device holds durably now: its state file's download record and its resume journal. */
async function durable (stateDir: string, artifact: string): Promise<Set<number>> {
  const s = await loadState(stateDir)
  const out = new Set<number>()
  if (s.download === null || s.download.artifact !== artifact) return out
  const bm = bitmapFromBase64(s.download.received)
  const { journal, stored } = await ResumeJournal.open(stateDir, { artifact, slot: s.download.slot, chunks: CHUNKS }, true)
  await journal.close()
  for (let i = 0; i < CHUNKS; i++) if (hasBit(bm, i) || hasBit(stored, i)) out.add(i)
  return out
}

function device (id: string, broker: string, extra: string[] = [], crashAt?: string): ChildProcess {
  return spawnDevice({
    pki: env.pki.dir, keys: env.keysDir, broker, id, stateDir: join(env.dir, id), factory: factoryPath, extra: ['--window', String(WINDOW), '--no-patches', ...extra],
    ...(crashAt !== undefined ? { env: { AEDES_OTA_CRASH_AT: crashAt } } : {})
  })
}

async function release (version: string, seq: number): Promise<Release & { image: Uint8Array }> {
  const image = randomBytes(SIZE)
  const r = createRelease({ image, model: 'gw', version, securityVersion: seq, sequence: seq, chunkSize: CHUNK, signers: [env.signer] })
  await env.broker.plugin.publishRelease(r.bundle, 'test')
  return { ...r, image }
}

beforeAll(async () => {
  env = await makeEnv({ model: 'gw', devices: 3 })
  const factory = createRelease({ image: randomBytes(64 * 1024), model: 'gw', version: '1.0.0', securityVersion: 1, sequence: 1, signers: [env.signer] })
  factoryPath = join(env.dir, 'factory.bundle')
  await writeFile(factoryPath, factory.bundle)
})
afterAll(async () => { await env?.close() })

describe('resume', () => {
  it('after SIGKILL at random points of the download (and once after the whole-image hash) asks for no chunk it held durably, and re-fetches at most the window per kill', async () => {
    const r = await release('2.0.0', 2)
    const artifact = r.manifest.image.sha256
    const hex = toHex(artifact)
    const tally = new Tally('dev-0001', artifact)
    tally.watch(env.broker)
    const rand = prng(20261130)
    // Killed from outside when the broker has served this many distinct chunks (four random
    // points), then by the device's own crash point once the whole image hashed, before install.
    const points: Array<number | string> = [0.15, 0.35, 0.55, 0.8].map((f) => Math.floor(CHUNKS * (f + 0.1 * rand())))
    points.push('download.verified:1')
    let held = new Set<number>()
    let kills = 0
    for (const at of points) {
      tally.asked = new Set()
      const p = device('dev-0001', env.broker.url, [], typeof at === 'string' ? at : undefined)
      const exited = new Promise<NodeJS.Signals | null>((resolve) => p.on('exit', (_c, sig) => resolve(sig)))
      if (typeof at === 'number') {
        await until(() => tally.distinct >= at, 60_000, `${at} chunks served`)
        p.kill('SIGKILL')
      }
      expect(await exited).toBe('SIGKILL')
      kills++
      // Nothing the device held durably before this run was asked for again.
      const again = [...tally.asked].filter((i) => held.has(i))
      expect(again, `run ${kills} asked again for chunks it held`).toEqual([])
      held = await durable(join(env.dir, 'dev-0001'), hex)
      // At most the window is lost at a kill: everything served before it, but the window, is held.
      expect(tally.distinct - held.size, `kill ${kills} at ${at} chunks`).toBeLessThanOrEqual(WINDOW)
    }
    expect(held.size, 'every chunk is held once the image hashed').toBe(CHUNKS)
    tally.asked = new Set()
    const { code, outcome } = await deviceOutcome(device('dev-0001', env.broker.url))
    expect(code).toBe(0)
    expect(tally.asked.size, 'the last run only re-hashed and installed').toBe(0)
    expect(outcome).toMatchObject({ result: 'confirmed', to: '2.0.0' })
    expect([...tally.asked].filter((i) => held.has(i))).toEqual([])
    expect(tally.extra, `${tally.extra} chunks served twice over ${kills} kills`).toBeLessThanOrEqual(kills * WINDOW)
    console.log(`resume after SIGKILL: ${kills} kills, ${CHUNKS} chunks, ${tally.extra} served twice (at most ${kills * WINDOW}), none held durably asked for again`)
    const slot = await readFile(join(env.dir, 'dev-0001', 'slot-b.bin'))
    expect(bytesEqual(slot.subarray(0, SIZE), r.image)).toBe(true)
  }, 240_000)

  it('folds the journal into the state file every 1024 records, and still resumes from both after a kill', async () => {
    // A window of 1 commits each chunk alone: one record per chunk.
    const chunk = 1024
    const chunks = 1300
    const image = randomBytes(chunks * chunk)
    const r = createRelease({ image, model: 'gw', version: '4.0.0', securityVersion: 5, sequence: 5, chunkSize: chunk, signers: [env.signer] })
    await env.broker.plugin.publishRelease(r.bundle, 'test')
    const hex = toHex(r.manifest.image.sha256)
    const stateDir = join(env.dir, 'dev-0003')
    const p = spawnDevice({ pki: env.pki.dir, keys: env.keysDir, broker: env.broker.url, id: 'dev-0003', stateDir, factory: factoryPath, extra: ['--window', '1', '--no-patches'] })
    const exited = new Promise<NodeJS.Signals | null>((resolve) => p.on('exit', (_c, sig) => resolve(sig)))
    const folded = async (): Promise<number> => {
      try {
        const s = await loadState(stateDir)
        if (s.download?.artifact !== hex) return 0
        const bm = bitmapFromBase64(s.download.received)
        let n = 0
        for (let i = 0; i < chunks; i++) if (hasBit(bm, i)) n++
        return n
      } catch { return 0 }
    }
    await until(async () => await folded() >= 1024, 120_000, 'the journal folded into the state file')
    // Let a few records land in the fresh journal, then kill.
    await new Promise((resolve) => setTimeout(resolve, 100))
    p.kill('SIGKILL')
    expect(await exited).toBe('SIGKILL')
    const inState = await folded()
    const s = await loadState(stateDir)
    const { journal, stored } = await ResumeJournal.open(stateDir, { artifact: hex, slot: s.download!.slot, chunks }, true)
    await journal.close()
    let inJournal = 0
    for (let i = 0; i < chunks; i++) if (hasBit(stored, i)) inJournal++
    expect(inState).toBeGreaterThanOrEqual(1024)
    expect(inJournal, 'the journal restarted after the fold').toBeLessThan(1024)
    const { code, outcome } = await deviceOutcome(spawnDevice({ pki: env.pki.dir, keys: env.keysDir, broker: env.broker.url, id: 'dev-0003', stateDir, factory: factoryPath, extra: ['--window', '1', '--no-patches'] }))
    expect(code).toBe(0)
    // The second run fetched only what neither the state file nor the journal held, and at most the window more.
    expect(outcome).toMatchObject({ result: 'confirmed', to: '4.0.0' })
    expect(outcome.bytes).toBeLessThanOrEqual((chunks - inState + 1) * chunk)
  }, 240_000)

  it('after network drops and a broker restart fetches each chunk once, but for the window in flight at each', async () => {
    const r = await release('5.0.0', 6)
    const artifact = r.manifest.image.sha256
    const proxy = await startChaosProxy([{ host: '127.0.0.1', port: env.broker.port }], 7)
    try {
      const tally = new Tally('dev-0002', artifact)
      tally.watch(env.broker)
      const p = device('dev-0002', proxy.url, ['--backoff-initial-ms', '100', '--backoff-max-ms', '500'])
      const outcome = deviceOutcome(p)
      let cuts = 0
      for (const f of [0.2, 0.4]) {
        await until(() => tally.distinct >= CHUNKS * f, 60_000, `${f} of the chunks served`)
        cuts += proxy.cut(proxy.open())
      }
      // A broker restart: the same port, data folder and releases, a new process image of the plugin.
      await until(() => tally.distinct >= CHUNKS * 0.6, 60_000, '60 % of the chunks served')
      const { port } = env.broker
      await env.broker.close()
      cuts++
      env.broker = await startOtaBroker({ pki: env.pki, trust: new Uint8Array(await readFile(join(env.keysDir, KeyFiles.trust))), dataDir: join(env.dir, 'broker'), port })
      tally.watch(env.broker)
      const { code, outcome: o } = await outcome
      expect(code).toBe(0)
      expect(o).toMatchObject({ result: 'confirmed', to: '5.0.0' })
      expect(tally.distinct).toBe(CHUNKS)
      expect(tally.extra, `${tally.extra} chunks served twice over ${cuts} interruptions`).toBeLessThanOrEqual(cuts * WINDOW)
      console.log(`resume after network drops and a broker restart: ${cuts} interruptions, ${CHUNKS} chunks, ${tally.extra} served twice (at most ${cuts * WINDOW})`)
    } finally {
      await proxy.close()
    }
  }, 240_000)
})
