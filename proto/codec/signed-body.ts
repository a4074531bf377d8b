/**
 * The signed body (ota.proto `SignedBody`): root metadata or a release manifest, with every
 * field rule checked after decoding and before encoding.
 */
import type { ota } from '../gen/ota.js'
import { bytesEqual, toHex } from '../bytes.js'
import { OtaError } from '../errors.js'
import { isIdentifier, isVersion } from '../identifiers.js'
import { Limits, assertChunkSize, chunkCount } from '../limits.js'
import { keyIdOf } from './envelope.js'
import { decodeWith, field, fieldBytes, isText, isTime, limit, pb } from './rules.js'

/** BodyType values (ota.proto). */
export const BodyType = { ROOT: pb.BodyType.BODY_TYPE_ROOT, MANIFEST: pb.BodyType.BODY_TYPE_MANIFEST } as const
/** A {@link BodyType} value. */
export type BodyTypeValue = typeof BodyType[keyof typeof BodyType]

/** Release urgency (ota.proto `Urgency`). */
export const Urgency = { OPTIONAL: 0, RECOMMENDED: 1, CRITICAL: 2 } as const
/** An {@link Urgency} value. */
export type UrgencyValue = typeof Urgency[keyof typeof Urgency]

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
/**
 * A patch: from a base image (`baseVersion`, `baseSha256` of the base image), or, as a
 * manifest's `compressedImage`, from the empty image (`baseVersion` '', `baseSha256` empty).
 * `patch` is the artifact that travels (its digest is the wire id); `algorithm` names the patch
 * algorithm (proto/delta: `bsdiff-brotli`).
 */
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
  /** ms; end of support of the model; 0 = not announced */
  endOfLifeAt: number
  endOfLifeNotice: string
  /** SHA-256 of the SBOM the bundle carries; empty when none */
  sbomSha256: Uint8Array
  /** `cyclonedx+json` or `spdx+json`; '' when no SBOM */
  sbomFormat: SbomFormat | ''
  /** bytes of the SBOM; 0 when none */
  sbomSize: number
  /** the image compressed, as a patch from the empty image; null when the release ships none */
  compressedImage: Delta | null
}
/** SBOM formats a bundle may carry (CycloneDX 1.x JSON, SPDX 2.x JSON). */
export type SbomFormat = 'cyclonedx+json' | 'spdx+json'
/** The signed bytes, decoded: exactly one of `root`/`manifest`, matching `type`. */
export type SignedBody = { type: typeof BodyType.ROOT, root: RootMetadata } | { type: typeof BodyType.MANIFEST, manifest: Manifest }
function publicKeyFrom (k: ota.v1.PublicKey.$Properties | null | undefined, what: string): PublicKey {
  field(k != null, `${what} is missing`)
  const ed25519 = fieldBytes(k!.ed25519, 32, `${what} Ed25519 key`)
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
    releaseThreshold: r!.releaseThreshold ?? 0,
    createdAt: Number(r!.createdAt ?? 0),
    expiresAt: Number(r!.expiresAt ?? 0)
  }
  field(root.version >= 1, 'root version must be at least 1')
  field(rootKeys.length >= 1 && rootKeys.length <= 32, 'root needs 1 to 32 root keys')
  field(new Set(rootKeys.map((k) => k.keyId)).size === rootKeys.length, 'root keys must be distinct')
  field(root.threshold >= 1 && root.threshold <= rootKeys.length, 'root threshold must be between 1 and the number of root keys')
  field(signingKeys.length <= 256, 'at most 256 signing keys')
  field(new Set(signingKeys.map((k) => k.key.keyId)).size === signingKeys.length, 'signing keys must be distinct')
  field(root.releaseThreshold >= 1 && root.releaseThreshold <= Math.max(1, signingKeys.length), 'release threshold must be between 1 and the number of signing keys')
  field(isTime(root.createdAt) && isTime(root.expiresAt), 'root times must be times')
  return root
}

