/**
 * `npm run bench:fleet [-- --devices 1000] [-- --json] [-- --processes K] [-- --image-kib 1024]
 * [-- --chunk-size BYTES] [-- --window CHUNKS] [-- --timeout-s 600] [-- --delivery broadcast|unicast|both]
 * [-- --broker aedes|mosquitto|both]`
 *
 * Issue 9, item 5: N simulated devices (`aedes-ota fleet --slots memory`, split between K
 * processes) update a 1 MiB image from one broker (`aedes-ota broker`, a child process), and,
 * in the same run, Debian's Mosquitto fans the same bytes, in messages of the same chunk size,
 * from one publisher out to N TLS subscribers holding the same device certificates (mqtt.js
 * clients in K processes of the same kind) as the plain-MQTT baseline.
 *
 * Ours: from the release's publication (every device connected and idle at 1.0.0) to the last
 * device's CONFIRMED (the whole update: manifest checks, every chunk Merkle-proven and written,
 * the slot re-hashed, the trial boot verified and confirmed). `--delivery broadcast` (default):
 * the broker and devices as shipped, chunk frames broadcast to the devices fetching the same
 * artifact (docs/PROTOCOL.md, "Broadcast"); `unicast`: the broker started with `--no-broadcast`,
 * each chunk sent to each device; `both`: one run of each, then Mosquitto, in the same run. What
 * really went by unicast is read from the broker's audit log (`plugin.stopped`: chunk frames
 * sent by unicast), against the frames the devices needed (devices × chunks).
 * `--broker mosquitto`: the same update through Debian's Mosquitto with the configuration
 * `aedes-ota acl mosquitto` writes (TLS, client certificates, the ACL) and `aedes-ota service`
 * beside it (cli/service-mode/), the release published by an operator through Mosquitto; one run
 * with the service's own delivery (it has no `--no-broadcast`; its audited counters say what
 * went by unicast), whatever `--delivery` says of the plugin's runs. Its broker figures are
 * Mosquitto's and the service's, each and summed (CPU seconds; peak RSS as the sum of the two
 * peaks). `--broker both`: the plugin's run(s), then the service's, then the fan-out, in one run,
 * with the ratios Mosquitto + service / plugin of MB/s and of CPU per MB.
 * Mosquitto fan-out: from the first publish to the moment the last subscriber has every byte.
 * Aggregate MB/s = devices × image bytes / seconds (MB = 10^6 bytes). Broker figures: peak
 * resident set (VmHWM, polled), CPU seconds used from publication to the end (/proc/<pid>/stat),
 * and CPU ms per delivered MB, for our broker and for Mosquitto.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { rmSync } from 'node:fs'
import { tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import mqtt from 'mqtt'
import { initPki, type PkiLayout } from '../certs/index.js'
import { MemorySlotDefaults } from '../client/storage/memory.js'
import { publishBundle } from '../operator/index.js'
import { defaultChunkSize } from '../proto/index.js'
import { KeyFiles, createRelease, initKeys, readKeyFile } from '../sign/index.js'
import { DEFAULT_SERVICE_ID, startServiceMode } from '../cli/service-mode/index.js'
import { freePort } from '../cli/service-mode/mosquitto.js'
import { stoppedCountersOf } from './audit-figures.js'
import { hasMosquitto, startMosquitto, waitForPort } from './mosquitto.js'
import type { SubscriberJob, SubscriberMessage } from './mosquitto-subscribers.js'
import { procStatusBytesOf } from './proc-status.js'
import { exitWithin, stopChild, waitForFile, watch } from './child-processes.js'

const args = process.argv.slice(2)
const json = args.includes('--json')
const opt = (name: string, dflt: number, min: number, max: number): number => {
  const i = args.indexOf(name)
  const v = i >= 0 ? Number(args[i + 1]) : dflt
  if (!Number.isInteger(v) || v < min || v > max) { process.stderr.write(`${name} must be an integer from ${min} to ${max}\n`); process.exit(2) }
  return v
}
const devices = opt('--devices', 1000, 1, 100_000)
const processes = Math.min(opt('--processes', 2, 1, 64), devices)
const imageBytes = opt('--image-kib', 1024, 1, 1024 * 1024) * 1024
const chunkSize = opt('--chunk-size', defaultChunkSize(imageBytes), 256, 1 << 20)
const window = opt('--window', 0, 0, 512)
const timeoutMs = opt('--timeout-s', 600, 10, 86_400) * 1000
type Delivery = 'broadcast' | 'unicast'
const deliveryArg = args.includes('--delivery') ? args[args.indexOf('--delivery') + 1] : 'broadcast'
if (deliveryArg !== 'broadcast' && deliveryArg !== 'unicast' && deliveryArg !== 'both') { process.stderr.write('--delivery must be broadcast, unicast or both\n'); process.exit(2) }
const deliveries: Delivery[] = deliveryArg === 'both' ? ['unicast', 'broadcast'] : [deliveryArg]
type BrokerKind = 'aedes' | 'mosquitto'
const brokerArg = args.includes('--broker') ? args[args.indexOf('--broker') + 1] : 'aedes'
if (brokerArg !== 'aedes' && brokerArg !== 'mosquitto' && brokerArg !== 'both') { process.stderr.write('--broker must be aedes, mosquitto or both\n'); process.exit(2) }
if (brokerArg === 'mosquitto' && args.includes('--delivery')) { process.stderr.write('--delivery chooses the plugin\'s runs: the service beside Mosquitto has no --no-broadcast (use --broker both)\n'); process.exit(2) }
const kinds: BrokerKind[] = brokerArg === 'both' ? ['aedes', 'mosquitto'] : [brokerArg]
// Every simulated device holds the new image in a memory slot of its fleet process.
if (devices * imageBytes > totalmem() / 2) { process.stderr.write(`${devices} devices x ${imageBytes} bytes of memory slots is more than half this machine's memory: fewer --devices or a smaller --image-kib\n`); process.exit(2) }
const chunks = Math.ceil(imageBytes / chunkSize)
const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url))
const SUBSCRIBERS = fileURLToPath(new URL('./mosquitto-subscribers.js', import.meta.url))
const MODEL = 'bench'
const say = (s: string): void => { if (!json) process.stderr.write(s + '\n') }
const MiB = (b: number | undefined): number => Number(((b ?? 0) / 1048576).toFixed(1))
const round = (x: number, d = 2): number => Number(x.toFixed(d))

/** Child processes and temp folders still to clean up, also when the bench is interrupted. */
const live = new Set<ChildProcess>()
const temps = new Set<string>()
const track = (c: ChildProcess): ChildProcess => { live.add(c); c.once('exit', () => live.delete(c)); c.on('error', (err) => { process.stderr.write(`bench: child ${String(c.pid)}: ${err.message}\n`) }); return c }
let interrupted: NodeJS.Signals | undefined
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    interrupted = sig
    // The fleet parent passes SIGTERM on to its shards (and they stop when it is gone anyway).
    for (const c of live) c.kill('SIGTERM')
    setTimeout(() => {
      for (const c of live) c.kill('SIGKILL')
      for (const d of temps) rmSync(d, { recursive: true, force: true })
      process.exit(130)
    }, 3000).unref()
  })
}

