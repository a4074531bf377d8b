/**
 * `npm run bench:delta` (bench/delta.ts, built into dist/) on a tiny corpus generated here: two
 * pairs and a README in the corpus's format. The reference tools run when installed
 * (bench/setup-delta-tools.sh) and are skipped otherwise (`--skip-missing`), so the test never
 * needs ../shared. A candidate that corrupts its output shows that verification can fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseReadmeTable, readmeFigure } from '../bench/delta/corpus.js'
import { REFERENCE_TOOLS, onPath } from '../bench/delta/references.js'

const BENCH = join(import.meta.dirname, '..', 'dist', 'bench', 'delta.js')

interface Run { code: number, stdout: string, stderr: string }

/** The built-in full-image candidate (Brotli of new.bin), whose sizes the assertions predict. */
const FULL_IMAGE = `${join(import.meta.dirname, '..', 'dist', 'bench', 'delta', 'brotli-full.js')}#brotliFullImage`

function bench (args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BENCH, ...args], { timeout: 120_000, env: { ...process.env, ...env }, ...(cwd !== undefined ? { cwd } : {}), maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stdout, stderr }))
  })
}

/** Deterministic pseudo-random bytes (xorshift32), so that the pairs are the same on every run. */
function bytes (n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n)
  let x = seed >>> 0 || 1
  for (let i = 0; i < n; i++) { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; out[i] = x & 0xff }
  return out
}

/** A firmware-like new image: `old` with a few bytes changed, a block inserted and a tail cut. */
function edit (old: Uint8Array, seed: number): Uint8Array {
  const cut = Math.floor(old.length * 0.9)
  const insertAt = Math.floor(old.length / 3)
  const out = new Uint8Array([...old.subarray(0, insertAt), ...bytes(512, seed), ...old.subarray(insertAt, cut)])
  for (let i = 100; i < out.length; i += 997) out[i] = out[i]! ^ 0x5a
  return out
}

const README = `# Tiny corpus

| pair | what it is | old → new | size |
|---|---|---|---|
| \`alpha\` | random bytes, edited | 1 → 2 | 16 KiB |

| pair | bsdiff 4.3 (Debian) | zstd 1.5.4 \`-19 --long=27 --patch-from\` | xdelta3 \`-9 -S lzma\` | HDiffPatch 4.12 \`-SD\` | xz -9e of the whole image (no delta) |
|---|---|---|---|---|---|
| alpha | 5.5 | 6.6 | 7.7 | 12.5 | 101 |
| beta | ~41.4 | ~41.4 | ~41.4 | — | ~41.4 |
`

const PAIR_KEYS = ['pair', 'new_bytes', 'ours_pct', 'bsdiff_pct', 'zstd_pct', 'xdelta3_pct', 'hdiffpatch_readme_pct', 'diff_s', 'apply_s', 'apply_rss_MiB', 'idle_rss_MiB']

let dir: string
let corpus: string
let scratch: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aedes-ota-test-bench-delta-'))
  corpus = join(dir, 'corpus')
  scratch = join(dir, 'tmp')
  mkdirSync(scratch)
  const oldA = bytes(16 * 1024, 1)
  // beta: a repetitive image (text-like), larger than alpha
  const oldB = new TextEncoder().encode(Array.from({ length: 2000 }, (_, i) => `record ${i} value ${(i * 7919) % 1000}\n`).join(''))
  for (const [name, o, n] of [['alpha', oldA, edit(oldA, 2)], ['beta', oldB, edit(oldB, 3)]] as const) {
    mkdirSync(join(corpus, name), { recursive: true })
    writeFileSync(join(corpus, name, 'old.bin'), o)
    writeFileSync(join(corpus, name, 'new.bin'), n)
  }
  writeFileSync(join(corpus, 'README.md'), README)
  writeFileSync(join(dir, 'corrupt.mjs'), `export default {
  name: 'corrupts its output',
  async diff (o, n) { return n },
  async apply (o, p) { const out = new Uint8Array(p); out[0] ^= 1; return out }
}
`)
})

afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

