/**
 * `aedes-ota demo` (`npm start`): the main job end to end on real firmware.
 *
 * In a scratch folder: dev PKI and signing keys; the micro:bit V2 runtime 7.0.6 (factory)
 * and 8.1.10 (release) fetched from npm and verified; both signed; the TLS broker with the
 * plugin; the release handed over by an operator; N devices as separate processes, each
 * provisioned with the factory image in slot A, updating to the release. Exits 0 only when
 * every device confirmed the new version. `--dashboard-port` serves the broker's dashboard
 * meanwhile, `--keep` keeps both up after the devices finish (until SIGINT or SIGTERM).
 * `--bad-release` marks the release bad (every device's health check fails on it): each device
 * then reverts to the factory image by itself, and the demo exits 0 only when every one did.
 * `--rollout` runs the staged-rollout demo instead (./demo-rollout.ts). `--broker mosquitto` runs
 * either through Debian's Mosquitto with `aedes-ota service` beside it (./demo-broker.ts): the
 * release is published, and the devices update, through Mosquitto and its ACL.
 */
import { Option, type Command } from 'commander'
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { initPki, type PkiLayout } from '../../certs/index.js'
import { OtaError, Topics } from '../../proto/index.js'
import { writeFileAtomic } from '../../proto/files.js'
import { KeyFiles, checkReleasePatches, createRelease, initKeys, readKeyFile, type Release } from '../../sign/index.js'
import { readTokenFile } from '../../broker/dashboard/token.js'
import { publishBundle } from '../../operator/index.js'
import { fetchMicrobitImage, defaultCacheDir } from '../firmware.js'
import { intArg, outcomeTable, statusLine, type DeviceOutcome } from '../output.js'
import { readOrFail } from '../credentials.js'
import { DEFAULT_SERVICE_ID, requireMosquitto } from '../service-mode/index.js'
import { runRolloutDemo } from './demo-rollout.js'
import { DEMO_BROKERS, startDemoBroker, type DemoBrokerKind } from './demo-broker.js'

/** The options of `demo`, parsed. */
export interface DemoOptions {
  devices: number
  json: boolean
  dir?: string
  model: string
  image?: string
  factoryImage?: string
  factoryVersion?: string
  releaseVersion?: string
  cache?: string
  timeoutMs: number
  rollout: boolean
  /** serve the dashboard of the demo's broker on this port (0: a free one); default none */
  dashboardPort?: number
  /** a bearer token file (mode 0600) the dashboard accepts besides operator certificates */
  dashboardTokenFile?: string
  /** stay up after the devices finish, until SIGINT or SIGTERM */
  keep?: boolean
  /** ship a delta from the factory image and the compressed image (default true; `--no-delta`: the image only) */
  delta: boolean
  /** the release is bad: every device's health check fails on it, so every device reverts (plain demo only) */
  badRelease?: boolean
  /** the plugin's broker (default), or Debian's Mosquitto with `aedes-ota service` beside it */
  broker: DemoBrokerKind
}


const CLI = fileURLToPath(new URL('../main.js', import.meta.url))

