/**
 * Which block decoder an algorithm name selects: `bsdiff-brotli` blocks (./block.ts) and
 * `bsdiff-lz-brotli` blocks (a kind byte, then ./block.ts's layout or ./lz-block.ts's).
 */
import { OtaError } from '../errors.js'
import { ALG_BSDIFF_BROTLI, ALG_BSDIFF_LZ_BROTLI } from './format.js'
import { decodeBlock, type DecodedBlock } from './block.js'
import { LZ_KIND_LZ, LZ_KIND_PLAIN, decodeLzBlock, type ReadOld } from './lz-block.js'

/** Algorithm names a device can apply. */
export const DELTA_ALGORITHMS: readonly string[] = [ALG_BSDIFF_BROTLI, ALG_BSDIFF_LZ_BROTLI]

/**
 * Decodes and checks one block of a patch of algorithm `algorithm` (see {@link decodeBlock} and
 * {@link decodeLzBlock} for what is checked).
 * @param readOld - reads a `bsdiff-lz-brotli` block's dictionary from the old image
 * @throws OtaError `OTA_DELTA` for an unknown algorithm or kind, or a malformed block
 */
export async function decodeAnyBlock (algorithm: string, payload: Uint8Array, outLength: number, oldSize: number, index: number, readOld: ReadOld): Promise<DecodedBlock> {
  if (algorithm === ALG_BSDIFF_BROTLI) return await decodeBlock(payload, outLength, oldSize, index)
  if (algorithm !== ALG_BSDIFF_LZ_BROTLI) throw new OtaError('OTA_DELTA', `unknown delta algorithm ${algorithm}`)
  if (payload.length === 0) throw new OtaError('OTA_DELTA', `block ${index}: empty payload`, { details: { block: index } })
  if (payload[0] === LZ_KIND_PLAIN) return await decodeBlock(payload.subarray(1), outLength, oldSize, index)
  if (payload[0] === LZ_KIND_LZ) return await decodeLzBlock(payload, outLength, oldSize, index, readOld)
  throw new OtaError('OTA_DELTA', `block ${index}: unknown block kind ${payload[0]}`, { details: { block: index } })
}
