/**
 * `bsdiff-lz-brotli` patches (proto/delta/lz-block.ts, sign/delta/extra-lz.ts): the sequence
 * coding on hand-made cases (overlapping copies, repeated distances, copies from the dictionary
 * into the extra bytes); every block LZ-coded on every fixture pair, bit-exact at several block
 * and dictionary sizes, with plain and LZ blocks mixed, and resumed from every block; the
 * encoder choosing LZ on opensbi and plain `bsdiff-brotli` when told to; and corrupted LZ
 * blocks refused with OTA_DELTA before anything is written (mutated sequence streams included).
 */
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants } from 'node:zlib'
import { OtaError, sha256, toHex } from '../proto/index.js'
import {
  ALG_BSDIFF_BROTLI, ALG_BSDIFF_LZ_BROTLI, DeltaLimits, LZ_BLOCK_PREFIX, decodeDeltaHeader, decodeLzBlock, encodeControls,
  encodeDeltaHeader, encodeSequences, layoutBlock, layoutLzBlock, plainInLz, type LzSequences
} from '../proto/delta/index.js'
import { bsdiffControls, cutBlocks, dictionaryFor, encodeDelta, lzParse, lzPayload, suffixArray } from '../sign/delta/index.js'
import { applyDeltaStream, type DeltaIo } from '../client/delta/index.js'

const fw = join(import.meta.dirname, 'fixtures', 'firmware')
const load = (pair: string): { old: Uint8Array, nw: Uint8Array } => ({
  old: readFileSync(join(fw, pair, 'old.bin')), nw: readFileSync(join(fw, pair, 'new.bin'))
})
const brotli = (d: Uint8Array, lgwin = 22): Uint8Array => brotliCompressSync(d, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_LGWIN]: lgwin } })
const windowFor = (n: number): number => { let w = 10; while (w < 22 && (1 << w) - 16 < n) w++; return w }

async function * chunks (bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}

interface Run { code: string | undefined, out: Uint8Array, written: number, error: unknown }

/** Applies `patch` to `old` in memory; every write must lie inside the declared image. */
async function run (patch: Uint8Array, old: Uint8Array, newSize: number, options: { header?: ReturnType<typeof decodeDeltaHeader>, startBlock?: number, out?: Uint8Array } = {}): Promise<Run> {
  const out = options.out ?? new Uint8Array(newSize)
  let written = 0
  const io: DeltaIo = {
    oldSize: old.length,
    readOld: async (o, n) => {
      expect(o >= 0 && n >= 0 && o + n <= old.length, `read old [${o}, ${o + n})`).toBe(true)
      return old.slice(o, o + n)
    },
    readNew: async (o, n) => out.slice(o, o + n),
    writeNew: async (o, d) => { expect(o + d.length <= newSize).toBe(true); out.set(d, o); written += d.length }
  }
  try {
    await applyDeltaStream(chunks(patch, 777), io, { header: options.header, startBlock: options.startBlock })
    return { code: undefined, out, written, error: undefined }
  } catch (e) {
    return { code: e instanceof OtaError ? e.code : 'not an OtaError', out, written, error: e }
  }
}

/** A `bsdiff-lz-brotli` patch from bsdiff controls: block i LZ-coded when `lz(i)`, else kind 0. */
function lzPatch (old: Uint8Array, nw: Uint8Array, values: number[], blockSize: number, maxDict: number, lz: (i: number) => boolean = () => true): Uint8Array {
  const payloads = cutBlocks(old, nw, values, blockSize).map((s, i) => {
    const coded = lz(i) ? lzPayload(old, s, i * blockSize, maxDict, windowFor, (d, w) => brotli(d, w)) : undefined
    const w = windowFor(Math.max(s.ctrl.length, s.diff.length, s.extra.length))
    return coded ?? plainInLz(layoutBlock(s, w, (d) => brotli(d, w)))
  })
  const blocks = cutBlocks(old, nw, values, blockSize).map((s, i) => ({ payloadLength: payloads[i]!.length, outLength: s.diff.length + s.extra.length }))
  const header = encodeDeltaHeader({ algorithm: ALG_BSDIFF_LZ_BROTLI, oldSize: old.length, newSize: nw.length, oldSha256: sha256(old), newSha256: sha256(nw), blocks })
  return Buffer.concat([header, ...payloads])
}

