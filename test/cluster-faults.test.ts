/**
 * Cluster mode under faults (review 9 of the cluster): a real redis-server restarted under two
 * real `aedes-ota broker --redis` processes sharing one data folder, a will left in Redis by a
 * broker that died, and a rollout lease lost while Redis is away. Devices are real `OtaDevice`s
 * over TLS 1.3 with the dev PKI's certificates. Without redis-server the tests fail under CI and
 * skip elsewhere, saying why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import mqtt from 'mqtt'
import { initPki, type PkiLayout } from '../certs/index.js'
import { OtaDevice, provisionDevice, type ConfirmedEvent } from '../client/index.js'
import { Limits, State, SupportStatus, Topics, decodeDataFrame, encodeChunkRequest, encodeStatusEvent, verifyRoot, type TrustedRoot } from '../proto/index.js'
import { KeyFiles, createRelease, initKeys, readKeyFile, type KeyPair } from '../sign/index.js'
import { runCli, startBrokerProcess, type BrokerProcess } from './helpers/cli.js'
import { ReleaseStore } from '../broker/store.js'
import { ReleaseLocks } from '../broker/cluster/release-lock.js'
import { auditLines, tryConnect, until } from './helpers/env.js'
import { redisMissing, startRedis, type RedisServer } from './helpers/redis.js'

const missing = redisMissing()
const MODEL = 'ath9k'

/** Every JSON log line a broker process writes from now on (its stdout, pino). */
function logLines (p: BrokerProcess): Array<Record<string, unknown>> {
  const lines: Array<Record<string, unknown>> = []
  createInterface({ input: p.child.stdout! }).on('line', (line) => {
    try { lines.push(JSON.parse(line) as Record<string, unknown>) } catch {}
  })
  return lines
}

const alive = (p: BrokerProcess): boolean => p.child.exitCode === null && p.child.signalCode === null

