/**
 * Device certificates at the standalone broker's TLS door (issue 7 item 5), against a real Aedes
 * broker over TLS 1.3 on 127.0.0.1 with real certificates and a real CRL file: a revoked, expired,
 * foreign or missing certificate is refused at the handshake and audited (`tls.refused`) with its
 * real reason and the peer's address; the CRL is reloaded on change without a restart, and a
 * broken CRL never un-revokes anyone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { connect as tlsConnect } from 'node:tls'
import pino from 'pino'
import { crlPath, initPki, revokeCertificate, type PkiLayout } from '../../certs/index.js'
import { BACKDATE_MS, DAY_MS, issueClient, loadIssuer } from '../../certs/issuer.js'
import { KeyFiles, initKeys } from '../../sign/index.js'
import { startOtaBroker, type OtaBroker } from '../../broker/index.js'
import { isOtaError } from '../../proto/index.js'
import { auditLines, auditRecords, tryConnect, until } from '../helpers/env.js'

const MODEL = 'ath9k'
let dir: string
let pki: PkiLayout
let trust: Uint8Array
let broker: OtaBroker
let ca: Buffer
/** the broker's operational log lines, for waiting on a CRL poll that must change nothing */
const logLines: Array<Record<string, unknown>> = []

const files = async (cert: string, key: string): Promise<{ ca: Buffer, cert: Buffer, key: Buffer }> =>
  ({ ca, cert: await readFile(cert), key: await readFile(key) })
const device = async (id: string): Promise<{ ca: Buffer, cert: Buffer, key: Buffer }> => {
  const d = pki.devices.find((x) => x.id === id)!
  return await files(d.cert, d.key)
}
const connects = async (id: string, tls?: { ca: Buffer, cert?: Buffer, key?: Buffer }): Promise<boolean> =>
  (await tryConnect(broker.url, { clientId: id, ...(tls ?? await device(id)) })).connected
const refusals = async (): Promise<Array<Record<string, unknown>>> =>
  (await auditLines(broker.plugin.auditLog)).filter((l) => l.event === 'tls.refused')

/** Waits for the `tls.refused` record after `before` records, and returns it. */
async function nextRefusal (before: number): Promise<Record<string, unknown>> {
  await until(async () => (await refusals()).length > before, 10_000, 'a tls.refused audit record')
  return (await refusals())[before]!
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aedes-ota-certs-'))
  pki = await initPki({ out: join(dir, 'pki'), model: MODEL, devices: 3 })
  ca = await readFile(pki.ca.cert)
  const keys = join(dir, 'keys')
  await initKeys({ out: keys, models: [MODEL] })
  trust = new Uint8Array(await readFile(join(keys, KeyFiles.trust)))
  const sink = new Writable({ write (chunk, _enc, done) { logLines.push(JSON.parse(String(chunk)) as Record<string, unknown>); done() } })
  broker = await startOtaBroker({ pki: pki.dir, trust, dataDir: join(dir, 'broker'), port: 0, crlPollMs: 50, logger: pino({ level: 'info' }, sink) })
})

afterAll(async () => {
  await broker?.close()
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
})

