/**
 * SlotStorage's file backend and the download's SlotWriter over it: positional writes, exact-size
 * hashes, no truncation of a pre-sized slot, OTA_NO_SPACE for a slot too small.
 */
import { describe, it, expect, beforeEach, afterEach } from 'vitest'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { FileSlotStorage, slotPath, writeSlotImage } from '../client/index.js'
import { SlotWriter } from '../client/slot-writer.js'
import { bytesEqual, isOtaError, sha256 } from '../proto/index.js'

describe('client slot storage (files)', () => {
  let dir: string
  let storage: FileSlotStorage
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ota-slots-'))
    storage = FileSlotStorage.inDir(dir)
  })
  afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

  const chunkSize = 4096
  const image = new Uint8Array(randomBytes(300 * 1024 + 123))
  const count = Math.ceil(image.length / chunkSize)
  const chunk = (i: number): Uint8Array => image.subarray(i * chunkSize, Math.min((i + 1) * chunkSize, image.length))

  it('writes chunks in any order at their offsets and hashes exactly the image', async () => {
    const w = await SlotWriter.open(storage, 'b', { size: image.length, chunkSize })
    const order = Array.from({ length: count }, (_, i) => i).reverse()
    for (const i of order) await w.writeChunk(i, chunk(i))
    await w.sync()
    const d = await w.digest()
    await w.close()
    expect(d.length).toBe(image.length)
    expect(bytesEqual(d.sha256, sha256(image))).toBe(true)
    expect(Buffer.from(await readFile(slotPath(dir, 'b'))).equals(Buffer.from(image))).toBe(true)
  })

  it('a pre-sized slot keeps its size and its bytes past the image; the image still verifies', async () => {
    const path = join(dir, 'partition-b.img')
    const capacity = image.length + 64 * 1024
    await writeFile(path, Buffer.alloc(capacity, 0xaa))
    const s = new FileSlotStorage({ a: slotPath(dir, 'a'), b: { path, capacity } })
    const w = await SlotWriter.open(s, 'b', { size: image.length, chunkSize })
    for (let i = 0; i < count; i++) await w.writeChunk(i, chunk(i))
    await w.sync()
    const d = await w.digest()
    await w.close()
    expect(d.length).toBe(image.length)
    expect(bytesEqual(d.sha256, sha256(image))).toBe(true)
    const bytes = await readFile(path)
    expect(bytes.length).toBe(capacity)
    expect(bytes.subarray(0, image.length).equals(Buffer.from(image))).toBe(true)
    expect(bytes.subarray(image.length).every((b) => b === 0xaa)).toBe(true)
    expect(await s.size('b')).toBe(capacity)
  })

  it('an existing larger file is not truncated either, and hashes over exactly the image', async () => {
    await writeFile(slotPath(dir, 'b'), Buffer.alloc(image.length * 2, 0xaa))
    await writeSlotImage(storage, 'b', image)
    expect((await stat(slotPath(dir, 'b'))).size).toBe(image.length * 2)
    const d = await storage.hash('b', image.length)
    expect(bytesEqual(d.sha256, sha256(image))).toBe(true)
  })

  it('refuses a chunk size proto would refuse (not a power of two, or out of its limits), before opening the slot', async () => {
    for (const bad of [0, 3, 1000, 4095, 1.5, 2 ** 30]) {
      const e = await SlotWriter.open(storage, 'b', { size: image.length, chunkSize: bad }).then(() => null, (x: unknown) => x)
      expect(isOtaError(e, 'OTA_INVALID_ARGUMENT'), `chunk size ${bad}`).toBe(true)
    }
    await expect(stat(slotPath(dir, 'b'))).rejects.toThrow()
  })

  it('refuses an image larger than the slot with OTA_NO_SPACE before writing anything', async () => {
    const path = join(dir, 'small-b.img')
    await writeFile(path, Buffer.alloc(1000, 0x55))
    const s = new FileSlotStorage({ a: slotPath(dir, 'a'), b: { path, capacity: 1000 } })
    const e = await SlotWriter.open(s, 'b', { size: image.length, chunkSize }).then(() => null, (x: unknown) => x)
    expect(isOtaError(e, 'OTA_NO_SPACE')).toBe(true)
    expect((e as Error).message).toContain('holds 1000 bytes')
    expect((await readFile(path)).every((b) => b === 0x55)).toBe(true)
    const p = await writeSlotImage(s, 'b', image).then(() => null, (x: unknown) => x)
    expect(isOtaError(p, 'OTA_NO_SPACE')).toBe(true)
  })

  it('a reopened slot keeps what it holds (resume)', async () => {
    const w1 = await SlotWriter.open(storage, 'b', { size: image.length, chunkSize })
    await w1.writeChunk(0, chunk(0))
    await w1.close()
    const w2 = await SlotWriter.open(storage, 'b', { size: image.length, chunkSize })
    await w2.writeChunk(1, chunk(1))
    await w2.close()
    const bytes = await readFile(slotPath(dir, 'b'))
    expect(Buffer.from(bytes.subarray(0, 2 * chunkSize)).equals(Buffer.from(image.subarray(0, 2 * chunkSize)))).toBe(true)
  })

  it('refuses a chunk that would end past the image', async () => {
    const w = await SlotWriter.open(storage, 'b', { size: image.length, chunkSize })
    const e = await w.writeChunk(count - 1, new Uint8Array(chunkSize)).then(() => null, (x: unknown) => x)
    await w.close()
    expect(isOtaError(e, 'OTA_CHUNK_MISMATCH')).toBe(true)
    expect((await stat(slotPath(dir, 'b'))).size).toBe(0)
  })

  it('hashes a short slot over what is there, so it cannot match', async () => {
    await writeSlotImage(storage, 'a', image.subarray(0, 1000))
    const d = await storage.hash('a', image.length)
    expect(d.length).toBe(1000)
    expect(bytesEqual(d.sha256, sha256(image))).toBe(false)
  })

  it('hashes only the first size bytes of a longer slot', async () => {
    await writeSlotImage(storage, 'a', Buffer.concat([image, Buffer.alloc(50, 1)]))
    const d = await storage.hash('a', image.length)
    expect(d.length).toBe(image.length)
    expect(bytesEqual(d.sha256, sha256(image))).toBe(true)
  })

  it('reports a missing slot file as OTA_IO, and size 0', async () => {
    const e = await storage.hash('b', 10).then(() => null, (x: unknown) => x)
    expect(isOtaError(e, 'OTA_IO')).toBe(true)
    expect(await storage.size('b')).toBe(0)
  })

  it('reads a slot at any offset (the base of a delta patch); past its end, missing or closed is OTA_IO', async () => {
    await writeSlotImage(storage, 'a', image)
    const r = await storage.openForRead('a')
    for (const [offset, length] of [[0, 1], [4095, 2], [100_000, 65_536], [image.length - 7, 7], [12, 0]] as const) {
      expect(Buffer.from(await r.read(offset, length)).equals(Buffer.from(image.subarray(offset, offset + length)))).toBe(true)
    }
    const past = await r.read(image.length - 2, 4).then(() => null, (e: unknown) => e)
    expect(isOtaError(past, 'OTA_IO')).toBe(true)
    await r.close()
    await r.close()
    expect(isOtaError(await r.read(0, 1).then(() => null, (e: unknown) => e), 'OTA_IO')).toBe(true)
    expect(isOtaError(await storage.openForRead('b').then(() => null, (e: unknown) => e), 'OTA_IO')).toBe(true)
  })

  it('refuses bad slot layouts', () => {
    expect(() => new FileSlotStorage({ a: 'x', b: 'x' })).toThrow(/share a path/)
    expect(() => new FileSlotStorage({ a: 'x', b: { path: 'y', capacity: 0 } })).toThrow(/capacity/)
  })
})
