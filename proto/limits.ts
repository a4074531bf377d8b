/**
 * Size limits both ends enforce before decoding anything, and the chunk-size rule (the one
 * owner of it: the manifest decoder and release creation both call {@link assertChunkSize}).
 * Every limit is in bytes unless its name says otherwise.
 */
import { OtaError } from './errors.js'
import { MAX_IDENTIFIER } from './identifiers.js'

/** Byte limits per message kind; a payload over its limit is refused undecoded. */
export const Limits = {
  /** A signed envelope (manifest or root metadata). Retained and sent at every reconnect. */
  envelope: 64 * 1024,
  /** The root chain on the trust topic (every root version, each at most {@link Limits.envelope}). */
  rootChain: 1024 * 1024,
  /** Root versions one root chain may carry. */
  maxRootVersions: 64,
  /** A chunk request from a device. */
  chunkRequest: 256,
  /** Bitmap bytes in one chunk request: at most 512 chunks asked for at once. */
  requestBitmap: 64,
  /** A status event from a device. */
  statusEvent: 4 * 1024,
  /** An admin result sent to an operator. */
  adminResult: 4 * 1024,
  /** Largest chunk size a manifest may declare. */
  maxChunkSize: 1024 * 1024,
  /** Smallest chunk size a manifest may declare. */
  minChunkSize: 256,
  /** Largest image or patch a manifest may declare: 4 GiB - 1. */
  maxArtifactSize: 0xffffffff,
  /** Proof entries in one frame: enough for 2^40 chunks. */
  maxProofLength: 40,
  /** An SBOM a bundle may carry (CycloneDX or SPDX JSON): 8 MiB. */
  maxSbomSize: 8 * 1024 * 1024,
  /** Free-text manifest fields (release notes, end-of-life notice). */
  maxText: 16 * 1024,
  /** Identifiers: model, device id, version, key id. */
  maxIdentifier: MAX_IDENTIFIER
} as const

/** Bytes a data frame may take beyond its chunk: ids, index, proof and framing. */
export function maxDataFrame (chunkSize: number): number {
  return chunkSize + Limits.maxProofLength * 34 + 256
}

/**
 * The default chunk size for an image of `size` bytes: the smallest power of two from 4 KiB to
 * 64 KiB that keeps the image within 1,024 chunks (64 KiB above 64 MiB).
 * Small images get small chunks, which suits RAM-poor devices; large images get fewer, larger
 * frames, which keeps per-frame overhead (proof, MQTT and TLS framing) under 1 %.
 */
export function defaultChunkSize (size: number): number {
  let c = 4096
  while (c < 65536 && Math.ceil(size / c) > 1024) c *= 2
  return c
}

/** Number of chunks of an artifact of `size` bytes cut into `chunkSize` chunks (at least 1). */
export function chunkCount (size: number, chunkSize: number): number {
  return Math.max(1, Math.ceil(size / chunkSize))
}

/**
 * The chunk-size rule: a power of two from {@link Limits.minChunkSize} (256) to
 * {@link Limits.maxChunkSize} (1 MiB) bytes. Powers of two keep a chunk's offset a shift of its
 * index and align chunks with flash pages and erase blocks.
 */
export function isChunkSize (n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= Limits.minChunkSize && n <= Limits.maxChunkSize && (n & (n - 1)) === 0
}

/**
 * @param what - what the size is, for the message (e.g. `'image chunk size'`)
 * @param code - `OTA_INVALID_ARGUMENT` (default) for a caller's option, `OTA_FIELD` for a decoded field
 * @returns `n`, typed
 * @throws OtaError `code` when `n` breaks the rule of {@link isChunkSize}
 */
export function assertChunkSize (n: unknown, what = 'chunk size', code: 'OTA_INVALID_ARGUMENT' | 'OTA_FIELD' = 'OTA_INVALID_ARGUMENT'): number {
  if (!isChunkSize(n)) throw new OtaError(code, `${what} must be a power of two from ${Limits.minChunkSize} to ${Limits.maxChunkSize}, got ${String(n)}`)
  return n
}