/** Sequences over `dict` rebuilt by the decoder's expansion (a one-block patch of controls [0, n, 0]). */
async function expandOnly (dict: Uint8Array, lz: LzSequences): Promise<Uint8Array> {
  const payload = layoutLzBlock({ oldStart: 0, dictStart: 0, dictLen: dict.length, ctrl: encodeControls([0, lz.extraLength, 0]), diff: new Uint8Array(0), lz }, 16, (d) => brotli(d, 16))
  const b = await decodeLzBlock(payload, lz.extraLength, dict.length, 0, async (o, n) => dict.slice(o, o + n))
  return b.extra
}

describe('LZ sequences', () => {
  it('copy overlapping runs, repeated distances and from the dictionary into the extra bytes', async () => {
    const dict = Uint8Array.from([10, 11, 12, 13, 14, 15, 16, 17])
    // "ab" then 6 copies at distance 2 (overlap), 4 from the dictionary, then the repeated distance 2 again
    const lits = Uint8Array.from([97, 98, 120])
    const lz = encodeSequences(lits, [2, 0, 1], [6, 4, 3], [2, 12, 2])
    expect(lz.extraLength).toBe(3 + 13)
    expect(Array.from(await expandOnly(dict, lz))).toEqual([97, 98, 97, 98, 97, 98, 97, 98, 14, 15, 16, 17, 120, 17, 120, 17])
    // code bytes: 2 is second in the initial list 1, 2, 3, 4 (1), 12 is new (4), 2 is then second again (1)
    expect(Array.from(lz.seq.subarray(6, 9))).toEqual([1, 4, 1])
  })

  it('lzParse finds the dictionary and the bytes before, and its output rebuilds the input', async () => {
    const { old, nw } = load('opensbi')
    const dict = old.subarray(0, 64 * 1024)
    const extra = Buffer.concat([nw.subarray(1000, 9000), old.subarray(5000, 7000), nw.subarray(1000, 3000)])
    const lz = lzParse(dict, extra)
    expect(lz.lit.length).toBeLessThan(extra.length / 2)
    expect(Buffer.compare(await expandOnly(dict, lz), extra)).toBe(0)
    expect(Buffer.compare(await expandOnly(new Uint8Array(0), lzParse(new Uint8Array(0), extra, { passes: 1 })), extra)).toBe(0)
  })

  it('dictionaryFor keeps the slice inside the old image and at most the limit', () => {
    expect(dictionaryFor(100, 1000, 4096)).toEqual([0, 1000])
    expect(dictionaryFor(5000, 100_000, 4096)).toEqual([5000 - 1024, 4096]) // a quarter before the block's old offset
    expect(dictionaryFor(99_000, 100_000, 4096)).toEqual([100_000 - 4096, 4096])
  })
})

describe.each(['ath9k', 'seabios', 'opensbi'])('LZ-coded blocks: %s', (pair) => {
  const { old, nw } = load(pair)
  const sa = suffixArray(old)
  const values = bsdiffControls(old, nw, sa, 8).values
  const pure = [0, nw.length, 0]

  it.each([
    ['bsdiff controls, 16 KiB blocks, 8 KiB dictionaries', values, 16 * 1024, 8 * 1024],
    ['bsdiff controls, 1 MiB blocks, whole old image', values, 1024 * 1024, 16 * 1024 * 1024],
    ['no controls, 64 KiB blocks, 32 KiB dictionaries', pure, 64 * 1024, 32 * 1024],
    ['no controls, 1 MiB blocks, whole old image', pure, 1024 * 1024, 16 * 1024 * 1024]
  ])('is bit-exact: %s', async (_, v, blockSize, maxDict) => {
    const patch = lzPatch(old, nw, v, blockSize, maxDict)
    const h = decodeDeltaHeader(patch)
    expect(h.algorithm).toBe(ALG_BSDIFF_LZ_BROTLI)
    const r = await run(patch, old, nw.length)
    expect(r.error).toBeUndefined()
    expect(Buffer.compare(r.out, nw)).toBe(0)
  })

  it('mixes plain and LZ blocks, and resumes at every block', async () => {
    const patch = lzPatch(old, nw, values, 16 * 1024, 64 * 1024, (i) => i % 2 === 1)
    const header = decodeDeltaHeader(patch)
    expect(Buffer.compare((await run(patch, old, nw.length)).out, nw)).toBe(0)
    for (let k = 1; k < header.blocks.length; k++) {
      const b = header.blocks[k]!
      const out = new Uint8Array(nw.length).fill(0x3c)
      out.set(nw.subarray(0, b.outStart))
      const r = await run(patch.subarray(b.patchOffset), old, nw.length, { header, startBlock: k, out })
      expect(r.error, `resume at ${k}`).toBeUndefined()
      expect(Buffer.compare(r.out, nw), `resume at ${k}`).toBe(0)
    }
  })
})

