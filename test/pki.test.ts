import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { isAbsolute, join } from 'node:path'
import * as tls from 'node:tls'
import type { AddressInfo } from 'node:net'
import { addDevices, identityFromSubject, initPki, readPki, type PkiLayout } from '../certs/index.js'
import { isOtaError } from '../proto/errors.js'

const MODEL = 'microbit-v2'
// Whole seconds: X.509 UTCTime has no sub-second precision, so exact date checks need them.
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000)

let tmp: string
let pki: PkiLayout
let other: PkiLayout

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'aedes-ota-pki-'))
  pki = await initPki({ out: join(tmp, 'pki'), model: MODEL, devices: 3, operators: ['alice', 'bob'], now: NOW })
  other = await initPki({ out: join(tmp, 'other'), model: MODEL, devices: 1 })
})

afterAll(() => {
  if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true })
})

const read = (p: string): string => readFileSync(p, 'utf8')
const cert = (p: string): X509Certificate => new X509Certificate(readFileSync(p))

async function expectOtaError (p: Promise<unknown> | (() => unknown), code: string): Promise<void> {
  try {
    await (typeof p === 'function' ? p() : p)
  } catch (e) {
    expect(isOtaError(e), String(e)).toBe(true)
    expect((e as { code: string }).code).toBe(code)
    return
  }
  throw new Error(`expected OtaError ${code}`)
}