/** One broker process's figures over a run: peak resident set (VmHWM, bytes), CPU seconds from publication to the end. */
interface ProcFigures { peakRss: number, cpu: number }

interface Ours {
  broker: BrokerKind
  /** the plugin's delivery; `default` for the service (broadcast on; it has no switch): its counters say what went by unicast */
  delivery: Delivery | 'default'
  confirmed: number, seconds: number, peakRss: number, cpu: number, rssBefore: number, fleetRss: number, fleetCpu: number
  /** chunk frames the broker sent by unicast (audit `plugin.stopped`); undefined when the broker did not stop cleanly */
  unicastFrames: number | undefined
  /** the broadcast's counters (audit `plugin.stopped`, `broadcast*`), when the broker stopped cleanly */
  broadcast: Record<string, number> | undefined
  /** beside Mosquitto: Mosquitto's and the service's own figures (`peakRss` and `cpu` above are their sums) */
  parts?: { mosquitto: ProcFigures, service: ProcFigures }
}

/** The broker side of a run: the plugin's broker, or Mosquitto with the service beside it. */
interface Side {
  url: string
  /** the processes whose CPU and memory count as the broker's: [broker], or [mosquitto, service] */
  pids: number[]
  /** the audit log base path of the OTA core */
  auditLog: string
  /** stops the side; true when the OTA core stopped cleanly (and so audited its counters) */
  stop: () => Promise<boolean>
}