describe('the encoder with LZ blocks', () => {
  it('codes opensbi with LZ blocks, smaller than plain bsdiff-brotli, and the patch applies', async () => {
    const { old, nw } = load('opensbi')
    const sa = suffixArray(old)
    const lz = encodeDelta(old, nw, { suffixArray: sa, mismatch: [8] })
    const plain = encodeDelta(old, nw, { suffixArray: sa, mismatch: [8], lzDict: false })
    expect(lz.algorithm).toBe(ALG_BSDIFF_LZ_BROTLI)
    expect(lz.lzBlocks).toBe(1)
    expect(plain.algorithm).toBe(ALG_BSDIFF_BROTLI)
    expect(decodeDeltaHeader(plain.patch).algorithm).toBe(ALG_BSDIFF_BROTLI)
    expect(lz.patch.length).toBeLessThan(plain.patch.length)
    const r = await run(lz.patch, old, nw.length)
    expect(toHex(sha256(r.out))).toBe(toHex(sha256(nw)))
  })

  it('writes plain bsdiff-brotli from an empty old image (a compressed image)', async () => {
    const { nw } = load('ath9k')
    const e = encodeDelta(new Uint8Array(0), nw)
    expect(e.algorithm).toBe(ALG_BSDIFF_BROTLI)
    expect(e.lzBlocks).toBe(0)
    const r = await run(e.patch, new Uint8Array(0), nw.length)
    expect(Buffer.compare(r.out, nw)).toBe(0)
  })

  it('rejects a dictionary above the format limit', () => {
    const { old, nw } = load('ath9k')
    expect(() => encodeDelta(old, nw, { lzDict: DeltaLimits.maxDict + 1 })).toThrow(OtaError)
  })
})

