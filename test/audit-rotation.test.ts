/**
 * The audit log's writer on its own and in the standalone broker process: the flat view inverts
 * the ECS mapping for every field, live listeners get the record as written, rotation options are
 * checked at the edge, time-based rotation names files by date, a torn last line (a crash
 * mid-write) is reported while the chain goes on, and `aedes-ota broker --audit-max-size
 * --audit-keep` rolls its log and deletes old files while `audit verify --data` still passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { auditFiles, flattenAuditRecord, readAuditRecords, verifyAuditChain } from '../broker/index.js'
import { openAuditLog, type AuditRotation } from '../broker/audit.js'
import { resolveOptions } from '../broker/options.js'
import { isOtaError, type TrustedRoot } from '../proto/index.js'
import { runCli, startBrokerProcess, type BrokerProcess } from './helpers/cli.js'
import { auditRecords, makeEnv, tryConnect, until, type TestEnv } from './helpers/env.js'

const NONE: AuditRotation = { maxSize: 0, frequency: 'none', keep: 0 }
let dir = ''
let env: TestEnv | null = null
let proc: BrokerProcess | null = null

beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'aedes-ota-audit-rot-')) })
afterAll(async () => {
  await proc?.stop()
  await env?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('the audit writer', () => {
  it('maps each event\'s fields to ECS and back exactly, and hands listeners the record as written', async () => {
    const base = join(dir, 'map', 'audit.log')
    const log = await openAuditLog(base, NONE)
    const seen: Array<[Record<string, unknown>, Record<string, unknown>]> = []
    log.subscribe((r, f) => { seen.push([r, f]) })
    const events: Array<[Parameters<typeof log.write>[0], 'success' | 'failure', Record<string, unknown>]> = [
      ['auth.flapping', 'failure', { clientId: 'dev-1', role: 'device', remoteAddress: '::ffff:10.1.2.3', remotePort: 4242, incumbentAddress: '10.1.2.4', incumbentPort: 1, takeovers: 3, windowMs: 10000, cooldownMs: 60000 }],
      ['release.rejected', 'failure', { by: 'ops', force: false, code: 'OTA_ROLLBACK', detail: 'security version 1 < 2' }],
      ['device.status', 'success', { deviceId: 'dev-1', model: 'm', state: 'CONFIRMED', result: 1, errorCode: '', detail: '', sbomSha256: 'ab', deviceTime: 5 }],
      ['plugin.started', 'success', { prefix: 'ota', releases: 0, devices: 2, rootVersion: 1, rootKeys: ['k1', 'k2'] }],
      ['tls.refused', 'failure', { remoteAddress: 'fe80::1', reason: 'certificate unknown' }]
    ]
    for (const [e, o, f] of events) log.write(e, o, f)
    log.close()
    const written = (await readFile(join(dir, 'map', 'audit.1.log'), 'utf8')).split('\n').slice(0, -1)
    expect(written).toHaveLength(events.length)
    written.forEach((line, i) => {
      const record = JSON.parse(line) as Record<string, unknown>
      const [event, outcome, fields] = events[i]!
      expect(seen[i]![0]).toEqual(record)
      const { time, level, service, message, ...flat } = flattenAuditRecord(record)
      expect(flat).toEqual({ event, outcome, ...fields })
      expect(seen[i]![1]).toEqual({ time, level, service, message, ...flat })
      expect([time, level, service]).toEqual([record['@timestamp'], outcome === 'failure' ? 'warn' : 'info', 'aedes-ota'])
    })
    const r = written.map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(r[0]).toMatchObject({ 'client.address': '::ffff:10.1.2.3', 'client.ip': '10.1.2.3', 'client.port': 4242, 'source.ip': '10.1.2.3', 'source.port': 4242, 'aedes_ota.incumbent_address': '10.1.2.4', 'aedes_ota.window_ms': 10000 })
    expect(r[1]).toMatchObject({ 'user.name': 'ops', 'error.code': 'OTA_ROLLBACK', 'error.message': 'security version 1 < 2' })
    expect(r[2]).not.toHaveProperty('error.code')
    expect(r[4]).toMatchObject({ 'client.ip': 'fe80::1', 'source.ip': 'fe80::1', 'tls.established': false, 'event.reason': 'certificate unknown' })
  })

  it('refuses bad rotation options at the edge, with defaults in one place', () => {
    const trust = {} as TrustedRoot
    expect(resolveOptions({ trust, dataDir: dir }).auditRotation).toEqual({ maxSize: 10 * 1024 * 1024, frequency: 'none', keep: 0 })
    for (const auditRotation of [{ maxSize: 100 }, { maxSize: -1 }, { maxSize: 1.5 }, { frequency: 'weekly' as 'daily' }, { keep: -1 }]) {
      let err: unknown
      try { resolveOptions({ trust, dataDir: dir, auditRotation }) } catch (e) { err = e }
      expect(isOtaError(err, 'OTA_INVALID_ARGUMENT'), JSON.stringify(auditRotation)).toBe(true)
    }
  })

  it('names files by date with daily rotation and goes on in today\'s file after a reopen', async () => {
    const base = join(dir, 'daily', 'audit.log')
    const a = await openAuditLog(base, { ...NONE, frequency: 'daily' })
    a.write('plugin.started', 'success', {})
    a.close()
    const b = await openAuditLog(base, { ...NONE, frequency: 'daily' })
    b.write('plugin.stopped', 'success', {})
    b.close()
    const files = await auditFiles(base)
    expect(files.map((f) => basename(f))).toEqual([expect.stringMatching(/^audit\.\d{4}-\d{2}-\d{2}\.1\.log$/)])
    expect(await verifyAuditChain(files)).toMatchObject({ ok: true, records: 2, fromGenesis: true })
  })

  it('reports a torn last line and goes on with the chain after it', async () => {
    const base = join(dir, 'torn', 'audit.log')
    const a = await openAuditLog(base, NONE)
    a.write('plugin.started', 'success', {})
    a.close()
    await appendFile(join(dir, 'torn', 'audit.1.log'), '{"log.level":"info","@timestamp":"20')
    const b = await openAuditLog(base, NONE)
    b.write('plugin.started', 'success', {})
    b.close()
    const lines = await readAuditRecords(await auditFiles(base))
    expect(lines.map((l) => l.record?.['event.sequence'] ?? null)).toEqual([1, null, 3]) // the torn line was record 2
    const report = await verifyAuditChain(await auditFiles(base))
    expect(report.breaks).toEqual([{ kind: 'edited', file: join(dir, 'torn', 'audit.1.log'), line: 2, detail: expect.stringContaining('not a JSON record') }])
  })
})

describe('aedes-ota broker --audit-max-size --audit-keep', () => {
  it('rolls the log, keeps the newest files, and audit verify --data passes from where the set starts', async () => {
    env = await makeEnv({ model: 'ath9k', devices: 1 })
    const data = join(dir, 'proc')
    proc = await startBrokerProcess('--pki', env.pki.dir, '--trust', env.keysDir, '--data', data, '--port', '0',
      '--audit-max-size', '1024', '--audit-keep', '3')
    const tls = await env.deviceTls('dev-0001')
    const base = join(data, 'audit.log')
    for (let i = 0; i < 12; i++) {
      expect((await tryConnect(proc.url, { clientId: 'dev-0001', ...tls })).connected).toBe(true)
    }
    await until(async () => {
      const files = await auditFiles(base)
      return files.length === 3 && Number(/\.(\d+)\.log$/.exec(files[0]!)![1]) > 3
    }, 15_000, 'three files kept of more rolled')
    await proc.stop()
    proc = null
    const files = await auditFiles(base)
    expect(files.length).toBeLessThanOrEqual(4)
    const r = await runCli('audit', 'verify', '--data', data)
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(r.stdout).toMatch(/from record \d+ \(earlier records rotated away or not given\)/)
    expect((await auditRecords(base)).at(-1)!['event.action']).toBe('plugin.stopped')
  })
})
