/**
 * Encoding and decoding of every ota.v1 message, with limits enforced before decoding and
 * field rules checked after. Decoders return plain, fully populated objects (no nulls, no
 * protobufjs classes) so callers never meet a half-formed message.
 *
 * Every decoder throws {@link OtaError}: `OTA_TOO_LARGE` before decoding an oversized payload,
 * `OTA_DECODE` for bytes that are not the message, `OTA_FIELD` for a field outside its rules.
 */
import { ota } from './gen/ota.js'
import { OtaError } from './errors.js'
import { sha256, toHex } from './hash.js'
import { Limits, chunkCount, maxDataFrame } from './limits.js'
import { newBitmap, setBit } from './bitmap.js'
import { isIdentifier } from './topics.js'

const pb = ota.v1

/** BodyType values (ota.proto). */
export const BodyType = { ROOT: pb.BodyType.BODY_TYPE_ROOT, MANIFEST: pb.BodyType.BODY_TYPE_MANIFEST } as const
/** A {@link BodyType} value. */
export type BodyTypeValue = typeof BodyType[keyof typeof BodyType]

/** Release urgency (ota.proto `Urgency`). */
export const Urgency = { OPTIONAL: 0, RECOMMENDED: 1, CRITICAL: 2 } as const
/** An {@link Urgency} value. */
export type UrgencyValue = typeof Urgency[keyof typeof Urgency]

/** Device update states (ota.proto `State`), by name. */
export const State = {
  IDLE: 1,
  OFFERED: 2,
  DEFERRED: 3,
  DOWNLOADING: 4,
  DOWNLOADED: 5,
  VERIFIED: 6,
  INSTALLING: 7,
  REBOOTING: 8,
  TRIAL: 9,
  CONFIRMED: 10,
  REVERTED: 11,
  FAILED: 12,
  REJECTED: 13
} as const
/** A state name, a key of {@link State}. */
export type StateName = keyof typeof State
const stateNames = new Map<number, StateName>(Object.entries(State).map(([k, v]) => [v, k as StateName]))

/** The name of a numeric state, or `'UNSPECIFIED'`. */
export function stateName (v: number): StateName | 'UNSPECIFIED' {
  return stateNames.get(v) ?? 'UNSPECIFIED'
}

/** One signature in an envelope. */
export interface Signature { keyId: string, sig: Uint8Array }
/** A signed envelope: `body` is signed exactly as carried. */
export interface Envelope { body: Uint8Array, signatures: Signature[] }
/** An Ed25519 public key with its id (hex SHA-256 of the key). */
export interface PublicKey { keyId: string, ed25519: Uint8Array }
/** A release-signing key as the root authorizes it. */
export interface SigningKey { key: PublicKey, models: string[], expiresAt: number }
/** Root metadata: the trust anchor. Times in ms since the epoch, 0 = none. */
export interface RootMetadata {
  version: number
  threshold: number
  rootKeys: PublicKey[]
  signingKeys: SigningKey[]
  releaseThreshold: number
  createdAt: number
  expiresAt: number
}
/** An image or patch: digest (also its wire id), size in bytes, chunk size in bytes, Merkle root. */
export interface Artifact { sha256: Uint8Array, size: number, chunkSize: number, merkleRoot: Uint8Array }
/** A delta from a base image. */
export interface Delta { baseVersion: string, baseSha256: Uint8Array, patch: Artifact, algorithm: string }
/** A release manifest; docs/PROTOCOL.md describes each field. */
export interface Manifest {
  format: number
  model: string
  hardwareRevisions: string[]
  version: string
  securityVersion: number
  sequence: number
  createdAt: number
  expiresAt: number
  image: Artifact
  deltas: Delta[]
  releaseNotes: string
  urgency: UrgencyValue
  maxDeferralS: number
  rebootRequired: boolean
  endOfLifeAt: number
  endOfLifeNotice: string
}
/** The signed bytes, decoded: exactly one of `root`/`manifest`, matching `type`. */
export type SignedBody = { type: typeof BodyType.ROOT, root: RootMetadata } | { type: typeof BodyType.MANIFEST, manifest: Manifest }
/** A device's request for chunks `base + i` for every set bit i of `bitmap` (LSB first). */
export interface ChunkRequest { artifact: Uint8Array, base: number, bitmap: Uint8Array }
/** One chunk with its inclusion proof. */
export interface ChunkFrame { artifact: Uint8Array, index: number, data: Uint8Array, proof: Uint8Array[] }
/** The broker's refusal of a request. */
export interface ErrorFrame { artifact: Uint8Array, code: string, detail: string }
/** What the broker sends on a device's data topic. */
export type DataFrame = { chunk: ChunkFrame, error?: undefined } | { error: ErrorFrame, chunk?: undefined }
/** A device status event; times in ms. */
export interface StatusEvent {
  deviceId: string
  state: number
  result: number
  currentVersion: string
  targetVersion: string
  time: number
  detail: string
  errorCode: string
  artifact: Uint8Array
  bytesReceived: number
  bytesTotal: number
  securityVersion: number
  model: string
  receivedAt: number
  slot: string
  /** TRIAL, CONFIRMED, REVERTED: the version that ran before `currentVersion`; '' otherwise */
  previousVersion: string
}
/** The broker's answer to an operator's release publication. */
export interface AdminResult { ok: boolean, code: string, detail: string, model: string, version: string, artifact: Uint8Array, sequence: number }

