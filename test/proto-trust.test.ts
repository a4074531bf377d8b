/**
 * The chain of trust (proto/trust.ts), key files (proto/keys.ts), releases (proto/release.ts)
 * and bundles (proto/bundle.ts): root -> release keys -> manifest -> image.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest'
import { mkdtemp, readFile, readdir, rm, stat, writeFile, chmod } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import {
  BodyType, Limits, decodeEnvelope, decodeSignedBody, encodeEnvelope, isOtaError, parseBundle, sha256, toHex,
  treeOf, verifyBundle, verifyManifest, verifyRoot, verifySignature, type Manifest, type OtaError,
  type RootMetadata, type SigningKey, type TrustedRoot
} from '../proto/index.js'
import {
  KeyFiles, createRelease, encodeBundle, generateKeyPair, initKeys, publicKeyEntry, readKeyFile, signEnvelope,
  writeKeyFile, type KeyPair
} from '../sign/index.js'

const NOW = 1_750_000_000_000
const DAY = 24 * 3600 * 1000
const MODEL = 'sensor-v2'

/** Deep copy turning every Buffer into a plain Uint8Array, so toEqual compares content only. */
function plain<T> (v: T): T {
  if (v instanceof Uint8Array) return Uint8Array.from(v) as T
  if (Array.isArray(v)) return v.map(plain) as T
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)])) as T
  return v
}
function caught (fn: () => unknown): unknown {
  try { fn() } catch (e) { return e }
  return undefined
}
function expectCode (fn: () => unknown, code: string, what = ''): OtaError {
  const e = caught(fn)
  expect(e, `${what}: expected ${code}, nothing was thrown`).toBeDefined()
  expect(isOtaError(e), `${what}: expected OtaError ${code}, got ${String(e)}`).toBe(true)
  expect((e as OtaError).code, `${what}: ${(e as Error).message}`).toBe(code)
  return e as OtaError
}
async function expectCodeAsync (p: Promise<unknown>, code: string, what = ''): Promise<void> {
  let e: unknown
  try { await p } catch (x) { e = x }
  expect(isOtaError(e), `${what}: expected OtaError ${code}, got ${String(e)}`).toBe(true)
  expect((e as OtaError).code, `${what}: ${(e as Error).message}`).toBe(code)
}

const rootKey = generateKeyPair('root')
const rootKey2 = generateKeyPair('root')
const relKey = generateKeyPair('release')
const relKey2 = generateKeyPair('release')
const otherModelKey = generateKeyPair('release')
const strangerKey = generateKeyPair('release')

const signing = (k: KeyPair, models = [MODEL], expiresAt = 0): SigningKey => ({ key: publicKeyEntry(k), models, expiresAt })

function rootMeta (over: Partial<RootMetadata> = {}): RootMetadata {
  return {
    version: 1,
    threshold: 1,
    rootKeys: [publicKeyEntry(rootKey)],
    signingKeys: [signing(relKey), signing(otherModelKey, ['gateway-v1'])],
    releaseThreshold: 1,
    createdAt: NOW - DAY,
    expiresAt: NOW + 365 * DAY,
    ...over
  }
}
function signedRoot (over: Partial<RootMetadata> = {}, signers: KeyPair[] = [rootKey]): Uint8Array {
  return signEnvelope({ type: BodyType.ROOT, root: rootMeta(over) }, signers)
}
function trusted (over: Partial<RootMetadata> = {}, signers: KeyPair[] = [rootKey]): TrustedRoot {
  return verifyRoot(signedRoot(over, signers), NOW)
}

const IMAGE = randomBytes(10_000)
function release (over: Partial<Parameters<typeof createRelease>[0]> = {}): ReturnType<typeof createRelease> {
  return createRelease({ image: IMAGE, model: MODEL, version: '1.2.3', securityVersion: 4, signers: [relKey], createdAt: NOW - 1000, ...over })
}
/** A manifest envelope over `manifest` exactly, for cases createRelease would not produce. */
function signedManifest (manifest: Manifest, signers: KeyPair[]): Uint8Array {
  return signEnvelope({ type: BodyType.MANIFEST, manifest }, signers)
}
/** Re-encodes an envelope with its signature list edited. */
function editSignatures (env: Uint8Array, edit: (s: Array<{ keyId: string, sig: Uint8Array }>) => Array<{ keyId: string, sig: Uint8Array }>): Uint8Array {
  const e = decodeEnvelope(env)
  return encodeEnvelope({ body: e.body, signatures: edit(e.signatures) })
}

