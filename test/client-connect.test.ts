/**
 * The device's connection against the real broker over TLS on 127.0.0.1: it waits for a broker
 * that is not up yet (backoff, one log line per attempt) and then updates; it reports its state
 * again after every reconnection (a restarted broker learns it); a refused identity fails at
 * once; `connectTimeoutMs` bounds start(); stop() ends a start() still waiting; a device stopped
 * (or a start() given up) while a connection attempt is under way never connects again.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile } from 'node:fs/promises'
import { createServer as createTlsServer } from 'node:tls'
import { Aedes } from 'aedes'
import { connect as tcpConnect, createServer, type Socket } from 'node:net'
import { join } from 'node:path'
import { pino } from 'pino'
import { startOtaBroker } from '../broker/index.js'
import { OtaDevice, provisionDevice, type ConfirmedEvent, type OtaDeviceOptions } from '../client/index.js'
import { State, isOtaError, type StatusEvent } from '../proto/index.js'
import { createRelease } from '../sign/index.js'
import { makeEnv, until, type TestEnv } from './helpers/env.js'

let env: TestEnv
const running: OtaDevice[] = []
const factoryImage = new Uint8Array(randomBytes(64 * 1024))

beforeAll(async () => { env = await makeEnv({ model: 'gw', devices: 3 }) })
afterEach(async () => { await Promise.all(running.splice(0).map(async (d) => await d.stop().catch(() => {}))) })
afterAll(async () => { await env?.close() })

/** A port nothing listens on (taken from the OS, then released). */
async function freePort (): Promise<number> {
  const s = createServer()
  await new Promise<void>((resolve) => { s.listen(0, '127.0.0.1', resolve) })
  const port = (s.address() as { port: number }).port
  await new Promise<void>((resolve) => { s.close(() => { resolve() }) })
  return port
}

function capture (): { logger: pino.Logger, lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = []
  const logger = pino({ level: 'info' }, { write: (s: string) => { lines.push(JSON.parse(s) as Record<string, unknown>) } })
  return { logger, lines }
}

async function device (id: string, broker: string, extra: Partial<OtaDeviceOptions> = {}): Promise<OtaDevice> {
  const stateDir = await mkdtemp(join(env.dir, `${id}-`))
  await provisionDevice({ stateDir, bundle: env.release(factoryImage, '1.0.0', 1, 1).bundle, trust: env.trust })
  const d = new OtaDevice({ id, model: 'gw', stateDir, trust: env.trust, broker, tls: await env.deviceTls(id), backoff: { initialDelayMs: 200, maxDelayMs: 800 }, ...extra })
  running.push(d)
  return d
}

async function restartBroker (port: number): Promise<void> {
  env.broker = await startOtaBroker({ pki: env.pki, trust: env.trust, dataDir: join(env.dir, 'broker'), port })
}

