/** `aedes-ota fleet`: many simulated devices per process (cli/fleet/), for fleet tests, load and `bench:fleet`. */
import { Option, type Command } from 'commander'
import { writeFileAtomic } from '../../proto/files.js'
import { readPki } from '../../certs/index.js'
import { OtaError, toOtaError } from '../../proto/index.js'
import type { TrustedTime } from '../../client/index.js'
import { readTrust } from '../credentials.js'
import { LightFleet, type FleetOutcome, type FleetSlots } from '../fleet/light.js'
import { ownUsage, parseShard, runShards, shardKillAfterMs, shardOf, type FleetProcessUsage, type ShardMessage } from '../fleet/processes.js'
import { MemorySlotDefaults } from '../../client/storage/memory.js'
import { intArg, outcomeTable, statusLine, stderrLogger } from '../output.js'
import { logLevelOption, type LogLevel } from '../options.js'
import { deviceRuntimeOptions } from '../run-device.js'

interface FleetOptions {
  pki: string, trust: string, state: string, broker: string, servername?: string, count?: number, devices?: number, provision?: string,
  once: boolean, json: boolean, timeoutMs: number, backoffInitialMs?: number, backoffMaxMs?: number, trustedTime?: TrustedTime,
  transferTimeout?: number, patches: boolean, logLevel: LogLevel, slots: FleetSlots, connectConcurrency: number, processes: number,
  untilVersion?: string, readyFile?: string, window?: number, shard?: string, quiet: boolean, slotCapacity?: number
}

/** Fleet defaults (the `fleet` command's options). */
export const FleetDefaults = Object.freeze({
  /** devices of one process connecting at the same time: enough to hide handshake latency, few enough not to stall the broker */
  connectConcurrency: 32,
  /** most child processes of `--processes` */
  maxProcesses: 64
})

/** Adds `fleet`: many devices per process; `--once` exits 0 only when every device confirmed or was up to date. */
export function registerFleet (program: Command): void {
  const cmd = program.command('fleet')
    .description('run the PKI\'s devices (or the first --devices) in one process or --processes K, each with its own certificate, connection and state in <state>/<id>')
    .requiredOption('--pki <dir>', 'PKI folder with the device certificates')
    .requiredOption('--trust <dir>', 'folder holding root.bin, the trust anchor')
    .requiredOption('--state <dir>', 'folder for the devices\' state folders')
    .option('--broker <url>', 'broker URL', 'mqtts://127.0.0.1:8883')
    .option('--servername <name>', 'name the broker\'s certificate must carry (default: the broker URL\'s host; for an IP address, the certificate\'s IP SANs are checked)')
    .option('--devices <n>', 'number of devices, the first N of the PKI (default: all)', intArg(1, 100_000))
    .option('--count <n>', 'same as --devices', intArg(1, 100_000))
    .option('--provision <bundle>', 'factory bundle for devices without state (required with --slots memory)')
    .addOption(new Option('--slots <where>', 'where each device keeps its two slots: files in its state folder, or memory (light: still written, read back and hashed, but gone when the process exits, so --state must be fresh)').choices(['files', 'memory']).default('files'))
    .option('--slot-capacity <bytes>', `with --slots memory, most bytes one slot holds: an image above it fails with OTA_NO_SPACE (default ${MemorySlotDefaults.capacity})`, intArg(1, MemorySlotDefaults.maxCapacity))
    .option('--processes <k>', 'split the devices between K child processes (one core each)', intArg(1, FleetDefaults.maxProcesses), 1)
    .option('--connect-concurrency <n>', `devices of a process connecting at the same time (default ${FleetDefaults.connectConcurrency})`, intArg(1, 10_000), FleetDefaults.connectConcurrency)
    .option('--window <chunks>', 'chunks each device keeps outstanding during a download (default: the device\'s)', intArg(1, 512))
    .option('--until-version <version>', 'with --once, a device is done only when it runs this version (confirmed to it or up to date at it), failed or reverted')
    .option('--ready-file <path>', 'write this file once every device is started (connected and subscribed, or failed to)')
    .option('--once', 'exit once every device confirmed, failed or reverted one update, or was up to date: 0 only if none failed or reverted', false)
    .option('--json', 'with --once, print one JSON object { devices: [...], processes: [...] }', false)
    .option('--quiet', 'no progress line per status event', false)
    .option('--timeout-ms <ms>', 'with --once, give up after this long (devices not done: OTA_TIMEOUT)', intArg(1000, 86_400_000), 600_000)
    .addOption(new Option('--shard <i/k>', 'internal: run every k-th device from the i-th (a child of --processes)').hideHelp())
  deviceRuntimeOptions(cmd)
    .addOption(logLevelOption('log level (JSON lines on stderr)', 'warn'))
    .action(async (o: FleetOptions) => { process.exitCode = await runFleet(o) })
}

const succeeded = (rows: readonly FleetOutcome[]): boolean => rows.every((r) => r.result === 'confirmed' || r.result === 'up-to-date')