async function startSide (kind: BrokerKind, dir: string, pki: PkiLayout, delivery: Delivery): Promise<Side> {
  const dataDir = await mkdtemp(join(dir, `broker-${kind}-${delivery}-`))
  if (kind === 'mosquitto') {
    const mode = await startServiceMode({ dir: dataDir, pki: pki.dir, trust: join(dir, 'keys') })
    track(mode.mosquitto.child)
    track(mode.service.child)
    return { url: mode.url, pids: [mode.mosquitto.child.pid!, mode.service.child.pid!], auditLog: mode.auditLog, stop: async () => await mode.close() === 0 }
  }
  const port = await freePort()
  const broker = track(spawn(process.execPath, [CLI, 'broker', '--pki', pki.dir, '--trust', join(dir, 'keys'), '--data', dataDir, '--port', String(port), '--log-level', 'warn',
    ...(delivery === 'unicast' ? ['--no-broadcast'] : [])], { stdio: ['ignore', 'ignore', 'inherit'] }))
  try {
    await waitForPort(port, 20_000)
  } catch (e) {
    await stopChild(broker, 15_000)
    throw e
  }
  return { url: `mqtts://127.0.0.1:${port}`, pids: [broker.pid!], auditLog: join(dataDir, 'audit.log'), stop: async () => { await stopChild(broker, 15_000); return broker.exitCode === 0 } }
}

async function runOurs (dir: string, pki: PkiLayout, release: Uint8Array, version: string, kind: BrokerKind, delivery: Delivery): Promise<Ours> {
  const name = kind === 'aedes' ? `ours (${delivery})` : 'ours beside Mosquitto'
  // The simulated devices' state files on a tmpfs when there is one: their fsyncs are the
  // simulator's cost, not the broker's, and would otherwise take the cores the broker is measured on.
  const stateRoot = await stat('/dev/shm').then((s) => s.isDirectory(), () => false) ? await mkdtemp(join('/dev/shm', 'aedes-ota-bench-fleet-')) : await mkdtemp(join(dir, 'fleet-'))
  temps.add(stateRoot)
  const readyFile = join(dir, `ready-${kind}-${delivery}.json`)
  let side: Side | undefined
  let fleet: ChildProcess | undefined
  try {
    side = await startSide(kind, dir, pki, delivery)
    const watches = side.pids.map((pid) => watch(pid))
    fleet = track(spawn(process.execPath, [CLI, 'fleet', '--pki', pki.dir, '--trust', join(dir, 'keys'), '--state', stateRoot, '--broker', side.url,
      '--provision', join(dir, 'factory.bundle'), '--devices', String(devices), '--slots', 'memory', '--processes', String(processes), '--no-patches',
      '--once', '--json', '--until-version', version, '--ready-file', readyFile, '--timeout-ms', String(timeoutMs), '--backoff-initial-ms', '200', '--log-level', 'error',
      ...(imageBytes > MemorySlotDefaults.capacity ? ['--slot-capacity', String(imageBytes)] : []),
      ...(window > 0 ? ['--window', String(window)] : [])], { stdio: ['ignore', 'pipe', 'inherit'] }))
    let out = ''
    fleet.stdout!.on('data', (b: Buffer) => { out += b.toString() })
    await waitForFile(readyFile, fleet, timeoutMs)
    const rssBefore = (await Promise.all(side.pids.map(async (pid) => await procStatusBytesOf(pid, 'VmRSS') ?? 0))).reduce((a, b) => a + b, 0)
    say(`${name}: ${devices} devices connected in ${processes} process(es); broker RSS ${MiB(rssBefore)} MiB; publishing ${version}`)
    const cpu0 = await Promise.all(watches.map(async (w) => await w.cpuNow()))
    const t0 = Date.now()
    const [ca, cert, key] = await Promise.all([readFile(pki.ca.cert), readFile(pki.operators[0]!.cert), readFile(pki.operators[0]!.key)])
    await publishBundle({ url: side.url, ca, cert, key, operatorId: pki.operators[0]!.id, bundle: release })
    // The fleet gives up at its own timeout; this only bounds a fleet that hangs.
    if (await exitWithin(fleet, timeoutMs + 120_000) === undefined) await stopChild(fleet, 10_000)
    const procs = (await Promise.all(watches.map(async (w) => await w.stop()))).map((f, i) => ({ peakRss: f.peakRss, cpu: f.cpu - cpu0[i]! }))
    const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { devices?: Array<{ result: string, to: string, at: number }>, processes?: Array<{ peak_rss_MiB: number, cpu_s: number }> }
    const done = (r.devices ?? []).filter((d) => d.result === 'confirmed' && d.to === version)
    const last = Math.max(t0, ...done.map((d) => d.at))
    // Stopped cleanly, the OTA core writes its unicast frame count and broadcast counters to the audit log.
    const clean = await side.stop()
    const counters = clean ? await stoppedCountersOf(side.auditLog).catch(() => undefined) : undefined
    return {
      broker: kind,
      delivery: kind === 'aedes' ? delivery : 'default',
      confirmed: done.length,
      seconds: (last - t0) / 1000,
      peakRss: procs.reduce((a, p) => a + p.peakRss, 0),
      cpu: procs.reduce((a, p) => a + p.cpu, 0),
      rssBefore,
      fleetRss: (r.processes ?? []).reduce((a, p) => Math.max(a, p.peak_rss_MiB), 0),
      fleetCpu: (r.processes ?? []).reduce((a, p) => a + p.cpu_s, 0),
      unicastFrames: counters?.framesSent,
      broadcast: counters !== undefined ? Object.fromEntries(Object.entries(counters).filter(([k]) => k.startsWith('broadcast'))) : undefined,
      ...(kind === 'mosquitto' ? { parts: { mosquitto: procs[0]!, service: procs[1]! } } : {})
    }
  } finally {
    // SIGTERM first: the fleet parent passes it on to its shards, which stop their devices.
    if (fleet !== undefined) await stopChild(fleet, 10_000)
    await side?.stop()
    await rm(stateRoot, { recursive: true, force: true })
    temps.delete(stateRoot)
  }
}

