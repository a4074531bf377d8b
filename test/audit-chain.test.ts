/**
 * The audit trail a SIEM can trust: a real broker (TLS, real certificates) writes ECS records of
 * a real device's update and of raw status events, rolling its log into several files (pino-roll)
 * with the hash chain unbroken across them and across a broker restart; `aedes-ota audit verify`
 * (the real CLI process) names an edited, a removed, a reordered, an inserted line, an edited
 * last line and a missing rotated file; `aedes-ota audit history` prints a device's updates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyFile, mkdtemp, readFile, readdir, rm, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { OtaDevice, provisionDevice, type ConfirmedEvent } from '../client/index.js'
import { State, SupportStatus, encodeStatusEvent, type StatusEvent } from '../proto/index.js'
import { KeyFiles } from '../sign/index.js'
import { auditFiles, startOtaBroker, verifyAuditChain, type OtaBroker } from '../broker/index.js'
import { openAuditLog } from '../broker/audit.js'
import { digestOf, seal } from '../broker/audit/chain.js'
import { runCli } from './helpers/cli.js'
import { FIXTURES, auditLines, auditRecords, makeEnv, until, type TestEnv } from './helpers/env.js'

const ROTATION = { maxSize: 4096 }
let env: TestEnv
let restarted: OtaBroker | null = null
let base = ''
const dirs: string[] = []

function event (deviceId: string, over: Partial<StatusEvent>): Buffer {
  return Buffer.from(encodeStatusEvent({
    deviceId, state: State.IDLE, result: 0, currentVersion: '1.4.0-108', targetVersion: '', time: Date.now(), detail: '', errorCode: '',
    artifact: new Uint8Array(0), bytesReceived: 0, bytesTotal: 0, securityVersion: 1, model: 'ath9k', receivedAt: 0, slot: '', previousVersion: '',
    hardwareRevision: '', support: SupportStatus.UNKNOWN, endOfLifeAt: 0, sbomSha256: new Uint8Array(0), deferredUntil: 0, ...over
  }))
}

/** A copy of the log set in a fresh folder, to tamper with. */
async function copySet (): Promise<{ dir: string, files: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'aedes-ota-audit-copy-'))
  dirs.push(dir)
  const files = []
  for (const f of await auditFiles(base)) {
    await copyFile(f, join(dir, basename(f)))
    files.push(join(dir, basename(f)))
  }
  return { dir, files }
}

async function lines (file: string): Promise<string[]> {
  return (await readFile(file, 'utf8')).split('\n').slice(0, -1)
}

async function writeLines (file: string, ls: string[]): Promise<void> {
  await writeFile(file, ls.join('\n') + '\n')
}

/** Every line of `files` in chain order, with its file. */
async function loadAll (files: string[]): Promise<Array<{ file: string, text: string }>> {
  return (await Promise.all(files.map(async (f) => (await lines(f)).map((text) => ({ file: f, text }))))).flat()
}

/** Writes lines back to their files. */
async function saveAll (files: string[], all: Array<{ file: string, text: string }>): Promise<void> {
  for (const f of files) await writeLines(f, all.filter((l) => l.file === f).map((l) => l.text))
}

/** `file:line` of the i-th line. */
function whereOf (all: Array<{ file: string, text: string }>, i: number): string {
  return `${all[i]!.file}:${all.slice(0, i + 1).filter((l) => l.file === all[i]!.file).length}`
}

