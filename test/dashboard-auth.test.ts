/**
 * The dashboard's door, with node:https against a real broker (TLS 1.3, dev PKI on 127.0.0.1):
 * who gets in (an operator certificate, the bearer token) and who does not (no credentials, a
 * wrong token, a device certificate, a certificate of another CA, TLS 1.2), each refusal audited;
 * the security headers; the JSON endpoints; the SBOM files; the token rules; the option checks;
 * and the `aedes-ota broker --dashboard-*` flags as a real process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { chmod, mkdir, readFile, symlink, writeFile } from 'node:fs/promises'
import { request } from 'node:https'
import { join } from 'node:path'
import pino from 'pino'
import { initPki, revokeCertificate } from '../certs/index.js'
import { sha256, toHex } from '../proto/index.js'
import { auditFiles, startDashboard, type Dashboard } from '../broker/index.js'
import { checkToken, readTokenFile } from '../broker/dashboard/token.js'
import { Denials } from '../broker/dashboard/denials.js'
import { auditView } from '../broker/dashboard/views.js'
import type { AuditLog } from '../broker/audit.js'
import { startBrokerProcess } from './helpers/cli.js'
import { auditLines, auditRecords, makeEnv, until, type TestEnv } from './helpers/env.js'

let env: TestEnv
let dash: Dashboard
const TOKEN = randomBytes(32).toString('hex')

interface Answer { status: number, headers: Record<string, string | string[] | undefined>, body: string }
interface Ask { path?: string, method?: string, token?: string, authorization?: string, cert?: Buffer, key?: Buffer, ca?: Buffer, maxVersion?: 'TLSv1.2' | 'TLSv1.3', port?: number }

/** One HTTPS request to the dashboard, verifying its certificate against the dev CA. */
async function ask (a: Ask = {}): Promise<Answer> {
  return await new Promise<Answer>((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port: a.port ?? dash.port,
      path: a.path ?? '/',
      method: a.method ?? 'GET',
      ca: a.ca ?? env.ca,
      ...(a.cert !== undefined ? { cert: a.cert, key: a.key } : {}),
      ...(a.maxVersion !== undefined ? { maxVersion: a.maxVersion } : {}),
      headers: a.authorization !== undefined ? { Authorization: a.authorization } : a.token !== undefined ? { Authorization: `Bearer ${a.token}` } : {},
      agent: false
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
    })
    req.on('error', reject)
    req.end()
  })
}

async function certOf (id: string): Promise<{ cert: Buffer, key: Buffer }> {
  const { cert, key } = await env.deviceTls(id)
  return { cert, key }
}

const denied = async (): Promise<Array<Record<string, unknown>>> => (await auditLines(env.broker.plugin.auditLog)).filter((l) => l.event === 'dashboard.denied')

beforeAll(async () => {
  env = await makeEnv({ model: 'ath9k', devices: 2 })
  dash = await startDashboard(env.broker.plugin, { pki: env.pki, port: 0, token: TOKEN })
})
afterAll(async () => {
  await dash?.close()
  await env?.close()
})

