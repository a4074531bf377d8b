// Resumability check: a framed zstd patch can be resumed at any frame. Walks the frame boundaries
// with ZSTD_findFrameCompressedSize (no side table needed), then decodes chosen frames alone, each
// with a fresh decoder and the old image as dictionary (as a device restarting from a checkpoint
// would), and compares with the matching slice of new.bin.
// Usage: node bench/zstd-lab/resume-check.mjs OLD NEW PATCH FRAME_BYTES [K,K,...]
import fs from 'node:fs'
import { applyPatchStream, binding } from './zstd-patch.mjs'

const [oldPath, newPath, patchPath, frameArg, pick] = process.argv.slice(2)
const old = fs.readFileSync(oldPath)
const neu = fs.readFileSync(newPath)
const patch = fs.readFileSync(patchPath)
const S = Number(frameArg)
const offsets = []
for (let pos = 0; pos < patch.length; pos += binding.findFrameCompressedSize(patch.subarray(pos))) offsets.push(pos)
offsets.push(patch.length)
const n = offsets.length - 1
if (n !== Math.ceil(neu.length / S)) throw new Error(`expected ${Math.ceil(neu.length / S)} frames, found ${n}`)
const ks = pick ? pick.split(',').map(Number) : [n - 1, Math.floor(n / 2), 1, 0]
for (const k of ks) {
  const parts = []
  applyPatchStream(old, [patch.subarray(offsets[k], offsets[k + 1])], (b) => parts.push(Buffer.from(b)))
  const got = Buffer.concat(parts)
  const ok = Buffer.compare(got, neu.subarray(k * S, k * S + S)) === 0
  console.log(JSON.stringify({ patch: patchPath.split('/').pop(), frames: n, resumed_at_frame: k, patch_offset: offsets[k], output_offset: k * S, bytes: got.length, ok }))
  if (!ok) process.exitCode = 1
}
