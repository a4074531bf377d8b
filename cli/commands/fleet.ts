/** `aedes-ota fleet`: many simulated devices in one process, for fleet tests and load. */
import type { Command } from 'commander'
import { join } from 'node:path'
import { readPki } from '../../certs/index.js'
import { OtaError } from '../../proto/index.js'
import type { OtaDevice, TrustedTime } from '../../client/index.js'
import { readTrust } from '../credentials.js'
import { intArg, outcomeTable, statusLine, stderrLogger, type DeviceOutcome } from '../output.js'
import { logLevelOption, type LogLevel } from '../options.js'
import { deviceRuntimeOptions, prepareDevice } from '../run-device.js'

interface FleetOptions { pki: string, trust: string, state: string, broker: string, servername?: string, count?: number, provision?: string, once: boolean, json: boolean, timeoutMs: number, backoffInitialMs?: number, backoffMaxMs?: number, trustedTime?: TrustedTime, transferTimeout?: number, patches: boolean, logLevel: LogLevel }

/** Adds `fleet`: many devices in one process; `--once` exits 0 only when every device confirmed or was up to date. */
export function registerFleet (program: Command): void {
  const cmd = program.command('fleet')
    .description('run the PKI\'s devices (or the first --count) in one process, each with its state in <state>/<id>')
    .requiredOption('--pki <dir>', 'PKI folder with the device certificates')
    .requiredOption('--trust <dir>', 'folder holding root.bin, the trust anchor')
    .requiredOption('--state <dir>', 'folder for the devices\' state folders')
    .option('--broker <url>', 'broker URL', 'mqtts://127.0.0.1:8883')
    .option('--servername <name>', 'name the broker\'s certificate must carry (default: the broker URL\'s host; for an IP address, the certificate\'s IP SANs are checked)')
    .option('--count <n>', 'number of devices (default: all in the PKI)', intArg(1, 100_000))
    .option('--provision <bundle>', 'factory bundle for devices without state')
    .option('--once', 'exit once every device confirmed, failed or reverted one update, or was up to date: 0 only if none failed or reverted', false)
    .option('--json', 'with --once, print one JSON object { devices: [...] }', false)
    .option('--timeout-ms <ms>', 'with --once, give up after this long', intArg(1000, 86_400_000), 600_000)
  deviceRuntimeOptions(cmd)
    .addOption(logLevelOption('log level (JSON lines on stderr)', 'warn'))
    .action(async (o: FleetOptions) => { process.exitCode = await runFleet(o) })
}

async function runFleet (o: FleetOptions): Promise<number> {
  const pki = await readPki(o.pki)
  const trust = await readTrust(o.trust)
  const ids = pki.devices.slice(0, o.count ?? pki.devices.length).map((d) => d.id)
  if (ids.length === 0) throw new OtaError('OTA_INVALID_ARGUMENT', `no device certificates in ${o.pki}`)
  const logger = stderrLogger(o.logLevel, 'aedes-ota-fleet')
  const outcomes = new Map<string, DeviceOutcome>()
  const devices: OtaDevice[] = []
  let settle: () => void = () => {}
  const allSettled = new Promise<void>((resolve) => { settle = resolve })
  const record = (x: DeviceOutcome): void => { outcomes.set(x.id, x); if (outcomes.size === ids.length) settle() }
  for (const id of ids) {
    const d = await prepareDevice({
      pki, id, trust, stateDir: join(o.state, id), broker: o.broker, logger,
      ...(o.servername !== undefined ? { servername: o.servername } : {}),
      ...(o.provision !== undefined ? { provision: o.provision } : {}),
      ...(o.trustedTime !== undefined ? { trustedTime: o.trustedTime } : {}),
      ...(o.transferTimeout !== undefined ? { transferTimeoutMs: o.transferTimeout } : {}),
      patches: o.patches,
      backoffInitialMs: o.backoffInitialMs,
      backoffMaxMs: o.backoffMaxMs
    })
    d.on('status', (e) => { if (!o.json) process.stderr.write(statusLine(e) + '\n') })
    d.on('confirmed', (c) => record({ id, result: 'confirmed', from: c.from, to: c.to, seconds: c.seconds, bytes: c.bytes, code: '' }))
    d.on('upToDate', (u) => { if (!outcomes.has(id)) record({ id, result: 'up-to-date', from: u.version, to: u.version, seconds: 0, bytes: 0, code: '' }) })
    d.on('failed', (e) => record({ id, result: 'failed', from: '', to: '', seconds: 0, bytes: 0, code: e.code }))
    d.on('reverted', (e) => record({ id, result: 'reverted', from: '', to: '', seconds: 0, bytes: 0, code: e.code }))
    devices.push(d)
  }
  // Set before start(), as for `device`: with --once, waiting for the broker counts against the timeout.
  const deadline = new Promise<boolean>((resolve) => { if (o.once) setTimeout(() => resolve(true), o.timeoutMs).unref() })
  const started = Promise.all(devices.map(async (d) => await d.start()))
  const stopAll = async (): Promise<void> => { await Promise.all(devices.map(async (d) => await d.stop().catch(() => {}))) }
  if (!o.once) {
    await started
    await new Promise<void>((resolve) => { process.once('SIGINT', resolve); process.once('SIGTERM', resolve) })
    await stopAll()
    return 0
  }
  const timedOut = await Promise.race([started.then(async () => { await allSettled; return false }), deadline])
  await stopAll()
  for (const id of ids) if (!outcomes.has(id)) outcomes.set(id, { id, result: 'failed', from: '', to: '', seconds: 0, bytes: 0, code: timedOut ? 'OTA_TIMEOUT' : '' })
  const rows = ids.map((id) => outcomes.get(id)!)
  if (o.json) process.stdout.write(JSON.stringify({ devices: rows }) + '\n')
  else process.stdout.write(outcomeTable(rows) + '\n')
  return rows.every((r) => r.result === 'confirmed' || r.result === 'up-to-date') ? 0 : 1
}
