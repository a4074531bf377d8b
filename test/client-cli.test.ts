/**
 * `aedes-ota device` and `fleet` as a user runs them (real processes, the real broker over TLS
 * on 127.0.0.1): nothing to install ends at once with exit 0 and "up to date"; status lines show
 * `from -> to`; `--servername` is the name the broker's certificate is checked against.
 */
import { CLI, runCli } from './helpers/cli.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createServer, type AddressInfo } from 'node:net'
import { startOtaBroker } from '../broker/index.js'
import { makeEnv, until, type TestEnv } from './helpers/env.js'

let env: TestEnv
let factoryPath = ''
let otherFactoryPath = ''

const run = runCli

function deviceArgs (id: string, factory: string, ...more: string[]): string[] {
  return ['device', '--pki', env.pki.dir, '--id', id, '--trust', env.keysDir, '--state', join(env.dir, 'state', id), '--broker', env.broker.url, '--provision', factory, '--once', ...more]
}

beforeAll(async () => {
  env = await makeEnv({ model: 'gw', devices: 2, extraDevices: { 'other-0001': 'model-b' } })
  const factory = env.release(new Uint8Array(randomBytes(48 * 1024)), '1.0.0', 1, 1)
  factoryPath = join(env.dir, 'factory.bundle')
  await writeFile(factoryPath, factory.bundle)
  otherFactoryPath = join(env.dir, 'factory-b.bundle')
  await writeFile(otherFactoryPath, env.release(new Uint8Array(randomBytes(8 * 1024)), '3.1.0', 1, 1, 'model-b').bundle)
  // The broker announces the factory release itself: a device running it has nothing to do.
  await env.broker.plugin.publishRelease(factory.bundle, 'test')
})
// env.close() closes the broker it started; one restarted by a test is closed here first, or it
// could still be writing its inventory while the folder is removed.
let restarted: Awaited<ReturnType<typeof startOtaBroker>> | null = null
afterAll(async () => {
  await restarted?.close()
  await env?.close()
})

