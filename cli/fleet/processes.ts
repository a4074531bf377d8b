/**
 * `aedes-ota fleet --processes K`: the devices split between K child processes (one event loop
 * each, so a fleet can use every core), each the same `fleet` command with `--shard i/K`. The
 * children report over the IPC channel: `ready` once their devices are started, then their
 * outcomes and their own resource figures; the parent merges them.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { OtaError } from '../../proto/index.js'
import type { FleetOutcome } from './light.js'

/** Resource figures of one fleet process, from `process.resourceUsage()` at its end. */
export interface FleetProcessUsage {
  pid: number
  /** devices it ran */
  devices: number
  /** peak resident set, MiB */
  peak_rss_MiB: number
  /** user + system CPU time, seconds */
  cpu_s: number
}

/** What a shard sends its parent. */
export type ShardMessage =
  | { type: 'ready' }
  | { type: 'done', rows: FleetOutcome[], usage: FleetProcessUsage }

/** This process's {@link FleetProcessUsage}. */
export function ownUsage (devices: number): FleetProcessUsage {
  const u = process.resourceUsage()
  return { pid: process.pid, devices, peak_rss_MiB: Number((u.maxRSS / 1024).toFixed(1)), cpu_s: Number(((u.userCPUTime + u.systemCPUTime) / 1e6).toFixed(2)) }
}

/**
 * Parses `--shard i/K`: this process runs the devices whose index modulo K is i.
 * @throws OtaError `OTA_INVALID_ARGUMENT` for anything but `i/K` with 0 <= i < K <= 64
 */
export function parseShard (s: string): { index: number, of: number } {
  const m = /^(\d{1,2})\/(\d{1,2})$/.exec(s)
  const index = Number(m?.[1])
  const of = Number(m?.[2])
  if (m === null || of < 1 || of > 64 || index >= of) throw new OtaError('OTA_INVALID_ARGUMENT', `--shard must be i/K with 0 <= i < K <= 64, got ${s}`)
  return { index, of }
}

/** The devices of shard `index` of `of`: every `of`-th, from `index`. */
export function shardOf<T> (items: readonly T[], index: number, of: number): T[] {
  return items.filter((_, j) => j % of === index)
}

/** The command line of shard `i`: this one without `--processes`, with `--shard i/K`. */
function shardArgv (argv: readonly string[], i: number, k: number): string[] {
  const out: string[] = []
  for (let j = 0; j < argv.length; j++) {
    const a = argv[j]!
    if (a === '--processes' || a === '--ready-file') { j++; continue }
    if (a.startsWith('--processes=') || a.startsWith('--ready-file=')) continue
    out.push(a)
  }
  return [...out, '--shard', `${i}/${k}`]
}

/** Extra time a `--once` child gets past its own deadline to stop its devices and report, ms. */
export const SHARD_REPORT_GRACE_MS = 60_000

/**
 * When the parent of `--processes` kills its children, ms after their start: with `--once`, its
 * timeout plus {@link SHARD_REPORT_GRACE_MS} (each child gives up at the timeout itself; this only
 * bounds a child that hangs); without `--once` the fleet runs until a signal, so never (undefined).
 */
export function shardKillAfterMs (o: { once: boolean, timeoutMs: number }): number | undefined {
  return o.once ? o.timeoutMs + SHARD_REPORT_GRACE_MS : undefined
}

/** Options of {@link runShards}. */
export interface RunShardsOptions {
  /** number of child processes */
  processes: number
  /** the `fleet` command line as given (process.argv after the script) */
  argv: readonly string[]
  /** called once every child reported its devices started */
  onReady: () => void
  /** the children are killed after this long, ms ({@link shardKillAfterMs}); undefined: never */
  killAfterMs?: number
}

/** What {@link runShards} returns. */
export interface ShardsResult {
  /** outcomes the children reported (devices of a child that died are absent) */
  rows: FleetOutcome[]
  usage: FleetProcessUsage[]
  /** each child's exit code, null when killed by a signal or never started */
  exitCodes: Array<number | null>
  /** whether the kill timer fired (the children still running were SIGKILLed: their devices timed out) */
  killed: boolean
}

/**
 * Runs the shards to their end; their outcomes (devices of a child that died are absent) and usage.
 * SIGINT and SIGTERM received here are passed on to the children. A child whose parent dies
 * (even by SIGKILL) sees its IPC channel close and stops its devices and exits (`fleet --shard`).
 */
export async function runShards (o: RunShardsOptions): Promise<ShardsResult> {
  const script = process.argv[1]!
  const children: ChildProcess[] = []
  const rows: FleetOutcome[] = []
  const usage: FleetProcessUsage[] = []
  let ready = 0
  const forward = (sig: NodeJS.Signals): void => { for (const c of children) c.kill(sig) }
  const onInt = (): void => { forward('SIGINT') }
  const onTerm = (): void => { forward('SIGTERM') }
  process.on('SIGINT', onInt)
  process.on('SIGTERM', onTerm)
  let killed = false
  const killer = o.killAfterMs !== undefined ? setTimeout(() => { killed = true; forward('SIGKILL') }, o.killAfterMs) : undefined
  killer?.unref()
  try {
    const exitCodes = await Promise.all(Array.from({ length: o.processes }, async (_, i) => {
      const child = fork(script, shardArgv(o.argv, i, o.processes), { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
      children.push(child)
      child.on('message', (m: ShardMessage) => {
        if (m.type === 'ready' && ++ready === o.processes) o.onReady()
        if (m.type === 'done') { rows.push(...m.rows); usage.push(m.usage) }
      })
      return await new Promise<number | null>((resolve) => {
        // 'error' without a pid: the spawn failed and no 'exit' follows; with one (a failed kill or send), 'exit' still comes.
        child.on('error', (err) => { process.stderr.write(`fleet: shard ${i}/${o.processes}: ${err.message}\n`); if (child.pid === undefined || child.exitCode !== null) resolve(child.exitCode) })
        child.on('exit', (code) => { resolve(code) })
      })
    }))
    return { rows, usage, exitCodes, killed }
  } finally {
    clearTimeout(killer)
    process.off('SIGINT', onInt)
    process.off('SIGTERM', onTerm)
  }
}
