/**
 * The patch header (proto/delta/format.ts): encode/decode round trip with derived offsets, the
 * incremental length a streaming reader asks for, refusals of bad magic, version, algorithm
 * and sizes; the Brotli window parse (RFC 7932 section 9.1) on real encoder output.
 */
import { describe, expect, it } from 'vitest'
import { brotliCompressSync, constants } from 'node:zlib'
import { OtaError } from '../proto/index.js'
import { ALG_BSDIFF_BROTLI, DeltaLimits, brotliWindowBits, decodeDeltaHeader, deltaHeaderLength, encodeDeltaHeader } from '../proto/delta/index.js'

const input = {
  algorithm: ALG_BSDIFF_BROTLI,
  oldSize: 1000,
  newSize: 2500,
  oldSha256: new Uint8Array(32).fill(1),
  newSha256: new Uint8Array(32).fill(2),
  blocks: [{ payloadLength: 300, outLength: 1024 }, { payloadLength: 200, outLength: 1024 }, { payloadLength: 50, outLength: 452 }]
}

const code = (f: () => unknown): string | undefined => {
  try { f(); return undefined } catch (e) { return e instanceof OtaError ? e.code : 'not an OtaError' }
}

describe('delta header', () => {
  it('round-trips, deriving each block\'s patch offset and output start', () => {
    const bytes = encodeDeltaHeader(input)
    const h = decodeDeltaHeader(bytes)
    expect(h).toMatchObject({ algorithm: ALG_BSDIFF_BROTLI, oldSize: 1000, newSize: 2500, headerLength: bytes.length, patchLength: bytes.length + 550 })
    expect(h.blocks.map((b) => [b.patchOffset, b.outStart])).toEqual([[bytes.length, 0], [bytes.length + 300, 1024], [bytes.length + 500, 2048]])
    expect(h.oldSha256).toEqual(input.oldSha256)
    expect(h.newSha256).toEqual(input.newSha256)
  })

  it('tells a streaming reader how many bytes to read until it has the whole header', () => {
    const bytes = encodeDeltaHeader(input)
    let have = 0
    const asked: number[] = []
    for (let need = deltaHeaderLength(bytes.subarray(0, have)); need > have; need = deltaHeaderLength(bytes.subarray(0, have))) { asked.push(need); have = need }
    expect(have).toBe(bytes.length)
    expect(asked.length).toBe(3)
  })

  it('refuses bad magic, version, algorithm, sizes and truncation with OTA_DELTA', () => {
    const bytes = encodeDeltaHeader(input)
    const edit = (at: number, v: number): Uint8Array => { const b = Uint8Array.from(bytes); b[at] = v; return b }
    expect(code(() => decodeDeltaHeader(edit(0, 0x42)))).toBe('OTA_DELTA')
    expect(code(() => decodeDeltaHeader(edit(4, 2)))).toBe('OTA_DELTA')
    expect(code(() => decodeDeltaHeader(edit(5, 0)))).toBe('OTA_DELTA')
    expect(code(() => decodeDeltaHeader(edit(5, DeltaLimits.maxAlgorithm + 1)))).toBe('OTA_DELTA')
    expect(code(() => decodeDeltaHeader(edit(6, 0x20)))).toBe('OTA_DELTA')
    expect(code(() => decodeDeltaHeader(bytes.subarray(0, bytes.length - 1)))).toBe('OTA_DELTA')
    expect(code(() => decodeDeltaHeader(new Uint8Array(0)))).toBe('OTA_DELTA')
  })

  it('refuses to encode what it could not decode', () => {
    expect(code(() => encodeDeltaHeader({ ...input, newSize: 2501 }))).toBe('OTA_INVALID_ARGUMENT')
    expect(code(() => encodeDeltaHeader({ ...input, blocks: [] }))).toBe('OTA_INVALID_ARGUMENT')
    expect(code(() => encodeDeltaHeader({ ...input, algorithm: 'two words' }))).toBe('OTA_INVALID_ARGUMENT')
    expect(code(() => encodeDeltaHeader({ ...input, blocks: [{ payloadLength: 1, outLength: DeltaLimits.maxBlockOut + 1 }], newSize: DeltaLimits.maxBlockOut + 1 }))).toBe('OTA_INVALID_ARGUMENT')
  })
})

describe('brotliWindowBits', () => {
  it('reads the window Brotli\'s encoder wrote, for every lgwin 10..24', () => {
    const data = new Uint8Array(1 << 16).map((_, i) => (i * 7919) >>> 3)
    for (let w = 10; w <= 24; w++) {
      const c = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_LGWIN]: w, [constants.BROTLI_PARAM_QUALITY]: 4 } })
      expect(brotliWindowBits(c[0]!), `lgwin ${w}`).toBeLessThanOrEqual(w)
      expect(brotliWindowBits(c[0]!)).toBeGreaterThanOrEqual(10)
    }
    const large = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_LARGE_WINDOW]: 1, [constants.BROTLI_PARAM_LGWIN]: 26 } })
    expect(brotliWindowBits(large[0]!)).toBe(0)
  })
})