beforeAll(async () => {
  env = await makeEnv({ model: 'ath9k', devices: 3, plugin: { auditRotation: ROTATION } })
  base = env.broker.plugin.auditLog
  const oldImage = await readFile(join(FIXTURES, 'firmware', 'ath9k', 'old.bin'))
  const newImage = await readFile(join(FIXTURES, 'firmware', 'ath9k', 'new.bin'))
  await env.broker.plugin.publishRelease(env.release(newImage, '1.4.0-110', 2, 2).bundle, 'ops-alice')
  const stateDir = await mkdtemp(join(tmpdir(), 'aedes-ota-audit-dev-'))
  dirs.push(stateDir)
  await provisionDevice({ stateDir, bundle: env.release(oldImage, '1.4.0-108', 1, 1).bundle, trust: env.trust })
  const device = new OtaDevice({ id: 'dev-0001', model: 'ath9k', stateDir, trust: env.trust, broker: env.broker.url, tls: await env.deviceTls('dev-0001') })
  const confirmed = new Promise<ConfirmedEvent>((resolve, reject) => { device.once('confirmed', resolve); device.once('failed', reject) })
  await device.start()
  await confirmed
  await device.stop()
  // dev-0003 fails one attempt, then succeeds on a second one.
  const c = await env.connect('dev-0003')
  await c.publishAsync('ota/audit/dev-0003', event('dev-0003', { state: State.DOWNLOADING, targetVersion: '1.4.0-110' }), { qos: 1 })
  await c.publishAsync('ota/audit/dev-0003', event('dev-0003', { state: State.FAILED, result: 5, errorCode: 'OTA_IMAGE_DIGEST', detail: 'digest mismatch', targetVersion: '1.4.0-110' }), { qos: 1 })
  await c.publishAsync('ota/audit/dev-0003', event('dev-0003', { state: State.OFFERED, targetVersion: '1.4.0-110' }), { qos: 1 })
  await c.publishAsync('ota/audit/dev-0003', event('dev-0003', { state: State.DOWNLOADING, targetVersion: '1.4.0-110' }), { qos: 1 })
  await c.publishAsync('ota/audit/dev-0003', event('dev-0003', { state: State.TRIAL, currentVersion: '1.4.0-110', previousVersion: '1.4.0-108', targetVersion: '1.4.0-110' }), { qos: 1 })
  await c.publishAsync('ota/audit/dev-0003', event('dev-0003', { state: State.CONFIRMED, result: 1, currentVersion: '1.4.0-110', previousVersion: '1.4.0-108', targetVersion: '1.4.0-110' }), { qos: 1 })
  await until(async () => (await auditLines(base)).some((l) => l.deviceId === 'dev-0003' && l.state === 'CONFIRMED'), 10_000, 'dev-0003 CONFIRMED audited')
  await c.endAsync()
  // Restart on the same data folder: the chain goes on from the last line written.
  await env.broker.close()
  restarted = await startOtaBroker({ pki: env.pki, trust: await readFile(join(env.keysDir, KeyFiles.trust)), dataDir: join(env.dir, 'broker'), port: 0, plugin: { auditRotation: ROTATION } })
  await restarted.close()
}, 60_000)

afterAll(async () => {
  await restarted?.close()
  await env?.close()
  await Promise.all(dirs.map(async (d) => await rm(d, { recursive: true, force: true })))
})

