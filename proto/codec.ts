/**
 * Encoding and decoding of every ota.v1 message, one module per message family under
 * proto/codec/, with limits enforced before decoding and field rules checked after. Decoders
 * return plain, fully populated objects (no nulls, no protobufjs classes) so callers never meet
 * a half-formed message.
 *
 * Every decoder throws {@link OtaError}: `OTA_TOO_LARGE` before decoding an oversized payload,
 * `OTA_DECODE` for bytes that are not the message, `OTA_FIELD` for a field outside its rules.
 */
export { keyIdOf, decodeEnvelope, encodeEnvelope, type Envelope, type Signature } from './codec/envelope.js'
export {
  BodyType, Urgency, decodeSignedBody, encodeSignedBody,
  type BodyTypeValue, type UrgencyValue, type PublicKey, type SigningKey, type RootMetadata, type Artifact, type Delta, type Manifest, type SbomFormat, type SignedBody
} from './codec/signed-body.js'
export {
  decodeChunkRequest, encodeChunkRequest, requestedIndexes, requestGroups, chunkRequestFor, decodeDataFrame, encodeDataFrame,
  type ChunkRequest, type ChunkFrame, type ErrorFrame, type DataFrame
} from './codec/chunk.js'
export { State, stateName, Lwm2mState, lwm2mState, SupportStatus, supportStatusName, decodeStatusEvent, encodeStatusEvent, statusEventToJson, type StateName, type SupportStatusName, type StatusEvent } from './codec/status.js'
export { decodeAdminResult, encodeAdminResult, type AdminResult } from './codec/admin.js'
