/** The delta patch format shared by the encoder (sign/delta/) and the device (client/delta/). */
export {
  DELTA_MAGIC, DELTA_FORMAT_VERSION, ALG_BSDIFF_BROTLI, DeltaLimits, deltaHeaderLength, decodeDeltaHeader, readDeltaHeader, encodeDeltaHeader,
  type DeltaHeader, type DeltaBlockEntry, type DeltaHeaderInput
} from './format.js'
export { BLOCK_PREFIX, decodeBlock, encodeControls, layoutBlock, brotliWindowBits, pushVarint, zigzag, type BlockStreams, type DecodedBlock } from './block.js'
export { ALG_BSDIFF_LZ_BROTLI } from './format.js'
export { LZ_MIN_MATCH, LZ_BLOCK_PREFIX, LZ_KIND_PLAIN, LZ_KIND_LZ, encodeSequences, layoutLzBlock, plainInLz, decodeLzBlock, type LzSequences, type LzBlockStreams, type ReadOld } from './lz-block.js'
export { DELTA_ALGORITHMS, decodeAnyBlock } from './dispatch.js'
