/** `aedes-ota device`: run one device (slots and state in a folder). */
import type { Command } from 'commander'
import { SingleBar } from 'cli-progress'
import { readPki } from '../../certs/index.js'
import type { OtaError } from '../../proto/index.js'
import { armCrashPointsFromEnv } from '../crash-points.js'
import type { ConfirmedEvent, TrustedTime, UpToDateEvent } from '../../client/index.js'
import { collect, consentFromFlags, endOfLifeText, offerText } from '../device-consent.js'
import { readTrust } from '../credentials.js'
import { intArg, stderrLogger } from '../output.js'
import { DeviceDefaults } from '../../client/options.js'
import { durationArg, logLevelOption, type LogLevel } from '../options.js'
import { deviceRuntimeOptions, prepareDevice } from '../run-device.js'
import { bootFromFlags, deviceBootOptions, type BootFlags } from '../device-boot.js'

interface DeviceCliOptions extends BootFlags {
  pki: string
  id: string
  trust: string
  state: string
  broker: string
  servername?: string
  provision?: string
  once: boolean
  json: boolean
  window?: number
  backoffInitialMs?: number
  backoffMaxMs?: number
  trustedTime?: TrustedTime
  transferTimeout?: number
  patches: boolean
  timeoutMs: number
  healthCheck?: string
  healthCheckTimeout?: number
  trialBoots?: number
  onEndOfLife?: string
  consent?: string
  maintenanceWindow?: string[]
  defer?: string
  decline?: boolean
  logLevel: LogLevel
}

/**
 * Adds `device`: one device with its slots and state in a folder. It waits for the broker (retrying
 * with backoff) when it is down. `--once` exits 0 on confirm or when there is nothing to install
 * ("up to date"), 1 on failure or revert.
 */
export function registerDevice (program: Command): void {
  const cmd = program.command('device')
    .description('run one device: verify manifests, download into the inactive slot, trial-boot, confirm or revert')
    .requiredOption('--pki <dir>', 'PKI folder holding the CA and this device\'s certificate')
    .requiredOption('--id <id>', 'device id (the certificate CN)')
    .requiredOption('--trust <dir>', 'folder holding root.bin, the trust anchor')
    .requiredOption('--state <dir>', 'folder for state.json (and slot-a.bin, slot-b.bin unless --slot-a/--slot-b)')
    .option('--broker <url>', 'broker URL', 'mqtts://127.0.0.1:8883')
    .option('--servername <name>', 'name the broker\'s certificate must carry (default: the broker URL\'s host; for an IP address, the certificate\'s IP SANs are checked)')
    .option('--provision <bundle>', 'factory image: on first start, verify this bundle and write it to slot A')
    .option('--once', 'exit after one update: 0 when confirmed or up to date, 1 when it failed or reverted', false)
    .option('--json', 'with --once, print the outcome as one JSON line on stdout', false)
    .option('--window <chunks>', 'chunk requests outstanding (default: the device default, 64)', intArg(1, 512))
    .option('--timeout-ms <ms>', 'with --once, give up after this long (waiting for the broker included)', intArg(1000, 86_400_000), 600_000)
    .option('--consent <policy>', 'auto: install at once (default); ask: ask on the terminal, or answer with --defer/--decline; window: install inside --maintenance-window only. A critical release installs when its maximum deferral runs out')
    .option('--maintenance-window <CRON[@TZ]/DURATION>', 'maintenance window (repeatable; implies --consent window), e.g. "0 2 * * *@Europe/Berlin/2h"', collect)
    .option('--defer <duration>', 'with --consent ask: defer every offered release by this long (e.g. 30m, 2h)')
    .option('--decline', 'with --consent ask: decline every offered release (a critical one is deferred instead)')
    .option('--on-end-of-life <command>', 'shell command run once per start when the model\'s end of support has passed; gets OTA_MODEL, OTA_VERSION, OTA_END_OF_LIFE_AT, OTA_END_OF_LIFE_NOTICE')
    .option('--health-check <command>', 'shell command run when a new image boots on trial: exit 0 confirms it, anything else (or no exit within --health-check-timeout) reverts it; gets OTA_VERSION, OTA_SLOT, OTA_DEVICE_ID')
    .option('--health-check-timeout <duration>', `deadline of the health check on a trial boot (the watchdog), 1ms to 1d, e.g. 30s or 5m: no verdict by then reverts the image and kills the command (default ${DeviceDefaults.healthCheckTimeoutMs / 1000}s)`, durationArg('--health-check-timeout', { minMs: 1, maxMs: 86_400_000, text: '1ms to 1d' }))
    .option('--trial-boots <n>', `boots a new image may take without being confirmed (crashes, hangs, power cuts) before the bootloader reverts it (default ${DeviceDefaults.maxTrialBoots})`, intArg(1, 255))
  deviceBootOptions(cmd)
  deviceRuntimeOptions(cmd)
    .addOption(logLevelOption('log level (JSON lines on stderr)', 'warn'))
    .action(async (o: DeviceCliOptions) => { await runDevice(o) })
}

