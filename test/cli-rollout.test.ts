/**
 * `aedes-ota rollout ...`, `broker --groups` and the new `status` columns, as real processes:
 * option errors exit 2 with the hint before anything connects (shares, durations, waves the
 * broker's spec rules refuse, --devices with --group); a broker process reads its groups file
 * (and refuses a bad one); plan prints waves, devices, excluded devices and warnings; start,
 * status (text, JSON, --watch), pause, resume and abort drive a real rollout; `status` shows
 * hardware revision, support with the end-of-life date, SBOM digest and suspect devices.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type mqtt from 'mqtt'
import { initPki, type PkiLayout } from '../certs/index.js'
import { State, SupportStatus, encodeStatusEvent, fromHex, type StatusEvent } from '../proto/index.js'
import { parseDeviceList, parseShare, parseWaves } from '../cli/commands/rollout-args.js'
import { durationArg } from '../cli/options.js'
import { durationText, shareText } from '../cli/commands/rollout-output.js'
import { runCli, startBrokerProcess, type BrokerProcess } from './helpers/cli.js'
import { FIXTURES, makeEnv, until, type TestEnv } from './helpers/env.js'

const IDS = ['dev-0001', 'dev-0002', 'dev-0003', 'dev-0004']
let env: TestEnv
let broker: BrokerProcess | null = null
let bundlePath = ''
const devices: mqtt.MqttClient[] = []

function event (deviceId: string, over: Partial<StatusEvent>): Buffer {
  return Buffer.from(encodeStatusEvent({ deviceId, state: State.IDLE, result: 0, currentVersion: '1.0.0', targetVersion: '', time: Date.now(), detail: '', errorCode: '', artifact: new Uint8Array(0), bytesReceived: 0, bytesTotal: 0, securityVersion: 1, model: 'ath9k', receivedAt: 0, slot: 'a', previousVersion: '', ...over }))
}

/** the broker process's PKI: two operators, so a `--watch` and a command can run side by side */
let pki2: PkiLayout

/** `aedes-ota <cmd...> --pki ... --broker <url> --servername localhost` (the in-process broker's PKI, or the process's). */
async function op (url: string, ...args: string[]): ReturnType<typeof runCli> {
  return await runCli(...args, '--pki', url === env.broker.url ? env.pki.dir : pki2.dir, '--broker', url, '--servername', 'localhost')
}

beforeAll(async () => {
  env = await makeEnv({ model: 'ath9k', devices: IDS.length })
  const image = await readFile(join(FIXTURES, 'firmware', 'ath9k', 'new.bin'))
  bundlePath = join(env.dir, 'release-2.0.0.bundle')
  await writeFile(bundlePath, env.release(image, '2.0.0', 2, 2).bundle)
  pki2 = await initPki({ out: join(env.dir, 'pki2'), model: 'ath9k', devices: IDS.length, operators: ['operator', 'watcher'] })
}, 60_000)
afterAll(async () => {
  await Promise.all(devices.map(async (c) => await c.endAsync(true).catch(() => {})))
  await broker?.stop()
  await env?.close()
})

describe('rollout option parsing', () => {
  it('reads shares, waves, durations and device lists; refuses the rest', () => {
    expect([parseShare('95%'), parseShare('0.5%'), parseShare('0.95'), parseShare('1'), parseShare('100%')]).toEqual([0.95, 0.005, 0.95, 1, 1])
    for (const bad of ['', '101%', '1.5', '-1%', '5 %%', 'abc', '%']) expect(() => parseShare(bad), bad).toThrow()
    expect(parseWaves('1%,10%, 50%,100%')).toEqual([0.01, 0.1, 0.5, 1])
    for (const bad of ['', '1%,,100%', '10%,x']) expect(() => parseWaves(bad), bad).toThrow()
    const duration = durationArg('--wave-timeout')
    expect([duration('500ms'), duration('30s'), duration('15m'), duration('2h'), duration('250')]).toEqual([500, 30_000, 900_000, 7_200_000, 250])
    for (const bad of ['', '5x', '-1s', '1.5h', '367d']) expect(() => duration(bad), bad).toThrow(/--wave-timeout/)
    expect(parseDeviceList('a-1, b-2,a-1')).toEqual(['a-1', 'b-2'])
    expect(() => parseDeviceList('a-1,../x')).toThrow()
    expect([shareText(0.005), shareText(0.95), shareText(1)]).toEqual(['0.5%', '95%', '100%'])
    expect([durationText(1_800_000), durationText(90_000), durationText(1500)]).toEqual(['30m', '90s', '1500ms'])
  })

  it('exits 2 with the hint on bad options, before connecting to anything', async () => {
    const unreachable = 'mqtts://127.0.0.1:1'
    const cases: Array<[string[], RegExp]> = [
      [['rollout', 'start', bundlePath, '--waves', '10%,5%'], /waves must be ascending/],
      [['rollout', 'start', bundlePath, '--waves', '50%'], /error \[OTA_INVALID_ARGUMENT\]/],
      [['rollout', 'start', bundlePath, '--waves', 'abc'], /expected a share/],
      [['rollout', 'start', bundlePath, '--waves', '100%', '--wave-timeout', '5x'], /--wave-timeout must be a number with a unit/],
      [['rollout', 'start', bundlePath, '--waves', '100%', '--wave-timeout', '60d'], /wave timeout|waveTimeout/i],
      [['rollout', 'start', bundlePath, '--waves', '100%', '--success', '150%'], /expected a share/],
      [['rollout', 'start', bundlePath, '--waves', '100%', '--devices', 'a-1', '--group', 'g'], /cannot be used with/],
      [['rollout', 'plan', bundlePath], /required option '--waves <shares>'/],
      [['rollout', 'pause'], /missing required argument 'id'/]
    ]
    for (const [args, msg] of cases) {
      const r = await op(unreachable, ...args)
      expect(r.code, args.join(' ') + '\n' + r.stderr).toBe(2)
      expect(r.stderr).toMatch(/^error \[OTA_INVALID_ARGUMENT\]: /)
      expect(r.stderr).toMatch(msg)
      expect(r.stderr).toMatch(/\(see aedes-ota rollout \w+ --help\)/)
    }
  }, 60_000)
})

