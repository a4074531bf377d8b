/**
 * The project's patcher as a bench candidate: `encodeDelta` (sign/delta: bsdiff-style matching
 * over a suffix array, blocks of Brotli streams) and the streaming apply of client/delta, over
 * files when measured (`applyFile`).
 */
import { encodeDelta } from '../../sign/delta/index.js'
import { applyDeltaBytes, applyDeltaStream, fileChunks, openFileIo } from '../../client/delta/index.js'
import type { DeltaCandidate } from './candidate.js'

/** The project's patcher at the default block size, what `release create --base` ships. */
export const bsdiffBrotli: DeltaCandidate = {
  name: 'sign/delta encodeDelta (bsdiff-brotli, bsdiff-lz-brotli)',
  async diff (o, n) { return encodeDelta(o, n).patch },
  async apply (o, p) { return await applyDeltaBytes(o, p) },
  async applyFile (oldPath, patchPath, outPath) {
    const io = await openFileIo(oldPath, outPath)
    try {
      await applyDeltaStream(fileChunks(patchPath), io)
    } finally {
      await io.close()
    }
  }
}
