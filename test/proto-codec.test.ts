/**
 * The ota.v1 codec (proto/codec.ts) and its limits (proto/limits.ts): limits enforced before
 * decoding, garbage refused with OTA_DECODE, field rules with OTA_FIELD, round trips, chunk
 * requests, default chunk sizes, and a bounded fuzz loop over every decoder.
 */
import { describe, it, expect, vi, afterEach } from 'vitest'
import { randomBytes } from 'node:crypto'
import { ota } from '../proto/gen/ota.js'
import {
  BodyType, Limits, OtaError, State, Urgency, chunkCount, chunkRequestFor, decodeAdminResult,
  decodeChunkRequest, decodeDataFrame, decodeEnvelope, decodeSignedBody, decodeStatusEvent, defaultChunkSize,
  encodeAdminResult, encodeChunkRequest, encodeDataFrame, encodeEnvelope, encodeSignedBody, encodeStatusEvent,
  isOtaError, keyIdOf, maxDataFrame, requestedIndexes, stateName, statusEventToJson, sha256, toHex,
  type AdminResult, type DataFrame, type Manifest, type RootMetadata, type SignedBody, type StatusEvent
} from '../proto/index.js'
import { generateSecretKey, publicKeyOf } from '../sign/index.js'
import { prng } from './helpers/prng.js'

const pb = ota.v1
const KiB = 1024
const MiB = 1024 * KiB

afterEach(() => { vi.restoreAllMocks() })

// ---- helpers ------------------------------------------------------------------------------

function caught (fn: () => unknown): unknown {
  try { fn() } catch (e) { return e }
  return undefined
}

function expectCode (fn: () => unknown, code: string, what = ''): void {
  const e = caught(fn)
  expect(e, `${what}: expected ${code}, nothing was thrown`).toBeDefined()
  expect(isOtaError(e), `${what}: expected OtaError ${code}, got ${String(e)}`).toBe(true)
  expect((e as OtaError).code, `${what}: ${(e as Error).message}`).toBe(code)
}

/** Deep copy turning every Buffer into a plain Uint8Array, so toEqual compares content only. */
function plain<T> (v: T): T {
  if (v instanceof Uint8Array) return Uint8Array.from(v) as T
  if (Array.isArray(v)) return v.map(plain) as T
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)])) as T
  return v
}

function varint (n: number): number[] {
  const out: number[] = []
  while (n >= 0x80) { out.push((n & 0x7f) | 0x80); n = Math.floor(n / 128) }
  out.push(n)
  return out
}

/**
 * `bytes` followed by an unknown length-delimited field (number 2047) so that the result is
 * exactly `total` bytes long: still a valid encoding of the same message.
 */
function padTo (bytes: Uint8Array, total: number): Uint8Array {
  const tag = varint((2047 << 3) | 2)
  for (let len = 0; ; len++) {
    const head = [...tag, ...varint(len)]
    const size = bytes.length + head.length + len
    if (size === total) return Uint8Array.from([...bytes, ...head, ...new Uint8Array(len).fill(0x41)])
    if (size > total) throw new Error(`cannot pad ${bytes.length} bytes to ${total}`)
  }
}


const digest = (s: string): Uint8Array => sha256(new TextEncoder().encode(s))

function newKey (): { keyId: string, ed25519: Uint8Array } {
  const pk = publicKeyOf(generateSecretKey())
  return { keyId: keyIdOf(pk), ed25519: pk }
}
const ROOT_KEY = newKey()
const ROOT_KEY_2 = newKey()
const REL_KEY = newKey()
const REL_KEY_2 = newKey()

function rootMeta (): RootMetadata {
  return {
    version: 3,
    threshold: 2,
    rootKeys: [ROOT_KEY, ROOT_KEY_2],
    signingKeys: [
      { key: REL_KEY, models: ['sensor-v2', 'gw.1'], expiresAt: 1_900_000_000_000 },
      { key: REL_KEY_2, models: ['sensor-v2'], expiresAt: 0 }
    ],
    releaseThreshold: 2,
    createdAt: 1_700_000_000_000,
    expiresAt: 2_000_000_000_000
  }
}

function artifact (tag: string, size = 521 * KiB, chunkSize = 4096): Manifest['image'] {
  return { sha256: digest(tag), size, chunkSize, merkleRoot: digest(tag + '/root') }
}

function manifest (): Manifest {
  return {
    format: 1,
    model: 'sensor-v2',
    hardwareRevisions: ['rev-a', 'rev-b'],
    version: '2.4.1-rc.1+build.7',
    securityVersion: 12,
    sequence: 1_700_000_123,
    createdAt: 1_700_000_000_000,
    expiresAt: 1_800_000_000_000,
    image: artifact('image'),
    deltas: [{ baseVersion: '2.4.0', baseSha256: digest('base'), patch: artifact('patch', 10_000, 256), algorithm: 'bsdiff4' }],
    releaseNotes: 'Fixes the “radio” stall. ✓',
    urgency: Urgency.CRITICAL,
    maxDeferralS: 3600,
    rebootRequired: true,
    endOfLifeAt: 1_900_000_000_000,
    endOfLifeNotice: 'replace by 2030',
    sbomSha256: digest('sbom'),
    sbomFormat: 'cyclonedx+json',
    sbomSize: 48_213,
    compressedImage: { baseVersion: '', baseSha256: new Uint8Array(0), patch: artifact('compressed', 200_000, 4096), algorithm: 'bsdiff-brotli' }
  }
}

/** 64 deltas from distinct bases, each with its own patch. */
function manyDeltas (n: number): Manifest['deltas'] {
  return Array.from({ length: n }, (_, i) => ({ baseVersion: `1.${i}.0`, baseSha256: digest(`base${i}`), patch: artifact(`patch${i}`, 10_000, 256), algorithm: 'bsdiff-brotli' }))
}

/** Raw protobuf props of the test manifest, to break one rule at a time past the encoder's check. */
function manifestProps (): Record<string, unknown> {
  const m = manifest()
  return { ...m, image: { ...m.image }, deltas: m.deltas.map((d) => ({ ...d, patch: { ...d.patch } })), compressedImage: { ...m.compressedImage!, patch: { ...m.compressedImage!.patch } } }
}

function rootProps (): Record<string, unknown> {
  const r = rootMeta()
  return { ...r, rootKeys: r.rootKeys.map((k) => ({ ...k })), signingKeys: r.signingKeys.map((s) => ({ ...s, key: { ...s.key } })) }
}

