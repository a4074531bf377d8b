/**
 * `aedes-ota pki add-device` and `pki revoke` as real processes (the built CLI), checked with
 * OpenSSL itself, and a real `aedes-ota broker` process that refuses a device revoked while it runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readPki, revokedSerials } from '../certs/index.js'
import { initKeys } from '../sign/index.js'
import { runCli, startBrokerProcess, type BrokerProcess } from './helpers/cli.js'
import { auditLines, tryConnect, until } from './helpers/env.js'

let dir: string
let pkiDir: string
let broker: BrokerProcess | undefined

const openssl = (...args: string[]): string => execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
const serialOf = async (path: string): Promise<string> => new X509Certificate(await readFile(path)).serialNumber.toLowerCase()

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aedes-ota-pki-revoke-'))
  pkiDir = join(dir, 'pki')
  const r = await runCli('pki', 'init', '--out', pkiDir, '--model', 'ath9k', '--devices', '3')
  expect(r.code, r.stderr).toBe(0)
})

afterAll(async () => {
  await broker?.stop()
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
})

describe('pki add-device', () => {
  it('issues one more certificate from the same CA, recorded in pki.json, nothing else changed', async () => {
    const caBefore = await readFile(join(pkiDir, 'ca.crt'))
    const serverBefore = await readFile(join(pkiDir, 'server.crt'))
    const r = await runCli('pki', 'add-device', 'sensor-7', '--model', 'model-b', '--pki', pkiDir)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('device sensor-7 (model model-b)')
    const layout = await readPki(pkiDir)
    expect(layout.devices.map((d) => d.id)).toEqual(['dev-0001', 'dev-0002', 'dev-0003', 'sensor-7'])
    const d = layout.devices[3]!
    expect(d.model).toBe('model-b')
    const cert = new X509Certificate(await readFile(d.cert))
    expect(cert.subject).toContain('CN=sensor-7')
    expect(cert.subject).toContain('OU=device:model-b')
    expect(cert.checkIssued(new X509Certificate(caBefore))).toBe(true)
    expect(openssl('verify', '-CAfile', join(pkiDir, 'ca.crt'), d.cert)).toContain(': OK')
    expect(await readFile(join(pkiDir, 'ca.crt'))).toEqual(caBefore)
    expect(await readFile(join(pkiDir, 'server.crt'))).toEqual(serverBefore)
    // Default model: the PKI's.
    expect((await runCli('pki', 'add-device', 'dev-0004', '--pki', pkiDir)).code).toBe(0)
    expect((await readPki(pkiDir)).devices.find((x) => x.id === 'dev-0004')?.model).toBe('ath9k')
  })

  it('refuses an id that already has a certificate, and a bad id, with exit 2', async () => {
    const dup = await runCli('pki', 'add-device', 'dev-0001', '--pki', pkiDir)
    expect(dup.code).toBe(2)
    expect(dup.stderr).toContain('OTA_INVALID_ARGUMENT')
    expect((await runCli('pki', 'add-device', 'bad/id', '--pki', pkiDir)).code).toBe(2)
  })
})

describe('pki revoke', () => {
  it('writes an X.509 v2 CRL signed by the CA that OpenSSL reads and enforces', async () => {
    const r = await runCli('pki', 'revoke', 'dev-0001', '--reason', 'keyCompromise', '--pki', pkiDir)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('dev-0001 revoked (keyCompromise)')
    const crl = join(pkiDir, 'ca.crl')
    expect(await readFile(crl, 'utf8')).toMatch(/^-----BEGIN X509 CRL-----\n/)
    const text = openssl('crl', '-in', crl, '-noout', '-text', '-CAfile', join(pkiDir, 'ca.crt'))
    expect(text).toContain('Version 2')
    expect(text).toContain('Issuer: O = aedes-ota, CN = aedes-ota dev CA')
    expect(text).toContain('X509v3 CRL Number')
    expect(text).toContain('X509v3 Authority Key Identifier')
    expect(text).toContain('Key Compromise')
    expect(text.toLowerCase()).toContain(await serialOf(join(pkiDir, 'devices', 'dev-0001.crt')))
    // OpenSSL's own check: the CRL's signature verifies with the CA, and it revokes dev-0001 only.
    expect(openssl('crl', '-in', crl, '-noout', '-CAfile', join(pkiDir, 'ca.crt'))).toBe('')
    const verify = (id: string): string => {
      try {
        return openssl('verify', '-crl_check', '-CAfile', join(pkiDir, 'ca.crt'), '-CRLfile', crl, join(pkiDir, 'devices', `${id}.crt`))
      } catch (e) {
        return String((e as { stdout?: string }).stdout) + String((e as { stderr?: string }).stderr)
      }
    }
    expect(verify('dev-0001')).toContain('certificate revoked')
    expect(verify('dev-0002')).toContain(': OK')
  })

  it('adds to the CRL (number + 1), leaves it alone when revoking again, refuses unknown ids and reasons', async () => {
    const r = await runCli('pki', 'revoke', 'dev-0002', '--pki', pkiDir)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('number 2, 2 certificate(s) listed')
    const layout = await readPki(pkiDir)
    expect(new Set(await revokedSerials(layout))).toEqual(new Set([await serialOf(layout.devices[0]!.cert), await serialOf(layout.devices[1]!.cert)]))
    const before = await readFile(join(pkiDir, 'ca.crl'))
    const again = await runCli('pki', 'revoke', 'dev-0002', '--pki', pkiDir)
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('already revoked')
    expect(await readFile(join(pkiDir, 'ca.crl'))).toEqual(before)
    const unknown = await runCli('pki', 'revoke', 'nobody', '--pki', pkiDir)
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('has no certificate for "nobody"')
    expect((await runCli('pki', 'revoke', 'dev-0003', '--reason', 'bored', '--pki', pkiDir)).code).toBe(2)
  })

  it('refuses to extend a CRL not signed by this CA (revocations are never silently dropped)', async () => {
    const other = join(dir, 'other')
    expect((await runCli('pki', 'init', '--out', other, '--model', 'ath9k', '--devices', '2')).code).toBe(0)
    expect((await runCli('pki', 'revoke', 'dev-0001', '--pki', other)).code).toBe(0)
    // Put the other CA's CRL where this PKI's belongs.
    const foreign = await readFile(join(other, 'ca.crl'))
    const mine = await readFile(join(pkiDir, 'ca.crl'))
    await writeFile(join(pkiDir, 'ca.crl'), foreign)
    const r = await runCli('pki', 'revoke', 'dev-0003', '--pki', pkiDir)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('OTA_IO')
    expect(await readFile(join(pkiDir, 'ca.crl'))).toEqual(foreign)
    await writeFile(join(pkiDir, 'ca.crl'), mine)
  })
})

describe('a running aedes-ota broker', () => {
  it('refuses a device revoked while it runs, audited with reason and address; others still connect', async () => {
    const keys = join(dir, 'keys')
    await initKeys({ out: keys, models: ['ath9k'] })
    const data = join(dir, 'data')
    broker = await startBrokerProcess('--pki', pkiDir, '--trust', keys, '--data', data, '--port', '0', '--crl-poll', '100')
    const ca = await readFile(join(pkiDir, 'ca.crt'))
    const tls = async (id: string): Promise<{ ca: Buffer, cert: Buffer, key: Buffer }> =>
      ({ ca, cert: await readFile(join(pkiDir, 'devices', `${id}.crt`)), key: await readFile(join(pkiDir, 'devices', `${id}.key`)) })
    // dev-0001 was revoked before the broker started.
    expect((await tryConnect(broker.url, { clientId: 'dev-0001', ...(await tls('dev-0001')) })).connected).toBe(false)
    expect((await tryConnect(broker.url, { clientId: 'dev-0003', ...(await tls('dev-0003')) })).connected).toBe(true)
    expect((await runCli('pki', 'revoke', 'dev-0003', '--reason', 'cessationOfOperation', '--pki', pkiDir)).code).toBe(0)
    await until(async () => !(await tryConnect(broker!.url, { clientId: 'dev-0003', ...(await tls('dev-0003')) })).connected, 20_000, 'dev-0003 refused')
    expect((await tryConnect(broker.url, { clientId: 'dev-0004', ...(await tls('dev-0004')) })).connected).toBe(true)
    const refused = (await auditLines(join(data, 'audit.log'))).filter((l) => l.event === 'tls.refused')
    expect(refused.length).toBeGreaterThanOrEqual(2)
    for (const l of refused) expect(l).toMatchObject({ reason: 'certificate revoked', code: 'CERT_REVOKED', remoteAddress: '127.0.0.1' })
  })
})