describe('a valid chain', () => {
  it('root, manifest and bundle verify', () => {
    const t = trusted()
    expect(t.root.version).toBe(1)
    expect(toHex(t.envelope)).toBe(toHex(signedRoot())) // Ed25519 and the encoding are deterministic
    const r = release()
    const v = verifyManifest(r.envelope, t, { now: NOW, model: MODEL })
    expect(v.manifest.model).toBe(MODEL)
    expect(v.manifest.version).toBe('1.2.3')
    expect(v.manifest.securityVersion).toBe(4)
    expect(v.manifest.image.size).toBe(IMAGE.length)
    expect(toHex(v.manifest.image.sha256)).toBe(toHex(sha256(IMAGE)))
    expect(toHex(v.manifest.image.merkleRoot)).toBe(toHex(treeOf(IMAGE, v.manifest.image.chunkSize).root))
    expect(v.signers).toEqual([relKey.keyId])
    expect(toHex(v.envelope)).toBe(toHex(r.envelope))
    const b = verifyBundle(r.bundle, t, NOW)
    expect(toHex(b.image)).toBe(toHex(IMAGE))
    expect(b.signers).toEqual([relKey.keyId])
    expect(b.manifest).toEqual(v.manifest)
  })

  it('the verified envelope is exactly what was signed: every signature checks over the exact body bytes', () => {
    const r = release({ signers: [relKey, relKey2] })
    const e = decodeEnvelope(r.envelope)
    expect(e.signatures.map((s) => s.keyId)).toEqual([relKey.keyId, relKey2.keyId])
    expect(verifySignature(relKey.publicKey, e.body, e.signatures[0]!.sig)).toBe(true)
    expect(verifySignature(relKey2.publicKey, e.body, e.signatures[1]!.sig)).toBe(true)
    const body = decodeSignedBody(e.body, BodyType.MANIFEST)
    expect(plain(body.type === BodyType.MANIFEST && body.manifest)).toEqual(plain(r.manifest))
  })

  it('a root signed by a threshold of 2 of its 3 root keys verifies; the key ids are order-independent', () => {
    const rk3 = generateKeyPair('root')
    const over = { rootKeys: [publicKeyEntry(rootKey), publicKeyEntry(rootKey2), publicKeyEntry(rk3)], threshold: 2 }
    expect(verifyRoot(signedRoot(over, [rk3, rootKey]), NOW).root.threshold).toBe(2)
    expect(verifyRoot(signedRoot(over, [rootKey2, rk3, rootKey]), NOW).root.threshold).toBe(2)
  })

  it('a manifest with two release keys and release threshold 2 verifies, with both signers', () => {
    const t = trusted({ signingKeys: [signing(relKey), signing(relKey2)], releaseThreshold: 2 })
    const v = verifyManifest(release({ signers: [relKey, relKey2] }).envelope, t, { now: NOW })
    expect(new Set(v.signers)).toEqual(new Set([relKey.keyId, relKey2.keyId]))
  })

  it('extra signatures by unknown keys do not hurt; only authorized keys are reported', () => {
    const v = verifyManifest(release({ signers: [strangerKey, relKey] }).envelope, trusted(), { now: NOW })
    expect(v.signers).toEqual([relKey.keyId])
  })
})