const rawSigned = (props: Record<string, unknown>): Uint8Array => pb.SignedBody.encode(props as ota.v1.SignedBody.$Properties).finish()
const rawManifest = (edit: (m: any) => void): Uint8Array => { const m = manifestProps(); edit(m); return rawSigned({ type: BodyType.MANIFEST, manifest: m }) }
const rawRoot = (edit: (r: any) => void): Uint8Array => { const r = rootProps(); edit(r); return rawSigned({ type: BodyType.ROOT, root: r }) }

function envelope (): { body: Uint8Array, signatures: Array<{ keyId: string, sig: Uint8Array }> } {
  return { body: encodeSignedBody({ type: BodyType.MANIFEST, manifest: manifest() }), signatures: [{ keyId: REL_KEY.keyId, sig: randomBytes(64) }, { keyId: REL_KEY_2.keyId, sig: randomBytes(64) }] }
}

function statusEvent (): StatusEvent {
  return {
    deviceId: 'dev-0042',
    state: State.DOWNLOADING,
    result: 0,
    currentVersion: '2.4.0',
    targetVersion: '2.4.1',
    time: 1_700_000_000_500,
    detail: 'chunk 12 of 131',
    errorCode: '',
    artifact: digest('image'),
    bytesReceived: 49_152,
    bytesTotal: 533_504,
    securityVersion: 11,
    model: 'sensor-v2',
    receivedAt: 1_700_000_000_900,
    slot: 'b',
    previousVersion: '2.3.9',
    hardwareRevision: 'rev-b',
    support: 2,
    endOfLifeAt: 1_900_000_000_000,
    sbomSha256: digest('sbom'),
    deferredUntil: 0
  }
}

function adminResult (): AdminResult {
  return { ok: true, code: '', detail: 'announced', model: 'sensor-v2', version: '2.4.1', artifact: digest('image'), sequence: 1_700_000_123 }
}

function chunkFrame (): DataFrame {
  return { chunk: { artifact: digest('image'), index: 7, data: randomBytes(4096), proof: [digest('p0'), digest('p1'), digest('p2')] } }
}

// Every decoder with a valid encoding and its limit.
// `canonical`: the decoder refuses any encoding but its own, so the padded copy (an unknown field)
// at the limit is refused for that (OTA_DECODE), after the size check let it through.
const DECODERS: Array<{ name: string, limit: number, valid: () => Uint8Array, decode: (b: Uint8Array) => unknown, spy: () => { decode: unknown }, canonical?: true }> = [
  { name: 'envelope', limit: Limits.envelope, valid: () => encodeEnvelope(envelope()), decode: (b) => decodeEnvelope(b), spy: () => pb.Envelope },
  { name: 'signed body', limit: Limits.envelope, valid: () => encodeSignedBody({ type: BodyType.MANIFEST, manifest: manifest() }), decode: (b) => decodeSignedBody(b), spy: () => pb.SignedBody, canonical: true },
  { name: 'chunk request', limit: Limits.chunkRequest, valid: () => encodeChunkRequest(chunkRequestFor(digest('image'), [3, 4, 9])), decode: (b) => decodeChunkRequest(b), spy: () => pb.ChunkRequest },
  { name: 'data frame', limit: maxDataFrame(4096), valid: () => encodeDataFrame(chunkFrame()), decode: (b) => decodeDataFrame(b, 4096), spy: () => pb.DataFrame },
  { name: 'status event', limit: Limits.statusEvent, valid: () => encodeStatusEvent(statusEvent()), decode: (b) => decodeStatusEvent(b), spy: () => pb.StatusEvent },
  { name: 'admin result', limit: Limits.adminResult, valid: () => encodeAdminResult(adminResult()), decode: (b) => decodeAdminResult(b), spy: () => pb.AdminResult }
]

// ---- limits -------------------------------------------------------------------------------

describe('size limits, enforced before decoding', () => {
  it('the limits are the documented values', () => {
    expect(Limits.envelope).toBe(64 * KiB)
    expect(Limits.chunkRequest).toBe(256)
    expect(Limits.requestBitmap).toBe(64)
    expect(Limits.statusEvent).toBe(4 * KiB)
    expect(Limits.adminResult).toBe(4 * KiB)
    expect(maxDataFrame(4096)).toBe(4096 + 40 * 34 + 256)
  })

  for (const d of DECODERS) {
    it(`${d.name}: exactly ${d.limit} bytes decodes; ${d.limit + 1} bytes is OTA_TOO_LARGE without calling the decoder`, () => {
      const valid = d.valid()
      expect(valid.length).toBeLessThan(d.limit - 8)
      expect(() => d.decode(valid)).not.toThrow()
      const atLimit = padTo(valid, d.limit)
      expect(atLimit.length).toBe(d.limit)
      if (d.canonical === true) expectCode(() => d.decode(atLimit), 'OTA_DECODE', d.name)
      else expect(plain(d.decode(atLimit))).toEqual(plain(d.decode(valid)))

      const target = d.spy()
      const spy = vi.spyOn(target as { decode: (...a: unknown[]) => unknown }, 'decode')
      const over = padTo(valid, d.limit + 1)
      expectCode(() => d.decode(over), 'OTA_TOO_LARGE', d.name)
      // far larger garbage: refused for its size, not decoded
      expectCode(() => d.decode(new Uint8Array(d.limit * 4).fill(0xff)), 'OTA_TOO_LARGE', d.name)
      expect(spy).not.toHaveBeenCalled()
      d.decode(valid)
      expect(spy).toHaveBeenCalledTimes(1) // the spy does watch the decoder the codec uses
    })
  }

  it('envelopes: 64 KiB + 1 is refused; a caller-given max applies', () => {
    const valid = encodeEnvelope(envelope())
    expectCode(() => decodeEnvelope(padTo(valid, 64 * KiB + 1)), 'OTA_TOO_LARGE')
    expectCode(() => decodeEnvelope(valid, valid.length - 1), 'OTA_TOO_LARGE')
    expect(() => decodeEnvelope(valid, valid.length)).not.toThrow()
  })

  it('data frames: the limit follows the chunk size given', () => {
    const f = encodeDataFrame(chunkFrame())
    expectCode(() => decodeDataFrame(f, 1024), 'OTA_TOO_LARGE')
    expectCode(() => decodeDataFrame(padTo(f, maxDataFrame(4096) + 1), 4096), 'OTA_TOO_LARGE')
    expect(() => decodeDataFrame(padTo(f, maxDataFrame(8192)), 8192)).not.toThrow()
  })

  it('a maximal data frame (full chunk, 40-hash proof, long ids) fits maxDataFrame', () => {
    for (const chunkSize of [256, 4096, 65536, Limits.maxChunkSize]) {
      const frame = encodeDataFrame({ chunk: { artifact: digest('x'), index: 0xffffffff, data: new Uint8Array(chunkSize).fill(0xff), proof: Array.from({ length: 40 }, (_, i) => digest(String(i))) } })
      expect(frame.length).toBeLessThanOrEqual(maxDataFrame(chunkSize))
      expect(decodeDataFrame(frame, chunkSize).chunk!.proof.length).toBe(40)
    }
  })

  it('a maximal chunk request (512-chunk span, highest base) fits Limits.chunkRequest', () => {
    const r = chunkRequestFor(digest('x'), [0xffffffff - 511, 0xffffffff])
    expect(r.bitmap.length).toBe(Limits.requestBitmap)
    const bytes = encodeChunkRequest({ ...r, bitmap: new Uint8Array(64).fill(0xff) })
    expect(bytes.length).toBeLessThanOrEqual(Limits.chunkRequest)
    expect(decodeChunkRequest(bytes).bitmap.length).toBe(64)
  })
})

