/**
 * Every command against a broker whose certificate is for its real host name: `pki init
 * --broker-host ota.example.test,127.0.0.1` issues it, and each command that connects takes the
 * TLS server name from the broker URL (an IP address: checked against the certificate's IP SAN)
 * or from `--servername`. The certificate does not carry `localhost`, so a command that still
 * assumed it would be refused. Real processes, real files, the broker on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { X509Certificate } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli, startBrokerProcess, type BrokerProcess } from './helpers/cli.js'
import { FIXTURES } from './helpers/env.js'

const run = runCli

let dir: string
let broker: BrokerProcess | null = null
const NAME = 'ota.example.test'

beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'aedes-ota-realhost-')) })
afterAll(async () => {
  await broker?.stop()
  await rm(dir, { recursive: true, force: true })
})

describe('a broker certificate for ota.example.test and 127.0.0.1', () => {
  it('serves every command: pki, keys, release create/inspect/list, broker, publish, fleet, device, status', async () => {
    const pki = join(dir, 'pki')
    const keys = join(dir, 'keys')
    expect((await run('pki', 'init', '--out', pki, '--model', 'ath9k', '--devices', '3', '--broker-host', `${NAME},127.0.0.1`)).code).toBe(0)
    const cert = new X509Certificate(await readFile(join(pki, 'server.crt')))
    expect(cert.subjectAltName).toBe(`DNS:${NAME}, IP Address:127.0.0.1`)

    expect((await run('keys', 'init', '--out', keys, '--models', 'ath9k')).code).toBe(0)
    const create = async (image: string, version: string, sv: string, seq: string, out: string): Promise<void> => {
      const r = await run('release', 'create', '--keys', keys, '--image', join(FIXTURES, 'firmware', 'ath9k', image),
        '--model', 'ath9k', '--version', version, '--security-version', sv, '--sequence', seq, '--out', join(dir, out))
      expect(r.code, r.stderr).toBe(0)
    }
    await create('old.bin', '1.4.0-108', '1', '1', 'factory.bundle')
    await create('new.bin', '1.4.0-110', '2', '2', 'release.bundle')
    const inspect = await run('release', 'inspect', join(dir, 'release.bundle'), '--trust', keys, '--json')
    expect(inspect.code, inspect.stderr).toBe(0)
    expect(JSON.parse(inspect.stdout)).toMatchObject({ model: 'ath9k', version: '1.4.0-110', securityVersion: 2, sequence: 2, verification: { verified: true } })

    broker = await startBrokerProcess('--pki', pki, '--trust', keys, '--data', join(dir, 'data'), '--port', '0')
    const url = broker.url
    const byName = ['--broker', url, '--servername', NAME]

    // By IP address: the certificate's IP SAN is what is checked.
    const pub = await run('publish', join(dir, 'release.bundle'), '--pki', pki, '--broker', url)
    expect(pub.code, pub.stderr).toBe(0)
    expect(pub.stdout).toMatch(/^announced ath9k 1\.4\.0-110/)
    // By name: the same broker, through --servername.
    const again = await run('publish', join(dir, 'release.bundle'), '--pki', pki, ...byName)
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toMatch(/already current/)
    const list = await run('release', 'list', '--pki', pki, ...byName)
    expect(list.code, list.stderr).toBe(0)
    expect(list.stdout).toMatch(/^ath9k\s+1\.4\.0-110\s+2\s+2\s/m)

    const fleet = await run('fleet', '--pki', pki, '--trust', keys, '--state', join(dir, 'fleet'), ...byName,
      '--count', '2', '--provision', join(dir, 'factory.bundle'), '--once', '--json')
    expect(fleet.code, fleet.stderr).toBe(0)
    expect((JSON.parse(fleet.stdout) as { devices: Array<{ result: string }> }).devices.map((d) => d.result)).toEqual(['confirmed', 'confirmed'])
    const device = await run('device', '--pki', pki, '--id', 'dev-0003', '--trust', keys, '--state', join(dir, 'dev-0003'),
      '--broker', url, '--provision', join(dir, 'factory.bundle'), '--once', '--json')
    expect(device.code, device.stderr).toBe(0)
    expect(JSON.parse(device.stdout)).toMatchObject({ id: 'dev-0003', result: 'confirmed', from: '1.4.0-108', to: '1.4.0-110' })
    const upToDate = await run('device', '--pki', pki, '--id', 'dev-0003', '--trust', keys, '--state', join(dir, 'dev-0003'), ...byName, '--once')
    expect(upToDate.code, upToDate.stderr).toBe(0)
    expect(upToDate.stdout).toMatch(/^dev-0003: up to date 1\.4\.0-110/)

    const status = await run('status', '--pki', pki, ...byName, '--json')
    expect(status.code, status.stderr).toBe(0)
    const inv = JSON.parse(status.stdout) as { devices: Array<{ deviceId: string, currentVersion: string }> }
    expect(inv.devices.map((d) => [d.deviceId, d.currentVersion])).toEqual([['dev-0001', '1.4.0-110'], ['dev-0002', '1.4.0-110'], ['dev-0003', '1.4.0-110']])

    // A name the certificate does not carry is refused by every command that connects.
    for (const cmd of [['status', '--pki', pki], ['release', 'list', '--pki', pki], ['publish', join(dir, 'release.bundle'), '--pki', pki]]) {
      const wrong = await run(...cmd, '--broker', url, '--servername', 'localhost')
      expect(wrong.code, cmd.join(' ')).toBe(1)
      expect(wrong.stderr).toMatch(/^error \[OTA_CONNECTION\]/m)
    }
    const wrongDevice = await run('device', '--pki', pki, '--id', 'dev-0003', '--trust', keys, '--state', join(dir, 'dev-0003'),
      '--broker', url, '--servername', 'localhost', '--once', '--timeout-ms', '3000')
    expect(wrongDevice.code).toBe(1)
  }, 180_000)
})