describe('manifest refusals', () => {
  it('signed by a key the root does not list: OTA_UNTRUSTED_KEY', () => {
    expectCode(() => verifyManifest(release({ signers: [strangerKey] }).envelope, trusted(), { now: NOW }), 'OTA_UNTRUSTED_KEY')
    // a root key is not a release key
    expectCode(() => verifyManifest(release({ signers: [rootKey] }).envelope, trusted(), { now: NOW }), 'OTA_UNTRUSTED_KEY')
  })

  it('signed by a listed key for another model: OTA_KEY_SCOPE', () => {
    expectCode(() => verifyManifest(release({ signers: [otherModelKey] }).envelope, trusted(), { now: NOW }), 'OTA_KEY_SCOPE')
    // but that key may sign for its own model
    expect(verifyManifest(release({ signers: [otherModelKey], model: 'gateway-v1' }).envelope, trusted(), { now: NOW }).manifest.model).toBe('gateway-v1')
    // and the release key may not sign for the gateway
    expectCode(() => verifyManifest(release({ signers: [relKey], model: 'gateway-v1' }).envelope, trusted(), { now: NOW }), 'OTA_KEY_SCOPE')
  })

  it('signed by an expired key: OTA_KEY_EXPIRED (valid up to and including its expiry)', () => {
    const expiry = NOW - 1
    const t = trusted({ signingKeys: [signing(relKey, [MODEL], expiry)] })
    const env = release().envelope
    expectCode(() => verifyManifest(env, t, { now: NOW }), 'OTA_KEY_EXPIRED')
    expect(verifyManifest(env, t, { now: expiry }).signers).toEqual([relKey.keyId])
    expectCode(() => verifyManifest(env, t, { now: expiry + 1 }), 'OTA_KEY_EXPIRED')
  })

  it('an expired manifest: OTA_EXPIRED (valid up to and including its expiry; 0 never expires)', () => {
    const t = trusted()
    const env = release({ expiresAt: NOW + 10 }).envelope
    expect(() => verifyManifest(env, t, { now: NOW + 10 })).not.toThrow()
    expectCode(() => verifyManifest(env, t, { now: NOW + 11 }), 'OTA_EXPIRED')
    expect(() => verifyManifest(release({ expiresAt: 0 }).envelope, trusted({ expiresAt: 0 }), { now: NOW + 100 * 365 * DAY })).not.toThrow()
  })

  it('an expired root: OTA_ROOT_EXPIRED, from verifyRoot and from verifyManifest', () => {
    const bytes = signedRoot({ expiresAt: NOW + 5 })
    expect(() => verifyRoot(bytes, NOW + 5)).not.toThrow()
    expectCode(() => verifyRoot(bytes, NOW + 6), 'OTA_ROOT_EXPIRED')
    const t = verifyRoot(bytes, NOW)
    const env = release().envelope
    expect(() => verifyManifest(env, t, { now: NOW + 5 })).not.toThrow()
    expectCode(() => verifyManifest(env, t, { now: NOW + 6 }), 'OTA_ROOT_EXPIRED')
    // 0 = never
    expect(() => verifyRoot(signedRoot({ expiresAt: 0 }), NOW + 100 * 365 * DAY)).not.toThrow()
  })

  it('another model than the device asks for: OTA_MODEL_MISMATCH', () => {
    const t = trusted({ signingKeys: [signing(relKey, [MODEL, 'sensor-v3'])] })
    const env = release({ model: 'sensor-v3' }).envelope
    expectCode(() => verifyManifest(env, t, { now: NOW, model: MODEL }), 'OTA_MODEL_MISMATCH')
    expect(verifyManifest(env, t, { now: NOW, model: 'sensor-v3' }).manifest.model).toBe('sensor-v3')
    expect(verifyManifest(env, t, { now: NOW }).manifest.model).toBe('sensor-v3')
  })

  it('a root envelope presented as a manifest: OTA_WRONG_TYPE when its signatures are from release keys', () => {
    // A root whose single key is also authorized as a release key: its own signed root
    // metadata carries a valid signature by a release key, and must still not pass as a manifest.
    const dual = generateKeyPair('root+release')
    const over = { rootKeys: [publicKeyEntry(dual)], signingKeys: [signing(dual)] }
    const rootBytes = signedRoot(over, [dual])
    const t = verifyRoot(rootBytes, NOW)
    expectCode(() => verifyManifest(rootBytes, t, { now: NOW }), 'OTA_WRONG_TYPE')
    // a root body signed by a release key is refused the same way
    const byRelease = signEnvelope({ type: BodyType.ROOT, root: rootMeta() }, [relKey])
    expectCode(() => verifyManifest(byRelease, trusted(), { now: NOW }), 'OTA_WRONG_TYPE')
    // and the other way round: a manifest envelope is not root metadata
    expectCode(() => verifyRoot(release().envelope, NOW), 'OTA_WRONG_TYPE')
  })

  it('the trusted root\'s own envelope (signed by root keys only) presented as a manifest is refused before its body is read', () => {
    // verifyManifest checks signatures (step 2) before the body type (step 3): root keys are
    // not release keys, so this is OTA_UNTRUSTED_KEY.
    const t = trusted()
    expectCode(() => verifyManifest(t.envelope, t, { now: NOW }), 'OTA_UNTRUSTED_KEY')
  })

  it('any flipped byte of the signed body: OTA_BAD_SIGNATURE', () => {
    const t = trusted()
    const e = decodeEnvelope(release().envelope)
    expect(e.body.length).toBeGreaterThan(100)
    for (let i = 0; i < e.body.length; i++) {
      const body = Uint8Array.from(e.body)
      body[i]! ^= 1 << (i % 8)
      expectCode(() => verifyManifest(encodeEnvelope({ body, signatures: e.signatures }), t, { now: NOW }), 'OTA_BAD_SIGNATURE', `body byte ${i}`)
    }
  })

  it('a flipped signature byte, a signature moved to another key id, or a truncated body: OTA_BAD_SIGNATURE', () => {
    const t = trusted({ signingKeys: [signing(relKey), signing(relKey2)] })
    const env = release().envelope
    for (const i of [0, 31, 32, 63]) {
      expectCode(() => verifyManifest(editSignatures(env, (s) => s.map((x) => { const sig = Uint8Array.from(x.sig); sig[i]! ^= 0x10; return { ...x, sig } })), t, { now: NOW }), 'OTA_BAD_SIGNATURE', `sig byte ${i}`)
    }
    expectCode(() => verifyManifest(editSignatures(env, (s) => s.map((x) => ({ ...x, keyId: relKey2.keyId }))), t, { now: NOW }), 'OTA_BAD_SIGNATURE')
    const e = decodeEnvelope(env)
    expectCode(() => verifyManifest(encodeEnvelope({ body: e.body.subarray(0, e.body.length - 1), signatures: e.signatures }), t, { now: NOW }), 'OTA_BAD_SIGNATURE')
  })

  it('duplicate signature entries of one key do not reach a release threshold of 2', () => {
    const t = trusted({ signingKeys: [signing(relKey), signing(relKey2)], releaseThreshold: 2 })
    expect(t.root.releaseThreshold).toBe(2)
    const twice = release({ signers: [relKey, relKey] }).envelope
    expect(decodeEnvelope(twice).signatures.length).toBe(2)
    expectCode(() => verifyManifest(twice, t, { now: NOW }), 'OTA_BAD_SIGNATURE')
    const tenTimes = editSignatures(twice, (s) => Array.from({ length: 10 }, () => s[0]!))
    expectCode(() => verifyManifest(tenTimes, t, { now: NOW }), 'OTA_BAD_SIGNATURE')
    // one authorized key plus a stranger is still one key
    expectCode(() => verifyManifest(release({ signers: [relKey, strangerKey] }).envelope, t, { now: NOW }), 'OTA_BAD_SIGNATURE')
    // one good signature and one bad one by the second key: one key
    const badSecond = editSignatures(release({ signers: [relKey, relKey2] }).envelope, (s) => [s[0]!, { ...s[1]!, sig: Uint8Array.from(s[0]!.sig) }])
    expectCode(() => verifyManifest(badSecond, t, { now: NOW }), 'OTA_BAD_SIGNATURE')
    // both keys: accepted
    expect(verifyManifest(release({ signers: [relKey, relKey2] }).envelope, t, { now: NOW }).signers.length).toBe(2)
  })

  it('release threshold 2 met by signatures, but one key out of scope or expired: OTA_KEY_SCOPE / OTA_KEY_EXPIRED', () => {
    const scoped = trusted({ signingKeys: [signing(relKey), signing(relKey2, ['gateway-v1'])], releaseThreshold: 2 })
    expectCode(() => verifyManifest(release({ signers: [relKey, relKey2] }).envelope, scoped, { now: NOW }), 'OTA_KEY_SCOPE')
    const expired = trusted({ signingKeys: [signing(relKey), signing(relKey2, [MODEL], NOW - 1)], releaseThreshold: 2 })
    expectCode(() => verifyManifest(release({ signers: [relKey, relKey2] }).envelope, expired, { now: NOW }), 'OTA_KEY_EXPIRED')
  })

  it('malformed or oversized envelopes: OTA_DECODE / OTA_TOO_LARGE / OTA_FIELD', () => {
    const t = trusted()
    expectCode(() => verifyManifest(Uint8Array.of(0x0a, 0x09, 1), t, { now: NOW }), 'OTA_DECODE')
    expectCode(() => verifyManifest(new Uint8Array(Limits.envelope + 1), t, { now: NOW }), 'OTA_TOO_LARGE')
    expectCode(() => verifyManifest(editSignatures(release().envelope, () => []), t, { now: NOW }), 'OTA_FIELD')
    expectCode(() => verifyRoot(Uint8Array.of(0x0a, 0x09, 1), NOW), 'OTA_DECODE')
    expectCode(() => verifyRoot(new Uint8Array(Limits.envelope + 1), NOW), 'OTA_TOO_LARGE')
  })
})