// ---- garbage --------------------------------------------------------------------------------

describe('garbage is OTA_DECODE', () => {
  const garbage: Array<[string, Uint8Array]> = [
    ['a truncated varint', Uint8Array.of(0x08, 0xff, 0xff)],
    ['a length past the end', Uint8Array.of(0x0a, 0x05, 0x01)],
    ['wire type 7', Uint8Array.of(0x0f)],
    ['an end group without a start', Uint8Array.of(0x0c)],
    ['field number 0', Uint8Array.of(0x00, 0x01)],
    ['all 0xff', new Uint8Array(40).fill(0xff)]
  ]
  for (const d of DECODERS) {
    it(`${d.name}`, () => {
      for (const [what, bytes] of garbage) expectCode(() => d.decode(bytes), 'OTA_DECODE', `${d.name}, ${what}`)
      for (const notBytes of [undefined, null, 'string', 42, [1, 2, 3], {}, new Uint16Array(4)]) {
        expectCode(() => d.decode(notBytes as unknown as Uint8Array), 'OTA_DECODE', `${d.name}, ${String(notBytes)}`)
      }
    })
  }

  it('invalid UTF-8 in a string field is OTA_DECODE', () => {
    // StatusEvent.device_id (field 1) = 0xff 0xfe
    expectCode(() => decodeStatusEvent(Uint8Array.of(0x0a, 0x02, 0xff, 0xfe, 0x10, 0x01)), 'OTA_DECODE')
  })

  it('an OTA_DECODE error keeps the protobuf error as cause and maps to LwM2M UNSUPPORTED_PACKAGE', () => {
    const e = caught(() => decodeEnvelope(Uint8Array.of(0x0a, 0x05, 0x01))) as OtaError
    expect(e).toBeInstanceOf(OtaError)
    expect(e.cause).toBeInstanceOf(Error)
    expect(e.lwm2mResult).toBe(6)
  })
})

// ---- field rules ----------------------------------------------------------------------------

describe('envelope field rules (OTA_FIELD)', () => {
  const enc = (e: unknown): Uint8Array => pb.Envelope.encode(e as ota.v1.Envelope.$Properties).finish()
  const sig = (keyId = REL_KEY.keyId, n = 64): { keyId: string, sig: Uint8Array } => ({ keyId, sig: new Uint8Array(n).fill(1) })
  const body = encodeSignedBody({ type: BodyType.MANIFEST, manifest: manifest() })
  const cases: Array<[string, unknown]> = [
    ['empty body', { body: new Uint8Array(0), signatures: [sig()] }],
    ['no signatures', { body, signatures: [] }],
    ['33 signatures', { body, signatures: Array.from({ length: 33 }, () => sig()) }],
    ['an uppercase key id', { body, signatures: [sig(REL_KEY.keyId.toUpperCase())] }],
    ['a 63-digit key id', { body, signatures: [sig(REL_KEY.keyId.slice(1))] }],
    ['a non-hex key id', { body, signatures: [sig('g'.repeat(64))] }],
    ['an empty key id', { body, signatures: [sig('')] }],
    ['a 63-byte signature', { body, signatures: [sig(undefined, 63)] }],
    ['a 65-byte signature', { body, signatures: [sig(undefined, 65)] }],
    ['an empty signature', { body, signatures: [sig(undefined, 0)] }]
  ]
  for (const [what, e] of cases) {
    it(`refuses ${what}`, () => expectCode(() => decodeEnvelope(enc(e)), 'OTA_FIELD', what))
  }
  it('accepts 1 and 32 signatures', () => {
    expect(decodeEnvelope(enc({ body, signatures: [sig()] })).signatures.length).toBe(1)
    expect(decodeEnvelope(enc({ body, signatures: Array.from({ length: 32 }, () => sig()) })).signatures.length).toBe(32)
  })
})

