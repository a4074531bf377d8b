/**
 * `node dist/bench/delta-blocks.js [CORPUS_DIR] [--pairs a,b] [--blocks 262144,1048576,4194304]
 *   [--mismatch 4,6,8] [--refs] [--json]` (default corpus: ../shared/firmware)
 *
 * For every pair (OLD = old.bin, NEW = new.bin): the project's `bsdiff-brotli` patch size as %
 * of NEW at each block size (the suffix array and the matching run once per pair; each block
 * keeps the smallest of the mismatch thresholds), the encode time of the first block size
 * (suffix array + matching + Brotli), and each block size's patch applied in a child process
 * (bench/delta-apply.ts: files, streaming, base hashed first, a sync per block): apply time and
 * peak RSS next to the child's RSS before applying (unsuffixed fields: the first block size). `--refs` also runs Debian
 * `bsdiff`, `zstd -19 --long=27 --patch-from` and `xdelta3 -9 -S lzma` when installed. Times
 * are wall-clock on whatever else the machine runs. MiB = 2^20 bytes.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bsdiffControls, packDelta, suffixArray } from '../sign/delta/index.js'

const args = process.argv.slice(2)
const flag = (name: string): string | undefined => { const i = args.indexOf(name); return i >= 0 ? args.splice(i, 2)[1] : undefined }
const json = args.includes('--json') ? (args.splice(args.indexOf('--json'), 1), true) : false
const refs = args.includes('--refs') ? (args.splice(args.indexOf('--refs'), 1), true) : false
const blocks = (flag('--blocks') ?? '262144,1048576,4194304').split(',').map(Number)
const mismatch = (flag('--mismatch') ?? '4,6,8').split(',').map(Number)
const only = flag('--pairs')?.split(',')
const corpus = args[0] ?? join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', 'shared', 'firmware')
if (!existsSync(corpus)) throw new Error(`no corpus at ${corpus}`)
const pairs = readdirSync(corpus).filter((p) => existsSync(join(corpus, p, 'new.bin')) && (only === undefined || only.includes(p)))
pairs.sort((a, b) => statSync(join(corpus, a, 'new.bin')).size - statSync(join(corpus, b, 'new.bin')).size)
const tmp = mkdtempSync(join(tmpdir(), 'aedes-ota-bench-delta-'))
const pct = (n: number, of: number): number => Math.round(10000 * n / of) / 100
const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0

function reference (pair: string, oldPath: string, newPath: string, size: number): Record<string, number | null> {
  const out: Record<string, number | null> = {}
  const run = (name: string, cmd: string, file: string, argv: string[]): void => {
    if (!has(cmd)) { out[name] = null; return }
    execFileSync(cmd, argv, { stdio: 'ignore' })
    out[name] = pct(statSync(file).size, size)
  }
  const p = join(tmp, pair)
  run('bsdiff_pct', 'bsdiff', `${p}.bsdiff`, [oldPath, newPath, `${p}.bsdiff`])
  run('zstd_pct', 'zstd', `${p}.zst`, ['-q', '-f', '-19', '--long=27', `--patch-from=${oldPath}`, newPath, '-o', `${p}.zst`])
  run('xdelta3_pct', 'xdelta3', `${p}.xd3`, ['-f', '-9', '-S', 'lzma', '-e', '-s', oldPath, newPath, `${p}.xd3`])
  return out
}

/** Applies `patch` to the old image in a child process (bench/delta-apply.ts) and checks the result bit-exact. */
function applyInChild (pair: string, oldPath: string, patch: Uint8Array, nw: Uint8Array): { ms: number, rssMiB: number, idleMiB: number } {
  const patchPath = join(tmp, `${pair}.patch`)
  writeFileSync(patchPath, patch)
  const outPath = join(tmp, `${pair}.out`)
  const child = spawnSync(process.execPath, [join(fileURLToPath(new URL('.', import.meta.url)), 'delta-apply.js'), oldPath, patchPath, outPath], { encoding: 'utf8' })
  if (child.status !== 0) throw new Error(`apply of ${pair} failed: ${child.stderr}`)
  const a = JSON.parse(child.stdout) as { ms: number, idleRssKiB: number, maxRssKiB: number }
  if (Buffer.compare(readFileSync(outPath), nw) !== 0) throw new Error(`apply of ${pair} is not bit-exact`)
  rmSync(outPath)
  return { ms: Math.round(a.ms), rssMiB: Math.round(a.maxRssKiB / 102.4) / 10, idleMiB: Math.round(a.idleRssKiB / 102.4) / 10 }
}

const rows: Array<Record<string, unknown>> = []
try {
  for (const pair of pairs) {
    const oldPath = join(corpus, pair, 'old.bin')
    const newPath = join(corpus, pair, 'new.bin')
    const old = readFileSync(oldPath)
    const nw = readFileSync(newPath)
    const t0 = performance.now()
    const sa = suffixArray(old)
    const tSa = performance.now() - t0
    const variants = mismatch.map((mm) => ({ mismatch: mm, values: bsdiffControls(old, nw, sa, mm).values }))
    const tMatch = performance.now() - t0 - tSa
    const row: Record<string, unknown> = { pair, new_bytes: nw.length, sa_ms: Math.round(tSa), match_ms: Math.round(tMatch) }
    for (const bs of blocks) {
      const t1 = performance.now()
      const e = packDelta(old, nw, variants, { blockSize: bs, quality: 11, maxLgwin: 24 })
      const tPack = performance.now() - t1
      row[`ours_pct_${bs >> 10}k`] = pct(e.patch.length, nw.length)
      row[`blocks_${bs >> 10}k`] = e.blocks
      row[`wins_${bs >> 10}k`] = e.wins
      const a = applyInChild(pair, oldPath, e.patch, nw)
      Object.assign(row, { [`apply_ms_${bs >> 10}k`]: a.ms, [`apply_rss_MiB_${bs >> 10}k`]: a.rssMiB })
      if (row.ours_pct === undefined) {
        Object.assign(row, { apply_ms: a.ms, apply_rss_MiB: a.rssMiB, idle_rss_MiB: a.idleMiB })
        row.ours_pct = pct(e.patch.length, nw.length)
        row.block_size = bs
        row.encode_ms = Math.round(tSa + tMatch + tPack)
        row.streams = { raw: e.raw, compressed: e.compressed }
      }
    }
    if (refs) Object.assign(row, reference(pair, oldPath, newPath, nw.length))
    rows.push(row)
    if (!json) console.log(JSON.stringify(row))
  }
} finally {
  rmSync(tmp, { recursive: true, force: true })
}
if (json) console.log(JSON.stringify({ pairs: rows }))