describe('root refusals', () => {
  const two = { rootKeys: [publicKeyEntry(rootKey), publicKeyEntry(rootKey2)], threshold: 2 }

  it('threshold 2 signed by only one key: OTA_BAD_SIGNATURE', () => {
    expect(() => verifyRoot(signedRoot(two, [rootKey, rootKey2]), NOW)).not.toThrow()
    expectCode(() => verifyRoot(signedRoot(two, [rootKey]), NOW), 'OTA_BAD_SIGNATURE')
    expectCode(() => verifyRoot(signedRoot(two, [rootKey2]), NOW), 'OTA_BAD_SIGNATURE')
    expectCode(() => verifyRoot(signedRoot(two, [rootKey, rootKey]), NOW), 'OTA_BAD_SIGNATURE', 'the same key twice')
    expectCode(() => verifyRoot(signedRoot(two, [rootKey, strangerKey]), NOW), 'OTA_BAD_SIGNATURE', 'a stranger as second')
    expectCode(() => verifyRoot(signedRoot(two, [rootKey, relKey]), NOW), 'OTA_BAD_SIGNATURE', 'a release key as second')
    const forgedSecond = editSignatures(signedRoot(two, [rootKey, rootKey2]), (s) => [s[0]!, { ...s[1]!, sig: randomBytes(64) }])
    expectCode(() => verifyRoot(forgedSecond, NOW), 'OTA_BAD_SIGNATURE', 'a bad second signature')
  })

  it('signed by no key it lists: OTA_BAD_SIGNATURE', () => {
    expectCode(() => verifyRoot(signedRoot({}, [strangerKey]), NOW), 'OTA_BAD_SIGNATURE')
  })

  it('any flipped byte in the root body is refused (never accepted)', () => {
    const e = decodeEnvelope(signedRoot())
    const codes = new Set<string>()
    for (let i = 0; i < e.body.length; i++) {
      const body = Uint8Array.from(e.body)
      body[i]! ^= 0x04
      const err = caught(() => verifyRoot(encodeEnvelope({ body, signatures: e.signatures }), NOW))
      expect(isOtaError(err), `byte ${i}`).toBe(true)
      codes.add((err as OtaError).code)
    }
    expect(codes.has('OTA_BAD_SIGNATURE')).toBe(true)
    for (const c of codes) expect(['OTA_BAD_SIGNATURE', 'OTA_FIELD', 'OTA_DECODE', 'OTA_WRONG_TYPE']).toContain(c)
  })
})