describe('root metadata field rules (OTA_FIELD)', () => {
  it('the unmodified raw root decodes (so each case below breaks exactly one rule)', () => {
    expect(plain(decodeSignedBody(rawRoot(() => {})))).toEqual(plain({ type: BodyType.ROOT, root: rootMeta() }))
  })
  const cases: Array<[string, (r: any) => void]> = [
    ['version 0', (r) => { r.version = 0 }],
    ['no root keys', (r) => { r.rootKeys = []; r.threshold = 1 }],
    ['33 root keys', (r) => { r.rootKeys = Array.from({ length: 33 }, newKey) }],
    ['duplicate root keys', (r) => { r.rootKeys = [ROOT_KEY, ROOT_KEY] }],
    ['threshold 0', (r) => { r.threshold = 0 }],
    ['threshold greater than the root keys', (r) => { r.threshold = 3 }],
    ['a 31-byte root key', (r) => { r.rootKeys[0].ed25519 = ROOT_KEY.ed25519.subarray(0, 31) }],
    ['a 33-byte root key', (r) => { r.rootKeys[0].ed25519 = Uint8Array.of(...ROOT_KEY.ed25519, 0) }],
    ['a missing root key', (r) => { r.rootKeys[0].ed25519 = undefined }],
    ['a root key id that is not the hash of the key', (r) => { r.rootKeys[0].keyId = ROOT_KEY_2.keyId }],
    ['an uppercase root key id', (r) => { r.rootKeys[0].keyId = ROOT_KEY.keyId.toUpperCase() }],
    ['a signing key id that is not the hash of the key', (r) => { r.signingKeys[0].key.keyId = REL_KEY_2.keyId }],
    ['a signing key without key', (r) => { r.signingKeys[0].key = undefined }],
    ['a signing key with no models', (r) => { r.signingKeys[0].models = [] }],
    ['a signing key with a bad model identifier', (r) => { r.signingKeys[0].models = ['sensor v2'] }],
    ['a signing key with a model starting with a dot', (r) => { r.signingKeys[0].models = ['.x'] }],
    ['a signing key with a 65-character model', (r) => { r.signingKeys[0].models = ['m'.repeat(65)] }],
    ['a signing key with a wildcard model', (r) => { r.signingKeys[0].models = ['+'] }],
    ['a signing key with 257 models', (r) => { r.signingKeys[0].models = Array.from({ length: 257 }, (_, i) => `m${i}`) }],
    ['a negative signing key expiry', (r) => { r.signingKeys[0].expiresAt = -1 }],
    ['257 signing keys', (r) => { r.signingKeys = Array.from({ length: 257 }, () => ({ key: REL_KEY, models: ['m'], expiresAt: 0 })); r.releaseThreshold = 1 }],
    ['release threshold greater than the signing keys', (r) => { r.releaseThreshold = 3 }],
    ['release threshold 2 with no signing keys', (r) => { r.signingKeys = []; r.releaseThreshold = 2 }],
    ['a negative creation time', (r) => { r.createdAt = -5 }],
    ['a negative expiry', (r) => { r.expiresAt = -1 }],
    ['an expiry beyond 2^53', (r) => { r.expiresAt = 2 ** 60 }]
  ]
  for (const [what, edit] of cases) {
    it(`refuses ${what}`, () => expectCode(() => decodeSignedBody(rawRoot(edit)), 'OTA_FIELD', what))
  }
  it('refuses release threshold 0', () => {
    expectCode(() => decodeSignedBody(rawRoot((r) => { r.releaseThreshold = 0 })), 'OTA_FIELD')
  })
  it('the encoder refuses what the decoder refuses (a threshold above the root keys)', () => {
    expectCode(() => encodeSignedBody({ type: BodyType.ROOT, root: { ...rootMeta(), threshold: 3 } }), 'OTA_FIELD')
  })
})

describe('signed bodies have one encoding (serialization confusion)', () => {
  const valid = (): Uint8Array => encodeSignedBody({ type: BodyType.MANIFEST, manifest: manifest() })
  it('refuses an unknown field, a repeated field and reordered fields (OTA_DECODE)', () => {
    const unknown = Uint8Array.from([...valid(), ...varint((99 << 3) | 0), 1])
    expectCode(() => decodeSignedBody(unknown), 'OTA_DECODE')
    // field 1 (type) written again at the end: a protobuf decoder keeps the last one
    const repeated = Uint8Array.from([...valid(), ...varint((1 << 3) | 0), BodyType.MANIFEST])
    expectCode(() => decodeSignedBody(repeated), 'OTA_DECODE')
    // the type (field 1, two bytes) moved after the manifest (field 3): same message, other bytes
    const b = valid()
    expect([b[0], b[1]]).toEqual([(1 << 3) | 0, BodyType.MANIFEST])
    expectCode(() => decodeSignedBody(Uint8Array.from([...b.subarray(2), ...b.subarray(0, 2)])), 'OTA_DECODE')
  })
  it('reads back its own encoding unchanged', () => {
    const b = valid()
    expect(encodeSignedBody(decodeSignedBody(b))).toEqual(b)
  })
})