describe('rollout commands against a broker process', () => {
  let url = ''
  let id = ''

  it('broker --groups: refuses a bad groups file, runs with a good one', async () => {
    const bad = join(env.dir, 'bad-groups.json')
    await writeFile(bad, JSON.stringify({ canary: ['dev-0001', 'not an id'] }))
    const r = await runCli('broker', '--pki', pki2.dir, '--trust', env.keysDir, '--data', join(env.dir, 'bad-broker'), '--port', '0', '--groups', bad)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/group canary must be an array of device ids/)
    const groups = join(env.dir, 'groups.json')
    await writeFile(groups, JSON.stringify({ canary: ['dev-0001', 'dev-0002', 'ghost-1'] }))
    broker = await startBrokerProcess('--pki', pki2.dir, '--trust', env.keysDir, '--data', join(env.dir, 'cli-broker'), '--port', '0', '--groups', groups)
    url = broker.url
    for (const d of IDS) {
      const files = pki2.devices.find((x) => x.id === d)!
      const tls = { ca: await readFile(pki2.ca.cert), cert: await readFile(files.cert), key: await readFile(files.key) }
      const { default: mqttLib } = await import('mqtt')
      const c = await mqttLib.connectAsync(url, { clientId: d, protocolVersion: 4, reconnectPeriod: 0, servername: 'localhost', rejectUnauthorized: true, ...tls })
      devices.push(c)
      await c.publishAsync(`ota/audit/${d}`, event(d, {}), { qos: 1 })
    }
    await until(async () => { const s = await op(url, 'status', '--json'); return s.code === 0 && (JSON.parse(s.stdout) as { devices: unknown[] }).devices.length === IDS.length }, 20_000, 'the devices in the inventory')
  }, 60_000)

  it('plan: the group\'s devices by wave, the unknown member excluded, warnings', async () => {
    const r = await op(url, 'rollout', 'plan', bundlePath, '--waves', '50%,100%', '--group', 'canary', '--min-devices', '3')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^plan: ath9k 2\.0\.0 \(security version 2, artifact [0-9a-f]{16}…\): 2 devices in 2 waves$/m)
    expect(r.stdout).toMatch(/^wave\s+device\s+online\s+version\s+support$/m)
    expect(r.stdout).toMatch(/^1 \(50%\)\s+dev-000[12]\s+online\s+1\.0\.0\s+UNKNOWN$/m)
    expect(r.stdout).toMatch(/^2 \(100%\)\s+dev-000[12]\s+online\s+1\.0\.0\s+UNKNOWN$/m)
    expect(r.stdout).toMatch(/^excluded \(1\):$/m)
    expect(r.stdout).toMatch(/^ghost-1\s+unknown device/m)
    expect(r.stdout).toMatch(/^warnings:$/m)
    const json = await op(url, 'rollout', 'plan', bundlePath, '--waves', '100%', '--json')
    expect(json.code, json.stderr).toBe(0)
    const plan = JSON.parse(json.stdout) as { waves: Array<{ devices: Array<{ deviceId: string }> }> }
    expect(plan.waves[0]!.devices.map((d) => d.deviceId).sort()).toEqual(IDS)
  }, 60_000)

  it('start, status, pause, resume, abort, and status --watch ending on the abort', async () => {
    const started = await op(url, 'rollout', 'start', bundlePath, '--waves', '25%,100%', '--success', '100%', '--max-failures', '50%', '--min-devices', '2', '--wave-timeout', '10m', '--confirm-timeout', '5m')
    expect(started.code, started.stderr).toBe(0)
    id = /^started rollout (\S+)$/m.exec(started.stdout)?.[1] ?? ''
    expect(id).not.toBe('')
    expect(started.stdout).toMatch(/^phase running; wave 1 of 2; started by operator/m)
    expect(started.stdout).toMatch(/^spec: waves 25%,100%, success 100%, max failures 50%, min devices 2, wave timeout 10m, confirm timeout 5m; every ath9k device$/m)
    expect(started.stdout).toMatch(/^1\s+25%\s+1\s+1\s+/m)

    const list = await op(url, 'rollout', 'status')
    expect(list.code, list.stderr).toBe(0)
    expect(list.stdout).toMatch(new RegExp(`^${id.replace(/\./g, '\\.')}\\s+ath9k\\s+2\\.0\\.0\\s+running\\s+1/2\\s+0\\s+0\\s+4\\s+\\d{4}-`, 'm'))
    const json = await op(url, 'rollout', 'status', id, '--json')
    const [r] = (JSON.parse(json.stdout) as { rollouts: Array<{ id: string, phase: string, artifact: string, devices: Array<{ wave: number }> }> }).rollouts
    expect(r).toMatchObject({ id, phase: 'running' })
    expect(fromHex(r!.artifact)).toHaveLength(32)
    expect(r!.devices.filter((d) => d.wave === 0)).toHaveLength(1)

    expect((await op(url, 'rollout', 'pause', id)).stdout).toMatch(new RegExp(`^rollout ${id.replace(/\./g, '\\.')}: paused`, 'm'))
    const again = await op(url, 'rollout', 'pause', id)
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/^error \[OTA_ROLLOUT\]: /)
    expect((await op(url, 'rollout', 'resume', id)).stdout).toMatch(/: running/)
    const unknown = await op(url, 'rollout', 'status', 'no-such-rollout')
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toMatch(/^error \[OTA_ROLLOUT\]: /)

    const watching = runCli('rollout', 'status', id, '--watch', '--interval', '200ms', '--pki', pki2.dir, '--operator', 'watcher', '--broker', url, '--servername', 'localhost')
    await new Promise((resolve) => setTimeout(resolve, 1500))
    const abort = await op(url, 'rollout', 'abort', id)
    expect(abort.stdout, abort.stderr).toMatch(/: aborted/)
    const watched = await watching
    expect(watched.code, watched.stderr).toBe(1)
    expect(watched.stdout).toMatch(/^phase running/m)
    expect(watched.stdout).toMatch(/^phase aborted/m)
  }, 90_000)
})