describe('bundles', () => {
  it('an altered image: OTA_BUNDLE', () => {
    const r = release()
    const t = trusted()
    for (const at of [0, 5000, IMAGE.length - 1]) {
      const b = Buffer.from(r.bundle)
      b[b.length - IMAGE.length + at]! ^= 0x01
      expectCode(() => verifyBundle(b, t, NOW), 'OTA_BUNDLE', `image byte ${at}`)
    }
  })

  it('a truncated or extended bundle: OTA_BUNDLE', () => {
    const r = release()
    const t = trusted()
    for (const len of [0, 7, 8, 15, 16, 17, 100, r.bundle.length - IMAGE.length - 1, r.bundle.length - IMAGE.length, r.bundle.length - 1]) {
      expectCode(() => verifyBundle(r.bundle.subarray(0, len), t, NOW), 'OTA_BUNDLE', `first ${len} bytes`)
    }
    expectCode(() => verifyBundle(Buffer.concat([r.bundle, Buffer.of(0)]), t, NOW), 'OTA_BUNDLE', 'one byte more')
  })

  it('bad framing: magic, format, envelope length: OTA_BUNDLE', () => {
    const r = release()
    const t = trusted()
    const edit = (f: (b: Buffer) => void): Buffer => { const b = Buffer.from(r.bundle); f(b); return b }
    expectCode(() => verifyBundle(edit((b) => { b[0] = 0x61 }), t, NOW), 'OTA_BUNDLE', 'magic')
    expectCode(() => verifyBundle(edit((b) => b.writeUInt32BE(2, 8)), t, NOW), 'OTA_BUNDLE', 'format 2')
    expectCode(() => verifyBundle(edit((b) => b.writeUInt32BE(0, 12)), t, NOW), 'OTA_BUNDLE', 'envelope length 0')
    expectCode(() => verifyBundle(edit((b) => b.writeUInt32BE(Limits.envelope + 1, 12)), t, NOW), 'OTA_BUNDLE', 'envelope length over the limit')
    expectCode(() => verifyBundle(edit((b) => b.writeUInt32BE(r.bundle.length, 12)), t, NOW), 'OTA_BUNDLE', 'envelope length past the end')
    expect(() => encodeBundle(new Uint8Array(Limits.envelope + 1), IMAGE)).toThrow(expect.objectContaining({ code: 'OTA_TOO_LARGE' }))
  })

  it('parseBundle splits exactly and encodeBundle joins', () => {
    const r = release()
    const p = parseBundle(r.bundle)
    expect(toHex(p.envelope)).toBe(toHex(r.envelope))
    expect(toHex(p.image)).toBe(toHex(IMAGE))
    expect(Buffer.from(encodeBundle(p.envelope, p.image)).equals(r.bundle)).toBe(true)
    expect(r.bundle.subarray(0, 8).toString('latin1')).toBe('AOTABNDL')
    expect(r.bundle.readUInt32BE(8)).toBe(1)
    expect(r.bundle.readUInt32BE(12)).toBe(r.envelope.length)
    // a view into a larger buffer parses the same
    const padded = Buffer.concat([Buffer.alloc(7), r.bundle])
    expect(toHex(parseBundle(padded.subarray(7)).envelope)).toBe(toHex(r.envelope))
  })

  it('an image that matches all but one of digest, Merkle root, chunk size and size: OTA_BUNDLE', () => {
    const t = trusted()
    const m = release().manifest
    const wrongRoot = signedManifest({ ...m, image: { ...m.image, merkleRoot: sha256(Uint8Array.of(1)) } }, [relKey])
    expectCode(() => verifyBundle(encodeBundle(wrongRoot, IMAGE), t, NOW), 'OTA_BUNDLE', 'Merkle root')
    const wrongChunk = signedManifest({ ...m, image: { ...m.image, chunkSize: m.image.chunkSize / 2 } }, [relKey])
    expectCode(() => verifyBundle(encodeBundle(wrongChunk, IMAGE), t, NOW), 'OTA_BUNDLE', 'chunk size')
    const wrongDigest = signedManifest({ ...m, image: { ...m.image, sha256: sha256(Uint8Array.of(2)) } }, [relKey])
    expectCode(() => verifyBundle(encodeBundle(wrongDigest, IMAGE), t, NOW), 'OTA_BUNDLE', 'digest')
    const wrongSize = signedManifest({ ...m, image: { ...m.image, size: m.image.size + 1 } }, [relKey])
    expectCode(() => verifyBundle(encodeBundle(wrongSize, IMAGE), t, NOW), 'OTA_BUNDLE', 'size')
  })

  it('a bundle whose manifest does not verify fails as verifyManifest does', () => {
    const t = trusted()
    expectCode(() => verifyBundle(release({ signers: [strangerKey] }).bundle, t, NOW), 'OTA_UNTRUSTED_KEY')
    expectCode(() => verifyBundle(release({ expiresAt: NOW - 1 }).bundle, t, NOW), 'OTA_EXPIRED')
  })
})

