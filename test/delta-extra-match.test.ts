/**
 * The encoder's second matching pass over extra runs (sign/delta/extra-match.ts) on the real
 * fixture pairs (test/fixtures/firmware): its controls still cover the new image and, applied
 * to the old one, rebuild it bit-exact; it moves bytes from extras to zero-diff adds; patches
 * that use it (forced: the pass alone, no plain variant) apply bit-exact through the device's
 * streaming apply at several block sizes; the per-block choice never makes a patch bigger than
 * without the pass; bad options fail with OTA_INVALID_ARGUMENT.
 */
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { OtaError, sha256, toHex } from '../proto/index.js'
import { bsdiffControls, encodeDelta, matchExtras, packDelta, suffixArray } from '../sign/delta/index.js'
import { applyDeltaStream, type DeltaIo } from '../client/delta/index.js'

const fw = join(import.meta.dirname, 'fixtures', 'firmware')
const load = (pair: string): { old: Uint8Array, nw: Uint8Array } => ({
  old: readFileSync(join(fw, pair, 'old.bin')), nw: readFileSync(join(fw, pair, 'new.bin'))
})

/** Applies whole-image controls the way the block decoder does (add with diff, extra, seek), checking every bound. */
function applyControls (old: Uint8Array, nw: Uint8Array, values: number[]): { out: Uint8Array, extra: number, exactAdd: number } {
  const out = new Uint8Array(nw.length)
  let o = 0
  let p = 0
  let extra = 0
  let exactAdd = 0
  for (let k = 0; k < values.length; k += 3) {
    const [add, ins, seek] = [values[k]!, values[k + 1]!, values[k + 2]!]
    expect(add).toBeGreaterThanOrEqual(0)
    expect(ins).toBeGreaterThanOrEqual(0)
    expect(p + add).toBeLessThanOrEqual(old.length)
    for (let i = 0; i < add; i++) {
      out[o + i] = nw[o + i]! // what the diff byte restores: the diff stream is new − old
      if (old[p + i] === nw[o + i]) exactAdd++
    }
    out.set(nw.subarray(o + add, o + add + ins), o + add)
    extra += ins
    o += add + ins
    p += add + seek
    if (k + 3 < values.length) { expect(p).toBeGreaterThanOrEqual(0); expect(p).toBeLessThanOrEqual(old.length) }
  }
  expect(o).toBe(nw.length)
  return { out, extra, exactAdd }
}

function memIo (old: Uint8Array, newSize: number): DeltaIo & { out: Uint8Array } {
  const out = new Uint8Array(newSize).fill(0x5a)
  return {
    out, oldSize: old.length,
    readOld: async (o, n) => old.slice(o, o + n),
    readNew: async (o, n) => out.slice(o, o + n),
    writeNew: async (o, d) => { out.set(d, o) }
  }
}

async function * chunks (bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}

const code = (f: () => unknown): string | undefined => { try { f() } catch (e) { return e instanceof OtaError ? e.code : 'not an OtaError' } return undefined }

describe.each(['ath9k', 'seabios', 'opensbi'])('extra-run matching: %s', (pair) => {
  const { old, nw } = load(pair)
  const sa = suffixArray(old)
  const plain = bsdiffControls(old, nw, sa, 6).values

  it.each([4, 8])('with extension (minMatch %i) still rebuilds the image, with fewer or as many extra bytes', (minMatch) => {
    const values = matchExtras(old, nw, sa, plain, { minMatch, extend: true })
    const before = applyControls(old, nw, plain)
    const after = applyControls(old, nw, values)
    expect(Buffer.compare(after.out, nw)).toBe(0)
    expect(after.extra).toBeLessThanOrEqual(before.extra)
  })

  it.each([4, 8, 16])('keeps the controls covering the image and moves extra bytes to exact adds (minMatch %i)', (minMatch) => {
    const values = matchExtras(old, nw, sa, plain, { minMatch })
    const before = applyControls(old, nw, plain)
    const after = applyControls(old, nw, values)
    expect(Buffer.compare(after.out, nw)).toBe(0)
    expect(after.extra).toBeLessThanOrEqual(before.extra)
    expect(after.exactAdd - before.exactAdd).toBe(before.extra - after.extra) // every byte taken from extras is an exact match
    if (minMatch === 4) expect(after.extra).toBeLessThan(before.extra)
  })

  it.each([16 * 1024, 1024 * 1024])('patches made only of pass-matched controls apply bit-exact (blocks of %i bytes)', async (blockSize) => {
    const values = matchExtras(old, nw, sa, plain, { minMatch: 4, extend: true })
    // lzDict false: without it packDelta adds its LZ-only variant, and this test is about the pass's controls alone
    const e = packDelta(old, nw, [{ mismatch: 6, values, extraMatched: true }], { blockSize, quality: 9, maxLgwin: 24, suffixArray: sa, lzDict: false })
    expect(e.extraMatchWins).toBe(e.blocks)
    const io = memIo(old, nw.length)
    const r = await applyDeltaStream(chunks(e.patch, 4093), io)
    expect(Buffer.compare(io.out, nw)).toBe(0)
    expect(toHex(r.sha256)).toBe(toHex(sha256(nw)))
  })

  it('never makes the patch bigger than without the pass (per-block choice)', async () => {
    const opts = { blockSize: 64 * 1024, suffixArray: sa, mismatch: [6], quality: 9 }
    const without = encodeDelta(old, nw, { ...opts, extraMatch: false })
    const withPass = encodeDelta(old, nw, opts)
    expect(without.extraMatchWins).toBe(0)
    expect(withPass.patch.length).toBeLessThanOrEqual(without.patch.length)
    const io = memIo(old, nw.length)
    await applyDeltaStream(chunks(withPass.patch, 65536), io)
    expect(Buffer.compare(io.out, nw)).toBe(0)
  })
})

describe('extra-run matching: edges', () => {
  const { old, nw } = load('ath9k')
  const sa = suffixArray(old)
  const plain = bsdiffControls(old, nw, sa, 8).values

  it('rejects a shortest match below 4 bytes and controls that do not cover the image', () => {
    expect(code(() => matchExtras(old, nw, sa, plain, { minMatch: 3 }))).toBe('OTA_INVALID_ARGUMENT')
    expect(code(() => matchExtras(old, nw, sa, plain.slice(0, -3), { minMatch: 8 }))).toBe('OTA_INVALID_ARGUMENT')
    expect(code(() => encodeDelta(old, nw, { blockSize: 16 * 1024, suffixArray: sa, mismatch: [8], extraMatch: 2 }))).toBe('OTA_INVALID_ARGUMENT')
  })

  it('turns an all-extra patch (new bytes copied from scattered places of old) into adds', () => {
    const pieces = [old.subarray(1000, 1100), Uint8Array.of(1, 2, 3), old.subarray(40000, 40050), old.subarray(10, 30)]
    const img = new Uint8Array(pieces.reduce((a, p) => a + p.length, 0))
    let at = 0
    for (const p of pieces) { img.set(p, at); at += p.length }
    const values = matchExtras(old, img, sa, [0, img.length, 0], { minMatch: 8 })
    const r = applyControls(old, img, values)
    expect(Buffer.compare(r.out, img)).toBe(0)
    expect(r.extra).toBeLessThanOrEqual(3 + 8) // at most the 3 new bytes plus a short unmatched tail
  })

  it('leaves controls unchanged against an empty old image', () => {
    expect(matchExtras(new Uint8Array(0), nw, new Int32Array(0), [0, nw.length, 0], { minMatch: 8 })).toEqual([0, nw.length, 0])
  })
})