function field (cond: boolean, what: string): void {
  if (!cond) throw new OtaError('OTA_FIELD', what)
}

function limit (bytes: Uint8Array, max: number, what: string): void {
  if (!(bytes instanceof Uint8Array)) throw new OtaError('OTA_DECODE', `${what} must be bytes`)
  if (bytes.length > max) throw new OtaError('OTA_TOO_LARGE', `${what} is ${bytes.length} bytes, limit ${max}`)
}

function decodeWith<T> (fn: () => T, what: string): T {
  try {
    return fn()
  } catch (e) {
    throw new OtaError('OTA_DECODE', `${what} does not decode: ${e instanceof Error ? e.message : String(e)}`, { cause: e })
  }
}

const isDigest = (b: Uint8Array | null | undefined): b is Uint8Array => b instanceof Uint8Array && b.length === 32
const isTime = (n: number): boolean => Number.isSafeInteger(n) && n >= 0
const isText = (s: string, max: number): boolean => typeof s === 'string' && s.length <= max
const isVersion = (s: string): boolean => typeof s === 'string' && s.length > 0 && s.length <= Limits.maxIdentifier && /^[\x21-\x7e]+$/.test(s)

/** Key id of an Ed25519 public key: lowercase hex SHA-256 of its 32 bytes. */
export function keyIdOf (publicKey: Uint8Array): string {
  return toHex(sha256(publicKey))
}

// ---------------------------------------------------------------------------------------------
// Envelope

/**
 * @param bytes - encoded Envelope
 * @param max - byte limit, default {@link Limits.envelope}
 * @throws OtaError `OTA_TOO_LARGE`, `OTA_DECODE`, `OTA_FIELD`
 */
export function decodeEnvelope (bytes: Uint8Array, max: number = Limits.envelope): Envelope {
  limit(bytes, max, 'envelope')
  const m = decodeWith(() => pb.Envelope.decode(bytes), 'envelope')
  field(m.body instanceof Uint8Array && m.body.length > 0, 'envelope body is empty')
  field(m.signatures.length > 0 && m.signatures.length <= 32, 'envelope needs 1 to 32 signatures')
  const signatures = m.signatures.map((s) => {
    field(typeof s.keyId === 'string' && /^[0-9a-f]{64}$/.test(s.keyId), 'signature key id must be 64 lowercase hex digits')
    field(s.sig instanceof Uint8Array && s.sig.length === 64, 'signature must be 64 bytes')
    return { keyId: s.keyId as string, sig: s.sig as Uint8Array }
  })
  return { body: m.body, signatures }
}

/** Encodes an envelope. */
export function encodeEnvelope (e: Envelope): Uint8Array {
  return pb.Envelope.encode({ body: e.body, signatures: e.signatures.map((s) => ({ keyId: s.keyId, sig: s.sig })) }).finish()
}

// ---------------------------------------------------------------------------------------------
// Signed body: root metadata and manifest

function publicKeyFrom (k: ota.v1.PublicKey.$Properties | null | undefined, what: string): PublicKey {
  field(k != null && k.ed25519 instanceof Uint8Array && k.ed25519.length === 32, `${what} must hold a 32-byte Ed25519 key`)
  const ed25519 = k!.ed25519 as Uint8Array
  field(k!.keyId === keyIdOf(ed25519), `${what} key id must be the hex SHA-256 of the key`)
  return { keyId: k!.keyId as string, ed25519 }
}