describe('the audit records', () => {
  it('are ECS 8.x JSON lines with the plugin fields under ECS names, and the flat view inverts them', async () => {
    const records = await auditRecords(base)
    const confirmed = records.find((r) => r['event.action'] === 'device.status' && r['device.id'] === 'dev-0001' && r['aedes_ota.state'] === 'CONFIRMED')
    expect(confirmed).toMatchObject({
      'ecs.version': expect.stringMatching(/^8\./),
      'service.name': 'aedes-ota',
      'log.level': 'info',
      'event.kind': 'event',
      'event.category': ['package'],
      'event.type': ['installation'],
      'event.outcome': 'success',
      'device.model.identifier': 'ath9k',
      'aedes_ota.client_id': 'dev-0001',
      'aedes_ota.current_version': '1.4.0-110',
      'client.ip': '127.0.0.1'
    })
    expect(new Date(confirmed!['@timestamp'] as string).toISOString()).toBe(confirmed!['@timestamp'])
    expect(confirmed).not.toHaveProperty('error.code')
    const failed = records.find((r) => r['device.id'] === 'dev-0003' && r['aedes_ota.state'] === 'FAILED')
    expect(failed).toMatchObject({ 'event.outcome': 'failure', 'log.level': 'warn', 'error.code': 'OTA_IMAGE_DIGEST', 'error.message': 'digest mismatch' })
    expect(records.find((r) => r['event.action'] === 'release.published')).toMatchObject({ 'user.name': 'ops-alice', 'aedes_ota.version': '1.4.0-110' })
    expect(records.find((r) => r['event.action'] === 'client.connected')).toMatchObject({ 'event.category': ['network', 'session'], 'event.type': ['connection', 'start'] })
    // The flat view is the line as it was before ECS: event, outcome and the plugin's own names.
    const flat = (await auditLines(base)).find((l) => l.event === 'device.status' && l.deviceId === 'dev-0003' && l.state === 'FAILED')
    expect(flat).toMatchObject({ outcome: 'failure', level: 'warn', service: 'aedes-ota', model: 'ath9k', clientId: 'dev-0003', errorCode: 'OTA_IMAGE_DIGEST', detail: 'digest mismatch', targetVersion: '1.4.0-110' })
    expect(Object.keys(flat!).filter((k) => k.includes('.'))).toEqual([])
    expect((await auditLines(base)).find((l) => l.event === 'device.status' && l.state === 'CONFIRMED')).toMatchObject({ errorCode: '', detail: '' })
  })

  it('roll into several files through pino-roll with every line chained to the one before, across the restart', async () => {
    const files = await auditFiles(base)
    expect(files.length).toBeGreaterThan(2)
    expect(files.map((f) => basename(f))).toEqual(files.map((_, i) => `audit.${i + 1}.log`))
    const all = (await Promise.all(files.map(lines))).flat()
    const parsed = all.map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(parsed[0]!['aedes_ota.chain.prev']).toBe('0'.repeat(64))
    for (let i = 1; i < all.length; i++) {
      expect(parsed[i]!['aedes_ota.chain.prev']).toBe(digestOf(all[i - 1]!))
      expect(parsed[i]!['event.sequence']).toBe(i + 1)
    }
    // Two plugin.started records: the second one, after the restart, continues the chain.
    const actions = parsed.map((r) => r['event.action'])
    expect(actions.filter((a) => a === 'plugin.started').length).toBe(2)
    const stopped = actions.indexOf('plugin.stopped')
    expect(stopped).toBeGreaterThan(0)
    expect(actions.slice(stopped + 1)).toContain('plugin.started')
    const report = await verifyAuditChain(files)
    expect(report).toMatchObject({ ok: true, records: all.length, firstSequence: 1, lastSequence: all.length, fromGenesis: true, head: digestOf(all.at(-1)!) })
  })
})

