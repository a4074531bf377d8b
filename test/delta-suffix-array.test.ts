/**
 * The SA-IS suffix array (sign/delta/suffix-array.ts) and bsdiff's search on it: the array is a
 * permutation whose suffixes are in strict lexicographic order, on random, highly repetitive
 * (the hard cases of induced sorting: runs, short periods) and real firmware input, and the
 * search finds a longest match.
 */
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { suffixArray, searchLongest } from '../sign/delta/index.js'

const fw = join(import.meta.dirname, 'fixtures', 'firmware')

function rng (seed: number): () => number {
  let s = seed >>> 0
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32 }
}

function expectSorted (s: Uint8Array, sa: Int32Array): void {
  expect(sa.length).toBe(s.length)
  const seen = new Uint8Array(s.length)
  for (const v of sa) { expect(v >= 0 && v < s.length && seen[v] === 0).toBe(true); seen[v] = 1 }
  const b = Buffer.from(s.buffer, s.byteOffset, s.byteLength)
  for (let i = 1; i < sa.length; i++) {
    const c = Buffer.compare(b.subarray(sa[i - 1]!), b.subarray(sa[i]!))
    if (c >= 0) expect.fail(`suffixes ${sa[i - 1]} and ${sa[i]} out of order at rank ${i}`)
  }
}

describe('suffixArray (SA-IS)', () => {
  it('sorts tiny inputs', () => {
    for (const t of ['', 'a', 'ab', 'ba', 'aa', 'banana', 'mississippi', 'abracadabra', 'aaaaaaaaaaaaaaaaaaaaaaaa']) {
      expectSorted(Buffer.from(t), suffixArray(Buffer.from(t)))
    }
  })

  it('sorts random inputs over small and full alphabets', () => {
    const r = rng(8)
    for (const [n, k] of [[100, 2], [1000, 3], [5000, 256], [20000, 4]] as const) {
      const s = Uint8Array.from({ length: n }, () => Math.floor(r() * k))
      expectSorted(s, suffixArray(s))
    }
  })

  it('sorts runs and short periods (deep recursion)', () => {
    const zeros = new Uint8Array(3000)
    expectSorted(zeros, suffixArray(zeros))
    const period = Uint8Array.from({ length: 4000 }, (_, i) => [1, 2, 1, 2, 2][i % 5]!)
    expectSorted(period, suffixArray(period))
    const fib = [Buffer.from('a'), Buffer.from('ab')]
    while (fib[fib.length - 1]!.length < 5000) fib.push(Buffer.concat([fib[fib.length - 1]!, fib[fib.length - 2]!]))
    expectSorted(fib[fib.length - 1]!, suffixArray(fib[fib.length - 1]!))
  })

  it('sorts a real firmware image (ath9k old.bin)', () => {
    const old = readFileSync(join(fw, 'ath9k', 'old.bin'))
    expectSorted(old, suffixArray(old))
  })
})

describe('searchLongest', () => {
  it('finds a longest match of the new bytes in the old image', () => {
    const old = readFileSync(join(fw, 'ath9k', 'old.bin'))
    const nw = readFileSync(join(fw, 'ath9k', 'new.bin'))
    const sa = suffixArray(old)
    const pos = new Int32Array(1)
    const r = rng(3)
    for (let t = 0; t < 40; t++) {
      const scan = Math.floor(r() * (nw.length - 1))
      const len = searchLongest(sa, old, nw, scan, pos)
      let got = 0
      while (scan + got < nw.length && pos[0]! + got < old.length && old[pos[0]! + got] === nw[scan + got]) got++
      expect(got).toBe(len)
      // no old offset matches longer: check against a brute-force scan of a window of offsets
      const probe = nw.subarray(scan, scan + len + 1)
      if (scan + len < nw.length) expect(old.indexOf(probe)).toBe(-1)
    }
  })
})