describe('manifest field rules (OTA_FIELD)', () => {
  it('the unmodified raw manifest decodes (so each case below breaks exactly one rule)', () => {
    expect(plain(decodeSignedBody(rawManifest(() => {})))).toEqual(plain({ type: BodyType.MANIFEST, manifest: manifest() }))
  })
  const cases: Array<[string, (m: any) => void]> = [
    ['format 0', (m) => { m.format = 0 }],
    ['format 2', (m) => { m.format = 2 }],
    ['an empty model', (m) => { m.model = '' }],
    ['a model with a slash', (m) => { m.model = 'a/b' }],
    ['a model with a space', (m) => { m.model = 'sensor v2' }],
    ['a model with a wildcard', (m) => { m.model = '#' }],
    ['a 65-character model', (m) => { m.model = 'm'.repeat(65) }],
    ['an empty version', (m) => { m.version = '' }],
    ['a version with a space', (m) => { m.version = '1.0 beta' }],
    ['a 65-character version', (m) => { m.version = '1'.repeat(65) }],
    ['an empty hardware revision', (m) => { m.hardwareRevisions = [''] }],
    ['65 hardware revisions', (m) => { m.hardwareRevisions = Array.from({ length: 65 }, (_, i) => `r${i}`) }],
    ['sequence 0', (m) => { m.sequence = 0 }],
    ['a security version beyond 2^53', (m) => { m.securityVersion = 2 ** 60 }],
    ['a negative creation time', (m) => { m.createdAt = -1 }],
    ['a negative expiry', (m) => { m.expiresAt = -1 }],
    ['a negative end of life', (m) => { m.endOfLifeAt = -1 }],
    ['no image', (m) => { m.image = undefined }],
    ['a 31-byte image digest', (m) => { m.image.sha256 = m.image.sha256.subarray(0, 31) }],
    ['a 33-byte image digest', (m) => { m.image.sha256 = Uint8Array.of(...m.image.sha256, 0) }],
    ['no image digest', (m) => { m.image.sha256 = new Uint8Array(0) }],
    ['a 31-byte Merkle root', (m) => { m.image.merkleRoot = m.image.merkleRoot.subarray(1) }],
    ['a 64-byte Merkle root', (m) => { m.image.merkleRoot = new Uint8Array(64) }],
    ['image size 0', (m) => { m.image.size = 0 }],
    ['image size 4 GiB', (m) => { m.image.size = 2 ** 32 }],
    ['chunk size 3000 (not a power of two)', (m) => { m.image.chunkSize = 3000 }],
    ['chunk size 4097 (not a power of two)', (m) => { m.image.chunkSize = 4097 }],
    ['chunk size 128 (below the minimum)', (m) => { m.image.chunkSize = 128 }],
    ['chunk size 0', (m) => { m.image.chunkSize = 0 }],
    ['chunk size 2 MiB (above the maximum)', (m) => { m.image.chunkSize = 2 * MiB }],
    ['a delta with a 31-byte base digest', (m) => { m.deltas[0].baseSha256 = new Uint8Array(31) }],
    ['a delta with an empty base version', (m) => { m.deltas[0].baseVersion = '' }],
    ['a delta with no algorithm', (m) => { m.deltas[0].algorithm = '' }],
    ['a delta with a 65-character algorithm', (m) => { m.deltas[0].algorithm = 'a'.repeat(65) }],
    ['a delta with no patch', (m) => { m.deltas[0].patch = undefined }],
    ['a delta whose patch chunk size is not a power of two', (m) => { m.deltas[0].patch.chunkSize = 300 }],
    ['65 deltas', (m) => { m.deltas = manyDeltas(65) }],
    ['two deltas from the same base', (m) => { m.deltas = [m.deltas[0], { ...m.deltas[0], baseVersion: '2.3.9', patch: { ...m.deltas[0].patch, sha256: digest('other') } }] }],
    ['a delta whose patch is the image', (m) => { m.deltas[0].patch = { ...m.image } }],
    ['a compressed image that is a delta patch too', (m) => { m.compressedImage.patch = { ...m.deltas[0].patch } }],
    ['a compressed image with a base digest', (m) => { m.compressedImage.baseSha256 = digest('base') }],
    ['a compressed image with a base version', (m) => { m.compressedImage.baseVersion = '1.0.0' }],
    ['a compressed image with no algorithm', (m) => { m.compressedImage.algorithm = '' }],
    ['a compressed image with no patch', (m) => { m.compressedImage.patch = undefined }],
    ['urgency 3', (m) => { m.urgency = 3 }],
    ['release notes over 16 KiB', (m) => { m.releaseNotes = 'x'.repeat(16 * KiB + 1) }],
    ['an end-of-life notice over 16 KiB', (m) => { m.endOfLifeNotice = 'x'.repeat(16 * KiB + 1) }],
    ['an SBOM digest of 31 bytes', (m) => { m.sbomSha256 = new Uint8Array(31) }],
    ['an SBOM of an unknown format', (m) => { m.sbomFormat = 'swid+xml' }],
    ['an SBOM of 0 bytes', (m) => { m.sbomSize = 0 }],
    ['an SBOM over 8 MiB', (m) => { m.sbomSize = 8 * 1024 * KiB + 1 }],
    ['an SBOM format without an SBOM digest', (m) => { m.sbomSha256 = new Uint8Array(0) }]
  ]
  for (const [what, edit] of cases) {
    it(`refuses ${what}`, () => expectCode(() => decodeSignedBody(rawManifest(edit)), 'OTA_FIELD', what))
  }
  it('accepts the boundaries: 64 deltas, 16 KiB notes, chunk sizes 256 and 1 MiB, size 4 GiB - 1, 64-character ids', () => {
    const ok: Array<(m: any) => void> = [
      (m) => { m.deltas = manyDeltas(64) },
      (m) => { m.compressedImage = undefined },
      (m) => { m.releaseNotes = 'x'.repeat(16 * KiB) },
      (m) => { m.image.chunkSize = 256; m.image.size = 1 },
      (m) => { m.image.chunkSize = MiB },
      (m) => { m.image.size = 2 ** 32 - 1 },
      (m) => { m.model = 'm'.repeat(64); m.version = 'v'.repeat(64) },
      (m) => { m.hardwareRevisions = []; m.deltas = []; m.expiresAt = 0 }
    ]
    for (const edit of ok) expect(() => decodeSignedBody(rawManifest(edit))).not.toThrow()
  })
  it('the encoder refuses what the decoder refuses (chunk size not a power of two)', () => {
    const m = manifest()
    expectCode(() => encodeSignedBody({ type: BodyType.MANIFEST, manifest: { ...m, image: { ...m.image, chunkSize: 3000 } } }), 'OTA_FIELD')
    expectCode(() => encodeSignedBody({ type: BodyType.MANIFEST, manifest: { ...m, model: 'bad model' } }), 'OTA_FIELD')
  })
})

describe('signed body type tag', () => {
  const m = manifestProps()
  const r = rootProps()
  it('a body whose tag does not match its content is OTA_FIELD', () => {
    expectCode(() => decodeSignedBody(rawSigned({ type: BodyType.ROOT, manifest: m })), 'OTA_FIELD', 'ROOT tag, manifest content')
    expectCode(() => decodeSignedBody(rawSigned({ type: BodyType.MANIFEST, root: r })), 'OTA_FIELD', 'MANIFEST tag, root content')
    expectCode(() => decodeSignedBody(rawSigned({ type: BodyType.ROOT, root: r, manifest: m })), 'OTA_FIELD', 'ROOT tag, both')
    expectCode(() => decodeSignedBody(rawSigned({ type: BodyType.MANIFEST, root: r, manifest: m })), 'OTA_FIELD', 'MANIFEST tag, both')
    expectCode(() => decodeSignedBody(rawSigned({ type: BodyType.MANIFEST })), 'OTA_FIELD', 'MANIFEST tag, no content')
    expectCode(() => decodeSignedBody(rawSigned({ type: BodyType.ROOT })), 'OTA_FIELD', 'ROOT tag, no content')
    // also when the caller names the type it expects
    expectCode(() => decodeSignedBody(rawSigned({ type: BodyType.ROOT, manifest: m }), BodyType.ROOT), 'OTA_FIELD')
    expectCode(() => decodeSignedBody(rawSigned({ type: BodyType.MANIFEST, root: r }), BodyType.MANIFEST), 'OTA_FIELD')
  })
  it('an unknown or missing tag is OTA_WRONG_TYPE', () => {
    expectCode(() => decodeSignedBody(rawSigned({ manifest: m })), 'OTA_WRONG_TYPE', 'no tag')
    expectCode(() => decodeSignedBody(rawSigned({ type: 7, manifest: m })), 'OTA_WRONG_TYPE', 'tag 7')
  })
  it('a body of another type than expected is OTA_WRONG_TYPE', () => {
    const rootBody = encodeSignedBody({ type: BodyType.ROOT, root: rootMeta() })
    const manifestBody = encodeSignedBody({ type: BodyType.MANIFEST, manifest: manifest() })
    expectCode(() => decodeSignedBody(rootBody, BodyType.MANIFEST), 'OTA_WRONG_TYPE')
    expectCode(() => decodeSignedBody(manifestBody, BodyType.ROOT), 'OTA_WRONG_TYPE')
    expect(decodeSignedBody(rootBody, BodyType.ROOT).type).toBe(BodyType.ROOT)
    expect(decodeSignedBody(manifestBody, BodyType.MANIFEST).type).toBe(BodyType.MANIFEST)
  })
})