describe('aedes-ota audit verify', () => {
  it('exits 0 with a summary for the intact set, given in any order or as --data', async () => {
    const files = await auditFiles(base)
    const r = await runCli('audit', 'verify', ...[...files].reverse())
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain(`intact: ${(await auditRecords(base)).length} records in ${files.length} files`)
    expect(r.stdout).toContain('from the first record written')
    const d = await runCli('audit', 'verify', '--data', join(env.dir, 'broker'), '--json')
    expect(d.code, d.stderr).toBe(0)
    expect(JSON.parse(d.stdout)).toMatchObject({ ok: true, files, breaks: [] })
  })

  it('names an edited line (hash kept), an edited line (hash recomputed), a removed, a reordered and an inserted line', async () => {
    const { files } = await copySet()
    const all = await loadAll(files)
    expect(all.length).toBeGreaterThan(24)
    // inside a file, away from the first line (a missing first line is a gap, tested below)
    const within = (from: number): number => {
      for (let i = from; i < all.length - 1; i++) if (all[i]!.file === all[i - 1]!.file && all[i + 1]!.file === all[i]!.file) return i
      throw new Error(`no line inside a file from ${from}`)
    }
    const e1 = within(2)
    all[e1]!.text = all[e1]!.text.replace(/"event\.sequence":(\d+),/, '"event.sequence":9$1,')
    // edited and resealed as a forger would: only the next line's link shows it
    const e2 = within(e1 + 2)
    all[e2]!.text = seal(all[e2]!.text.replace(/"@timestamp":"[^"]+"/, '"@timestamp":"2001-01-01T00:00:00.000Z"').replace(/,"event\.hash":"[0-9a-f]{64}"\}$/, '}'))
    const rm = within(e2 + 2)
    all.splice(rm, 1)
    const sw = within(rm + 2)
    const moved = all[sw]!.text; all[sw]!.text = all[sw + 1]!.text; all[sw + 1]!.text = moved
    const expected = { e1: whereOf(all, e1), e2: whereOf(all, e2), rm: whereOf(all, rm), sw: whereOf(all, sw) }
    await saveAll(files, all)
    const r = await runCli('audit', 'verify', ...files)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^error \[OTA_AUDIT_CHAIN\]: /m)
    const rows = r.stdout.split('\n')
    const has = (kind: string, where: string): boolean => rows.some((l) => l.startsWith(kind) && l.includes(` ${where} `))
    expect(has('edited', expected.e1), r.stdout).toBe(true)
    expect(has('edited', expected.e2), r.stdout).toBe(true)
    expect(has('removed', expected.rm), r.stdout).toBe(true)
    expect(has('reordered', expected.sw), r.stdout).toBe(true)
    // nothing else but the swap's own seams
    expect(rows.filter((l) => /^(edited|removed|reordered|gap|inserted) /.test(l)).length, r.stdout).toBeLessThanOrEqual(6)

    const { files: files2 } = await copySet()
    const c = await loadAll(files2)
    const at = 3
    const fake = seal(JSON.stringify({ 'event.action': 'release.published', 'aedes_ota.chain.prev': digestOf(c[at - 1]!.text), 'event.sequence': at + 1 }))
    c.splice(at, 0, { file: c[at]!.file, text: fake })
    await saveAll(files2, c)
    const i = await runCli('audit', 'verify', '--json', ...files2)
    expect(i.code).toBe(1)
    const [file, line] = whereOf(c, at).split(/:(?=\d+$)/)
    expect(JSON.parse(i.stdout).breaks).toEqual([{ kind: 'inserted', file, line: Number(line), detail: expect.any(String) }])
  })

  it('names an edited last line and a missing rotated file', async () => {
    const { files } = await copySet()
    const last = files.at(-1)!
    const l = await lines(last)
    l[l.length - 1] = l.at(-1)!.replace('"plugin.stopped"', '"plugin.started"')
    await writeLines(last, l)
    const r = await runCli('audit', 'verify', ...files)
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(new RegExp(`^edited +${last}:${l.length} +the line does not match its event.hash`, 'm'))

    const { files: f2 } = await copySet()
    await unlink(f2[1]!)
    const g = await runCli('audit', 'verify', '--json', f2[0]!, ...f2.slice(2))
    expect(g.code).toBe(1)
    const breaks = JSON.parse(g.stdout).breaks as Array<{ kind: string, file: string, line: number }>
    expect(breaks).toEqual([{ kind: 'gap', file: f2[2], line: 1, detail: expect.stringContaining('rotated file') }])
    // The same set without its first files (the keep limit deleted them) verifies, from where it starts.
    const tail = await runCli('audit', 'verify', ...f2.slice(2))
    expect(tail.code, tail.stdout).toBe(0)
    expect(tail.stdout).toMatch(/from record \d+ \(earlier records rotated away or not given\)/)
  })
})