/** Adds `demo` (`npm start`): the main job end to end on real firmware; exit code 0 only when every device confirmed. */
export function registerDemo (program: Command): void {
  program.command('demo')
    .description('end to end on real firmware: PKI, keys, signed micro:bit 7.0.6 -> 8.1.10 release, TLS broker, N device processes')
    .option('--devices <n>', 'number of device processes', intArg(1, 200), 5)
    .option('--json', 'print one JSON object { devices: [...], auditLog } at the end', false)
    .option('--dir <dir>', 'scratch folder (default: a new one under the OS temp folder)')
    .option('--model <model>', 'device model', 'microbit-v2')
    .option('--image <file>', 'release image (default: micro:bit runtime 8.1.10)')
    .option('--factory-image <file>', 'factory image in slot A (default: micro:bit runtime 7.0.6)')
    .option('--factory-version <v>', 'version of --factory-image', undefined)
    .option('--release-version <v>', 'version of --image', undefined)
    .option('--cache <dir>', 'firmware download cache', defaultCacheDir())
    .option('--timeout-ms <ms>', 'give up on a device after this long', intArg(5000, 3_600_000), 300_000)
    .option('--dashboard-port <port>', 'serve the read-only HTTPS dashboard of the demo\'s broker on this port (0: a free one); its URL is printed as "dashboard <url>"', intArg(0, 65535))
    .option('--dashboard-token-file <file>', 'a bearer token the dashboard accepts besides operator certificates (mode 0600, as for broker --dashboard-token-file)')
    .option('--keep', 'keep the broker (and dashboard) up after the devices finish, until Ctrl-C (SIGINT) or SIGTERM', false)
    .option('--no-delta', 'release the image only: no delta from the factory image, no compressed image (default: both, and devices download the delta)')
    .option('--bad-release', 'mark the release bad: every device\'s health check fails on it, so each device reverts to the factory image by itself (REVERTED OTA_HEALTH_CHECK); exit 0 when every device did', false)
    .addOption(new Option('--broker <broker>', 'aedes: the broker with the plugin; mosquitto: Debian\'s Mosquitto (/usr/sbin/mosquitto) with the generated ACL and aedes-ota service beside it').choices(DEMO_BROKERS).default('aedes'))
    .option('--rollout', 'a staged rollout instead (8 devices by default, waves 25%,50%,100%, one device whose health check fails): shows the broker pausing the rollout by itself and which devices never got the release', false)
    .action(async (o: DemoOptions, cmd: Command) => {
      // The rollout demo's fleet is 8 devices unless --devices says otherwise.
      if (o.rollout && cmd.getOptionValueSource('devices') === 'default') o.devices = 8
      if (o.rollout && (o.dashboardPort !== undefined || o.dashboardTokenFile !== undefined || o.keep === true || o.badRelease === true)) {
        throw new OtaError('OTA_INVALID_ARGUMENT', '--dashboard-port, --dashboard-token-file, --keep and --bad-release are options of the plain demo, not of --rollout')
      }
      if (o.dashboardPort === undefined && o.dashboardTokenFile !== undefined) throw new OtaError('OTA_INVALID_ARGUMENT', '--dashboard-token-file needs --dashboard-port')
      // Before any download or key: a demo that cannot start its broker stops at once.
      if (o.broker === 'mosquitto') await requireMosquitto()
      process.exitCode = o.rollout ? await runRolloutDemo(o) : await runDemo(o)
    })
}

async function image (file: string | undefined, version: '7.0.6' | '8.1.10', cacheDir: string, say: (s: string) => void): Promise<Buffer> {
  if (file !== undefined) return await readOrFail(file)
  const f = await fetchMicrobitImage(version, { cacheDir, log: say })
  return await readFile(f.path)
}

/** What both demos set up before the broker starts: PKI, keys, the two signed releases. */
export interface DemoSetup {
  dir: string
  pki: PkiLayout
  keysDir: string
  rootBytes: Buffer
  fromVersion: string
  toVersion: string
  factoryBundle: string
  releaseBundle: string
  release: Release
}

/**
 * Scratch folder, dev PKI with `devices` devices, signing keys, the factory and release images
 * (fetched and verified, or the given files), both signed and written as bundles.
 */
