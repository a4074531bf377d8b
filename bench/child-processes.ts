/**
 * The benchmarks' child processes: polling a process's peak memory and CPU time while it runs,
 * waiting for one to exit or to write a file, and stopping one within a bound.
 */
import type { ChildProcess } from 'node:child_process'
import { stat } from 'node:fs/promises'
import { procCpuSecondsOf, procStatusBytesOf } from './proc-status.js'

/** Polls a process's peak RSS and CPU seconds every 100 ms until stopped. */
export function watch (pid: number): { stop: () => Promise<{ peakRss: number, cpu: number }>, cpuNow: () => Promise<number> } {
  let peak = 0
  let cpu = 0
  const poll = async (): Promise<void> => {
    const [h, c] = await Promise.all([procStatusBytesOf(pid, 'VmHWM'), procCpuSecondsOf(pid)])
    if (h !== undefined && h > peak) peak = h
    if (c !== undefined) cpu = c
  }
  const timer = setInterval(() => { void poll() }, 100)
  return {
    cpuNow: async () => { await poll(); return cpu },
    stop: async () => { clearInterval(timer); await poll(); return { peakRss: peak, cpu } }
  }
}

/** Resolves with the exit code once `child` exited (at once when it already has). */
export function exitOf (child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => { if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode); else child.once('exit', (c) => resolve(c)) })
}

/** Resolves with the exit code once `child` exited, or undefined after `ms`. */
export async function exitWithin (child: ChildProcess, ms: number): Promise<number | null | undefined> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<undefined>((resolve) => { timer = setTimeout(() => resolve(undefined), ms) })
  try { return await Promise.race([exitOf(child), late]) } finally { clearTimeout(timer) }
}

/** SIGTERM, then SIGKILL when `child` has not exited after `graceMs`; bounded either way. */
export async function stopChild (child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  if (await exitWithin(child, graceMs) !== undefined) return
  child.kill('SIGKILL')
  await exitWithin(child, 5000)
}

/** Resolves once `path` exists. @throws Error when `child` (which writes it) exits first, or after `ms` */
export async function waitForFile (path: string, child: ChildProcess, ms: number): Promise<void> {
  const until = Date.now() + ms
  while (await stat(path).then(() => false, () => true)) {
    if (child.exitCode !== null) throw new Error(`the fleet exited (${child.exitCode}) before its devices were started`)
    if (Date.now() > until) throw new Error(`the fleet's devices were not started within ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
