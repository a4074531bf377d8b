/**
 * Real firmware pairs (test/fixtures/firmware: ath9k, seabios, opensbi) through the encoder and
 * the device's streaming apply: bit-exact at several block sizes with the patch fed in odd chunk
 * sizes; resumed from every block boundary (the output before it already written, garbage after
 * it) still bit-exact with the same digest; and through real files (FileIo, fileChunks).
 */
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sha256, toHex } from '../proto/index.js'
import { decodeDeltaHeader } from '../proto/delta/index.js'
import { encodeDelta, suffixArray } from '../sign/delta/index.js'
import { applyDeltaStream, fileChunks, openFileIo, type BlockDone, type DeltaIo } from '../client/delta/index.js'

const fw = join(import.meta.dirname, 'fixtures', 'firmware')
const load = (pair: string): { old: Uint8Array, nw: Uint8Array } => ({
  old: readFileSync(join(fw, pair, 'old.bin')), nw: readFileSync(join(fw, pair, 'new.bin'))
})

async function * chunks (bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}

/** A memory "slot" pair: the old image, and a new slot pre-filled with `fill`. */
function memIo (old: Uint8Array, newSize: number, fill = 0xa5): DeltaIo & { out: Uint8Array, writes: Array<[number, number]> } {
  const out = new Uint8Array(newSize).fill(fill)
  const writes: Array<[number, number]> = []
  return {
    out, writes, oldSize: old.length,
    readOld: async (o, n) => old.slice(o, o + n),
    readNew: async (o, n) => out.slice(o, o + n),
    writeNew: async (o, d) => { writes.push([o, d.length]); out.set(d, o) }
  }
}

describe.each(['ath9k', 'seabios', 'opensbi'])('delta round trip: %s', (pair) => {
  const { old, nw } = load(pair)
  const sa = suffixArray(old)

  it.each([16 * 1024, 64 * 1024, 1024 * 1024])('is bit-exact with blocks of %i bytes', async (blockSize) => {
    const e = encodeDelta(old, nw, { blockSize, suffixArray: sa, mismatch: [8] })
    expect(e.blocks).toBe(Math.ceil(nw.length / blockSize))
    const io = memIo(old, nw.length)
    const done: BlockDone[] = []
    const r = await applyDeltaStream(chunks(e.patch, 1000 + blockSize % 997), io, { onBlock: (d) => { done.push(d) } })
    expect(Buffer.compare(io.out, nw)).toBe(0)
    expect(toHex(r.sha256)).toBe(toHex(sha256(nw)))
    expect(done.map((d) => d.block)).toEqual([...Array(e.blocks).keys()])
    expect(done[done.length - 1]).toEqual({ block: e.blocks - 1, outEnd: nw.length, patchEnd: e.patch.length })
    // written in order, each byte once, never past the image
    let at = 0
    for (const [o, n] of io.writes) { expect(o).toBe(at); at += n }
    expect(at).toBe(nw.length)
  })

  it('resumes from every block boundary and ends bit-exact', async () => {
    const e = encodeDelta(old, nw, { blockSize: 32 * 1024, suffixArray: sa, mismatch: [4, 8] })
    const header = decodeDeltaHeader(e.patch)
    expect(header.blocks.length).toBeGreaterThan(1)
    for (let k = 1; k < header.blocks.length; k++) {
      const b = header.blocks[k]!
      const io = memIo(old, nw.length, 0x3c)
      io.out.set(nw.subarray(0, b.outStart)) // what the interrupted apply had synced
      const r = await applyDeltaStream(chunks(e.patch.subarray(b.patchOffset), 4096), io, { header, startBlock: k })
      expect(Buffer.compare(io.out, nw), `resume at block ${k}`).toBe(0)
      expect(toHex(r.sha256)).toBe(toHex(sha256(nw)))
      expect(io.writes[0]![0]).toBe(b.outStart)
    }
  })
})

describe('delta apply over files', () => {
  it('applies a patch file from an old image file into a new slot file, and resumes after an interruption', async () => {
    const { old, nw } = load('opensbi')
    const dir = await mkdtemp(join(tmpdir(), 'aedes-ota-delta-'))
    try {
      const e = encodeDelta(old, nw, { blockSize: 64 * 1024, mismatch: [6] })
      await writeFile(join(dir, 'old.bin'), old)
      await writeFile(join(dir, 'patch.bin'), e.patch)
      const io = await openFileIo(join(dir, 'old.bin'), join(dir, 'slot.bin'))
      let checkpoint: BlockDone | undefined
      const stop = new Error('power cut')
      await expect(applyDeltaStream(fileChunks(join(dir, 'patch.bin'), 0, 3000), io, {
        onBlock: async (d) => { await io.sync(); checkpoint = d; if (d.block === 2) throw stop }
      })).rejects.toBe(stop)
      await io.close()
      expect(checkpoint?.block).toBe(2)
      const header = decodeDeltaHeader(await readFile(join(dir, 'patch.bin')))
      const io2 = await openFileIo(join(dir, 'old.bin'), join(dir, 'slot.bin'))
      try {
        const r = await applyDeltaStream(fileChunks(join(dir, 'patch.bin'), checkpoint!.patchEnd), io2, { header, startBlock: checkpoint!.block + 1 })
        expect(toHex(r.sha256)).toBe(toHex(sha256(nw)))
      } finally { await io2.close() }
      expect(Buffer.compare(await readFile(join(dir, 'slot.bin')), nw)).toBe(0)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