interface Baseline { complete: number, seconds: number, peakRss: number, cpu: number, subscriberRss: number, subscriberCpu: number }

async function runMosquitto (dir: string, pki: PkiLayout, image: Buffer): Promise<Baseline> {
  const port = await freePort()
  const url = `mqtts://127.0.0.1:${port}`
  const broker = track(await startMosquitto(dir, port, { ca: pki.ca.cert, cert: pki.server.cert, key: pki.server.key }))
  const mw = watch(broker.pid!)
  const topic = 'bench/fanout'
  const children: ChildProcess[] = []
  try {
    const ids = pki.devices.slice(0, devices)
    const readies: Array<Promise<void>> = []
    const dones: Array<Promise<Extract<SubscriberMessage, { type: 'done' }>>> = []
    for (let k = 0; k < processes; k++) {
      const job: SubscriberJob = {
        url, ca: pki.ca.cert, servername: 'localhost', topic, bytes: image.length, connectConcurrency: 32, timeoutMs,
        clients: ids.filter((_, j) => j % processes === k).map((d) => ({ id: d.id, cert: d.cert, key: d.key }))
      }
      const child = track(fork(SUBSCRIBERS, [JSON.stringify(job)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }))
      children.push(child)
      const early = (): Error => new Error(`subscriber process ${String(child.pid)} exited early`)
      readies.push(new Promise((resolve, reject) => { child.on('message', (m: SubscriberMessage) => { if (m.type === 'ready') resolve() }); child.once('exit', () => reject(early())); child.once('error', reject) }))
      const done = new Promise<Extract<SubscriberMessage, { type: 'done' }>>((resolve, reject) => { child.on('message', (m: SubscriberMessage) => { if (m.type === 'done') resolve(m) }); child.once('exit', () => reject(early())); child.once('error', reject) })
      // Awaited only after every child is ready: a child dying before then must not be an unhandled rejection.
      done.catch(() => {})
      dones.push(done)
    }
    await Promise.all(readies)
    say(`mosquitto: ${devices} subscribers connected in ${processes} process(es); publishing ${image.length} bytes in ${Math.ceil(image.length / chunkSize)} messages of ${chunkSize} bytes`)
    const [ca, cert, key] = await Promise.all([readFile(pki.ca.cert), readFile(pki.operators[0]!.cert), readFile(pki.operators[0]!.key)])
    const pub = mqtt.connect(url, { ca, cert, key, servername: 'localhost', clientId: 'bench-publisher', reconnectPeriod: 0 })
    await new Promise<void>((resolve, reject) => { pub.once('connect', () => resolve()); pub.once('error', reject) })
    const cpu0 = await mw.cpuNow()
    const t0 = Date.now()
    for (let off = 0; off < image.length; off += chunkSize) await pub.publishAsync(topic, image.subarray(off, off + chunkSize), { qos: 0 })
    const results = await Promise.all(dones)
    const { peakRss, cpu } = await mw.stop()
    await pub.endAsync(true).catch(() => {})
    const complete = results.reduce((a, r) => a + r.complete, 0)
    return {
      complete, seconds: (Math.max(t0, ...results.map((r) => r.at)) - t0) / 1000, peakRss, cpu: cpu - cpu0,
      subscriberRss: results.reduce((a, r) => Math.max(a, r.peak_rss_MiB), 0), subscriberCpu: results.reduce((a, r) => a + r.cpu_s, 0)
    }
  } finally {
    for (const c of children) c.kill('SIGKILL')
    await stopChild(broker, 10_000)
  }
}

