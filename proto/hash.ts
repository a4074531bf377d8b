/**
 * SHA-256 (FIPS 180-4) for chunks, images, Merkle nodes and key ids.
 *
 * Uses `node:crypto` where the runtime has it (about 1.2 GB/s here) and `@noble/hashes`
 * (portable, about 170 MB/s) where it does not; test/hash.test.ts proves both agree.
 */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js'

/** An incremental SHA-256: feed bytes with `update`, read the 32-byte digest once with `digest`. */
export interface Sha256 {
  update (data: Uint8Array): Sha256
  digest (): Uint8Array
}

type Factory = () => Sha256

function nobleFactory (): Sha256 {
  const h = nobleSha256.create()
  const api: Sha256 = {
    update (data) { h.update(data); return api },
    digest () { return h.digest() }
  }
  return api
}

async function pickFactory (): Promise<{ name: 'node:crypto' | '@noble/hashes', create: Factory }> {
  try {
    const { createHash } = await import('node:crypto')
    const create: Factory = () => {
      const h = createHash('sha256')
      const api: Sha256 = {
        update (data) { h.update(data); return api },
        digest () { return new Uint8Array(h.digest()) }
      }
      return api
    }
    return { name: 'node:crypto', create }
  } catch {
    return { name: '@noble/hashes', create: nobleFactory }
  }
}

const picked = await pickFactory()

/** Which implementation backs {@link sha256}: `'node:crypto'` or `'@noble/hashes'`. */
export const sha256Backend: 'node:crypto' | '@noble/hashes' = picked.name

/** Starts an incremental SHA-256 with the fastest available implementation. */
export const createSha256: Factory = picked.create

/** SHA-256 of the concatenation of `parts`; returns 32 bytes. */
export function sha256 (...parts: Uint8Array[]): Uint8Array {
  const h = createSha256()
  for (const p of parts) h.update(p)
  return h.digest()
}

/** SHA-256 through `@noble/hashes` only (the portable fallback); returns 32 bytes. */
export function sha256Portable (...parts: Uint8Array[]): Uint8Array {
  const h = nobleFactory()
  for (const p of parts) h.update(p)
  return h.digest()
}

/** Lowercase hex of `bytes`. */
export function toHex (bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
}

/** Constant-time equality of two byte arrays (false when lengths differ). */
export function bytesEqual (a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!
  return diff === 0
}

/** Bytes of a hex string (lowercase or uppercase, even length; anything else yields fewer bytes). */
export function fromHex (hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'))
}
