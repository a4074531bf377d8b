// zstd "patch-from" through the zstd-napi binding: the old image loaded as a raw-content dictionary
// and force-loaded (ZSTD_c_forceAttachDict = ZSTD_dictForceLoad), which inserts it into the match
// state like ZSTD_CCtx_refPrefix does (the CLI's --patch-from), long-distance matching included.
// Lab code (research for issue 8), not part of the project build: zstd-napi is NOT a project
// dependency. It is loaded from $ZSTD_LAB/node_modules (default /tmp/zstd-lab).
import { createRequire } from 'node:module'
import path from 'node:path'

const LAB = process.env.ZSTD_LAB ?? '/tmp/zstd-lab'
const require = createRequire(path.join(LAB, 'noop.js'))
/** The raw zstd-napi binding (thin wrapper over the zstd C API). */
export const binding = require('zstd-napi/binding')

/** Experimental zstd parameter numbers (zstd.h 1.5.x, ZSTD_STATIC_LINKING_ONLY section). */
export const ZSTD_c_forceAttachDict = 1001 // ZSTD_c_experimentalParam4
export const ZSTD_dictForceLoad = 3
export const ZSTD_d_windowLogMax = 100
/** First four bytes of a zstd dictionary: such an old image would be parsed, not used raw. */
export const ZSTD_MAGIC_DICTIONARY = 0xec30a437

const CP = binding.CParameter

/**
 * Mirrors zstd 1.5.4 fileio.c FIO_adjustParamsForPatchFromMode: windowLog = highbit(max(old,new))+1
 * (at least the asked one), long mode on.
 */
export function patchFromWindowLog (oldSize, newSize, minWindowLog = 10) {
  const max = Math.max(oldSize, newSize)
  const fileWindowLog = Math.floor(Math.log2(max)) + 1
  return Math.max(minWindowLog, Math.min(31, fileWindowLog))
}

/**
 * Makes a compression context with the old image as force-loaded raw dictionary.
 * opts: { level, windowLog, ldm (default true), forceLoad (default true), extra: {param: value} }
 */
export function makeCCtx (old, opts) {
  if (old.length >= 4 && old.readUInt32LE(0) === ZSTD_MAGIC_DICTIONARY) {
    throw new Error('old image starts with the zstd dictionary magic: zstd-napi cannot force raw content')
  }
  const cctx = new binding.CCtx()
  cctx.setParameter(CP.compressionLevel, opts.level)
  if (opts.windowLog) cctx.setParameter(CP.windowLog, opts.windowLog)
  if (opts.ldm !== false) cctx.setParameter(CP.enableLongDistanceMatching, 1)
  cctx.setParameter(CP.checksumFlag, opts.checksum ? 1 : 0)
  cctx.setParameter(CP.contentSizeFlag, 1)
  cctx.setParameter(CP.dictIDFlag, 0)
  for (const [k, v] of Object.entries(opts.extra ?? {})) cctx.setParameter(CP[k], v)
  if (opts.forceLoad !== false) cctx.setParameter(ZSTD_c_forceAttachDict, ZSTD_dictForceLoad)
  cctx.loadDictionary(old)
  return cctx
}

/** One zstd frame of `src` against the dictionary already loaded in `cctx`. */
export function compressFrame (cctx, src) {
  const dst = Buffer.allocUnsafe(binding.compressBound(src.length))
  cctx.setPledgedSrcSize(src.length)
  const n = cctx.compress2(dst, src)
  return dst.subarray(0, n)
}

/**
 * Patch of `neu` against `old`. frameSize 0 = one frame; else `neu` cut into slices of frameSize
 * bytes, each its own frame (independently decodable given the old image).
 * Returns { patch: Buffer, frames: number[] (compressed size of each frame) }.
 */
export function makePatch (old, neu, opts) {
  const cctx = makeCCtx(old, opts)
  const step = opts.frameSize || neu.length
  const parts = []
  for (let off = 0; off < neu.length; off += step) parts.push(compressFrame(cctx, neu.subarray(off, off + step)))
  return { patch: Buffer.concat(parts), frames: parts.map((p) => p.length) }
}

/**
 * The old-image window of frame k when each frame gets only a slice of the old image as dictionary:
 * [c - margin, c + frameSize + margin) clamped, c = frame start scaled by old/new size. The device
 * then holds only that slice, not the whole old image.
 */
export function sliceFor (oldSize, newSize, start, frameSize, margin) {
  const c = Math.floor(start * oldSize / newSize)
  return [Math.max(0, c - margin), Math.min(oldSize, c + frameSize + margin)]
}

/**
 * Patch where frame k (frameSize bytes of `neu`) is compressed against only old[sliceFor(...)].
 * Returns { patch, frames: number[] (compressed sizes), slices: [start, end][] }.
 */
export function makeSlicedPatch (old, neu, opts) {
  const parts = []
  const slices = []
  for (let off = 0; off < neu.length; off += opts.frameSize) {
    const [a, b] = sliceFor(old.length, neu.length, off, opts.frameSize, opts.margin)
    const cctx = makeCCtx(old.subarray(a, b), opts)
    parts.push(compressFrame(cctx, neu.subarray(off, off + opts.frameSize)))
    slices.push([a, b])
  }
  return { patch: Buffer.concat(parts), frames: parts.map((p) => p.length), slices }
}

/** Whole-buffer apply of a sliced patch (for verification): each frame with its own dictionary. */
export function applySlicedPatch (old, patch, frames, slices, sink) {
  let pos = 0
  let produced = 0
  frames.forEach((len, k) => {
    const [a, b] = slices[k]
    produced += applyPatchStream(old.subarray(a, b), [patch.subarray(pos, pos + len)], sink)
    pos += len
  })
  return produced
}

/**
 * Streaming apply: old image as raw dictionary, patch bytes fed in `inChunk` pieces, output handed to
 * `sink(buf)` in pieces of at most binding.dStreamOutSize() bytes (the buffer is reused: copy or
 * consume before returning). Concatenated frames are decoded one after the other.
 * `dctx`: a decompression context to reuse (reset first), so per-frame dictionaries do not pile up
 * until GC; `out`: an output buffer to reuse (same reason). Returns the number of bytes produced.
 */
export function applyPatchStream (old, patchSource, sink, { windowLogMax = 31, dctx: reuse, out: outBuf } = {}) {
  const dctx = reuse ?? new binding.DCtx()
  if (reuse) reuse.reset(binding.ResetDirective.sessionAndParameters) // drops the previous dictionary
  dctx.setParameter(ZSTD_d_windowLogMax, windowLogMax)
  dctx.loadDictionary(old)
  const out = outBuf ?? Buffer.allocUnsafe(binding.dStreamOutSize())
  let produced = 0
  let ret = 0
  for (const chunk of patchSource) {
    let input = chunk
    let outN = 0
    do { // keep going while input is left or the output buffer came back full (more may be buffered)
      const [r, o, inN] = dctx.decompressStream(out, input)
      ret = r
      outN = o
      if (outN > 0) { sink(out.subarray(0, outN)); produced += outN }
      input = input.subarray(inN)
    } while (input.length > 0 || (outN === out.length && ret !== 0))
  }
  if (ret !== 0) throw new Error('truncated zstd patch (decoder wants more input)')
  return produced
}
