import { describe, it, expect, beforeEach, afterEach } from 'vitest'
import { mkdtemp, open, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { FileSlotStorage, slotPath } from '../client/index.js'
import { Downloader, type ChunkSink, type DownloadProgress, type DownloaderOptions } from '../client/downloader.js'
import { SlotWriter } from '../client/slot-writer.js'
import {
  OtaError, chunkCount, decodeChunkRequest, encodeDataFrame, isOtaError, requestedIndexes, sha256, treeOf, type Artifact
} from '../proto/index.js'

const chunkSize = 4096
const image = new Uint8Array(randomBytes(300 * 1024))
const tree = treeOf(image, chunkSize)
const artifact: Artifact = { sha256: sha256(image), size: image.length, chunkSize, merkleRoot: tree.root }
const count = chunkCount(image.length, chunkSize)
const chunkOf = (i: number): Uint8Array => image.subarray(i * chunkSize, Math.min((i + 1) * chunkSize, image.length))

interface FakeBroker {
  send: (bytes: Uint8Array) => void
  /** index lists of every request, in order */
  requests: number[][]
  /** frames sent per chunk index */
  sent: Map<number, number>
}

/**
 * An in-memory broker: answers each request by sending every requested chunk once, in ascending
 * order, with its proof, asynchronously. `frame` may drop (return null) or rewrite a frame.
 */
function fakeBroker (target: () => Downloader, frame: (i: number, attempt: number, data: Uint8Array) => { data: Uint8Array, index?: number, artifact?: Uint8Array } | null = (_i, _n, data) => ({ data })): FakeBroker {
  const b: FakeBroker = {
    requests: [],
    sent: new Map(),
    send (bytes) {
      const r = decodeChunkRequest(bytes)
      const idx = requestedIndexes(r, count)
      b.requests.push(idx)
      for (const i of idx) {
        const n = (b.sent.get(i) ?? 0) + 1
        b.sent.set(i, n)
        const f = frame(i, n, chunkOf(i))
        if (f === null) continue
        const payload = encodeDataFrame({ chunk: { artifact: f.artifact ?? r.artifact, index: f.index ?? i, data: f.data, proof: tree.proof(i) } })
        setImmediate(() => { target().handleFrame(payload) })
      }
    }
  }
  return b
}

/** Wraps a sink and records every write, to prove what did (and did not) reach the slot. */
function recording (sink: ChunkSink): ChunkSink & { writes: Array<{ index: number, data: Buffer }> } {
  const writes: Array<{ index: number, data: Buffer }> = []
  return {
    writes,
    async writeChunk (index, data) { writes.push({ index, data: Buffer.from(data) }); await sink.writeChunk(index, data) },
    async sync () { await sink.sync() },
    async digest () { return await sink.digest() }
  }
}

describe('client downloader', () => {
  let dir: string
  let writer: SlotWriter
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ota-dl-'))
    writer = await SlotWriter.open(FileSlotStorage.inDir(dir), 'b', { size: image.length, chunkSize })
  })
  afterEach(async () => {
    await writer.close()
    await rm(dir, { recursive: true, force: true })
  })

  const slotBytes = async (): Promise<Buffer> => await readFile(slotPath(dir, 'b'))

  function make (broker: (dl: () => Downloader) => FakeBroker, extra: Partial<DownloaderOptions> = {}): { dl: Downloader, broker: FakeBroker } {
    let dl!: Downloader
    const b = broker(() => dl)
    dl = new Downloader({ artifact, sink: writer, sendRequest: b.send, window: 16, chunkTimeoutMs: 40, maxRetries: 5, ...extra })
    return { dl, broker: b }
  }

  it('downloads the whole image with a bounded window and ascending requests', async () => {
    const progress: DownloadProgress[] = []
    let outstanding = 0
    let maxOutstanding = 0
    let dl!: Downloader
    const inner = fakeBroker(() => dl)
    const b: FakeBroker = {
      ...inner,
      send (bytes) {
        const idx = requestedIndexes(decodeChunkRequest(bytes), count)
        outstanding += idx.length
        maxOutstanding = Math.max(maxOutstanding, outstanding)
        inner.send(bytes)
      }
    }
    dl = new Downloader({
      artifact,
      sink: writer,
      sendRequest: b.send,
      window: 16,
      chunkTimeoutMs: 1000,
      onProgress: (p) => { progress.push(p); if (p.received > 0) outstanding-- }
    })
    const r = await dl.run()
    expect(Buffer.from(await slotBytes()).equals(Buffer.from(image))).toBe(true)
    expect(r.bytesReceived).toBe(image.length)
    expect(r.chunksStored).toBe(count)
    expect(r.rejected).toBe(0)
    expect(maxOutstanding).toBeLessThanOrEqual(16)
    for (const req of inner.requests) {
      expect([...req].sort((x, y) => x - y)).toEqual(req)
      expect(req[req.length - 1]! - req[0]!).toBeLessThan(512)
    }
    expect(progress.at(-1)).toEqual({ received: image.length, total: image.length })
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.received).toBeGreaterThanOrEqual(progress[i - 1]!.received)
  })

  it('recovers lost frames by asking again after silence', async () => {
    const lost = new Set([0, 3, 17, 40, count - 1])
    const { dl, broker } = make((t) => fakeBroker(t, (i, n, data) => (lost.has(i) && n === 1 ? null : { data })))
    const r = await dl.run()
    expect(Buffer.from(await slotBytes()).equals(Buffer.from(image))).toBe(true)
    expect(r.silentPeriods).toBeGreaterThanOrEqual(1)
    for (const i of lost) expect(broker.sent.get(i)).toBeGreaterThanOrEqual(2)
  })

  it('fails with OTA_TIMEOUT after maxRetries silent periods, having asked again each time', async () => {
    const { dl, broker } = make((t) => fakeBroker(t, () => null), { maxRetries: 3 })
    const e = await dl.run().then(() => null, (x: unknown) => x)
    expect(isOtaError(e, 'OTA_TIMEOUT')).toBe(true)
    // the first window, then one re-request per silent period
    expect(broker.sent.get(0)).toBe(1 + 3)
  })

  it('never writes a tampered chunk, asks for it again and completes from the good re-send', async () => {
    const sink = recording(writer)
    let tampered: Uint8Array | null = null
    let dl!: Downloader
    const b = fakeBroker(() => dl, (i, n, data) => {
      if (i !== 7 || n !== 1) return { data }
      const bad = Uint8Array.from(data)
      bad[100] = bad[100]! ^ 0xff
      tampered = bad
      return { data: bad }
    })
    dl = new Downloader({ artifact, sink, sendRequest: b.send, window: 16, chunkTimeoutMs: 1000 })
    const r = await dl.run()
    expect(tampered).not.toBeNull()
    expect(r.rejected).toBe(1)
    expect(b.sent.get(7)).toBe(2)
    const writes7 = sink.writes.filter((w) => w.index === 7)
    expect(writes7).toHaveLength(1)
    expect(writes7[0]!.data.equals(Buffer.from(chunkOf(7)))).toBe(true)
    expect(Buffer.from(await slotBytes()).equals(Buffer.from(image))).toBe(true)
  })

  it('fails with OTA_CHUNK_PROOF when a chunk keeps failing its proof, and its bytes never reach the slot', async () => {
    const sink = recording(writer)
    const bad = Uint8Array.from(chunkOf(7))
    bad.fill(0x5a, 0, 64)
    let dl!: Downloader
    const b = fakeBroker(() => dl, (i, _n, data) => ({ data: i === 7 ? bad : data }))
    dl = new Downloader({ artifact, sink, sendRequest: b.send, window: 16, chunkTimeoutMs: 1000, maxRejections: 3 })
    const e = await dl.run().then(() => null, (x: unknown) => x)
    expect(isOtaError(e, 'OTA_CHUNK_PROOF')).toBe(true)
    expect(b.sent.get(7)).toBe(3)
    expect(sink.writes.some((w) => w.index === 7)).toBe(false)
    const at7 = (await slotBytes()).subarray(7 * chunkSize, 8 * chunkSize)
    expect(at7.subarray(0, 64).every((x) => x === 0)).toBe(true)
    expect(Buffer.from(at7).equals(Buffer.from(bad))).toBe(false)
  })

  it('refuses a chunk of the wrong length with OTA_CHUNK_MISMATCH', async () => {
    const { dl } = make((t) => fakeBroker(t, (i, _n, data) => ({ data: i === 2 ? data.subarray(0, 100) : data })))
    const e = await dl.run().then(() => null, (x: unknown) => x)
    expect(isOtaError(e, 'OTA_CHUNK_MISMATCH')).toBe(true)
  })

  it('refuses a genuine chunk presented under another index', async () => {
    const sink = recording(writer)
    let dl!: Downloader
    // chunk 4's bytes and proof, labelled as chunk 5: the proof binds the index
    const b = fakeBroker(() => dl, (i, n, data) => (i === 4 && n === 1 ? { data, index: 5 } : { data }))
    dl = new Downloader({ artifact, sink, sendRequest: b.send, window: 16, chunkTimeoutMs: 40 })
    const r = await dl.run()
    expect(r.rejected).toBe(1)
    expect(sink.writes.filter((w) => w.index === 5).every((w) => w.data.equals(Buffer.from(chunkOf(5))))).toBe(true)
    expect(Buffer.from(await slotBytes()).equals(Buffer.from(image))).toBe(true)
  })

  it('ignores frames for another artifact and duplicate frames', async () => {
    const other = new Uint8Array(32).fill(9)
    let dl!: Downloader
    const b = fakeBroker(() => dl, (i, _n, data) => ({ data }))
    const send = (bytes: Uint8Array): void => {
      b.send(bytes)
      b.send(bytes) // every chunk twice
      const idx = requestedIndexes(decodeChunkRequest(bytes), count)[0]!
      const stray = encodeDataFrame({ chunk: { artifact: other, index: idx, data: new Uint8Array(chunkSize), proof: [] } })
      setImmediate(() => { dl.handleFrame(stray) })
    }
    dl = new Downloader({ artifact, sink: writer, sendRequest: send, window: 16, chunkTimeoutMs: 1000 })
    const r = await dl.run()
    expect(r.rejected).toBe(0)
    expect(r.bytesReceived).toBe(2 * image.length)
    expect(Buffer.from(await slotBytes()).equals(Buffer.from(image))).toBe(true)
  })

  it('fails with the code of an error frame from the broker', async () => {
    let dl!: Downloader
    const send = (): void => {
      const f = encodeDataFrame({ error: { artifact: artifact.sha256, code: 'OTA_UNKNOWN_ARTIFACT', detail: 'not here' } })
      setImmediate(() => { dl.handleFrame(f) })
    }
    dl = new Downloader({ artifact, sink: writer, sendRequest: send, chunkTimeoutMs: 1000 })
    const e = await dl.run().then(() => null, (x: unknown) => x)
    expect(isOtaError(e, 'OTA_UNKNOWN_ARTIFACT')).toBe(true)
  })

  it('hashes what is on disk: bytes changed after they were written fail with OTA_IMAGE_DIGEST', async () => {
    let dl!: Downloader
    const b = fakeBroker(() => dl)
    const sink: ChunkSink = {
      writeChunk: async (i, d) => { await writer.writeChunk(i, d) },
      sync: async () => { await writer.sync() },
      digest: async () => {
        const fh = await open(slotPath(dir, 'b'), 'r+')
        await fh.write(Buffer.from([0x42]), 0, 1, 1000)
        await fh.close()
        return await writer.digest()
      }
    }
    dl = new Downloader({ artifact, sink, sendRequest: b.send, chunkTimeoutMs: 1000 })
    const e = await dl.run().then(() => null, (x: unknown) => x)
    expect(isOtaError(e, 'OTA_IMAGE_DIGEST')).toBe(true)
  })

  it('resumes from a bitmap: chunks already held are not asked for', async () => {
    const half = Math.floor(count / 2)
    for (let i = 0; i < half; i++) await writer.writeChunk(i, chunkOf(i))
    const bitmap = new Uint8Array((count + 7) >> 3)
    for (let i = 0; i < half; i++) bitmap[i >> 3]! |= 1 << (i & 7)
    const commits: Array<ReadonlyArray<readonly [number, number]>> = []
    const { dl, broker } = make((t) => fakeBroker(t), { received: bitmap, onCommit: async (runs) => { commits.push(runs) } })
    const r = await dl.run()
    expect(r.chunksStored).toBe(count - half)
    expect([...broker.sent.keys()].every((i) => i >= half)).toBe(true)
    expect(Buffer.from(await slotBytes()).equals(Buffer.from(image))).toBe(true)
    // Every chunk stored by this run is committed exactly once, and only chunks the broker sent.
    const committed = commits.flat().flatMap(([first, n]) => Array.from({ length: n }, (_, k) => first + k)).sort((x, y) => x - y)
    expect(committed).toEqual(Array.from({ length: count - half }, (_, k) => half + k))
  })

  it('keeps a chunk in the window until its commit resolves: a stalled commit stalls the requests at the window', async () => {
    let release!: () => void
    const gate = new Promise<void>((resolve) => { release = resolve })
    let commits = 0
    const { dl, broker } = make((t) => fakeBroker(t), { window: 4, onCommit: async () => { commits++; await gate } })
    const run = dl.run()
    await new Promise((resolve) => setTimeout(resolve, 200))
    // The first commit holds its chunks: no more than the window was ever asked for.
    expect(broker.sent.size).toBeLessThanOrEqual(4)
    expect(commits).toBe(1)
    release()
    const r = await run
    expect(r.chunksStored).toBe(count)
  })

  it('stops on abort with the abort reason and leaves the sink idle', async () => {
    const ac = new AbortController()
    let writesAfter = 0
    let settled = false
    let dl!: Downloader
    const b = fakeBroker(() => dl)
    const sink: ChunkSink = {
      writeChunk: async (i, d) => { if (settled) writesAfter++; await writer.writeChunk(i, d) },
      sync: async () => { await writer.sync() },
      digest: async () => await writer.digest()
    }
    dl = new Downloader({ artifact, sink, sendRequest: b.send, chunkTimeoutMs: 1000, signal: ac.signal, onProgress: (p) => { if (p.received >= 10 * chunkSize) ac.abort(new OtaError('OTA_SUPERSEDED')) } })
    const e = await dl.run().then(() => null, (x: unknown) => x)
    settled = true
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(isOtaError(e, 'OTA_SUPERSEDED')).toBe(true)
    expect(writesAfter).toBe(0)
  })
})
