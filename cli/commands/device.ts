/** `aedes-ota device`: run one device (slots and state in a folder). */
import type { Command } from 'commander'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { SingleBar } from 'cli-progress'
import { readPki } from '../../certs/index.js'
import { KeyFiles, OtaError, toOtaError, verifyRoot } from '../../proto/index.js'
import { OtaDevice, provisionDevice } from '../../client/index.js'
import { intArg, stderrLogger } from '../output.js'

interface DeviceCliOptions {
  pki: string
  id: string
  trust: string
  state: string
  broker: string
  provision?: string
  once: boolean
  json: boolean
  window?: number
  timeoutMs: number
  logLevel: string
}

export function registerDevice (program: Command): void {
  program.command('device')
    .description('run one device: verify manifests, download into the inactive slot, trial-boot, confirm or revert')
    .requiredOption('--pki <dir>', 'PKI folder holding the CA and this device\'s certificate')
    .requiredOption('--id <id>', 'device id (the certificate CN)')
    .requiredOption('--trust <dir>', 'folder holding root.bin, the trust anchor')
    .requiredOption('--state <dir>', 'folder for slot-a.bin, slot-b.bin and state.json')
    .option('--broker <url>', 'broker URL', 'mqtts://127.0.0.1:8883')
    .option('--provision <bundle>', 'factory image: on first start, verify this bundle and write it to slot A')
    .option('--once', 'exit after one update: 0 when confirmed, 1 when it failed or reverted', false)
    .option('--json', 'with --once, print the outcome as one JSON line on stdout', false)
    .option('--window <chunks>', 'chunk requests outstanding (default: the device default, 64)', intArg(1, 512))
    .option('--timeout-ms <ms>', 'with --once, give up after this long', intArg(1000, 86_400_000), 600_000)
    .option('--log-level <level>', 'log level (JSON lines on stderr)', 'warn')
    .action(async (o: DeviceCliOptions) => { await runDevice(o) })
}

async function runDevice (o: DeviceCliOptions): Promise<void> {
  const pki = await readPki(o.pki)
  const me = pki.devices.find((d) => d.id === o.id)
  if (me === undefined) throw new OtaError('OTA_INVALID_ARGUMENT', `no device ${o.id} in ${o.pki}`)
  const read = async (p: string): Promise<Buffer> => await readFile(p).catch((e) => { throw toOtaError(e, 'OTA_IO', `cannot read ${p}`) })
  const [rootBytes, ca, cert, key] = await Promise.all([read(join(o.trust, KeyFiles.trust)), read(pki.ca.cert), read(me.cert), read(me.key)])
  const trust = verifyRoot(new Uint8Array(rootBytes))
  if (o.provision !== undefined) {
    const bundle = await read(o.provision)
    await provisionDevice({ stateDir: o.state, bundle, trust }).catch((e: unknown) => {
      // An already provisioned device keeps its state: provisioning is for the factory only.
      if (!(e instanceof OtaError && e.code === 'OTA_STATE')) throw e
    })
  }
  const logger = stderrLogger(o.logLevel as 'warn', 'aedes-ota-device').child({ deviceId: me.id, model: me.model })
  const device = new OtaDevice({ id: me.id, model: me.model, stateDir: o.state, trust, broker: o.broker, tls: { ca, cert, key }, ...(o.window !== undefined ? { window: o.window } : {}), logger })

  const bar = process.stderr.isTTY && !o.json ? new SingleBar({ format: `${me.id} [{bar}] {percentage}% {value}/{total} bytes`, hideCursor: true }) : null
  let barStarted = false
  device.on('progress', (p: { received: number, total: number }) => {
    if (bar === null) return
    if (!barStarted) { bar.start(p.total, 0); barStarted = true }
    bar.update(p.received)
  })

  const done = new Promise<{ code: number, line: Record<string, unknown> }>((resolve) => {
    device.on('confirmed', (r: { from: string, to: string, seconds: number, bytes: number }) => resolve({ code: 0, line: { id: me.id, result: 'confirmed', ...r } }))
    const bad = (result: string) => (e: OtaError) => resolve({ code: 1, line: { id: me.id, result, code: e.code, detail: e.message } })
    device.on('failed', bad('failed'))
    device.on('reverted', bad('reverted'))
  })
  await device.start()
  const stop = async (code: number): Promise<never> => { bar?.stop(); await device.stop().catch(() => {}); process.exit(code) }
  process.once('SIGINT', () => { void stop(130) })
  process.once('SIGTERM', () => { void stop(143) })
  if (!o.once) return
  const timer = setTimeout(() => {
    process.stdout.write(JSON.stringify({ id: me.id, result: 'failed', code: 'OTA_TIMEOUT', detail: `no update outcome within ${o.timeoutMs} ms` }) + '\n')
    void stop(1)
  }, o.timeoutMs)
  const r = await done
  clearTimeout(timer)
  bar?.stop()
  process.stdout.write(o.json ? JSON.stringify(r.line) + '\n' : `${me.id}: ${String(r.line.result)} ${r.line.from !== undefined ? `${String(r.line.from)} -> ${String(r.line.to)}` : String(r.line.code)}\n`)
  await stop(r.code)
}
