/**
 * Bounded subprocesses for bench/delta.ts: every tool and child the benchmark starts goes through
 * {@link runBounded}, which kills it (SIGKILL) when it outlives its time.
 */
import { spawn, type ChildProcess } from 'node:child_process'

const running = new Set<ChildProcess>()

/** Kills (SIGKILL) every subprocess {@link runBounded} started that is still running. */
export function killRunning (): void {
  for (const c of running) c.kill('SIGKILL')
}

/** How a bounded subprocess ended. */
export interface RunResult {
  /** exit code, null when killed by a signal */
  code: number | null
  /** true when it was killed for running past `timeoutMs` */
  timedOut: boolean
  stdout: string
  /** the last 4000 characters of its stderr */
  stderr: string
  /** wall-clock seconds from spawn to exit */
  seconds: number
}

/**
 * Runs `cmd argv...` with no stdin and waits for it to end, killing it with SIGKILL after
 * `timeoutMs` milliseconds. Never rejects for a non-zero exit (the caller reads `code`); rejects
 * only when the command cannot be started (ENOENT and the like).
 */
export function runBounded (cmd: string, argv: string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint()
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    running.add(child)
    child.stdout.on('data', (b: Buffer) => { stdout = (stdout + b.toString()).slice(-1_000_000) })
    child.stderr.on('data', (b: Buffer) => { stderr = (stderr + b.toString()).slice(-4000) })
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL') }, timeoutMs)
    child.on('error', (e) => { clearTimeout(timer); running.delete(child); reject(e) })
    child.on('close', (code) => {
      clearTimeout(timer)
      running.delete(child)
      resolve({ code, timedOut, stdout, stderr, seconds: Number(process.hrtime.bigint() - t0) / 1e9 })
    })
  })
}

/** One line saying why a run failed: its time-out, or its exit code and the end of its stderr. */
export function failure (what: string, r: RunResult, timeoutMs: number): string {
  if (r.timedOut) return `${what}: killed after ${timeoutMs / 1000} s`
  const tail = r.stderr.trim().split('\n').slice(-3).join(' | ')
  return `${what}: exit ${String(r.code)}${tail === '' ? '' : `: ${tail}`}`
}