describe('device connection', () => {
  it('waits for a broker that starts later, one log line per attempt, then connects and updates', async () => {
    const port = env.broker.port
    await env.broker.close()
    const { logger, lines } = capture()
    const d = await device('dev-0001', `mqtts://127.0.0.1:${port}`, { logger })
    const confirmed: ConfirmedEvent[] = []
    d.on('confirmed', (c) => confirmed.push(c))
    let started = false
    const start = d.start().then(() => { started = true })
    await new Promise((resolve) => setTimeout(resolve, 3000))
    expect(started).toBe(false)
    const retries = lines.filter((l) => l.msg === 'broker unreachable; retrying')
    // 200 ms doubling to 800 ms, equal jitter: between 3 and 9 attempts fit in 3 s, never two a second at the cap.
    expect(retries.length).toBeGreaterThanOrEqual(3)
    expect(retries.length).toBeLessThanOrEqual(9)
    expect(retries.map((l) => l.attempt)).toEqual(retries.map((_, i) => i + 1))
    for (const l of retries) {
      expect(l).toMatchObject({ level: 40, deviceId: 'dev-0001', model: 'gw', code: 'OTA_CONNECTION' })
      expect(l.delayMs as number).toBeLessThanOrEqual(800)
      expect((l.err as { code?: string } | undefined)?.code).toBe('ECONNREFUSED')
    }
    // One warning per attempt, nothing else at warn level while waiting.
    expect(lines.filter((l) => (l.level as number) >= 40)).toHaveLength(retries.length)

    await restartBroker(port)
    await start
    const v2 = env.release(new Uint8Array(randomBytes(128 * 1024)), '2.0.0', 2, 2)
    await env.broker.plugin.publishRelease(v2.bundle, 'test')
    await until(() => confirmed.length === 1, 20_000, 'CONFIRMED')
    expect(confirmed[0]).toMatchObject({ from: '1.0.0', to: '2.0.0' })
    expect(d.state.version).toBe('2.0.0')
  }, 40_000)

  it('reports its state again after every reconnection, so a restarted broker knows it', async () => {
    const d = await device('dev-0002', env.broker.url)
    // The broker still announces 2.0.0 from the test above: let the device take it first.
    let settled = false
    d.on('confirmed', () => { settled = true })
    d.on('upToDate', () => { settled = true })
    await d.start()
    await until(() => settled, 20_000, 'the device to be up to date')
    expect(d.state).toMatchObject({ version: '2.0.0', slot: 'b' })
    const port = env.broker.port
    await env.broker.close()
    const seen: StatusEvent[] = []
    await restartBroker(port)
    env.broker.plugin.on('status', (e: StatusEvent) => { if (e.deviceId === 'dev-0002') seen.push(e) })
    // A CONFIRMED the first broker never acknowledged may come first (QoS 1, sent again on reconnection).
    await until(() => seen.some((e) => e.state === State.IDLE), 15_000, 'IDLE on the restarted broker')
    expect(seen.find((e) => e.state === State.IDLE)).toMatchObject({ currentVersion: d.state.version, slot: d.state.slot, model: 'gw' })
    expect(seen.every((e) => e.state === State.IDLE || e.state === State.CONFIRMED)).toBe(true)

    // and once more: every reconnection, not only the first
    seen.length = 0
    await env.broker.close()
    await restartBroker(port)
    env.broker.plugin.on('status', (e: StatusEvent) => { if (e.deviceId === 'dev-0002') seen.push(e) })
    await until(() => seen.length > 0, 15_000, 'a status event after the second restart')
    expect(seen[0]!.state).toBe(State.IDLE)
  }, 40_000)

  it('after a reconnection in the middle of a download, reports the update under way and finishes it', async () => {
    const image = new Uint8Array(randomBytes(8 * 1024 * 1024))
    const v3 = createRelease({ image, model: 'gw', version: '3.0.0', securityVersion: 3, sequence: 3, chunkSize: 4096, signers: [env.signer] })
    await env.broker.plugin.publishRelease(v3.bundle, 'test')
    const d = await device('dev-0003', env.broker.url, { window: 2 })
    const confirmed: ConfirmedEvent[] = []
    d.on('confirmed', (c) => confirmed.push(c))
    let received = 0
    d.on('progress', (p) => { received = p.received })
    await d.start()
    await until(() => received > 0, 20_000, 'the download to start')
    const port = env.broker.port
    await env.broker.close()
    expect(received).toBeLessThan(image.length)
    const seen: StatusEvent[] = []
    await restartBroker(port)
    env.broker.plugin.on('status', (e: StatusEvent) => { if (e.deviceId === 'dev-0003') seen.push(e) })
    await until(() => seen.length > 0, 15_000, 'a status event on the restarted broker')
    expect(seen[0]).toMatchObject({ state: State.DOWNLOADING, targetVersion: '3.0.0', currentVersion: '1.0.0' })
    await until(() => confirmed.length === 1, 60_000, 'CONFIRMED after the reconnection')
    expect(confirmed[0]).toMatchObject({ from: '1.0.0', to: '3.0.0' })
  }, 90_000)

  it('fails at once with OTA_IDENTITY when the broker refuses the identity, without a connect timeout', async () => {
    // dev-0003's certificate presented under another client id: the broker answers CONNACK 2.
    const d = await device('dev-0003', env.broker.url, { tls: await env.deviceTls('dev-0001') })
    const t0 = Date.now()
    const e = await d.start().then(() => null, (x: unknown) => x)
    expect(isOtaError(e, 'OTA_IDENTITY')).toBe(true)
    expect(Date.now() - t0).toBeLessThan(5000)
  })

  it('retries with backoff a broker that answers CONNACK 3 (server unavailable, what a broker tells a flapping client)', async () => {
    let refused = 0
    const aedes = await Aedes.createBroker({
      authenticate: (_client, _u, _p, cb) => {
        if (refused < 2) {
          refused++
          cb(Object.assign(new Error('server unavailable'), { returnCode: 3 }) as never, false)
        } else {
          cb(null, true)
        }
      }
    })
    const pki = env.pki
    const server = createTlsServer({ key: await readFile(pki.server.key), cert: await readFile(pki.server.cert), ca: env.ca, requestCert: true, rejectUnauthorized: true }, (sock) => { aedes.handle(sock) })
    await new Promise<void>((resolve) => { server.listen(0, '127.0.0.1', resolve) })
    try {
      const { logger, lines } = capture()
      const d = await device('dev-0002', `mqtts://127.0.0.1:${(server.address() as { port: number }).port}`, { logger, backoff: { initialDelayMs: 50, maxDelayMs: 100 }, connectTimeoutMs: 10_000 })
      await d.start()
      expect(refused).toBe(2)
      const retries = lines.filter((l) => l.msg === 'broker unreachable; retrying')
      expect(retries.length).toBeGreaterThanOrEqual(2)
      expect(retries.every((l) => l.code === 'OTA_CONNECTION')).toBe(true)
      await d.stop()
    } finally {
      await new Promise<void>((resolve) => { aedes.close(() => { resolve() }) })
      await new Promise<void>((resolve) => { server.close(() => { resolve() }) })
    }
  })

  it('stop() returns when the broker never acknowledges what is in flight, and when the connection dies meanwhile', async () => {
    // The broker takes the device's status events but never sends their PUBACK; mqtt.js's clean
    // end would wait for them for ever (and did, under a broker killed mid-download).
    let held = 0
    const aedes = await Aedes.createBroker({
      authorizePublish: (_client, packet, cb) => { if (packet.topic.startsWith('ota/audit/')) held++; else cb(null) }
    })
    const sockets: Array<{ destroy: () => void }> = []
    const pki = env.pki
    const server = createTlsServer({ key: await readFile(pki.server.key), cert: await readFile(pki.server.cert), ca: env.ca, requestCert: true, rejectUnauthorized: true }, (sock) => { sockets.push(sock); aedes.handle(sock) })
    await new Promise<void>((resolve) => { server.listen(0, '127.0.0.1', resolve) })
    try {
      const url = `mqtts://127.0.0.1:${(server.address() as { port: number }).port}`
      for (const cut of [false, true]) {
        const d = await device('dev-0002', url)
        await d.start()
        await until(() => held > 0, 10_000, 'a status event held by the broker')
        held = 0
        const t0 = Date.now()
        const stopped = d.stop()
        // The connection dies while the device waits for its acknowledgements (a broker killed).
        if (cut) setTimeout(() => { for (const s of sockets.splice(0)) s.destroy() }, 5200)
        await stopped
        expect(Date.now() - t0).toBeLessThan(15_000)
      }
    } finally {
      await new Promise<void>((resolve) => { aedes.close(() => { resolve() }) })
      await new Promise<void>((resolve) => { server.close(() => { resolve() }) })
    }
  }, 60_000)

  it('gives up after connectTimeoutMs with OTA_CONNECTION, and stop() ends a start() still waiting', async () => {
    const port = await freePort()
    const d = await device('dev-0001', `mqtts://127.0.0.1:${port}`, { connectTimeoutMs: 1200 })
    const t0 = Date.now()
    const e = await d.start().then(() => null, (x: unknown) => x)
    expect(isOtaError(e, 'OTA_CONNECTION')).toBe(true)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1100)
    expect(Date.now() - t0).toBeLessThan(5000)

    const d2 = await device('dev-0001', `mqtts://127.0.0.1:${port}`)
    const pending = d2.start().then(() => null, (x: unknown) => x)
    await new Promise((resolve) => setTimeout(resolve, 500))
    await d2.stop()
    expect(isOtaError(await pending, 'OTA_CONNECTION')).toBe(true)
  })

  it('never connects again once stopped, or once start() gave up, while a connection attempt was under way', async () => {
    // A front on 127.0.0.1 that relays to the broker, or holds new connections unanswered (a
    // reconnection attempt under way: its TLS handshake pending). mqtt.js, ended while an attempt
    // was under way, used to schedule a new one when that attempt's socket closed: the stopped
    // device reconnected for ever, and kept its process alive.
    let hold = false
    let accepted = 0
    const relayed: Socket[] = []
    const held: Socket[] = []
    const front = createServer((s) => {
      accepted++
      s.on('error', () => {})
      if (hold) { held.push(s); return }
      const up = tcpConnect(env.broker.port, '127.0.0.1')
      up.on('error', () => {})
      relayed.push(s, up)
      s.pipe(up).pipe(s)
      s.once('close', () => up.destroy())
      up.once('close', () => s.destroy())
    })
    await new Promise<void>((resolve) => { front.listen(0, '127.0.0.1', resolve) })
    const url = `mqtts://127.0.0.1:${(front.address() as { port: number }).port}`
    const backoff = { initialDelayMs: 20, maxDelayMs: 50 }
    /** Lets the front relay again, then checks that nothing connects for many backoff periods. */
    const noConnectionAfter = async (lines: Array<Record<string, unknown>>): Promise<void> => {
      const before = accepted
      hold = false
      await new Promise((resolve) => setTimeout(resolve, 1000))
      expect(accepted).toBe(before)
      expect(lines.filter((l) => l.msg === 'reconnected')).toEqual([])
    }
    try {
      // Stopped while reconnecting.
      const a = capture()
      const d = await device('dev-0003', url, { logger: a.logger, backoff })
      await d.start()
      hold = true
      for (const s of relayed.splice(0)) s.destroy()
      await until(() => held.length > 0, 10_000, 'a reconnection attempt held by the front')
      await d.stop()
      await noConnectionAfter(a.lines)

      // start() given up (connectTimeoutMs) while an attempt is under way.
      hold = true
      const b = capture()
      const d2 = await device('dev-0003', url, { logger: b.logger, backoff, connectTimeoutMs: 1000 })
      const e = await d2.start().then(() => null, (x: unknown) => x)
      expect(isOtaError(e, 'OTA_CONNECTION')).toBe(true)
      await noConnectionAfter(b.lines)
    } finally {
      for (const s of [...relayed, ...held]) s.destroy()
      await new Promise<void>((resolve) => { front.close(() => { resolve() }) })
    }
  }, 30_000)
})
