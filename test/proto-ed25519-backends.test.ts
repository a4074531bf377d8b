/**
 * The two Ed25519 backends of proto/ed25519.ts: which is picked where, why the strict rules are
 * checked by us and not left to OpenSSL, that both check the same (cofactorless) equation and so
 * give the same verdicts, and the per-key cache. The vectors themselves run through both backends
 * in test/proto-ed25519.test.ts.
 */
import { describe, it, expect } from 'vitest'
import { createHash, createPublicKey, verify as nodeVerify } from 'node:crypto'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import * as ed from '@noble/ed25519'
import { assertPublicKey, isOtaError, verifySignature } from '../proto/index.js'
import { KEY_CACHE_SIZE, ed25519Backend, verifySignaturePortable } from '../proto/ed25519.js'
import { generateSecretKey, publicKeyOf, signMessage } from '../sign/index.js'
import { prng } from './helpers/prng.js'

const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'))
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)
const L = 2n ** 252n + 27742317777372353535851937790883648493n
const le32 = (n: bigint): Uint8Array => {
  const out = new Uint8Array(32)
  for (let i = 0; i < 32; i++) { out[i] = Number(n & 0xffn); n >>= 8n }
  return out
}
const fromLe = (b: Uint8Array): bigint => b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n)

/** OpenSSL alone, with none of our rules: raw key through DER SPKI (RFC 8410), Node's one-shot verify. */
function opensslVerify (pk: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  try {
    const key = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), pk]), format: 'der', type: 'spki' })
    return nodeVerify(null, msg, key, sig)
  } catch {
    return false
  }
}

/** A signer that can choose R: its secret scalar a (RFC 8032 5.1.5) and public key A = [a]B. */
function signer (): { pk: Uint8Array, a: bigint } {
  const seed = generateSecretKey()
  const h = createHash('sha512').update(seed).digest()
  const a0 = Uint8Array.from(h.subarray(0, 32))
  a0[0]! &= 248; a0[31]! &= 127; a0[31]! |= 64
  return { pk: publicKeyOf(seed), a: fromLe(a0) }
}

/** k = SHA-512(R || A || M) mod L (RFC 8032 5.1.7). */
const challenge = (R: Uint8Array, A: Uint8Array, msg: Uint8Array): bigint =>
  fromLe(createHash('sha512').update(R).update(A).update(msg).digest()) % L

/** The seven points of small order other than the identity (orders 2, 4, 4, 8, 8, 8, 8). */
const TORSION = [
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0000000000000000000000000000000000000000000000000000000000000080',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85'
].map((h) => ed.Point.fromBytes(hex(h), true))

