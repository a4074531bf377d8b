/**
 * The output of bench/delta.ts: one row per pair (the JSON shape of `--json`) and the table.
 * Percentages are patch bytes as % of new.bin, to two decimals; seconds to three decimals;
 * MiB = 2^20 bytes, to one decimal.
 */
import type { Pair, ReadmeFigure } from './corpus.js'
import type { OursResult } from './ours.js'
import type { ReferenceResult, ReferenceTool } from './references.js'

/** One pair's row, as `--json` prints it in `pairs`. */
export interface PairRow {
  pair: string
  new_bytes: number
  ours_bytes: number | null
  ours_pct: number | null
  bsdiff_pct: number | null
  zstd_pct: number | null
  xdelta3_pct: number | null
  /** the corpus README's HDiffPatch figure (HDiffPatch is not in Debian: not measured) */
  hdiffpatch_readme_pct: number | null
  /** the smallest of the measured references and the README's HDiffPatch figure */
  best_ref: string | null
  best_ref_pct: number | null
  /** ours_pct − best_ref_pct, in percentage points (negative: ours is smaller) */
  ours_vs_best_pts: number | null
  /** ours_bytes − the best measured reference's bytes (null when the best is the README's figure) */
  ours_vs_best_bytes: number | null
  diff_s: number | null
  apply_s: number | null
  apply_rss_MiB: number | null
  idle_rss_MiB: number | null
  apply_mode: 'file' | 'buffer' | null
  /** getrusage's maxRSS of the apply child, which on Linux inherits the benchmark's RSS at fork: not the apply's peak */
  apply_getrusage_maxrss_MiB: number | null
  diff_rss_MiB: number | null
  /** per patch: true when applied back byte-exact, false when it failed, null when skipped */
  verified: Record<'ours' | ReferenceTool['name'], boolean | null>
  /** each reference's bytes, times (whole process, s) and outcome */
  refs: Record<ReferenceTool['name'], Omit<ReferenceResult, 'tool'>>
  /** the corpus README's figures for this pair as written, column header → text (empty without a README row) */
  readme: Record<string, string>
  /** every failure on this pair, one line each */
  errors: string[]
}

const r2 = (x: number | null): number | null => x === null ? null : Math.round(x * 100) / 100
const r3 = (x: number | null): number | null => x === null ? null : Math.round(x * 1000) / 1000
const r1 = (x: number | null): number | null => x === null ? null : Math.round(x * 10) / 10

