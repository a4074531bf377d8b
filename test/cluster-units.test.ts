/**
 * The parts of cluster mode that need no Redis: two release stores on one shared folder (what one
 * broker writes, the other reloads, verified again, fail closed, and still serves from an open
 * file another broker unlinked), inventory files of several brokers merged at load, the options
 * and the broker id. Real files in a temp folder, real signed releases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { KeyFiles, createRelease, initKeys, readKeyFile, type KeyPair } from '../sign/index.js'
import { ReleaseStore } from '../broker/store.js'
import { Inventory, clusterInventoryFile } from '../broker/inventory.js'
import { BrickWatch, clusterWatchesFile } from '../broker/health/brick-watch.js'
import { ClusterPresence, type PresenceNotice } from '../broker/cluster/presence.js'
import { OtaError, State, SupportStatus, verifyRoot, type StatusEvent, type TrustedRoot } from '../proto/index.js'
import { resolveOptions } from '../broker/options.js'
import { resolveBrokerId } from '../broker/cluster/broker-id.js'
import { redactRedisUrl, openClusterTransport } from '../broker/cluster/transport.js'
import { artifactPath } from '../broker/artifacts.js'
import { until } from './helpers/env.js'

let dir: string
let trust: TrustedRoot
let signer: KeyPair
const MODEL = 'ath9k'

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aedes-ota-cluster-units-'))
  await initKeys({ out: join(dir, 'keys'), models: [MODEL] })
  signer = await readKeyFile(join(dir, 'keys', KeyFiles.release))
  trust = verifyRoot(new Uint8Array(await readFile(join(dir, 'keys', KeyFiles.trust))))
})
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

const bundle = (image: Uint8Array, version: string, sequence: number): Buffer =>
  createRelease({ image, model: MODEL, version, securityVersion: sequence, sequence, signers: [signer], chunkSize: 4096 }).bundle

describe('two release stores on one shared folder', () => {
  it('reloads what the other wrote, keeps serving an unlinked file until then, and refuses a tampered release', async () => {
    const shared = join(dir, 'shared')
    const a = new ReleaseStore(shared, trust, Date.now)
    const b = new ReleaseStore(shared, trust, Date.now)
    const told: string[] = []
    a.changed = (m) => told.push(m)
    await a.open()
    await b.open()
    try {
      const v2 = randomBytes(20_000)
      await a.add(bundle(v2, '2.0.0', 2))
      expect(told).toEqual([MODEL])
      expect(b.current(MODEL)).toBeUndefined()
      const r2 = await b.reload(MODEL)
      expect(r2.current?.manifest.version).toBe('2.0.0')
      expect(r2.refused).toEqual([])
      // Nothing changed since: a second notice reloads nothing.
      expect((await b.reload(MODEL)).current).toBeUndefined()

      // A supersedes 2.0.0 and deletes its artifact file; B has not heard yet and still serves it.
      const v3 = randomBytes(30_000)
      await a.add(bundle(v3, '3.0.0', 3))
      const id2 = b.current(MODEL)!.artifactId
      await expect(readFile(artifactPath(join(shared, 'artifacts'), id2))).rejects.toThrow()
      const c = await b.chunk(MODEL, id2, 4)
      expect(Buffer.from(c.data)).toEqual(v2.subarray(4 * 4096, 5 * 4096))
      expect((await b.reload(MODEL)).current?.manifest.version).toBe('3.0.0')
      // A reloading broker deletes nothing: 3.0.0's file is there for A.
      expect((await readdir(join(shared, 'artifacts'))).filter((n) => n.endsWith('.bin'))).toHaveLength(1)

      // 4.0.0 stored by A, then its artifact altered on the shared folder before B reloads: refused, 3.0.0 stays.
      await a.add(bundle(randomBytes(10_000), '4.0.0', 4))
      const id4 = a.current(MODEL)!.artifactId
      const file = artifactPath(join(shared, 'artifacts'), id4)
      const bytes = await readFile(file)
      bytes[100] = bytes[100]! ^ 1
      await writeFile(file, bytes)
      const r4 = await b.reload(MODEL)
      expect(r4.current).toBeUndefined()
      expect(r4.refused.map((x) => [x.file, x.error.code])).toEqual([[`${MODEL}.env`, 'OTA_BUNDLE']])
      expect(b.current(MODEL)?.manifest.version).toBe('3.0.0')
      await expect(b.reload('no/model')).rejects.toMatchObject({ code: 'OTA_INVALID_ARGUMENT' })
    } finally {
      await a.close()
      await b.close()
    }
  })
})

describe('a shared folder at start', () => {
  it('a cluster store deletes only temporary files old enough to be a crash\'s leftovers; a lone store deletes them all', async () => {
    const shared = join(dir, 'tmp-shared')
    await mkdir(join(shared, 'releases'), { recursive: true })
    const young = join(shared, 'releases', `${MODEL}.env.77.abc.tmp`)
    const old = join(shared, 'releases', `${MODEL}.env.78.def.tmp`)
    await writeFile(young, 'being written by another broker')
    await writeFile(old, 'left by a crash')
    const past = new Date(Date.now() - 2 * 3600_000)
    await utimes(old, past, past)
    const s = new ReleaseStore(shared, trust, Date.now, true)
    await s.open()
    expect(await readdir(join(shared, 'releases'))).toEqual([`${MODEL}.env.77.abc.tmp`])
    await s.close()
    const lone = new ReleaseStore(shared, trust, Date.now)
    await lone.open()
    expect(await readdir(join(shared, 'releases'))).toEqual([])
    await lone.close()
  })

  it('another broker\'s unreadable inventory file is skipped, not renamed (its owner may be writing it)', async () => {
    const shared = join(dir, 'inv-corrupt')
    await mkdir(shared)
    await writeFile(join(shared, clusterInventoryFile('b')), '{ half')
    const a = new Inventory(join(shared, clusterInventoryFile('a')), 10, Date.now, null)
    await a.loadMerged(shared)
    expect(await readdir(shared)).toEqual([clusterInventoryFile('b')])
    await a.close()
  })
})

describe('brick watches in a cluster', () => {
  const event = (state: number, version: string, artifact: Uint8Array): StatusEvent => ({
    deviceId: 'dev-1', state, result: 0, currentVersion: version, targetVersion: '2.0.0', time: 1, detail: '', errorCode: '',
    artifact, bytesReceived: 0, bytesTotal: 0, securityVersion: 1, model: MODEL, receivedAt: 1, slot: '', previousVersion: '1.0.0',
    hardwareRevision: '', support: SupportStatus.UNKNOWN, endOfLifeAt: 0, sbomSha256: new Uint8Array(0), deferredUntil: 0
  })
  it('each broker keeps its own file; another broker\'s device\'s event ends a watch here but never arms one', async () => {
    const shared = join(dir, 'watches')
    const suspects: string[] = []
    const hooks = { timeoutFor: () => 60_000, suspect: (w: { deviceId: string }) => { suspects.push(w.deviceId) }, cleared: () => {} }
    const a = new BrickWatch(shared, hooks, Date.now, null, clusterWatchesFile('a'))
    await a.load()
    const art = new Uint8Array(32).fill(7)
    a.onRemoteStatus(event(State.INSTALLING, '1.0.0', art))
    expect(a.list()).toEqual([])
    a.onStatus(event(State.INSTALLING, '1.0.0', art))
    expect(a.list()).toHaveLength(1)
    // The device moved to another broker and installs there: that broker watches it now.
    a.onRemoteStatus(event(State.TRIAL, '2.0.0', art))
    expect(a.list()).toEqual([])
    // Armed again here, then confirmed through another broker: ended, never suspect.
    a.onStatus(event(State.REBOOTING, '1.0.0', art))
    a.onRemoteStatus(event(State.CONFIRMED, '2.0.0', art))
    expect(a.list()).toEqual([])
    expect(suspects).toEqual([])
    await a.close()
    await until(async () => (await readdir(join(shared, 'health'))).includes('watches.a.json'))
    expect(await readdir(join(shared, 'health'))).not.toContain('watches.json')
  })
})

describe('inventory files of several brokers', () => {
  it('each broker writes its own file; a broker starting merges them, the newest record of each device winning', async () => {
    const shared = join(dir, 'inv')
    await mkdir(shared)
    const now = { t: 1_000 }
    const clock = (): number => now.t
    const a = new Inventory(join(shared, clusterInventoryFile('a')), 10, clock, null)
    const b = new Inventory(join(shared, clusterInventoryFile('b')), 10, clock, null)
    await a.loadMerged(shared)
    await b.loadMerged(shared)
    const seen: string[] = []
    a.presence = (id, model, online) => seen.push(`${id}:${model}:${String(online)}`)
    a.connected('dev-1', MODEL, '127.0.0.1')
    expect(seen).toEqual([`dev-1:${MODEL}:true`])
    b.remotePresence('dev-1', MODEL, true, '127.0.0.1', now.t)
    now.t = 2_000
    b.connected('dev-2', MODEL, '127.0.0.2')
    // dev-1 moves to B: B's record is the newer one; A's late "offline" for it does not override B's own connection.
    now.t = 3_000
    b.connected('dev-1', MODEL, '127.0.0.3')
    b.remotePresence('dev-1', MODEL, false, '', 3_100)
    expect(b.list().find((d) => d.deviceId === 'dev-1')).toMatchObject({ online: true, remoteAddress: '127.0.0.3' })
    await a.close()
    await b.close()
    const c = new Inventory(join(shared, clusterInventoryFile('c')), 10, clock, null)
    await c.loadMerged(shared)
    expect(c.list().map((d) => [d.deviceId, d.remoteAddress, d.online])).toEqual([['dev-1', '127.0.0.3', false], ['dev-2', '127.0.0.2', false]])
    await c.close()
  })

  it('a broker that joined catches up on what another recorded between its load and its joining (that broker\'s file, a few write periods later)', async () => {
    const shared = join(dir, 'inv-catch-up')
    await mkdir(shared)
    const now = { t: 1_000 }
    const clock = (): number => now.t
    const a = new Inventory(join(shared, clusterInventoryFile('a')), 10, clock, null)
    await a.loadMerged(shared)
    a.connected('dev-1', MODEL, '127.0.0.1')
    await a.close()
    // B loads, then A records dev-1 connecting elsewhere and dev-2 (no notice reaches B: it has not joined yet).
    const b = new Inventory(join(shared, clusterInventoryFile('b')), 10, clock, null)
    await b.loadMerged(shared)
    b.connected('dev-3', MODEL, '127.0.0.3')
    const a2 = new Inventory(join(shared, clusterInventoryFile('a')), 10, clock, null)
    await a2.loadMerged(shared)
    now.t = 2_000
    a2.connected('dev-1', MODEL, '127.0.0.9')
    a2.connected('dev-2', MODEL, '127.0.0.2')
    await a2.close()
    expect(b.list().map((d) => d.deviceId)).toEqual(['dev-1', 'dev-3'])
    b.scheduleCatchUp(shared)
    await until(() => b.list().length === 3, 5_000, 'B caught up')
    expect(b.list().map((d) => [d.deviceId, d.remoteAddress, d.online])).toEqual([['dev-1', '127.0.0.9', false], ['dev-2', '127.0.0.2', false], ['dev-3', '127.0.0.3', true]])
    await b.close()
  })

  it('takes another broker\'s later status event even when it saw the device later itself (a disconnect after the event): report and presence are judged apart', async () => {
    const shared = join(dir, 'inv-report')
    await mkdir(shared)
    const now = { t: 1_000 }
    const clock = (): number => now.t
    const b = new Inventory(join(shared, clusterInventoryFile('b')), 10, clock, null)
    await b.loadMerged(shared)
    // A records dev-1 confirming 2.0.0 at 2 000 (B had not joined: no notice); A's disconnect notice reaches B at 3 000.
    const a = new Inventory(join(shared, clusterInventoryFile('a')), 10, clock, null)
    await a.loadMerged(shared)
    now.t = 2_000
    a.connected('dev-1', MODEL, '127.0.0.1')
    a.reported({ deviceId: 'dev-1', state: State.CONFIRMED, result: 1, currentVersion: '2.0.0', targetVersion: '2.0.0', time: 2_000, detail: '', errorCode: '',
      artifact: new Uint8Array(32), bytesReceived: 0, bytesTotal: 0, securityVersion: 2, model: MODEL, receivedAt: 2_000, slot: 'b', previousVersion: '1.0.0',
      hardwareRevision: '', support: SupportStatus.UNKNOWN, endOfLifeAt: 0, sbomSha256: new Uint8Array(0), deferredUntil: 0 })
    await a.close()
    b.remotePresence('dev-1', MODEL, false, '', 3_000)
    b.scheduleCatchUp(shared)
    await until(() => b.list()[0]?.currentVersion === '2.0.0', 5_000, 'B taking A\'s report')
    expect(b.list()[0]).toMatchObject({ deviceId: 'dev-1', currentVersion: '2.0.0', state: State.CONFIRMED, lastSeen: 3_000, online: false })
    // A broker starting merges the two files the same way.
    await b.close()
    const c = new Inventory(join(shared, clusterInventoryFile('c')), 10, clock, null)
    await c.loadMerged(shared)
    expect(c.list()[0]).toMatchObject({ currentVersion: '2.0.0', lastSeen: 3_000, online: false })
    await c.close()
  })
})

describe('presence across brokers', () => {
  it('puts a device where the last "online" said, and ignores an older "online", a stale "offline" and the notices of a run that ended', async () => {
    const inv = new Inventory(join(dir, 'presence.json'), 10, () => 100, null)
    const p = new ClusterPresence(inv, () => 100)
    const n = (over: Partial<PresenceNotice>): PresenceNotice => ({ origin: 'x', brokerId: 'x', run: 'x1', deviceId: 'd', model: MODEL, online: true, remoteAddress: '', at: 1, ...over })
    const online = (id: string): boolean | undefined => inv.list().find((r) => r.deviceId === id)?.online
    // d is connected here; broker x (run x1) says d connected there: kept until d's connection here goes.
    inv.connected('d', MODEL, '127.0.0.1')
    p.local('d', true)
    p.heard(n({}))
    expect(online('d')).toBe(true)
    // x restarts (run x2) and e connects there; then d's old connection here closes: x1 is gone, so is d.
    p.heard(n({ run: 'x2', deviceId: 'e', at: 5 }))
    inv.disconnected('d')
    p.local('d', false)
    expect([online('d'), online('e')]).toEqual([false, true])
    // A late notice of the ended run changes nothing.
    p.heard(n({ run: 'x1', deviceId: 'e', online: false, at: 6 }))
    expect(online('e')).toBe(true)
    // f moves from a to y: y's "online" (at 10), then a's answer to a hello with f's older connection (at 3), then a's "offline".
    p.heard(n({ origin: 'y', brokerId: 'y', run: 'y1', deviceId: 'f', at: 10 }))
    p.heard(n({ origin: 'a', brokerId: 'a', run: 'a1', deviceId: 'f', at: 3 }))
    p.heard(n({ origin: 'a', brokerId: 'a', run: 'a1', deviceId: 'f', online: false, at: 11 }))
    expect(online('f')).toBe(true)
    expect(inv.list().find((r) => r.deviceId === 'f')!.lastSeen).toBe(10)
    // y restarts: f, held by its previous run, is offline.
    p.heard(n({ origin: 'y', brokerId: 'y', run: 'y2', deviceId: '', at: 0 }))
    expect(online('f')).toBe(false)
    await inv.close()
  })
})

describe('cluster options', () => {
  it('validates the broker id and names the audit log after it', () => {
    const o = resolveOptions({ trust, dataDir: '/d', cluster: { brokerId: 'b-1', redis: 'redis://127.0.0.1:6379' } })
    expect(o.cluster).toEqual({ brokerId: 'b-1', redis: 'redis://127.0.0.1:6379', leaseMs: 10_000 })
    expect(o.auditLog).toBe('/d/audit.b-1.log')
    expect(resolveOptions({ trust, dataDir: '/d' }).cluster).toBeNull()
    expect(resolveOptions({ trust, dataDir: '/d', cluster: { brokerId: 'b', redis: 'redis://127.0.0.1:6379' } }).cluster).toEqual({ brokerId: 'b', redis: 'redis://127.0.0.1:6379', leaseMs: 10_000 })
    expect(() => resolveOptions({ trust, dataDir: '/d', cluster: { brokerId: 'b', redis: 'http://x' } })).toThrow(/redis:\/\//)
    expect(() => resolveOptions({ trust, dataDir: '/d', cluster: { brokerId: 'b', redis: 'redis://127.0.0.1:6379', leaseMs: 10 } })).toThrow(/leaseMs/)
    // No lease without Redis: every broker would run every rollout of the shared folder.
    expect(() => resolveOptions({ trust, dataDir: '/d', cluster: { brokerId: 'b' } as unknown as { brokerId: string, redis: string } })).toThrow(/cluster\.redis/)
    for (const bad of ['', 'a/b', '$ota', 'x'.repeat(65)]) {
      expect(() => resolveOptions({ trust, dataDir: '/d', cluster: { brokerId: bad, redis: 'redis://127.0.0.1:6379' } })).toThrow(OtaError)
    }
    expect(resolveBrokerId('node-7', 8883)).toBe('node-7')
    expect(() => resolveBrokerId('no way', 8883)).toThrow(/broker id/)
    expect(resolveBrokerId(undefined, 8883)).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*-8883$/)
    expect(resolveBrokerId(undefined, 0)).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*-[0-9a-f]{8}$/)
  })

  it('takes only redis:// and rediss:// URLs, keeps passwords out of logs, and refuses to start without Redis', async () => {
    expect(redactRedisUrl('redis://:s3cret@127.0.0.1:6379/2')).toBe('redis://:***@127.0.0.1:6379/2')
    expect(() => redactRedisUrl('http://127.0.0.1:6379')).toThrow(/redis:\/\//)
    expect(() => redactRedisUrl('not a url')).toThrow(OtaError)
    // Port 1 on loopback: nothing listens there.
    await expect(openClusterTransport('redis://127.0.0.1:1')).rejects.toMatchObject({ code: 'OTA_IO' })
  })
})