function rootFrom (r: ota.v1.RootMetadata.$Properties | null | undefined): RootMetadata {
  field(r != null, 'root body holds no root metadata')
  const rootKeys = (r!.rootKeys ?? []).map((k, i) => publicKeyFrom(k, `root key ${i}`))
  const signingKeys = (r!.signingKeys ?? []).map((s, i) => {
    const models = (s.models ?? []) as string[]
    field(models.length > 0 && models.length <= 256 && models.every(isIdentifier), `signing key ${i} must name 1 to 256 valid models`)
    const expiresAt = Number(s.expiresAt ?? 0)
    field(isTime(expiresAt), `signing key ${i} expiry must be a time`)
    return { key: publicKeyFrom(s.key, `signing key ${i}`), models, expiresAt }
  })
  const root: RootMetadata = {
    version: r!.version ?? 0,
    threshold: r!.threshold ?? 0,
    rootKeys,
    signingKeys,
    releaseThreshold: Math.max(1, r!.releaseThreshold ?? 0),
    createdAt: Number(r!.createdAt ?? 0),
    expiresAt: Number(r!.expiresAt ?? 0)
  }
  field(root.version >= 1, 'root version must be at least 1')
  field(rootKeys.length >= 1 && rootKeys.length <= 32, 'root needs 1 to 32 root keys')
  field(new Set(rootKeys.map((k) => k.keyId)).size === rootKeys.length, 'root keys must be distinct')
  field(root.threshold >= 1 && root.threshold <= rootKeys.length, 'root threshold must be between 1 and the number of root keys')
  field(signingKeys.length <= 256, 'at most 256 signing keys')
  field(new Set(signingKeys.map((k) => k.key.keyId)).size === signingKeys.length, 'signing keys must be distinct')
  field(root.releaseThreshold <= Math.max(1, signingKeys.length), 'release threshold exceeds the signing keys')
  field(isTime(root.createdAt) && isTime(root.expiresAt), 'root times must be times')
  return root
}

function artifactFrom (a: ota.v1.Artifact.$Properties | null | undefined, what: string): Artifact {
  field(a != null, `${what} is missing`)
  const size = Number(a!.size ?? 0)
  const chunkSize = a!.chunkSize ?? 0
  field(isDigest(a!.sha256), `${what} sha256 must be 32 bytes`)
  field(isDigest(a!.merkleRoot), `${what} merkle root must be 32 bytes`)
  field(Number.isSafeInteger(size) && size >= 1 && size <= Limits.maxArtifactSize, `${what} size must be 1 to ${Limits.maxArtifactSize} bytes`)
  field(chunkSize >= Limits.minChunkSize && chunkSize <= Limits.maxChunkSize && (chunkSize & (chunkSize - 1)) === 0,
    `${what} chunk size must be a power of two from ${Limits.minChunkSize} to ${Limits.maxChunkSize}`)
  field(Math.ceil(Math.log2(chunkCount(size, chunkSize))) <= Limits.maxProofLength, `${what} has too many chunks`)
  return { sha256: a!.sha256 as Uint8Array, size, chunkSize, merkleRoot: a!.merkleRoot as Uint8Array }
}

function manifestFrom (m: ota.v1.Manifest.$Properties | null | undefined): Manifest {
  field(m != null, 'manifest body holds no manifest')
  const x = m!
  const manifest: Manifest = {
    format: x.format ?? 0,
    model: x.model ?? '',
    hardwareRevisions: (x.hardwareRevisions ?? []) as string[],
    version: x.version ?? '',
    securityVersion: Number(x.securityVersion ?? 0),
    sequence: Number(x.sequence ?? 0),
    createdAt: Number(x.createdAt ?? 0),
    expiresAt: Number(x.expiresAt ?? 0),
    image: artifactFrom(x.image, 'image'),
    deltas: (x.deltas ?? []).map((d, i) => {
      field(isDigest(d.baseSha256), `delta ${i} base sha256 must be 32 bytes`)
      field(isVersion(d.baseVersion ?? ''), `delta ${i} base version is invalid`)
      field(isText(d.algorithm ?? '', Limits.maxIdentifier) && (d.algorithm ?? '').length > 0, `delta ${i} needs an algorithm`)
      return { baseVersion: d.baseVersion as string, baseSha256: d.baseSha256 as Uint8Array, patch: artifactFrom(d.patch, `delta ${i} patch`), algorithm: d.algorithm as string }
    }),
    releaseNotes: x.releaseNotes ?? '',
    urgency: (x.urgency ?? 0) as UrgencyValue,
    maxDeferralS: x.maxDeferralS ?? 0,
    rebootRequired: x.rebootRequired ?? false,
    endOfLifeAt: Number(x.endOfLifeAt ?? 0),
    endOfLifeNotice: x.endOfLifeNotice ?? ''
  }
  field(manifest.format === 1, `manifest format ${manifest.format} is not 1`)
  field(isIdentifier(manifest.model), 'manifest model is not a valid identifier')
  field(manifest.hardwareRevisions.length <= 64 && manifest.hardwareRevisions.every(isVersion), 'hardware revisions are invalid')
  field(isVersion(manifest.version), 'manifest version must be 1 to 64 printable characters')
  field(Number.isSafeInteger(manifest.securityVersion) && manifest.securityVersion >= 0, 'security version must be a safe integer')
  field(Number.isSafeInteger(manifest.sequence) && manifest.sequence >= 1, 'sequence must be a positive safe integer')
  field(isTime(manifest.createdAt) && isTime(manifest.expiresAt) && isTime(manifest.endOfLifeAt), 'manifest times must be times')
  field(manifest.deltas.length <= 64, 'at most 64 deltas')
  field(manifest.urgency === 0 || manifest.urgency === 1 || manifest.urgency === 2, 'urgency is unknown')
  field(isText(manifest.releaseNotes, Limits.maxText) && isText(manifest.endOfLifeNotice, Limits.maxText), 'release notes or notice too long')
  return manifest
}

