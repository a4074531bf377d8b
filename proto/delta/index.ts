/** The delta patch format shared by the encoder (sign/delta/) and the device (client/delta/). */
export {
  DELTA_MAGIC, DELTA_FORMAT_VERSION, ALG_BSDIFF_BROTLI, DeltaLimits, deltaHeaderLength, decodeDeltaHeader, encodeDeltaHeader,
  type DeltaHeader, type DeltaBlockEntry, type DeltaHeaderInput
} from './format.js'
export { BLOCK_PREFIX, decodeBlock, encodeControls, layoutBlock, brotliWindowBits, pushVarint, zigzag, type BlockStreams, type DecodedBlock } from './block.js'
