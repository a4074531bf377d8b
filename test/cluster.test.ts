/**
 * Cluster mode (docs/ARCHITECTURE.md "Cluster"): a real Redis (Debian's redis-server on a free
 * loopback port, nothing saved) and two real `aedes-ota broker --redis` processes sharing one data
 * folder, with the dev PKI's certificates over TLS 1.3. Devices are real `OtaDevice`s (in this
 * process, so the test can cut a download short). Without redis-server the tests fail under CI
 * and skip elsewhere, saying why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { initPki, type PkiLayout } from '../certs/index.js'
import { OtaDevice, provisionDevice, type ConfirmedEvent } from '../client/index.js'
import { loadState } from '../client/state.js'
import { verifyRoot, type TrustedRoot } from '../proto/index.js'
import { KeyFiles, createRelease, initKeys, readKeyFile, type KeyPair } from '../sign/index.js'
import { runCli, startBrokerProcess, type BrokerProcess } from './helpers/cli.js'
import mqtt from 'mqtt'
import { grantedQos, until } from './helpers/env.js'
import { redisMissing, startRedis, type RedisServer } from './helpers/redis.js'

const missing = redisMissing()
const MODEL = 'ath9k'

if (missing !== null && process.env.CI !== undefined) {
  describe('cluster mode', () => {
    it('needs redis-server under CI', () => { throw new Error(missing) })
  })
} else {
  if (missing !== null) console.warn(`cluster tests skipped: ${missing}`)
  describe.skipIf(missing !== null)('two brokers on one Redis and one shared folder', () => {
    let dir: string
    let redis: RedisServer | undefined
    let pki: PkiLayout
    let keysDir: string
    let signer: KeyPair
    let trust: TrustedRoot
    let shared: string
    const brokers: BrokerProcess[] = []
    const devices: OtaDevice[] = []
    let a: BrokerProcess
    let b: BrokerProcess

    const startBroker = async (id: string, ...extra: string[]): Promise<BrokerProcess> => {
      const p = await startBrokerProcess('--pki', pki.dir, '--trust', keysDir, '--data', shared, '--port', '0', '--redis', redis!.url, '--broker-id', id, '--log-level', 'info', ...extra)
      brokers.push(p)
      return p
    }
    const bundleFile = async (name: string, image: Uint8Array, version: string, sequence: number, chunkSize?: number): Promise<string> => {
      const r = createRelease({ image, model: MODEL, version, securityVersion: sequence, sequence, signers: [signer], ...(chunkSize !== undefined ? { chunkSize } : {}) })
      const file = join(dir, `${name}.bundle`)
      await writeFile(file, r.bundle)
      return file
    }
    const tlsOf = async (id: string): Promise<{ ca: Buffer, cert: Buffer, key: Buffer }> => {
      const d = pki.devices.find((x) => x.id === id)!
      return { ca: await readFile(pki.ca.cert), cert: await readFile(d.cert), key: await readFile(d.key) }
    }
    const device = async (id: string, stateDir: string, broker: string): Promise<OtaDevice> => {
      const d = new OtaDevice({ id, model: MODEL, stateDir, trust, broker, tls: await tlsOf(id), maxRetries: 1000 })
      devices.push(d)
      return d
    }
    const status = async (via: BrokerProcess): Promise<Array<{ deviceId: string, currentVersion: string, online: boolean }>> => {
      const r = await runCli('status', '--pki', pki.dir, '--broker', via.url, '--json')
      expect(r.code, r.stderr).toBe(0)
      return (JSON.parse(r.stdout) as { devices: Array<{ deviceId: string, currentVersion: string, online: boolean }> }).devices
    }

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'aedes-ota-cluster-'))
      redis = await startRedis()
      pki = await initPki({ out: join(dir, 'pki'), model: MODEL, devices: 3 })
      keysDir = join(dir, 'keys')
      await initKeys({ out: keysDir, models: [MODEL] })
      signer = await readKeyFile(join(keysDir, KeyFiles.release))
      trust = verifyRoot(new Uint8Array(await readFile(join(keysDir, KeyFiles.trust))))
      shared = join(dir, 'shared')
      a = await startBroker('broker-a')
      b = await startBroker('broker-b')
    }, 120_000)

    afterAll(async () => {
      await Promise.all(devices.map(async (d) => await d.stop().catch(() => {})))
      await Promise.all(brokers.map(async (p) => await p.stop()))
      await redis?.stop()
      if (dir !== undefined) await rm(dir, { recursive: true, force: true })
    })

    const factoryImage = randomBytes(64 * 1024)
    let factory: Uint8Array

    it('a release published through broker A updates a device connected to broker B, and A lists that device', async () => {
      factory = createRelease({ image: factoryImage, model: MODEL, version: '1.0.0', securityVersion: 1, sequence: 1, signers: [signer] }).bundle
      const stateDir = join(dir, 'dev-0001')
      await provisionDevice({ stateDir, bundle: factory, trust })
      const dev = await device('dev-0001', stateDir, b.url)
      const confirmed: ConfirmedEvent[] = []
      dev.on('confirmed', (c) => confirmed.push(c))
      await dev.start()
      // A knows the device connected to B before any release exists.
      await until(async () => (await status(a)).some((d) => d.deviceId === 'dev-0001' && d.online), 20_000, 'dev-0001 online through broker A')

      const pub = await runCli('publish', await bundleFile('v2', randomBytes(256 * 1024), '2.0.0', 2), '--pki', pki.dir, '--broker', a.url)
      expect(pub.code, pub.stderr).toBe(0)
      await until(() => confirmed.length === 1, 60_000, 'dev-0001 confirmed through broker B')
      expect(confirmed[0]).toMatchObject({ from: '1.0.0', to: '2.0.0' })
      expect(dev.state.version).toBe('2.0.0')
      // The fleet view through A shows the device on B and its new version (B's status events).
      await until(async () => (await status(a)).some((d) => d.deviceId === 'dev-0001' && d.currentVersion === '2.0.0'), 20_000, 'dev-0001 on 2.0.0 through broker A')
      // Each broker keeps its own audit log and inventory file in the shared folder; B loaded the release A stored.
      await dev.stop()
      await until(async () => (await readdir(shared)).includes('inventory.broker-b.json'), 20_000, 'broker B\'s inventory file')
      const names = await readdir(shared)
      expect(names.some((n) => n.startsWith('audit.broker-a.'))).toBe(true)
      expect(names.some((n) => n.startsWith('audit.broker-b.'))).toBe(true)
      expect(names).not.toContain('inventory.json')
      const auditB = await readFile(join(shared, names.find((n) => n.startsWith('audit.broker-b.'))!), 'utf8')
      expect(auditB.split('\n').some((l) => l.includes('release.loaded') && l.includes('cluster') && l.includes('2.0.0'))).toBe(true)
    }, 120_000)

    it('a device that loses broker B mid-download resumes on broker A without fetching its verified chunks again', async () => {
      const stateDir = join(dir, 'dev-0002')
      await provisionDevice({ stateDir, bundle: factory, trust })
      // Release 3.0.0 through A: 16 MiB in 4 KiB chunks, so the download is long enough to cut.
      const image = randomBytes(16 * 1024 * 1024)
      const CHUNK = 4096
      const first = await device('dev-0002', stateDir, b.url)
      let received = 0
      first.on('progress', (p: { received: number }) => { received = p.received })
      await first.start()
      const pub = await runCli('publish', await bundleFile('v3', image, '3.0.0', 3, CHUNK), '--pki', pki.dir, '--broker', a.url)
      expect(pub.code, pub.stderr).toBe(0)
      await until(() => received >= 256 * CHUNK, 60_000, 'dev-0002 downloading from broker B')
      b.child.kill('SIGKILL')
      await first.stop()
      const s = await loadState(stateDir)
      expect(s.download).toBeTruthy()
      const held = Buffer.from(s.download!.received, 'base64')
      let kept = 0
      for (let i = 0; i < image.length / CHUNK; i++) if ((held[i >> 3]! & (1 << (i & 7))) !== 0) kept++
      expect(kept).toBeGreaterThan(0)
      expect(kept).toBeLessThan(image.length / CHUNK)

      const second = await device('dev-0002', stateDir, a.url)
      const confirmed: ConfirmedEvent[] = []
      second.on('confirmed', (c) => confirmed.push(c))
      await second.start()
      await until(() => confirmed.length === 1, 90_000, 'dev-0002 confirmed through broker A')
      expect(confirmed[0]!.to).toBe('3.0.0')
      expect(second.state.version).toBe('3.0.0')
      // What A sent is at most the chunks the device did not hold.
      expect(confirmed[0]!.bytes).toBeLessThanOrEqual(image.length - kept * CHUNK)
      await second.stop()

      // B started again reads the shared folder: it serves 3.0.0 and lists both devices.
      b = await startBroker('broker-b')
      const list = await runCli('release', 'list', '--pki', pki.dir, '--broker', b.url)
      expect(list.code, list.stderr).toBe(0)
      expect(list.stdout).toMatch(/^ath9k\s+3\.0\.0\s/m)
      const fleet = await status(b)
      expect(fleet.map((d) => [d.deviceId, d.currentVersion])).toEqual([['dev-0001', '2.0.0'], ['dev-0002', '3.0.0']])
    }, 180_000)

    it('keeps clients off the cluster\'s own topics even where the host ACL allows them', async () => {
      const acl = join(dir, 'acl.txt')
      await writeFile(acl, 'allow subscribe $ota/#\nallow publish $ota/#\nallow subscribe $test/#\n')
      const c = await startBroker('broker-c', '--acl', acl)
      const client = await mqtt.connectAsync(c.url, { clientId: 'dev-0003', protocolVersion: 4, reconnectPeriod: 0, rejectUnauthorized: true, ...(await tlsOf('dev-0003')) })
      try {
        expect(await grantedQos(client, { '$ota/cluster/#': { qos: 0 }, '$ota/cluster/release': { qos: 0 }, '$test/x': { qos: 0 } })).toEqual({ '$ota/cluster/#': 128, '$ota/cluster/release': 128, '$test/x': 0 })
      } finally {
        await client.endAsync(true).catch(() => {})
        // A clean shutdown, nothing left unhandled (ioredis rejects a QUIT queued behind publishes).
        expect(await c.stop()).toBe(0)
      }
    }, 60_000)

    it('a rollout started through broker A updates a device connected to broker B, and completes there', async () => {
      const stateDir = join(dir, 'dev-0003')
      await provisionDevice({ stateDir, bundle: await readFile(join(dir, 'v3.bundle')), trust })
      const dev = await device('dev-0003', stateDir, b.url)
      const confirmed: ConfirmedEvent[] = []
      dev.on('confirmed', (c) => confirmed.push(c))
      await dev.start()
      await until(async () => (await status(a)).some((d) => d.deviceId === 'dev-0003' && d.currentVersion === '3.0.0' && d.online), 30_000, 'dev-0003 on 3.0.0 through broker A')
      const v4 = await bundleFile('v4', randomBytes(128 * 1024), '4.0.0', 4)
      // A, started first, holds the rollout lease: B refuses rollout commands and names it.
      const refused = await runCli('rollout', 'start', v4, '--waves', '100%', '--devices', 'dev-0003', '--pki', pki.dir, '--broker', b.url)
      expect(refused.code).toBe(1)
      expect(refused.stderr).toMatch(/OTA_ROLLOUT[^\n]*broker-a/)
      const start = await runCli('rollout', 'start', v4, '--waves', '100%', '--devices', 'dev-0003', '--pki', pki.dir, '--broker', a.url, '--json')
      expect(start.code, start.stderr).toBe(0)
      const id = (JSON.parse(start.stdout) as { rollouts: Array<{ id: string }> }).rollouts[0]!.id
      await until(() => confirmed.length === 1, 60_000, 'dev-0003 confirmed through broker B')
      expect(confirmed[0]).toMatchObject({ from: '3.0.0', to: '4.0.0' })
      // A's engine heard the device on B confirm, completed the rollout and promoted 4.0.0; B follows.
      await until(async () => {
        const r = await runCli('rollout', 'status', id, '--pki', pki.dir, '--broker', a.url, '--json')
        return r.code === 0 && (JSON.parse(r.stdout) as { rollouts: Array<{ phase: string }> }).rollouts[0]?.phase === 'completed'
      }, 60_000, 'the rollout completed on broker A')
      await until(async () => /^ath9k\s+4\.0\.0\s/m.test((await runCli('release', 'list', '--pki', pki.dir, '--broker', b.url)).stdout), 30_000, '4.0.0 current through broker B')
      await dev.stop()

      // A stops and gives the lease up: B takes it and recovers the rollouts of the shared folder.
      expect(await a.stop()).toBe(0)
      await until(async () => {
        const r = await runCli('rollout', 'status', id, '--pki', pki.dir, '--broker', b.url, '--json')
        return r.code === 0 && (JSON.parse(r.stdout) as { rollouts: Array<{ phase: string }> }).rollouts[0]?.phase === 'completed'
      }, 60_000, 'broker B holding the lease and knowing the rollout')
    }, 180_000)
  })
}