describe('chunk request, data frame and status event field rules (OTA_FIELD)', () => {
  it('chunk requests', () => {
    const enc = (r: unknown): Uint8Array => pb.ChunkRequest.encode(r as ota.v1.ChunkRequest.$Properties).finish()
    expectCode(() => decodeChunkRequest(enc({ artifact: new Uint8Array(31), base: 0, bitmap: [1] })), 'OTA_FIELD', '31-byte artifact')
    expectCode(() => decodeChunkRequest(enc({ base: 0, bitmap: [1] })), 'OTA_FIELD', 'no artifact')
    expectCode(() => decodeChunkRequest(enc({ artifact: digest('a'), base: 0 })), 'OTA_FIELD', 'empty bitmap')
    expectCode(() => decodeChunkRequest(enc({ artifact: digest('a'), base: 0, bitmap: new Uint8Array(65) })), 'OTA_FIELD', '65-byte bitmap')
    expect(decodeChunkRequest(enc({ artifact: digest('a'), base: 5, bitmap: new Uint8Array(64) })).bitmap.length).toBe(64)
  })

  it('data frames', () => {
    const enc = (f: unknown): Uint8Array => pb.DataFrame.encode(f as ota.v1.DataFrame.$Properties).finish()
    const c = chunkFrame().chunk!
    expectCode(() => decodeDataFrame(enc({}), 4096), 'OTA_FIELD', 'empty frame')
    expectCode(() => decodeDataFrame(enc({ chunk: { ...c, artifact: new Uint8Array(33) } }), 4096), 'OTA_FIELD', '33-byte artifact')
    expectCode(() => decodeDataFrame(enc({ chunk: { ...c, data: new Uint8Array(0) } }), 4096), 'OTA_FIELD', 'empty data')
    expectCode(() => decodeDataFrame(enc({ chunk: { ...c, data: new Uint8Array(1025) } }), 1024), 'OTA_FIELD', 'data over the chunk size')
    expectCode(() => decodeDataFrame(enc({ chunk: { ...c, proof: Array.from({ length: 41 }, () => digest('p')) } }), 4096), 'OTA_FIELD', '41 proof hashes')
    expectCode(() => decodeDataFrame(enc({ chunk: { ...c, proof: [digest('p'), new Uint8Array(31)] } }), 4096), 'OTA_FIELD', '31-byte proof hash')
    expectCode(() => decodeDataFrame(enc({ chunk: { ...c, proof: [new Uint8Array(0)] } }), 4096), 'OTA_FIELD', 'empty proof hash')
    expect(decodeDataFrame(enc({ chunk: { ...c, data: new Uint8Array(1024) } }), 1024).chunk!.data.length).toBe(1024)
  })

  it('error frames: code and detail are cut to 64 and 512 characters', () => {
    const f = decodeDataFrame(encodeDataFrame({ error: { artifact: digest('a'), code: 'X'.repeat(100), detail: 'd'.repeat(2000) } }), 4096)
    expect(f.error!.code.length).toBe(64)
    expect(f.error!.detail.length).toBe(512)
    expect(f.chunk).toBeUndefined()
  })

  const eventCases: Array<[string, Partial<StatusEvent>]> = [
    ['an empty device id', { deviceId: '' }],
    ['a device id with a slash', { deviceId: 'a/b' }],
    ['a device id with a wildcard', { deviceId: 'dev+' }],
    ['state 0 (unspecified)', { state: 0 }],
    ['state 14 (unknown)', { state: 14 }],
    ['result 12 (not LwM2M)', { result: 12 }],
    ['a current version with a space', { currentVersion: '1 0' }],
    ['a 65-character target version', { targetVersion: '1'.repeat(65) }],
    ['a bad model', { model: 'sensor v2' }],
    ['a lowercase error code', { errorCode: 'ota_timeout' }],
    ['a 65-character error code', { errorCode: 'A'.repeat(65) }],
    ['a detail over 1024 characters', { detail: 'd'.repeat(1025) }],
    ['a 5-byte artifact', { artifact: new Uint8Array(5) }],
    ['slot c', { slot: 'c' }],
    ['a negative time', { time: -1 }],
    ['a received time beyond 2^53', { receivedAt: 2 ** 60 }],
    ['bytes received beyond 2^53', { bytesReceived: 2 ** 60 }]
  ]
  for (const [what, edit] of eventCases) {
    it(`status event: refuses ${what}`, () => expectCode(() => decodeStatusEvent(encodeStatusEvent({ ...statusEvent(), ...edit })), 'OTA_FIELD', what))
  }
  it('status event: empty optional fields are fine', () => {
    const e = { ...statusEvent(), currentVersion: '', targetVersion: '', model: '', artifact: new Uint8Array(0), slot: '', errorCode: 'OTA_TIMEOUT', state: State.FAILED, result: 4 }
    expect(plain(decodeStatusEvent(encodeStatusEvent(e)))).toEqual(plain(e))
  })
})

// ---- round trips --------------------------------------------------------------------------

