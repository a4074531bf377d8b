/**
 * The device CLI's hooks and consent flags as a user runs them (real `aedes-ota device`
 * processes, the real broker over TLS on 127.0.0.1): `--health-check <command>` decides a trial
 * boot by its exit status and gets the version, slot and device id in its environment;
 * `--on-end-of-life <command>` runs when the model's end of support has passed and the notice is
 * printed; `--consent ask --decline` declines, after the offered release's notes, urgency,
 * reboot and maximum deferral are printed; consent flags that do not go together are refused.
 */
import { runCli } from './helpers/cli.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { makeEnv, type TestEnv } from './helpers/env.js'
import { Urgency } from '../proto/index.js'
import { createRelease } from '../sign/index.js'

let env: TestEnv
let factoryPath = ''

function deviceArgs (id: string, ...more: string[]): string[] {
  return ['device', '--pki', env.pki.dir, '--id', id, '--trust', env.keysDir, '--state', join(env.dir, 'state', id), '--broker', env.broker.url,
    '--servername', 'localhost', '--provision', factoryPath, '--once', '--json', '--timeout-ms', '60000', ...more]
}

beforeAll(async () => {
  env = await makeEnv({ model: 'gw', devices: 3 })
  const factory = env.release(new Uint8Array(randomBytes(32 * 1024)), '1.0.0', 1, 1)
  factoryPath = join(env.dir, 'factory.bundle')
  await writeFile(factoryPath, factory.bundle)
  const v2 = createRelease({
    image: new Uint8Array(randomBytes(64 * 1024)), model: 'gw', version: '2.0.0', securityVersion: 2, sequence: 2, signers: [env.signer],
    releaseNotes: 'Faster boot.\nFixes the radio.', urgency: Urgency.RECOMMENDED, maxDeferralS: 7200, rebootRequired: true
  })
  await env.broker.plugin.publishRelease(v2.bundle, 'test')
})
afterAll(async () => { await env?.close() })

describe('aedes-ota device --health-check', () => {
  it('confirms the new image when the command exits 0, and passes it OTA_VERSION, OTA_SLOT and OTA_DEVICE_ID', async () => {
    const seen = join(env.dir, 'seen.txt')
    const r = await runCli(...deviceArgs('dev-0001', '--health-check', `echo "$OTA_VERSION $OTA_SLOT $OTA_DEVICE_ID" > '${seen}'`))
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ result: 'confirmed', from: '1.0.0', to: '2.0.0' })
    expect((await readFile(seen, 'utf8')).trim()).toBe('2.0.0 b dev-0001')
  }, 90_000)

  it('reverts the new image when the command exits non-zero', async () => {
    const r = await runCli(...deviceArgs('dev-0002', '--health-check', 'exit 3', '--log-level', 'info'))
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ result: 'reverted', code: 'OTA_HEALTH_CHECK' })
    const ended = r.stderr.split('\n').filter((l) => l.includes('"health check command ended"')).map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(ended).toHaveLength(1)
    expect(ended[0]).toMatchObject({ version: '2.0.0', exitCode: 3, timedOut: false })
  }, 90_000)

  it('--on-end-of-life runs past the end of support and the notice is printed; --consent ask --decline declines after printing the offer', async () => {
    const gone = Date.now() - 86_400_000
    const old = createRelease({ image: new Uint8Array(randomBytes(16 * 1024)), model: 'gw', version: '1.0.0', securityVersion: 1, sequence: 1, signers: [env.signer], endOfLifeAt: gone, endOfLifeNotice: 'Replace the unit.' })
    const oldPath = join(env.dir, 'old.bundle')
    await writeFile(oldPath, old.bundle)
    const seen = join(env.dir, 'eol.txt')
    const args = deviceArgs('dev-0003', '--consent', 'ask', '--decline', '--on-end-of-life', `echo "$OTA_MODEL $OTA_VERSION $OTA_END_OF_LIFE_AT $OTA_END_OF_LIFE_NOTICE" > '${seen}'`)
    args[args.indexOf(factoryPath)] = oldPath
    const r = await runCli(...args)
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ result: 'failed', code: 'OTA_DECLINED' })
    expect((await readFile(seen, 'utf8')).trim()).toBe(`gw 1.0.0 ${gone} Replace the unit.`)
    expect(r.stderr).toContain(`dev-0003: end of support of model gw passed on ${new Date(gone).toISOString()} (running 1.0.0): Replace the unit.`)
    expect(r.stderr).toContain('dev-0003: release 2.0.0 offered (recommended, reboot needed, may be deferred up to 2h')
    expect(r.stderr).toContain('\n  Faster boot.\n  Fixes the radio.\n')
  }, 90_000)

  it('refuses consent flags that do not go together, and a bad maintenance window', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--consent', 'window'], /--consent window needs at least one --maintenance-window/],
      [['--consent', 'ask'], /--consent ask needs a terminal to ask on, or a scripted answer/],
      [['--decline'], /--defer and --decline are answers for --consent ask/],
      [['--consent', 'ask', '--defer', 'soon'], /--defer must be a number with a unit/],
      [['--maintenance-window', '0 2 * * *@Nowhere/Land/2h'], /not an IANA time zone/],
      [['--consent', 'sometimes'], /--consent must be auto, ask or window/]
    ]
    for (const [flags, msg] of cases) {
      const r = await runCli(...deviceArgs('dev-0003', ...flags))
      expect(r.code, flags.join(' ')).not.toBe(0)
      expect(r.stderr, flags.join(' ')).toMatch(msg)
    }
  }, 90_000)
})
