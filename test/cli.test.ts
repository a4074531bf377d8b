/**
 * The `aedes-ota` command as a user runs it: real processes, real files, the standalone broker
 * on 127.0.0.1, an operator publishing over MQTT, a fleet updating, the inventory read back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Command } from 'commander'
import { runCli, startBrokerProcess, type BrokerProcess } from './helpers/cli.js'
import { FIXTURES } from './helpers/env.js'
// The built tree, as the tests' processes run it (program.ts reads ../../package.json from dist/cli/).
import { buildProgram } from '../dist/cli/program.js'

const run = runCli

let dir: string
let broker: BrokerProcess | null = null

beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'aedes-ota-cli-')) })
afterAll(async () => {
  await broker?.stop()
  await rm(dir, { recursive: true, force: true })
})

describe('aedes-ota', () => {
  it('answers --help for every command', async () => {
    for (const cmd of [[], ['pki', 'init'], ['keys', 'init'], ['release', 'create'], ['release', 'inspect'], ['release', 'list'], ['broker'], ['publish'], ['device'], ['fleet'], ['status'], ['demo']]) {
      const r = await run(...cmd, '--help')
      expect(r.code, cmd.join(' ')).toBe(0)
      expect(r.stdout).toMatch(/Usage: aedes-ota/)
    }
  })

  it('reports errors as error [CODE] with exit 2 for bad arguments and 1 otherwise', async () => {
    const bad = await run('keys', 'init', '--out', join(dir, 'k'), '--models', 'no/slash')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^error \[OTA_INVALID_ARGUMENT\]: model must match/m)
    expect(bad.stderr).toMatch(/^\(see aedes-ota keys init --help\)$/m)
    const missing = await run('publish', join(dir, 'nope.bundle'), '--pki', join(dir, 'nope'))
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/^error \[OTA_IO\]/m)
    expect(missing.stderr).not.toMatch(/--help/)
  })

  it('prints option errors in one style: error [OTA_INVALID_ARGUMENT], a one-line hint, exit 2, no help', async () => {
    const cases: Array<[string[], RegExp, string]> = [
      [['pki', 'init', '--model', 'm'], /^error \[OTA_INVALID_ARGUMENT\]: required option '--out <dir>' not specified$/, 'pki init'],
      [['pki', 'init', '--out', join(dir, 'x'), '--model', 'm', '--bogus'], /^error \[OTA_INVALID_ARGUMENT\]: unknown option '--bogus'$/, 'pki init'],
      [['pki', 'init', '--out', join(dir, 'x'), '--model', 'm', '--devices', 'many'], /^error \[OTA_INVALID_ARGUMENT\]: option '--devices <n>' argument 'many' is invalid\. expected an integer from 0 to 10000$/, 'pki init'],
      [['pki', 'init', '--out', join(dir, 'x'), '--model', 'm', '--broker-host', 'ota.example.test,bad_host'], /^error \[OTA_INVALID_ARGUMENT\]: option '--broker-host <names>' argument .* "bad_host" is neither a DNS name/, 'pki init'],
      [['keys', 'init', '--out', join(dir, 'x'), '--models', 'no/slash'], /^error \[OTA_INVALID_ARGUMENT\]: model must match/, 'keys init'],
      [['release', 'create', '--keys', dir], /^error \[OTA_INVALID_ARGUMENT\]: required option '--image <file>' not specified$/, 'release create'],
      [['nosuch'], /^error \[OTA_INVALID_ARGUMENT\]: unknown command 'nosuch'$/, '']
    ]
    await Promise.all(cases.map(async ([args, first, cmd]) => {
      const r = await run(...args)
      expect(r.code, args.join(' ')).toBe(2)
      const lines = r.stderr.trimEnd().split('\n')
      expect(lines, args.join(' ')).toHaveLength(2)
      expect(lines[0]).toMatch(first)
      expect(lines[1]).toBe(`(see aedes-ota${cmd === '' ? '' : ' ' + cmd} --help)`)
      expect(r.stdout).toBe('')
    }))
    expect(await stat(join(dir, 'x')).then(() => true, () => false)).toBe(false)
  })

  it('validates --log-level on every command that has it', async () => {
    // Every command in the tree (walked in-process), then each one with --log-level run for real.
    const withLogLevel: string[][] = []
    const walk = (cmd: Command, path: string[]): void => {
      if (cmd.options.some((o) => o.long === '--log-level')) withLogLevel.push(path)
      for (const sub of cmd.commands) walk(sub, [...path, sub.name()])
    }
    walk(buildProgram(), [])
    expect(withLogLevel.map((c) => c.join(' '))).toEqual(expect.arrayContaining(['broker', 'device', 'fleet']))
    await Promise.all(withLogLevel.map(async (c) => {
      const r = await run(...c, '--log-level', 'loud')
      expect(r.code, c.join(' ')).toBe(2)
      expect(r.stderr, c.join(' ')).toMatch(/^error \[OTA_INVALID_ARGUMENT\]: option '--log-level <level>' argument 'loud' is invalid\. expected one of fatal, error, warn, info, debug, trace, silent\n/)
    }))
  }, 120_000)

  it('runs the whole chain: pki, keys, releases, broker, publish, fleet, status', async () => {
    const pki = await run('pki', 'init', '--out', join(dir, 'pki'), '--model', 'ath9k', '--devices', '3', '--broker-host', 'localhost,127.0.0.1,ota.example.test')
    expect(pki.code).toBe(0)
    expect(pki.stdout).toMatch(/^broker .*server\.crt for localhost, 127\.0\.0\.1, ota\.example\.test$/m)
    expect(((await stat(join(dir, 'pki', 'devices', 'dev-0001.key'))).mode & 0o777).toString(8)).toBe('600')
    expect((await run('keys', 'init', '--out', join(dir, 'keys'), '--models', 'ath9k')).code).toBe(0)
    expect(((await stat(join(dir, 'keys', 'release.key'))).mode & 0o777).toString(8)).toBe('600')
    const factory = await run('release', 'create', '--keys', join(dir, 'keys'), '--image', join(FIXTURES, 'firmware', 'ath9k', 'old.bin'),
      '--model', 'ath9k', '--version', '1.4.0-108', '--security-version', '1', '--sequence', '1', '--out', join(dir, 'factory.bundle'))
    expect(factory.code).toBe(0)
    const rel = await run('release', 'create', '--keys', join(dir, 'keys'), '--image', join(FIXTURES, 'firmware', 'ath9k', 'new.bin'),
      '--model', 'ath9k', '--version', '1.4.0-110', '--security-version', '2', '--sequence', '2', '--out', join(dir, 'release.bundle'), '--notes', 'fixes')
    expect(rel.stdout).toMatch(/ath9k 1\.4\.0-110 \(security version 2, sequence 2\), 51008 bytes in 13 chunks of 4096/)

    broker = await startBrokerProcess('--pki', join(dir, 'pki'), '--trust', join(dir, 'keys'), '--data', join(dir, 'data'), '--port', '0')
    const url = broker.url
    expect(url).toMatch(/^mqtts:\/\/127\.0\.0\.1:\d+$/)

    const pub = await run('publish', join(dir, 'release.bundle'), '--pki', join(dir, 'pki'), '--broker', url)
    expect(pub.code).toBe(0)
    expect(pub.stdout).toMatch(/announced ath9k 1\.4\.0-110 \(sequence 2/)
    const again = await run('publish', join(dir, 'release.bundle'), '--pki', join(dir, 'pki'), '--broker', url)
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/already current: ath9k 1\.4\.0-110 \(sequence 2/)
    const replay = await run('publish', join(dir, 'factory.bundle'), '--pki', join(dir, 'pki'), '--broker', url)
    expect(replay.code).toBe(1)
    expect(replay.stderr).toMatch(/error \[OTA_REPLAY\]/)

    const fleet = await run('fleet', '--pki', join(dir, 'pki'), '--trust', join(dir, 'keys'), '--state', join(dir, 'fleet'), '--broker', url,
      '--count', '2', '--provision', join(dir, 'factory.bundle'), '--once', '--json')
    expect(fleet.code).toBe(0)
    const out = JSON.parse(fleet.stdout) as { devices: Array<{ id: string, result: string, from: string, to: string }> }
    expect(out.devices).toEqual([
      expect.objectContaining({ id: 'dev-0001', result: 'confirmed', from: '1.4.0-108', to: '1.4.0-110' }),
      expect.objectContaining({ id: 'dev-0002', result: 'confirmed', from: '1.4.0-108', to: '1.4.0-110' })
    ])

    const status = await run('status', '--pki', join(dir, 'pki'), '--broker', url, '--json')
    expect(status.code).toBe(0)
    const inv = JSON.parse(status.stdout) as { devices: Array<{ deviceId: string, state: string, currentVersion: string }> }
    expect(inv.devices.map((d) => [d.deviceId, d.currentVersion])).toEqual([['dev-0001', '1.4.0-110'], ['dev-0002', '1.4.0-110']])
    expect(inv.devices.every((d) => d.state === 'CONFIRMED' || d.state === 'IDLE')).toBe(true)
  }, 180_000)
})