async function runFleet (o: FleetOptions): Promise<number> {
  const pki = await readPki(o.pki)
  const n = o.devices ?? o.count ?? pki.devices.length
  const all = pki.devices.slice(0, n).map((d) => d.id)
  if (all.length === 0) throw new OtaError('OTA_INVALID_ARGUMENT', `no device certificates in ${o.pki}`)
  // Checked here too, before any child process is forked (LightFleet checks it for a single process).
  if (o.slots === 'memory' && o.provision === undefined) throw new OtaError('OTA_INVALID_ARGUMENT', 'memory slots start empty: give the factory bundle (--provision)')
  const ready = async (): Promise<void> => {
    if (o.readyFile !== undefined) await writeFileAtomic(o.readyFile, JSON.stringify({ devices: all.length }) + '\n', 0o644).catch((e: unknown) => { throw toOtaError(e, 'OTA_IO', `cannot write ${o.readyFile!}`) })
  }
  if (o.processes > 1 && o.shard === undefined) {
    const killAfterMs = shardKillAfterMs(o)
    const { rows, usage, exitCodes, killed } = await runShards({
      processes: Math.min(o.processes, all.length), argv: process.argv.slice(2),
      ...(killAfterMs !== undefined ? { killAfterMs } : {}),
      onReady: () => { void ready().catch(() => {}) }
    })
    const byId = new Map(rows.map((r) => [r.id, r]))
    // A device of a child that reported nothing: timed out when the kill timer ended it, else its process died.
    const missing = killed ? 'OTA_TIMEOUT' : 'OTA_IO'
    const merged = all.map((id) => byId.get(id) ?? { id, result: 'failed', from: '', to: '', seconds: 0, bytes: 0, code: missing, at: Date.now() })
    if (o.once) print(o, merged, usage)
    return o.once ? (succeeded(merged) ? 0 : 1) : (exitCodes.every((c) => c === 0) ? 0 : 1)
  }
  const shard = o.shard !== undefined ? parseShard(o.shard) : undefined
  const ids = shard !== undefined ? shardOf(all, shard.index, shard.of) : all
  const send = (m: ShardMessage): Promise<void> => new Promise((resolve) => { if (process.send !== undefined) process.send(m, () => { resolve() }); else resolve() })
  const logger = stderrLogger(o.logLevel, 'aedes-ota-fleet')
  const fleet = new LightFleet({
    pki, ids, trust: await readTrust(o.trust), stateDir: o.state, broker: o.broker, slots: o.slots, connectConcurrency: o.connectConcurrency,
    logger, patches: o.patches,
    ...(o.servername !== undefined ? { servername: o.servername } : {}),
    ...(o.provision !== undefined ? { provision: o.provision } : {}),
    ...(o.slotCapacity !== undefined ? { slotCapacity: o.slotCapacity } : {}),
    ...(o.untilVersion !== undefined ? { untilVersion: o.untilVersion } : {}),
    ...(o.window !== undefined ? { window: o.window } : {}),
    ...(o.trustedTime !== undefined ? { trustedTime: o.trustedTime } : {}),
    ...(o.transferTimeout !== undefined ? { transferTimeoutMs: o.transferTimeout } : {}),
    backoffInitialMs: o.backoffInitialMs,
    backoffMaxMs: o.backoffMaxMs,
    ...(o.json || o.quiet ? {} : { onStatus: (e) => { process.stderr.write(statusLine(e) + '\n') } })
  })
  // A shard whose parent is gone (the IPC channel closed, even by SIGKILL) stops its devices and
  // exits: nobody would read its outcomes and its devices would go on loading the broker.
  let reporting = false
  if (shard !== undefined) {
    process.once('disconnect', () => {
      if (reporting) return
      logger.warn({ shard: o.shard }, 'fleet parent gone: stopping the devices')
      // Bounded: a device that cannot close its connection must not keep the process.
      setTimeout(() => process.exit(1), 10_000).unref()
      void fleet.stop().finally(() => process.exit(1))
    })
  }
  // Set before start(), as for `device`: with --once, waiting for the broker counts against the timeout.
  const deadline = new Promise<string>((resolve) => { if (o.once) setTimeout(() => resolve('OTA_TIMEOUT'), o.timeoutMs).unref() })
  // With --once too, SIGINT/SIGTERM stop the devices and report the outcomes so far (the rest: the signal's name).
  const signalled = new Promise<string>((resolve) => { process.once('SIGINT', () => resolve('SIGINT')); process.once('SIGTERM', () => resolve('SIGTERM')) })
  const started = fleet.start().then(async () => {
    // What a started device costs this process, before any download: the figure to watch when N grows.
    logger.info({ devices: ids.length, memory: process.memoryUsage(), cpuS: ownUsage(ids.length).cpu_s }, 'fleet started')
    if (shard !== undefined) await send({ type: 'ready' })
    else await ready()
  })
  if (!o.once) {
    await Promise.race([started, signalled])
    await signalled
    const stuck = await fleet.stop()
    reporting = true
    if (shard !== undefined) process.disconnect?.()
    return exitDespite(stuck, 0)
  }
  const unsettled = await Promise.race([started.then(async () => { await fleet.settled; return '' }), deadline, signalled])
  const stuck = await fleet.stop()
  const rows = fleet.rows(unsettled)
  if (shard !== undefined) {
    reporting = true
    await send({ type: 'done', rows, usage: ownUsage(ids.length) })
    process.disconnect?.()
  } else {
    print(o, rows, [ownUsage(ids.length)])
  }
  return exitDespite(stuck, succeeded(rows) ? 0 : 1)
}

/**
 * `code`; when devices did not stop (`stuck`, logged by the fleet), the process is ended with it
 * once stdout is flushed: their connections and timers would keep it running.
 */
function exitDespite (stuck: readonly string[], code: number): number {
  if (stuck.length > 0) process.stdout.write('', () => process.exit(code))
  return code
}

function print (o: FleetOptions, rows: FleetOutcome[], usage: FleetProcessUsage[]): void {
  if (o.json) process.stdout.write(JSON.stringify({ devices: rows, processes: usage }) + '\n')
  else process.stdout.write(outcomeTable(rows) + '\n')
}
