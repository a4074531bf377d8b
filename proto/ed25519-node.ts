/**
 * The OpenSSL backend of Ed25519 verification (proto/ed25519.ts picks it when the runtime has it).
 *
 * Reached like proto/hash.ts reaches Node's hash: through `process.getBuiltinModule('crypto')`
 * (Node >= 20.16), a runtime lookup rather than an `import`, so bundlers for browsers or React
 * Native never meet a Node module. It only answers the RFC 8032 group equation: the strict rules
 * (key canonical and not of small order, S < L, R canonical) are checked before, in
 * proto/ed25519.ts, on every backend. OpenSSL checks the equation cofactorless, by comparing the
 * encoding of [S]B - [k]A with the bytes of R (RFC 8032 5.1.7 allows it; the portable backend
 * checks the same equation so that both give the same verdicts).
 */

/** A backend of the group-equation check, over a public key prepared once (and cached by the caller). */
export interface Ed25519Backend<K = unknown> {
  /** `'node'` (OpenSSL through Node's built-in crypto) or `'@noble/ed25519'` (pure JS). */
  readonly name: 'node' | '@noble/ed25519'
  /**
   * Prepares a 32-byte public key the caller has already checked (canonical, not of small order).
   * @throws whatever the implementation throws for a key it cannot use
   */
  prepare (publicKey: Uint8Array): K
  /**
   * True when `signature` (64 bytes, S < L and R canonical, checked by the caller) satisfies the
   * cofactorless equation [S]B = R + [k]A over `message`. May throw; the caller counts a throw as
   * a rejection.
   */
  verify (key: K, message: Uint8Array, signature: Uint8Array): boolean
}

interface NodeKeyObject { readonly asymmetricKeyType?: string }
interface NodeCryptoModule {
  createPublicKey (opts: { key: Uint8Array, format: 'der', type: 'spki' }): NodeKeyObject
  verify (alg: null, data: Uint8Array, key: NodeKeyObject, signature: Uint8Array): boolean
}

/**
 * DER SubjectPublicKeyInfo header for an Ed25519 key (RFC 8410 section 4: SEQUENCE { SEQUENCE {
 * OID 1.3.101.112 }, BIT STRING of 33 bytes }); the 32 raw key bytes follow it.
 */
const SPKI_ED25519_PREFIX = Uint8Array.of(0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00)

/** RFC 8032 section 7.1, TEST 1 (empty message): the self-test run before the backend is trusted. */
const KAT_PUBLIC_KEY = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'
const KAT_SIGNATURE = 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b'

function bytesOfHex (hex: string): Uint8Array {
  return Uint8Array.from({ length: hex.length / 2 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16))
}

/** Node's crypto module when the runtime offers built-in modules by name and it has what we use. */
function nodeCrypto (): NodeCryptoModule | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
  try {
    const m = proc?.getBuiltinModule?.('crypto') as Partial<NodeCryptoModule> | undefined
    return typeof m?.createPublicKey === 'function' && typeof m.verify === 'function' ? m as NodeCryptoModule : undefined
  } catch {
    return undefined
  }
}

/**
 * The OpenSSL backend, or undefined when the runtime has no Node crypto module, or one whose
 * OpenSSL lacks Ed25519 or fails the RFC 8032 known answer (accepts the vector, refuses it with
 * one bit flipped).
 */
export function nodeEd25519Backend (): Ed25519Backend<NodeKeyObject> | undefined {
  const crypto = nodeCrypto()
  if (crypto === undefined) return undefined
  const backend: Ed25519Backend<NodeKeyObject> = {
    name: 'node',
    prepare (publicKey) {
      const der = new Uint8Array(SPKI_ED25519_PREFIX.length + 32)
      der.set(SPKI_ED25519_PREFIX)
      der.set(publicKey, SPKI_ED25519_PREFIX.length)
      const key = crypto.createPublicKey({ key: der, format: 'der', type: 'spki' })
      if (key.asymmetricKeyType !== 'ed25519') throw new Error(`expected an ed25519 key, got ${String(key.asymmetricKeyType)}`)
      return key
    },
    verify (key, message, signature) {
      return crypto.verify(null, message, key, signature) === true
    }
  }
  try {
    const key = backend.prepare(bytesOfHex(KAT_PUBLIC_KEY))
    const sig = bytesOfHex(KAT_SIGNATURE)
    if (!backend.verify(key, new Uint8Array(0), sig)) return undefined
    sig[0]! ^= 1
    if (backend.verify(key, new Uint8Array(0), sig)) return undefined
    return backend
  } catch {
    return undefined
  }
}
