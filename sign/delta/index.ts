/** The release side of delta updates: the `bsdiff-brotli` encoder and its parts. */
export { lzParse, lzPayload, dictionaryFor, DEFAULT_LZ_DICT, type LzParseOptions } from './extra-lz.js'
export { encodeDelta, packDelta, cutBlocks, DEFAULT_DELTA_BLOCK, type EncodeDeltaOptions, type EncodedDelta, type ControlVariant, type PackDeltaOptions, DEFAULT_EXTRA_MATCH } from './encode.js'
export { bsdiffControls, searchLongest, type Controls } from './bsdiff-match.js'
export { suffixArray } from './suffix-array.js'
export { matchExtras, type MatchExtrasOptions } from './extra-match.js'
