/**
 * The light fleet (`aedes-ota fleet --slots memory --processes K`, cli/fleet/) against the real
 * broker over TLS on 127.0.0.1: every device, each with its own certificate and connection,
 * updates and confirms, as the broker sees it; memory slots refuse a state folder left by an
 * earlier process; a fleet parent SIGKILLed leaves none of its child processes running; the
 * children's kill timer is armed only with `--once`; `MemorySlotStorage` keeps the storage
 * contract; and `bench:fleet` prints its JSON with both deliveries (ours broadcast and ours
 * unicast, `--no-broadcast`), the service beside Mosquitto (`--broker both`) and the Mosquitto
 * baseline run (Mosquitto is required under CI, skipped otherwise).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFile, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { access, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { sha256, State, type StatusEvent } from '../proto/index.js'
import { MemorySlotStorage } from '../client/storage/memory.js'
import { SHARD_REPORT_GRACE_MS, shardKillAfterMs } from '../cli/fleet/processes.js'
import { CLI, runCli } from './helpers/cli.js'
import { makeEnv, type TestEnv } from './helpers/env.js'

const N = 20
let env: TestEnv
let factoryPath = ''
const confirmedAtBroker = new Set<string>()

beforeAll(async () => {
  env = await makeEnv({ model: 'gw', devices: N })
  factoryPath = join(env.dir, 'factory.bundle')
  await writeFile(factoryPath, env.release(new Uint8Array(randomBytes(4096)), '1.0.0', 1, 1).bundle)
  env.broker.plugin.on('status', (e: StatusEvent) => { if (e.state === State.CONFIRMED && e.currentVersion === '2.0.0') confirmedAtBroker.add(e.deviceId) })
  await env.broker.plugin.publishRelease(env.release(new Uint8Array(randomBytes(64 * 1024)), '2.0.0', 2, 2).bundle, 'test')
}, 120_000)
afterAll(async () => { await env?.close() })

interface FleetJson { devices: Array<{ id: string, result: string, to: string, code: string, at: number }>, processes: Array<{ devices: number, peak_rss_MiB: number, cpu_s: number }> }

describe('aedes-ota fleet, light mode', () => {
  it(`${N} devices with memory slots in 2 processes all update over TLS and confirm`, async () => {
    const ready = join(env.dir, 'ready.json')
    const r = await runCli('fleet', '--pki', env.pki.dir, '--trust', env.keysDir, '--state', join(env.dir, 'fleet'), '--broker', env.broker.url,
      '--provision', factoryPath, '--devices', String(N), '--slots', 'memory', '--processes', '2', '--no-patches',
      '--once', '--json', '--until-version', '2.0.0', '--ready-file', ready, '--timeout-ms', '90000')
    expect(r.code, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout.trim()) as FleetJson
    expect(out.devices.map((d) => d.id)).toEqual(env.pki.devices.slice(0, N).map((d) => d.id))
    expect(out.devices.every((d) => d.result === 'confirmed' && d.to === '2.0.0')).toBe(true)
    expect(out.processes.map((p) => p.devices).sort()).toEqual([N / 2, N / 2])
    expect(JSON.parse(await readFile(ready, 'utf8'))).toEqual({ devices: N })
    // The broker saw each device's own confirmation, not just the fleet's word for it.
    expect([...confirmedAtBroker].sort()).toEqual(out.devices.map((d) => d.id).sort())
  }, 120_000)

  it('memory slots refuse a state folder an earlier process left (its slots are gone): OTA_STATE, exit 1', async () => {
    const r = await runCli('fleet', '--pki', env.pki.dir, '--trust', env.keysDir, '--state', join(env.dir, 'fleet'), '--broker', env.broker.url,
      '--provision', factoryPath, '--devices', '2', '--slots', 'memory', '--once', '--json', '--timeout-ms', '30000')
    expect(r.code).toBe(1)
    expect((JSON.parse(r.stdout.trim()) as FleetJson).devices.map((d) => [d.result, d.code])).toEqual([['failed', 'OTA_STATE'], ['failed', 'OTA_STATE']])
  }, 60_000)

  it('memory slots without a factory bundle are refused before anything starts', async () => {
    const r = await runCli('fleet', '--pki', env.pki.dir, '--trust', env.keysDir, '--state', join(env.dir, 'fleet-x'), '--broker', env.broker.url, '--slots', 'memory', '--once')
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain('--provision')
  })
})

/** Fields of /proc/<pid>/stat after the command name: [state, ppid, ...]; undefined when the process is gone. */
async function statOf (pid: number): Promise<string[] | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined)
  return text?.slice(text.lastIndexOf(')') + 2).split(' ')
}

