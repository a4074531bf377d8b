/**
 * The hand-laid chunk data frame (proto/codec/chunk.ts): byte for byte what protobuf.js encodes
 * for the same message, decoded strictly by decodeDataFrame, and a frame from chunkFrameSlot
 * handed out by encodeDataFrame without a copy only when artifact, index and proof all match.
 */
import { describe, it, expect } from 'vitest'
import { randomBytes } from 'node:crypto'
import { ota } from '../proto/gen/ota.js'
import { chunkFrameSlot } from '../proto/codec/chunk.js'
import { decodeDataFrame, encodeDataFrame, isOtaError, sha256, type ChunkFrame } from '../proto/index.js'

const pb = ota.v1
const digest = (s: string): Uint8Array => sha256(new TextEncoder().encode(s))
const viaProtobufJs = (c: ChunkFrame): Uint8Array => pb.DataFrame.encode({ chunk: c }).finish()

describe('chunk frames laid out by hand', () => {
  const cases: Array<[string, ChunkFrame]> = [
    ['index 0 (proto3 default, left out)', { artifact: digest('a'), index: 0, data: randomBytes(100), proof: [] }],
    ['one-byte index and proof', { artifact: digest('a'), index: 5, data: randomBytes(1), proof: [digest('p')] }],
    ['two-byte varints', { artifact: digest('a'), index: 300, data: randomBytes(200), proof: [digest('p'), digest('q')] }],
    ['64 KiB chunk, 40 proof hashes, largest index', { artifact: digest('a'), index: 0xffffffff, data: randomBytes(65536), proof: Array.from({ length: 40 }, (_, i) => digest(String(i))) }],
    ['1 MiB chunk', { artifact: digest('b'), index: 2 ** 21, data: randomBytes(1024 * 1024), proof: [digest('x')] }],
    ['malformed parts are encoded as given (tests forge them)', { artifact: new Uint8Array(33), index: 1, data: new Uint8Array(0), proof: [new Uint8Array(0), new Uint8Array(31)] }]
  ]
  for (const [name, c] of cases) {
    it(`${name}: the bytes protobuf.js writes`, () => {
      expect(Buffer.from(encodeDataFrame({ chunk: c })).equals(Buffer.from(viaProtobufJs(c)))).toBe(true)
    })
  }

  it('round-trips through the strict decoder', () => {
    const c = cases[3]![1]
    const back = decodeDataFrame(encodeDataFrame({ chunk: c }), 65536).chunk!
    expect(back.index).toBe(c.index)
    expect(Buffer.from(back.data).equals(Buffer.from(c.data))).toBe(true)
    expect(back.proof.map((p) => Buffer.from(p).toString('hex'))).toEqual(c.proof.map((p) => Buffer.from(p).toString('hex')))
  })

  it('refuses an index outside uint32', () => {
    for (const index of [-1, 2 ** 32, 1.5]) {
      let err: unknown
      try { encodeDataFrame({ chunk: { artifact: digest('a'), index, data: new Uint8Array(1), proof: [] } }) } catch (e) { err = e }
      expect(isOtaError(err) && err.code).toBe('OTA_INVALID_ARGUMENT')
    }
  })
})

describe('chunkFrameSlot', () => {
  const artifact = digest('artifact')
  const proof = [digest('p0'), digest('p1'), digest('p2')]

  it('lays the frame out around the chunk: filled in place, encoded without a copy', () => {
    const bytes = randomBytes(4096)
    const s = chunkFrameSlot(artifact, 77, bytes.length, proof)
    expect(s.data.buffer).toBe(s.frame.buffer)
    s.data.set(bytes)
    const out = encodeDataFrame({ chunk: { artifact: Uint8Array.from(artifact), index: 77, data: s.data, proof: proof.map((p) => Uint8Array.from(p)) } })
    expect(out).toBe(s.frame)
    expect(Buffer.from(out).equals(Buffer.from(viaProtobufJs({ artifact, index: 77, data: bytes, proof })))).toBe(true)
  })

  it('is not reused when the artifact, index or proof differ: a fresh, correct frame instead', () => {
    const s = chunkFrameSlot(artifact, 3, 64, proof)
    s.data.fill(7)
    const variants: ChunkFrame[] = [
      { artifact: digest('other'), index: 3, data: s.data, proof },
      { artifact, index: 4, data: s.data, proof },
      { artifact, index: 3, data: s.data, proof: proof.slice(1) },
      { artifact, index: 3, data: s.data, proof: [proof[0]!, proof[1]!, digest('x')] }
    ]
    for (const c of variants) {
      const out = encodeDataFrame({ chunk: c })
      expect(out).not.toBe(s.frame)
      expect(Buffer.from(out).equals(Buffer.from(viaProtobufJs(c)))).toBe(true)
    }
  })

  it('refuses a chunk length outside 1 byte to the largest chunk size', () => {
    for (const n of [0, -1, 1024 * 1024 + 1, 2.5]) {
      let err: unknown
      try { chunkFrameSlot(artifact, 0, n, []) } catch (e) { err = e }
      expect(isOtaError(err) && err.code).toBe('OTA_INVALID_ARGUMENT')
    }
  })
})