describe('initPki layout', () => {
  it('returns absolute paths with the documented names', () => {
    expect(pki.dir).toBe(join(tmp, 'pki'))
    expect(pki.model).toBe(MODEL)
    expect(pki.ca).toEqual({ cert: join(pki.dir, 'ca.crt'), key: join(pki.dir, 'ca.key') })
    expect(pki.server).toEqual({ cert: join(pki.dir, 'server.crt'), key: join(pki.dir, 'server.key') })
    expect(pki.devices.map(d => d.id)).toEqual(['dev-0001', 'dev-0002', 'dev-0003'])
    expect(pki.devices[0]).toEqual({ id: 'dev-0001', model: MODEL, cert: join(pki.dir, 'devices', 'dev-0001.crt'), key: join(pki.dir, 'devices', 'dev-0001.key') })
    expect(pki.operators).toEqual([
      { id: 'alice', cert: join(pki.dir, 'operators', 'alice.crt'), key: join(pki.dir, 'operators', 'alice.key') },
      { id: 'bob', cert: join(pki.dir, 'operators', 'bob.crt'), key: join(pki.dir, 'operators', 'bob.key') }
    ])
  })

  it('writes every file as PEM, keys as PKCS#8 with mode 0600', () => {
    const pairs = [pki.ca, pki.server, ...pki.devices, ...pki.operators]
    for (const { cert: c, key: k } of pairs) {
      expect(read(c)).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n/)
      expect(read(k)).toMatch(/^-----BEGIN PRIVATE KEY-----\n/)
      if (process.platform !== 'win32') expect(statSync(k).mode & 0o777).toBe(0o600)
    }
  })

  it('stores pki.json with paths relative to the directory, and readPki resolves them', async () => {
    const onDisk = JSON.parse(read(join(pki.dir, 'pki.json'))) as PkiLayout
    expect(onDisk.ca).toEqual({ cert: 'ca.crt', key: 'ca.key' })
    expect(onDisk.devices[1]).toEqual({ id: 'dev-0002', model: MODEL, cert: 'devices/dev-0002.crt', key: 'devices/dev-0002.key' })
    expect(await readPki(pki.dir)).toEqual(pki)
  })

  it('issues certificates with the documented subjects, extensions, serials and dates', () => {
    const ca = cert(pki.ca.cert)
    expect(ca.ca).toBe(true)
    expect(ca.subject.split('\n').sort()).toEqual(['CN=aedes-ota dev CA', 'O=aedes-ota'])
    expect(ca.checkIssued(ca)).toBe(true)
    expect(ca.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1')

    const server = cert(pki.server.cert)
    expect(server.ca).toBe(false)
    expect(server.subject.split('\n').sort()).toEqual(['CN=localhost', 'O=aedes-ota'])
    expect(server.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1')
    expect(server.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1'])

    const dev = cert(pki.devices[0]!.cert)
    expect(dev.subject.split('\n').sort()).toEqual(['CN=dev-0001', 'O=aedes-ota', `OU=device:${MODEL}`])
    expect(dev.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2'])
    const op = cert(pki.operators[0]!.cert)
    expect(op.subject.split('\n').sort()).toEqual(['CN=alice', 'O=aedes-ota', 'OU=operator'])
    expect(op.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2'])

    const serials = new Set<string>()
    for (const c of [ca, server, dev, op]) {
      expect(c.checkIssued(ca)).toBe(true)
      expect(c.verify(ca.publicKey)).toBe(true)
      expect(c.serialNumber).toMatch(/^[0-7][0-9A-F]{31}$/)
      serials.add(c.serialNumber)
      expect(Date.parse(c.validFrom)).toBe(NOW.getTime() - 5 * 60_000)
      expect(Date.parse(c.validTo)).toBe(NOW.getTime() + 825 * 86_400_000)
    }
    expect(serials.size).toBe(4)
  })

  it('is accepted by `openssl verify` against the CA', () => {
    const files = [pki.devices[0]!.cert, pki.server.cert, pki.operators[0]!.cert]
    const out = execFileSync('openssl', ['verify', '-x509_strict', '-CAfile', pki.ca.cert, ...files], { encoding: 'utf8' })
    expect(out).toBe(files.map(f => `${f}: OK\n`).join(''))
    const purpose = execFileSync('openssl', ['verify', '-CAfile', pki.ca.cert, '-purpose', 'sslclient', pki.devices[0]!.cert], { encoding: 'utf8' })
    expect(purpose).toContain(': OK')
  })

  it('refuses to overwrite an existing PKI', async () => {
    await expectOtaError(initPki({ out: pki.dir, model: MODEL, devices: 1 }), 'OTA_INVALID_ARGUMENT')
    expect(await readPki(pki.dir)).toEqual(pki)
  })

  it('rejects bad options before writing anything', async () => {
    const out = join(tmp, 'bad')
    await expectOtaError(initPki({ out, model: 'bad model', devices: 1 }), 'OTA_INVALID_ARGUMENT')
    await expectOtaError(initPki({ out, model: MODEL, devices: -1 }), 'OTA_INVALID_ARGUMENT')
    await expectOtaError(initPki({ out, model: MODEL, devices: 1.5 }), 'OTA_INVALID_ARGUMENT')
    await expectOtaError(initPki({ out, model: MODEL, devices: 1, devicePrefix: '-x' }), 'OTA_INVALID_ARGUMENT')
    await expectOtaError(initPki({ out, model: MODEL, devices: 1, devicePrefix: 'x'.repeat(60) }), 'OTA_INVALID_ARGUMENT')
    await expectOtaError(initPki({ out, model: MODEL, devices: 1, operators: ['a', 'a'] }), 'OTA_INVALID_ARGUMENT')
    await expectOtaError(initPki({ out, model: MODEL, devices: 1, operators: ['a/b'] }), 'OTA_INVALID_ARGUMENT')
    await expectOtaError(initPki({ out, model: MODEL, devices: 1, validityDays: 0 }), 'OTA_INVALID_ARGUMENT')
    await expectOtaError(initPki({ out, model: MODEL, devices: 1, now: new Date(NaN) }), 'OTA_INVALID_ARGUMENT')
    for (const h of [[], ['bad_host'], ['a..b'], ['-x.example'], ['*.example.com'], ['999.1.1.1'], ['example.com.'], ['x'.repeat(64) + '.com'], ['']]) {
      await expectOtaError(initPki({ out, model: MODEL, devices: 1, brokerHosts: h }), 'OTA_INVALID_ARGUMENT')
    }
    expect(existsSync(out)).toBe(false)
  })

  it('honours devicePrefix, default operators and zero devices', async () => {
    const l = await initPki({ out: join(tmp, 'prefixed'), model: 'm1', devices: 2, devicePrefix: 'pump' })
    expect(l.devices.map(d => d.id)).toEqual(['pump-0001', 'pump-0002'])
    expect(l.operators.map(o => o.id)).toEqual(['operator'])
    const none = await initPki({ out: join(tmp, 'none'), model: 'm1', devices: 0, operators: [] })
    expect(none.devices).toEqual([])
    expect(none.operators).toEqual([])
  })
})

describe('broker hosts', () => {
  let named: PkiLayout
  beforeAll(async () => {
    named = await initPki({ out: join(tmp, 'named'), model: MODEL, devices: 1, brokerHosts: ['OTA.Example.Test', '127.0.0.1', 'fd00::5', 'ota.example.test'], now: NOW })
  })

  it('puts every name into the server certificate (lowercased, duplicates dropped), the first as CN', () => {
    const server = cert(named.server.cert)
    expect(server.subjectAltName).toBe('DNS:ota.example.test, IP Address:127.0.0.1, IP Address:FD00:0:0:0:0:0:0:5')
    expect(server.subject.split('\n').sort()).toEqual(['CN=ota.example.test', 'O=aedes-ota'])
    expect(server.checkHost('ota.example.test')).toBe('ota.example.test')
    expect(server.checkHost('localhost')).toBeUndefined()
  })

  it('records them in pki.json and reads them back; a pki.json without them reads as the default', async () => {
    expect(named.brokerHosts).toEqual(['ota.example.test', '127.0.0.1', 'fd00::5'])
    const onDisk = JSON.parse(read(join(named.dir, 'pki.json'))) as PkiLayout
    expect(onDisk.brokerHosts).toEqual(['ota.example.test', '127.0.0.1', 'fd00::5'])
    expect((await readPki(named.dir)).brokerHosts).toEqual(named.brokerHosts)
    expect(pki.brokerHosts).toEqual(['localhost', '127.0.0.1', '::1'])
    const old = join(tmp, 'old-layout')
    mkdirSync(old)
    const { brokerHosts: _, ...withoutHosts } = JSON.parse(read(join(pki.dir, 'pki.json'))) as PkiLayout
    writeFileSync(join(old, 'pki.json'), JSON.stringify(withoutHosts))
    expect((await readPki(old)).brokerHosts).toEqual(['localhost', '127.0.0.1', '::1'])
    writeFileSync(join(old, 'pki.json'), JSON.stringify({ ...withoutHosts, brokerHosts: ['bad host'] }))
    await expectOtaError(readPki(old), 'OTA_IO')
  })

  it('is what a TLS client checks: servername ota.example.test verifies, localhost does not', async () => {
    const server = tls.createServer({ key: read(named.server.key), cert: read(named.server.cert), minVersion: 'TLSv1.3' })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as AddressInfo).port
    const attempt = async (servername: string): Promise<string> => await new Promise((resolve) => {
      const c = tls.connect({ host: '127.0.0.1', port, servername, ca: read(named.ca.cert) })
      c.once('secureConnect', () => { c.destroy(); resolve('ok') })
      c.once('error', (e: NodeJS.ErrnoException) => { c.destroy(); resolve(e.code ?? e.message) })
    })
    try {
      expect(await attempt('ota.example.test')).toBe('ok')
      expect(await attempt('localhost')).toBe('ERR_TLS_CERT_ALTNAME_INVALID')
    } finally {
      await new Promise<void>(resolve => server.close(() => resolve()))
    }
  })
})

describe('readPki', () => {
  it('fails with OTA_IO when pki.json is missing or invalid', async () => {
    await expectOtaError(readPki(join(tmp, 'nowhere')), 'OTA_IO')
    const dir = join(tmp, 'broken')
    mkdirSync(dir)
    writeFileSync(join(dir, 'pki.json'), '{not json')
    await expectOtaError(readPki(dir), 'OTA_IO')
    writeFileSync(join(dir, 'pki.json'), JSON.stringify({ model: 'm', ca: { cert: 'ca.crt', key: 'ca.key' }, server: {}, devices: [], operators: [] }))
    await expectOtaError(readPki(dir), 'OTA_IO')
    writeFileSync(join(dir, 'pki.json'), JSON.stringify({
      model: 'm', ca: { cert: 'a', key: 'b' }, server: { cert: 'c', key: 'd' }, devices: [{ id: '../x', model: 'm', cert: 'e', key: 'f' }], operators: []
    }))
    await expectOtaError(readPki(dir), 'OTA_IO')
  })
})

describe('addDevices', () => {
  let added: PkiLayout

  beforeAll(async () => {
    added = await addDevices(pki.dir, ['pump-1', 'pump-2'], 'pump-v1')
  })

  it('issues more device certificates from the same CA and records them', async () => {
    expect(added.devices.map(d => [d.id, d.model])).toEqual([
      ['dev-0001', MODEL], ['dev-0002', MODEL], ['dev-0003', MODEL], ['pump-1', 'pump-v1'], ['pump-2', 'pump-v1']
    ])
    expect(added.devices.every(d => isAbsolute(d.cert) && isAbsolute(d.key))).toBe(true)
    expect(await readPki(pki.dir)).toEqual(added)
    const c = cert(added.devices[3]!.cert)
    expect(c.subject.split('\n').sort()).toEqual(['CN=pump-1', 'O=aedes-ota', 'OU=device:pump-v1'])
    expect(c.verify(cert(pki.ca.cert).publicKey)).toBe(true)
    if (process.platform !== 'win32') expect(statSync(added.devices[3]!.key).mode & 0o777).toBe(0o600)
    execFileSync('openssl', ['verify', '-x509_strict', '-CAfile', pki.ca.cert, added.devices[4]!.cert])
  })

  it('defaults to the PKI model and refuses duplicates and bad ids', async () => {
    const more = await addDevices(pki.dir, ['dev-0100'])
    expect(more.devices.at(-1)).toMatchObject({ id: 'dev-0100', model: MODEL })
    await expectOtaError(addDevices(pki.dir, ['dev-0001']), 'OTA_INVALID_ARGUMENT')
    await expectOtaError(addDevices(pki.dir, ['x', 'x']), 'OTA_INVALID_ARGUMENT')
    await expectOtaError(addDevices(pki.dir, ['no/slash']), 'OTA_INVALID_ARGUMENT')
    await expectOtaError(addDevices(pki.dir, ['ok'], 'bad model'), 'OTA_INVALID_ARGUMENT')
    await expectOtaError(addDevices(join(tmp, 'nowhere'), ['ok']), 'OTA_IO')
    expect((await readPki(pki.dir)).devices).toHaveLength(6)
  })
})

describe('mutual TLS 1.3 with the dev PKI', () => {
  let server: tls.Server
  let port: number

  beforeAll(async () => {
    server = tls.createServer({
      key: read(pki.server.key),
      cert: read(pki.server.cert),
      ca: read(pki.ca.cert),
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.3'
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })

  afterAll(async () => {
    await new Promise<void>(resolve => server.close(() => resolve()))
  })

  type Outcome =
    | { accepted: true, subject: tls.Certificate, protocol: string | null }
    | { accepted: false, code: string | undefined, authorizationError: string | undefined }

  /**
   * Judged on the server side: in TLS 1.3 the client finishes its handshake before the server
   * checks the client certificate, so only the server knows promptly whether it accepted.
   * A certificate that fails verification is dropped after the handshake with only
   * `authorizationError` set (the error itself is a bare ECONNRESET), so both are reported.
   */
  async function connect (opts: tls.ConnectionOptions): Promise<Outcome> {
    const outcome = new Promise<Outcome>(resolve => {
      const onSecure = (s: tls.TLSSocket): void => {
        cleanup()
        const subject = s.getPeerCertificate().subject
        resolve({ accepted: true, subject, protocol: s.getProtocol() })
        s.end()
      }
      const onError = (e: NodeJS.ErrnoException, s: tls.TLSSocket): void => {
        cleanup()
        resolve({ accepted: false, code: e.code, authorizationError: s.authorizationError?.toString() })
      }
      const cleanup = (): void => { server.off('secureConnection', onSecure); server.off('tlsClientError', onError) }
      server.on('secureConnection', onSecure)
      server.on('tlsClientError', onError)
    })
    const client = tls.connect({ host: '127.0.0.1', port, ca: read(pki.ca.cert), ...opts })
    client.on('error', () => { /* the server's verdict is what the test checks */ })
    try {
      return await outcome
    } finally {
      client.destroy()
    }
  }

  it('accepts a device certificate and yields its identity from the subject', async () => {
    const d = pki.devices[0]!
    const r = await connect({ servername: 'localhost', key: read(d.key), cert: read(d.cert) })
    expect(r.accepted).toBe(true)
    if (!r.accepted) return
    expect(r.protocol).toBe('TLSv1.3')
    expect(identityFromSubject(r.subject)).toEqual({ role: 'device', id: 'dev-0001', model: MODEL })
  })

  it('accepts an operator certificate, verifying the server by its IP SAN', async () => {
    const o = pki.operators[1]!
    const r = await connect({ key: read(o.key), cert: read(o.cert) })
    expect(r.accepted).toBe(true)
    if (r.accepted) expect(identityFromSubject(r.subject)).toEqual({ role: 'operator', id: 'bob' })
  })

  it('refuses a client without a certificate', async () => {
    const r = await connect({ servername: 'localhost' })
    expect(r).toMatchObject({ accepted: false, code: 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE' })
  })

  it('refuses a device certificate from another CA', async () => {
    const d = other.devices[0]!
    expect(d.id).toBe('dev-0001')
    const r = await connect({ servername: 'localhost', key: read(d.key), cert: read(d.cert) })
    expect(r.accepted).toBe(false)
    if (!r.accepted) expect(r.authorizationError).toMatch(/^UNABLE_TO_/)
  })
})

describe('identityFromSubject', () => {
  it('reads devices and operators', () => {
    expect(identityFromSubject({ CN: 'dev-0001', OU: 'device:microbit-v2', O: 'aedes-ota' })).toEqual({ role: 'device', id: 'dev-0001', model: 'microbit-v2' })
    expect(identityFromSubject({ CN: 'alice', OU: 'operator', O: 'aedes-ota' })).toEqual({ role: 'operator', id: 'alice' })
    // O carries no authority (the CA does), so a fleet's own organisation name is fine.
    expect(identityFromSubject({ CN: 'd1', OU: 'device:m' })).toEqual({ role: 'device', id: 'd1', model: 'm' })
  })

  it('gives null for anything outside the convention', () => {
    const cases: Array<Record<string, string | string[] | undefined> | null | undefined> = [
      null,
      undefined,
      {},
      { CN: 'dev-0001' },
      { OU: 'operator' },
      { CN: undefined, OU: 'operator' },
      { CN: ['dev-0001', 'dev-0002'], OU: 'device:m' },
      { CN: 'dev-0001', OU: ['device:m', 'operator'] },
      { CN: ['alice'], OU: 'operator' },
      { CN: 'dev 0001', OU: 'device:m' },
      { CN: 'dev/0001', OU: 'device:m' },
      { CN: '+', OU: 'operator' },
      { CN: '', OU: 'operator' },
      { CN: 'x'.repeat(65), OU: 'operator' },
      { CN: 'dev-0001', OU: 'device:' },
      { CN: 'dev-0001', OU: 'device:bad/model' },
      { CN: 'dev-0001', OU: 'device:m:n' },
      { CN: 'dev-0001', OU: 'Device:m' },
      { CN: 'alice', OU: 'operators' },
      { CN: 'alice', OU: 'admin' },
      { CN: 'alice', OU: '' }
    ]
    for (const s of cases) expect(identityFromSubject(s), JSON.stringify(s)).toBeNull()
  })
})