describe('createRelease', () => {
  it('fills the manifest: default chunk size, sequence from creation time, reboot required', () => {
    const r = release()
    expect(r.manifest.format).toBe(1)
    expect(r.manifest.image.chunkSize).toBe(4096)
    expect(r.manifest.sequence).toBe(Math.floor((NOW - 1000) / 1000))
    expect(r.manifest.rebootRequired).toBe(true)
    expect(r.manifest.deltas).toEqual([])
    const custom = release({ chunkSize: 256, sequence: 77, urgency: 2, hardwareRevisions: ['rev-c'], releaseNotes: 'n', maxDeferralS: 60, rebootRequired: false })
    expect(custom.manifest.image.chunkSize).toBe(256)
    expect(custom.manifest.sequence).toBe(77)
    const v = verifyManifest(custom.envelope, trusted(), { now: NOW })
    expect(plain(v.manifest)).toEqual(plain(custom.manifest))
  })

  it('refuses bad arguments with OTA_INVALID_ARGUMENT, and fields the codec refuses with OTA_FIELD', () => {
    expectCode(() => release({ image: new Uint8Array(0) }), 'OTA_INVALID_ARGUMENT', 'empty image')
    expectCode(() => release({ signers: [] }), 'OTA_INVALID_ARGUMENT', 'no signers')
    expectCode(() => release({ model: 'bad model' }), 'OTA_INVALID_ARGUMENT', 'model')
    expectCode(() => release({ chunkSize: 3000 }), 'OTA_INVALID_ARGUMENT', 'chunk size 3000')
    expectCode(() => release({ chunkSize: 128 }), 'OTA_INVALID_ARGUMENT', 'chunk size 128')
    expectCode(() => release({ chunkSize: 2 * 1024 * 1024 }), 'OTA_INVALID_ARGUMENT', 'chunk size 2 MiB')
    expectCode(() => release({ securityVersion: -1 }), 'OTA_INVALID_ARGUMENT', 'security version -1')
    expectCode(() => release({ securityVersion: 1.5 }), 'OTA_INVALID_ARGUMENT', 'security version 1.5')
    expectCode(() => release({ version: '' }), 'OTA_FIELD', 'empty version')
    expectCode(() => release({ version: 'one two' }), 'OTA_FIELD', 'version with a space')
  })
})

