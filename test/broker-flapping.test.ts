/**
 * Two processes with one device id (one certificate) take the session from each other
 * (MQTT-3.1.4-2). The broker notices the flapping, audits it once with both connections'
 * addresses, keeps the connected one and refuses the other (CONNACK 3, server unavailable: a
 * device backs off and retries rather than giving up on its identity) until it stops trying;
 * other ids are not affected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import mqtt from 'mqtt'
import { KeyFiles } from '../sign/index.js'
import { startOtaBroker, type OtaBroker } from '../broker/index.js'
import { auditLines, makeEnv, until, type TestEnv } from './helpers/env.js'

let env: TestEnv
let broker: OtaBroker
const clients: mqtt.MqttClient[] = []

beforeAll(async () => {
  env = await makeEnv({ model: 'ath9k', devices: 3 })
  broker = await startOtaBroker({
    pki: env.pki, trust: new Uint8Array(await readFile(join(env.keysDir, KeyFiles.trust))), dataDir: join(env.dir, 'flap'), port: 0,
    plugin: { flapping: { takeovers: 3, windowMs: 5000, cooldownMs: 1500 } }
  })
})
afterAll(async () => {
  await Promise.all(clients.map(async (c) => await c.endAsync(true).catch(() => {})))
  await broker?.close()
  await env?.close()
})

/** A device process: reconnects every 100 ms whatever happens, as a naive agent would. */
async function agent (id: string): Promise<{ c: mqtt.MqttClient, connects: number[], closes: number[], refusals: number[] }> {
  const c = mqtt.connect(broker.url, { clientId: id, protocolVersion: 4, reconnectPeriod: 100, reconnectOnConnackError: true, connectTimeout: 5000, rejectUnauthorized: true, ...(await env.deviceTls(id)) })
  clients.push(c)
  const r = { c, connects: [] as number[], closes: [] as number[], refusals: [] as number[] }
  c.on('connect', () => r.connects.push(Date.now()))
  c.on('close', () => r.closes.push(Date.now()))
  c.on('error', (e: Error & { code?: number }) => { if (typeof e.code === 'number') r.refusals.push(e.code) })
  return r
}

describe('takeover flapping', () => {
  it('is audited once with both addresses; the connected process keeps the id, the other is refused until it stops', async () => {
    const a = await agent('dev-0001')
    await until(() => a.connects.length === 1, 5000, 'first process connected')
    const b = await agent('dev-0001')
    await until(async () => (await auditLines(broker.plugin.auditLog)).some((l) => l.event === 'auth.flapping'), 10_000, 'auth.flapping')
    // Let the loser keep trying for a while: the fight has stopped.
    const settled = Date.now()
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const holder = a.c.connected ? a : b
    const loser = holder === a ? b : a
    expect(holder.c.connected).toBe(true)
    expect(loser.c.connected).toBe(false)
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(holder.closes.filter((t) => t > settled)).toEqual([])
    expect(holder.c.connected).toBe(true)
    // The loser was refused with CONNACK 3 (retry later), never 2 (identity refused).
    expect(loser.refusals.length).toBeGreaterThan(0)
    expect(new Set(loser.refusals)).toEqual(new Set([3]))
    // Another device connects normally during dev-0001's episode.
    const other = await mqtt.connectAsync(broker.url, { clientId: 'dev-0003', protocolVersion: 4, reconnectPeriod: 0, ...(await env.deviceTls('dev-0003')) })
    clients.push(other)
    expect(other.connected).toBe(true)
    await other.endAsync()
    const lines = await auditLines(broker.plugin.auditLog)
    const flaps = lines.filter((l) => l.event === 'auth.flapping')
    expect(flaps.length).toBe(1)
    expect(flaps[0]).toMatchObject({ clientId: 'dev-0001', role: 'device', remoteAddress: '127.0.0.1', incumbentAddress: '127.0.0.1', takeovers: 3 })
    expect(flaps[0]!.remotePort).not.toBe(flaps[0]!.incumbentPort)
    // Refusals during the episode are not audited one by one.
    expect(lines.filter((l) => l.event === 'auth.denied' && l.clientId === 'dev-0001').length).toBe(0)

    // The holder leaves within the cool-down (the loser's refusals keep extending it): only a
    // live connection is defended, so the retrying process gets the id at once.
    const left = Date.now()
    await holder.c.endAsync(true)
    await until(() => loser.connects.some((t) => t > left), 1000, 'the retrying process connected after the holder left')

    // The loser stops; after the cool-down the id may be taken over again as MQTT allows.
    const settledAgain = Date.now()
    await new Promise((resolve) => setTimeout(resolve, 1700))
    const c = await mqtt.connectAsync(broker.url, { clientId: 'dev-0001', protocolVersion: 4, reconnectPeriod: 0, ...(await env.deviceTls('dev-0001')) })
    clients.push(c)
    expect(c.connected).toBe(true)
    await until(() => loser.closes.some((t) => t > settledAgain), 5000, 'the loser taken over')
    await loser.c.endAsync(true)
  }, 30_000)

  it('an ordinary reconnect (one takeover) is not flapping', async () => {
    const first = await mqtt.connectAsync(broker.url, { clientId: 'dev-0002', protocolVersion: 4, reconnectPeriod: 0, ...(await env.deviceTls('dev-0002')) })
    clients.push(first)
    const second = await mqtt.connectAsync(broker.url, { clientId: 'dev-0002', protocolVersion: 4, reconnectPeriod: 0, ...(await env.deviceTls('dev-0002')) })
    clients.push(second)
    expect(second.connected).toBe(true)
    const lines = await auditLines(broker.plugin.auditLog)
    expect(lines.filter((l) => l.event === 'auth.flapping' && l.clientId === 'dev-0002')).toEqual([])
  })
})
