import { describe, expect, it } from 'vitest'
import { MerkleTree, leafHash, treeOf, verifyInclusion } from '../proto/index.js'
import { MerkleVerifier } from '../proto/merkle-verifier.js'
import { prng } from './helpers/prng.js'

function leavesOf (n: number, seed: number): Uint8Array[] {
  const rand = prng(seed)
  return Array.from({ length: n }, () => leafHash(Uint8Array.from({ length: 16 }, () => Math.floor(rand() * 256))))
}

function shuffled (n: number, seed: number): number[] {
  const rand = prng(seed)
  const order = Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[order[i], order[j]] = [order[j]!, order[i]!]
  }
  return order
}

describe('MerkleVerifier', () => {
  it('accepts every leaf of trees of 1 to 300 leaves, in any order, with any memory bound', () => {
    for (let n = 1; n <= 300; n += n < 20 ? 1 : 37) {
      const leaves = leavesOf(n, n)
      const tree = new MerkleTree(leaves)
      for (const memory of [0, 200, 1024 * 1024]) {
        const v = new MerkleVerifier(tree.root, n, memory)
        for (const i of shuffled(n, n * 7 + memory)) expect(v.verify(leaves[i]!, i, tree.proof(i)), `n=${n} i=${i} memory=${memory}`).toBe(true)
        // Twice: the second pass ends on proven nodes.
        for (const i of shuffled(n, n * 11)) expect(v.verify(leaves[i]!, i, tree.proof(i))).toBe(true)
      }
    }
  })

  it('refuses a wrong leaf at every index, cold and after every other leaf was proven', () => {
    const n = 77
    const leaves = leavesOf(n, 3)
    const tree = new MerkleTree(leaves)
    const v = new MerkleVerifier(tree.root, n)
    const bad = (i: number): Uint8Array => { const x = leaves[i]!.slice(); x[5]! ^= 0x10; return x }
    for (let i = 0; i < n; i++) expect(v.verify(bad(i), i, tree.proof(i))).toBe(false)
    for (let i = 0; i < n; i++) expect(v.verify(leaves[i]!, i, tree.proof(i))).toBe(true)
    for (let i = 0; i < n; i++) expect(v.verify(bad(i), i, tree.proof(i))).toBe(false)
    // A right leaf under another index.
    for (let i = 0; i + 1 < n; i++) expect(v.verify(leaves[i]!, i + 1, tree.proof(i + 1))).toBe(false)
  })

  it('gives verifyInclusion\'s verdict on a cold tree for tampered proofs, wrong lengths and bad input, and never throws', () => {
    const rand = prng(99)
    for (let round = 0; round < 400; round++) {
      const n = 1 + Math.floor(rand() * 64)
      const leaves = leavesOf(n, round)
      const tree = new MerkleTree(leaves)
      const i = Math.floor(rand() * n)
      const proof = tree.proof(i).map((p) => p.slice())
      const kind = Math.floor(rand() * 5)
      if (kind === 0 && proof.length > 0) proof[Math.floor(rand() * proof.length)]![Math.floor(rand() * 32)]! ^= 1
      if (kind === 1) proof.push(new Uint8Array(32))
      if (kind === 2 && proof.length > 0) proof.pop()
      if (kind === 3 && proof.length > 0) proof[0] = new Uint8Array(31)
      const v = new MerkleVerifier(tree.root, n)
      expect(v.verify(leaves[i]!, i, proof), `round ${round} kind ${kind}`).toBe(verifyInclusion(leaves[i]!, i, n, proof, tree.root))
    }
    const tree = treeOf(new Uint8Array(1000), 100)
    const v = new MerkleVerifier(tree.root, tree.size)
    const leaf = leafHash(new Uint8Array(100))
    expect(v.verify(leaf, -1, tree.proof(0))).toBe(false)
    expect(v.verify(leaf, 10, tree.proof(0))).toBe(false)
    expect(v.verify(leaf, 0.5, tree.proof(0))).toBe(false)
    expect(v.verify(new Uint8Array(31), 0, tree.proof(0))).toBe(false)
    expect(v.verify(leaf, 0, null as unknown as Uint8Array[])).toBe(false)
    expect(v.verify(leaf, 0, [null as unknown as Uint8Array, ...tree.proof(0).slice(1)])).toBe(false)
  })

  it('a proven node never makes a forged chunk pass: the forged path must still meet it with the proven value', () => {
    const n = 16
    const leaves = leavesOf(n, 5)
    const tree = new MerkleTree(leaves)
    const v = new MerkleVerifier(tree.root, n)
    expect(v.verify(leaves[0]!, 0, tree.proof(0))).toBe(true)
    // Leaf 1 is now proven (leaf 0's sibling): a different leaf 1 with a made-up proof fails at once.
    const forged = leavesOf(1, 1234)[0]!
    expect(v.verify(forged, 1, tree.proof(1))).toBe(false)
    // Leaf 2 with a proof whose first element is not leaf 3: the path meets proven node (1, 1) with another value.
    const proof2 = tree.proof(2).map((p) => p.slice())
    proof2[0]![0]! ^= 1
    expect(v.verify(leaves[2]!, 2, proof2)).toBe(false)
  })

  it('checks its arguments', () => {
    expect(() => new MerkleVerifier(new Uint8Array(31), 1)).toThrow(/32 bytes/)
    expect(() => new MerkleVerifier(new Uint8Array(32), 0)).toThrow(/at least one leaf/)
    expect(() => new MerkleVerifier(new Uint8Array(32), 1, -1)).toThrow(/memoryBytes/)
  })
})