describe('bench:delta', () => {
  it('measures ours and every installed reference on each pair, all verified, as one JSON object; leaves no temp file', async () => {
    // The harness, not the patcher, is under test: the full-image candidate has sizes it can predict.
    const r = await bench([corpus, '--json', '--skip-missing', '--candidate', FULL_IMAGE], { TMPDIR: scratch })
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines).toHaveLength(1)
    const out = JSON.parse(lines[0]!) as { pairs: Array<Record<string, unknown> & { verified: Record<string, boolean | null>, errors: string[] }>, ours: { name: string } }
    expect(out.ours.name).toBe('full image, brotli')
    expect(out.pairs.map((p) => p.pair)).toEqual(['alpha', 'beta'])
    for (const p of out.pairs) {
      for (const k of PAIR_KEYS) expect(p, k).toHaveProperty(k)
      expect(p.errors).toEqual([])
      expect(p.verified.ours).toBe(true)
      expect(p.ours_pct as number).toBeCloseTo(100 * (p.ours_bytes as number) / (p.new_bytes as number), 1)
      for (const t of REFERENCE_TOOLS) {
        const installed = t.programs.every(onPath)
        expect(p.verified[t.name], t.name).toBe(installed ? true : null)
        if (installed) expect(p[`${t.name}_pct`] as number).toBeGreaterThan(0)
        else expect(p[`${t.name}_pct`]).toBeNull()
      }
      expect(p.apply_mode).toBe('file')
      expect(p.idle_rss_MiB as number).toBeGreaterThan(0)
      expect(p.apply_rss_MiB as number).toBeGreaterThanOrEqual(p.idle_rss_MiB as number)
      expect(p.diff_s as number).toBeGreaterThanOrEqual(0)
      expect(p.apply_s as number).toBeGreaterThanOrEqual(0)
    }
    // alpha is random bytes: Brotli cannot shrink it, every delta tool can
    const alpha = out.pairs[0]!
    expect(alpha.ours_pct as number).toBeGreaterThan(99)
    expect(alpha.hdiffpatch_readme_pct).toBe(12.5)
    expect((alpha.readme as Record<string, string>)['xz -9e of the whole image (no delta)']).toBe('101')
    expect(out.pairs[1]!.hdiffpatch_readme_pct).toBeNull()
    expect(alpha.best_ref_pct as number).toBeLessThanOrEqual(12.5)
    expect(alpha.ours_vs_best_pts as number).toBeGreaterThan(0)
    if (alpha.best_ref !== 'HDiffPatch (README)') {
      const best = (alpha.refs as Record<string, { bytes: number }>)[alpha.best_ref as string]!
      expect(alpha.ours_vs_best_bytes).toBe((alpha.ours_bytes as number) - best.bytes)
    }
    expect(readdirSync(scratch)).toEqual([])
  })

  it('prints a table with one row per pair, and the buffer apply when asked', async () => {
    const r = await bench([corpus, '--pairs', 'beta', '--skip-missing', '--buffer-apply'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/\| pair +\| new bytes \| ours % \| bsdiff % \| zstd % \| xdelta3 % \| HDiffPatch % \(README\) \|/)
    expect(r.stdout).toMatch(/\| beta +\| +\d+ \| +\d+\.\d\d \|/)
    expect(r.stdout).not.toMatch(/\| alpha/)
    expect(r.stdout).toMatch(/apply on buffers/)
    expect(r.stderr).toMatch(/HDiffPatch: not packaged by Debian/)
  })

  it('skips the references that are not installed only with --skip-missing', async () => {
    const noTools = { PATH: join(dir, 'no-such-bin') }
    const refused = await bench([corpus, '--json', '--pairs', 'alpha'], noTools)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/bsdiff, zstd, xdelta3 not installed: run bench\/setup-delta-tools\.sh/)
    const r = await bench([corpus, '--json', '--pairs', 'alpha', '--skip-missing'], noTools)
    expect(r.code, r.stderr).toBe(0)
    const p = (JSON.parse(r.stdout) as { pairs: Array<Record<string, unknown> & { verified: Record<string, boolean | null> }> }).pairs[0]!
    expect(p.verified).toEqual({ ours: true, bsdiff: null, zstd: null, xdelta3: null })
    expect([p.bsdiff_pct, p.zstd_pct, p.xdelta3_pct]).toEqual([null, null, null])
    expect(p.best_ref).toBe('HDiffPatch (README)')
  })

  it('fails (exit 1) when the candidate\'s applied image differs from new.bin', async () => {
    // a relative module path, resolved against the current folder (the child gets it absolute)
    const r = await bench([corpus, '--json', '--skip-missing', '--pairs', 'alpha', '--candidate', 'corrupt.mjs#default'], {}, dir)
    expect(r.code).toBe(1)
    const out = JSON.parse(r.stdout) as { pairs: Array<{ verified: { ours: boolean }, ours_pct: number | null, errors: string[] }> }
    expect(out.pairs).toHaveLength(1)
    expect((out as unknown as { ours: { name: string } }).ours.name).toBe('corrupts its output')
    expect(out.pairs[0]!.verified.ours).toBe(false)
    expect(out.pairs[0]!.ours_pct).toBeNull()
    expect(out.pairs[0]!.errors.join('\n')).toMatch(/differs from new\.bin/)
  })

  it('names the CORPUS_DIR argument when there is no corpus, and the pairs it has for a wrong --pairs', async () => {
    const none = await bench([], {}, dir)
    expect(none.code).toBe(1)
    expect(none.stderr).toMatch(/\.\.\/shared\/firmware.*CORPUS_DIR/)
    const wrong = await bench([corpus, '--pairs', 'gamma', '--skip-missing'])
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toMatch(/no pair gamma .*alpha, beta/)
  })
})

describe('corpus README table', () => {
  it('reads the reference table (not the table of what each pair is), ~ figures as numbers, — as none', () => {
    const t = parseReadmeTable(README)
    expect([...t.keys()]).toEqual(['alpha', 'beta'])
    expect(readmeFigure(t, 'alpha', 'hdiffpatch')).toEqual({ text: '12.5', pct: 12.5 })
    expect(readmeFigure(t, 'beta', 'hdiffpatch')).toEqual({ text: '—', pct: null })
    expect(readmeFigure(t, 'beta', 'bsdiff')).toEqual({ text: '~41.4', pct: 41.4 })
    expect(readmeFigure(t, 'gamma', 'bsdiff')).toBeUndefined()
    expect(parseReadmeTable('# no table\n').size).toBe(0)
  })
})
