/**
 * Chaos (issue 9, item 7): a fleet updates through a two-broker cluster (a real Redis, two real
 * `aedes-ota broker --redis` processes sharing one data folder) behind a TCP load balancer that
 * cuts device connections at random, and one broker is killed with SIGKILL and started again in
 * the middle of the update. Every device must still end on the new version, confirmed, with
 * nothing lost: each broker's fleet view lists every device on it, and both audit chains verify.
 * Bounded: at most {@link MAX_CUTS} cuts within {@link CHAOS_MS}; seeded (`CHAOS_SEED`), and the
 * seed is in every failure message.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { initPki, type PkiLayout } from '../certs/index.js'
import { KeyFiles, createRelease, initKeys, readKeyFile } from '../sign/index.js'
import { CLI, runCli, startBrokerProcess, type BrokerProcess } from './helpers/cli.js'
import { startChaosProxy, type Backend, type ChaosProxy } from './helpers/chaos-proxy.js'
import { prng } from './helpers/prng.js'
import { redisMissing, startRedis, type RedisServer } from './helpers/redis.js'
import { until } from './helpers/env.js'

const SEED = Number(process.env.CHAOS_SEED ?? 20261130)
const DEVICES = 12
const MODEL = 'ath9k'
/** chaos lasts at most this long after the release is published, ms */
const CHAOS_MS = 30_000
const MAX_CUTS = 24
const missing = redisMissing()

function backendOf (p: BrokerProcess): Backend {
  const u = new URL(p.url)
  return { host: u.hostname, port: Number(u.port) }
}