describe('device revocation (CRL)', () => {
  it('refuses a revoked device at its next connection, audited with reason and address; others unaffected; no restart', async () => {
    expect(await connects('dev-0001')).toBe(true)
    const before = (await refusals()).length
    const r = await revokeCertificate(pki.dir, 'dev-0001', { reason: 'keyCompromise' })
    expect(r).toMatchObject({ crl: crlPath(pki), crlNumber: 1n, revoked: 1, alreadyRevoked: false })
    // The running broker picks the new file up at its next poll: no restart, no signal.
    await until(async () => !(await connects('dev-0001')), 10_000, 'dev-0001 refused after revocation')
    const rec = await nextRefusal(before)
    expect(rec).toMatchObject({ event: 'tls.refused', outcome: 'failure', reason: 'certificate revoked', code: 'CERT_REVOKED', remoteAddress: '127.0.0.1' })
    expect(rec.remotePort).toBeGreaterThan(0)
    expect(await connects('dev-0002')).toBe(true)
    expect(await connects('dev-0003')).toBe(true)
  })

  it('lets no TLS session resume: a ticket from before a revocation does not get the revoked device back in', async () => {
    const tls = await device('dev-0003')
    const o = { port: broker.port, host: '127.0.0.1', servername: 'localhost', ...tls }
    // A full handshake; keep whatever session state the server hands out.
    let session: Buffer | undefined
    await new Promise<void>((resolve, reject) => {
      const c = tlsConnect(o, () => { setTimeout(() => { c.end(); resolve() }, 200) })
      c.on('session', (s: Buffer) => { session = s })
      c.on('error', reject)
    })
    // The client always holds its own session state; the server must not accept it back.
    const reused = await new Promise<boolean>((resolve, reject) => {
      const c = tlsConnect({ ...o, ...(session !== undefined ? { session } : {}) }, () => { const r = c.isSessionReused(); c.end(); resolve(r) })
      c.on('error', reject)
    })
    expect(reused).toBe(false)
    expect(session).toBeDefined()
  })

  it('adds a second revocation to the same CRL: both refused, the third device still connects', async () => {
    const r = await revokeCertificate(pki.dir, 'dev-0002')
    expect(r).toMatchObject({ crlNumber: 2n, revoked: 2, alreadyRevoked: false })
    await until(async () => !(await connects('dev-0002')), 10_000, 'dev-0002 refused after revocation')
    expect(await connects('dev-0001')).toBe(false)
    expect(await connects('dev-0003')).toBe(true)
    expect((await revokeCertificate(pki.dir, 'dev-0002')).alreadyRevoked).toBe(true)
  })

  it('keeps the last CRL in force when the file is replaced by garbage or removed (fails closed)', async () => {
    const path = crlPath(pki)
    const good = await readFile(path)
    const seen = logLines.length
    await writeFile(path, '-----BEGIN X509 CRL-----\nnot a crl\n-----END X509 CRL-----\n')
    await until(() => logLines.slice(seen).some((l) => l.msg === 'CRL unreadable: the last loaded CRL stays in force'), 10_000, 'the broker to see the broken CRL')
    expect(await connects('dev-0001')).toBe(false)
    expect(await connects('dev-0003')).toBe(true)
    const seen2 = logLines.length
    await rm(path)
    await until(() => logLines.slice(seen2).some((l) => l.msg === 'CRL file removed: the last loaded CRL stays in force'), 10_000, 'the broker to see the CRL removed')
    expect(await connects('dev-0001')).toBe(false)
    await writeFile(path, good)
    await until(() => logLines.slice(seen2).some((l) => l.msg === 'CRL reloaded'), 10_000, 'the CRL restored')
    expect(await connects('dev-0002')).toBe(false)
    expect(await connects('dev-0003')).toBe(true)
  })

  it('revokes an operator certificate the same way', async () => {
    const op = pki.operators[0]!
    expect(await connects(op.id, await files(op.cert, op.key))).toBe(true)
    expect((await revokeCertificate(pki.dir, op.id, { reason: 'affiliationChanged' })).alreadyRevoked).toBe(false)
    await until(async () => !(await connects(op.id, await files(op.cert, op.key))), 10_000, 'the operator refused after revocation')
    expect(await connects('dev-0003')).toBe(true)
  })

  it('applies a CRL present at start, and refuses to start on a malformed one', async () => {
    const second = await startOtaBroker({ pki: pki.dir, trust, dataDir: join(dir, 'broker2'), port: 0 })
    try {
      expect((await tryConnect(second.url, { clientId: 'dev-0001', ...(await device('dev-0001')) })).connected).toBe(false)
      expect((await tryConnect(second.url, { clientId: 'dev-0003', ...(await device('dev-0003')) })).connected).toBe(true)
    } finally {
      await second.close()
    }
    const bad = join(dir, 'bad.crl')
    await writeFile(bad, 'garbage')
    const err = await startOtaBroker({ pki: pki.dir, crl: bad, trust, dataDir: join(dir, 'broker3'), port: 0 }).then(async (b) => { await b.close(); return null }, (e: unknown) => e)
    expect(isOtaError(err, 'OTA_IO')).toBe(true)
    const missing = await startOtaBroker({ pki: pki.dir, crl: join(dir, 'no-such.crl'), trust, dataDir: join(dir, 'broker5'), port: 0 }).then(async (b) => { await b.close(); return null }, (e: unknown) => e)
    expect(isOtaError(missing, 'OTA_IO')).toBe(true)
    const err2 = await startOtaBroker({ pki: pki.dir, crlPollMs: 0, trust, dataDir: join(dir, 'broker4'), port: 0 }).then(async (b) => { await b.close(); return null }, (e: unknown) => e)
    expect(isOtaError(err2, 'OTA_INVALID_ARGUMENT')).toBe(true)
  })
})

describe('refused handshakes are audited with their real reason', () => {
  it('an expired device certificate', async () => {
    const issuer = await loadIssuer(pki)
    const now = Date.now()
    const paths = { cert: 'expired.crt', key: 'expired.key' }
    await issueClient(dir, paths, issuer, { notBefore: new Date(now - 30 * DAY_MS), notAfter: new Date(now - DAY_MS - BACKDATE_MS) },
      [['O', 'aedes-ota'], ['OU', `device:${MODEL}`], ['CN', 'dev-expired']])
    const before = (await refusals()).length
    expect(await connects('dev-expired', await files(join(dir, paths.cert), join(dir, paths.key)))).toBe(false)
    expect(await nextRefusal(before)).toMatchObject({ reason: 'certificate expired', code: 'CERT_HAS_EXPIRED', remoteAddress: '127.0.0.1' })
  })

  it('a certificate from a foreign CA', async () => {
    const other = await initPki({ out: join(dir, 'other'), model: MODEL, devices: 1 })
    const before = (await refusals()).length
    expect(await connects('dev-0003', await files(other.devices[0]!.cert, other.devices[0]!.key))).toBe(false)
    expect(await nextRefusal(before)).toMatchObject({ reason: 'unknown CA', code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', remoteAddress: '127.0.0.1' })
  })

  it('no certificate at all', async () => {
    const before = (await refusals()).length
    expect(await connects('dev-0003', { ca })).toBe(false)
    expect(await nextRefusal(before)).toMatchObject({ reason: 'no certificate', code: 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE', remoteAddress: '127.0.0.1' })
  })

  it('writes the ECS record with source.ip, source.port and tls.established false', async () => {
    const recs = (await auditRecords(broker.plugin.auditLog)).filter((r) => r['event.action'] === 'tls.refused')
    expect(recs.length).toBeGreaterThan(0)
    for (const r of recs) {
      expect(r['source.ip']).toBe('127.0.0.1')
      expect(r['source.port']).toBeGreaterThan(0)
      expect(r['tls.established']).toBe(false)
    }
  })
})
