/**
 * The chunk Merkle tree (proto/merkle.ts) against an independent, straightforward recursive
 * implementation of RFC 9162 section 2.1.1 (MTH) and 2.1.3.1 (PATH) written here with
 * node:crypto, for every leaf count 1..70 and every index, plus published known answers.
 */
import { describe, it, expect } from 'vitest'
import { createHash, randomBytes } from 'node:crypto'
import { MerkleTree, isOtaError, leafHash, nodeHash, treeOf, verifyInclusion } from '../proto/index.js'

const H = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash('sha256')
  for (const p of parts) h.update(p)
  return new Uint8Array(h.digest())
}
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'))

// ---- reference: RFC 9162 section 2.1 ------------------------------------------------------

const refLeaf = (d: Uint8Array): Uint8Array => H(Uint8Array.of(0), d)
const refNode = (l: Uint8Array, r: Uint8Array): Uint8Array => H(Uint8Array.of(1), l, r)

/** k: the largest power of two smaller than n (n > 1). */
function split (n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

/** MTH(D[n]) over already-hashed leaves (2.1.1): MTH({d0}) = leaf hash; otherwise split at k. */
function mth (leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 1) return leaves[0]!
  const k = split(leaves.length)
  return refNode(mth(leaves.slice(0, k)), mth(leaves.slice(k)))
}

/** PATH(m, D[n]) (2.1.3.1). */
function path (m: number, leaves: readonly Uint8Array[]): Uint8Array[] {
  const n = leaves.length
  if (n === 1) return []
  const k = split(n)
  return m < k
    ? [...path(m, leaves.slice(0, k)), mth(leaves.slice(k))]
    : [...path(m - k, leaves.slice(k)), mth(leaves.slice(0, k))]
}

/** The sides the leaf's ancestors take, leaf to root ('L' = left child): the proof's shape. */
function shape (m: number, n: number): string {
  if (n === 1) return ''
  const k = split(n)
  return m < k ? shape(m, k) + 'L' : shape(m - k, n - k) + 'R'
}

/** Distinct leaves: leaf hashes of distinct data. */
const LEAF_DATA = Array.from({ length: 80 }, (_, i) => Uint8Array.of(i, i * 7 & 0xff, 0x5a))
const LEAVES = LEAF_DATA.map(refLeaf)

/**
 * Other values to try instead of `v` in [lo, hi]: all of them when the range is small, else the
 * neighbours, the ends, powers of two around and a spread, so the O(n^2) loops stay fast.
 */
function others (v: number, lo: number, hi: number): number[] {
  const out = new Set<number>()
  if (hi - lo <= 16) {
    for (let x = lo; x <= hi; x++) out.add(x)
  } else {
    for (let d = -3; d <= 3; d++) out.add(v + d)
    for (const x of [lo, lo + 1, hi - 1, hi, v ^ 1, v ^ 2, v ^ 4, v ^ 8, v ^ 16, v ^ 32, v ^ 64]) out.add(x)
    for (let p = 1; p <= hi; p *= 2) { out.add(p - 1); out.add(p) }
    for (let x = lo; x <= hi; x += 13) out.add(x)
  }
  out.delete(v)
  return [...out].filter((x) => x >= lo && x <= hi)
}

describe('hashing primitives', () => {
  it('leafHash is SHA-256(0x00 || data); the empty leaf is sha256(0x00)', () => {
    expect(hex(leafHash(new Uint8Array(0)))).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d')
    expect(hex(H(Uint8Array.of(0)))).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d')
    for (const d of [Uint8Array.of(0), Uint8Array.of(1, 2, 3), randomBytes(1000)]) expect(hex(leafHash(d))).toBe(hex(refLeaf(d)))
  })

  it('nodeHash is SHA-256(0x01 || left || right), order-sensitive', () => {
    const a = LEAVES[0]!
    const b = LEAVES[1]!
    expect(hex(nodeHash(a, b))).toBe(hex(refNode(a, b)))
    expect(hex(nodeHash(a, b))).not.toBe(hex(nodeHash(b, a)))
    // domain separation: a node over (a, b) is not the leaf hash of a || b
    expect(hex(nodeHash(a, b))).not.toBe(hex(leafHash(Uint8Array.of(...a, ...b))))
  })
})

