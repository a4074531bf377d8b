/**
 * Which patches a release ships: the compressed image (a patch from the empty image) and one
 * delta per base image, each kept only when it pays for itself. A device downloads the smallest
 * artifact it can use (client/delta/plan.ts), so a patch that saves little only costs the
 * release pipeline's time and the broker's disk.
 */
import { brotliCompressSync, constants } from 'node:zlib'
import { OtaError, bytesEqual, manifestPatches, sha256, toHex, type Delta, type Manifest } from '../../proto/index.js'
import { defaultChunkSize, assertChunkSize } from '../../proto/limits.js'
import { isVersion } from '../../proto/identifiers.js'
import { treeOf } from '../../proto/merkle.js'
import { decodeDeltaHeader } from '../../proto/delta/format.js'
import { encodeDelta, packDelta } from './encode.js'
// The release side checks each patch with the very apply devices run.
import { applyDeltaBytes } from '../../client/delta/apply.js'

/** An image devices may run now, the base of a delta. */
export interface PatchBase {
  /** the base image, exactly as it sits in the device's slot */
  image: Uint8Array
  /** its manifest version */
  version: string
}

/**
 * Shipping rules of {@link releasePatches}. Ratios are patch bytes over the bytes the device
 * would download otherwise.
 */
export const PatchRules = {
  /** the compressed image ships when it is at most this fraction of the image: 95 % */
  compressedMaxRatio: 0.95,
  /**
   * a delta ships when it is at most this fraction of the full download (the compressed image
   * when it ships, else the image): 90 %. Below a 10 % saving the device's extra work (reading
   * its active slot, a second pass) and the fallback risk are not worth it
   */
  deltaMaxRatio: 0.9,
  /** output bytes per block of the compressed image: 4 MiB (apply memory is about 3 × this) */
  compressedBlock: 4 * 1024 * 1024
} as const

/** A patch chosen to ship: its manifest entry and bytes. */
export interface ShippedPatch {
  delta: Delta
  bytes: Uint8Array
}

/** What was tried for one base (or the compressed image, `baseVersion` null) and what became of it. */
export interface PatchVerdict {
  /** the base's version; null for the compressed image */
  baseVersion: string | null
  /** hex SHA-256 of the base; null for the compressed image */
  baseSha256: string | null
  /** patch bytes (0 when none was made) */
  size: number
  /** whether the manifest lists it */
  shipped: boolean
  /** why it ships or does not, for the operator */
  why: string
}

/** What {@link releasePatches} returns. */
export interface ReleasePatches {
  compressed: ShippedPatch | null
  deltas: ShippedPatch[]
  /** one verdict for the compressed image (when tried), then one per base, in the given order */
  verdicts: PatchVerdict[]
}

/** Options of {@link releasePatches}. */
export interface ReleasePatchOptions {
  /** chunk size of every patch artifact, bytes; default proto's `defaultChunkSize` of each patch's size */
  chunkSize?: number
  /** try the compressed image (default true) */
  compress?: boolean
  /** output bytes per block of each delta, 4 KiB to 16 MiB (default sign/delta's `DEFAULT_DELTA_BLOCK`, 1 MiB): smaller blocks resume finer and cost a little size */
  deltaBlockSize?: number
}

/**
 * Whether a fast Brotli pass (quality 4) saves at least 3 %: an image that is already compressed
 * (a bzImage, a UEFI volume, random test data) is then not worth quality 11's seconds per MiB.
 */
function compressesAtAll (image: Uint8Array): boolean {
  const quick = brotliCompressSync(image, { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: image.length } })
  return quick.length <= 0.97 * image.length
}

/**
 * Applies `patch` to `base` in memory, as a device would, and checks that it produces `image`.
 * @throws OtaError `OTA_DELTA` when it does not
 */
async function checkPatch (patch: Uint8Array, base: Uint8Array, image: Uint8Array, what: string): Promise<void> {
  let out: Uint8Array
  try {
    out = await applyDeltaBytes(base, patch)
  } catch (e) {
    throw new OtaError('OTA_DELTA', `the ${what} does not apply: ${(e as Error).message}`, { cause: e })
  }
  if (!bytesEqual(out, image)) throw new OtaError('OTA_DELTA', `the ${what} does not produce the image`)
}

/**
 * Applies every patch of a release in memory with the device's own apply (client/delta) and
 * checks each produces the release's image: an encoder bug is caught before the bundle leaves the
 * pipeline, not by every device of the fleet (which would fall back to the image). `release
 * create` and the demo run it on what `createRelease` made.
 * @param bases - the bases given to `createRelease`; each delta is applied to the one of its digest
 * @throws OtaError `OTA_DELTA` naming the patch that does not produce the image,
 *   `OTA_INVALID_ARGUMENT` when a delta's base is not among `bases`
 */
