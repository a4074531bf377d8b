/**
 * SHA-256 (proto/hash.ts): the node:crypto backend and the portable @noble/hashes fallback agree
 * with each other and with FIPS 180-4 known answers; incremental equals one-shot; helpers.
 */
import { describe, it, expect } from 'vitest'
import { createHash, randomBytes } from 'node:crypto'
import { bytesEqual, createSha256, sha256, toHex } from '../proto/index.js'
import { sha256Backend, sha256Portable } from '../proto/hash.js'
import { prng } from './helpers/prng.js'

const MiB = 1024 * 1024
const nodeSha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)


describe('FIPS 180-4 known answers', () => {
  // FIPS 180-2 appendix B / NIST "Examples with intermediate values" for SHA-256.
  const KAT: Array<[string, Uint8Array, string]> = [
    ["''", new Uint8Array(0), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ["'abc'", utf8('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['the 448-bit message', utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'), '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
    ['one million a', new Uint8Array(1_000_000).fill(0x61), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0']
  ]
  for (const [name, msg, digest] of KAT) {
    it(`${name}: sha256, sha256Portable and createSha256 give ${digest.slice(0, 16)}…`, () => {
      expect(toHex(sha256(msg))).toBe(digest)
      expect(toHex(sha256Portable(msg))).toBe(digest)
      expect(toHex(createSha256().update(msg).digest())).toBe(digest)
      const h = createSha256()
      for (let off = 0; off < msg.length; off += 4099) h.update(msg.subarray(off, off + 4099))
      expect(toHex(h.digest())).toBe(digest)
    })
  }

  it('digests are 32-byte Uint8Arrays', () => {
    for (const d of [sha256(), sha256Portable(), createSha256().digest()]) {
      expect(d).toBeInstanceOf(Uint8Array)
      expect(d.length).toBe(32)
    }
    expect(toHex(sha256())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  })

  it('runs on Node\'s built-in crypto here', () => {
    expect(sha256Backend).toBe('node')
  })
})

describe('sha256 and sha256Portable agree', () => {
  it('on every size 0..300 (all block-boundary and padding cases) and around 1 MiB', () => {
    const sizes = [...Array.from({ length: 301 }, (_, i) => i), 4095, 4096, 4097, 65535, 65536, 65537, MiB - 1, MiB]
    for (const n of sizes) {
      const b = randomBytes(n)
      const want = nodeSha(b)
      expect(toHex(sha256(b)), `size ${n}`).toBe(want)
      expect(toHex(sha256Portable(b)), `size ${n}`).toBe(want)
    }
  })

  it('on 120 random inputs of random sizes up to 1 MiB, one-shot and split into parts', () => {
    const rnd = prng(0x5eed)
    for (let k = 0; k < 120; k++) {
      // half small, half anywhere up to 1 MiB
      const n = k % 2 === 0 ? Math.floor(rnd() * 2048) : Math.floor(rnd() * (MiB + 1))
      const b = randomBytes(n)
      const want = nodeSha(b)
      expect(toHex(sha256(b)), `size ${n}`).toBe(want)
      expect(toHex(sha256Portable(b)), `size ${n}`).toBe(want)
      // sha256(...parts) hashes the concatenation
      const cut1 = Math.floor(rnd() * (n + 1))
      const cut2 = cut1 + Math.floor(rnd() * (n - cut1 + 1))
      const parts = [b.subarray(0, cut1), b.subarray(cut1, cut2), b.subarray(cut2)]
      expect(toHex(sha256(...parts)), `parts of ${n}`).toBe(want)
      expect(toHex(sha256Portable(...parts)), `parts of ${n}`).toBe(want)
    }
  })

  it('differs when one bit differs', () => {
    const b = randomBytes(1000)
    const c = Uint8Array.from(b); c[999]! ^= 1
    expect(toHex(sha256(b))).not.toBe(toHex(sha256(c)))
    expect(toHex(sha256Portable(b))).not.toBe(toHex(sha256Portable(c)))
  })

  it('hashes only the viewed bytes of a subarray (byteOffset respected)', () => {
    const big = randomBytes(1000)
    const view = big.subarray(123, 456)
    const want = nodeSha(Uint8Array.from(view))
    expect(toHex(sha256(view))).toBe(want)
    expect(toHex(sha256Portable(view))).toBe(want)
    expect(toHex(createSha256().update(view).digest())).toBe(want)
  })
})

describe('createSha256 (incremental)', () => {
  it('equals one-shot for random splits, including empty updates', () => {
    const rnd = prng(42)
    for (let k = 0; k < 60; k++) {
      const n = Math.floor(rnd() * 200_000)
      const b = randomBytes(n)
      const h = createSha256()
      let off = 0
      while (off < n) {
        const step = rnd() < 0.1 ? 0 : Math.floor(rnd() * 9000) + 1
        h.update(b.subarray(off, off + step))
        off += step
      }
      h.update(new Uint8Array(0))
      expect(toHex(h.digest()), `size ${n}`).toBe(toHex(sha256(b)))
    }
  })

  it('update returns the same hasher (chainable) and hashers are independent', () => {
    const a = createSha256()
    const b = createSha256()
    expect(a.update(utf8('ab'))).toBe(a)
    b.update(utf8('x'))
    a.update(utf8('c'))
    expect(toHex(a.digest())).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(toHex(b.digest())).toBe(nodeSha(utf8('x')))
  })
})

describe('toHex', () => {
  it('is lowercase hex of exactly the viewed bytes', () => {
    expect(toHex(new Uint8Array(0))).toBe('')
    expect(toHex(Uint8Array.of(0, 1, 0x0f, 0x10, 0xab, 0xff))).toBe('00010f10abff')
    const big = Uint8Array.from({ length: 64 }, (_, i) => i)
    expect(toHex(big.subarray(3, 7))).toBe('03040506')
    expect(toHex(big.subarray(64))).toBe('')
    expect(toHex(Buffer.from('hello'))).toBe('68656c6c6f')
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    expect(toHex(all)).toBe(Array.from(all, (x) => x.toString(16).padStart(2, '0')).join(''))
  })
})

describe('bytesEqual', () => {
  it('compares contents and lengths', () => {
    const a = randomBytes(64)
    expect(bytesEqual(a, Uint8Array.from(a))).toBe(true)
    expect(bytesEqual(new Uint8Array(0), new Uint8Array(0))).toBe(true)
    for (const i of [0, 31, 63]) {
      const b = Uint8Array.from(a); b[i]! ^= 0x80
      expect(bytesEqual(a, b), `byte ${i}`).toBe(false)
      expect(bytesEqual(b, a), `byte ${i}`).toBe(false)
    }
    expect(bytesEqual(a, a.subarray(0, 63))).toBe(false)
    expect(bytesEqual(a.subarray(0, 63), a)).toBe(false)
    expect(bytesEqual(new Uint8Array(0), Uint8Array.of(0))).toBe(false)
    // views and Buffers compare by content
    const big = Buffer.concat([Buffer.from([9, 9]), a])
    expect(bytesEqual(big.subarray(2), a)).toBe(true)
    expect(bytesEqual(big.subarray(1, 65), a)).toBe(false)
  })
})

describe('the portable backend', () => {
  it('is picked, and gives the same digests, where the runtime has no Node built-in modules', async () => {
    const { execFile } = await import('node:child_process')
    const { promisify } = await import('node:util')
    const { fileURLToPath, pathToFileURL } = await import('node:url')
    const mod = pathToFileURL(fileURLToPath(new URL('../dist/proto/hash.js', import.meta.url))).href
    // A runtime without process.getBuiltinModule (a browser, React Native, Node < 20.16).
    const script = `delete process.getBuiltinModule; const h = await import(${JSON.stringify(mod)});` +
      'const d = Buffer.from(h.sha256(new TextEncoder().encode("abc"))).toString("hex");' +
      'process.stdout.write(JSON.stringify({ backend: h.sha256Backend, d }))'
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000 })
    expect(JSON.parse(stdout)).toEqual({ backend: '@noble/hashes', d: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' })
  })
})
