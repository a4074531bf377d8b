import { describe, it, expect, beforeEach, afterEach } from 'vitest'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { SlotWriter, hashSlot, slotPath, writeSlotImage } from '../client/index.js'
import { bytesEqual, isOtaError, sha256 } from '../proto/index.js'

describe('client slots', () => {
  let dir: string
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'ota-slots-')) })
  afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

  const chunkSize = 4096
  const image = new Uint8Array(randomBytes(300 * 1024 + 123))
  const count = Math.ceil(image.length / chunkSize)
  const chunk = (i: number): Uint8Array => image.subarray(i * chunkSize, Math.min((i + 1) * chunkSize, image.length))

  it('writes chunks in any order at their offsets and hashes exactly the image', async () => {
    const w = await SlotWriter.open(dir, 'b', { size: image.length, chunkSize })
    const order = Array.from({ length: count }, (_, i) => i).reverse()
    for (const i of order) await w.writeChunk(i, chunk(i))
    await w.sync()
    const d = await w.digest()
    await w.close()
    expect(d.length).toBe(image.length)
    expect(bytesEqual(d.sha256, sha256(image))).toBe(true)
    expect(Buffer.from(await readFile(slotPath(dir, 'b'))).equals(Buffer.from(image))).toBe(true)
  })

  it('a fresh open empties the slot: nothing of a larger previous image survives', async () => {
    await writeFile(slotPath(dir, 'b'), Buffer.alloc(image.length * 2, 0xaa))
    const w = await SlotWriter.open(dir, 'b', { size: image.length, chunkSize })
    await w.close()
    const bytes = await readFile(slotPath(dir, 'b'))
    expect(bytes.length).toBe(image.length)
    expect(bytes.every((b) => b === 0)).toBe(true)
  })

  it('a resumed open keeps what the slot holds', async () => {
    const w1 = await SlotWriter.open(dir, 'b', { size: image.length, chunkSize })
    await w1.writeChunk(0, chunk(0))
    await w1.close()
    const w2 = await SlotWriter.open(dir, 'b', { size: image.length, chunkSize, resume: true })
    await w2.writeChunk(1, chunk(1))
    await w2.close()
    const bytes = await readFile(slotPath(dir, 'b'))
    expect(Buffer.from(bytes.subarray(0, 2 * chunkSize)).equals(Buffer.from(image.subarray(0, 2 * chunkSize)))).toBe(true)
  })

  it('refuses a chunk that would end past the image', async () => {
    const w = await SlotWriter.open(dir, 'b', { size: image.length, chunkSize })
    const e = await w.writeChunk(count - 1, new Uint8Array(chunkSize)).then(() => null, (x: unknown) => x)
    await w.close()
    expect(isOtaError(e, 'OTA_CHUNK_MISMATCH')).toBe(true)
    expect((await stat(slotPath(dir, 'b'))).size).toBe(image.length)
  })

  it('hashes a short slot over what is there, so it cannot match', async () => {
    await writeSlotImage(dir, 'a', image.subarray(0, 1000))
    const d = await hashSlot(dir, 'a', image.length)
    expect(d.length).toBe(1000)
    expect(bytesEqual(d.sha256, sha256(image))).toBe(false)
  })

  it('hashes only the first size bytes of a longer slot', async () => {
    await writeSlotImage(dir, 'a', Buffer.concat([image, Buffer.alloc(50, 1)]))
    const d = await hashSlot(dir, 'a', image.length)
    expect(d.length).toBe(image.length)
    expect(bytesEqual(d.sha256, sha256(image))).toBe(true)
  })

  it('reports a missing slot file as OTA_IO', async () => {
    const e = await hashSlot(dir, 'b', 10).then(() => null, (x: unknown) => x)
    expect(isOtaError(e, 'OTA_IO')).toBe(true)
  })
})