describe('which backend', () => {
  it('runs on OpenSSL through Node\'s built-in crypto here', () => {
    expect(ed25519Backend).toBe('node')
  })

  /**
   * Runs dist/proto/ed25519.js in a fresh Node with `setup` evaluated first, verifies every
   * Wycheproof case and the small-order forgery, and returns the backend and the verdicts.
   */
  async function runElsewhere (setup: string): Promise<{ backend: string, verdicts: boolean[], forgery: boolean }> {
    const mod = pathToFileURL(fileURLToPath(new URL('../dist/proto/ed25519.js', import.meta.url))).href
    const vectors = fileURLToPath(new URL('./vectors/ed25519/wycheproof_ed25519_test.json', import.meta.url))
    const script = `${setup}
      const { readFileSync } = await import('node:fs');
      const m = await import(${JSON.stringify(mod)});
      const h = (s) => new Uint8Array(Buffer.from(s, 'hex'));
      const w = JSON.parse(readFileSync(${JSON.stringify(vectors)}, 'utf8'));
      const verdicts = w.testGroups.flatMap((g) => g.tests.map((t) => m.verifySignature(h(g.publicKey.pk), h(t.msg), h(t.sig))));
      const id = h('01' + '00'.repeat(31)); const forged = new Uint8Array(64); forged.set(id);
      process.stdout.write(JSON.stringify({ backend: m.ed25519Backend, verdicts, forgery: m.verifySignature(id, new Uint8Array(3), forged) }))`
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { timeout: 60_000 })
    return JSON.parse(stdout)
  }

  const wycheproof = JSON.parse(readFileSync(new URL('./vectors/ed25519/wycheproof_ed25519_test.json', import.meta.url), 'utf8')) as { testGroups: Array<{ tests: Array<{ result: string }> }> }
  const expected = wycheproof.testGroups.flatMap((g) => g.tests.map((t) => t.result === 'valid'))

  it('the portable backend is picked, with the right verdicts, where the runtime has no Node built-in modules', async () => {
    // A browser, React Native, Node < 20.16.
    const got = await runElsewhere('delete process.getBuiltinModule;')
    expect(got.backend).toBe('@noble/ed25519')
    expect(got.verdicts).toEqual(expected)
    expect(got.forgery).toBe(false)
  }, 60_000)

  it('the portable backend is picked where Node\'s crypto fails the known answer at load', async () => {
    // An OpenSSL build without Ed25519, or a runtime whose compatibility layer gets it wrong:
    // here a verify that accepts everything.
    const broken = `const real = process.getBuiltinModule.bind(process);
      process.getBuiltinModule = (id) => id === 'crypto' ? { ...real('crypto'), verify: () => true } : real(id);`
    const got = await runElsewhere(broken)
    expect(got.backend).toBe('@noble/ed25519')
    expect(got.verdicts).toEqual(expected)
  }, 60_000)
})