/**
 * Decodes the signed bytes of an envelope and checks the type tag matches the content.
 * @param expected - when given, the type the caller needs; another type throws `OTA_WRONG_TYPE`
 * @throws OtaError `OTA_DECODE`, `OTA_FIELD`, `OTA_WRONG_TYPE`
 */
export function decodeSignedBody (body: Uint8Array, expected?: BodyTypeValue): SignedBody {
  limit(body, Limits.envelope, 'signed body')
  const m = decodeWith(() => pb.SignedBody.decode(body), 'signed body')
  if (expected !== undefined && m.type !== expected) {
    throw new OtaError('OTA_WRONG_TYPE', `signed body is of type ${m.type}, expected ${expected}`)
  }
  if (m.type === BodyType.ROOT) {
    field(m.manifest == null, 'a root body must not hold a manifest')
    return { type: BodyType.ROOT, root: rootFrom(m.root) }
  }
  if (m.type === BodyType.MANIFEST) {
    field(m.root == null, 'a manifest body must not hold root metadata')
    return { type: BodyType.MANIFEST, manifest: manifestFrom(m.manifest) }
  }
  throw new OtaError('OTA_WRONG_TYPE', `unknown signed body type ${m.type}`)
}

function pkProps (k: PublicKey): ota.v1.PublicKey.$Properties {
  return { keyId: k.keyId, ed25519: k.ed25519 }
}

function artifactProps (a: Artifact): ota.v1.Artifact.$Properties {
  return { sha256: a.sha256, size: a.size, chunkSize: a.chunkSize, merkleRoot: a.merkleRoot }
}

/**
 * Encodes the bytes to sign for `body`. The result is what signatures cover and what
 * {@link decodeSignedBody} reads back.
 * @throws OtaError `OTA_FIELD` when the content breaks a rule the decoder would refuse
 */
export function encodeSignedBody (body: SignedBody): Uint8Array {
  let bytes: Uint8Array
  if (body.type === BodyType.ROOT) {
    const r = body.root
    bytes = pb.SignedBody.encode({
      type: BodyType.ROOT,
      root: {
        version: r.version,
        threshold: r.threshold,
        rootKeys: r.rootKeys.map(pkProps),
        signingKeys: r.signingKeys.map((s) => ({ key: pkProps(s.key), models: s.models, expiresAt: s.expiresAt })),
        releaseThreshold: r.releaseThreshold,
        createdAt: r.createdAt,
        expiresAt: r.expiresAt
      }
    }).finish()
  } else {
    const m = body.manifest
    bytes = pb.SignedBody.encode({
      type: BodyType.MANIFEST,
      manifest: {
        format: m.format,
        model: m.model,
        hardwareRevisions: m.hardwareRevisions,
        version: m.version,
        securityVersion: m.securityVersion,
        sequence: m.sequence,
        createdAt: m.createdAt,
        expiresAt: m.expiresAt,
        image: artifactProps(m.image),
        deltas: m.deltas.map((d) => ({ baseVersion: d.baseVersion, baseSha256: d.baseSha256, patch: artifactProps(d.patch), algorithm: d.algorithm })),
        releaseNotes: m.releaseNotes,
        urgency: m.urgency,
        maxDeferralS: m.maxDeferralS,
        rebootRequired: m.rebootRequired,
        endOfLifeAt: m.endOfLifeAt,
        endOfLifeNotice: m.endOfLifeNotice
      }
    }).finish()
  }
  decodeSignedBody(bytes, body.type) // what we sign must be what every verifier accepts
  return bytes
}