/** Pids of the live processes whose parent is `pid` (Linux /proc). */
async function childrenOf (pid: number): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((n) => /^\d+$/.test(n)).map(Number)
  const out: number[] = []
  for (const p of pids) { const f = await statOf(p); if (f !== undefined && f[1] === String(pid) && f[0] !== 'Z') out.push(p) }
  return out
}

/** Whether `pid` still runs: a zombie (exited, not yet reaped by whoever adopted it) does not. */
async function running (pid: number): Promise<boolean> {
  const f = await statOf(pid)
  return f !== undefined && f[0] !== 'Z' && f[0] !== 'X'
}

describe('aedes-ota fleet --processes, child processes', () => {
  it('a fleet parent SIGKILLed leaves none of its children running', async () => {
    const ready = join(env.dir, 'ready-orphans.json')
    const parent = spawn(process.execPath, [CLI, 'fleet', '--pki', env.pki.dir, '--trust', env.keysDir, '--state', join(env.dir, 'fleet-orphans'), '--broker', env.broker.url,
      '--provision', factoryPath, '--devices', '4', '--slots', 'memory', '--processes', '2', '--no-patches', '--quiet', '--ready-file', ready], { stdio: 'ignore' })
    const exited = new Promise((resolve) => parent.once('exit', resolve))
    let children: number[] = []
    try {
      for (let i = 0; i < 600 && await access(ready).then(() => false, () => true); i++) {
        if (parent.exitCode !== null) throw new Error(`the fleet exited (${parent.exitCode}) before its devices were started`)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      children = await childrenOf(parent.pid!)
      expect(children).toHaveLength(2)
      parent.kill('SIGKILL')
      await exited
      // Each child sees its IPC channel close, stops its devices and exits; 30 s bounds the wait.
      let left = children
      for (let i = 0; i < 300 && left.length > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        left = (await Promise.all(children.map(async (p) => await running(p) ? [p] : []))).flat()
      }
      expect(left).toEqual([])
    } finally {
      parent.kill('SIGKILL')
      for (const p of children) { try { process.kill(p, 'SIGKILL') } catch {} }
    }
  }, 120_000)

  it('the children are killed on a timer only with --once (a long-running fleet runs until a signal)', () => {
    expect(shardKillAfterMs({ once: false, timeoutMs: 600_000 })).toBeUndefined()
    expect(shardKillAfterMs({ once: true, timeoutMs: 600_000 })).toBe(600_000 + SHARD_REPORT_GRACE_MS)
  })
})

describe('MemorySlotStorage', () => {
  it('writes at offsets, keeps what a slot holds when reopened, hashes exactly size bytes and bounds the capacity', async () => {
    const s = new MemorySlotStorage({ capacity: 1024 })
    expect(await s.size('b')).toBe(0)
    await expect(s.hash('b', 10)).rejects.toMatchObject({ code: 'OTA_IO' })
    const img = new Uint8Array(randomBytes(600))
    const h = await s.openForWrite('b', 600)
    await h.write(512, img.subarray(512))
    await h.write(0, img.subarray(0, 512))
    await h.sync()
    await h.close()
    await expect(h.write(0, img.subarray(0, 1))).rejects.toMatchObject({ code: 'OTA_IO' })
    expect(await s.size('b')).toBe(600)
    expect(Buffer.from((await s.hash('b', 600)).sha256)).toEqual(Buffer.from(sha256(img)))
    expect(await s.hash('b', 100)).toMatchObject({ length: 100 })
    expect((await s.hash('b', 5000)).length).toBe(600)
    // Reopened for a larger image: the bytes it held stay.
    const h2 = await s.openForWrite('b', 1000)
    await h2.close()
    const rd = await s.openForRead('b')
    expect(Buffer.from(await rd.read(0, 600))).toEqual(Buffer.from(img))
    await expect(rd.read(500, 200)).rejects.toMatchObject({ code: 'OTA_IO' })
    await expect(s.openForWrite('a', 1025)).rejects.toMatchObject({ code: 'OTA_NO_SPACE' })
    const ha = await s.openForWrite('a', 10)
    await expect(ha.write(8, new Uint8Array(4))).rejects.toMatchObject({ code: 'OTA_IO' })
    expect(() => new MemorySlotStorage({ capacity: 0 })).toThrow(expect.objectContaining({ code: 'OTA_INVALID_ARGUMENT' }))
  })
})

describe('npm run bench:fleet', () => {
  it('--devices 10 --delivery both --broker both --json: every device confirmed in the plugin\'s two runs and beside Mosquitto, the Mosquitto baseline ran in the same run, one JSON object', async (ctx) => {
    const has = await access('/usr/sbin/mosquitto').then(() => true, () => false)
    if (!has) {
      if (process.env.CI !== undefined && process.env.CI !== '') throw new Error('Mosquitto (/usr/sbin/mosquitto) is required under CI: .ci/run installs it')
      ctx.skip('Mosquitto is not installed (apt-get install mosquitto): bench:fleet\'s baseline cannot run')
    }
    const r = await new Promise<{ code: number, stdout: string, stderr: string }>((resolve) => {
      execFile(process.execPath, [join(import.meta.dirname, '..', 'dist', 'bench', 'fleet.js'), '--devices', '10', '--delivery', 'both', '--broker', 'both', '--json', '--timeout-s', '120'], { timeout: 360_000 },
        (err, stdout, stderr) => resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stdout, stderr }))
    })
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines).toHaveLength(1)
    const j = JSON.parse(lines[0]!) as Record<string, unknown>
    expect(j).toMatchObject({ devices: 10, delivery: 'broadcast', confirmed: 10, mosquitto_complete: 10, chunk_size: 4096, image_bytes: 1048576, frames_needed: 10 * 256 })
    const unicast = j.unicast as Record<string, unknown>
    expect(unicast).toMatchObject({ delivery: 'unicast', confirmed: 10, frames_needed: 10 * 256 })
    for (const [run, k] of [[j, 'seconds'], [j, 'ours_MBps'], [j, 'mosquitto_MBps'], [j, 'ratio'], [j, 'broker_peak_rss_MiB'], [j, 'mosquitto_peak_rss_MiB'], [unicast, 'ours_MBps'], [unicast, 'broker_peak_rss_MiB']] as const) {
      expect(typeof run[k], k).toBe('number')
      expect(run[k] as number, k).toBeGreaterThan(0)
    }
    // CPU is read in clock ticks of 10 ms: a tiny run may show none.
    for (const [run, k] of [[j, 'broker_cpu_s'], [j, 'mosquitto_cpu_s'], [j, 'broker_cpu_ms_per_MB'], [j, 'mosquitto_cpu_ms_per_MB'], [unicast, 'broker_cpu_ms_per_MB']] as const) expect(run[k] as number, k).toBeGreaterThanOrEqual(0)
    // The real mode, from the broker's own count: with --no-broadcast every chunk frame went by unicast.
    expect(typeof j.unicast_frames).toBe('number')
    expect(unicast.unicast_frames as number).toBeGreaterThanOrEqual(10 * 256)
    // Beside Mosquitto: the service's run, its broker figures Mosquitto's and the service's summed, its counters from its own audit log.
    const service = j.service as Record<string, unknown> & { broker_parts: { mosquitto: { peak_rss_MiB: number, cpu_s: number }, service: { peak_rss_MiB: number, cpu_s: number } } }
    expect(service).toMatchObject({ broker: 'mosquitto', delivery: 'default', confirmed: 10, frames_needed: 10 * 256 })
    expect(j).toMatchObject({ broker: 'aedes' })
    for (const k of ['seconds', 'ours_MBps', 'broker_peak_rss_MiB'] as const) expect(service[k] as number, k).toBeGreaterThan(0)
    expect(service.broker_parts.mosquitto.peak_rss_MiB).toBeGreaterThan(0)
    expect(service.broker_parts.service.peak_rss_MiB).toBeGreaterThan(0)
    expect(service.broker_peak_rss_MiB as number).toBeCloseTo(service.broker_parts.mosquitto.peak_rss_MiB + service.broker_parts.service.peak_rss_MiB, 0)
    expect(typeof service.unicast_frames).toBe('number')
    expect((service.unicast_frames as number) + ((service.broadcast_counters as Record<string, number>).broadcastFramesPublished ?? 0)).toBeGreaterThanOrEqual(256)
    expect(j.ratio_service_plugin as number).toBeGreaterThan(0)
    expect(j.cpu_ratio_service_plugin as number).toBeGreaterThan(0)
  }, 400_000)
})