describe('what OpenSSL alone enforces, and why the strict rules are ours', () => {
  it('the rules are checked before the backend is asked: behind an OpenSSL that accepts anything (but passes the known answer), every malformed input is still refused', async () => {
    const mod = pathToFileURL(fileURLToPath(new URL('../dist/proto/ed25519.js', import.meta.url))).href
    // Refuses only what the load-time known answer tries (the vector with its first byte flipped).
    const script = `const real = process.getBuiltinModule.bind(process);
      process.getBuiltinModule = (id) => id === 'crypto' ? { ...real('crypto'), verify: (a, d, k, s) => s[0] !== (0xe5 ^ 1) } : real(id);
      const m = await import(${JSON.stringify(mod)});
      process.stdout.write(JSON.stringify({ backend: m.ed25519Backend, verdicts: JSON.parse(process.argv[1]).map(([k, msg, s]) => m.verifySignature(
        Uint8Array.from(Buffer.from(k, 'hex')), msg === null ? 'not bytes' : Uint8Array.from(Buffer.from(msg, 'hex')), Uint8Array.from(Buffer.from(s, 'hex')))) }))`
    const P = 2n ** 255n - 19n
    const { pk } = signer()
    const goodR = ed.Point.BASE.multiply(12345n).toBytes()
    const sig = (R: Uint8Array, S: bigint): string => Buffer.from([...R, ...le32(S)]).toString('hex')
    const xZeroSigned = le32(1n); xZeroSigned[31]! |= 0x80
    const pMinus1Signed = le32(P - 1n); pMinus1Signed[31]! |= 0x80
    const h = (b: Uint8Array): string => Buffer.from(b).toString('hex')
    const cases: Array<[string, [string, string | null, string], boolean]> = [
      ['a well-formed signature (the fake backend accepts it)', [h(pk), '00', sig(goodR, 5n)], true],
      ['S = L', [h(pk), '00', sig(goodR, L)], false],
      ['S = L + 5', [h(pk), '00', sig(goodR, L + 5n)], false],
      ['S = 2^256 - 1', [h(pk), '00', h(goodR) + 'ff'.repeat(32)], false],
      ['R with y = p', [h(pk), '00', sig(le32(P), 5n)], false],
      ['R with y = p + 1', [h(pk), '00', sig(le32(P + 1n), 5n)], false],
      ['R with y = 2^255 - 1', [h(pk), '00', sig(le32(2n ** 255n - 1n), 5n)], false],
      ['R = identity with the sign bit (x = 0)', [h(pk), '00', sig(xZeroSigned, 5n)], false],
      ['R = (0, -1) with the sign bit (x = 0)', [h(pk), '00', sig(pMinus1Signed, 5n)], false],
      ['a small-order key', [h(le32(1n)), '00', sig(goodR, 5n)], false],
      ['a key not on the curve', [h(le32(2n)), '00', sig(goodR, 5n)], false],
      ['a non-canonical key (y >= p)', [h(le32(P + 3n)), '00', sig(goodR, 5n)], false],
      ['a 63-byte signature', [h(pk), '00', sig(goodR, 5n).slice(2)], false],
      ['a message that is not bytes', [h(pk), null, sig(goodR, 5n)], false]
    ]
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(cases.map((c) => c[1]))], { timeout: 60_000 })
    const got = JSON.parse(stdout) as { backend: string, verdicts: boolean[] }
    expect(got.backend).toBe('node')
    expect(Object.fromEntries(cases.map(([name], i) => [name, got.verdicts[i]]))).toEqual(Object.fromEntries(cases.map(([name, , want]) => [name, want])))
  }, 60_000)

  it('OpenSSL accepts the universal forgery of a small-order key; both backends refuse it', () => {
    const identity = le32(1n)
    const forged = new Uint8Array(64)
    forged.set(identity) // R = identity, S = 0: [0]B = R + [k]A for any k when A is the identity
    for (const text of ['', 'evil firmware']) {
      expect(opensslVerify(identity, utf8(text), forged)).toBe(true)
      expect(verifySignature(identity, utf8(text), forged)).toBe(false)
      expect(verifySignaturePortable(identity, utf8(text), forged)).toBe(false)
    }
  })

  it('R with a small-order component: noble\'s own strict verify (cofactored) accepts it, OpenSSL (cofactorless) and both backends refuse it', () => {
    const { pk, a } = signer()
    const msg = utf8('torsion in R')
    for (const T of TORSION) {
      const r = 1n + fromLe(createHash('sha512').update(T.toBytes()).digest()) % (L - 1n)
      const R = ed.Point.BASE.multiply(r).add(T).toBytes()
      const sig = Uint8Array.from([...R, ...le32((r + challenge(R, pk, msg) * a) % L)])
      // [8]([S]B - R - [k]A) = [8](-T) = 0 but [S]B - R - [k]A = -T is not the identity
      expect(ed.verify(sig, msg, pk, { zip215: false })).toBe(true)
      expect(opensslVerify(pk, msg, sig)).toBe(false)
      expect(verifySignature(pk, msg, sig)).toBe(false)
      expect(verifySignaturePortable(pk, msg, sig)).toBe(false)
    }
  })

  it('a key with a small-order component (not itself of small order): both backends give the exact equation\'s verdict, as OpenSSL does', () => {
    // A' = A + T8 is never a key anyone generates; a signer of A signs for A' when k = 0 mod 8
    // (then [k]T8 = 0), and fails otherwise. Cofactorless: the verdict follows k mod 8.
    const { pk, a } = signer()
    const mixed = ed.Point.fromBytes(pk).add(TORSION[3]!).toBytes()
    expect(() => assertPublicKey(mixed)).not.toThrow()
    const msg = utf8('mixed-order key')
    const seen = new Set<boolean>()
    for (let i = 1n; i <= 64n && seen.size < 2; i++) {
      const r = i * 7919n
      const R = ed.Point.BASE.multiply(r).toBytes()
      const k = challenge(R, mixed, msg)
      const sig = Uint8Array.from([...R, ...le32((r + k * a) % L)])
      const exact = k % 8n === 0n
      seen.add(exact)
      expect(opensslVerify(mixed, msg, sig), `k mod 8 = ${k % 8n}`).toBe(exact)
      expect(verifySignature(mixed, msg, sig), `k mod 8 = ${k % 8n}`).toBe(exact)
      expect(verifySignaturePortable(mixed, msg, sig), `k mod 8 = ${k % 8n}`).toBe(exact)
    }
    expect(seen).toEqual(new Set([true, false]))
  })
})

