// Compressed full images (issue 8 item 2): every new.bin through Brotli q11 (node:zlib, window 2^24,
// the largest of RFC 7932; BROTLI_PARAM_LARGE_WINDOW only matters past 16 MiB) and zstd-napi
// (level 19 and 22, long-distance matching, windowLog 27), each verified by decompressing.
// Usage: node bench/zstd-lab/full-images.mjs CORPUS_DIR [OUT_DIR] > results/full-images.jsonl
// With OUT_DIR, the compressed files are kept there (for apply-rss.mjs).
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { binding } from './zstd-patch.mjs'

const [corpus = '/work/shared/firmware', outDir] = process.argv.slice(2)
const CP = binding.CParameter

function zstdFull (src, level) {
  const cctx = new binding.CCtx()
  cctx.setParameter(CP.compressionLevel, level)
  cctx.setParameter(CP.windowLog, 27)
  cctx.setParameter(CP.enableLongDistanceMatching, 1)
  cctx.setParameter(CP.checksumFlag, 0)
  cctx.setPledgedSrcSize(src.length)
  const dst = Buffer.allocUnsafe(binding.compressBound(src.length))
  return dst.subarray(0, cctx.compress2(dst, src))
}
const codecs = {
  'brotli-q11-w24': {
    ext: 'br',
    enc: (b) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_LGWIN]: 24, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: b.length } }),
    dec: (b) => zlib.brotliDecompressSync(b)
  },
  'zstd-19-long27': { ext: 'zst', enc: (b) => zstdFull(b, 19), dec: (b) => { const d = new binding.DCtx(); d.setParameter(100, 27); const o = Buffer.alloc(Number(binding.getFrameContentSize(b))); d.decompress(o, b); return o } },
  'zstd-22-long27': { ext: 'zst22', enc: (b) => zstdFull(b, 22), dec: (b) => { const d = new binding.DCtx(); d.setParameter(100, 27); const o = Buffer.alloc(Number(binding.getFrameContentSize(b))); d.decompress(o, b); return o } }
}
const pairs = fs.readdirSync(corpus).filter((p) => fs.existsSync(path.join(corpus, p, 'new.bin'))).sort()
for (const pair of pairs) {
  const neu = fs.readFileSync(path.join(corpus, pair, 'new.bin'))
  for (const [name, c] of Object.entries(codecs)) {
    const t = process.hrtime.bigint()
    const z = c.enc(neu)
    const encodeS = Number(process.hrtime.bigint() - t) / 1e9
    const ok = Buffer.compare(c.dec(z), neu) === 0
    if (outDir) fs.writeFileSync(path.join(outDir, `${pair}.full.${c.ext}`), z)
    console.log(JSON.stringify({ pair, codec: name, new_bytes: neu.length, bytes: z.length, pct: +(100 * z.length / neu.length).toFixed(3), encode_s: +encodeS.toFixed(2), verified: ok }))
  }
}