async function main (): Promise<void> {
  if (!await hasMosquitto()) throw new Error('Mosquitto is not installed (/usr/sbin/mosquitto; Debian package mosquitto): the baseline cannot run')
  const dir = await mkdtemp(join(tmpdir(), 'aedes-ota-bench-fleet-'))
  temps.add(dir)
  try {
    const t = Date.now()
    const pki = await initPki({ out: join(dir, 'pki'), model: MODEL, devices, ...(kinds.includes('mosquitto') ? { operators: ['operator', DEFAULT_SERVICE_ID] } : {}) })
    say(`pki: ${devices} device certificates in ${((Date.now() - t) / 1000).toFixed(1)} s`)
    await initKeys({ out: join(dir, 'keys'), models: [MODEL] })
    const signer = await readKeyFile(join(dir, 'keys', KeyFiles.release))
    const image = randomBytes(imageBytes)
    const factory = createRelease({ image: randomBytes(4096), model: MODEL, version: '1.0.0', securityVersion: 1, sequence: 1, signers: [signer] })
    const release = createRelease({ image, model: MODEL, version: '2.0.0', securityVersion: 2, sequence: 2, signers: [signer], chunkSize })
    await writeFile(join(dir, 'factory.bundle'), factory.bundle)

    const runs: Ours[] = []
    for (const [kind, d] of [...(kinds.includes('aedes') ? deliveries.map((d) => ['aedes', d] as const) : []), ...(kinds.includes('mosquitto') ? [['mosquitto', 'broadcast'] as const] : [])]) {
      const ours = await runOurs(dir, pki, release.bundle, '2.0.0', kind, d)
      say(`${kind === 'aedes' ? `ours (${d})` : 'ours beside Mosquitto'}: ${ours.confirmed}/${devices} confirmed in ${ours.seconds.toFixed(2)} s; chunk frames by unicast: ${ours.unicastFrames ?? '?'} of ${devices * chunks} needed`)
      runs.push(ours)
    }
    const base = await runMosquitto(dir, pki, image)
    say(`mosquitto: ${base.complete}/${devices} subscribers complete in ${base.seconds.toFixed(3)} s`)

    const mosqMBps = base.seconds > 0 ? base.complete * imageBytes / 1e6 / base.seconds : 0
    const mosqMB = base.complete * imageBytes / 1e6
    const figures = (o: Ours): Record<string, unknown> => {
      const MBps = o.seconds > 0 ? o.confirmed * imageBytes / 1e6 / o.seconds : 0
      const deliveredMB = o.confirmed * imageBytes / 1e6
      return {
        broker: o.broker,
        delivery: o.delivery,
        confirmed: o.confirmed,
        seconds: round(o.seconds),
        ours_MBps: round(MBps),
        ratio: mosqMBps > 0 ? round(MBps / mosqMBps, 3) : 0,
        broker_peak_rss_MiB: MiB(o.peakRss),
        broker_rss_before_publish_MiB: MiB(o.rssBefore),
        broker_cpu_s: round(o.cpu),
        broker_cpu_ms_per_MB: deliveredMB > 0 ? round(o.cpu * 1000 / deliveredMB) : null,
        // What really went by unicast: chunk frames the broker sent each device itself; the rest were broadcast.
        unicast_frames: o.unicastFrames ?? null,
        frames_needed: devices * chunks,
        unicast_share: o.unicastFrames !== undefined ? round(o.unicastFrames / (devices * chunks), 3) : null,
        // Why frames went by unicast: skipped for backed-up subscribers, repairs of chunks already broadcast, overdue.
        broadcast_counters: o.broadcast ?? null,
        fleet_peak_rss_MiB: o.fleetRss,
        fleet_cpu_s: round(o.fleetCpu),
        ...(o.parts !== undefined
          ? {
              // The broker figures above are these two summed.
              broker_parts: {
                mosquitto: { peak_rss_MiB: MiB(o.parts.mosquitto.peakRss), cpu_s: round(o.parts.mosquitto.cpu) },
                service: { peak_rss_MiB: MiB(o.parts.service.peakRss), cpu_s: round(o.parts.service.cpu) }
              }
            }
          : {})
      }
    }
    // The plugin's runs: one at the top level (--delivery both: broadcast's; unicast's under `unicast`).
    // Beside Mosquitto: under `service`, or at the top level when it is the only run (--broker mosquitto).
    const plugin = runs.filter((o) => o.broker === 'aedes')
    const beside = runs.find((o) => o.broker === 'mosquitto')
    const primary = plugin[plugin.length - 1] ?? beside!
    const perMB = (o: Ours): number => o.cpu / Math.max(1, o.confirmed)
    const result = {
      devices,
      ...figures(primary),
      ...(plugin.length > 1 ? { unicast: figures(plugin[0]!) } : {}),
      ...(beside !== undefined && beside !== primary
        ? {
            service: figures(beside),
            // Mosquitto + service against the plugin (its run at the top level): aggregate MB/s, and broker CPU per delivered MB.
            ratio_service_plugin: primary.seconds > 0 && beside.seconds > 0 ? round((beside.confirmed / beside.seconds) / (primary.confirmed / primary.seconds), 3) : null,
            cpu_ratio_service_plugin: perMB(primary) > 0 ? round(perMB(beside) / perMB(primary), 3) : null
          }
        : {}),
      mosquitto_MBps: round(mosqMBps),
      mosquitto_complete: base.complete,
      mosquitto_seconds: round(base.seconds, 3),
      mosquitto_peak_rss_MiB: MiB(base.peakRss),
      mosquitto_cpu_s: round(base.cpu),
      mosquitto_cpu_ms_per_MB: mosqMB > 0 ? round(base.cpu * 1000 / mosqMB) : null,
      fleet_processes: processes,
      subscribers_peak_rss_MiB: base.subscriberRss,
      subscribers_cpu_s: round(base.subscriberCpu),
      image_bytes: imageBytes,
      chunk_size: chunkSize,
      node: process.version
    }
    if (json) process.stdout.write(JSON.stringify(result) + '\n')
    else {
      let text = `\n${devices} devices x ${imageBytes} bytes, chunks of ${chunkSize} bytes, ${processes} fleet process(es)\n`
      for (const o of runs) {
        const f = figures(o)
        const who = o.broker === 'aedes' ? `aedes-ota plugin (${o.delivery})` : `Mosquitto + aedes-ota service (CPU: Mosquitto ${round(o.parts!.mosquitto.cpu)} s, service ${round(o.parts!.service.cpu)} s)`
        text += `  ${who}: ${o.confirmed} confirmed in ${String(f.seconds)} s = ${String(f.ours_MBps)} MB/s (ratio to Mosquitto ${String(f.ratio)}); ` +
          `broker peak RSS ${String(f.broker_peak_rss_MiB)} MiB, CPU ${String(f.broker_cpu_s)} s = ${String(f.broker_cpu_ms_per_MB)} ms/MB; unicast frames ${String(f.unicast_frames)} of ${String(f.frames_needed)}\n`
      }
      if ('ratio_service_plugin' in result) text += `  Mosquitto + service / plugin: ${String(result.ratio_service_plugin)} of the MB/s, ${String(result.cpu_ratio_service_plugin)} of the broker CPU per MB\n`
      text += `  Mosquitto fan-out: ${result.mosquitto_complete} complete in ${result.mosquitto_seconds} s = ${result.mosquitto_MBps} MB/s; peak RSS ${result.mosquitto_peak_rss_MiB} MiB, CPU ${result.mosquitto_cpu_s} s = ${String(result.mosquitto_cpu_ms_per_MB)} ms/MB\n`
      process.stdout.write(text)
    }
    if (runs.some((o) => o.confirmed !== devices)) process.exitCode = 1
    // A baseline that did not deliver to every subscriber is no baseline: flagged, and the run fails.
    if (base.complete !== devices) { process.stderr.write(`mosquitto: only ${base.complete} of ${devices} subscribers got every byte\n`); process.exitCode = 1 }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

main().catch((e: unknown) => {
  // Interrupted: the children were stopped and main's finally removed the temp folder; what failed after is only the echo of that.
  if (interrupted !== undefined) { process.stderr.write(`bench interrupted (${interrupted})\n`); process.exit(130) }
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`)
  process.exit(1)
})