// ---------------------------------------------------------------------------------------------
// Chunk requests and data frames

/**
 * @throws OtaError `OTA_TOO_LARGE`, `OTA_DECODE`, `OTA_FIELD`
 */
export function decodeChunkRequest (bytes: Uint8Array): ChunkRequest {
  limit(bytes, Limits.chunkRequest, 'chunk request')
  const m = decodeWith(() => pb.ChunkRequest.decode(bytes), 'chunk request')
  field(isDigest(m.artifact), 'chunk request artifact must be 32 bytes')
  field(m.bitmap.length >= 1 && m.bitmap.length <= Limits.requestBitmap, `chunk request bitmap must be 1 to ${Limits.requestBitmap} bytes`)
  return { artifact: m.artifact, base: m.base, bitmap: m.bitmap }
}

/** Encodes a chunk request. */
export function encodeChunkRequest (r: ChunkRequest): Uint8Array {
  return pb.ChunkRequest.encode({ artifact: r.artifact, base: r.base, bitmap: r.bitmap }).finish()
}

/**
 * The chunk indexes a request asks for that exist in an artifact of `count` chunks, ascending.
 */
export function requestedIndexes (r: ChunkRequest, count: number): number[] {
  const out: number[] = []
  for (let byte = 0; byte < r.bitmap.length; byte++) {
    const b = r.bitmap[byte]!
    if (b === 0) continue
    for (let bit = 0; bit < 8; bit++) {
      if ((b & (1 << bit)) !== 0) {
        const i = r.base + byte * 8 + bit
        if (i < count) out.push(i)
      }
    }
  }
  return out
}

/**
 * Builds a request for `indexes` (ascending, within 8 × {@link Limits.requestBitmap} of the first).
 * @throws OtaError `OTA_INVALID_ARGUMENT` for no indexes, indexes out of order or outside uint32, or too wide a span
 */
export function chunkRequestFor (artifact: Uint8Array, indexes: readonly number[]): ChunkRequest {
  if (indexes.length === 0) throw new OtaError('OTA_INVALID_ARGUMENT', 'a chunk request needs at least one index')
  for (let k = 0; k < indexes.length; k++) {
    const i = indexes[k]!
    if (!Number.isInteger(i) || i < 0 || i > 0xffffffff || (k > 0 && i < indexes[k - 1]!)) {
      throw new OtaError('OTA_INVALID_ARGUMENT', `chunk indexes must be ascending integers from 0 to 2^32 - 1, got ${i} at position ${k}`)
    }
  }
  const base = indexes[0]!
  const span = indexes[indexes.length - 1]! - base
  if (span >= Limits.requestBitmap * 8) throw new OtaError('OTA_INVALID_ARGUMENT', `indexes span ${span + 1} chunks, at most ${Limits.requestBitmap * 8}`)
  const bitmap = newBitmap(span + 1)
  for (const i of indexes) setBit(bitmap, i - base)
  return { artifact, base, bitmap }
}

/**
 * Decodes a data frame.
 * @param maxChunk - the chunk size of the artifact being downloaded; bounds the frame
 * @throws OtaError `OTA_TOO_LARGE`, `OTA_DECODE`, `OTA_FIELD`
 */
export function decodeDataFrame (bytes: Uint8Array, maxChunk: number): DataFrame {
  limit(bytes, maxDataFrame(maxChunk), 'data frame')
  const m = decodeWith(() => pb.DataFrame.decode(bytes), 'data frame')
  if (m.kind === 'chunk' && m.chunk != null) {
    const c = m.chunk
    field(isDigest(c.artifact), 'chunk artifact must be 32 bytes')
    field(c.data instanceof Uint8Array && c.data.length >= 1 && c.data.length <= maxChunk, 'chunk data size is out of range')
    const proof = (c.proof ?? []) as Uint8Array[]
    field(proof.length <= Limits.maxProofLength && proof.every(isDigest), 'chunk proof must be at most 40 hashes of 32 bytes')
    return { chunk: { artifact: c.artifact as Uint8Array, index: c.index ?? 0, data: c.data as Uint8Array, proof } }
  }
  if (m.kind === 'error' && m.error != null) {
    const e = m.error
    return { error: { artifact: (e.artifact ?? new Uint8Array(0)) as Uint8Array, code: String(e.code ?? '').slice(0, 64), detail: String(e.detail ?? '').slice(0, 512) } }
  }
  throw new OtaError('OTA_FIELD', 'data frame holds neither a chunk nor an error')
}