describe('key files and initKeys', () => {
  let dir: string
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'aedes-ota-keys-')) })
  afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

  it('initKeys writes mode-0600 key files and a root that verifies and authorizes the release key', async () => {
    const out = join(dir, 'init')
    const res = await initKeys({ out, models: [MODEL, 'gateway-v1', MODEL], now: NOW, rootValidityMs: 30 * DAY, releaseKeyValidityMs: 10 * DAY })
    expect(res.rootKey).toBe(join(out, KeyFiles.root))
    expect(res.releaseKey).toBe(join(out, KeyFiles.release))
    expect(res.trust).toBe(join(out, KeyFiles.trust))
    for (const f of [res.rootKey, res.releaseKey]) expect((await stat(f)).mode & 0o777, f).toBe(0o600)

    const root = await readKeyFile(res.rootKey)
    const rel = await readKeyFile(res.releaseKey)
    expect(root.keyId).toBe(res.rootKeyId)
    expect(rel.keyId).toBe(res.releaseKeyId)
    expect(root.role).toBe('root')
    expect(rel.role).toBe('release')
    expect(root.keyId).not.toBe(rel.keyId)

    const t = verifyRoot(new Uint8Array(await readFile(res.trust)), NOW)
    expect(t.root.version).toBe(1)
    expect(t.root.threshold).toBe(1)
    expect(t.root.rootKeys.map((k) => k.keyId)).toEqual([root.keyId])
    expect(t.root.signingKeys.map((k) => k.key.keyId)).toEqual([rel.keyId])
    expect(t.root.signingKeys[0]!.models).toEqual([MODEL, 'gateway-v1'])
    expect(t.root.expiresAt).toBe(NOW + 30 * DAY)
    expect(t.root.signingKeys[0]!.expiresAt).toBe(NOW + 10 * DAY)

    const r = createRelease({ image: IMAGE, model: MODEL, version: '1.0.0', securityVersion: 0, signers: [rel], createdAt: NOW })
    expect(verifyBundle(r.bundle, t, NOW).signers).toEqual([rel.keyId])
    expectCode(() => verifyManifest(createRelease({ image: IMAGE, model: 'other', version: '1.0.0', securityVersion: 0, signers: [rel], createdAt: NOW }).envelope, t, { now: NOW }), 'OTA_KEY_SCOPE')
    expectCode(() => verifyManifest(r.envelope, t, { now: NOW + 10 * DAY + 1 }), 'OTA_KEY_EXPIRED')
    expectCode(() => verifyRoot(t.envelope, NOW + 30 * DAY + 1), 'OTA_ROOT_EXPIRED')
    // the root key cannot sign releases
    expectCode(() => verifyManifest(createRelease({ image: IMAGE, model: MODEL, version: '1.0.0', securityVersion: 0, signers: [root], createdAt: NOW }).envelope, t, { now: NOW }), 'OTA_UNTRUSTED_KEY')
  })

  it('initKeys refuses no models or a bad model with OTA_INVALID_ARGUMENT', async () => {
    await expectCodeAsync(initKeys({ out: join(dir, 'x'), models: [] }), 'OTA_INVALID_ARGUMENT')
    await expectCodeAsync(initKeys({ out: join(dir, 'y'), models: ['a/b'] }), 'OTA_INVALID_ARGUMENT')
  })

  it('writeKeyFile creates a 0600 file and never replaces one; readKeyFile round-trips', async () => {
    const f = join(dir, 'k.key')
    const k = generateKeyPair('ops')
    await writeKeyFile(f, k)
    expect((await stat(f)).mode & 0o777).toBe(0o600)
    const back = await readKeyFile(f)
    expect(back.keyId).toBe(k.keyId)
    expect(toHex(back.publicKey)).toBe(toHex(k.publicKey))
    expect(toHex(back.secretKey)).toBe(toHex(k.secretKey))
    expect(back.role).toBe('ops')
    const existing = join(dir, 'existing.key')
    await writeFile(existing, 'old')
    await expect(writeKeyFile(existing, generateKeyPair('ops'))).rejects.toMatchObject({ code: 'OTA_IO', cause: { code: 'EEXIST' } })
    expect(await readFile(existing, 'utf8')).toBe('old')
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([])
  })

  it('initKeys refuses a folder that already holds keys, and leaves them as they were', async () => {
    const out = join(dir, 'twice')
    await initKeys({ out, models: ['m1'] })
    const before = await readFile(join(out, 'root.key'), 'utf8')
    const err = await initKeys({ out, models: ['m1'] }).then(() => null, (e: unknown) => e)
    expect(isOtaError(err, 'OTA_INVALID_ARGUMENT')).toBe(true)
    expect(await readFile(join(out, 'root.key'), 'utf8')).toBe(before)
  })

  it('readKeyFile: missing file OTA_IO; malformed or inconsistent OTA_BAD_KEY', async () => {
    await expectCodeAsync(readKeyFile(join(dir, 'missing.key')), 'OTA_IO')
    const k = generateKeyPair('release')
    const good = { type: 'ed25519', role: 'release', keyId: k.keyId, publicKey: toHex(k.publicKey), secretKey: toHex(k.secretKey) }
    const bad: Array<[string, string]> = [
      ['not JSON', '{nope'],
      ['JSON null', 'null'],
      ['a JSON string', '"x"'],
      ['a JSON array', '[]'],
      ['another type', JSON.stringify({ ...good, type: 'rsa' })],
      ['no secret key', JSON.stringify({ ...good, secretKey: undefined })],
      ['a short secret key', JSON.stringify({ ...good, secretKey: good.secretKey.slice(2) })],
      ['an uppercase secret key', JSON.stringify({ ...good, secretKey: good.secretKey.toUpperCase() })],
      ['another key id', JSON.stringify({ ...good, keyId: generateKeyPair('x').keyId })],
      ['another public key', JSON.stringify({ ...good, publicKey: toHex(generateKeyPair('x').publicKey) })]
    ]
    for (const [what, text] of bad) {
      const f = join(dir, 'bad.key')
      await writeFile(f, text)
      await expectCodeAsync(readKeyFile(f), 'OTA_BAD_KEY', what)
    }
  })
})
