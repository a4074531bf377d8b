/**
 * The reference delta tools bench/delta.ts measures side by side with the project's patcher,
 * exactly as issue 8 names them: Debian's `bsdiff` 4.3, `zstd -19 --long=27 --patch-from` and
 * `xdelta3 -9 -S lzma` (installed by bench/setup-delta-tools.sh). Each patch is applied back
 * with the tool's own decoder and compared byte for byte with new.bin.
 */
import { accessSync, constants } from 'node:fs'
import { readFile, rm, stat } from 'node:fs/promises'
import { delimiter, join } from 'node:path'
import { failure, runBounded } from './run.js'
import type { Pair } from './corpus.js'

/** A reference tool: the programs it needs and the command lines of its encoder and decoder. */
export interface ReferenceTool {
  /** key in the JSON output (`<name>_pct`) */
  name: 'bsdiff' | 'zstd' | 'xdelta3'
  /** the Debian package that holds it */
  debianPackage: string
  /** programs that must be on PATH */
  programs: string[]
  diff: (oldPath: string, newPath: string, patchPath: string) => [string, string[]]
  apply: (oldPath: string, patchPath: string, outPath: string) => [string, string[]]
}

/** The three references, in the order of the output's columns. */
export const REFERENCE_TOOLS: readonly ReferenceTool[] = [
  {
    name: 'bsdiff',
    debianPackage: 'bsdiff',
    programs: ['bsdiff', 'bspatch'],
    diff: (o, n, p) => ['bsdiff', [o, n, p]],
    apply: (o, p, out) => ['bspatch', [o, out, p]]
  },
  {
    name: 'zstd',
    debianPackage: 'zstd',
    programs: ['zstd'],
    diff: (o, n, p) => ['zstd', ['-19', '--long=27', `--patch-from=${o}`, n, '-o', p, '-f', '-q']],
    apply: (o, p, out) => ['zstd', ['-d', '--long=27', `--patch-from=${o}`, p, '-o', out, '-f', '-q']]
  },
  {
    name: 'xdelta3',
    debianPackage: 'xdelta3',
    programs: ['xdelta3'],
    diff: (o, n, p) => ['xdelta3', ['-9', '-S', 'lzma', '-e', '-f', '-s', o, n, p]],
    apply: (o, p, out) => ['xdelta3', ['-d', '-f', '-s', o, p, out]]
  }
]

/** True when `program` is an executable file in one of PATH's folders. */
export function onPath (program: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue
    try { accessSync(join(dir, program), constants.X_OK); return true } catch {}
  }
  return false
}

/** The installed Debian version of `pkg` (`dpkg-query`), or undefined off Debian. */
export async function debianVersion (pkg: string): Promise<string | undefined> {
  try {
    const r = await runBounded('dpkg-query', ['-W', '-f=${Version}', pkg], 10_000)
    return r.code === 0 && r.stdout !== '' ? r.stdout.trim() : undefined
  } catch { return undefined }
}

/** What one reference tool did on one pair. */
export interface ReferenceResult {
  tool: ReferenceTool['name']
  /** patch size in bytes; null when skipped or failed */
  bytes: number | null
  /** patch size as % of new.bin; null when skipped or failed */
  pct: number | null
  /** wall-clock seconds of the encoder and of the decoder (the whole process) */
  diff_s: number | null
  apply_s: number | null
  /** true when the decoder's output equals new.bin byte for byte */
  verified: boolean
  /** why there is no figure: `not installed` (with --skip-missing) */
  skipped?: string
  /** why it failed: exit code, time-out, or a mismatch */
  error?: string
}

/**
 * Encodes `pair` with `tool` into `tmp`, decodes it back and compares the result with new.bin.
 * Each process is killed after `timeoutMs`. Its files in `tmp` are removed before it returns.
 * Never throws for the tool's own failures (they are in `error`).
 */
export async function measureReference (tool: ReferenceTool, pair: Pair, tmp: string, timeoutMs: number): Promise<ReferenceResult> {
  const patch = join(tmp, `${pair.name}.${tool.name}.patch`)
  const out = join(tmp, `${pair.name}.${tool.name}.out`)
  const base: ReferenceResult = { tool: tool.name, bytes: null, pct: null, diff_s: null, apply_s: null, verified: false }
  try {
    const [dc, da] = tool.diff(pair.oldPath, pair.newPath, patch)
    const d = await runBounded(dc, da, timeoutMs)
    if (d.code !== 0) return { ...base, error: failure(`${tool.name} diff`, d, timeoutMs) }
    const bytes = (await stat(patch)).size
    const [ac, aa] = tool.apply(pair.oldPath, patch, out)
    const a = await runBounded(ac, aa, timeoutMs)
    const measured = { ...base, bytes, pct: 100 * bytes / pair.newBytes, diff_s: d.seconds, apply_s: a.seconds }
    if (a.code !== 0) return { ...measured, error: failure(`${tool.name} apply`, a, timeoutMs) }
    const [got, want] = await Promise.all([readFile(out), readFile(pair.newPath)])
    if (!got.equals(want)) return { ...measured, error: `${tool.name} apply: output differs from new.bin (${got.length} bytes vs ${want.length})` }
    return { ...measured, verified: true }
  } finally {
    await Promise.all([rm(patch, { force: true }), rm(out, { force: true })])
  }
}
