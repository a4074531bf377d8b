/**
 * A CA of one's own and a broker certificate for its real host name (`ota.example.test` plus
 * `127.0.0.1`), made with the openssl CLI: the `broker` command takes them as --ca/--cert/--key,
 * and the operator client checks the broker's certificate against the URL's host or the
 * `servername` override. (Every command against a dev-PKI certificate for a real host name:
 * test/cli-real-host.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { isOtaError } from '../proto/index.js'
import { KeyFiles, createRelease, initKeys, readKeyFile } from '../sign/index.js'
import { fetchInventory, listReleases, publishBundle } from '../operator/index.js'
import { runCli, startBrokerProcess, type BrokerProcess } from './helpers/cli.js'
import { FIXTURES } from './helpers/env.js'

const exec = promisify(execFile)
const run = runCli

let dir: string
let broker: BrokerProcess | null = null
let port = 0
let op: { ca: Buffer, cert: Buffer, key: Buffer, operatorId: string }

/** Issues an ECDSA P-256 certificate from the CA in `dir` with `subject` and, when given, SANs. */
async function issue (name: string, subject: string, san?: string): Promise<void> {
  const openssl = async (...a: string[]): Promise<void> => { await exec('openssl', a, { cwd: dir, timeout: 30_000 }) }
  await openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject)
  const ext = san !== undefined ? `subjectAltName=${san}\nextendedKeyUsage=serverAuth\n` : 'extendedKeyUsage=clientAuth\n'
  await writeFile(join(dir, `${name}.ext`), ext)
  await openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', `${name}.crt`, '-extfile', `${name}.ext`)
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aedes-ota-ownca-'))
  await exec('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/O=Example Corp/CN=Example Corp IoT CA'], { cwd: dir, timeout: 30_000 })
  await issue('broker', '/O=Example Corp/CN=ota.example.test', 'DNS:ota.example.test,IP:127.0.0.1')
  await issue('operator', '/O=aedes-ota/OU=operator/CN=alice')
  await initKeys({ out: join(dir, 'keys'), models: ['ath9k'] })
  op = { ca: await readFile(join(dir, 'ca.crt')), cert: await readFile(join(dir, 'operator.crt')), key: await readFile(join(dir, 'operator.key')), operatorId: 'alice' }
  broker = await startBrokerProcess('--ca', join(dir, 'ca.crt'), '--cert', join(dir, 'broker.crt'), '--key', join(dir, 'broker.key'),
    '--trust', join(dir, 'keys'), '--data', join(dir, 'data'), '--port', '0')
  port = Number(new URL(broker.url).port)
}, 60_000)
afterAll(async () => {
  await broker?.stop()
  await rm(dir, { recursive: true, force: true })
})

describe('a broker certificate for its real host name, from a CA of one\'s own', () => {
  it('is accepted by IP address (IP SAN) and by host name through servername', async () => {
    const signer = await readKeyFile(join(dir, 'keys', KeyFiles.release))
    const image = await readFile(join(FIXTURES, 'firmware', 'ath9k', 'new.bin'))
    const r = createRelease({ image, model: 'ath9k', version: '2.0.0', securityVersion: 1, sequence: 5, signers: [signer] })
    const ok = await publishBundle({ url: `mqtts://127.0.0.1:${port}`, ...op, bundle: r.bundle, timeoutMs: 10_000 })
    expect(ok.version).toBe('2.0.0')
    const list = await listReleases({ url: `mqtts://127.0.0.1:${port}`, ...op, servername: 'ota.example.test', timeoutMs: 10_000 })
    expect(list.map((x) => [x.model, x.version, x.sequence])).toEqual([['ath9k', '2.0.0', 5]])
    expect(await fetchInventory({ url: `mqtts://127.0.0.1:${port}`, ...op, servername: 'ota.example.test', timeoutMs: 10_000 })).toEqual([])
  })

  it('is refused under a name it does not carry', async () => {
    const err = await listReleases({ url: `mqtts://127.0.0.1:${port}`, ...op, servername: 'localhost', timeoutMs: 10_000 }).then(() => null, (e: unknown) => e)
    expect(isOtaError(err, 'OTA_CONNECTION')).toBe(true)
    expect(String((err as Error).message)).toMatch(/localhost/)
  })

  it('the broker command wants either --pki or all of --ca/--cert/--key, and a known --log-level', async () => {
    for (const args of [['--pki', dir, '--ca', join(dir, 'ca.crt')], ['--ca', join(dir, 'ca.crt'), '--cert', join(dir, 'broker.crt')], []]) {
      const r = await run('broker', ...args, '--trust', join(dir, 'keys'), '--data', join(dir, 'data2'), '--port', '0')
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr).toMatch(/^error \[OTA_INVALID_ARGUMENT\]: give either --pki/m)
    }
    const level = await run('broker', '--pki', dir, '--trust', join(dir, 'keys'), '--data', join(dir, 'data2'), '--log-level', 'loud')
    expect(level.code).toBe(2)
    expect(level.stderr).toMatch(/^error \[OTA_INVALID_ARGUMENT\]: option '--log-level <level>' argument 'loud' is invalid/m)
  })
})
