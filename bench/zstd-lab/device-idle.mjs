// Idle RSS of a real device process: the project's `aedes-ota device` connected over mutual-TLS
// MQTT to a broker on loopback that has nothing newer to offer. Reads VmRSS / VmHWM of the child
// after it has been connected and idle for a while, then stops it (by its own pid).
// Usage (after npm run build): node bench/zstd-lab/device-idle.mjs [SECONDS_IDLE=8]
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist')
const imp = (p) => import(pathToFileURL(path.join(dist, p)).href)
const { initPki } = await imp('certs/index.js')
const { KeyFiles, createRelease, initKeys, readKeyFile } = await imp('sign/index.js')
const { startOtaBroker } = await imp('broker/index.js')
const idleS = Number(process.argv[2] ?? 8)

const dir = await mkdtemp(path.join(tmpdir(), 'zstd-lab-idle-'))
const model = 'idle'
const pki = await initPki({ out: path.join(dir, 'pki'), model, devices: 1 })
await initKeys({ out: path.join(dir, 'keys'), models: [model] })
const signer = await readKeyFile(path.join(dir, 'keys', KeyFiles.release))
const factory = createRelease({ image: randomBytes(1024 * 1024), model, version: '1.0.0', securityVersion: 1, sequence: 1, signers: [signer] })
await writeFile(path.join(dir, 'factory.bundle'), factory.bundle)
const broker = await startOtaBroker({ pki, trust: await readFile(path.join(dir, 'keys', KeyFiles.trust)), dataDir: path.join(dir, 'broker'), port: 0 })
const statuses = []
broker.plugin.on('status', (e) => statuses.push(e.state))
const id = pki.devices[0].id
const child = spawn(process.execPath, [path.join(dist, 'cli/main.js'), 'device', '--pki', pki.dir, '--id', id, '--trust', path.join(dir, 'keys'),
  '--state', path.join(dir, 'dev', id), '--broker', broker.url, '--provision', path.join(dir, 'factory.bundle'), '--json'], { stdio: ['ignore', 'pipe', 'pipe'] })
let out = ''
child.stdout.on('data', (b) => { out += b })
child.stderr.on('data', (b) => { out += b })
const status = () => {
  const s = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8')
  const kib = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)[1])
  return { rss: kib('VmRSS'), hwm: kib('VmHWM') }
}
const samples = []
for (let i = 0; i < idleS; i++) { await new Promise((resolve) => setTimeout(resolve, 1000)); samples.push(status().rss) }
const st = status()
child.kill('SIGTERM')
await new Promise((resolve) => child.on('close', resolve))
await broker.close()
await rm(dir, { recursive: true, force: true })
console.log(JSON.stringify({
  what: 'aedes-ota device, connected, idle', node: process.version, seconds: idleS, rss_samples_MiB: samples.map((k) => +(k / 1024).toFixed(1)),
  idle_rss_MiB: +(st.rss / 1024).toFixed(1), hwm_MiB: +(st.hwm / 1024).toFixed(1), status_events_seen_by_broker: statuses.length, states: [...new Set(statuses)], log_tail: out.slice(-300)
}))
