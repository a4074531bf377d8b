// Patch sizes through zstd-napi (old image force-loaded as raw dictionary), per pair and config,
// each patch verified by a streaming apply (sha-256 of the output = sha-256 of new.bin).
// Usage: node bench/zstd-lab/sizes.mjs CORPUS_DIR CONFIG[,CONFIG...] [PAIR,...] >> results/sizes.jsonl
// One JSON line per (pair, config): bytes, pct of new.bin, frames, encode and apply seconds.
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { makePatch, makeSlicedPatch, applySlicedPatch, applyPatchStream, patchFromWindowLog, binding } from './zstd-patch.mjs'

const KiB = 1024
const MiB = 1024 * KiB
/** Config name -> options (given old and new sizes). */
const CONFIGS = {
  // what Debian's `zstd -19 --long=27 --patch-from --single-thread` sets (fileio.c, patch-from mode)
  'l19-cli': (o, n) => ({ level: 19, windowLog: patchFromWindowLog(o, n) }),
  'l19-wl27': () => ({ level: 19, windowLog: 27 }),
  'l19-wl27-noforce': () => ({ level: 19, windowLog: 27, forceLoad: false }),
  'l19-wl27-noldm': () => ({ level: 19, windowLog: 27, ldm: false }),
  'l22-wl27': () => ({ level: 22, windowLog: 27 }),
  'l22-wl30': () => ({ level: 22, windowLog: 30 }),
  // the CLI's own advice in patch-from mode with the optimal parser: larger targetLength and chainLog
  'l22-wl27-tuned': () => ({ level: 22, windowLog: 27, extra: { targetLength: 4096, chainLog: 27, searchLog: 9 } }),
  'l19-wl27-f256k': () => ({ level: 19, windowLog: 27, frameSize: 256 * KiB }),
  'l19-wl27-f1m': () => ({ level: 19, windowLog: 27, frameSize: 1 * MiB }),
  'l19-wl27-f4m': () => ({ level: 19, windowLog: 27, frameSize: 4 * MiB }),
  'l22-wl27-f1m': () => ({ level: 22, windowLog: 27, frameSize: 1 * MiB }),
  // each 1 MiB frame against only a slice of old (the scaled same place +- margin): bounded device memory
  'l19-f1m-slice1m': () => ({ level: 19, windowLog: 27, frameSize: 1 * MiB, margin: 1 * MiB }),
  'l19-f1m-slice4m': () => ({ level: 19, windowLog: 27, frameSize: 1 * MiB, margin: 4 * MiB }),
  'l19-f256k-slice1m': () => ({ level: 19, windowLog: 27, frameSize: 256 * KiB, margin: 1 * MiB }),
  'l19-f256k-slice256k': () => ({ level: 19, windowLog: 27, frameSize: 256 * KiB, margin: 256 * KiB })
}

const [corpus = '/work/shared/firmware', configArg = 'l19-cli', pairArg] = process.argv.slice(2)
const pairs = pairArg ? pairArg.split(',') : fs.readdirSync(corpus).filter((p) => fs.existsSync(path.join(corpus, p, 'new.bin'))).sort()
for (const pair of pairs) {
  const old = fs.readFileSync(path.join(corpus, pair, 'old.bin'))
  const neu = fs.readFileSync(path.join(corpus, pair, 'new.bin'))
  const want = crypto.createHash('sha256').update(neu).digest('hex')
  for (const name of configArg.split(',')) {
    const opts = CONFIGS[name](old.length, neu.length)
    let t = process.hrtime.bigint()
    const { patch, frames, slices } = opts.margin ? makeSlicedPatch(old, neu, opts) : makePatch(old, neu, opts)
    const encodeS = Number(process.hrtime.bigint() - t) / 1e9
    const h = crypto.createHash('sha256')
    t = process.hrtime.bigint()
    const chunks = function * () { for (let i = 0; i < patch.length; i += 64 * KiB) yield patch.subarray(i, i + 64 * KiB) }
    const n = slices ? applySlicedPatch(old, patch, frames, slices, (b) => h.update(b)) : applyPatchStream(old, chunks(), (b) => h.update(b))
    const applyS = Number(process.hrtime.bigint() - t) / 1e9
    const ok = n === neu.length && h.digest('hex') === want
    if (!ok) { console.error(`MISMATCH ${pair} ${name}`); process.exitCode = 1 }
    if (process.env.SAVE_PATCH) {
      fs.writeFileSync(path.join(process.env.SAVE_PATCH, `${pair}.${name}.zst`), patch)
      if (slices) fs.writeFileSync(path.join(process.env.SAVE_PATCH, `${pair}.${name}.zst.json`), JSON.stringify({ frames, slices }))
    }
    console.log(JSON.stringify({
      pair, config: name, zstd: binding.versionString(), opts: { ...opts }, new_bytes: neu.length, bytes: patch.length,
      pct: +(100 * patch.length / neu.length).toFixed(3), frames: frames.length, encode_s: +encodeS.toFixed(2), apply_s: +applyS.toFixed(3), verified: ok
    }))
  }
}