describe('aedes-ota audit verify: the start of the set, sequence numbers and file order', () => {
  it('reports the first records of the first file removed (exit 1), and a first file emptied', async () => {
    const { dir, files } = await copySet()
    expect(basename(files[0]!)).toBe('audit.1.log')
    const first = await lines(files[0]!)
    expect(first.length).toBeGreaterThan(3)
    const n = 3
    await writeLines(files[0]!, first.slice(n))
    const r = await runCli('audit', 'verify', ...files)
    expect(r.code, r.stdout).toBe(1)
    expect(r.stderr).toMatch(/^error \[OTA_AUDIT_CHAIN\]: 1 break in the audit chain, the first: removed at .*audit\.1\.log:1$/m)
    expect(r.stdout).toMatch(new RegExp(`^removed +${files[0]!}:1 +${n} removed before this line \\(records 1\\.\\.${n}\\): audit\\.1\\.log is the first file of its set`, 'm'))
    // The same through the set of the folder.
    const d = await runCli('audit', 'verify', '--audit-log', join(dir, 'audit.log'), '--json')
    expect(d.code).toBe(1)
    expect(JSON.parse(d.stdout)).toMatchObject({ ok: false, firstSequence: n + 1, fromGenesis: false, breaks: [{ kind: 'removed', file: files[0], line: 1 }] })

    // Every line of the first file removed: the set still starts with audit.1.log, now empty.
    await writeFile(files[0]!, '')
    const e = await runCli('audit', 'verify', '--json', ...files)
    expect(e.code).toBe(1)
    const count = first.length
    expect(JSON.parse(e.stdout).breaks).toEqual([{ kind: 'removed', file: files[1], line: 1, detail: expect.stringContaining(`${count} removed before this line (records 1..${count})`) }])
  })

  it('reports a record whose sequence does not follow the one before, though sealed and linked', async () => {
    const { files } = await copySet()
    const last = files.at(-1)!
    const l = await lines(last)
    const seq = (JSON.parse(l.at(-1)!) as Record<string, number>)['event.sequence']!
    // The last line renumbered and resealed: its own hash and its link to the line before hold.
    l[l.length - 1] = seal(l.at(-1)!.replace(`"event.sequence":${seq},`, `"event.sequence":${seq + 5},`).replace(/,"event\.hash":"[0-9a-f]{64}"\}$/, '}'))
    await writeLines(last, l)
    const r = await runCli('audit', 'verify', '--json', ...files)
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout).breaks).toEqual([{ kind: 'edited', file: last, line: l.length, detail: `event.sequence ${seq + 5} does not follow ${seq - 1} at ${last}:${l.length - 1}` }])
  })

  it('orders the files by their first record, not their names, and the log goes on from the newest record', async () => {
    // As after a clock set back with daily rotation: the newest file is named for an earlier day.
    const { dir, files } = await copySet()
    const renamed: string[] = []
    for (const [i, f] of files.entries()) {
      const name = i === files.length - 1 ? 'audit.2001-01-01.1.log' : `audit.2001-01-02.${i + 1}.log`
      await copyFile(f, join(dir, name))
      await unlink(f)
      renamed.push(join(dir, name))
    }
    const base = join(dir, 'audit.log')
    expect(await auditFiles(base)).toEqual(renamed)
    const records = (await Promise.all(files.map(async (f) => (await lines(renamed[files.indexOf(f)]!)).length))).reduce((a, b) => a + b, 0)
    const r = await runCli('audit', 'verify', '--audit-log', base)
    expect(r.code, r.stdout).toBe(0)
    expect(r.stdout).toContain(`intact: ${records} records in ${files.length} files, sequence 1..${records}, from the first record written`)
    // Reopened, the log chains to the newest record (in the file named for the earlier day).
    const log = await openAuditLog(base, { maxSize: 0, frequency: 'daily', keep: 0 })
    log.write('plugin.started', 'success', {})
    log.close()
    const after = await auditFiles(base)
    expect(after.slice(0, -1)).toEqual(renamed)
    expect(await verifyAuditChain(after)).toMatchObject({ ok: true, records: records + 1, lastSequence: records + 1, fromGenesis: true })
  })
})

describe('aedes-ota audit history', () => {
  it('prints one line per update attempt of a device, from the data folder\'s log set', async () => {
    const r = await runCli('audit', 'history', 'dev-0003', '--data', join(env.dir, 'broker'))
    expect(r.code, r.stderr).toBe(0)
    const rows = r.stdout.split('\n').filter((l) => l.includes('1.4.0-108 -> 1.4.0-110'))
    expect(rows.length).toBe(2)
    expect(rows[0]).toMatch(/FAILED +5 +OTA_IMAGE_DIGEST +DOWNLOADING FAILED$/)
    expect(rows[1]).toMatch(/CONFIRMED +1 +OFFERED DOWNLOADING TRIAL CONFIRMED$/)
    expect(r.stdout).toContain('2 update attempts of dev-0003')

    const j = await runCli('audit', 'history', 'dev-0001', '--json', ...[...await auditFiles(base)].reverse())
    expect(j.code, j.stderr).toBe(0)
    const out = JSON.parse(j.stdout) as { deviceId: string, attempts: Array<Record<string, unknown>> }
    expect(out.deviceId).toBe('dev-0001')
    expect(out.attempts).toHaveLength(1)
    expect(out.attempts[0]).toMatchObject({ fromVersion: '1.4.0-108', toVersion: '1.4.0-110', outcome: 'CONFIRMED', result: 1, errorCode: '' })
    expect(out.attempts[0]!.states).toEqual(expect.arrayContaining(['DOWNLOADING', 'CONFIRMED']))
    expect(Date.parse(out.attempts[0]!.endedAt as string)).toBeGreaterThanOrEqual(Date.parse(out.attempts[0]!.startedAt as string))
  })

  it('refuses to guess which files to read', async () => {
    const r = await runCli('audit', 'history', 'dev-0001')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^error \[OTA_INVALID_ARGUMENT\]: give the audit files, or one of --data/m)
    expect((await readdir(join(env.dir, 'broker'))).filter((f) => f.endsWith('.log')).length).toBeGreaterThan(2)
  })
})