/** Builds one pair's row from what was measured. */
export function pairRow (pair: Pair, ours: OursResult, refs: readonly ReferenceResult[], hdiff: ReadmeFigure | undefined, readmeRow?: ReadonlyMap<string, ReadmeFigure>): PairRow {
  const ref = (n: ReferenceTool['name']): ReferenceResult | undefined => refs.find((r) => r.tool === n)
  const candidates: Array<[string, number, number | null]> = refs.filter((r) => r.verified && r.pct !== null).map((r) => [r.tool, r.pct!, r.bytes])
  if (hdiff?.pct != null) candidates.push(['HDiffPatch (README)', hdiff.pct, null])
  const best = candidates.reduce<[string, number, number | null] | null>((b, c) => b === null || c[1] < b[1] ? c : b, null)
  const oursPct = ours.verified ? ours.pct : null
  const errors = [ours.error, ...refs.map((r) => r.error)].filter((e): e is string => e !== undefined)
  const refRecord = Object.fromEntries(refs.map((r) => {
    const { tool, ...rest } = r
    return [tool, { ...rest, pct: r2(rest.pct), diff_s: r3(rest.diff_s), apply_s: r3(rest.apply_s) }]
  })) as PairRow['refs']
  const v = (r: ReferenceResult | undefined): boolean | null => r === undefined || r.skipped !== undefined ? null : r.verified
  return {
    pair: pair.name,
    new_bytes: pair.newBytes,
    ours_bytes: ours.bytes,
    ours_pct: r2(oursPct),
    bsdiff_pct: r2(ref('bsdiff')?.verified === true ? ref('bsdiff')!.pct : null),
    zstd_pct: r2(ref('zstd')?.verified === true ? ref('zstd')!.pct : null),
    xdelta3_pct: r2(ref('xdelta3')?.verified === true ? ref('xdelta3')!.pct : null),
    hdiffpatch_readme_pct: hdiff?.pct ?? null,
    best_ref: best?.[0] ?? null,
    best_ref_pct: r2(best?.[1] ?? null),
    ours_vs_best_pts: oursPct !== null && best !== null ? r2(oursPct - best[1]) : null,
    ours_vs_best_bytes: oursPct !== null && best?.[2] != null ? ours.bytes! - best[2] : null,
    diff_s: r3(ours.diff_s),
    apply_s: r3(ours.apply_s),
    apply_rss_MiB: r1(ours.apply_rss_MiB),
    idle_rss_MiB: r1(ours.idle_rss_MiB),
    apply_mode: ours.apply_mode,
    apply_getrusage_maxrss_MiB: r1(ours.apply_getrusage_maxrss_MiB),
    diff_rss_MiB: r1(ours.diff_rss_MiB),
    verified: { ours: ours.verified, bsdiff: v(ref('bsdiff')), zstd: v(ref('zstd')), xdelta3: v(ref('xdelta3')) },
    refs: refRecord,
    readme: Object.fromEntries([...(readmeRow ?? new Map<string, ReadmeFigure>())].map(([h, f]) => [h, f.text])),
    errors
  }
}

/** `+1.21 pts`, with the bytes when a measured reference is the best: `+0.00 pts (+113 B)` */
function vsBest (r: PairRow): string {
  if (r.ours_vs_best_pts === null) return '—'
  const sign = (x: number): string => x > 0 ? '+' : ''
  const pts = `${sign(r.ours_vs_best_pts)}${r.ours_vs_best_pts.toFixed(2)} pts`
  return r.ours_vs_best_bytes == null ? pts : `${pts} (${sign(r.ours_vs_best_bytes)}${r.ours_vs_best_bytes} B)`
}

const HEAD = ['pair', 'new bytes', 'ours %', 'bsdiff %', 'zstd %', 'xdelta3 %', 'HDiffPatch % (README)', 'best reference', 'ours vs best', 'diff s', 'apply s', 'apply RSS MiB', 'idle RSS MiB']

/** The rows as a Markdown table (`—` for no figure, `skip`/`FAIL` for a reference without one). */
export function formatTable (rows: readonly PairRow[], hdiffText: (pair: string) => string | undefined): string {
  const num = (x: number | null, d = 2): string => x === null ? '—' : x.toFixed(d)
  const refCell = (row: PairRow, n: ReferenceTool['name']): string => {
    const r = row.refs[n]
    if (r === undefined || r.skipped !== undefined) return 'skip'
    return r.verified ? num(r.pct) : 'FAIL'
  }
  const body = rows.map((r) => [
    r.pair,
    String(r.new_bytes),
    r.verified.ours ? num(r.ours_pct) : 'FAIL',
    refCell(r, 'bsdiff'),
    refCell(r, 'zstd'),
    refCell(r, 'xdelta3'),
    hdiffText(r.pair) ?? '—',
    r.best_ref === null ? '—' : `${r.best_ref} ${num(r.best_ref_pct)}`,
    vsBest(r),
    num(r.diff_s, 3),
    num(r.apply_s, 3),
    num(r.apply_rss_MiB, 1),
    num(r.idle_rss_MiB, 1)
  ])
  const widths = HEAD.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)))
  const line = (cells: string[]): string => `| ${cells.map((c, i) => i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)).join(' | ')} |`
  return [line(HEAD), `|${widths.map((w, i) => i === 0 ? ` ${'-'.repeat(w)} ` : ` ${'-'.repeat(w - 1)}: `).join('|')}|`, ...body.map(line)].join('\n')
}
