/**
 * `aedes-ota/proto`: the shared contract a device needs and the broker checks: the ota.v1 codec
 * and its limits, naming rules, SHA-256, strict Ed25519 verification, the RFC 9162 Merkle tree,
 * chunk bitmaps, the chain of trust, bundle reading, the topic layout, error codes and durable
 * writes. Nothing here holds or uses a secret key: signing, key files and release creation are
 * `aedes-ota/sign`.
 *
 * Only the names below are supported; proto/ modules not listed here are internal.
 * test/exports.test.ts lists them so that a change to this surface is deliberate.
 *
 * @module
 */
export { OtaError, ErrorCodes, Lwm2mResult, lwm2mResultName, isOtaError, isErrorCode, toOtaError, type ErrorCode, type Lwm2mResultCode } from './errors.js'
export { toHex, fromHex, bytesEqual } from './bytes.js'
export { sha256, createSha256, type Sha256 } from './hash.js'
export { IDENTIFIER, isIdentifier, assertIdentifier } from './identifiers.js'
export { Limits, chunkCount, defaultChunkSize, maxDataFrame } from './limits.js'
export { MerkleTree, leafHash, nodeHash, treeOf, verifyInclusion } from './merkle.js'
export { bitmapBytes, newBitmap, hasBit, setBit, highestBit } from './bitmap.js'
export { assertPublicKey, verifySignature } from './ed25519.js'
export {
  BodyType, Urgency, State, stateName, Lwm2mState, lwm2mState, SupportStatus, supportStatusName, keyIdOf,
  decodeEnvelope, encodeEnvelope, decodeSignedBody, encodeSignedBody,
  decodeChunkRequest, encodeChunkRequest, requestedIndexes, requestGroups, chunkRequestFor, decodeDataFrame, encodeDataFrame,
  decodeStatusEvent, encodeStatusEvent, statusEventToJson, decodeAdminResult, encodeAdminResult,
  type BodyTypeValue, type UrgencyValue, type StateName, type SupportStatusName, type SbomFormat, type Signature, type Envelope, type PublicKey, type SigningKey,
  type RootMetadata, type Artifact, type Delta, type Manifest, type SignedBody, type ChunkRequest, type ChunkFrame,
  type ErrorFrame, type DataFrame, type StatusEvent, type AdminResult
} from './codec.js'
export { verifyRoot, verifyManifest, checkFastForward, FAST_FORWARD_CAP, type TrustedRoot, type VerifiedManifest, type VerifyManifestOptions } from './trust.js'
export { verifyRootUpdate, verifyRootChain, walkRootChain, decodeRootChain, encodeRootChain, newestRootsThatFit, type RootWalk } from './trust/rotation.js'
export { parseBundle, verifyBundle, manifestPatches, type BundleParts, type VerifiedBundle, type BundlePatch } from './bundle.js'
export { Topics, type TopicKind, type ParsedTopic } from './topics.js'
export { ALG_BSDIFF_BROTLI, DeltaLimits, decodeDeltaHeader, type DeltaHeader, type DeltaBlockEntry } from './delta/format.js'
