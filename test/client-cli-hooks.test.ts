/**
 * The device CLI's shell hooks as a user runs them (real `aedes-ota device` processes, the real
 * broker over TLS on 127.0.0.1): `--health-check <command>` decides a trial boot by its exit
 * status and gets the version, slot and device id in its environment.
 */
import { runCli } from './helpers/cli.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { makeEnv, type TestEnv } from './helpers/env.js'

let env: TestEnv
let factoryPath = ''

function deviceArgs (id: string, ...more: string[]): string[] {
  return ['device', '--pki', env.pki.dir, '--id', id, '--trust', env.keysDir, '--state', join(env.dir, 'state', id), '--broker', env.broker.url,
    '--servername', 'localhost', '--provision', factoryPath, '--once', '--json', '--timeout-ms', '60000', ...more]
}

beforeAll(async () => {
  env = await makeEnv({ model: 'gw', devices: 2 })
  const factory = env.release(new Uint8Array(randomBytes(32 * 1024)), '1.0.0', 1, 1)
  factoryPath = join(env.dir, 'factory.bundle')
  await writeFile(factoryPath, factory.bundle)
  await env.broker.plugin.publishRelease(env.release(new Uint8Array(randomBytes(64 * 1024)), '2.0.0', 2, 2).bundle, 'test')
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
})
