// Turns results/*.jsonl and results/cli-ref.tsv into markdown tables (results/tables.md).
// Usage: node bench/zstd-lab/render.mjs > bench/zstd-lab/results/tables.md
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results')
const jsonl = (f) => fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []
const tsv = fs.readFileSync(path.join(dir, 'cli-ref.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'))
const cli = (pair, mode) => tsv.find((r) => r[0] === pair && r[2] === mode)
const sizes = jsonl('sizes.jsonl')
const size = (pair, config) => sizes.filter((r) => r.pair === pair && r.config === config).at(-1)
const full = jsonl('full-images.jsonl')
const rss = jsonl('apply-rss.jsonl')
const PAIRS = ['ath9k', 'seabios', 'opensbi', 'microbit', 'uboot', 'ovmf', 'vmlinuz']
const README = { // README table of /work/shared/firmware: bsdiff, zstd 1.5.4, xdelta3, HDiffPatch, xz -9e
  ath9k: [39.7, 35.5, 41.1, null, 47.3], seabios: [5.63, 6.64, 9.73, 4.88, 36.9], opensbi: [28.57, 24.58, 27.84, 27.30, 29.4],
  microbit: [14.19, 13.15, 16.54, 13.74, 38.2], uboot: [27.56, 24.63, 29.32, 24.25, 33.0], ovmf: [41.4, 41.4, 41.4, 41.4, 41.4], vmlinuz: [16.21, 16.08, 20.80, 13.69, 73.3]
}
const pct = (x, d = 2) => x == null ? '—' : Number(x).toFixed(d)
const out = []
const table = (head, rows) => { out.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`), '') }

out.push('## Patch size, % of new.bin (zstd patch-from; lower is better)', '')
table(['pair', 'README zstd 1.5.4', 'CLI -19 --long=27 (this run)', 'CLI same, --single-thread', 'CLI --ultra -22 ST', 'napi l19 (CLI params)', 'napi l19 wl27', 'napi l22 wl27', 'napi l22 wl30', 'napi l22 tuned', 'napi l19 no forceLoad', 'napi l19 no LDM', 'README HDiffPatch', 'README bsdiff'],
  PAIRS.map((p) => [p, pct(README[p][1]), pct(cli(p, 'zstd -19 --long=27 --patch-from')?.[4]), pct(cli(p, 'zstd -19 --long=27 --patch-from --single-thread')?.[4]), pct(cli(p, 'zstd --ultra -22 --long=27 --patch-from --single-thread')?.[4]),
    ...['l19-cli', 'l19-wl27', 'l22-wl27', 'l22-wl30', 'l22-wl27-tuned', 'l19-wl27-noforce', 'l19-wl27-noldm'].map((c) => pct(size(p, c)?.pct)), pct(README[p][3]), pct(README[p][0])]))
out.push('## Encode seconds (wall, shared 2-core machine under load from other workers) and apply seconds (napi, streaming, output hashed)', '')
table(['pair', 'CLI -19 ST', 'CLI -22 ST', 'napi l19 wl27 encode', 'napi l22 wl27 encode', 'napi l22 tuned encode', 'napi l19 wl27 apply', 'CLI decode'],
  PAIRS.map((p) => [p, cli(p, 'zstd -19 --long=27 --patch-from --single-thread')?.[5] ?? '—', cli(p, 'zstd --ultra -22 --long=27 --patch-from --single-thread')?.[5] ?? '—',
    size(p, 'l19-wl27')?.encode_s ?? '—', size(p, 'l22-wl27')?.encode_s ?? '—', size(p, 'l22-wl27-tuned')?.encode_s ?? '—', size(p, 'l19-wl27')?.apply_s ?? '—', cli(p, 'unzstd --long=27 --patch-from (decode of row 1)')?.[5] ?? '—']))
out.push('## Resumability: the new image cut into independently decodable frames (against the whole old image, or a slice of it), % of new.bin', '')
const cell = (p, c) => { const r = size(p, c); return r ? `${pct(r.pct, 3)} (${r.frames})` : '—' }
table(['pair', 'one frame l19', '4 MiB frames', '1 MiB frames', '256 KiB frames', 'cost of 256 KiB, % points', 'one frame l22', '1 MiB frames l22', '1 MiB frames, old slice ±1 MiB', '1 MiB frames, old slice ±4 MiB', '256 KiB frames, old slice ±1 MiB', '256 KiB frames, old slice ±256 KiB'],
  PAIRS.map((p) => [p, pct(size(p, 'l19-wl27')?.pct, 3), cell(p, 'l19-wl27-f4m'), cell(p, 'l19-wl27-f1m'), cell(p, 'l19-wl27-f256k'),
    size(p, 'l19-wl27-f256k') ? pct(size(p, 'l19-wl27-f256k').pct - size(p, 'l19-wl27').pct, 3) : '—', pct(size(p, 'l22-wl27')?.pct, 3), cell(p, 'l22-wl27-f1m'),
    cell(p, 'l19-f1m-slice1m'), cell(p, 'l19-f1m-slice4m'), cell(p, 'l19-f256k-slice1m'), cell(p, 'l19-f256k-slice256k')]))
out.push('(n) = number of frames. Frame size = bytes of new.bin per frame (decoded size). Level 19 unless said. "old slice ±M": frame k is compressed against only old[c−M, c+frame+M), c = frame start scaled by old/new size (the device reads just that slice of the active slot).', '')
out.push('Encode seconds, vmlinuz (wall, under load): ' + ['l19-wl27', 'l22-wl27', 'l19-wl27-f4m', 'l19-wl27-f1m', 'l19-wl27-f256k', 'l22-wl27-f1m', 'l19-f1m-slice1m', 'l19-f1m-slice4m', 'l19-f256k-slice1m', 'l19-f256k-slice256k'].map((c) => `${c} ${size('vmlinuz', c)?.encode_s ?? '—'} s`).join(', ') + '.', '')
out.push('## Compressed full images, % of new.bin', '')
const f = (p, c) => full.find((r) => r.pair === p && r.codec === c)
table(['pair', 'Brotli q11 w24 (node:zlib)', 'zstd-napi 19 long27', 'zstd-napi 22 long27', 'CLI zstd -19 --long=27', 'CLI xz -9e', 'README xz -9e', 'best zstd patch (napi l22)', 'Brotli encode s', 'zstd 19 encode s'],
  PAIRS.map((p) => [p, pct(f(p, 'brotli-q11-w24')?.pct), pct(f(p, 'zstd-19-long27')?.pct), pct(f(p, 'zstd-22-long27')?.pct), pct(cli(p, 'full: zstd -19 --long=27')?.[4]), pct(cli(p, 'full: xz -9e')?.[4]), pct(README[p][4]), pct(size(p, 'l22-wl27')?.pct), f(p, 'brotli-q11-w24')?.encode_s ?? '—', f(p, 'zstd-19-long27')?.encode_s ?? '—']))
if (rss.length) {
  out.push('## Streaming apply / decompression memory (child process; idle = node + dist/client loaded + zstd-napi, after GC)', '')
  table(['what', 'input', 'input bytes', 'out bytes', 'idle RSS MiB', 'peak RSS MiB', 'peak over idle MiB', 'secs', 'verified'],
    rss.map((r) => [r.label ?? r.mode, r.input, r.input_bytes, r.out_bytes, r.idle_rss_MiB, r.peak_rss_MiB, r.over_idle_MiB, r.secs, r.verified]))
}
process.stdout.write(out.join('\n'))
