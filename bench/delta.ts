/**
 * `npm run bench:delta [-- CORPUS_DIR] [--json] [--pairs a,b] [--candidate MODULE[#EXPORT]]
 *  [--skip-missing] [--buffer-apply] [--timeout-s N]`
 *
 * Issue 8's delta benchmark. For every pair of the corpus (sub-folders with old.bin and
 * new.bin; default ../shared/firmware), side by side in one run: the project's patch ("ours",
 * a pluggable {@link DeltaCandidate}, by default the project's patcher: sign/delta's `encodeDelta`
 * applied by client/delta's streaming apply, bench/delta/bsdiff-brotli.ts) and
 * the reference tools Debian's `bsdiff`, `zstd -19 --long=27 --patch-from` and
 * `xdelta3 -9 -S lzma` (bench/setup-delta-tools.sh installs them), each patch as % of new.bin and
 * each applied back and compared byte for byte. HDiffPatch is not packaged by Debian: its figure
 * comes from the corpus README's table. For ours: diff time, apply time, and the apply's peak RSS
 * next to the idle RSS of the same child process (bench/delta/child.ts says how both are taken).
 *
 * `--json` prints exactly one JSON object on stdout, `{ "pairs": [ PairRow... ], ... }`
 * (bench/delta/report.ts). `--skip-missing` skips a reference tool that is not installed instead
 * of failing. `--buffer-apply` measures the candidate's `apply` even when it has `applyFile`.
 * Every subprocess is killed after `--timeout-s` (default 1800). Temporary files live in one
 * folder under the OS temp folder, removed at the end. Exit code 1 when any patch failed or did
 * not verify.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_CANDIDATE, absoluteCandidateSpec, loadCandidate, type DeltaCandidate } from './delta/candidate.js'
import { findCorpus, listPairs, readCorpusReadme, readmeFigure } from './delta/corpus.js'
import { measureOurs } from './delta/ours.js'
import { REFERENCE_TOOLS, debianVersion, measureReference, onPath, type ReferenceResult } from './delta/references.js'
import { formatTable, pairRow, type PairRow } from './delta/report.js'
import { killRunning } from './delta/run.js'

const USAGE = `usage: npm run bench:delta -- [CORPUS_DIR] [--json] [--pairs a,b] [--candidate MODULE[#EXPORT]]
                                [--skip-missing] [--buffer-apply] [--timeout-s N]
  CORPUS_DIR      folders of old.bin/new.bin pairs (default ../shared/firmware)
  --json          one JSON object { "pairs": [...] } on stdout
  --pairs a,b     only these pairs
  --candidate     the patcher measured as "ours": an ES module exporting a DeltaCandidate
                  (default: the project's patcher, bench/delta/bsdiff-brotli.ts)
  --skip-missing  skip reference tools that are not installed (bench/setup-delta-tools.sh installs them)
  --buffer-apply  measure the candidate's apply(old, patch) even when it has applyFile
  --timeout-s N   kill any process it starts after N seconds (default 1800)
`

interface Options {
  corpus: string | undefined
  json: boolean
  pairs: string[] | undefined
  candidate: string
  skipMissing: boolean
  bufferApply: boolean
  timeoutMs: number
}

function parseArgs (argv: string[]): Options {
  const o: Options = { corpus: undefined, json: false, pairs: undefined, candidate: DEFAULT_CANDIDATE, skipMissing: false, bufferApply: false, timeoutMs: 1_800_000 }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const value = (): string => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${a} needs a value`)
      return v
    }
    if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE)
      process.exit(0)
    } else if (a === '--json') o.json = true
    else if (a === '--skip-missing') o.skipMissing = true
    else if (a === '--buffer-apply') o.bufferApply = true
    else if (a === '--pairs') o.pairs = value().split(',').map((s) => s.trim()).filter((s) => s !== '')
    else if (a === '--candidate') o.candidate = absoluteCandidateSpec(value())
    else if (a === '--timeout-s') {
      const s = Number(value())
      if (!Number.isFinite(s) || s <= 0) throw new Error('--timeout-s needs a positive number of seconds')
      o.timeoutMs = s * 1000
    } else if (a.startsWith('--')) throw new Error(`unknown option ${a}`)
    else if (o.corpus === undefined) o.corpus = a
    else throw new Error(`unexpected argument ${a} (one CORPUS_DIR only)`)
  }
  return o
}

async function main (): Promise<number> {
  const opts = parseArgs(process.argv.slice(2))
  const say = (s: string): void => { if (!opts.json) process.stderr.write(s + '\n') }
  const corpus = findCorpus(opts.corpus)
  const pairs = await listPairs(corpus, opts.pairs)
  const readme = await readCorpusReadme(corpus)
  // Load the candidate here too, so that a bad --candidate fails before any work.
  const candidate: DeltaCandidate = await loadCandidate(opts.candidate)

  const tools = REFERENCE_TOOLS.filter((t) => t.programs.every(onPath))
  const missing = REFERENCE_TOOLS.filter((t) => !tools.includes(t))
  if (missing.length > 0 && !opts.skipMissing) {
    throw new Error(`${missing.map((t) => t.name).join(', ')} not installed: run bench/setup-delta-tools.sh (or pass --skip-missing)`)
  }
  const versions = Object.fromEntries(await Promise.all(REFERENCE_TOOLS.map(async (t) => [t.name, tools.includes(t) ? (await debianVersion(t.debianPackage)) ?? 'installed' : null] as const)))
  const load0 = loadavg()
  say(`corpus ${corpus}: ${pairs.map((p) => p.name).join(', ')}`)
  say(`ours: ${candidate.name} (${opts.candidate})`)
  say(`references: ${REFERENCE_TOOLS.map((t) => `${t.name} ${versions[t.name] ?? 'NOT INSTALLED (skipped)'}`).join(', ')}`)
  say('HDiffPatch: not packaged by Debian, not measured; its column is the corpus README\'s figure')
  say(`load average ${load0.map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} CPUs`)

  const tmp = await mkdtemp(join(tmpdir(), 'aedes-ota-bench-delta-'))
  const cleanup = (): void => { killRunning(); void rm(tmp, { recursive: true, force: true }).finally(() => process.exit(130)) }
  process.once('SIGINT', cleanup)
  process.once('SIGTERM', cleanup)
  const rows: PairRow[] = []
  try {
    for (const pair of pairs) {
      say(`${pair.name} (${pair.newBytes} bytes):`)
      const ours = await measureOurs(opts.candidate, pair, tmp, opts.timeoutMs, opts.bufferApply)
      say(`  ours    ${ours.verified ? `${ours.pct!.toFixed(2)} % (diff ${ours.diff_s!.toFixed(3)} s, apply ${ours.apply_s!.toFixed(3)} s)` : `FAILED: ${ours.error ?? ''}`}`)
      const refs: ReferenceResult[] = []
      for (const t of REFERENCE_TOOLS) {
        if (!tools.includes(t)) { refs.push({ tool: t.name, bytes: null, pct: null, diff_s: null, apply_s: null, verified: false, skipped: 'not installed' }); continue }
        const r = await measureReference(t, pair, tmp, opts.timeoutMs)
        say(`  ${t.name.padEnd(7)} ${r.verified ? `${r.pct!.toFixed(2)} % (diff ${r.diff_s!.toFixed(3)} s, apply ${r.apply_s!.toFixed(3)} s)` : `FAILED: ${r.error ?? ''}`}`)
        refs.push(r)
      }
      const row = pairRow(pair, ours, refs, readmeFigure(readme, pair.name, 'hdiffpatch'), readme.get(pair.name))
      for (const e of row.errors) process.stderr.write(`${pair.name}: ${e}\n`)
      rows.push(row)
    }
  } finally {
    await rm(tmp, { recursive: true, force: true })
  }

  const load1 = loadavg()
  if (opts.json) {
    process.stdout.write(JSON.stringify({
      corpus,
      ours: { name: candidate.name, candidate: opts.candidate },
      tools: versions,
      hdiffpatch: 'not packaged by Debian: hdiffpatch_readme_pct is the corpus README figure',
      conditions: { node: process.version, cpus: cpus().length, loadavg_start: load0, loadavg_end: load1 },
      pairs: rows
    }) + '\n')
  } else {
    const hdiffText = (p: string): string | undefined => readmeFigure(readme, p, 'hdiffpatch')?.text
    process.stdout.write(`\nPatch bytes as % of new.bin (lower is better); ours = ${candidate.name}; times and RSS are ours (apply RSS: peak of the apply's process, ${rows[0]?.apply_mode === 'file' ? 'streaming applyFile' : 'apply on buffers'})\n\n${formatTable(rows, hdiffText)}\n\nload average at the end ${load1.map((x) => x.toFixed(2)).join(' ')}\n`)
  }
  return rows.some((r) => r.errors.length > 0) ? 1 : 0
}

main().then((code) => { process.exitCode = code }, (e: unknown) => {
  process.stderr.write(`bench:delta failed: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exitCode = 1
})
