/**
 * The child process in which bench/delta.ts runs the candidate ("ours"), one job per process so
 * that the memory measured is the candidate's alone:
 *
 *   node --expose-gc child.js diff  CANDIDATE OLD NEW PATCH
 *   node --expose-gc child.js apply CANDIDATE OLD PATCH OUT [--buffer]
 *
 * Prints one JSON line ({@link ChildReport}). `apply` uses the candidate's `applyFile` when it has
 * one (unless `--buffer`), else reads OLD and PATCH and calls `apply`.
 *
 * Memory. The idle RSS is taken after the candidate's module is loaded and a garbage collection,
 * before any input is read. The peak is the kernel's high-water mark of this process's own
 * resident set (`VmHWM` of /proc/self/status, Linux). `process.resourceUsage().maxRSS` is reported
 * too, but on Linux it cannot serve: getrusage's maximum survives exec, so a child forked from a
 * large parent starts with the parent's RSS as its maximum (measured: a child of a 440 MiB
 * parent reported 403 MiB at its first line, VmHWM 40 MiB). Where /proc is missing the peak falls
 * back to maxRSS.
 */
import { readFile, stat, writeFile } from 'node:fs/promises'
import { loadCandidate } from './candidate.js'
import { procStatusBytes } from '../proc-status.js'

/** What one child run reports (bytes and seconds). */
export interface ChildReport {
  job: 'diff' | 'apply'
  /** seconds of the candidate's diff or apply call alone (inputs read before, output written after, except applyFile, which does its own I/O) */
  seconds: number
  /** `file` (the candidate's applyFile) or `buffer` (its apply); diff: `buffer` */
  mode: 'file' | 'buffer'
  /** bytes written: the patch (diff) or the rebuilt image (apply) */
  out_bytes: number
  /** RSS after loading the candidate and a GC, before reading any input */
  idle_rss_bytes: number
  /** peak RSS of this process (VmHWM; maxRSS where /proc is missing) */
  peak_rss_bytes: number
  /** process.resourceUsage().maxRSS in bytes: see the module comment before trusting it */
  getrusage_maxrss_bytes: number
}


async function main (): Promise<void> {
  const [job, spec, oldPath, inPath, outPath] = process.argv.slice(2)
  const buffer = process.argv.includes('--buffer')
  if ((job !== 'diff' && job !== 'apply') || spec === undefined || oldPath === undefined || inPath === undefined || outPath === undefined) {
    throw new Error('usage: child.js diff|apply CANDIDATE OLD NEW|PATCH PATCH|OUT [--buffer]')
  }
  const candidate = await loadCandidate(spec)
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  const idle = procStatusBytes('VmRSS') ?? process.memoryUsage().rss
  let seconds: number
  let outBytes: number
  let mode: 'file' | 'buffer' = 'buffer'
  if (job === 'apply' && candidate.applyFile !== undefined && !buffer) {
    mode = 'file'
    const t0 = process.hrtime.bigint()
    await candidate.applyFile(oldPath, inPath, outPath)
    seconds = Number(process.hrtime.bigint() - t0) / 1e9
    outBytes = (await stat(outPath)).size
  } else {
    const [a, b] = await Promise.all([readFile(oldPath), readFile(inPath)])
    const t0 = process.hrtime.bigint()
    const out = job === 'diff' ? await candidate.diff(a, b) : await candidate.apply(a, b)
    seconds = Number(process.hrtime.bigint() - t0) / 1e9
    outBytes = out.length
    await writeFile(outPath, out)
  }
  const getrusage = process.resourceUsage().maxRSS * 1024
  const report: ChildReport = {
    job,
    seconds,
    mode,
    out_bytes: outBytes,
    idle_rss_bytes: idle,
    peak_rss_bytes: procStatusBytes('VmHWM') ?? getrusage,
    getrusage_maxrss_bytes: getrusage
  }
  process.stdout.write(JSON.stringify(report) + '\n')
}

main().catch((e: unknown) => { process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`); process.exit(1) })
