/**
 * "Ours" in bench/delta.ts: the candidate's diff and apply, each in its own child process
 * (bench/delta/child.ts) bounded in time, the rebuilt image compared byte for byte with new.bin.
 */
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { failure, runBounded } from './run.js'
import type { ChildReport } from './child.js'
import type { Pair } from './corpus.js'

const CHILD = fileURLToPath(new URL('./child.js', import.meta.url))
const MiB = 1024 * 1024

/** What the candidate did on one pair (seconds; MiB = 2^20 bytes). */
export interface OursResult {
  bytes: number | null
  /** patch size as % of new.bin */
  pct: number | null
  /** seconds of the candidate's diff call, in its child */
  diff_s: number | null
  /** seconds of the candidate's apply (or applyFile) call, in its child */
  apply_s: number | null
  /** `file` (applyFile, streaming) or `buffer` (apply) */
  apply_mode: 'file' | 'buffer' | null
  /** peak RSS of the apply child (VmHWM) */
  apply_rss_MiB: number | null
  /** RSS of the same child with the candidate loaded, before the apply read anything */
  idle_rss_MiB: number | null
  /** process.resourceUsage().maxRSS of the apply child: on Linux it starts at the benchmark's own RSS (child.ts), shown for comparison only */
  apply_getrusage_maxrss_MiB: number | null
  /** peak RSS of the diff child */
  diff_rss_MiB: number | null
  /** true when the applied image equals new.bin byte for byte */
  verified: boolean
  error?: string
}

async function child (args: string[], timeoutMs: number, what: string): Promise<ChildReport | string> {
  const r = await runBounded(process.execPath, ['--expose-gc', CHILD, ...args], timeoutMs)
  if (r.code !== 0) return failure(what, r, timeoutMs)
  try { return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as ChildReport } catch { return `${what}: no report on stdout` }
}

/**
 * Runs the candidate `spec` (see candidate.ts `loadCandidate`) on `pair`: diff in one child,
 * apply in another, then compares the output with new.bin. Files go to `tmp` and are removed
 * before it returns. Each child is killed after `timeoutMs`. Never throws for the candidate's
 * failures (they are in `error`).
 */
export async function measureOurs (spec: string, pair: Pair, tmp: string, timeoutMs: number, bufferApply: boolean): Promise<OursResult> {
  const patch = join(tmp, `${pair.name}.ours.patch`)
  const out = join(tmp, `${pair.name}.ours.out`)
  const none: OursResult = { bytes: null, pct: null, diff_s: null, apply_s: null, apply_mode: null, apply_rss_MiB: null, idle_rss_MiB: null, apply_getrusage_maxrss_MiB: null, diff_rss_MiB: null, verified: false }
  try {
    const d = await child(['diff', spec, pair.oldPath, pair.newPath, patch], timeoutMs, 'ours diff')
    if (typeof d === 'string') return { ...none, error: d }
    const withDiff = { ...none, bytes: d.out_bytes, pct: 100 * d.out_bytes / pair.newBytes, diff_s: d.seconds, diff_rss_MiB: d.peak_rss_bytes / MiB }
    const a = await child(['apply', spec, pair.oldPath, patch, out, ...(bufferApply ? ['--buffer'] : [])], timeoutMs, 'ours apply')
    if (typeof a === 'string') return { ...withDiff, error: a }
    const measured: OursResult = { ...withDiff, apply_s: a.seconds, apply_mode: a.mode, apply_rss_MiB: a.peak_rss_bytes / MiB, idle_rss_MiB: a.idle_rss_bytes / MiB, apply_getrusage_maxrss_MiB: a.getrusage_maxrss_bytes / MiB }
    const [got, want] = await Promise.all([readFile(out), readFile(pair.newPath)])
    if (!got.equals(want)) return { ...measured, error: `ours apply: output differs from new.bin (${got.length} bytes vs ${want.length})` }
    return { ...measured, verified: true }
  } finally {
    await Promise.all([rm(patch, { force: true }), rm(out, { force: true })])
  }
}
