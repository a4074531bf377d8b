/**
 * `npm run bench:transfer [-- --json] [-- --size-mib N] [-- --rounds N] [-- --window CHUNKS] [-- --inflight FRAMES] [-- --cpu-prof DIR]`
 * (`--window`: the device's chunk window, default the device default; `--inflight`: the broker's
 * frames in flight per device, default the plugin default)
 *
 * One device downloading a 64 MiB image over mutual-TLS MQTT (every chunk's Merkle proof
 * verified, written into its inactive slot, the whole slot re-hashed), side by side in the same
 * run with a plain HTTPS download of the same bytes from a Node `https` server on loopback
 * (streamed to a file, hashed, digest checked: what hawkBit and Mender clients do), and with
 * Debian's `curl` from the same server to a file, then `sha256sum` over it (the fastest common
 * client; issue 9's second baseline).
 *
 * The servers run in this process and the clients in child processes, so each side has the
 * same two cores. MQTT time: from the device's DOWNLOADING event to its VERIFIED event (both
 * stamped by the broker on receipt). Node HTTPS time: from request to verified file. curl time:
 * curl's own `time_total` plus the `sha256sum` run. Rounds alternate between the three; the
 * median of each is reported. MB = 10^6 bytes.
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

const args = process.argv.slice(2)
const json = args.includes('--json')
const opt = (name: string, dflt: number): number => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : dflt }
const sizeMiB = opt('--size-mib', 64)
const rounds = opt('--rounds', 5)
const window = opt('--window', 0)
const inflight = opt('--inflight', 0)
// `--cpu-prof DIR`: the device processes write V8 CPU profiles there (run the bench itself with
// `node --cpu-prof` to profile the broker side).
const profAt = args.indexOf('--cpu-prof')
const profDir = profAt >= 0 ? args[profAt + 1] : undefined
const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url))
const HTTPS_CLIENT = fileURLToPath(new URL('./https-client.js', import.meta.url))
const say = (s: string): void => { if (!json) process.stderr.write(s + '\n') }

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

async function main (): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'aedes-ota-bench-'))
  try {
    const model = 'bench'
    const pki = await initPki({ out: join(dir, 'pki'), model, devices: rounds })
    await initKeys({ out: join(dir, 'keys'), models: [model] })
    const signer = await readKeyFile(join(dir, 'keys', KeyFiles.release))
    const image = randomBytes(sizeMiB * 1024 * 1024)
    const imagePath = join(dir, 'image.bin')
    await writeFile(imagePath, image)
    const factory = createRelease({ image: randomBytes(4096), model, version: '1.0.0', securityVersion: 1, sequence: 1, signers: [signer] })
    const release = createRelease({ image, model, version: '2.0.0', securityVersion: 2, sequence: 2, signers: [signer] })
    await writeFile(join(dir, 'factory.bundle'), factory.bundle)
    const digest = toHex(release.manifest.image.sha256)

    const broker = await startOtaBroker({ pki, trust: await readFile(join(dir, 'keys', KeyFiles.trust)), dataDir: join(dir, 'broker'), port: 0, ...(inflight > 0 ? { plugin: { maxInflightFrames: inflight } } : {}) })
    await broker.plugin.publishRelease(release.bundle, 'bench')
    const marks = new Map<string, { start?: number, end?: number }>()
    broker.plugin.on('status', (e: StatusEvent) => {
      const m = marks.get(e.deviceId) ?? {}
      if (e.state === State.DOWNLOADING && m.start === undefined) m.start = e.receivedAt
      if (e.state === State.VERIFIED) m.end = e.receivedAt
      marks.set(e.deviceId, m)
    })

    const [key, cert] = await Promise.all([readFile(pki.server.key), readFile(pki.server.cert)])
    const https = createServer({ key, cert, minVersion: 'TLSv1.3' }, (req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': image.length })
      createReadStream(imagePath).pipe(res)
    })
    await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', () => resolve()))
    const httpsPort = (https.address() as AddressInfo).port
    const httpsUrl = `https://127.0.0.1:${httpsPort}/image.bin`

    const curlUrl = `https://localhost:${httpsPort}/image.bin`
    const mqttMBps: number[] = []
    const httpsMBps: number[] = []
    const curlMBps: number[] = []
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

      const id = pki.devices[r]!.id
      const d = await run(process.execPath, [...(profDir !== undefined ? ['--cpu-prof', '--cpu-prof-dir', profDir] : []), CLI, 'device', '--pki', pki.dir, '--id', id, '--trust', join(dir, 'keys'), '--state', join(dir, 'dev', id),
        '--broker', broker.url, '--provision', join(dir, 'factory.bundle'), '--once', '--json', '--timeout-ms', '120000', ...(window > 0 ? ['--window', String(window)] : [])], 150_000)
      const m = marks.get(id)
      if (d.code !== 0 || m?.start === undefined || m.end === undefined) throw new Error(`device ${id} failed: ${d.stdout} ${d.stderr}`)
      mqttMBps.push(image.length / 1e6 / ((m.end - m.start) / 1000))
      await rm(join(dir, 'dev', id), { recursive: true, force: true })
      say(`round ${r + 1}/${rounds}: MQTT ${mqttMBps[r]!.toFixed(1)} MB/s, Node HTTPS ${httpsMBps[r]!.toFixed(1)} MB/s, curl ${curlMBps[r]!.toFixed(1)} MB/s`)
    }
    const stats = { ...broker.plugin.stats }
    await new Promise<void>((resolve) => https.close(() => resolve()))
    await broker.close()

    const result = {
      image_bytes: image.length,
      chunk_size: release.manifest.image.chunkSize,
      rounds,
      mqtt_MBps: Number(median(mqttMBps).toFixed(2)),
      https_MBps: Number(median(httpsMBps).toFixed(2)),
      ratio: Number((median(mqttMBps) / median(httpsMBps)).toFixed(3)),
      curl_MBps: Number(median(curlMBps).toFixed(2)),
      ratio_curl: Number((median(mqttMBps) / median(curlMBps)).toFixed(3)),
      mqtt_runs_MBps: mqttMBps.map((x) => Number(x.toFixed(2))),
      https_runs_MBps: httpsMBps.map((x) => Number(x.toFixed(2))),
      curl_runs_MBps: curlMBps.map((x) => Number(x.toFixed(2))),
      broker_frames_sent: stats.framesSent,
      broker_requests_dropped: stats.requestsDropped
    }
    if (json) process.stdout.write(JSON.stringify(result) + '\n')
    else process.stdout.write(`\n${sizeMiB} MiB image, chunks of ${result.chunk_size} bytes, median of ${rounds} rounds\n  mTLS MQTT (aedes-ota):  ${result.mqtt_MBps} MB/s\n  Node HTTPS (baseline):  ${result.https_MBps} MB/s\n  curl + sha256sum:       ${result.curl_MBps} MB/s\n  ratio MQTT/Node HTTPS:  ${result.ratio}\n  ratio MQTT/curl:        ${result.ratio_curl}\n`)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

main().catch((e: unknown) => { process.stderr.write(`bench failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`); process.exit(1) })