function artifactFrom (a: ota.v1.Artifact.$Properties | null | undefined, what: string): Artifact {
  field(a != null, `${what} is missing`)
  const size = Number(a!.size ?? 0)
  const chunkSize = a!.chunkSize ?? 0
  const digest = fieldBytes(a!.sha256, 32, `${what} sha256`)
  const merkleRoot = fieldBytes(a!.merkleRoot, 32, `${what} merkle root`)
  field(Number.isSafeInteger(size) && size >= 1 && size <= Limits.maxArtifactSize, `${what} size must be 1 to ${Limits.maxArtifactSize} bytes`)
  assertChunkSize(chunkSize, `${what} chunk size`, 'OTA_FIELD')
  field(Math.ceil(Math.log2(chunkCount(size, chunkSize))) <= Limits.maxProofLength, `${what} has too many chunks`)
  return { sha256: digest, size, chunkSize, merkleRoot }
}

function algorithmFrom (a: string | null | undefined, what: string): string {
  field(isText(a ?? '', Limits.maxIdentifier) && (a ?? '').length > 0, `${what} needs an algorithm`)
  return a as string
}

function compressedFrom (d: ota.v1.Delta.$Properties | null | undefined): Delta | null {
  if (d == null) return null
  field((d.baseVersion ?? '') === '' && (d.baseSha256 ?? new Uint8Array(0)).length === 0, 'the compressed image is a patch from the empty image: no base version or digest')
  return { baseVersion: '', baseSha256: new Uint8Array(0), patch: artifactFrom(d.patch, 'compressed image'), algorithm: algorithmFrom(d.algorithm, 'compressed image') }
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
      const baseSha256 = fieldBytes(d.baseSha256, 32, `delta ${i} base sha256`)
      field(isVersion(d.baseVersion ?? ''), `delta ${i} base version is invalid`)
      return { baseVersion: d.baseVersion as string, baseSha256, patch: artifactFrom(d.patch, `delta ${i} patch`), algorithm: algorithmFrom(d.algorithm, `delta ${i}`) }
    }),
    releaseNotes: x.releaseNotes ?? '',
    urgency: (x.urgency ?? 0) as UrgencyValue,
    maxDeferralS: x.maxDeferralS ?? 0,
    rebootRequired: x.rebootRequired ?? false,
    endOfLifeAt: Number(x.endOfLifeAt ?? 0),
    endOfLifeNotice: x.endOfLifeNotice ?? '',
    sbomSha256: x.sbomSha256 ?? new Uint8Array(0),
    sbomFormat: (x.sbomFormat ?? '') as SbomFormat | '',
    sbomSize: Number(x.sbomSize ?? 0),
    compressedImage: compressedFrom(x.compressedImage)
  }
  field(manifest.format === 1, `manifest format ${manifest.format} is not 1`)
  field(isIdentifier(manifest.model), 'manifest model is not a valid identifier')
  field(manifest.hardwareRevisions.length <= 64 && manifest.hardwareRevisions.every(isVersion), 'hardware revisions are invalid')
  field(isVersion(manifest.version), 'manifest version must be 1 to 64 printable characters')
  field(Number.isSafeInteger(manifest.securityVersion) && manifest.securityVersion >= 0, 'security version must be a safe integer')
  field(Number.isSafeInteger(manifest.sequence) && manifest.sequence >= 1, 'sequence must be a positive safe integer')
  field(isTime(manifest.createdAt) && isTime(manifest.expiresAt) && isTime(manifest.endOfLifeAt), 'manifest times must be times')
  field(manifest.deltas.length <= 64, 'at most 64 deltas')
  // Artifact digests are wire ids (a chunk request names one): each must name one artifact.
  const ids = [manifest.image, ...manifest.deltas.map((d) => d.patch), ...(manifest.compressedImage !== null ? [manifest.compressedImage.patch] : [])].map((a) => toHex(a.sha256))
  field(new Set(ids).size === ids.length, 'the image, the compressed image and the patches must be distinct artifacts')
  field(new Set(manifest.deltas.map((d) => toHex(d.baseSha256))).size === manifest.deltas.length, 'two deltas from the same base')
  field(manifest.urgency === 0 || manifest.urgency === 1 || manifest.urgency === 2, 'urgency is unknown')
  field(isText(manifest.releaseNotes, Limits.maxText) && isText(manifest.endOfLifeNotice, Limits.maxText), 'release notes or notice too long')
  if (manifest.sbomSha256.length === 0) {
    field(manifest.sbomFormat === '' && manifest.sbomSize === 0, 'SBOM format or size without an SBOM digest')
  } else {
    fieldBytes(manifest.sbomSha256, 32, 'SBOM sha256')
    field(manifest.sbomFormat === 'cyclonedx+json' || manifest.sbomFormat === 'spdx+json', 'SBOM format must be cyclonedx+json or spdx+json')
    field(Number.isSafeInteger(manifest.sbomSize) && manifest.sbomSize >= 1 && manifest.sbomSize <= Limits.maxSbomSize, `SBOM size must be 1 to ${Limits.maxSbomSize} bytes`)
  }
  return manifest
}