export async function prepareDemo (o: DemoOptions, say: (s: string) => void): Promise<DemoSetup> {
  const dir = o.dir ?? await mkdtemp(join(tmpdir(), 'aedes-ota-demo-'))
  await mkdir(dir, { recursive: true })
  say(`scratch folder ${dir}`)

  // Beside Mosquitto the service connects with an operator certificate of its own.
  const pki = await initPki({ out: join(dir, 'pki'), model: o.model, devices: o.devices, ...(o.broker === 'mosquitto' ? { operators: ['operator', DEFAULT_SERVICE_ID] } : {}) })
  const keysDir = join(dir, 'keys')
  await initKeys({ out: keysDir, models: [o.model] })
  const signer = await readKeyFile(join(keysDir, KeyFiles.release))
  const rootBytes = await readFile(join(keysDir, KeyFiles.trust))

  const fromVersion = o.factoryVersion ?? (o.factoryImage !== undefined ? '1.0.0' : '7.0.6')
  const toVersion = o.releaseVersion ?? (o.image !== undefined ? '2.0.0' : '8.1.10')
  const [factoryImage, releaseImage] = [await image(o.factoryImage, '7.0.6', o.cache ?? defaultCacheDir(), say), await image(o.image, '8.1.10', o.cache ?? defaultCacheDir(), say)]
  const now = Date.now()
  const factory = createRelease({ image: factoryImage, model: o.model, version: fromVersion, securityVersion: 1, sequence: 1, signers: [signer], createdAt: now, releaseNotes: 'factory image' })
  const release = createRelease({
    image: releaseImage, model: o.model, version: toVersion, securityVersion: 2, sequence: 2, signers: [signer], createdAt: now, urgency: 1, releaseNotes: `${o.model} runtime ${toVersion}`,
    ...(o.delta ? { bases: [{ image: factoryImage, version: fromVersion }], compress: true } : {})
  })
  if (o.delta) await checkReleasePatches(releaseImage, release.manifest, release.patchBytes, [{ image: factoryImage, version: fromVersion }])
  await mkdir(join(dir, 'releases'), { recursive: true })
  const factoryBundle = join(dir, 'releases', `factory-${fromVersion}.bundle`)
  const releaseBundle = join(dir, 'releases', `release-${toVersion}.bundle`)
  await writeFileAtomic(factoryBundle, factory.bundle, 0o644)
  await writeFileAtomic(releaseBundle, release.bundle, 0o644)
  say(`signed ${o.model} ${fromVersion} (${factory.manifest.image.size} bytes, factory) and ${toVersion} (${release.manifest.image.size} bytes, release)`)
  for (const v of release.patches) say(`  ${v.baseVersion === null ? 'compressed image' : `delta from ${v.baseVersion}`}: ${v.size} bytes, ${v.shipped ? 'shipped' : 'not shipped'} (${v.why})`)
  return { dir, pki, keysDir, rootBytes, fromVersion, toVersion, factoryBundle, releaseBundle, release }
}

async function runDemo (o: DemoOptions): Promise<number> {
  const say = (s: string): void => { process.stderr.write(s + '\n') }
  // Read first: a token file others may read fails before any work is done.
  const token = o.dashboardTokenFile !== undefined ? await readTokenFile(o.dashboardTokenFile) : undefined
  const setup = await prepareDemo(o, say)
  const { dir, pki, keysDir, fromVersion, toVersion, factoryBundle, release } = setup

  const broker = await startDemoBroker(o.broker, setup, {
    ...(o.dashboardPort !== undefined ? { dashboardPort: o.dashboardPort } : {}),
    ...(token !== undefined ? { dashboardToken: token, dashboardTokenFile: o.dashboardTokenFile! } : {})
  })
  let stopStatus: (() => Promise<void>) | undefined
  try {
    if (broker.kind === 'mosquitto') say(`Mosquitto ${broker.url} (TLS, client certificates, the ACL of aedes-ota acl mosquitto) with aedes-ota service beside it`)
    if (broker.dashboardUrl !== undefined) say(`dashboard ${broker.dashboardUrl}`)
    const [op, announced] = await broker.asOperator(async (c) => [c.operatorId, await publishBundle({ ...c, bundle: release.bundle })] as const)
    say(`operator ${op} published ${announced.model} ${announced.version}; ${broker.name} verified and announced it on ${new Topics().manifest(o.model)}`)
    stopStatus = broker.onStatus((e) => { say(statusLine(e)) })

    const bad = o.badRelease === true
    // A bad release as a device finds it: its health check fails on that version only.
    if (bad) say(`the release ${toVersion} is bad: every device's health check fails on it (--health-check 'test "$OTA_VERSION" != ${toVersion}')`)
    const extra = bad ? ['--health-check', `test "$OTA_VERSION" != '${toVersion}'`] : []
    const results = await Promise.all(pki.devices.map(async (d) => await runDeviceProcess(d.id, {
      pki: pki.dir, trust: keysDir, state: join(dir, 'devices', d.id), broker: broker.url, provision: factoryBundle, timeoutMs: o.timeoutMs, extra
    }, fromVersion, toVersion)))
    await stopStatus()
    const running = new Map((await broker.inventory()).map((d) => [d.deviceId, d.currentVersion]))
    const ok = bad
      ? results.every((r) => r.result === 'reverted' && r.code === 'OTA_HEALTH_CHECK' && running.get(r.id) === fromVersion)
      : results.every((r) => r.result === 'confirmed' && r.to === toVersion)
    if (o.json) {
      const m = release.manifest
      const summary = { imageBytes: m.image.size, deltaBytes: m.deltas[0]?.patch.size ?? 0, compressedBytes: m.compressedImage?.patch.size ?? 0, bytesSent: results.reduce((a, r) => a + r.bytes, 0) }
      process.stdout.write(JSON.stringify({ broker: broker.kind, devices: results, auditLog: broker.auditLog, release: summary }) + '\n')
    } else {
      process.stdout.write('\n' + outcomeTable(results) + '\n')
      process.stdout.write('\n' + bytesSummary(results, release) + '\n')
      const verdict = bad
        ? ok ? `all ${results.length} devices reverted to ${fromVersion} by themselves: ${toVersion} failed its health check` : `NOT every device reverted to ${fromVersion}`
        : ok ? `all ${results.length} devices confirmed ${toVersion}` : 'NOT every device confirmed the release'
      process.stdout.write(`\naudit log: ${await broker.auditFile()}\n${verdict}\n`)
    }
    if (o.keep === true) {
      say(`${broker.kind === 'mosquitto' ? `Mosquitto ${broker.url} and the service` : `broker ${broker.url}`}${broker.dashboardUrl !== undefined ? ` and dashboard ${broker.dashboardUrl}` : ''} stay up: Ctrl-C to stop`)
      await new Promise<void>((resolve) => {
        const done = (): void => { process.off('SIGINT', done); process.off('SIGTERM', done); resolve() }
        process.once('SIGINT', done)
        process.once('SIGTERM', done)
      })
    }
    return ok ? 0 : 1
  } finally {
    await stopStatus?.()
    await broker.close()
  }
}

