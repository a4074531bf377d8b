/**
 * `npm run bench:transfer [-- --json] [-- --size-mib N] [-- --rounds N] [-- --window CHUNKS] [-- --inflight FRAMES]
 * [-- --broker aedes|mosquitto|both] [-- --cpu-prof DIR]`
 * (`--window`: the device's chunk window, default the device default; `--inflight`: the plugin's
 * frames in flight per device, default the plugin default)
 *
 * One device downloading a 64 MiB image over mutual-TLS MQTT (every chunk's Merkle proof
 * verified, written into its inactive slot, the whole slot re-hashed), side by side in the same
 * run with a plain HTTPS download of the same bytes from a Node `https` server on loopback
 * (streamed to a file, hashed, digest checked: what hawkBit and Mender clients do), and with
 * Debian's `curl` from the same server to a file, then `sha256sum` over it (the fastest common
 * client; issue 9's second baseline).
 *
 * `--broker`: which MQTT side. `aedes` (default): the broker with the plugin, in this process.
 * `mosquitto`: Debian's Mosquitto on 127.0.0.1 with the configuration `aedes-ota acl mosquitto`
 * writes (TLS, client certificates, the ACL) and `aedes-ota service` beside it, both child
 * processes (cli/service-mode/); the release is published by an operator through Mosquitto, and
 * `--window` also sets the service's outstanding-bytes budget to the device's window.
 * `both`: each round runs the device against both, alternating which goes first, and the ratio
 * Mosquitto + service / plugin is printed.
 *
 * The servers run in this process (or its children) and the clients in child processes, so each
 * side has the same two cores. MQTT time: from the device's DOWNLOADING event to its VERIFIED
 * event, both stamped by the OTA core on receipt (the plugin's status events; the service's
 * audit log). Node HTTPS time: from request to verified file. curl time: curl's own
 * `time_total` plus the `sha256sum` run. Rounds alternate between them; the median of each is
 * reported. MB = 10^6 bytes.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { initPki } from '../certs/index.js'
import { State, toHex, type StatusEvent } from '../proto/index.js'
import { KeyFiles, createRelease, initKeys, readKeyFile } from '../sign/index.js'
import { startOtaBroker } from '../broker/index.js'
import { publishBundle } from '../operator/index.js'
import { operatorTls } from '../cli/credentials.js'
import { DEFAULT_SERVICE_ID, requireMosquitto, startServiceMode, type ServiceMode } from '../cli/service-mode/index.js'
import { awaitDownloadMarks, stoppedCountersOf } from './audit-figures.js'

const args = process.argv.slice(2)
const json = args.includes('--json')
const opt = (name: string, dflt: number): number => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : dflt }
const sizeMiB = opt('--size-mib', 64)
const rounds = opt('--rounds', 5)
const window = opt('--window', 0)
const inflight = opt('--inflight', 0)
type BrokerKind = 'aedes' | 'mosquitto'
const brokerArg = args.includes('--broker') ? args[args.indexOf('--broker') + 1] : 'aedes'
if (brokerArg !== 'aedes' && brokerArg !== 'mosquitto' && brokerArg !== 'both') { process.stderr.write('--broker must be aedes, mosquitto or both\n'); process.exit(2) }
const kinds: BrokerKind[] = brokerArg === 'both' ? ['aedes', 'mosquitto'] : [brokerArg]
// `--cpu-prof DIR`: the device processes write V8 CPU profiles there (run the bench itself with
// `node --cpu-prof` to profile the broker side).
const profAt = args.indexOf('--cpu-prof')
const profDir = profAt >= 0 ? args[profAt + 1] : undefined
const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url))
const HTTPS_CLIENT = fileURLToPath(new URL('./https-client.js', import.meta.url))
const say = (s: string): void => { if (!json) process.stderr.write(s + '\n') }
const LABEL: Record<BrokerKind, string> = { aedes: 'MQTT (plugin)', mosquitto: 'MQTT (Mosquitto + service)' }

function run (cmd: string, argv: string[], timeoutMs: number): Promise<{ code: number | null, stdout: string, stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (b: Buffer) => { stdout += b.toString() })
    child.stderr.on('data', (b: Buffer) => { stderr = (stderr + b.toString()).slice(-4000) })
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }) })
  })
}

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]! }
const fixed = (x: number, d: number): number => Number(x.toFixed(d))

async function main (): Promise<void> {
  if (kinds.includes('mosquitto')) await requireMosquitto()
  const dir = await mkdtemp(join(tmpdir(), 'aedes-ota-bench-'))
  let service: ServiceMode | undefined
  try {
    const model = 'bench'
    // A fresh device per round and broker: neither side remembers it from an earlier round.
    const pki = await initPki({ out: join(dir, 'pki'), model, devices: rounds * kinds.length, ...(kinds.includes('mosquitto') ? { operators: ['operator', DEFAULT_SERVICE_ID] } : {}) })
    await initKeys({ out: join(dir, 'keys'), models: [model] })
    const signer = await readKeyFile(join(dir, 'keys', KeyFiles.release))
    const image = randomBytes(sizeMiB * 1024 * 1024)
    const imagePath = join(dir, 'image.bin')
    await writeFile(imagePath, image)
    const factory = createRelease({ image: randomBytes(4096), model, version: '1.0.0', securityVersion: 1, sequence: 1, signers: [signer] })
    const release = createRelease({ image, model, version: '2.0.0', securityVersion: 2, sequence: 2, signers: [signer] })
    await writeFile(join(dir, 'factory.bundle'), factory.bundle)
    const digest = toHex(release.manifest.image.sha256)

    const marks = new Map<string, { start?: number, end?: number }>()
    const broker = kinds.includes('aedes')
      ? await startOtaBroker({ pki, trust: await readFile(join(dir, 'keys', KeyFiles.trust)), dataDir: join(dir, 'broker'), port: 0, ...(inflight > 0 ? { plugin: { maxInflightFrames: inflight } } : {}) })
      : undefined
    if (broker !== undefined) {
      await broker.plugin.publishRelease(release.bundle, 'bench')
      broker.plugin.on('status', (e: StatusEvent) => {
        const m = marks.get(e.deviceId) ?? {}
        if (e.state === State.DOWNLOADING && m.start === undefined) m.start = e.receivedAt
        if (e.state === State.VERIFIED) m.end = e.receivedAt
        marks.set(e.deviceId, m)
      })
    }
    if (kinds.includes('mosquitto')) {
      // The service hands the broker up to the device's window of frames per device, as the plugin keeps its window in flight.
      const budget = window > 0 ? Math.max(65536, window * release.manifest.image.chunkSize) : undefined
      service = await startServiceMode({ dir: join(dir, 'mosquitto'), pki: pki.dir, trust: join(dir, 'keys'), serviceArgs: budget !== undefined ? ['--max-outstanding', String(budget)] : [] })
      await publishBundle({ url: service.url, ...(await operatorTls(pki.dir, 'operator')), bundle: release.bundle })
      say(`Mosquitto ${service.url} with the OTA ACL, aedes-ota service beside it; release published through Mosquitto`)
    }
    const urlOf = (k: BrokerKind): string => k === 'aedes' ? broker!.url : service!.url
    const marksOf = async (k: BrokerKind, id: string): Promise<{ start?: number, end?: number } | undefined> =>
      k === 'aedes' ? marks.get(id) : await awaitDownloadMarks(service!.auditLog, id, 5000)

    const [key, cert] = await Promise.all([readFile(pki.server.key), readFile(pki.server.cert)])
    const https = createServer({ key, cert, minVersion: 'TLSv1.3' }, (req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': image.length })
      createReadStream(imagePath).pipe(res)
    })
    await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', () => resolve()))
    const httpsPort = (https.address() as AddressInfo).port
    const httpsUrl = `https://127.0.0.1:${httpsPort}/image.bin`

    const curlUrl = `https://localhost:${httpsPort}/image.bin`
    const mqttMBps: Record<BrokerKind, number[]> = { aedes: [], mosquitto: [] }
    const httpsMBps: number[] = []
    const curlMBps: number[] = []
    let next = 0
    for (let r = 0; r < rounds; r++) {
      // curl, the fastest common client: the same file from the same server to a file, then sha256sum over it.
      const out = join(dir, `curl-${r}.bin`)
      const c = await run('curl', ['--silent', '--show-error', '--fail', '--tlsv1.3', '--cacert', pki.ca.cert, '--resolve', `localhost:${httpsPort}:127.0.0.1`,
        '--output', out, '--write-out', '%{time_total}', curlUrl], 120_000)
      if (c.code !== 0) throw new Error(`curl failed: ${c.stderr}`)
      const t0 = process.hrtime.bigint()
      const s = await run('sha256sum', [out], 120_000)
      const sumSeconds = Number(process.hrtime.bigint() - t0) / 1e9
      if (s.code !== 0 || s.stdout.split(' ')[0] !== digest) throw new Error(`curl's file does not hash to the image: ${s.stdout} ${s.stderr}`)
      curlMBps.push(image.length / 1e6 / (Number(c.stdout) + sumSeconds))
      await rm(out, { force: true })

      const h = await run(process.execPath, [HTTPS_CLIENT, httpsUrl, pki.ca.cert, join(dir, `https-${r}.bin`), digest], 120_000)
      if (h.code !== 0) throw new Error(`HTTPS client failed: ${h.stderr}`)
      const hs = JSON.parse(h.stdout) as { bytes: number, seconds: number }
      httpsMBps.push(hs.bytes / 1e6 / hs.seconds)
      await rm(join(dir, `https-${r}.bin`), { force: true })

      // With both brokers, which goes first alternates: neither always gets the page cache the other warmed.
      for (const k of r % 2 === 0 ? kinds : [...kinds].reverse()) {
        const id = pki.devices[next++]!.id
        const d = await run(process.execPath, [...(profDir !== undefined ? ['--cpu-prof', '--cpu-prof-dir', profDir] : []), CLI, 'device', '--pki', pki.dir, '--id', id, '--trust', join(dir, 'keys'), '--state', join(dir, 'dev', id),
          '--broker', urlOf(k), '--provision', join(dir, 'factory.bundle'), '--once', '--json', '--timeout-ms', '120000', ...(window > 0 ? ['--window', String(window)] : [])], 150_000)
        const m = await marksOf(k, id)
        if (d.code !== 0 || m?.start === undefined || m.end === undefined) throw new Error(`device ${id} (${k}) failed: ${d.stdout} ${d.stderr}`)
        mqttMBps[k].push(image.length / 1e6 / ((m.end - m.start) / 1000))
        await rm(join(dir, 'dev', id), { recursive: true, force: true })
      }
      say(`round ${r + 1}/${rounds}: ${kinds.map((k) => `${LABEL[k]} ${mqttMBps[k][r]!.toFixed(1)} MB/s`).join(', ')}, Node HTTPS ${httpsMBps[r]!.toFixed(1)} MB/s, curl ${curlMBps[r]!.toFixed(1)} MB/s`)
    }
    const stats = broker !== undefined ? { ...broker.plugin.stats } : undefined
    await new Promise<void>((resolve) => https.close(() => resolve()))
    await broker?.close()
    // Stopped cleanly, the service audits its counters (plugin.stopped) as the plugin does.
    const serviceExit = await service?.close()
    const serviceStats = service !== undefined && serviceExit === 0 ? await stoppedCountersOf(service.auditLog) : undefined

    const https_ = median(httpsMBps)
    const curl = median(curlMBps)
    const plugin = kinds.includes('aedes') ? median(mqttMBps.aedes) : undefined
    const svc = kinds.includes('mosquitto') ? median(mqttMBps.mosquitto) : undefined
    const result = {
      image_bytes: image.length,
      chunk_size: release.manifest.image.chunkSize,
      rounds,
      broker: brokerArg,
      ...(plugin !== undefined
        ? {
            mqtt_MBps: fixed(plugin, 2),
            ratio: fixed(plugin / https_, 3),
            ratio_curl: fixed(plugin / curl, 3),
            mqtt_runs_MBps: mqttMBps.aedes.map((x) => fixed(x, 2)),
            broker_frames_sent: stats!.framesSent,
            broker_requests_dropped: stats!.requestsDropped
          }
        : {}),
      ...(svc !== undefined
        ? {
            service_MBps: fixed(svc, 2),
            service_ratio: fixed(svc / https_, 3),
            service_ratio_curl: fixed(svc / curl, 3),
            service_runs_MBps: mqttMBps.mosquitto.map((x) => fixed(x, 2)),
            service_frames_sent: serviceStats?.framesSent ?? null
          }
        : {}),
      ...(plugin !== undefined && svc !== undefined ? { ratio_service_plugin: fixed(svc / plugin, 3) } : {}),
      https_MBps: fixed(https_, 2),
      curl_MBps: fixed(curl, 2),
      https_runs_MBps: httpsMBps.map((x) => fixed(x, 2)),
      curl_runs_MBps: curlMBps.map((x) => fixed(x, 2))
    }
    if (json) process.stdout.write(JSON.stringify(result) + '\n')
    else {
      const rows: Array<[string, unknown]> = [
        ...(plugin !== undefined ? [['mTLS MQTT, aedes plugin', `${String(result.mqtt_MBps)} MB/s`]] as Array<[string, unknown]> : []),
        ...(svc !== undefined ? [['mTLS MQTT, Mosquitto + service', `${String(result.service_MBps)} MB/s`]] as Array<[string, unknown]> : []),
        ['Node HTTPS (baseline)', `${result.https_MBps} MB/s`],
        ['curl + sha256sum', `${result.curl_MBps} MB/s`],
        ...(plugin !== undefined ? [['ratio plugin/Node HTTPS', result.ratio], ['ratio plugin/curl', result.ratio_curl]] as Array<[string, unknown]> : []),
        ...(svc !== undefined ? [['ratio Mosquitto+service/Node HTTPS', result.service_ratio], ['ratio Mosquitto+service/curl', result.service_ratio_curl]] as Array<[string, unknown]> : []),
        ...(result.ratio_service_plugin !== undefined ? [['ratio Mosquitto+service/plugin', result.ratio_service_plugin]] as Array<[string, unknown]> : [])
      ]
      const text = `\n${sizeMiB} MiB image, chunks of ${result.chunk_size} bytes, median of ${rounds} rounds\n` + rows.map(([k, v]) => `  ${(k + ':').padEnd(37)}${String(v)}\n`).join('')
      process.stdout.write(text)
    }
  } finally {
    await service?.close()
    await rm(dir, { recursive: true, force: true })
  }
}

main().catch((e: unknown) => { process.stderr.write(`bench failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`); process.exit(1) })