describe('aedes-ota device / fleet', () => {
  it('device --once on a device running the announced release exits 0 within seconds: up to date', async () => {
    const r = await run(...deviceArgs('dev-0001', factoryPath, '--json'))
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout.trim())).toEqual({ id: 'dev-0001', result: 'up-to-date', version: '1.0.0', reason: 'current', announced: '1.0.0' })
    expect(r.ms).toBeLessThan(15_000)
  })

  it('device --once when no release is announced for the model exits 0 within seconds: up to date', async () => {
    const r = await run(...deviceArgs('other-0001', otherFactoryPath))
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout.trim()).toBe('other-0001: up to date 3.1.0')
    expect(r.ms).toBeLessThan(15_000)
  })

  it('--servername is the name the broker certificate must carry', async () => {
    const r = await run(...deviceArgs('dev-0002', factoryPath, '--json', '--servername', 'wrong.example.test', '--timeout-ms', '3000'))
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ result: 'failed', code: 'OTA_TIMEOUT' })
    // One warning per attempt, the error as an object (pino's err serializer), the device's bindings once per line.
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('{'))
    const retries = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'broker unreachable; retrying')
    expect(retries.length).toBeGreaterThanOrEqual(1)
    expect(retries.length).toBeLessThanOrEqual(4)
    expect(retries[0]).toMatchObject({ deviceId: 'dev-0002', model: 'gw', attempt: 1, err: { code: 'ERR_TLS_CERT_ALTNAME_INVALID' } })
    expect((retries[0]!.err as { message: string }).message).toContain('wrong.example.test')
    for (const l of lines) {
      expect(l.match(/"deviceId"/g)).toHaveLength(1)
      expect(l.match(/"model"/g)).toHaveLength(1)
    }
  })

  it('fleet --once shows TRIAL and CONFIRMED as from -> to, and the outcome table too', async () => {
    await env.broker.plugin.publishRelease(env.release(new Uint8Array(randomBytes(96 * 1024)), '2.0.0', 2, 2).bundle, 'test')
    const r = await run('fleet', '--pki', env.pki.dir, '--trust', env.keysDir, '--state', join(env.dir, 'fleet'), '--broker', env.broker.url,
      '--servername', 'localhost', '--count', '2', '--provision', factoryPath, '--once')
    expect(r.code, r.stderr).toBe(0)
    const line = (state: string): string | undefined => r.stderr.split('\n').find((l) => l.includes('dev-0001') && l.includes(` ${state} `))
    expect(line('OFFERED')).toMatch(/OFFERED\s+1\.0\.0 -> 2\.0\.0$/)
    expect(line('TRIAL')).toMatch(/TRIAL\s+1\.0\.0 -> 2\.0\.0$/)
    expect(line('CONFIRMED')).toMatch(/CONFIRMED\s+1\.0\.0 -> 2\.0\.0$/)
    expect(r.stdout).toMatch(/dev-0001\s+1\.0\.0 -> 2\.0\.0\s+confirmed/)
  }, 60_000)

  it('--backoff-initial-ms and --backoff-max-ms set the retry delays of device and fleet, bounded', async () => {
    // A port on 127.0.0.1 where nothing listens.
    const probe = createServer()
    await new Promise<void>((resolve) => { probe.listen(0, '127.0.0.1', resolve) })
    const port = (probe.address() as AddressInfo).port
    await new Promise<void>((resolve) => { probe.close(() => { resolve() }) })
    const args = (id: string, ...more: string[]): string[] => ['device', '--pki', env.pki.dir, '--id', id, '--trust', env.keysDir, '--state', join(env.dir, 'state', `${id}-backoff`),
      '--broker', `mqtts://127.0.0.1:${port}`, '--servername', 'localhost', '--provision', factoryPath, '--once', '--json', '--timeout-ms', '2000', ...more]
    const r = await run(...args('dev-0001', '--backoff-initial-ms', '20', '--backoff-max-ms', '60'))
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ result: 'failed', code: 'OTA_TIMEOUT' })
    const delays = r.stderr.split('\n').filter((l) => l.includes('"broker unreachable; retrying"')).map((l) => (JSON.parse(l) as { delayMs: number }).delayMs)
    // The default (1 s doubling) allows at most 3 attempts in 2 s.
    expect(delays.length).toBeGreaterThanOrEqual(8)
    expect(Math.max(...delays)).toBeLessThanOrEqual(60)
    const tooSmall = await run(...args('dev-0001', '--backoff-max-ms', '5'))
    expect(tooSmall.code).not.toBe(0)
    expect(tooSmall.stderr).toContain('--backoff-max-ms')
    const belowInitial = await run(...args('dev-0001', '--backoff-initial-ms', '500', '--backoff-max-ms', '100'))
    expect(belowInitial.code).not.toBe(0)
    expect(belowInitial.stderr).toContain('backoff.maxDelayMs')
    // fleet --once: waiting for the broker counts against --timeout-ms, as for device.
    const fleet = await run('fleet', '--pki', env.pki.dir, '--trust', env.keysDir, '--state', join(env.dir, 'fleet-down'), '--count', '2',
      '--broker', `mqtts://127.0.0.1:${port}`, '--servername', 'localhost', '--provision', factoryPath, '--once', '--json', '--timeout-ms', '2000', '--backoff-initial-ms', '50')
    expect(fleet.code).toBe(1)
    expect((JSON.parse(fleet.stdout.trim()) as { devices: Array<{ code: string }> }).devices.map((d) => d.code)).toEqual(['OTA_TIMEOUT', 'OTA_TIMEOUT'])
    const help = await run('fleet', '--help')
    expect(help.stdout).toContain('--backoff-initial-ms')
    expect(help.stdout).toContain('--backoff-max-ms')
  }, 60_000)

  it('--trusted-time and --transfer-timeout reach the device, checked at the edge', async () => {
    const args = (...more: string[]): string[] => ['device', '--pki', env.pki.dir, '--id', 'dev-0001', '--trust', env.keysDir, '--state', join(env.dir, 'state', 'dev-0001-flags'),
      '--broker', env.broker.url, '--provision', factoryPath, '--once', '--json', '--timeout-ms', '5000', ...more]
    const badSource = await run(...args('--trusted-time', 'ntp'))
    expect(badSource.code).not.toBe(0)
    expect(badSource.stderr).toMatch(/--trusted-time.*ntp/)
    const badDuration = await run(...args('--transfer-timeout', '2x'))
    expect(badDuration.code).not.toBe(0)
    expect(badDuration.stderr).toContain('--transfer-timeout')
    // Parsed, then bounded by the device's own rule (100 ms to 7 days): the value got there.
    const tooShort = await run(...args('--transfer-timeout', '50ms'))
    expect(tooShort.code).not.toBe(0)
    expect(tooShort.stderr).toContain('transferTimeoutMs')
    const ok = await run(...args('--trusted-time', 'none', '--transfer-timeout', '10m'))
    expect(ok.code, ok.stderr).toBe(0)
    // up to date, or updated to what an earlier test published: either way the flags were accepted
    expect(['up-to-date', 'confirmed']).toContain((JSON.parse(ok.stdout.trim()) as { result: string }).result)
    for (const cmd of ['device', 'fleet']) {
      const help = await run(cmd, '--help')
      expect(help.stdout).toContain('--trusted-time')
      expect(help.stdout).toContain('--transfer-timeout')
    }
  }, 60_000)

  it('device waits for a broker that is down at start, then connects and updates', async () => {
    const port = env.broker.port
    await env.broker.close()
    const t0 = Date.now()
    // Streamed, so the broker comes back only once the device has seen it down (a loaded machine
    // may take seconds to start the process).
    const child = spawn(process.execPath, [CLI, ...deviceArgs('dev-0002', factoryPath, '--json')], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (b: Buffer) => { stdout += b.toString() })
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString() })
    const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? -1)))
    let done = false
    void exited.then(() => { done = true })
    const retrying = (): number => stderr.split('\n').filter((l) => l.includes('"broker unreachable; retrying"')).length
    await until(() => retrying() >= 1 || done, 60_000, 'the device to retry')
    const downFor = Date.now()
    await new Promise((resolve) => setTimeout(resolve, 2000))
    expect(done).toBe(false)
    env.broker = restarted = await startOtaBroker({ pki: env.pki, trust: env.trust, dataDir: join(env.dir, 'broker'), port })
    const code = await exited
    expect(code, stderr).toBe(0)
    expect(JSON.parse(stdout.trim())).toMatchObject({ id: 'dev-0002', result: 'confirmed', from: '1.0.0', to: '2.0.0' })
    // 1 s doubling, equal jitter: at most 3 more attempts in the 2 s the broker stayed down after the first.
    expect(retrying()).toBeGreaterThanOrEqual(1)
    expect(retrying()).toBeLessThanOrEqual(5)
    expect(Date.now() - downFor).toBeLessThan(30_000)
    expect(downFor - t0).toBeLessThan(60_000)
  }, 120_000)
})