/** Encodes a data frame. */
export function encodeDataFrame (f: DataFrame): Uint8Array {
  if (f.chunk !== undefined) return pb.DataFrame.encode({ chunk: f.chunk }).finish()
  return pb.DataFrame.encode({ error: f.error }).finish()
}

// ---------------------------------------------------------------------------------------------
// Status events and admin results

/**
 * @throws OtaError `OTA_TOO_LARGE`, `OTA_DECODE`, `OTA_FIELD`
 */
export function decodeStatusEvent (bytes: Uint8Array): StatusEvent {
  limit(bytes, Limits.statusEvent, 'status event')
  const m = decodeWith(() => pb.StatusEvent.decode(bytes), 'status event')
  const e: StatusEvent = {
    deviceId: m.deviceId,
    state: m.state,
    result: m.result,
    currentVersion: m.currentVersion,
    targetVersion: m.targetVersion,
    time: Number(m.time),
    detail: m.detail,
    errorCode: m.errorCode,
    artifact: m.artifact,
    bytesReceived: Number(m.bytesReceived),
    bytesTotal: Number(m.bytesTotal),
    securityVersion: Number(m.securityVersion),
    model: m.model,
    receivedAt: Number(m.receivedAt),
    slot: m.slot,
    previousVersion: m.previousVersion
  }
  field(isIdentifier(e.deviceId), 'status event device id is invalid')
  field(stateNames.has(e.state), `status event state ${e.state} is unknown`)
  field(e.result >= 0 && e.result <= 11, 'status event result is not an LwM2M result')
  field(e.currentVersion === '' || isVersion(e.currentVersion), 'current version is invalid')
  field(e.targetVersion === '' || isVersion(e.targetVersion), 'target version is invalid')
  field(e.previousVersion === '' || isVersion(e.previousVersion), 'previous version is invalid')
  field(e.model === '' || isIdentifier(e.model), 'model is invalid')
  field(e.errorCode.length <= 64 && /^[A-Z0-9_]*$/.test(e.errorCode), 'error code is invalid')
  field(e.detail.length <= 1024, 'detail is too long')
  field(e.artifact.length === 0 || e.artifact.length === 32, 'artifact must be 32 bytes')
  field(e.slot === '' || e.slot === 'a' || e.slot === 'b', 'slot must be a or b')
  field(isTime(e.time) && isTime(e.bytesReceived) && isTime(e.bytesTotal) && isTime(e.securityVersion) && isTime(e.receivedAt), 'numbers out of range')
  return e
}

/** Encodes a status event. */
export function encodeStatusEvent (e: StatusEvent): Uint8Array {
  return pb.StatusEvent.encode(e).finish()
}

/** A status event as plain JSON-safe fields, for logs and the audit file (state by name, ids in hex). */
export function statusEventToJson (e: StatusEvent): Record<string, string | number> {
  return {
    deviceId: e.deviceId,
    model: e.model,
    state: stateName(e.state),
    result: e.result,
    currentVersion: e.currentVersion,
    targetVersion: e.targetVersion,
    previousVersion: e.previousVersion,
    errorCode: e.errorCode,
    detail: e.detail,
    artifact: toHex(e.artifact),
    bytesReceived: e.bytesReceived,
    bytesTotal: e.bytesTotal,
    securityVersion: e.securityVersion,
    slot: e.slot,
    deviceTime: e.time,
    receivedAt: e.receivedAt
  }
}

/**
 * @throws OtaError `OTA_TOO_LARGE`, `OTA_DECODE`
 */
export function decodeAdminResult (bytes: Uint8Array): AdminResult {
  limit(bytes, Limits.adminResult, 'admin result')
  const m = decodeWith(() => pb.AdminResult.decode(bytes), 'admin result')
  return { ok: m.ok, code: m.code, detail: m.detail, model: m.model, version: m.version, artifact: m.artifact, sequence: Number(m.sequence) }
}

/** Encodes an admin result. */
export function encodeAdminResult (r: AdminResult): Uint8Array {
  return pb.AdminResult.encode(r).finish()
}
