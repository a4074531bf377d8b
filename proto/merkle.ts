/**
 * The Merkle tree over an artifact's chunks, as RFC 9162 (Certificate Transparency 2.0)
 * section 2.1 defines it:
 *
 * - leaf hash: `SHA-256(0x00 ‖ chunk)`; interior node: `SHA-256(0x01 ‖ left ‖ right)`;
 * - a tree of n > 1 leaves splits at k, the largest power of two smaller than n (2.1.1);
 * - an inclusion proof is the list of sibling hashes from leaf to root (2.1.3.1), verified by
 *   the algorithm of 2.1.3.2.
 *
 * Why a tree: the retained manifest carries only the 32-byte root whatever the image size,
 * and a device checks each chunk as it arrives with O(log n) hashes and memory.
 */
import { OtaError } from './errors.js'
import { bytesEqual, isBytes } from './bytes.js'
import { sha256 } from './hash.js'

const LEAF = Uint8Array.of(0x00)
const NODE = Uint8Array.of(0x01)

/** RFC 9162 leaf hash of one chunk: `SHA-256(0x00 ‖ data)`; 32 bytes. */
export function leafHash (data: Uint8Array): Uint8Array {
  return sha256(LEAF, data)
}

/**
 * RFC 9162 interior node hash: `SHA-256(0x01 ‖ left ‖ right)`; 32 bytes. The input is laid out
 * in one buffer and hashed in one call: a device verifies about log2(chunks) of these per chunk,
 * and per-call overhead, not the 65 bytes, is their cost.
 */
export function nodeHash (left: Uint8Array, right: Uint8Array): Uint8Array {
  if (!isBytes(left, 32) || !isBytes(right, 32)) return sha256(NODE, left, right)
  const input = new Uint8Array(65)
  input[0] = 0x01
  input.set(left, 1)
  input.set(right, 33)
  return sha256(input)
}

/**
 * A whole tree kept as levels of hashes, for the side that serves proofs (the broker) and the
 * side that signs (release creation). Level 0 holds the leaf hashes; an odd last node is
 * carried up unchanged, which gives exactly the RFC 9162 split for any leaf count.
 * Memory: about 2 × 32 bytes per chunk.
 */
export class MerkleTree {
  /** `levels[0]` = leaf hashes, last level = [root]. */
  private readonly levels: Uint8Array[][]

  /**
   * @param leaves - leaf hashes (from {@link leafHash}), at least one
   * @throws OtaError `OTA_INVALID_ARGUMENT` for an empty list
   */
  constructor (leaves: Uint8Array[]) {
    if (leaves.length === 0) throw new OtaError('OTA_INVALID_ARGUMENT', 'a Merkle tree needs at least one leaf')
    const levels: Uint8Array[][] = [leaves]
    let level = leaves
    while (level.length > 1) {
      const next: Uint8Array[] = []
      for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1]!))
      if (level.length % 2 === 1) next.push(level[level.length - 1]!)
      levels.push(next)
      level = next
    }
    this.levels = levels
  }

  /** Number of leaves (chunks). */
  get size (): number {
    return this.levels[0]!.length
  }

  /** The 32-byte Merkle tree head. */
  get root (): Uint8Array {
    return this.levels[this.levels.length - 1]![0]!
  }

  /**
   * RFC 9162 2.1.3.1 inclusion proof for leaf `index`: sibling hashes, leaf to root.
   * @throws OtaError `OTA_INVALID_ARGUMENT` when index is outside [0, size)
   */
  proof (index: number): Uint8Array[] {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new OtaError('OTA_INVALID_ARGUMENT', `leaf index ${index} outside [0, ${this.size})`)
    }
    const path: Uint8Array[] = []
    let i = index
    for (let l = 0; l < this.levels.length - 1; l++) {
      const level = this.levels[l]!
      const sibling = i ^ 1
      // A node without a sibling is carried up: it adds nothing to the path.
      if (sibling < level.length) path.push(level[sibling]!)
      i >>= 1
    }
    return path
  }
}

/** The Merkle tree of `data` cut into `chunkSize`-byte chunks (the last may be shorter). */
export function treeOf (data: Uint8Array, chunkSize: number): MerkleTree {
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) throw new OtaError('OTA_INVALID_ARGUMENT', `chunk size must be a positive integer, got ${chunkSize}`)
  const leaves: Uint8Array[] = []
  for (let off = 0; off < data.length || leaves.length === 0; off += chunkSize) {
    leaves.push(leafHash(data.subarray(off, Math.min(off + chunkSize, data.length))))
    if (data.length === 0) break
  }
  return new MerkleTree(leaves)
}

/**
 * Verifies an inclusion proof by RFC 9162 section 2.1.3.2.
 *
 * @param leaf - the leaf hash ({@link leafHash} of the chunk)
 * @param index - the leaf's index (0-based)
 * @param size - number of leaves in the tree
 * @param proof - sibling hashes, leaf to root, 32 bytes each
 * @param root - the expected 32-byte root (from the signed manifest)
 * @returns true only when the proof is exactly consumed and yields `root`; never throws
 */
export function verifyInclusion (leaf: Uint8Array, index: number, size: number, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false
  if (!isBytes(leaf) || !isBytes(root) || !Array.isArray(proof)) return false
  let fn = index
  let sn = size - 1
  let r = leaf
  for (const p of proof) {
    if (!isBytes(p, 32) || sn === 0) return false
    if ((fn & 1) === 1 || fn === sn) {
      r = nodeHash(p, r)
      if ((fn & 1) === 0) {
        while ((fn & 1) === 0 && fn !== 0) {
          fn = Math.floor(fn / 2)
          sn = Math.floor(sn / 2)
        }
      }
    } else {
      r = nodeHash(r, p)
    }
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  return sn === 0 && bytesEqual(r, root)
}