describe('known answers (Certificate Transparency reference data, RFC 6962 = RFC 9162 hashing)', () => {
  const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(unhex)
  const CT_ROOTS = [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'
  ]
  // (0-based leaf index, tree size, proof)
  const CT_PROOFS: Array<[number, number, string[]]> = [
    [0, 8, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
    [5, 8, ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
    [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
    [1, 5, ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']]
  ]
  const leaves = CT_LEAVES.map((d) => leafHash(d))

  it('MerkleTree roots for 1..8 leaves equal the published tree heads (and so does the reference)', () => {
    for (let n = 1; n <= 8; n++) {
      expect(hex(new MerkleTree(leaves.slice(0, n)).root), `size ${n}`).toBe(CT_ROOTS[n - 1])
      expect(hex(mth(CT_LEAVES.slice(0, n).map(refLeaf))), `reference, size ${n}`).toBe(CT_ROOTS[n - 1])
    }
  })

  it('proofs equal the published inclusion proofs and verify', () => {
    for (const [i, n, expected] of CT_PROOFS) {
      const t = new MerkleTree(leaves.slice(0, n))
      expect(t.proof(i).map(hex), `leaf ${i} of ${n}`).toEqual(expected)
      expect(verifyInclusion(leaves[i]!, i, n, expected.map(unhex), unhex(CT_ROOTS[n - 1]!))).toBe(true)
    }
  })

  it("treeOf over chunks '', 'a', 'b', ... matches the reference; a lone empty image is the empty leaf", () => {
    expect(hex(treeOf(new Uint8Array(0), 4096).root)).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d')
    expect(treeOf(new Uint8Array(0), 4096).size).toBe(1)
    const chunks = ['', 'a', 'b', 'c', 'd', 'e'].map((s) => new TextEncoder().encode(s))
    const t = new MerkleTree(chunks.map((c) => leafHash(c)))
    expect(hex(t.root)).toBe(hex(mth(chunks.map(refLeaf))))
    expect(hex(t.proof(0)[0]!)).toBe(hex(H(Uint8Array.of(0, 0x61))))
  })
})

/** Collects failed checks so that hot loops need not call expect() hundreds of thousands of times. */
function collector (): { check: (got: boolean, want: boolean, what: string) => void, failures: string[] } {
  const failures: string[] = []
  return { failures, check: (got, want, what) => { if (got !== want) failures.push(`${what || 'check'}: got ${String(got)}, want ${String(want)}`) } }
}

describe('MerkleTree and proof() against the RFC 9162 reference, 1..70 leaves, every index', () => {
  it('roots and every proof are identical to MTH and PATH', () => {
    for (let n = 1; n <= 70; n++) {
      const leaves = LEAVES.slice(0, n)
      const t = new MerkleTree(leaves)
      expect(t.size).toBe(n)
      expect(hex(t.root), `root of ${n}`).toBe(hex(mth(leaves)))
      for (let i = 0; i < n; i++) {
        expect(t.proof(i).map(hex), `proof of ${i} in ${n}`).toEqual(path(i, leaves).map(hex))
        expect(t.proof(i).length).toBe(shape(i, n).length)
      }
    }
  })

  it('verifyInclusion accepts every genuine proof (also the reference PATH)', () => {
    const { check, failures } = collector()
    for (let n = 1; n <= 70; n++) {
      const leaves = LEAVES.slice(0, n)
      const t = new MerkleTree(leaves)
      const root = mth(leaves)
      for (let i = 0; i < n; i++) {
        check(verifyInclusion(leaves[i]!, i, n, t.proof(i), root), true, `leaf ${i} of ${n}`)
        check(verifyInclusion(leaves[i]!, i, n, path(i, leaves), root), true, `reference path, leaf ${i} of ${n}`)
      }
    }
    expect(failures).toEqual([])
  })

  it('rejects a wrong index and another leaf (its hash, or its proof)', () => {
    const { check, failures } = collector()
    for (let n = 1; n <= 70; n++) {
      const leaves = LEAVES.slice(0, n)
      const t = new MerkleTree(leaves)
      const root = t.root
      const proofs = leaves.map((_, i) => t.proof(i))
      for (let i = 0; i < n; i++) {
        for (const j of others(i, 0, n - 1)) {
          check(verifyInclusion(leaves[i]!, j, n, proofs[i]!, root), false, `proof of ${i} at index ${j} in ${n}`)
          check(verifyInclusion(leaves[i]!, i, n, proofs[j]!, root), false, `leaf ${i} with proof of ${j} in ${n}`)
          check(verifyInclusion(leaves[j]!, i, n, proofs[i]!, root), false, `leaf ${j} with proof of ${i} in ${n}`)
        }
        for (const bad of [n, n + 1, 2 * n, -1, 1.5, NaN, Infinity, 2 ** 53]) {
          check(verifyInclusion(leaves[i]!, bad, n, proofs[i]!, root), false, `index ${bad} in ${n}`)
        }
        // a leaf outside the tree, with the genuine proof
        check(verifyInclusion(LEAVES[n]!, i, n, proofs[i]!, root), false, `leaf from outside the tree at ${i} in ${n}`)
      }
    }
    expect(failures).toEqual([])
  })

  it('rejects a wrong size exactly when the proof shape changes (and always when index >= size)', () => {
    const { check, failures } = collector()
    let rejected = 0
    let sameShape = 0
    for (let n = 1; n <= 70; n++) {
      const leaves = LEAVES.slice(0, n)
      const t = new MerkleTree(leaves)
      for (let i = 0; i < n; i++) {
        const proof = t.proof(i)
        for (const m of others(n, 0, 2 * n + 2)) {
          // A proof binds the size only through its shape: the RFC 9162 verifier uses the size to
          // pick left/right and the proof length. Where (i, m) has the same shape as (i, n) the
          // computation is identical and must succeed; everywhere else it must fail.
          const expected = m > i && shape(i, m) === shape(i, n)
          check(verifyInclusion(leaves[i]!, i, m, proof, t.root), expected, `leaf ${i} of ${n} checked as size ${m}`)
          if (expected) sameShape++; else rejected++
        }
        for (const bad of [-1, 0.5, n + 0.5, NaN, Infinity, 2 ** 53]) check(verifyInclusion(leaves[i]!, i, bad, proof, t.root), false, `size ${bad}, leaf ${i} of ${n}`)
      }
    }
    expect(rejected).toBeGreaterThan(20_000)
    expect(sameShape).toBeGreaterThan(0)
    expect(failures).toEqual([])
  })

  it('rejects a flipped bit in any proof element, in the leaf and in the root', () => {
    const { check, failures } = collector()
    for (let n = 1; n <= 70; n++) {
      const leaves = LEAVES.slice(0, n)
      const t = new MerkleTree(leaves)
      for (let i = 0; i < n; i++) {
        const proof = t.proof(i)
        for (let e = 0; e < proof.length; e++) {
          for (const bit of [0, (i * 31 + e * 7 + n) % 256, 255]) {
            const bad = proof.map((p) => p.slice())
            bad[e]![bit >> 3]! ^= 1 << (bit & 7)
            check(verifyInclusion(leaves[i]!, i, n, bad, t.root), false, `element ${e} bit ${bit}, leaf ${i} of ${n}`)
          }
        }
        const leaf = leaves[i]!.slice(); leaf[i % 32]! ^= 0x80
        check(verifyInclusion(leaf, i, n, proof, t.root), false, `flipped leaf ${i} of ${n}`)
        const root = t.root.slice(); root[31 - (i % 32)]! ^= 0x01
        check(verifyInclusion(leaves[i]!, i, n, proof, root), false, `flipped root, leaf ${i} of ${n}`)
      }
    }
    expect(failures).toEqual([])
  })

  it('rejects truncated, extended, reordered and malformed proofs', () => {
    const { check, failures } = collector()
    for (let n = 1; n <= 70; n++) {
      const leaves = LEAVES.slice(0, n)
      const t = new MerkleTree(leaves)
      for (let i = 0; i < n; i++) {
        const proof = t.proof(i)
        const extra = randomBytes(32)
        check(verifyInclusion(leaves[i]!, i, n, [...proof, extra], t.root), false, `extended, leaf ${i} of ${n}`)
        check(verifyInclusion(leaves[i]!, i, n, [...proof, t.root], t.root), false, `extended by the root, leaf ${i} of ${n}`)
        check(verifyInclusion(leaves[i]!, i, n, [extra, ...proof], t.root), false, `prefixed, leaf ${i} of ${n}`)
        if (proof.length > 0) {
          check(verifyInclusion(leaves[i]!, i, n, proof.slice(0, -1), t.root), false, `truncated, leaf ${i} of ${n}`)
          check(verifyInclusion(leaves[i]!, i, n, proof.slice(1), t.root), false, `first element dropped, leaf ${i} of ${n}`)
          check(verifyInclusion(leaves[i]!, i, n, [], t.root), false, `empty proof, leaf ${i} of ${n}`)
          // the truncated proof proves the leaf into the root's child subtree (of size k), which
          // verifies as such but not as the whole tree of size n
          const k = split(n)
          const [sub, subSize, subIndex] = i < k ? [leaves.slice(0, k), k, i] : [leaves.slice(k), n - k, i - k]
          check(verifyInclusion(leaves[i]!, subIndex, subSize, proof.slice(0, -1), mth(sub)), true, `subtree proof, leaf ${i} of ${n}`)
          check(verifyInclusion(leaves[i]!, i, n, proof.slice(0, -1), mth(sub)), false, `truncated proof against the subtree root, leaf ${i} of ${n}`)
          const e = proof.length - 1
          check(verifyInclusion(leaves[i]!, i, n, [...proof.slice(0, e), proof[e]!.subarray(0, 31)], t.root), false, `31-byte element, leaf ${i} of ${n}`)
          check(verifyInclusion(leaves[i]!, i, n, [...proof.slice(0, e), Uint8Array.of(...proof[e]!, 0)], t.root), false, `33-byte element, leaf ${i} of ${n}`)
        }
        if (proof.length > 1) {
          check(verifyInclusion(leaves[i]!, i, n, [...proof].reverse(), t.root), false, `reversed, leaf ${i} of ${n}`)
        }
      }
    }
    expect(failures).toEqual([])
  })

  it('a one-leaf tree: root = leaf, empty proof; anything else refused', () => {
    const t = new MerkleTree([LEAVES[0]!])
    expect(hex(t.root)).toBe(hex(LEAVES[0]!))
    expect(t.proof(0)).toEqual([])
    expect(verifyInclusion(LEAVES[0]!, 0, 1, [], LEAVES[0]!)).toBe(true)
    expect(verifyInclusion(LEAVES[0]!, 0, 1, [LEAVES[1]!], nodeHash(LEAVES[0]!, LEAVES[1]!))).toBe(false)
    expect(verifyInclusion(LEAVES[0]!, 0, 0, [], LEAVES[0]!)).toBe(false)
    expect(verifyInclusion(LEAVES[1]!, 0, 1, [], LEAVES[0]!)).toBe(false)
  })
})

describe('MerkleTree API', () => {
  it('refuses an empty leaf list and out-of-range proof indexes with OTA_INVALID_ARGUMENT', () => {
    expect(() => new MerkleTree([])).toThrow(expect.objectContaining({ code: 'OTA_INVALID_ARGUMENT' }))
    const t = new MerkleTree(LEAVES.slice(0, 5))
    for (const bad of [-1, 5, 6, 1.5, NaN, Infinity]) {
      let thrown: unknown
      try { t.proof(bad) } catch (e) { thrown = e }
      expect(isOtaError(thrown, 'OTA_INVALID_ARGUMENT'), `index ${bad}`).toBe(true)
    }
  })

  it('verifyInclusion never throws on malformed arguments', () => {
    const t = new MerkleTree(LEAVES.slice(0, 4))
    const leaf = LEAVES[0]!
    const proof = t.proof(0)
    const junk: unknown[] = [undefined, null, NaN, 'x', '0', {}, [], new Array(32).fill(0), new Uint16Array(16)]
    for (const j of junk) {
      const cases: Array<() => unknown> = [
        () => verifyInclusion(j as Uint8Array, 0, 4, proof, t.root),
        () => verifyInclusion(leaf, j as number, 4, proof, t.root),
        () => verifyInclusion(leaf, 0, j as number, proof, t.root),
        () => verifyInclusion(leaf, 0, 4, j as Uint8Array[], t.root),
        () => verifyInclusion(leaf, 0, 4, [j as Uint8Array, ...proof.slice(1)], t.root),
        () => verifyInclusion(leaf, 0, 4, [...proof.slice(0, 2), j as Uint8Array], t.root),
        () => verifyInclusion(leaf, 0, 4, proof, j as Uint8Array)
      ]
      for (const [k, c] of cases.entries()) {
        let r: unknown
        expect(() => { r = c() }, `case ${k} with ${String(j)}`).not.toThrow()
        expect(r, `case ${k} with ${String(j)}`).toBe(false)
      }
    }
  })
})

describe('treeOf: the tree of an image cut into chunks', () => {
  const cases: Array<[number, number]> = [
    [1, 256], [255, 256], [256, 256], [257, 256], [256 * 5, 256], [256 * 5 + 3, 256], [256 * 70 - 1, 256],
    [4096 * 3 + 1, 4096], [10_000, 1024], [1, 65536], [65536 * 2, 65536]
  ]
  for (const [size, chunkSize] of cases) {
    it(`${size} bytes in ${chunkSize}-byte chunks`, () => {
      const data = randomBytes(size)
      const chunks: Uint8Array[] = []
      for (let off = 0; off < size; off += chunkSize) chunks.push(data.subarray(off, off + chunkSize))
      expect(chunks.length).toBe(Math.ceil(size / chunkSize))
      const t = treeOf(data, chunkSize)
      expect(t.size).toBe(chunks.length)
      expect(hex(t.root)).toBe(hex(mth(chunks.map(refLeaf))))
      for (let i = 0; i < chunks.length; i++) {
        expect(verifyInclusion(leafHash(chunks[i]!), i, chunks.length, t.proof(i), t.root)).toBe(true)
      }
      // one changed byte anywhere changes the root
      const changed = Uint8Array.from(data)
      changed[size - 1]! ^= 1
      expect(hex(treeOf(changed, chunkSize).root)).not.toBe(hex(t.root))
      // the last chunk's length matters: one byte more or less changes the root
      expect(hex(treeOf(data.subarray(0, size - 1), chunkSize).root)).not.toBe(hex(t.root))
      expect(hex(treeOf(Buffer.concat([data, Uint8Array.of(0)]), chunkSize).root)).not.toBe(hex(t.root))
    })
  }
})
