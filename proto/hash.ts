/**
 * SHA-256 (FIPS 180-4) for chunks, images, Merkle nodes and key ids.
 *
 * Two backends, the same digests (test/proto-hash.test.ts proves it):
 * - Node's OpenSSL hash (about 1.5 GB/s here), reached through `process.getBuiltinModule`
 *   (Node >= 20.16) — a runtime lookup, not an `import`, so bundlers for other runtimes never
 *   see a Node module and no file in proto/ names one;
 * - `@noble/hashes` (pure JS, about 180 MB/s) everywhere else: browsers, React Native, Deno
 *   without Node compatibility, or an older Node.
 *
 * Why keep the fast path: the broker hashes every stored image and its Merkle tree at startup and
 * at each publication; at 180 MB/s a 100 MB image costs about 0.5 s more each time.
 */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js'

/** An incremental SHA-256: feed bytes with `update`, read the 32-byte digest once with `digest`. */
export interface Sha256 {
  update (data: Uint8Array): Sha256
  digest (): Uint8Array
}

type Factory = () => Sha256

interface NodeHash { update (data: Uint8Array): unknown, digest (): Uint8Array }
interface NodeCryptoModule { createHash (alg: 'sha256'): NodeHash }

function nobleFactory (): Sha256 {
  const h = nobleSha256.create()
  const api: Sha256 = {
    update (data) { h.update(data); return api },
    digest () { return h.digest() }
  }
  return api
}

/** Node's crypto module when the runtime offers built-in modules by name; undefined elsewhere. */
function nodeCrypto (): NodeCryptoModule | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
  try {
    const m = proc?.getBuiltinModule?.('crypto') as NodeCryptoModule | undefined
    return typeof m?.createHash === 'function' ? m : undefined
  } catch {
    return undefined
  }
}

function pickFactory (): { name: 'node' | '@noble/hashes', create: Factory } {
  const crypto = nodeCrypto()
  if (crypto === undefined) return { name: '@noble/hashes', create: nobleFactory }
  const create: Factory = () => {
    const h = crypto.createHash('sha256')
    const api: Sha256 = {
      update (data) { h.update(data); return api },
      digest () { const d = h.digest(); return new Uint8Array(d.buffer, d.byteOffset, d.byteLength) }
    }
    return api
  }
  return { name: 'node', create }
}

const picked = pickFactory()

/** Which implementation backs {@link sha256}: `'node'` (Node's built-in crypto) or `'@noble/hashes'`. */
export const sha256Backend: 'node' | '@noble/hashes' = picked.name

/** Starts an incremental SHA-256 with the fastest available implementation. */
export const createSha256: Factory = picked.create

/** SHA-256 of the concatenation of `parts`; returns 32 bytes. */
export function sha256 (...parts: Uint8Array[]): Uint8Array {
  const h = createSha256()
  for (const p of parts) h.update(p)
  return h.digest()
}

/** SHA-256 through `@noble/hashes` only (the portable backend); returns 32 bytes. */
export function sha256Portable (...parts: Uint8Array[]): Uint8Array {
  const h = nobleFactory()
  for (const p of parts) h.update(p)
  return h.digest()
}