describe('corrupted LZ blocks', () => {
  const { old, nw } = load('ath9k')
  const values = bsdiffControls(old, nw, suffixArray(old), 8).values
  const good = lzPatch(old, nw, values, 1024 * 1024, 1024 * 1024)
  const h = decodeDeltaHeader(good)
  const at = h.blocks[0]!.patchOffset

  /** The one-block patch with the u32 at payload offset `field` set to `v`. */
  const withField = (field: number, v: number): Uint8Array => {
    const b = Uint8Array.from(good)
    new DataView(b.buffer).setUint32(at + field, v, true)
    return b
  }

  it('the uncorrupted patch applies (the baseline)', async () => {
    expect(Buffer.compare((await run(good, old, nw.length)).out, nw)).toBe(0)
  })

  it('refuses a bad kind, a dictionary outside the old image or above the limit, and wrong counts, writing nothing', async () => {
    const kind = Uint8Array.from(good); kind[at] = 2
    const cases: Array<[string, Uint8Array]> = [
      ['kind 2', kind],
      ['dictionary past the old image', withField(6, old.length - 10)],
      ['dictionary above maxDict', withField(10, DeltaLimits.maxDict + 1)],
      ['one more sequence', withField(14, new DataView(good.buffer, good.byteOffset).getUint32(at + 14, true) + 1)],
      ['a huge sequence count', withField(14, 0xffffffff)],
      ['extraLen + 1', withField(18, new DataView(good.buffer, good.byteOffset).getUint32(at + 18, true) + 1)],
      ['a literal raw length of 2^32 - 1', withField(22 + 16, 0xffffffff)],
      ['a sequence raw length of 2^32 - 1', withField(22 + 24, 0xffffffff)]
    ]
    for (const [name, patch] of cases) {
      const r = await run(patch, old, nw.length)
      expect(r.code, name).toBe('OTA_DELTA')
      expect(r.written, name).toBe(0)
    }
  })

  it('refuses sequences copying from before the window, past the literals, past the extra stream, or with a bad code', async () => {
    const dict = old.subarray(0, 100)
    const craft = (lz: LzSequences, seq?: Uint8Array): Uint8Array => {
      const payload = layoutLzBlock({ oldStart: 0, dictStart: 0, dictLen: dict.length, ctrl: encodeControls([0, lz.extraLength, 0]), diff: new Uint8Array(0), lz: seq === undefined ? lz : { ...lz, seq } }, 16, (d) => brotli(d, 16))
      const header = encodeDeltaHeader({ algorithm: ALG_BSDIFF_LZ_BROTLI, oldSize: old.length, newSize: lz.extraLength, oldSha256: sha256(old), newSha256: new Uint8Array(32), blocks: [{ payloadLength: payload.length, outLength: lz.extraLength }] })
      return Buffer.concat([header, payload])
    }
    const lits = Uint8Array.from([1, 2, 3, 4])
    const ok = encodeSequences(lits, [4], [5], [4])
    const cases: Array<[string, Uint8Array]> = [
      ['before the window', craft(encodeSequences(lits, [4], [5], [105]))],
      ['literal run past the literals', craft({ ...ok, extraLength: 9 }, Uint8Array.from([5, 2, 4, 3]))],
      ['bad code', craft(ok, Uint8Array.from([4, 2, 5, 3]))],
      ['bytes after the last sequence', craft(ok, Uint8Array.from([4, 2, 4, 3, 0]))],
      ['a cut varint', craft(ok, Uint8Array.from([4, 2, 4, 0x83]))],
      ['a 6-byte varint', craft(ok, Uint8Array.from([4, 2, 4, 0x80, 0x80, 0x80, 0x80, 0x80, 0]))]
    ]
    for (const [name, patch] of cases) {
      const r = await run(patch, old, decodeDeltaHeader(patch).newSize)
      expect(r.code, name).toBe('OTA_DELTA')
      expect(r.written, name).toBe(0)
    }
    const fine = await run(craft(ok), old, 9)
    expect(fine.code).toBe('OTA_IMAGE_DIGEST') // well-formed: only the made-up digest is wrong
    expect(Array.from(fine.out)).toEqual([1, 2, 3, 4, 1, 2, 3, 4, 1])
  })

  it('mutated sequence streams (validly compressed) are refused with OTA_DELTA or decode in bounds, never another error', async () => {
    const dict = old.subarray(0, 4096)
    const extra = Buffer.concat([old.subarray(100, 400), nw.subarray(0, 300), old.subarray(100, 200)])
    const lz = lzParse(dict, extra)
    expect(lz.count).toBeGreaterThan(2)
    let s = 21
    const rnd = (n: number): number => { s = (s * 1664525 + 1013904223) >>> 0; return Math.floor(s / 2 ** 32 * n) }
    let refused = 0
    for (let t = 0; t < 300; t++) {
      const seq = Array.from(lz.seq)
      for (let k = 1 + rnd(3); k > 0; k--) {
        const op = rnd(3)
        const i = rnd(seq.length)
        if (op === 0) seq[i] = rnd(256)
        else if (op === 1) seq.splice(i, 1)
        else seq.splice(i, 0, rnd(256))
      }
      const payload = layoutLzBlock({ oldStart: 0, dictStart: 0, dictLen: dict.length, ctrl: encodeControls([0, extra.length, 0]), diff: new Uint8Array(0), lz: { ...lz, seq: Uint8Array.from(seq) } }, 16, (d) => brotli(d, 16))
      try {
        const b = await decodeLzBlock(payload, extra.length, old.length, 0, async (o, n) => old.slice(o, o + n))
        expect(b.extra.length).toBe(extra.length)
      } catch (e) {
        expect(e instanceof OtaError ? e.code : String(e)).toBe('OTA_DELTA')
        refused++
      }
    }
    expect(refused).toBeGreaterThan(150)
  })

  it('a flipped byte in an LZ block is refused or harmless, never a wrong image', async () => {
    let s = 8
    const rnd = (): number => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32 }
    const positions = [...Array(LZ_BLOCK_PREFIX).keys()].map((k) => at + k)
    for (let t = 0; t < 60; t++) positions.push(at + Math.floor(rnd() * h.blocks[0]!.payloadLength))
    for (const p of positions) {
      const bad = Uint8Array.from(good)
      bad[p] ^= 1 + Math.floor(rnd() * 255)
      const r = await run(bad, old, nw.length)
      if (r.code === undefined) expect(Buffer.compare(r.out, nw), `flip at ${p}`).toBe(0)
      else {
        expect(['OTA_DELTA', 'OTA_IMAGE_DIGEST'], `flip at ${p}: ${String(r.error)}`).toContain(r.code)
        if (r.code === 'OTA_DELTA') expect(r.written, `flip at ${p}`).toBe(0)
      }
    }
  })
})
