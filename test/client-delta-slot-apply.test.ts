// The device's patch apply into its inactive slot (client/delta/slot-apply.ts) on real files: a
// delta and a compressed image end bit-exact in the slot; an apply stopped between blocks resumes
// from the state file's record at the next block and ends bit-exact; a corrupt block, a wrong
// base and a patch for another image fail before writing anything of theirs.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtemp, readFile, readdir, readlink, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { OtaError, sha256, toHex, treeOf, type Artifact } from '../proto/index.js'
import { encodeDelta, packDelta } from '../sign/delta/index.js'
import { decodeDeltaHeader } from '../proto/delta/format.js'
import { FileSlotStorage, writeSlotImage } from '../client/index.js'
import { applyIntoSlot } from '../client/delta/slot-apply.js'
import { STAGING_DIR, stagingPath } from '../client/delta/staging.js'
import type { ImageSource } from '../client/delta/plan.js'
import { loadState, saveState } from '../client/state.js'

const FIX = join(import.meta.dirname, 'fixtures', 'firmware', 'seabios')
const log = pino({ level: 'silent' })
let dir: string
let oldImg: Buffer
let newImg: Buffer
let storage: FileSlotStorage

let cached: Uint8Array | undefined
/** The seabios delta at 64 KiB blocks (4 blocks), encoded once for the file. */
const seabiosPatch = (): Uint8Array => (cached ??= encodeDelta(oldImg, newImg, { blockSize: 64 * 1024 }).patch)

const artifactOf = (b: Uint8Array, chunkSize = 4096): Artifact => ({ sha256: sha256(b), size: b.length, chunkSize, merkleRoot: treeOf(b, chunkSize).root })

function sourceOf (kind: 'delta' | 'compressed', patch: Uint8Array, base: Uint8Array): ImageSource {
  const artifact = artifactOf(patch)
  return { kind, artifact, id: toHex(artifact.sha256), delta: { baseVersion: kind === 'delta' ? '1.16.2' : '', baseSha256: kind === 'delta' ? sha256(base) : new Uint8Array(0), patch: artifact, algorithm: 'bsdiff-brotli' } }
}

async function stage (src: ImageSource, bytes: Uint8Array): Promise<void> {
  await mkdir(join(dir, STAGING_DIR), { recursive: true })
  await writeFile(stagingPath(dir, src.id), bytes)
}

function run (src: ImageSource, signal = new AbortController().signal, onProgress?: (w: number, t: number) => void): ReturnType<typeof applyIntoSlot> {
  return applyIntoSlot({ storage, stateDir: dir, active: 'a', target: 'b', source: src, image: artifactOf(newImg), signal, log, ...(onProgress !== undefined ? { onProgress } : {}) })
}

/** Files under `root` this process holds open (Linux /proc). */
async function openFilesUnder (root: string): Promise<string[]> {
  const fds = await readdir('/proc/self/fd')
  const targets = await Promise.all(fds.map(async (fd) => await readlink(`/proc/self/fd/${fd}`).catch(() => '')))
  return targets.filter((t) => t.startsWith(root))
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ota-slot-apply-'))
  oldImg = await readFile(join(FIX, 'old.bin'))
  newImg = await readFile(join(FIX, 'new.bin'))
  storage = FileSlotStorage.inDir(dir)
  await writeSlotImage(storage, 'a', oldImg)
  await saveState(dir, {
    format: 1, active: 'a', slots: { a: { envelope: 'AA==', version: '1.16.2', sha256: toHex(sha256(oldImg)), size: oldImg.length, confirmed: true }, b: null },
    securityCounter: 1, lastSequence: 1, pending: null, download: null, deferral: null, refused: null
  })
})
afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

