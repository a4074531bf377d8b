// The other npm zstd candidates, each at level 19 with the old image as dictionary through the only
// dictionary API it has, on every pair: patch size, round trip, whether it runs at all.
// Usage: node bench/zstd-lab/candidates.mjs CORPUS_DIR > results/candidates.jsonl
// Packages loaded from $ZSTD_LAB/node_modules (default /tmp/zstd-lab; @toondepauw in $ZSTD_LAB/toon).
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'

const LAB = process.env.ZSTD_LAB ?? '/tmp/zstd-lab'
const req = createRequire(path.join(LAB, 'noop.js'))
const reqToon = createRequire(path.join(LAB, 'toon', 'noop.js'))
const corpus = process.argv[2] ?? '/work/shared/firmware'
const LEVEL = 19

const bokuweb = req('@bokuweb/zstd-wasm')
await bokuweb.init()
const toon = reqToon('@toondepauw/node-zstd')
const { ZstdCodec } = req('zstd-codec')
const zc = await new Promise((resolve) => ZstdCodec.run(resolve))

const candidates = {
  // ZSTD_compress_usingDict / ZSTD_decompress_usingDict in an Emscripten heap; whole buffers only
  '@bokuweb/zstd-wasm': (old, neu) => {
    const p = bokuweb.compressUsingDict(bokuweb.createCCtx(), neu, old, LEVEL)
    const back = bokuweb.decompressUsingDict(bokuweb.createDCtx(), p, old, { defaultHeapSize: neu.length })
    return [p, back]
  },
  // Rust zstd crate (napi-rs) Encoder/Decoder with a dictionary; whole buffers only
  '@toondepauw/node-zstd': (old, neu) => {
    const p = new toon.Encoder(LEVEL, old).encodeSync(neu)
    const back = new toon.Decoder(old).decodeSync(p)
    return [p, back]
  },
  // ZSTD_createCDict + ZSTD_compress_usingCDict (Emscripten); decompression with a DDict
  'zstd-codec': (old, neu) => {
    const simple = new zc.Simple()
    const p = simple.compressUsingDict(neu, new zc.Dict.Compression(old, LEVEL))
    const back = simple.decompressUsingDict(p, new zc.Dict.Decompression(old))
    return [p, back]
  }
}
const pairs = fs.readdirSync(corpus).filter((p) => fs.existsSync(path.join(corpus, p, 'new.bin'))).sort()
for (const pair of pairs) {
  const old = fs.readFileSync(path.join(corpus, pair, 'old.bin'))
  const neu = fs.readFileSync(path.join(corpus, pair, 'new.bin'))
  for (const [name, run] of Object.entries(candidates)) {
    const t = process.hrtime.bigint()
    let row
    try {
      const [p, back] = run(old, neu)
      if (!p) throw new Error('compress returned null')
      const ok = back != null && Buffer.compare(Buffer.from(back), neu) === 0
      row = { bytes: p.length, pct: +(100 * p.length / neu.length).toFixed(3), verified: ok }
    } catch (e) {
      row = { error: String(e?.message ?? e).slice(0, 200) }
    }
    console.log(JSON.stringify({ pair, candidate: name, level: LEVEL, ...row, secs: +(Number(process.hrtime.bigint() - t) / 1e9).toFixed(2) }))
  }
}
