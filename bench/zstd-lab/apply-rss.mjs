// Peak RSS of a child process that applies a patch (or decompresses a full image) as a stream,
// against the same process's idle RSS (node + the project's device module + the codec loaded).
// Usage:
//   node bench/zstd-lab/apply-rss.mjs zstd-patch OLD PATCH NEW     (old image as raw dictionary)
//   node bench/zstd-lab/apply-rss.mjs zstd-sliced OLD PATCH NEW    (PATCH.json: frames, old slices;
//        each frame decoded against only its slice of OLD, read from the file at its offsets)
//   node bench/zstd-lab/apply-rss.mjs copy-floor -   NEW NEW         (the harness's own floor)
//   node bench/zstd-lab/apply-rss.mjs zstd-full  -   FILE.zst NEW
//   node bench/zstd-lab/apply-rss.mjs brotli-full -  FILE.br  NEW
// Prints one JSON line. The child resets its high-water mark (/proc/self/clear_refs = 5) after the
// idle reading, so the peak is the apply's own. The output goes to a temp file ("inactive slot")
// written in order and hashed as it is written; the patch/compressed file is read in 64 KiB pieces.
import fs from 'node:fs'
import path from 'node:path'
import os from 'node:os'
import crypto from 'node:crypto'
import zlib from 'node:zlib'
import { spawnSync } from 'node:child_process'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const [, , mode, oldPath, inPath, newPath, child] = process.argv

function status () {
  const s = fs.readFileSync('/proc/self/status', 'utf8')
  const kib = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)[1])
  return { rss: kib('VmRSS'), hwm: kib('VmHWM') }
}
function * readPieces (file, size = 64 * 1024) {
  const fd = fs.openSync(file, 'r')
  const buf = Buffer.allocUnsafe(size)
  try {
    for (;;) { const n = fs.readSync(fd, buf, 0, size, null); if (n === 0) break; yield buf.subarray(0, n) }
  } finally { fs.closeSync(fd) }
}

if (child !== 'child') {
  const want = crypto.createHash('sha256').update(fs.readFileSync(newPath)).digest('hex')
  const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), mode, oldPath, inPath, newPath, 'child'],
    { encoding: 'utf8', env: { ...process.env, WANT_SHA256: want } })
  if (r.status !== 0) { process.stderr.write(r.stderr); process.exit(1) }
  process.stdout.write(r.stdout)
} else {
  const { applyPatchStream, binding } = await import('./zstd-patch.mjs')
  // the device side of the project, so the idle figure is a device process's
  const dist = path.resolve(here, '../../dist/client/index.js')
  let device = false
  if (fs.existsSync(dist)) { await import(pathToFileURL(dist).href); device = true }
  global.gc(); await new Promise((resolve) => setTimeout(resolve, 200)); global.gc()
  const idle = status().rss
  const want = process.env.WANT_SHA256 // computed by the parent, so the child never holds new.bin
  fs.writeFileSync('/proc/self/clear_refs', '5') // reset VmHWM to the current RSS
  const t = process.hrtime.bigint()
  const tmp = path.join(os.tmpdir(), `zstd-lab-slot-${process.pid}`)
  const fd = fs.openSync(tmp, 'w')
  const h = crypto.createHash('sha256')
  const sink = (b) => { h.update(b); fs.writeSync(fd, b) }
  let produced = 0
  if (mode === 'zstd-patch') {
    produced = applyPatchStream(fs.readFileSync(oldPath), readPieces(inPath), sink)
  } else if (mode === 'zstd-sliced') {
    const { frames, slices } = JSON.parse(fs.readFileSync(`${inPath}.json`, 'utf8'))
    const oldFd = fs.openSync(oldPath, 'r')
    const patchFd = fs.openSync(inPath, 'r')
    let pos = 0
    const dctx = new binding.DCtx()
    const out = Buffer.allocUnsafe(binding.dStreamOutSize())
    const buf = Buffer.allocUnsafe(64 * 1024)
    const sliceBuf = Buffer.allocUnsafe(Math.max(...slices.map(([a, b]) => b - a)))
    for (let k = 0; k < frames.length; k++) {
      const [a, b] = slices[k]
      const slice = sliceBuf.subarray(0, b - a)
      fs.readSync(oldFd, slice, 0, b - a, a)
      const pieces = function * () {
        for (let done = 0; done < frames[k];) {
          const n = fs.readSync(patchFd, buf, 0, Math.min(buf.length, frames[k] - done), pos + done)
          done += n
          yield buf.subarray(0, n)
        }
      }
      produced += applyPatchStream(slice, pieces(), sink, { dctx, out })
      pos += frames[k]
    }
    fs.closeSync(oldFd); fs.closeSync(patchFd)
  } else if (mode === 'copy-floor') {
    // the harness alone: read INPUT in 64 KiB pieces, hash and write it (what every apply pays)
    for (const p of readPieces(inPath)) { sink(p); produced += p.length }
  } else if (mode === 'zstd-full') {
    produced = applyPatchStream(Buffer.alloc(0), readPieces(inPath), sink)
  } else if (mode === 'brotli-full') {
    const dec = zlib.createBrotliDecompress({ params: { [zlib.constants.BROTLI_DECODER_PARAM_LARGE_WINDOW]: 1 } })
    dec.on('data', (b) => { sink(b); produced += b.length })
    const done = new Promise((resolve, reject) => { dec.on('end', resolve); dec.on('error', reject) })
    for (const p of readPieces(inPath)) { if (!dec.write(Buffer.from(p))) await new Promise((resolve) => dec.once('drain', resolve)) }
    dec.end()
    await done
  } else throw new Error(`unknown mode ${mode}`)
  fs.closeSync(fd)
  const secs = Number(process.hrtime.bigint() - t) / 1e9
  const peak = status().hwm
  fs.rmSync(tmp)
  console.log(JSON.stringify({
    mode, input: path.basename(inPath), input_bytes: fs.statSync(inPath).size, old_bytes: oldPath === '-' ? 0 : fs.statSync(oldPath).size,
    out_bytes: produced, verified: h.digest('hex') === want, device_module_loaded: device, zstd: binding.versionString(),
    idle_rss_MiB: +(idle / 1024).toFixed(1), peak_rss_MiB: +(peak / 1024).toFixed(1), over_idle_MiB: +((peak - idle) / 1024).toFixed(1), secs: +secs.toFixed(2)
  }))
}
