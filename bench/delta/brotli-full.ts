/**
 * The built-in candidate of bench/delta.ts until the project's patcher lands: no delta at all,
 * the whole new image compressed with Brotli at quality 11 (node:zlib, RFC 7932) and a 16 MiB
 * window (lgwin 24, the largest standard window). It is also the baseline issue 8 asks about:
 * what a compressed full image costs, which a delta has to beat by a useful margin.
 */
import { createReadStream, createWriteStream } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { brotliCompress, brotliDecompress, constants, createBrotliDecompress } from 'node:zlib'
import { promisify } from 'node:util'
import type { DeltaCandidate } from './candidate.js'

const compress = promisify(brotliCompress)
const decompress = promisify(brotliDecompress)

/** Brotli q11, lgwin 24, of the whole new image; the old image is not used. */
export const brotliFullImage: DeltaCandidate = {
  name: 'full image, brotli',
  async diff (_old: Uint8Array, newImage: Uint8Array): Promise<Uint8Array> {
    return new Uint8Array(await compress(newImage, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_LGWIN]: 24,
        [constants.BROTLI_PARAM_SIZE_HINT]: newImage.length,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_GENERIC
      }
    }))
  },
  async apply (_old: Uint8Array, patch: Uint8Array): Promise<Uint8Array> {
    return new Uint8Array(await decompress(patch))
  },
  async applyFile (_oldPath: string, patchPath: string, outPath: string): Promise<void> {
    await pipeline(createReadStream(patchPath), createBrotliDecompress(), createWriteStream(outPath))
  }
}