if (missing !== null && process.env.CI !== undefined) {
  describe('cluster faults', () => {
    it('needs redis-server under CI', () => { throw new Error(missing) })
  })
} else {
  if (missing !== null) console.warn(`cluster fault tests skipped: ${missing}`)
  describe.skipIf(missing !== null)('a cluster under faults', () => {
    let dir: string
    let redis: RedisServer | undefined
    let pki: PkiLayout
    let keysDir: string
    let signer: KeyPair
    let trust: TrustedRoot
    let shared: string
    const brokers: BrokerProcess[] = []
    const devices: OtaDevice[] = []
    const logs = new Map<BrokerProcess, Array<Record<string, unknown>>>()

    const startBroker = async (id: string, ...extra: string[]): Promise<BrokerProcess> => {
      const p = await startBrokerProcess('--pki', pki.dir, '--trust', keysDir, '--data', shared, '--port', '0', '--redis', redis!.url, '--broker-id', id, '--log-level', 'info', ...extra)
      brokers.push(p)
      logs.set(p, logLines(p))
      return p
    }
    const bundleFile = async (name: string, image: Uint8Array, version: string, sequence: number): Promise<string> => {
      const file = join(dir, `${name}.bundle`)
      await writeFile(file, createRelease({ image, model: MODEL, version, securityVersion: sequence, sequence, signers: [signer] }).bundle)
      return file
    }
    const device = async (id: string, broker: string, factory: Uint8Array): Promise<OtaDevice> => {
      const stateDir = join(dir, id)
      await provisionDevice({ stateDir, bundle: factory, trust })
      const d = pki.devices.find((x) => x.id === id)!
      const dev = new OtaDevice({ id, model: MODEL, stateDir, trust, broker, tls: { ca: await readFile(pki.ca.cert), cert: await readFile(d.cert), key: await readFile(d.key) }, maxRetries: 1000 })
      devices.push(dev)
      return dev
    }

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'aedes-ota-cluster-faults-'))
      redis = await startRedis()
      pki = await initPki({ out: join(dir, 'pki'), model: MODEL, devices: 6 })
      keysDir = join(dir, 'keys')
      await initKeys({ out: keysDir, models: [MODEL] })
      signer = await readKeyFile(join(keysDir, KeyFiles.release))
      trust = verifyRoot(new Uint8Array(await readFile(join(keysDir, KeyFiles.trust))))
      shared = join(dir, 'shared')
    }, 120_000)

    afterAll(async () => {
      await Promise.all(devices.map(async (d) => await d.stop().catch(() => {})))
      await Promise.all(brokers.map(async (p) => await p.stop()))
      await redis?.stop()
      if (dir !== undefined) await rm(dir, { recursive: true, force: true })
    })

    const factoryImage = randomBytes(32 * 1024)
    const factoryBundle = (): Uint8Array => createRelease({ image: factoryImage, model: MODEL, version: '1.0.0', securityVersion: 1, sequence: 1, signers: [signer] }).bundle

    it('both brokers survive a Redis restart, and a release published afterwards still reaches a device', async () => {
      const a = await startBroker('broker-a')
      const b = await startBroker('broker-b')
      const dev = await device('dev-0001', b.url, factoryBundle())
      const confirmed: ConfirmedEvent[] = []
      dev.on('confirmed', (c) => confirmed.push(c))
      await dev.start()

      const port = redis!.port
      await redis!.stop()
      // Long enough for every Redis client of both brokers to see the connection go and retry.
      await new Promise((resolve) => setTimeout(resolve, 1500))
      redis = await startRedis(port)
      await new Promise((resolve) => setTimeout(resolve, 1500))
      expect(alive(a), 'broker A exited on the Redis restart').toBe(true)
      expect(alive(b), 'broker B exited on the Redis restart').toBe(true)
      expect(logs.get(a)!.some((l) => typeof l.msg === 'string' && l.msg.includes('Redis connection error'))).toBe(true)

      // Redis came back empty: the publish goes through A, the device on B gets it (live, or by reconnecting).
      await until(async () => (await runCli('release', 'list', '--pki', pki.dir, '--broker', a.url)).code === 0, 30_000, 'broker A answering an operator')
      const pub = await runCli('publish', await bundleFile('v2', randomBytes(128 * 1024), '2.0.0', 2), '--pki', pki.dir, '--broker', a.url)
      expect(pub.code, pub.stderr).toBe(0)
      await until(() => confirmed.length === 1, 90_000, 'dev-0001 confirmed 2.0.0 through broker B after the Redis restart')
      expect(confirmed[0]).toMatchObject({ from: '1.0.0', to: '2.0.0' })
      expect(alive(a) && alive(b)).toBe(true)
      await dev.stop()
      await a.stop()
      await b.stop()
      // Each broker keeps its own brick watches: B armed and ended dev-0001's, A never watched it.
      const health = await readdir(join(shared, 'health'))
      expect(health).toContain('watches.broker-b.json')
      expect(health).not.toContain('watches.json')
    }, 180_000)

    it('the rollout lease fails closed: the holder loses it when Redis is away longer than the lease, and a broker takes it again once Redis is back', async () => {
      const a = await startBroker('broker-a')
      const b = await startBroker('broker-b')
      const v = await bundleFile('v9', randomBytes(16 * 1024), '9.0.0', 9)
      // A, started first, holds the lease: B refuses rollout commands and names it.
      const refused = await runCli('rollout', 'start', v, '--waves', '100%', '--devices', 'dev-0003', '--pki', pki.dir, '--broker', b.url)
      expect(refused.stderr).toMatch(/OTA_ROLLOUT[^\n]*broker-a/)
      const port = redis!.port
      await redis!.stop()
      // The lease lasts 10 s (the default): past it, A must count it lost, without Redis to tell it.
      await until(() => logs.get(a)!.some((l) => typeof l.msg === 'string' && l.msg.includes('rollout lease lost')), 20_000, 'broker A logging that it lost the lease')
      const seen = new Map([a, b].map((p) => [p, logs.get(p)!.length]))
      redis = await startRedis(port)
      expect(alive(a) && alive(b)).toBe(true)
      // One of them takes it again (Redis came back empty) and recovers the rollouts from the folder.
      const took = (p: BrokerProcess): boolean => logs.get(p)!.slice(seen.get(p)).some((l) => l.msg === 'rollout lease taken: this broker runs the rollouts')
      await until(() => took(a) || took(b), 30_000, 'the lease taken again')
      const holder = took(a) ? a : b
      const list = await runCli('rollout', 'status', '--pki', pki.dir, '--broker', holder.url, '--json')
      expect(list.code, list.stderr).toBe(0)
      await a.stop()
      await b.stop()
    }, 120_000)

    it('a status event the sender\'s rate limit dropped reaches the other broker empty: skipped there quietly', async () => {
      const a = await startBroker('broker-a')
      const b = await startBroker('broker-b')
      const d = pki.devices.find((x) => x.id === 'dev-0002')!
      const c = await mqtt.connectAsync(a.url, { clientId: 'dev-0002', protocolVersion: 4, reconnectPeriod: 0, servername: 'localhost', ca: await readFile(pki.ca.cert), cert: await readFile(d.cert), key: await readFile(d.key) })
      const event = Buffer.from(encodeStatusEvent({
        deviceId: 'dev-0002', state: State.IDLE, result: 0, currentVersion: '1.0.0', targetVersion: '', time: Date.now(), detail: '', errorCode: '',
        artifact: new Uint8Array(0), bytesReceived: 0, bytesTotal: 0, securityVersion: 1, model: MODEL, receivedAt: 0, slot: '', previousVersion: '',
        hardwareRevision: '', support: SupportStatus.UNKNOWN, endOfLifeAt: 0, sbomSha256: new Uint8Array(0), deferredUntil: 0
      }))
      // Past the burst of 60: the rest are acknowledged and dropped by A.
      for (let i = 0; i < 90; i++) await c.publishAsync(new Topics('ota').audit('dev-0002'), event, { qos: 1 })
      await c.endAsync()
      await until(async () => (await auditLines(join(shared, 'audit.broker-a.log'))).some((l) => l.event === 'rate.limited' && l.clientId === 'dev-0002'), 10_000, 'broker A dropping status events over the rate')
      // B heard the events A forwarded (the inventory through B lists the device), then the dropped ones: no warning about them.
      await until(async () => /dev-0002/.test((await runCli('status', '--pki', pki.dir, '--broker', b.url)).stdout), 20_000, 'dev-0002 listed through broker B')
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect(logs.get(b)!.filter((l) => String(l.msg).includes('status event from another broker'))).toEqual([])
      await a.stop()
      await b.stop()
    }, 60_000)

    it('two brokers writing the same model\'s release at once: the per-model lock lets one judge after the other, so only one of two rival releases of one sequence is stored', async () => {
      const folder = join(dir, 'locked')
      const stores = [new ReleaseStore(folder, trust, Date.now, true), new ReleaseStore(folder, trust, Date.now, true)]
      const locks = [new ReleaseLocks(redis!.url, 'ota', 'x', null), new ReleaseLocks(redis!.url, 'ota', 'y', null)]
      for (const [i, st] of stores.entries()) {
        await st.open()
        await locks[i]!.open()
        st.exclusive = async (model, work) => await locks[i]!.run(model, work)
      }
      try {
        const rivals = [0, 1].map(() => createRelease({ image: randomBytes(256 * 1024), model: MODEL, version: '5.0.0', securityVersion: 5, sequence: 5, signers: [signer] }).bundle)
        const r = await Promise.allSettled(stores.map(async (st, i) => await st.add(rivals[i]!)))
        expect(r.map((x) => x.status).sort()).toEqual(['fulfilled', 'rejected'])
        const refused = r.find((x) => x.status === 'rejected')!
        expect((refused.reason as { code?: string }).code).toMatch(/^OTA_/)
        // Both now serve the one stored.
        const winner = stores[r.findIndex((x) => x.status === 'fulfilled')]!.current(MODEL)!
        for (const st of stores) await st.reload(MODEL)
        expect(stores.map((st) => st.current(MODEL)?.artifactId)).toEqual([winner.artifactId, winner.artifactId])
      } finally {
        for (const st of stores) await st.close()
        for (const l of locks) l.close()
      }
    }, 60_000)

    it('refuses at CONNECT a will on the cluster\'s $ota/ topics or on a topic the ACL does not allow (another broker could never publish it); an allowed will connects', async () => {
      const acl = join(dir, 'acl.txt')
      await writeFile(acl, 'allow publish home/%c/#\nallow publish $ota/#\n')
      const w = await startBroker('broker-w', '--acl', acl)
      const d = pki.devices.find((x) => x.id === 'dev-0002')!
      const tls = { ca: await readFile(pki.ca.cert), cert: await readFile(d.cert), key: await readFile(d.key) }
      const will = (topic: string): { will: { topic: string, payload: Buffer, qos: 0, retain: false } } => ({ will: { topic, payload: Buffer.from('gone'), qos: 0, retain: false } })
      expect((await tryConnect(w.url, { clientId: 'dev-0002', ...tls, ...will('$ota/cluster/release') })).connected).toBe(false)
      expect((await tryConnect(w.url, { clientId: 'dev-0002', ...tls, ...will('foo') })).connected).toBe(false)
      expect((await tryConnect(w.url, { clientId: 'dev-0002', ...tls, ...will('home/dev-0002/lwt') })).connected).toBe(true)
      const auditFile = join(shared, 'audit.broker-w.log')
      await until(async () => (await auditLines(auditFile)).some((l) => l.event === 'acl.denied' && l.topic === 'foo'), 10_000, 'acl.denied for the will on foo')
      expect((await auditLines(auditFile)).some((l) => l.event === 'auth.denied' && l.topic === '$ota/cluster/release')).toBe(true)
      expect(alive(w)).toBe(true)
      await w.stop()
    }, 60_000)

    const tlsOf = async (id: string): Promise<{ ca: Buffer, cert: Buffer, key: Buffer }> => {
      const d = pki.devices.find((x) => x.id === id)!
      return { ca: await readFile(pki.ca.cert), cert: await readFile(d.cert), key: await readFile(d.key) }
    }
    const onlineThrough = async (via: BrokerProcess, id: string): Promise<boolean | undefined> => {
      const r = await runCli('status', '--pki', pki.dir, '--broker', via.url, '--json')
      expect(r.code, r.stderr).toBe(0)
      return (JSON.parse(r.stdout) as { devices: Array<{ deviceId: string, online: boolean }> }).devices.find((d) => d.deviceId === id)?.online
    }

    it('a broker id belongs to one running broker: a second broker given it refuses to start and names the holder; a clean stop frees it', async () => {
      const a = await startBroker('broker-a')
      const r = await runCli('broker', '--pki', pki.dir, '--trust', keysDir, '--data', shared, '--port', '0', '--redis', redis!.url, '--broker-id', 'broker-a')
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(/broker id broker-a is in use by another running broker[^\n]*--broker-id/)
      expect(alive(a)).toBe(true)
      expect(await a.stop()).toBe(0)
      const again = await startBroker('broker-a')
      expect(await again.stop()).toBe(0)
    }, 60_000)

    it('presence across brokers: a broker that starts lists the others\' devices online, a device that moves stays online in both views, and a broker killed and restarted takes its old run\'s devices offline', async () => {
      const a = await startBroker('broker-a')
      const tls = await tlsOf('dev-0004')
      const opts = { clientId: 'dev-0004', protocolVersion: 4 as const, reconnectPeriod: 0, ...tls }
      const c1 = await mqtt.connectAsync(a.url, opts)
      // B starts after the device connected to A: A answers B's hello.
      let b = await startBroker('broker-b')
      await until(async () => await onlineThrough(b, 'dev-0004') === true, 20_000, 'broker B (started later) listing dev-0004, on A, online')
      // The device moves to B: aedes closes its old connection on A after B announced it, so A's
      // "offline" comes after B's "online" and must not win anywhere.
      const c2 = await mqtt.connectAsync(b.url, opts)
      await until(() => !c1.connected, 10_000, 'broker A closing the old connection of dev-0004')
      await new Promise((resolve) => setTimeout(resolve, 1000))
      expect(await onlineThrough(a, 'dev-0004')).toBe(true)
      expect(await onlineThrough(b, 'dev-0004')).toBe(true)
      // B dies without a word; its next run's hello tells A that the devices of the last run are gone.
      b.child.kill('SIGKILL')
      await until(() => !c2.connected, 10_000, 'dev-0004 losing broker B')
      b = await startBroker('broker-b')
      await until(async () => await onlineThrough(a, 'dev-0004') === false, 20_000, 'broker A listing dev-0004 offline once broker B restarted')
      expect(await onlineThrough(b, 'dev-0004')).toBe(false)
      await c1.endAsync(true).catch(() => {})
      await c2.endAsync(true).catch(() => {})
      expect(await a.stop()).toBe(0)
      expect(await b.stop()).toBe(0)
    }, 120_000)

    it('a rollout aborted through A withdraws its release on B too: B drops the frames it queued and refuses the artifact with OTA_WITHDRAWN', async () => {
      const a = await startBroker('broker-a')
      const b = await startBroker('broker-b')
      // dev-0006 connects once, so the fleet knows it; dev-0005 stays on B.
      const once = await mqtt.connectAsync(a.url, { clientId: 'dev-0006', protocolVersion: 4, reconnectPeriod: 0, ...(await tlsOf('dev-0006')) })
      await once.endAsync()
      const image = randomBytes(8 * 1024 * 1024)
      const dev = await device('dev-0005', b.url, factoryBundle())
      let received = 0
      dev.on('progress', (p: { received: number, total: number }) => { if (p.total === image.length) received = p.received })
      await dev.start()
      const file = join(dir, 'v12.bundle')
      await writeFile(file, createRelease({ image, model: MODEL, version: '12.0.0', securityVersion: 12, sequence: 12, signers: [signer], chunkSize: 4096 }).bundle)
      const start = await runCli('rollout', 'start', file, '--waves', '100%', '--devices', 'dev-0005,dev-0006', '--pki', pki.dir, '--broker', a.url, '--json')
      expect(start.code, start.stderr).toBe(0)
      const id = (JSON.parse(start.stdout) as { rollouts: Array<{ id: string }> }).rollouts[0]!.id
      await until(() => received > 0, 60_000, 'dev-0005 downloading 12.0.0 from broker B')
      const abort = await runCli('rollout', 'abort', id, '--pki', pki.dir, '--broker', a.url)
      expect(abort.code, abort.stderr).toBe(0)
      await until(() => logs.get(b)!.some((l) => l.msg === 'staged release withdrawn through another broker: queued frames dropped'), 20_000, 'broker B dropping the withdrawn release\'s frames')
      await dev.stop()
      // A device of the rollout asking B for the withdrawn artifact is told why.
      const c = await mqtt.connectAsync(b.url, { clientId: 'dev-0006', protocolVersion: 4, reconnectPeriod: 0, ...(await tlsOf('dev-0006')) })
      const t = new Topics('ota')
      const frame = new Promise<Buffer>((resolve) => { c.on('message', (_topic, payload) => { resolve(payload) }) })
      await c.subscribeAsync(t.data('dev-0006'), { qos: 0 })
      const artifact = createHash('sha256').update(image).digest()
      await c.publishAsync(t.req('dev-0006'), Buffer.from(encodeChunkRequest({ artifact, base: 0, bitmap: new Uint8Array([1]) })), { qos: 0 })
      const f = decodeDataFrame(new Uint8Array(await frame), Limits.maxChunkSize)
      expect(f.error?.code).toBe('OTA_WITHDRAWN')
      await c.endAsync()
      expect(await a.stop()).toBe(0)
      expect(await b.stop()).toBe(0)
    }, 120_000)
  })
}