/**
 * Decodes the signed bytes of an envelope and checks the type tag matches the content.
 * @param expected - when given, the type the caller needs; another type throws `OTA_WRONG_TYPE`
 * @throws OtaError `OTA_DECODE` (also for bytes not in the canonical encoding, the one {@link encodeSignedBody} writes), `OTA_FIELD`, `OTA_WRONG_TYPE`
 */
export function decodeSignedBody (body: Uint8Array, expected?: BodyTypeValue): SignedBody {
  limit(body, Limits.envelope, 'signed body')
  const m = decodeWith(() => pb.SignedBody.decode(body), 'signed body')
  if (expected !== undefined && m.type !== expected) {
    throw new OtaError('OTA_WRONG_TYPE', `signed body is of type ${m.type}, expected ${expected}`)
  }
  let out: SignedBody
  if (m.type === BodyType.ROOT) {
    field(m.manifest == null, 'a root body must not hold a manifest')
    out = { type: BodyType.ROOT, root: rootFrom(m.root) }
  } else if (m.type === BodyType.MANIFEST) {
    field(m.root == null, 'a manifest body must not hold root metadata')
    out = { type: BodyType.MANIFEST, manifest: manifestFrom(m.manifest) }
  } else {
    throw new OtaError('OTA_WRONG_TYPE', `unknown signed body type ${m.type}`)
  }
  // Signed bytes have one encoding: what was decoded, encoded again, must be those bytes. A
  // protobuf decoder skips unknown fields and keeps the last of a repeated field, so without this
  // the signature would cover bytes that other readers (an older device, a SIEM, an auditor
  // reading the bundle) may understand differently.
  if (!bytesEqual(encodeBody(out), body)) {
    throw new OtaError('OTA_DECODE', 'signed body is not in canonical encoding (unknown, repeated or reordered fields, or a field written with its default value)')
  }
  return out
}

function pkProps (k: PublicKey): ota.v1.PublicKey.$Properties {
  return { keyId: k.keyId, ed25519: k.ed25519 }
}

function artifactProps (a: Artifact): ota.v1.Artifact.$Properties {
  return { sha256: a.sha256, size: a.size, chunkSize: a.chunkSize, merkleRoot: a.merkleRoot }
}

function deltaProps (d: Delta): ota.v1.Delta.$Properties {
  return { baseVersion: d.baseVersion, baseSha256: d.baseSha256, patch: artifactProps(d.patch), algorithm: d.algorithm }
}

/**
 * Encodes the bytes to sign for `body`. The result is what signatures cover and what
 * {@link decodeSignedBody} reads back.
 * @throws OtaError `OTA_FIELD` when the content breaks a rule the decoder would refuse
 */
export function encodeSignedBody (body: SignedBody): Uint8Array {
  const bytes = encodeBody(body)
  decodeSignedBody(bytes, body.type) // what we sign must be what every verifier accepts
  return bytes
}

/** The canonical encoding of a signed body: proto3's, fields in field-number order, none with its default value. */
function encodeBody (body: SignedBody): Uint8Array {
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
        deltas: m.deltas.map(deltaProps),
        releaseNotes: m.releaseNotes,
        urgency: m.urgency,
        maxDeferralS: m.maxDeferralS,
        rebootRequired: m.rebootRequired,
        endOfLifeAt: m.endOfLifeAt,
        endOfLifeNotice: m.endOfLifeNotice,
        sbomSha256: m.sbomSha256,
        sbomFormat: m.sbomFormat,
        sbomSize: m.sbomSize,
        compressedImage: m.compressedImage != null ? deltaProps(m.compressedImage) : null
      }
    }).finish()
  }
  return bytes
}