describe('round trips', () => {
  it('envelope', () => {
    const e = envelope()
    const bytes = encodeEnvelope(e)
    expect(plain(decodeEnvelope(bytes))).toEqual(plain(e))
    expect(toHex(encodeEnvelope(decodeEnvelope(bytes)))).toBe(toHex(bytes))
  })

  it('signed body: root metadata', () => {
    const body: SignedBody = { type: BodyType.ROOT, root: rootMeta() }
    const bytes = encodeSignedBody(body)
    expect(plain(decodeSignedBody(bytes))).toEqual(plain(body))
    expect(plain(decodeSignedBody(bytes, BodyType.ROOT))).toEqual(plain(body))
    expect(toHex(encodeSignedBody(decodeSignedBody(bytes)))).toBe(toHex(bytes))
  })

  it('signed body: manifest with every field set, and a minimal one', () => {
    const body: SignedBody = { type: BodyType.MANIFEST, manifest: manifest() }
    const bytes = encodeSignedBody(body)
    expect(plain(decodeSignedBody(bytes))).toEqual(plain(body))
    expect(toHex(encodeSignedBody(decodeSignedBody(bytes)))).toBe(toHex(bytes))
    const minimal: SignedBody = {
      type: BodyType.MANIFEST,
      manifest: { ...manifest(), hardwareRevisions: [], securityVersion: 0, createdAt: 0, expiresAt: 0, deltas: [], releaseNotes: '', urgency: Urgency.OPTIONAL, maxDeferralS: 0, rebootRequired: false, endOfLifeAt: 0, endOfLifeNotice: '', sbomSha256: new Uint8Array(0), sbomFormat: '', sbomSize: 0, compressedImage: null }
    }
    expect(plain(decodeSignedBody(encodeSignedBody(minimal)))).toEqual(plain(minimal))
  })

  it('signed body: large safe integers survive (int64/uint64 fields)', () => {
    const big = Number.MAX_SAFE_INTEGER
    const body: SignedBody = { type: BodyType.MANIFEST, manifest: { ...manifest(), securityVersion: big, sequence: big, createdAt: big, expiresAt: big, endOfLifeAt: big } }
    expect(plain(decodeSignedBody(encodeSignedBody(body)))).toEqual(plain(body))
  })

  it('chunk request', () => {
    const r = { artifact: digest('a'), base: 4_000_000_000, bitmap: Uint8Array.of(0x81, 0, 0xff) }
    expect(plain(decodeChunkRequest(encodeChunkRequest(r)))).toEqual(plain(r))
    // joined (field 4, the device subscribes to the broadcast topic): absent when false, on the wire and decoded
    const j = { ...r, joined: true }
    expect(plain(decodeChunkRequest(encodeChunkRequest(j)))).toEqual(plain(j))
    expect(encodeChunkRequest({ ...r, joined: false })).toEqual(encodeChunkRequest(r))
    expect(decodeChunkRequest(encodeChunkRequest(r)).joined).toBeUndefined()
    expect(chunkRequestFor(digest('a'), [1, 2], true).joined).toBe(true)
    expect(chunkRequestFor(digest('a'), [1, 2]).joined).toBeUndefined()
  })

  it('data frame: chunk and error', () => {
    const c = chunkFrame()
    expect(plain(decodeDataFrame(encodeDataFrame(c), 4096))).toEqual(plain(c))
    const noProof: DataFrame = { chunk: { artifact: digest('a'), index: 0, data: Uint8Array.of(1), proof: [] } }
    expect(plain(decodeDataFrame(encodeDataFrame(noProof), 256))).toEqual(plain(noProof))
    const e: DataFrame = { error: { artifact: digest('a'), code: 'OTA_UNKNOWN_ARTIFACT', detail: 'no such artifact' } }
    expect(plain(decodeDataFrame(encodeDataFrame(e), 4096))).toEqual(plain(e))
  })

  it('status event, and its JSON form', () => {
    const e = statusEvent()
    const d = decodeStatusEvent(encodeStatusEvent(e))
    expect(plain(d)).toEqual(plain(e))
    const j = statusEventToJson(d)
    expect(j.state).toBe('DOWNLOADING')
    expect(j.artifact).toBe(toHex(digest('image')))
    expect(j.deviceTime).toBe(e.time)
    expect(j.receivedAt).toBe(e.receivedAt)
    expect(JSON.parse(JSON.stringify(j))).toEqual(j)
  })

  it('every state name round-trips', () => {
    for (const [name, v] of Object.entries(State)) {
      expect(stateName(v)).toBe(name)
      expect(decodeStatusEvent(encodeStatusEvent({ ...statusEvent(), state: v })).state).toBe(v)
    }
    expect(stateName(0)).toBe('UNSPECIFIED')
    expect(stateName(99)).toBe('UNSPECIFIED')
  })

  it('admin result', () => {
    for (const r of [adminResult(), { ok: false, code: 'OTA_KEY_SCOPE', detail: 'no', model: '', version: '', artifact: new Uint8Array(0), sequence: 0 }]) {
      expect(plain(decodeAdminResult(encodeAdminResult(r)))).toEqual(plain(r))
    }
  })

  it('keyIdOf is the lowercase hex SHA-256 of the key', () => {
    expect(keyIdOf(ROOT_KEY.ed25519)).toBe(toHex(sha256(ROOT_KEY.ed25519)))
    expect(keyIdOf(ROOT_KEY.ed25519)).toMatch(/^[0-9a-f]{64}$/)
  })
})

// ---- chunk requests -----------------------------------------------------------------------

describe('chunkRequestFor and requestedIndexes', () => {
  const art = digest('image')

  it('bitmaps are least significant bit first from the base', () => {
    expect(Array.from(chunkRequestFor(art, [10]).bitmap)).toEqual([0x01])
    expect(chunkRequestFor(art, [10]).base).toBe(10)
    expect(Array.from(chunkRequestFor(art, [0, 7]).bitmap)).toEqual([0x81])
    expect(Array.from(chunkRequestFor(art, [0, 8]).bitmap)).toEqual([0x01, 0x01])
    expect(Array.from(chunkRequestFor(art, [3, 4, 5, 17]).bitmap)).toEqual([0x07, 0x40])
    expect(Array.from(chunkRequestFor(art, [3, 4, 5, 25]).bitmap)).toEqual([0x07, 0x00, 0x40])
    expect(requestedIndexes({ artifact: art, base: 100, bitmap: Uint8Array.of(0x81, 0x00, 0x02) }, 1000)).toEqual([100, 107, 117])
  })

  it('round-trips random ascending index sets through encode and decode', () => {
    const rnd = prng(7)
    for (let k = 0; k < 300; k++) {
      const base = Math.floor(rnd() * 100_000)
      const span = 1 + Math.floor(rnd() * 512)
      const density = rnd()
      const set = new Set<number>([base])
      for (let i = 1; i < span; i++) if (rnd() < density) set.add(base + i)
      const indexes = [...set].sort((a, b) => a - b)
      const r = chunkRequestFor(art, indexes)
      expect(r.base).toBe(indexes[0])
      expect(r.bitmap.length).toBe(((indexes[indexes.length - 1]! - base) >> 3) + 1)
      expect(r.bitmap.length).toBeLessThanOrEqual(Limits.requestBitmap)
      const back = decodeChunkRequest(encodeChunkRequest(r))
      expect(requestedIndexes(back, Number.MAX_SAFE_INTEGER)).toEqual(indexes)
      // indexes at or past the chunk count are left out
      const count = base + Math.floor(rnd() * span)
      expect(requestedIndexes(back, count)).toEqual(indexes.filter((i) => i < count))
    }
  })

  it('duplicates collapse', () => {
    expect(requestedIndexes(chunkRequestFor(art, [4, 4, 5, 5]), 100)).toEqual([4, 5])
  })

  it('the span limit: 512 chunks fit, 513 do not; no indexes is refused', () => {
    const ok = chunkRequestFor(art, [1000, 1000 + 511])
    expect(ok.bitmap.length).toBe(64)
    expect(requestedIndexes(ok, 1e9)).toEqual([1000, 1511])
    expectCode(() => chunkRequestFor(art, [1000, 1000 + 512]), 'OTA_INVALID_ARGUMENT')
    expectCode(() => chunkRequestFor(art, Array.from({ length: 513 }, (_, i) => i)), 'OTA_INVALID_ARGUMENT')
    expectCode(() => chunkRequestFor(art, []), 'OTA_INVALID_ARGUMENT')
  })

  it('indexes out of order, negative, fractional or past uint32 are refused, never silently dropped', () => {
    for (const bad of [[5, 1, 3], [2, 1], [-1, 0], [1.5], [0, 2.5], [2 ** 32], [NaN]]) {
      expectCode(() => chunkRequestFor(art, bad), 'OTA_INVALID_ARGUMENT', JSON.stringify(bad))
    }
  })
})

