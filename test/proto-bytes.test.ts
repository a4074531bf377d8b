/**
 * The single owners of small rules (proto/bytes.ts, proto/identifiers.ts, proto/limits.ts):
 * byte-length assertions with one message shape, hex, the chunk-size rule, and that every
 * module asserting bytes goes through them (the messages prove which helper threw).
 */
import { describe, expect, it } from 'vitest'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { abytes, fromHex, isBytes, isHex, toHex } from '../proto/bytes.js'
import { isKeyId, isVersion } from '../proto/identifiers.js'
import { assertChunkSize, isChunkSize } from '../proto/limits.js'
import { OtaError, assertPublicKey, decodeChunkRequest, encodeChunkRequest, isOtaError } from '../proto/index.js'
import { signMessage } from '../sign/index.js'
import { createRelease, generateKeyPair } from '../sign/index.js'

function thrown (fn: () => unknown): OtaError {
  try { fn() } catch (e) { if (isOtaError(e)) return e; throw e }
  throw new Error('expected an OtaError')
}

describe('abytes', () => {
  it('returns the bytes when the length matches, or for any length when none is asked', () => {
    const b = new Uint8Array(32)
    expect(abytes(b, 32)).toBe(b)
    expect(abytes(Buffer.alloc(3))).toHaveLength(3)
  })

  it('throws one message shape with the chosen code', () => {
    const e = thrown(() => abytes(new Uint8Array(31), 32, 'artifact', 'OTA_FIELD'))
    expect(e.code).toBe('OTA_FIELD')
    expect(e.message).toBe('artifact expected Uint8Array of length 32, got length=31')
    const d = thrown(() => abytes('x', 4))
    expect(d.code).toBe('OTA_INVALID_ARGUMENT')
    expect(d.message).toBe('value expected Uint8Array of length 4, got type=string')
    expect(thrown(() => abytes(null)).message).toBe('value expected Uint8Array, got type=null')
  })

  it('is what the codec, Ed25519 verification and signing throw', () => {
    const req = encodeChunkRequest({ artifact: new Uint8Array(31), base: 0, bitmap: Uint8Array.of(1) })
    expect(thrown(() => decodeChunkRequest(req)).message).toBe('chunk request artifact expected Uint8Array of length 32, got length=31')
    const pk = thrown(() => assertPublicKey(new Uint8Array(33)))
    expect([pk.code, pk.message]).toEqual(['OTA_BAD_KEY', 'Ed25519 public key expected Uint8Array of length 32, got length=33'])
    const sk = thrown(() => signMessage(new Uint8Array(16), new Uint8Array(1)))
    expect([sk.code, sk.message]).toEqual(['OTA_BAD_KEY', 'Ed25519 secret key expected Uint8Array of length 32, got length=16'])
  })

  it('isBytes accepts Buffers and refuses arrays of numbers', () => {
    expect(isBytes(Buffer.alloc(2), 2)).toBe(true)
    expect(isBytes([1, 2], 2)).toBe(false)
  })
})

describe('hex', () => {
  it('round-trips every byte value', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    expect(toHex(all)).toBe(Buffer.from(all).toString('hex'))
    expect(fromHex(toHex(all))).toEqual(all)
    expect(fromHex('ABcd')).toEqual(Uint8Array.of(0xab, 0xcd))
  })

  it('stops at the first non-hex pair and ignores an odd digit, as Node does', () => {
    for (const s of ['abzz', 'zz', 'a', 'abc', '0g12', '']) expect(fromHex(s), s).toEqual(new Uint8Array(Buffer.from(s, 'hex')))
  })

  it('isHex and isKeyId want exact lowercase lengths', () => {
    expect(isHex('00ff', 2)).toBe(true)
    expect(isHex('00FF', 2)).toBe(false)
    expect(isHex('00f', 2)).toBe(false)
    expect(isKeyId('a'.repeat(64))).toBe(true)
    expect(isKeyId('a'.repeat(63))).toBe(false)
  })
})

describe('naming rules', () => {
  it('versions are 1 to 64 printable characters without spaces', () => {
    expect(isVersion('8.1.10')).toBe(true)
    expect(isVersion('1.0 beta')).toBe(false)
    expect(isVersion('')).toBe(false)
    expect(isVersion('v'.repeat(65))).toBe(false)
  })
})

describe('the chunk-size rule', () => {
  it('accepts powers of two from 256 to 1 MiB only', () => {
    for (const n of [256, 512, 4096, 65536, 1 << 20]) expect(isChunkSize(n), String(n)).toBe(true)
    for (const n of [0, 128, 255, 257, 3000, 1.5, -256, 2 << 20, NaN, '4096']) expect(isChunkSize(n), String(n)).toBe(false)
  })

  it('is the rule release creation applies (OTA_INVALID_ARGUMENT) and the decoder applies (OTA_FIELD)', () => {
    const signer = generateKeyPair('release')
    const e = thrown(() => createRelease({ image: new Uint8Array(1000), model: 'm', version: '1', securityVersion: 0, chunkSize: 3000, signers: [signer] }))
    expect([e.code, e.message]).toEqual(['OTA_INVALID_ARGUMENT', 'chunk size must be a power of two from 256 to 1048576, got 3000'])
    expect(thrown(() => assertChunkSize(128, 'image chunk size', 'OTA_FIELD')).code).toBe('OTA_FIELD')
  })
})

describe('one owner per primitive', () => {
  const root = join(import.meta.dirname, '..')
  const sources = (dir: string): string[] => readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.startsWith('gen'))
    .map((f) => join(dir, f))

  it('no proto/ module names node:crypto (SHA-256 falls back to @noble/hashes where Node is absent)', () => {
    const offenders = sources('proto').filter((f) => readFileSync(join(root, f), 'utf8').includes('node:crypto'))
    expect(offenders).toEqual([])
  })

  it('only proto/files.ts touches the filesystem in proto/; elsewhere only node:zlib (Brotli, RFC 7932, for delta blocks) comes from Node', () => {
    const offenders = sources('proto').filter((f) => /from 'node:(?!zlib')/.test(readFileSync(join(root, f), 'utf8')))
    expect(offenders).toEqual(['proto/files.ts'])
  })

  it('byte-length, identifier, chunk-size, temporary-name and file-write code is written only by its owner', () => {
    const patterns = [/\.length [!=]== (32|64)\b/, /A-Za-z0-9\]\[A-Za-z0-9/, /\(chunkSize & \(chunkSize - 1\)\)/, /randomBytes\(4\)/, /\bwriteFile\(/, /\brename\(/]
    const files = [...sources('proto'), ...sources('sign'), ...sources('certs'), ...sources('cli')]
    const hits = files.flatMap((f) => patterns.filter((p) => p.test(readFileSync(join(root, f), 'utf8'))).map((p) => `${f}: ${p.source}`))
    const owners = ['proto/identifiers.ts', 'proto/limits.ts', 'proto/files.ts']
    expect(hits.filter((h) => !owners.some((o) => h.startsWith(o + ':')))).toEqual([])
  })
})
