/**
 * Strict Ed25519 verification (RFC 8032 section 5.1) over exact bytes. Signing, with secret
 * keys, is operator tooling and lives in sign/ed25519.ts.
 *
 * Strict means (RFC 8032 5.1.3 / 5.1.7, FIPS 186-5 7.7), checked here, in this order, on every
 * backend, before any backend is asked:
 * - the public key is 32 bytes, a canonical point encoding (y < p, no x = 0 with the sign bit
 *   set) on the curve, and not of small order (such keys make forgeries trivial; RFC 8032 allows
 *   them, OpenSSL accepts them, we refuse them);
 * - the signature is 64 bytes, S < L (no malleated S + L) and R canonical (y < p, no x = 0 with
 *   the sign bit set);
 * - then the group equation, cofactorless: [S]B = R + [k]A, k = SHA-512(R || A || M) mod L.
 * Any exception counts as a rejection; {@link verifySignature} never throws.
 *
 * Two backends, the same verdicts (test/proto-ed25519.test.ts runs every vector through both):
 * - OpenSSL through Node's built-in crypto (proto/ed25519-node.ts), about 12x faster, picked when
 *   the runtime offers it and passes a known answer at load;
 * - `@noble/ed25519` (pure JS) everywhere else. Its own `verify` checks the cofactored equation
 *   ([8][S]B = [8]R + [8][k]A), which also accepts an R carrying a small-order component that
 *   OpenSSL refuses; so the portable path here checks the cofactorless equation with noble's point
 *   arithmetic instead, and the two agree on every input (RFC 8032 5.1.7 allows either).
 *
 * A checked public key (its decoded point and the backend's key object) is cached, bounded by
 * {@link KEY_CACHE_SIZE}: the same few keys (root and release keys) verify again and again.
 */
import * as ed from '@noble/ed25519'
import { sha512 } from '@noble/hashes/sha2.js'
import { OtaError } from './errors.js'
import { abytes, isBytes, toHex } from './bytes.js'
import { nodeEd25519Backend, type Ed25519Backend } from './ed25519-node.js'

// @noble/ed25519 v3 ships without a synchronous SHA-512; the one configured instance, shared with sign/.
ed.hashes.sha512 = sha512

/** The configured `@noble/ed25519` module, for sign/ed25519.ts. Internal: not exported from `aedes-ota/proto`. */
export { ed }

/** The group order L = 2^252 + 27742317777372353535851937790883648493 (RFC 8032 5.1). */
const L = 2n ** 252n + 27742317777372353535851937790883648493n
/** The field prime p = 2^255 - 19 (RFC 8032 5.1). */
const P = 2n ** 255n - 19n

function le32 (n: bigint): Uint8Array {
  const out = new Uint8Array(32)
  for (let i = 0; i < 32; i++) { out[i] = Number(n & 0xffn); n >>= 8n }
  return out
}

const L_LE = le32(L)
const P_LE = le32(P)

/** `bytes[off .. off + 32)` as a little-endian number, with bit 255 cleared when `maskTop`, compared with `bound`: true when below. */
function belowLE (bytes: Uint8Array, off: number, bound: Uint8Array, maskTop: boolean): boolean {
  for (let i = 31; i >= 0; i--) {
    const b = i === 31 && maskTop ? bytes[off + 31]! & 0x7f : bytes[off + i]!
    if (b !== bound[i]) return b < bound[i]!
  }
  return false
}

/**
 * The two y values whose point has x = 0 (the identity, y = 1, and the point of order 2,
 * y = p - 1): with the sign bit set their encoding is not canonical (RFC 8032 5.1.3 step 4).
 */
const X_ZERO_Y = [le32(1n), le32(P - 1n)]

/** True when the 32 bytes at `off` are a canonical encoding as far as bytes tell: y < p, and no x = 0 with the sign bit. */
function canonicalEncoding (bytes: Uint8Array, off: number): boolean {
  if (!belowLE(bytes, off, P_LE, true)) return false
  if ((bytes[off + 31]! & 0x80) === 0) return true
  return !X_ZERO_Y.some((y) => {
    for (let i = 0; i < 32; i++) if ((i === 31 ? bytes[off + 31]! & 0x7f : bytes[off + i]!) !== y[i]) return false
    return true
  })
}

function numberLE (bytes: Uint8Array): bigint {
  let n = 0n
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!)
  return n
}

/** A checked public key as the portable backend uses it: its bytes (hashed into k) and its point. */
interface NobleKey { readonly bytes: Uint8Array, readonly point: ed.Point }

