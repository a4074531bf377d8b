/**
 * The project's patcher as a bench candidate: `encodeDelta` (sign/delta: bsdiff-style matching
 * over a suffix array, blocks of Brotli streams) and the streaming apply of client/delta, over
 * files when measured (`applyFile`).
 */
import { encodeDelta } from '../../sign/delta/index.js'
import { applyDeltaStream, fileChunks, openFileIo, type DeltaIo } from '../../client/delta/index.js'
import type { DeltaCandidate } from './candidate.js'

async function * once (b: Uint8Array): AsyncGenerator<Uint8Array> { yield b }

/** The project's patcher at the default block size, what `release create --base` ships. */
export const bsdiffBrotli: DeltaCandidate = {
  name: 'sign/delta encodeDelta (bsdiff-brotli, bsdiff-lz-brotli)',
  async diff (o, n) { return encodeDelta(o, n).patch },
  async apply (o, p) {
    const parts: Uint8Array[] = []
    const io: DeltaIo = { oldSize: o.length, readOld: async (x, n) => o.subarray(x, x + n), writeNew: async (_x, d) => { parts.push(new Uint8Array(d)) } }
    await applyDeltaStream(once(p), io)
    return Buffer.concat(parts)
  },
  async applyFile (oldPath, patchPath, outPath) {
    const io = await openFileIo(oldPath, outPath)
    try {
      await applyDeltaStream(fileChunks(patchPath), io)
    } finally {
      await io.close()
    }
  }
}