// ---- default chunk size -------------------------------------------------------------------

describe('defaultChunkSize and chunkCount', () => {
  it('gives the documented sizes', () => {
    const cases: Array<[number, number]> = [
      [1, 4096], [521 * KiB, 4096], [521 * 1000, 4096], [4 * MiB, 4096], [4 * MiB + 1, 8192], [8 * MiB, 8192],
      [8 * MiB + 1, 16384], [16 * MiB, 16384], [32 * MiB, 32768], [32 * MiB + 1, 65536], [64 * MiB, 65536],
      [64 * MiB + 1, 65536], [1024 * MiB, 65536], [Limits.maxArtifactSize, 65536]
    ]
    for (const [size, want] of cases) expect(defaultChunkSize(size), `size ${size}`).toBe(want)
  })

  it('is the smallest power of two from 4 KiB to 64 KiB that keeps 1,024 chunks at most', () => {
    const rnd = prng(99)
    for (let k = 0; k < 2000; k++) {
      const size = 1 + Math.floor(rnd() * 100 * MiB)
      const c = defaultChunkSize(size)
      expect([4096, 8192, 16384, 32768, 65536]).toContain(c)
      if (size <= 64 * MiB) expect(chunkCount(size, c)).toBeLessThanOrEqual(1024)
      if (c > 4096) expect(chunkCount(size, c / 2)).toBeGreaterThan(1024)
    }
  })

  it('chunkCount', () => {
    expect(chunkCount(0, 4096)).toBe(1)
    expect(chunkCount(1, 4096)).toBe(1)
    expect(chunkCount(4096, 4096)).toBe(1)
    expect(chunkCount(4097, 4096)).toBe(2)
    expect(chunkCount(521 * KiB, 4096)).toBe(131)
  })
})

// ---- fuzz ---------------------------------------------------------------------------------

describe('fuzz: every decoder returns or throws an OtaError, never anything else', () => {
  const decoders: Array<[string, (b: Uint8Array) => unknown]> = [
    ['decodeEnvelope', (b) => decodeEnvelope(b)],
    ['decodeSignedBody', (b) => decodeSignedBody(b)],
    ['decodeSignedBody(ROOT)', (b) => decodeSignedBody(b, BodyType.ROOT)],
    ['decodeSignedBody(MANIFEST)', (b) => decodeSignedBody(b, BodyType.MANIFEST)],
    ['decodeChunkRequest', (b) => decodeChunkRequest(b)],
    ['decodeDataFrame', (b) => decodeDataFrame(b, 4096)],
    ['decodeStatusEvent', (b) => decodeStatusEvent(b)],
    ['decodeAdminResult', (b) => decodeAdminResult(b)]
  ]
  const seeds = [
    encodeEnvelope(envelope()),
    encodeSignedBody({ type: BodyType.ROOT, root: rootMeta() }),
    encodeSignedBody({ type: BodyType.MANIFEST, manifest: manifest() }),
    encodeChunkRequest(chunkRequestFor(digest('a'), [1, 2, 30])),
    encodeDataFrame({ chunk: { artifact: digest('a'), index: 3, data: randomBytes(100), proof: [digest('p')] } }),
    encodeDataFrame({ error: { artifact: digest('a'), code: 'OTA_X', detail: 'd' } }),
    encodeStatusEvent(statusEvent()),
    encodeAdminResult(adminResult())
  ]

  function mutate (rnd: () => number, src: Uint8Array): Uint8Array {
    const b = Array.from(src)
    const ops = 1 + Math.floor(rnd() * 4)
    for (let k = 0; k < ops; k++) {
      const at = Math.floor(rnd() * (b.length + 1))
      const op = Math.floor(rnd() * 5)
      if (op === 0 && b.length > 0) b[at % b.length]! ^= 1 << Math.floor(rnd() * 8)
      else if (op === 1) b.splice(at, 0, Math.floor(rnd() * 256))
      else if (op === 2) b.splice(at, 1 + Math.floor(rnd() * 8))
      else if (op === 3) b.length = Math.min(b.length, at)
      else b[at % Math.max(1, b.length)] = Math.floor(rnd() * 256)
    }
    return Uint8Array.from(b)
  }

  it('2,000 random byte strings and 2,000 mutated valid messages', () => {
    const rnd = prng(2024)
    const inputs: Uint8Array[] = []
    for (let k = 0; k < 2000; k++) {
      const n = k < 1500 ? Math.floor(rnd() * 300) : Math.floor(rnd() * 5000)
      inputs.push(Uint8Array.from({ length: n }, () => Math.floor(rnd() * 256)))
    }
    for (let k = 0; k < 2000; k++) inputs.push(mutate(rnd, seeds[k % seeds.length]!))

    const bad: string[] = []
    const outcomes = new Map<string, number>()
    for (const input of inputs) {
      for (const [name, fn] of decoders) {
        let key: string
        try {
          fn(input)
          key = `${name}: ok`
        } catch (e) {
          if (!isOtaError(e)) { bad.push(`${name}(${toHex(input).slice(0, 200)}) threw ${String(e)}`); continue }
          key = `${name}: ${e.code}`
        }
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1)
      }
    }
    expect(bad.slice(0, 10)).toEqual([])
    // the fuzz reached past the protobuf layer: some inputs decode, some break field rules
    for (const [name] of decoders) expect(outcomes.get(`${name}: ok`) ?? 0, `${name} never succeeded`).toBeGreaterThan(0)
    expect(outcomes.get('decodeSignedBody: OTA_FIELD') ?? 0).toBeGreaterThan(0)
    expect(outcomes.get('decodeStatusEvent: OTA_FIELD') ?? 0).toBeGreaterThan(0)
    const codes = new Set([...outcomes.keys()].map((k) => k.split(': ')[1]))
    for (const c of codes) expect(['ok', 'OTA_DECODE', 'OTA_FIELD', 'OTA_WRONG_TYPE', 'OTA_TOO_LARGE']).toContain(c)
  })
})
