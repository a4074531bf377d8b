/** The release side of delta updates: the `bsdiff-brotli` encoder and its parts. */
export { encodeDelta, packDelta, cutBlocks, DEFAULT_DELTA_BLOCK, type EncodeDeltaOptions, type EncodedDelta, type ControlVariant } from './encode.js'
export { bsdiffControls, searchLongest, type Controls } from './bsdiff-match.js'
export { suffixArray } from './suffix-array.js'
export * from './extra-match.js'