if (missing !== null && process.env.CI !== undefined) {
  describe('chaos', () => {
    it('needs redis-server under CI', () => { throw new Error(missing) })
  })
} else {
  if (missing !== null) console.warn(`chaos test skipped: ${missing}`)
  describe.skipIf(missing !== null)('chaos: random disconnects and a broker restart during a fleet update', () => {
    let dir: string | undefined
    let redis: RedisServer | undefined
    let proxy: ChaosProxy | undefined
    const brokers: BrokerProcess[] = []
    let fleet: ReturnType<typeof spawn> | undefined

    afterAll(async () => {
      fleet?.kill('SIGKILL')
      await proxy?.close()
      await Promise.all(brokers.map(async (p) => await p.stop()))
      await redis?.stop()
      if (dir !== undefined) await rm(dir, { recursive: true, force: true })
    })

    it(`every device converges to the new version (seed ${SEED})`, async () => {
      const tag = `[CHAOS_SEED=${SEED}]`
      const rand = prng(SEED)
      dir = await mkdtemp(join(tmpdir(), 'aedes-ota-chaos-'))
      redis = await startRedis()
      const pki: PkiLayout = await initPki({ out: join(dir, 'pki'), model: MODEL, devices: DEVICES })
      const keysDir = join(dir, 'keys')
      await initKeys({ out: keysDir, models: [MODEL] })
      const signer = await readKeyFile(join(keysDir, KeyFiles.release))
      const shared = join(dir, 'shared')
      const startBroker = async (id: string): Promise<BrokerProcess> => {
        const p = await startBrokerProcess('--pki', pki.dir, '--trust', keysDir, '--data', shared, '--port', '0', '--redis', redis!.url, '--broker-id', id)
        brokers.push(p)
        return p
      }
      const a = await startBroker('broker-a')
      let b = await startBroker('broker-b')
      proxy = await startChaosProxy([backendOf(a), backendOf(b)], SEED)

      const factory = join(dir, 'factory.bundle')
      await writeFile(factory, createRelease({ image: randomBytes(64 * 1024), model: MODEL, version: '1.0.0', securityVersion: 1, sequence: 1, signers: [signer] }).bundle)
      const ready = join(dir, 'fleet.ready')
      fleet = spawn(process.execPath, [CLI, 'fleet', '--pki', pki.dir, '--trust', keysDir, '--state', join(dir, 'fleet'), '--broker', proxy.url,
        '--devices', String(DEVICES), '--slots', 'memory', '--provision', factory, '--until-version', '2.0.0', '--once', '--json', '--log-level', 'info',
        '--backoff-initial-ms', '100', '--backoff-max-ms', '1000', '--timeout-ms', '150000', '--ready-file', ready], { stdio: ['ignore', 'pipe', 'pipe'] })
      let out = ''
      let err = ''
      // Each device's last log lines, for the report of a device that did not converge.
      const lastLines = new Map<string, string[]>()
      fleet.stdout!.on('data', (x: Buffer) => { out += x.toString() })
      createInterface({ input: fleet.stderr! }).on('line', (line) => {
        let j: Record<string, unknown>
        try { j = JSON.parse(line) as Record<string, unknown> } catch { err = (err + line + '\n').slice(-8000); return }
        if (typeof j.level === 'number' && j.level >= 40) err = (err + line + '\n').slice(-8000)
        const id = typeof j.deviceId === 'string' ? j.deviceId : '(fleet)'
        const l = lastLines.get(id) ?? []
        // A state line names the version running: an IDLE after a reconnection reads the same on the old version and the new.
        l.push(`${String(j.msg)}${typeof j.state === 'string' && typeof j.version === 'string' ? ` ${j.version}` : ''}${typeof j.code === 'string' ? ` ${j.code}` : ''}`)
        if (l.length > 8) l.shift()
        lastLines.set(id, l)
      })
      const exited = new Promise<number | null>((resolve) => fleet!.once('exit', (code) => resolve(code)))
      let done = false
      void exited.then(() => { done = true })
      const t0 = Date.now()
      while (!done && Date.now() - t0 < 60_000) {
        if (await stat(ready).then(() => true, () => false)) break
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      expect(done, `${tag} fleet exited before it was ready: ${err}`).toBe(false)

      // 2 MiB in 4 KiB chunks: 512 frames per device, long enough to be cut many times.
      const bundle = join(dir, 'v2.bundle')
      await writeFile(bundle, createRelease({ image: randomBytes(2 * 1024 * 1024), model: MODEL, version: '2.0.0', securityVersion: 2, sequence: 2, chunkSize: 4096, signers: [signer] }).bundle)
      const pub = await runCli('publish', bundle, '--pki', pki.dir, '--broker', a.url)
      expect(pub.code, `${tag} ${pub.stderr}`).toBe(0)

      // Chaos: cut random connections every 150-450 ms; once, about a second in, kill broker B and start it again.
      const chaosStart = Date.now()
      let restarted = false
      while (!done && Date.now() - chaosStart < CHAOS_MS && proxy.stats.cut < MAX_CUTS) {
        await new Promise((resolve) => setTimeout(resolve, 150 + Math.floor(rand() * 300)))
        if (done) break
        if (!restarted && Date.now() - chaosStart > 1000) {
          restarted = true
          b.child.kill('SIGKILL')
          await new Promise((resolve) => b.child.once('exit', resolve))
          proxy.setBackends([backendOf(a)])
          await new Promise((resolve) => setTimeout(resolve, 500 + Math.floor(rand() * 1000)))
          b = await startBroker('broker-b')
          proxy.setBackends([backendOf(a), backendOf(b)])
          continue
        }
        proxy.cut(1 + Math.floor(rand() * 3))
      }
      // The fleet gives up by itself at its --timeout-ms; a fleet still running 30 s later is hung: kill it and say so.
      const code = await Promise.race([exited, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 150_000 - (Date.now() - chaosStart) + 30_000).unref())])
      if (code === 'hung') fleet.kill('SIGKILL')
      const last = [...lastLines].sort().map(([id, l]) => `  ${id}: ${l.join(' | ')}`).join('\n')
      const report = `${tag} cuts=${proxy.stats.cut} relayed=${proxy.stats.relayed} refused=${proxy.stats.refused} restarted=${String(restarted)}\nlast log lines:\n${last}\nwarnings:\n${err}`
      expect(restarted, report).toBe(true)
      expect(proxy.stats.cut, report).toBeGreaterThan(0)
      expect(code, report).toBe(0)
      const rows = (JSON.parse(out) as { devices: Array<{ id: string, result: string, to: string }> }).devices
      expect(rows, report).toHaveLength(DEVICES)
      for (const r of rows) expect([r.id, r.result, r.to], report).toEqual([r.id, 'confirmed', '2.0.0'])

      // Nothing lost: both brokers list every device on 2.0.0 (the fleet view crosses brokers and a
      // restart; notices and the restarted broker's catch-up make it converge within seconds) ...
      const want = JSON.stringify(rows.map((r) => [r.id, '2.0.0']).sort())
      for (const via of [a, b]) {
        let seen = ''
        await until(async () => {
          const s = await runCli('status', '--pki', pki.dir, '--broker', via.url, '--json')
          if (s.code !== 0) { seen = s.stderr; return false }
          seen = JSON.stringify((JSON.parse(s.stdout) as { devices: Array<{ deviceId: string, currentVersion: string }> }).devices.map((d) => [d.deviceId, d.currentVersion]).sort())
          return seen === want
        }, 30_000, `${tag} every device on 2.0.0 through ${via.url}`).catch(() => {})
        expect(seen, `${tag} via ${via.url}`).toBe(want)
      }
      // ... and each broker's audit chain verifies, across B's SIGKILL.
      const names = await readdir(shared)
      for (const id of ['broker-a', 'broker-b']) {
        const files = names.filter((n) => n.startsWith(`audit.${id}.`) && n.endsWith('.log')).map((n) => join(shared, n))
        expect(files.length, `${tag} ${id} audit files`).toBeGreaterThan(0)
        const v = await runCli('audit', 'verify', ...files)
        expect(v.code, `${tag} ${id}: ${v.stdout}${v.stderr}`).toBe(0)
      }
      // Every device's confirmation of 2.0.0 reached an audit log (of the broker it was on then).
      const records = (await Promise.all(names.filter((n) => n.startsWith('audit.') && n.endsWith('.log')).map(async (n) => await readFile(join(shared, n), 'utf8'))))
        .flatMap((text) => text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>))
      for (const r of rows) {
        const confirmed = records.some((x) => x['device.id'] === r.id && x['aedes_ota.state'] === 'CONFIRMED' && x['aedes_ota.target_version'] === '2.0.0')
        expect(confirmed, `${tag} ${r.id}: CONFIRMED 2.0.0 in an audit log`).toBe(true)
      }
    }, 300_000)
  })
}
