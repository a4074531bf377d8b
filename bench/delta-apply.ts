/**
 * Child process of bench/delta.ts: `node dist/bench/delta-apply.js OLD PATCH OUT` applies PATCH
 * to OLD into OUT through the device's streaming apply (files, 64 KiB patch chunks, the base
 * hashed first) and prints one JSON line: apply milliseconds, this process's RSS before the
 * apply and its peak RSS (KiB), the output SHA-256. The peak is Linux's VmHWM from
 * /proc/self/status: `process.resourceUsage().maxRSS` of a spawned child starts at its parent's
 * peak (getrusage's maxrss survives fork and exec), which made a large parent's peak look like
 * the apply's. Elsewhere it falls back to maxRSS.
 */
import { applyDeltaStream, fileChunks, openFileIo } from '../client/delta/index.js'
import { toHex } from '../proto/index.js'
import { procStatusBytes } from './proc-status.js'

const [oldPath, patchPath, outPath] = process.argv.slice(2)
if (oldPath === undefined || patchPath === undefined || outPath === undefined) throw new Error('usage: delta-apply OLD PATCH OUT')
const idleRssKiB = Math.round(process.memoryUsage().rss / 1024)
function peakRssKiB (): number {
  const hwm = procStatusBytes('VmHWM')
  return hwm !== undefined ? hwm / 1024 : process.resourceUsage().maxRSS
}
const idleMaxRssKiB = peakRssKiB()
const t0 = performance.now()
const io = await openFileIo(oldPath, outPath)
try {
  const r = await applyDeltaStream(fileChunks(patchPath), io, { onBlock: async () => { await io.sync() } })
  const ms = performance.now() - t0
  process.stdout.write(JSON.stringify({ ms, idleRssKiB, idleMaxRssKiB, maxRssKiB: peakRssKiB(), getrusageMaxRssKiB: process.resourceUsage().maxRSS, sha256: toHex(r.sha256), size: r.size }) + '\n')
} finally {
  await io.close()
}