describe('both backends agree', () => {
  it('on 300 random keys, messages and signatures, valid and tampered', () => {
    const rnd = prng(0xed25519)
    const byte = (): number => Math.floor(rnd() * 256)
    const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, byte)
    const sk = generateSecretKey()
    const pk = publicKeyOf(sk)
    const counts = { true: 0, false: 0 }
    for (let i = 0; i < 300; i++) {
      const msg = bytes(Math.floor(rnd() * 300))
      let key = pk
      let sig = signMessage(sk, msg)
      switch (i % 6) {
        case 0: break // valid
        case 1: sig[Math.floor(rnd() * 64)]! ^= 1 << Math.floor(rnd() * 8); break
        case 2: sig.set(le32(fromLe(sig.subarray(32)) + L), 32); break // S + L
        case 3: sig.set(bytes(32), 0); break // random R: mostly not on the curve
        case 4: key = bytes(32); break // random key: about half are points
        case 5: key = TORSION[i % TORSION.length]!.toBytes(); sig = bytes(64); break
      }
      const v = verifySignature(key, msg, sig)
      expect(verifySignaturePortable(key, msg, sig), `case ${i}`).toBe(v)
      counts[String(v) as 'true' | 'false']++
    }
    expect(counts.true).toBeGreaterThanOrEqual(50)
    expect(counts.false).toBeGreaterThanOrEqual(200)
  })
})

describe('the per-key cache', () => {
  it('is keyed by the key\'s bytes, not the array: a key changed in place verifies as the new key', () => {
    const msg = utf8('manifest')
    for (const verify of [verifySignature, verifySignaturePortable]) {
      // a Buffer too (what the protobuf decoder returns): its slice() is a view, not a copy
      for (const asArray of [(b: Uint8Array) => b.slice(), (b: Uint8Array) => Buffer.from(b)]) {
        const sk = generateSecretKey() // a new key each time: the first use fills the cache
        const pk = publicKeyOf(sk)
        const sig = signMessage(sk, msg)
        const key = asArray(pk)
        expect(verify(key, msg, sig)).toBe(true)
        key[5]! ^= 0x10
        expect(verify(key, msg, sig)).toBe(false)
        // the entry cached for the first bytes still verifies them, from another array
        expect(verify(pk.slice(), msg, sig)).toBe(true)
        key[5]! ^= 0x10
        expect(verify(key, msg, sig)).toBe(true)
      }
    }
  })

  it('keeps verifying correctly past its bound (eviction), and never remembers a refused key as good', () => {
    const msg = utf8('release')
    const signers = Array.from({ length: KEY_CACHE_SIZE + 8 }, () => {
      const sk = generateSecretKey()
      return { pk: publicKeyOf(sk), sig: signMessage(sk, msg) }
    })
    for (let round = 0; round < 2; round++) {
      for (const s of signers) {
        expect(verifySignature(s.pk, msg, s.sig)).toBe(true)
        expect(verifySignaturePortable(s.pk, msg, s.sig)).toBe(true)
        expect(verifySignature(s.pk, utf8('other'), s.sig)).toBe(false)
      }
    }
    const identity = le32(1n)
    const forged = new Uint8Array(64)
    forged.set(identity)
    for (let i = 0; i < 3; i++) {
      let thrown: unknown
      try { assertPublicKey(identity) } catch (e) { thrown = e }
      expect(isOtaError(thrown, 'OTA_BAD_KEY')).toBe(true)
      expect(verifySignature(identity, msg, forged)).toBe(false)
    }
  })
})