/** The outcome line of `--once`, as text. */
function outcomeText (id: string, line: Record<string, unknown>): string {
  if (line.result === 'up-to-date') {
    const why = line.reason === 'refused' ? ` (announced ${String(line.announced)} was given up on before)` : line.reason === 'older' ? ` (announced ${String(line.announced)} is older than a release already accepted)` : ''
    return `${id}: up to date ${String(line.version)}${why}`
  }
  if (line.from !== undefined) return `${id}: ${String(line.result)} ${String(line.from)} -> ${String(line.to)}`
  return `${id}: ${String(line.result)} ${String(line.code)}`
}

async function runDevice (o: DeviceCliOptions): Promise<void> {
  // Torture tests only (cli/crash-points.ts): unset in every ordinary run.
  armCrashPointsFromEnv(process.env)
  const consent = consentFromFlags(o, process.stdin.isTTY && process.stderr.isTTY)
  const boot = await bootFromFlags(o)
  const device = await prepareDevice({
    pki: await readPki(o.pki), id: o.id, trust: await readTrust(o.trust), stateDir: o.state, broker: o.broker,
    ...boot,
    ...(o.servername !== undefined ? { servername: o.servername } : {}),
    ...(o.provision !== undefined ? { provision: o.provision } : {}),
    ...(o.window !== undefined ? { window: o.window } : {}),
    ...(o.healthCheck !== undefined ? { healthCheck: o.healthCheck } : {}),
    ...(o.healthCheckTimeout !== undefined ? { healthCheckTimeoutMs: o.healthCheckTimeout } : {}),
    ...(o.trialBoots !== undefined ? { maxTrialBoots: o.trialBoots } : {}),
    ...(o.onEndOfLife !== undefined ? { onEndOfLife: o.onEndOfLife } : {}),
    ...(o.trustedTime !== undefined ? { trustedTime: o.trustedTime } : {}),
    ...(o.transferTimeout !== undefined ? { transferTimeoutMs: o.transferTimeout } : {}),
    patches: o.patches,
    consent,
    backoffInitialMs: o.backoffInitialMs,
    backoffMaxMs: o.backoffMaxMs,
    logger: stderrLogger(o.logLevel, 'aedes-ota-device')
  })

  device.on('offered', (offer) => { process.stderr.write(offerText(o.id, offer) + '\n') })
  device.on('endOfLife', (e) => { process.stderr.write(endOfLifeText(o.id, e) + '\n') })
  const bar = process.stderr.isTTY && !o.json ? new SingleBar({ format: `${o.id} [{bar}] {percentage}% {value}/{total} bytes`, hideCursor: true }) : null
  let barStarted = false
  device.on('progress', (p) => {
    if (bar === null) return
    if (!barStarted) { bar.start(p.total, 0); barStarted = true }
    bar.update(p.received)
  })

  const done = new Promise<{ code: number, line: Record<string, unknown> }>((resolve) => {
    device.on('confirmed', (r: ConfirmedEvent) => { resolve({ code: 0, line: { id: o.id, result: 'confirmed', ...r } }) })
    device.on('upToDate', (u: UpToDateEvent) => { resolve({ code: 0, line: { id: o.id, result: 'up-to-date', ...u } }) })
    const bad = (result: string) => (e: OtaError) => { resolve({ code: 1, line: { id: o.id, result, code: e.code, detail: e.message } }) }
    device.on('failed', bad('failed'))
    device.on('reverted', bad('reverted'))
  })
  const stop = async (code: number): Promise<never> => { bar?.stop(); await device.stop().catch(() => {}); process.exit(code) }
  process.once('SIGINT', () => { void stop(130) })
  process.once('SIGTERM', () => { void stop(143) })
  // Set before start(): with --once, waiting for the broker counts against the timeout.
  const timer = o.once
    ? setTimeout(() => {
      process.stdout.write(JSON.stringify({ id: o.id, result: 'failed', code: 'OTA_TIMEOUT', detail: `no update outcome within ${o.timeoutMs} ms` }) + '\n')
      void stop(1)
    }, o.timeoutMs)
    : undefined
  await device.start()
  if (!o.once) return
  const r = await done
  clearTimeout(timer)
  bar?.stop()
  process.stdout.write(o.json ? JSON.stringify(r.line) + '\n' : outcomeText(o.id, r.line) + '\n')
  await stop(r.code)
}
