/**
 * SlotWriter's fast paths over real files: runs of consecutive chunks in one vectored write, and
 * the whole-slot hash read back from the slot while the download goes on (synced first), which
 * must still see exactly what the slot holds. And the downloader's use of them: runs written
 * together, the stored prefix announced only over chunks already written.
 */
import { describe, it, expect, beforeEach, afterEach } from 'vitest'
import { mkdtemp, open, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { FileSlotStorage, slotPath } from '../client/index.js'
import { SlotWriter, type ChunkSink } from '../client/slot-writer.js'
import { Downloader } from '../client/downloader.js'
import type { SlotStorage } from '../client/storage/slot-storage.js'
import { bytesEqual, chunkCount, decodeChunkRequest, encodeDataFrame, isOtaError, requestedIndexes, sha256, treeOf, type Artifact } from '../proto/index.js'

const chunkSize = 64 * 1024
// 20 MiB and a bit: two early read-back steps of 8 MiB, then a tail that is not a whole block.
const image = new Uint8Array(randomBytes(20 * 1024 * 1024 + 4321))
const count = chunkCount(image.length, chunkSize)
const chunk = (i: number): Uint8Array => image.subarray(i * chunkSize, Math.min((i + 1) * chunkSize, image.length))
const imageHash = sha256(image)

async function poke (path: string, offset: number, byte: number): Promise<void> {
  const fh = await open(path, 'r+')
  try { await fh.write(Buffer.from([byte]), 0, 1, offset) } finally { await fh.close() }
}

describe('slot writer: runs and early read-back', () => {
  let dir: string
  let storage: FileSlotStorage
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ota-slot-writer-'))
    storage = FileSlotStorage.inDir(dir)
  })
  afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

  it('writes runs of consecutive chunks at their offsets, the last one short', async () => {
    const w = await SlotWriter.open(storage, 'b', { size: image.length, chunkSize })
    // out of order, in runs of different lengths, the final run ending with the short chunk
    const runs: Array<[number, number]> = [[100, count], [0, 1], [1, 40], [40, 100]]
    for (const [from, to] of runs) await w.writeChunks(from, Array.from({ length: to - from }, (_, k) => chunk(from + k)))
    await w.sync()
    const d = await w.digest()
    await w.close()
    expect(d.length).toBe(image.length)
    expect(bytesEqual(d.sha256, imageHash)).toBe(true)
    expect(Buffer.from(await readFile(slotPath(dir, 'b'))).equals(Buffer.from(image))).toBe(true)
  })

  it('refuses a run with a short chunk before its end, or one that ends past the image', async () => {
    const w = await SlotWriter.open(storage, 'b', { size: image.length, chunkSize })
    const short = await w.writeChunks(0, [chunk(0).subarray(1), chunk(1)]).then(() => null, (e: unknown) => e)
    expect(isOtaError(short, 'OTA_CHUNK_MISMATCH')).toBe(true)
    const past = await w.writeChunks(count - 1, [chunk(count - 1), new Uint8Array(chunkSize)]).then(() => null, (e: unknown) => e)
    expect(isOtaError(past, 'OTA_CHUNK_MISMATCH')).toBe(true)
    await w.close()
  })

  it('reads the stored prefix back early and the rest at the end: the digest is the image', async () => {
    let synced = 0
    const early: number[] = []
    let digesting = false
    const spied: SlotStorage = {
      openForWrite: async (slot, size) => {
        const h = await storage.openForWrite(slot, size)
        const sync = h.sync.bind(h)
        return Object.assign(h, { sync: async () => { synced++; await sync() } })
      },
      openForRead: async (slot) => {
        const r = await storage.openForRead(slot) as Awaited<ReturnType<FileSlotStorage['openForRead']>> & { readInto: (o: number, out: Uint8Array) => Promise<void> }
        const readInto = r.readInto.bind(r)
        return Object.assign(r, { readInto: async (o: number, out: Uint8Array) => { if (!digesting) early.push(o); await readInto(o, out) } })
      },
      hash: async () => { throw new Error('not expected: the read-back covers the slot') },
      size: async (slot) => await storage.size(slot)
    }
    const w = await SlotWriter.open(spied, 'b', { size: image.length, chunkSize })
    const step = (8 * 1024 * 1024) / chunkSize
    for (let i = 0; i < count; i++) {
      await w.writeChunk(i, chunk(i))
      w.stored((i + 1) * chunkSize)
      if (i + 1 === step) {
        // the first 8 MiB step is read back (after a sync) while the rest is not written yet
        for (let t = 0; t < 1000 && early.length < 8; t++) await new Promise((resolve) => setTimeout(resolve, 10))
        expect(synced).toBe(1)
        expect(early).toEqual(Array.from({ length: 8 }, (_, k) => k * 1024 * 1024))
      }
    }
    await w.sync()
    digesting = true
    const d = await w.digest()
    await w.close()
    expect(d.length).toBe(image.length)
    expect(bytesEqual(d.sha256, imageHash)).toBe(true)
    expect(early.length).toBeGreaterThanOrEqual(8)
  })

  it('hashes the slot, not what was written: a byte changed on disk before its read-back fails the digest', async () => {
    for (const at of [10, 9 * 1024 * 1024 + 7, image.length - 1]) {
      const w = await SlotWriter.open(storage, 'b', { size: image.length, chunkSize })
      for (let i = 0; i < count; i++) await w.writeChunk(i, chunk(i))
      await poke(slotPath(dir, 'b'), at, image[at]! ^ 0xff)
      w.stored(image.length)
      await w.sync()
      const d = await w.digest()
      await w.close()
      expect(d.length).toBe(image.length)
      expect(bytesEqual(d.sha256, imageHash)).toBe(false)
      await poke(slotPath(dir, 'b'), at, image[at]!)
    }
  })

  it('a slot shorter than the image hashes short, and a storage without readers hashes it whole at the end', async () => {
    const w = await SlotWriter.open(storage, 'b', { size: image.length, chunkSize })
    for (let i = 0; i < count - 1; i++) await w.writeChunk(i, chunk(i))
    w.stored((count - 1) * chunkSize)
    await w.sync()
    const d = await w.digest()
    await w.close()
    expect(d.length).toBe((count - 1) * chunkSize)

    let hashed = 0
    const noReaders: SlotStorage = {
      openForWrite: async (slot, size) => await storage.openForWrite(slot, size),
      hash: async (slot, size) => { hashed++; return await storage.hash(slot, size) },
      size: async (slot) => await storage.size(slot)
    }
    const w2 = await SlotWriter.open(noReaders, 'a', { size: image.length, chunkSize })
    for (let i = 0; i < count; i++) { await w2.writeChunk(i, chunk(i)); w2.stored((i + 1) * chunkSize) }
    await w2.sync()
    const d2 = await w2.digest()
    await w2.close()
    expect(hashed).toBe(1)
    expect(bytesEqual(d2.sha256, imageHash)).toBe(true)
  })

  it('the downloader writes runs together and announces only a prefix it has written', async () => {
    const tree = treeOf(image, chunkSize)
    const artifact: Artifact = { sha256: imageHash, size: image.length, chunkSize, merkleRoot: tree.root }
    const w = await SlotWriter.open(storage, 'b', { size: image.length, chunkSize })
    const written = new Set<number>()
    const runs: number[] = []
    const announced: number[] = []
    const sink: ChunkSink = {
      writeChunk: async (i, d) => { await w.writeChunk(i, d); written.add(i) },
      writeChunks: async (i, ds) => { runs.push(ds.length); await w.writeChunks(i, ds); ds.forEach((_, k) => written.add(i + k)) },
      stored: (bytes) => {
        announced.push(bytes)
        for (let i = 0; i * chunkSize < bytes; i++) expect(written.has(i)).toBe(true)
        w.stored(bytes)
      },
      sync: async () => { await w.sync() },
      digest: async () => await w.digest()
    }
    let dl!: Downloader
    const send = (bytes: Uint8Array): void => {
      const r = decodeChunkRequest(bytes)
      // all the frames of a request at once, as a fast broker's arrive: they queue behind a write
      const frames = requestedIndexes(r, count).map((i) => encodeDataFrame({ chunk: { artifact: r.artifact, index: i, data: chunk(i), proof: tree.proof(i) } }))
      setImmediate(() => { for (const f of frames) dl.handleFrame(f) })
    }
    dl = new Downloader({ artifact, sink, sendRequest: send, window: 64, chunkTimeoutMs: 2000 })
    const r = await dl.run()
    await w.close()
    expect(r.chunksStored).toBe(count)
    expect(Math.max(...runs)).toBeGreaterThan(1)
    expect(announced.at(-1)).toBe(image.length)
    for (let k = 1; k < announced.length; k++) expect(announced[k]!).toBeGreaterThan(announced[k - 1]!)
    expect(Buffer.from(await readFile(slotPath(dir, 'b'))).equals(Buffer.from(image))).toBe(true)
  })
})