/** The portable backend: the cofactorless equation on `@noble/ed25519` points. */
const nobleBackend: Ed25519Backend<NobleKey> = {
  name: '@noble/ed25519',
  // a copy, not `slice()`: on a Buffer that is a view, and the caller may reuse its memory
  prepare (publicKey) { return { bytes: Uint8Array.from(publicKey), point: ed.Point.fromBytes(publicKey, false) } },
  verify (key, message, signature) {
    const r = signature.subarray(0, 32)
    const R = ed.Point.fromBytes(r, false) // strict decoding: throws for a y not on the curve
    const s = numberLE(signature.subarray(32, 64))
    const k = ed.etc.mod(numberLE(sha512.create().update(r).update(key.bytes).update(message).digest()), L)
    return ed.Point.BASE.multiply(s, false).equals(R.add(key.point.multiply(k, false)))
  }
}

/** The backend {@link verifySignature} uses: OpenSSL where the runtime has it, else the portable one. */
const backend: Ed25519Backend = nodeEd25519Backend() ?? nobleBackend

/** Which implementation backs {@link verifySignature}: `'node'` (OpenSSL through Node's built-in crypto) or `'@noble/ed25519'`. */
export const ed25519Backend: 'node' | '@noble/ed25519' = backend.name

/** How many checked public keys are kept (least recently used first out). */
export const KEY_CACHE_SIZE = 64

interface CheckedKey { readonly noble: NobleKey, readonly native: unknown }
const checkedKeys = new Map<string, CheckedKey>()

/**
 * The checked, prepared form of `publicKey`, from the cache or checked now (and then cached).
 * @throws OtaError `OTA_BAD_KEY` for a key that is not 32 bytes, not a canonical encoding of a
 *   curve point, or of small order
 */
function checkedKey (publicKey: Uint8Array): CheckedKey {
  abytes(publicKey, 32, 'Ed25519 public key', 'OTA_BAD_KEY')
  const id = toHex(publicKey)
  const hit = checkedKeys.get(id)
  if (hit !== undefined) {
    checkedKeys.delete(id) // re-inserted last: the map's order is least recently used first
    checkedKeys.set(id, hit)
    return hit
  }
  if (!canonicalEncoding(publicKey, 0)) throw new OtaError('OTA_BAD_KEY', 'Ed25519 public key is not a canonical point encoding')
  let noble: NobleKey
  try {
    noble = nobleBackend.prepare(publicKey)
  } catch (e) {
    throw new OtaError('OTA_BAD_KEY', 'Ed25519 public key is not a valid point encoding', { cause: e })
  }
  if (noble.point.isSmallOrder()) throw new OtaError('OTA_BAD_KEY', 'Ed25519 public key is of small order')
  let native: unknown = noble
  if (backend !== nobleBackend) {
    try {
      native = backend.prepare(noble.bytes)
    } catch (e) {
      throw new OtaError('OTA_BAD_KEY', `Ed25519 public key refused by the ${backend.name} backend`, { cause: e })
    }
  }
  const entry: CheckedKey = { noble, native }
  if (checkedKeys.size >= KEY_CACHE_SIZE) checkedKeys.delete(checkedKeys.keys().next().value!)
  checkedKeys.set(id, entry)
  return entry
}

/**
 * Checks that `publicKey` is a usable Ed25519 public key: 32 bytes, a canonical point
 * encoding (RFC 8032 5.1.3) and not of small order.
 * @throws OtaError `OTA_BAD_KEY` otherwise
 */
export function assertPublicKey (publicKey: Uint8Array): void {
  checkedKey(publicKey)
}

/** True when `signature` is 64 bytes with R canonical and S < L (RFC 8032 5.1.7 step 1). */
function wellFormedSignature (signature: unknown): signature is Uint8Array {
  return isBytes(signature, 64) && canonicalEncoding(signature, 0) && belowLE(signature, 32, L_LE, false)
}

/**
 * Verifies an Ed25519 signature strictly (the rules are in this module's header), with the
 * fastest backend the runtime offers ({@link ed25519Backend}).
 * @param publicKey - 32 bytes
 * @param message - the exact signed bytes
 * @param signature - 64 bytes, R || S
 * @returns true only for a valid signature by a non-small-order key; false for anything else,
 *   including malformed input and exceptions inside the backend
 */
export function verifySignature (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    const key = checkedKey(publicKey)
    if (!isBytes(message) || !wellFormedSignature(signature)) return false
    return backend.verify(key.native, message, signature) === true
  } catch {
    return false
  }
}

/**
 * {@link verifySignature} through the portable `@noble/ed25519` backend only, whatever the
 * runtime offers: the same rules and verdicts. Internal: for tests and benchmarks, not exported
 * from `aedes-ota/proto`.
 */
export function verifySignaturePortable (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    const key = checkedKey(publicKey)
    if (!isBytes(message) || !wellFormedSignature(signature)) return false
    return nobleBackend.verify(key.noble, message, signature) === true
  } catch {
    return false
  }
}