describe('who may read the dashboard', () => {
  it('refuses a request with no credentials: 401 with a Bearer challenge, the security headers, and an audit line', async () => {
    const r = await ask({ path: '/api/fleet' })
    expect(r.status).toBe(401)
    expect(r.headers['www-authenticate']).toBe('Bearer realm="aedes-ota dashboard"')
    expect(r.headers.connection).toBe('close')
    expect(r.body).not.toContain('deviceId')
    expect(r.headers['cache-control']).toBe('no-store')
    expect(r.headers['x-content-type-options']).toBe('nosniff')
    await until(async () => (await denied()).some((l) => l.path === '/api/fleet' && l.reason === 'no operator certificate and no token'), 5000, 'dashboard.denied')
    const line = (await denied()).find((l) => l.path === '/api/fleet')!
    expect(line).toMatchObject({ outcome: 'failure', method: 'GET', remoteAddress: '127.0.0.1', certificateId: '' })
  })

  it('refuses a wrong token, a token of another length and a malformed Authorization header', async () => {
    const wrong = TOKEN.slice(0, -1) + (TOKEN.endsWith('0') ? '1' : '0')
    expect((await ask({ path: '/api/fleet', token: wrong })).status).toBe(401)
    expect((await ask({ path: '/api/fleet', token: TOKEN + 'aa' })).status).toBe(401)
    expect((await ask({ path: '/api/fleet', token: '' })).status).toBe(401)
    await until(async () => (await denied()).filter((l) => l.reason === 'wrong bearer token').length >= 2, 5000, 'two wrong-token lines')
    expect((await denied()).some((l) => l.reason === 'Authorization header is not a bearer token')).toBe(true)
    // The token itself is never written to the audit log.
    const text = (await Promise.all((await auditFiles(env.broker.plugin.auditLog)).map(async (f) => await readFile(f, 'utf8')))).join('')
    expect(text).toContain('dashboard.denied')
    expect(text).not.toContain(TOKEN)
    expect(text).not.toContain(wrong)
  })

  it('refuses a device certificate, and names it in the audit line', async () => {
    const r = await ask({ path: '/', ...(await certOf('dev-0001')) })
    expect(r.status).toBe(401)
    await until(async () => (await denied()).some((l) => l.certificateId === 'dev-0001'), 5000, 'device refusal')
    expect((await denied()).find((l) => l.certificateId === 'dev-0001')!.reason).toBe('certificate of a device, not an operator')
  })

  it('refuses an operator certificate from another CA (it does not verify, so it counts as none)', async () => {
    const other = await initPki({ out: join(env.dir, 'other-pki'), model: 'ath9k', devices: 1 })
    const op = other.operators[0]!
    const r = await ask({ path: '/', cert: await readFile(op.cert), key: await readFile(op.key) })
    expect(r.status).toBe(401)
  })

  it('refuses TLS 1.2', async () => {
    await expect(ask({ token: TOKEN, maxVersion: 'TLSv1.2' })).rejects.toThrow()
  })

  it('answers a verified operator certificate: the page, with its CSP, served with the broker certificate', async () => {
    const r = await ask({ path: '/', ...(await certOf('operator')) })
    expect(r.status).toBe(200)
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8')
    const csp = String(r.headers['content-security-policy'])
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toContain('unsafe-inline')
    expect(r.headers['x-frame-options']).toBe('DENY')
    expect(r.headers['cache-control']).toBe('no-store')
    // No inline script or style, and no external resource.
    expect(r.body).not.toMatch(/<script>|<script [^>]*>[^<]|style=|https?:\/\//)
    expect(r.body).toContain('<script src="/app.js" defer></script>')
  })

  it('answers the bearer token: fleet, rollouts and audit as JSON', async () => {
    const c = await env.connect('dev-0002')
    await until(() => env.broker.plugin.inventory.list().some((d) => d.deviceId === 'dev-0002' && d.online), 5000, 'dev-0002 online')
    const fleet = JSON.parse((await ask({ path: '/api/fleet', token: TOKEN })).body) as { devices: Array<Record<string, unknown>> }
    expect(fleet.devices.find((d) => d.deviceId === 'dev-0002')).toMatchObject({ model: 'ath9k', online: true, supportName: 'UNKNOWN', sbomUrl: '', suspect: false })
    await c.endAsync()
    expect(JSON.parse((await ask({ path: '/api/rollouts', token: TOKEN })).body)).toEqual({ rollouts: [] })
    const audit = JSON.parse((await ask({ path: '/api/audit?limit=3', token: TOKEN })).body) as { records: Array<{ action: string, time: string }> }
    expect(audit.records).toHaveLength(3)
    expect(audit.records.every((x) => x.action !== '' && x.time !== '')).toBe(true)
    // Seeded from the audit file at start: the plugin's start is there.
    const all = JSON.parse((await ask({ path: '/api/audit?limit=200', token: TOKEN })).body) as { records: Array<{ action: string }> }
    expect(all.records.some((x) => x.action === 'plugin.started')).toBe(true)
    for (const bad of ['0', '201', 'x', '-1', '1.5']) expect((await ask({ path: `/api/audit?limit=${bad}`, token: TOKEN })).status).toBe(400)
  })

  it('is read-only and answers 404 for anything else', async () => {
    const r = await ask({ path: '/api/fleet', method: 'POST', token: TOKEN })
    expect(r.status).toBe(405)
    expect(r.headers.allow).toBe('GET, HEAD')
    expect((await ask({ path: '/nothing', token: TOKEN })).status).toBe(404)
    const head = await ask({ path: '/events', method: 'HEAD', token: TOKEN })
    expect(head.status).toBe(200)
    expect(head.headers['content-type']).toBe('text/event-stream; charset=utf-8')
  })

  it('takes the scheme name in any case (RFC 9110 §11.1), the token exactly', async () => {
    expect((await ask({ path: '/api/fleet', authorization: `bearer ${TOKEN}` })).status).toBe(200)
    expect((await ask({ path: '/api/fleet', authorization: `Bearer ${TOKEN.toUpperCase()}` })).status).toBe(401)
    expect((await ask({ path: '/api/fleet', authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` })).status).toBe(401)
  })
})

describe('SBOM files', () => {
  it('serves <dataDir>/sboms/<hex>.json only under its own digest', async () => {
    const sbom = Buffer.from(JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', components: [{ name: 'ath9k-fw', version: '1.4.0' }] }))
    const hex = toHex(sha256(sbom))
    const dir = join(env.dir, 'broker', 'sboms')
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, `${hex}.json`), sbom)
    const r = await ask({ path: `/sbom/${hex}`, token: TOKEN })
    expect(r.status).toBe(200)
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(r.body).toBe(sbom.toString())
    // Strict names: uppercase, short, traversal, unknown.
    expect((await ask({ path: `/sbom/${hex.toUpperCase()}`, token: TOKEN })).status).toBe(404)
    expect((await ask({ path: `/sbom/${hex.slice(1)}`, token: TOKEN })).status).toBe(404)
    expect((await ask({ path: '/sbom/..%2F..%2Finventory', token: TOKEN })).status).toBe(404)
    expect((await ask({ path: `/sbom/${'0'.repeat(64)}`, token: TOKEN })).status).toBe(404)
    // A file whose bytes are not its name's digest is refused.
    const fake = 'f'.repeat(64)
    await writeFile(join(dir, `${fake}.json`), sbom)
    expect((await ask({ path: `/sbom/${fake}`, token: TOKEN })).status).toBe(500)
    // And no SBOM without credentials.
    expect((await ask({ path: `/sbom/${hex}` })).status).toBe(401)
  })

  it('answers a file it cannot read or that does not match with a generic 500, and logs the cause as { err }', async () => {
    const logged: Array<Record<string, unknown>> = []
    const logger = pino({ level: 'info' }, { write: (line: string) => { logged.push(JSON.parse(line) as Record<string, unknown>) } })
    const second = await startDashboard(env.broker.plugin, { pki: env.pki, port: 0, token: TOKEN, logger })
    try {
      const dir = join(env.dir, 'broker', 'sboms')
      await mkdir(dir, { recursive: true })
      // A symbolic link to itself: stat fails with ELOOP, an error that is not "no such file".
      const loop = 'e'.repeat(64)
      await symlink(join(dir, `${loop}.json`), join(dir, `${loop}.json`))
      const bad = 'd'.repeat(64)
      await writeFile(join(dir, `${bad}.json`), '{"bomFormat":"CycloneDX"}')
      for (const [hex, cause] of [[loop, /cannot read the SBOM file .*ELOOP/], [bad, /does not match its digest/]] as const) {
        const r = await ask({ path: `/sbom/${hex}`, token: TOKEN, port: second.port })
        expect(r.status).toBe(500)
        expect(r.body).toBe('the SBOM cannot be served\n')
        expect(r.body).not.toContain(env.dir)
        const line = logged.find((l) => l.msg === 'SBOM not served' && l.path === `/sbom/${hex}`)
        expect(line, JSON.stringify(logged)).toMatchObject({ level: 50, component: 'ota-dashboard', err: { type: 'OtaError', code: 'OTA_IO', message: expect.stringMatching(cause) } })
        expect((line!.err as { message: string }).message).toContain(join(dir, `${hex}.json`))
        expect(line).not.toHaveProperty('reason')
      }
    } finally {
      await second.close()
    }
  })
})

describe('the token rules', () => {
  it('accepts 32 random bytes as hex or base64url, refuses short, patterned or foreign tokens', () => {
    expect(() => checkToken(randomBytes(32).toString('hex'))).not.toThrow()
    expect(() => checkToken(randomBytes(32).toString('base64url'))).not.toThrow()
    expect(() => checkToken(randomBytes(31).toString('hex'))).toThrow(/fewer than 64/)
    expect(() => checkToken(randomBytes(31).toString('base64url'))).toThrow(/fewer than 43/)
    expect(() => checkToken('a'.repeat(64))).toThrow(/not random enough/)
    expect(() => checkToken('ab'.repeat(40))).toThrow(/not random enough/)
    expect(() => checkToken('correct horse battery staple correct horse battery staple')).toThrow(/hex digits or base64/)
    expect(() => checkToken(42)).toThrow(/string/)
  })

  it('reads a token file of mode 0600 and refuses one others may read', async () => {
    const file = join(env.dir, 'token')
    await writeFile(file, `${TOKEN}\n`, { mode: 0o600 })
    expect(await readTokenFile(file)).toBe(TOKEN)
    await chmod(file, 0o644)
    await expect(readTokenFile(file)).rejects.toMatchObject({ code: 'OTA_INVALID_ARGUMENT' })
    await expect(readTokenFile(join(env.dir, 'none'))).rejects.toMatchObject({ code: 'OTA_IO' })
  })

  it('refuses to start with a weak token, without a port, or without TLS material', async () => {
    await expect(startDashboard(env.broker.plugin, { pki: env.pki, port: 0, token: 'secret' })).rejects.toMatchObject({ code: 'OTA_INVALID_ARGUMENT' })
    await expect(startDashboard(env.broker.plugin, { pki: env.pki } as never)).rejects.toMatchObject({ code: 'OTA_INVALID_ARGUMENT' })
    await expect(startDashboard(env.broker.plugin, { port: 0 })).rejects.toMatchObject({ code: 'OTA_INVALID_ARGUMENT' })
    await expect(startDashboard(env.broker.plugin, { pki: env.pki, port: 0, coalesceMs: 0 })).rejects.toMatchObject({ code: 'OTA_INVALID_ARGUMENT' })
  })
})

describe('refusal audit lines', () => {
  it('writes at most the per-minute bound and carries the count of the rest in the next line', () => {
    const lines: Array<Record<string, unknown>> = []
    const audit = { write: (_e: string, _o: string, f: Record<string, unknown>) => { lines.push(f) } } as unknown as AuditLog
    let t = 0
    const d = new Denials(audit, 3, () => t)
    const one = { remoteAddress: '127.0.0.1', method: 'GET', path: '/' + 'x'.repeat(400), reason: 'no operator certificate and no token', certificateId: '' }
    for (let i = 0; i < 10; i++) d.record(one)
    expect(lines).toHaveLength(3)
    expect(String(lines[0]!.path)).toHaveLength(256)
    t = 60_000
    d.record(one)
    expect(lines).toHaveLength(4)
    expect(lines[3]!.suppressed).toBe(7)
    for (let i = 0; i < 5; i++) d.record(one)
    d.flush()
    expect(lines.at(-1)!.suppressed).toBe(3)
  })
})

describe('audit records, every format', () => {
  it('reads the ECS records the audit log writes (dotted keys), through its inverse mapping', async () => {
    const rec = (await auditRecords(env.broker.plugin.auditLog)).find((r) => r['event.action'] === 'dashboard.denied' && r['aedes_ota.certificate_id'] === 'dev-0001')
    expect(rec).toBeDefined()
    const v = auditView(rec!)
    expect(v).toMatchObject({ action: 'dashboard.denied', outcome: 'failure', deviceId: '', record: rec })
    expect(v.time).toBe(rec!['@timestamp'])
    expect(v.detail).toContain('certificateId=dev-0001')
    expect(v.detail).toContain('reason=certificate of a device, not an operator')
    expect(v.detail).not.toContain('event.sequence')
    const s = auditView({ '@timestamp': 't', 'event.action': 'device.status', 'event.outcome': 'success', 'device.id': 'dev-9', 'aedes_ota.state': 'CONFIRMED', 'aedes_ota.artifact': 'ab'.repeat(32) })
    expect(s).toMatchObject({ action: 'device.status', deviceId: 'dev-9' })
    expect(s.detail).toContain('state=CONFIRMED')
    expect(s.detail).toContain(`artifact=${'ab'.repeat(6)}…`)
  })

  it('reads nested ECS names and the flat names of the earlier format', () => {
    const ecs = auditView({ '@timestamp': '2026-11-29T10:00:00.000Z', event: { action: 'device.status', outcome: 'failure' }, device: { id: 'dev-1', model: 'm' }, error: { code: 'OTA_HEALTH_CHECK' } })
    expect(ecs).toMatchObject({ time: '2026-11-29T10:00:00.000Z', action: 'device.status', outcome: 'failure', deviceId: 'dev-1' })
    expect(ecs.detail).toContain('device.model=m')
    expect(ecs.detail).toContain('error.code=OTA_HEALTH_CHECK')
    expect(ecs.detail).not.toContain('dev-1')
    const flat = auditView({ time: '2026-11-29T10:00:00.000Z', level: 'warn', service: 'aedes-ota', event: 'request.refused', outcome: 'failure', deviceId: 'dev-2', code: 'OTA_NOT_OFFERED' })
    expect(flat).toMatchObject({ action: 'request.refused', outcome: 'failure', deviceId: 'dev-2', detail: 'code=OTA_NOT_OFFERED' })
  })
})

describe('aedes-ota broker --dashboard-port', () => {
  it('serves the dashboard from the broker process with the token file, and refuses a token file others may read', async () => {
    const data = join(env.dir, 'cli-broker')
    const file = join(env.dir, 'cli-token')
    await writeFile(file, TOKEN, { mode: 0o600 })
    const args = ['--pki', env.pki.dir, '--trust', env.keysDir, '--data', data, '--port', '0', '--dashboard-port', '0', '--dashboard-token-file', file, '--log-level', 'info']
    const b = await startBrokerProcess(...args)
    try {
      expect(b.url).toMatch(/^mqtts:\/\/127\.0\.0\.1:\d+$/)
      const dashUrl = new URL(b.dashboard)
      expect(dashUrl.hostname).toBe('127.0.0.1')
      const port = Number(dashUrl.port)
      expect((await ask({ port, path: '/api/fleet', token: TOKEN })).status).toBe(200)
      expect((await ask({ port, path: '/api/fleet' })).status).toBe(401)
    } finally {
      await b.stop()
    }
    await chmod(file, 0o640)
    await expect(startBrokerProcess(...args)).rejects.toThrow(/exited/)
  })
})

describe('revoked operator certificates', () => {
  it('a certificate the CA revokes counts as none from the next connection, without a restart; the token still works', async () => {
    const d = await startDashboard(env.broker.plugin, { pki: env.pki, port: 0, token: TOKEN, crlPollMs: 20 })
    try {
      const op = await certOf('operator')
      expect((await ask({ port: d.port, ...op })).status).toBe(200)
      await revokeCertificate(env.pki.dir, 'operator', { reason: 'keyCompromise' })
      await until(async () => (await ask({ port: d.port, ...op })).status === 401, 10_000, 'the revoked operator refused')
      expect((await ask({ port: d.port, token: TOKEN, path: '/api/fleet' })).status).toBe(200)
    } finally {
      await d.close()
    }
  }, 30_000)

  it('refuses to start on a CRL named but missing', async () => {
    await expect(startDashboard(env.broker.plugin, { pki: env.pki, port: 0, crl: join(env.dir, 'no-such.crl') })).rejects.toThrow(/does not exist/)
  })
})