describe('applyIntoSlot', () => {
  it('applies a delta into the inactive slot bit-exact and records each block', async () => {
    const patch = seabiosPatch()
    const src = sourceOf('delta', patch, oldImg)
    await stage(src, patch)
    const r = await run(src)
    expect(r).toEqual({ applied: 4, startBlock: 0, blocks: 4 })
    expect(Buffer.compare(await readFile(join(dir, 'slot-b.bin')), newImg)).toBe(0)
    const s = await loadState(dir)
    expect(s.apply).toEqual({ artifact: src.id, slot: 'b', block: 4, outEnd: newImg.length })
    // applied whole: a second call (a restart before the install) applies nothing
    expect(await run(src)).toEqual({ applied: 0, startBlock: 4, blocks: 4 })
  })

  it('applies the compressed image (a patch from the empty image) without reading the active slot', async () => {
    const patch = packDelta(new Uint8Array(0), newImg, [{ mismatch: 0, values: [0, newImg.length, 0] }], { blockSize: 64 * 1024, quality: 11, maxLgwin: 24, extraMatch: false }).patch
    const src = sourceOf('compressed', patch, new Uint8Array(0))
    await stage(src, patch)
    await rm(join(dir, 'slot-a.bin')) // would fail any read of the old image
    await run(src)
    expect(Buffer.compare(await readFile(join(dir, 'slot-b.bin')), newImg)).toBe(0)
  })

  for (const stopAfter of [1, 2, 3]) {
    it(`an apply stopped after block ${stopAfter} resumes at block ${stopAfter} and ends bit-exact`, async () => {
      const patch = seabiosPatch()
      const src = sourceOf('delta', patch, oldImg)
      await stage(src, patch)
      const ac = new AbortController()
      let blocks = 0
      const err = await run(src, ac.signal, () => { if (++blocks === stopAfter) ac.abort(new OtaError('OTA_SUPERSEDED', 'stop')) }).catch((e: unknown) => e)
      expect((err as OtaError).code).toBe('OTA_SUPERSEDED')
      expect((await loadState(dir)).apply?.block).toBe(stopAfter)
      // what a crash would leave: the slot past the record holds garbage
      const header = decodeDeltaHeader(patch)
      const slot = await readFile(join(dir, 'slot-b.bin'))
      slot.fill(0xa5, header.blocks[stopAfter]!.outStart)
      await writeFile(join(dir, 'slot-b.bin'), slot)
      const r = await run(src)
      expect(r.startBlock).toBe(stopAfter)
      expect(r.applied).toBe(4 - stopAfter)
      expect(Buffer.compare(await readFile(join(dir, 'slot-b.bin')), newImg)).toBe(0)
    })
  }

  it('a record whose output end does not match the patch starts over at block 0', async () => {
    const patch = seabiosPatch()
    const src = sourceOf('delta', patch, oldImg)
    await stage(src, patch)
    const s = await loadState(dir)
    await saveState(dir, { ...s, apply: { artifact: src.id, slot: 'b', block: 2, outEnd: 12345 } })
    expect((await run(src)).startBlock).toBe(0)
    expect(Buffer.compare(await readFile(join(dir, 'slot-b.bin')), newImg)).toBe(0)
  })

  it('refuses an active slot that is not the base (OTA_DELTA_BASE) before writing', async () => {
    const patch = seabiosPatch()
    const src = sourceOf('delta', patch, oldImg)
    await stage(src, patch)
    const other = Buffer.from(oldImg)
    other[1000] ^= 1
    await writeSlotImage(storage, 'a', other)
    await expect(run(src)).rejects.toMatchObject({ code: 'OTA_DELTA_BASE' })
    expect(await storage.size('b')).toBe(0)
  })

  it('refuses a patch that does not produce the signed image (OTA_DELTA) before writing', async () => {
    const patch = encodeDelta(oldImg, oldImg.subarray(0, 100_000), { blockSize: 64 * 1024 }).patch
    const src = sourceOf('delta', patch, oldImg)
    await stage(src, patch)
    await expect(run(src)).rejects.toMatchObject({ code: 'OTA_DELTA' })
    expect(await storage.size('b')).toBe(0)
  })

  it('a corrupt block fails with OTA_DELTA and writes nothing of it; the blocks before it stay', async () => {
    const patch = seabiosPatch()
    const header = decodeDeltaHeader(patch)
    const bad = Uint8Array.from(patch)
    const b2 = header.blocks[2]!
    for (let i = 0; i < 16; i++) bad[b2.patchOffset + Math.floor(b2.payloadLength / 2) + i] ^= 0xff
    const src = sourceOf('delta', bad, oldImg)
    await stage(src, bad)
    await expect(run(src)).rejects.toMatchObject({ code: 'OTA_DELTA' })
    expect(await storage.size('b')).toBe(b2.outStart)
    expect((await loadState(dir)).apply?.block).toBe(2)
    // nothing of the failed apply stays open: not the staged patch, not either slot
    expect(await openFilesUnder(dir)).toEqual([])
  })
})
