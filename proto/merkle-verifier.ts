/**
 * Inclusion proofs of one artifact's chunks verified against its signed Merkle root with memory
 * of what was already proven (RFC 9162 section 2.1.3.2, the same tree as merkle.ts).
 *
 * Why: a device checks every chunk's proof, about log2(chunks) node hashes each, and neighbouring
 * chunks share almost all of their paths. A node on a path that hashed up to the signed root is
 * authentic (SHA-256 is collision resistant), and so is every sibling hash that took part. Once
 * proven, such a node ends the next proof that reaches it: the computed value must equal the
 * proven one, and the rest of the path is already known to lead to the root. Chunk 2k+1, whose
 * leaf is chunk 2k's proven sibling, then costs its leaf hash alone; on average a chunk costs
 * about two hashes instead of log2(chunks) + 1, whatever the order chunks arrive in.
 *
 * Positions follow merkle.ts's levels: level 0 holds the leaves, a node without a sibling is
 * carried up unchanged, which gives exactly the RFC 9162 split for any leaf count.
 */
import { bytesEqual, isBytes } from './bytes.js'
import { OtaError } from './errors.js'
import { nodeHash } from './merkle.js'

/** Defaults of {@link MerkleVerifier}. */
export const MerkleVerifierDefaults = Object.freeze({
  /** most bytes of proven nodes kept per artifact; the levels nearest the root are kept first */
  memoryBytes: 1024 * 1024
})

/** One level of proven node hashes: 32 bytes per node, and a bit per node saying it is proven. */
interface Level { hashes: Uint8Array, known: Uint8Array }

/**
 * Verifies the inclusion proofs of one tree (one artifact), remembering proven nodes within a
 * memory bound. Never throws from {@link MerkleVerifier.verify}.
 */
export class MerkleVerifier {
  /** nodes per level, level 0 = leaves */
  private readonly widths: number[] = []
  /** proven nodes of each level, or null for a level not kept (over the memory bound) */
  private readonly levels: Array<Level | null> = []

  /**
   * @param root - the 32-byte signed Merkle root
   * @param size - number of leaves (chunks), at least 1
   * @param memoryBytes - most bytes of node hashes kept (default {@link MerkleVerifierDefaults.memoryBytes});
   *   0 keeps none, and every proof is then verified in full
   * @throws OtaError `OTA_INVALID_ARGUMENT` for a root that is not 32 bytes, a size below 1 or a negative bound
   */
  constructor (private readonly root: Uint8Array, private readonly size: number, memoryBytes: number = MerkleVerifierDefaults.memoryBytes) {
    if (!isBytes(root, 32)) throw new OtaError('OTA_INVALID_ARGUMENT', 'Merkle root must be 32 bytes')
    if (!Number.isSafeInteger(size) || size < 1) throw new OtaError('OTA_INVALID_ARGUMENT', `a Merkle tree has at least one leaf, got ${size}`)
    if (!Number.isSafeInteger(memoryBytes) || memoryBytes < 0) throw new OtaError('OTA_INVALID_ARGUMENT', `memoryBytes must be a non-negative integer, got ${memoryBytes}`)
    for (let n = size; ; n = Math.ceil(n / 2)) {
      this.widths.push(n)
      if (n === 1) break
    }
    let left = memoryBytes
    this.levels = this.widths.map(() => null)
    // The top levels are small and shared by the most proofs: keep them first.
    for (let l = this.widths.length - 2; l >= 0; l--) {
      const n = this.widths[l]!
      const bytes = n * 32 + Math.ceil(n / 8)
      if (bytes > left) break
      left -= bytes
      this.levels[l] = { hashes: new Uint8Array(n * 32), known: new Uint8Array(Math.ceil(n / 8)) }
    }
  }

  private proven (l: number, i: number): Uint8Array | null {
    const level = this.levels[l]
    if (level == null || (level.known[i >> 3]! & (1 << (i & 7))) === 0) return null
    return level.hashes.subarray(i * 32, i * 32 + 32)
  }

  private remember (l: number, i: number, hash: Uint8Array): void {
    const level = this.levels[l]
    if (level == null) return
    level.hashes.set(hash, i * 32)
    level.known[i >> 3]! |= 1 << (i & 7)
  }

  /**
   * Verifies that `leaf` is leaf `index` of the tree: the proof must have exactly the length
   * RFC 9162 gives for that index and size, each element 32 bytes, and its path must hash to the
   * root or to a node proven before (then with the same value).
   * @param leaf - the leaf hash (merkle.ts `leafHash` of the chunk), 32 bytes
   * @param index - the leaf's index, 0-based
   * @param proof - sibling hashes, leaf to root
   * @returns true when the chunk is proven; false for anything else, never throws
   */
  verify (leaf: Uint8Array, index: number, proof: readonly Uint8Array[]): boolean {
    try {
      if (!isBytes(leaf, 32) || !Number.isSafeInteger(index) || index < 0 || index >= this.size || !Array.isArray(proof)) return false
      const top = this.widths.length - 1
      // Expected proof length: one sibling per level where the node has one.
      let expected = 0
      for (let l = 0, i = index; l < top; l++, i >>= 1) if ((i ^ 1) < this.widths[l]!) expected++
      if (proof.length !== expected) return false
      for (const p of proof) if (!isBytes(p, 32)) return false
      const path: Array<{ l: number, i: number, hash: Uint8Array }> = []
      let r = leaf
      let p = 0
      let i = index
      for (let l = 0; l < top; l++, i >>= 1) {
        const known = this.proven(l, i)
        if (known !== null) {
          if (!bytesEqual(known, r)) return false
          this.commit(path)
          return true
        }
        path.push({ l, i, hash: r })
        const sibling = i ^ 1
        if (sibling < this.widths[l]!) {
          const s = proof[p++]!
          path.push({ l, i: sibling, hash: s })
          r = (i & 1) === 1 ? nodeHash(s, r) : nodeHash(r, s)
        }
      }
      if (!bytesEqual(r, this.root)) return false
      this.commit(path)
      return true
    } catch {
      return false
    }
  }

  private commit (path: ReadonlyArray<{ l: number, i: number, hash: Uint8Array }>): void {
    for (const n of path) this.remember(n.l, n.i, n.hash)
  }
}