export async function checkReleasePatches (image: Uint8Array, manifest: Manifest, patches: readonly Uint8Array[], bases: readonly PatchBase[]): Promise<void> {
  const entries = manifestPatches(manifest)
  if (entries.length !== patches.length) throw new OtaError('OTA_INVALID_ARGUMENT', `${patches.length} patches for ${entries.length} manifest entries`)
  for (const [i, d] of entries.entries()) {
    const base = d.baseSha256.length === 0 ? new Uint8Array(0) : bases.find((b) => bytesEqual(sha256(b.image), d.baseSha256))?.image
    if (base === undefined) throw new OtaError('OTA_INVALID_ARGUMENT', `the base of the delta from ${d.baseVersion} is not given`)
    await checkPatch(patches[i]!, base, image, d.baseSha256.length === 0 ? 'compressed image' : `delta from ${d.baseVersion}`)
  }
}

const pct = (n: number, of: number): string => `${(100 * n / of).toFixed(2)} %`

function shipped (bytes: Uint8Array, baseVersion: string, baseSha256: Uint8Array, chunkSize: number | undefined): ShippedPatch {
  const c = chunkSize ?? defaultChunkSize(bytes.length)
  return {
    bytes,
    delta: { baseVersion, baseSha256, algorithm: decodeDeltaHeader(bytes).algorithm, patch: { sha256: sha256(bytes), size: bytes.length, chunkSize: c, merkleRoot: treeOf(bytes, c).root } }
  }
}

/**
 * Encodes the compressed image and a `bsdiff-brotli` delta from each base (sign/delta/encode.ts:
 * several matching variants, the smallest kept per block), and keeps each by {@link PatchRules}.
 * CPU-bound and synchronous: seconds per MiB of image. {@link checkReleasePatches} then applies
 * each patch as a device would (`release create` does).
 * @throws OtaError `OTA_INVALID_ARGUMENT` for a base with an invalid version or an empty image,
 *   two bases with the same version, or a chunk size out of range
 */
export function releasePatches (image: Uint8Array, bases: readonly PatchBase[], o: ReleasePatchOptions = {}): ReleasePatches {
  if (o.chunkSize !== undefined) assertChunkSize(o.chunkSize)
  const verdicts: PatchVerdict[] = []
  let compressed: ShippedPatch | null = null
  if ((o.compress ?? true) && !compressesAtAll(image)) {
    verdicts.push({ baseVersion: null, baseSha256: null, size: 0, shipped: false, why: 'the image does not compress (a quick Brotli pass saved under 3 %)' })
  } else if (o.compress ?? true) {
    const c = packDelta(new Uint8Array(0), image, [{ mismatch: 0, values: [0, image.length, 0] }], { blockSize: PatchRules.compressedBlock, quality: 11, maxLgwin: 24, extraMatch: false }).patch
    const ok = c.length <= PatchRules.compressedMaxRatio * image.length
    if (ok) compressed = shipped(c, '', new Uint8Array(0), o.chunkSize)
    verdicts.push({ baseVersion: null, baseSha256: null, size: c.length, shipped: ok, why: ok ? `${pct(c.length, image.length)} of the image` : `${pct(c.length, image.length)} of the image saves too little (the image does not compress)` })
  }
  const full = compressed?.bytes.length ?? image.length
  const fullName = compressed !== null ? 'the compressed image' : 'the image'
  const deltas: ShippedPatch[] = []
  const seenVersions = new Set<string>()
  const seen = new Set<string>()
  const digest = sha256(image)
  for (const b of bases) {
    if (!isVersion(b.version)) throw new OtaError('OTA_INVALID_ARGUMENT', `base version ${JSON.stringify(b.version)} must be 1 to 64 printable characters`)
    if (b.image.length === 0) throw new OtaError('OTA_INVALID_ARGUMENT', `base ${b.version} is empty`)
    if (seenVersions.has(b.version)) throw new OtaError('OTA_INVALID_ARGUMENT', `two bases of version ${b.version}`)
    seenVersions.add(b.version)
    const bd = sha256(b.image)
    const v: PatchVerdict = { baseVersion: b.version, baseSha256: toHex(bd), size: 0, shipped: false, why: '' }
    verdicts.push(v)
    if (bytesEqual(bd, digest)) { v.why = 'the base is this image'; continue }
    if (seen.has(v.baseSha256!)) { v.why = 'the same image as an earlier base'; continue }
    seen.add(v.baseSha256!)
    const p = encodeDelta(b.image, image, o.deltaBlockSize !== undefined ? { blockSize: o.deltaBlockSize } : {}).patch
    v.size = p.length
    if (p.length > PatchRules.deltaMaxRatio * full) {
      v.why = `${pct(p.length, image.length)} of the image, ${pct(p.length, full)} of ${fullName}: saves too little`
      continue
    }
    v.shipped = true
    v.why = `${pct(p.length, image.length)} of the image, ${pct(p.length, full)} of ${fullName}`
    deltas.push(shipped(p, b.version, bd, o.chunkSize))
  }
  return { compressed, deltas, verdicts }
}