/** Bytes sent to the devices against what the image alone would have cost. */
function bytesSummary (results: readonly DeviceOutcome[], release: Release): string {
  const size = release.manifest.image.size
  const sent = results.reduce((a, r) => a + r.bytes, 0)
  const m = release.manifest
  const how = m.deltas.length > 0 ? `a delta of ${m.deltas[0]!.patch.size} bytes from ${m.deltas[0]!.baseVersion}` : m.compressedImage !== null ? `the compressed image (${m.compressedImage.patch.size} bytes)` : 'the image'
  return `bytes sent: ${sent} to ${results.length} devices, ${(100 * sent / (size * Math.max(1, results.length))).toFixed(1)} % of sending the ${size}-byte image to each (release carries ${how})`
}

function runDeviceProcess (id: string, a: { pki: string, trust: string, state: string, broker: string, provision: string, timeoutMs: number, extra: string[] }, from: string, to: string): Promise<DeviceOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'device', '--pki', a.pki, '--id', id, '--trust', a.trust, '--state', a.state, '--broker', a.broker,
      '--provision', a.provision, '--once', '--json', '--timeout-ms', String(a.timeoutMs), ...a.extra], { stdio: ['ignore', 'pipe', 'pipe'] })
    let last: Record<string, unknown> | null = null
    let stderr = ''
    createInterface({ input: child.stdout }).on('line', (line) => {
      try { last = JSON.parse(line) as Record<string, unknown> } catch { /* not the outcome line */ }
    })
    child.stderr.on('data', (b: Buffer) => { stderr = (stderr + b.toString()).slice(-2000) })
    child.on('close', (code) => {
      const r = last as Record<string, unknown> | null
      if (r !== null && r.result === 'confirmed') {
        resolve({ id, from: String(r.from), to: String(r.to), result: 'confirmed', seconds: Number(r.seconds), bytes: Number(r.bytes) })
      } else {
        // A revert names the release it gave up on; other failures reached no version.
        resolve({ id, from, to: r?.result === 'reverted' ? to : '', result: String(r?.result ?? 'failed'), seconds: 0, bytes: 0, code: String(r?.code ?? `exit ${String(code)}`), detail: String(r?.detail ?? stderr.trim().split('\n').pop() ?? '') })
      }
    })
  })
}