describe('status columns', () => {
  it('shows hardware revision, support with the end-of-life date, the SBOM digest and suspect devices', async () => {
    const sbom = 'ab12'.repeat(16)
    const past = Date.parse('2025-06-30T00:00:00Z')
    const soon = Date.now() + 30 * 86_400_000
    const c1 = await env.connect('dev-0001')
    // dev-0001 last reported SUPPORTED, but its end of life has passed since: past all the same.
    await c1.publishAsync('ota/audit/dev-0001', event('dev-0001', { hardwareRevision: 'rev-b', support: SupportStatus.SUPPORTED, endOfLifeAt: past, sbomSha256: fromHex(sbom) }), { qos: 1 })
    const c2 = await env.connect('dev-0002')
    await c2.publishAsync('ota/audit/dev-0002', event('dev-0002', { support: SupportStatus.ENDING, endOfLifeAt: soon }), { qos: 1 })
    await until(() => env.broker.plugin.inventory.list().filter((d) => d.endOfLifeAt > 0).length === 2, 10_000, 'support reports')
    env.broker.plugin.inventory.setSuspect('dev-0002', 'installed 2.0.0 at 12:00 and not confirmed within 15m')
    const text = await op(env.broker.url, 'status')
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toMatch(/^dev-0001\s+ath9k\s+rev-b\s+online\s.*past end of life \(2025-06-30\)\s+ab12ab12ab12$/m)
    expect(text.stdout).toMatch(new RegExp(`^dev-0002\\s+ath9k\\s+online\\s.*near end of life \\(${new Date(soon).toISOString().slice(0, 10)}\\)\\s+SUSPECT$`, 'm'))
    expect(text.stdout).toMatch(/^ {2}dev-0002: installed 2\.0\.0 at 12:00 and not confirmed within 15m$/m)
    expect(text.stdout).toMatch(/^2 devices, 2 online, 1 suspect, 1 past end of life, 1 near end of life$/m)
    const json = await op(env.broker.url, 'status', '--json')
    const rows = (JSON.parse(json.stdout) as { devices: Array<Record<string, unknown>> }).devices
    expect(rows.find((r) => r.deviceId === 'dev-0001')).toMatchObject({ hardwareRevision: 'rev-b', support: SupportStatus.SUPPORTED, endOfLifeAt: past, sbomSha256: sbom, suspect: false })
    expect(rows.find((r) => r.deviceId === 'dev-0002')).toMatchObject({ suspect: true, suspectReason: 'installed 2.0.0 at 12:00 and not confirmed within 15m' })
  }, 60_000)
})
