/**
 * Refusals are bounded (real broker over TLS on 127.0.0.1): a client that keeps asking for
 * what it may not have is closed after a fixed number of refusals, so the audit log grows by
 * a bounded number of lines, each with its topic cut to 256 characters, whether the plugin or
 * the standalone broker's ACL refused it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type mqtt from 'mqtt'
import { auditLines, makeEnv, until, type TestEnv } from './helpers/env.js'

let env: TestEnv
beforeAll(async () => { env = await makeEnv({ model: 'ath9k', devices: 3, extraDevices: { 'b-0001': 'model-b' } }) })
afterAll(async () => { await env?.close() })

/** Subscribes to `filter(i)` for i = 0… until the broker closes `c` or `max` subscriptions were sent. */
async function keepSubscribing (c: mqtt.MqttClient, filter: (i: number) => string, max: number): Promise<{ sent: number, closed: boolean }> {
  let closed = false
  c.on('close', () => { closed = true })
  c.on('error', () => {})
  let sent = 0
  for (; sent < max && !closed; sent++) {
    c.subscribe(filter(sent), { qos: 0 }, () => {})
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  await until(() => closed, 5000, 'the broker to close the connection').catch(() => {})
  return { sent, closed }
}

describe('refused subscriptions', () => {
  it('close the connection after 16 refusals of OTA filters; the audit log holds 17 lines, topics cut to 256 characters', async () => {
    const c = await env.connect('dev-0001')
    // Longer than the topic limit (256) yet within a device's largest packet (broker-hardening tests the larger).
    const long = 'ota/m/model-b/' + 'x'.repeat(6000)
    const r = await keepSubscribing(c, (i) => (i % 2 === 0 ? long : `ota/m/model-b/manifest${i}`), 100)
    expect(r.closed).toBe(true)
    expect(r.sent).toBeLessThan(100)
    const lines = (await auditLines(env.broker.plugin.auditLog)).filter((l) => l.event === 'acl.denied' && l.clientId === 'dev-0001')
    expect(lines.length).toBe(17)
    expect(lines.filter((l) => l.closed === true).length).toBe(1)
    expect(lines.at(-1)!.closed).toBe(true)
    expect(Math.max(...lines.map((l) => String(l.topic).length))).toBe(256)
    // The same device may connect again: closing is not a ban.
    const again = await env.connect('dev-0001')
    expect(again.connected).toBe(true)
    await again.endAsync()
  }, 20_000)

  it('count the standalone broker\'s ACL refusals the same way (one builder of acl.denied)', async () => {
    const c = await env.connect('dev-0002')
    const r = await keepSubscribing(c, (i) => `$SYS/${'y'.repeat(1000)}/${i}`, 100)
    expect(r.closed).toBe(true)
    const lines = (await auditLines(env.broker.plugin.auditLog)).filter((l) => l.event === 'acl.denied' && l.clientId === 'dev-0002')
    expect(lines.length).toBe(17)
    expect(lines.every((l) => l.role === 'device' && String(l.topic).length <= 256 && l.reason === 'not allowed by the broker ACL')).toBe(true)
  }, 20_000)

  it('leave a client with a few refusals connected', async () => {
    const c = await env.connect('dev-0003')
    const r = await Promise.all(Array.from({ length: 5 }, async (_, i) => await c.subscribeAsync(`ota/m/model-b/manifest${i}`, { qos: 0 }).then(() => 'granted', () => 'refused')))
    expect(r).toEqual(Array(5).fill('refused'))
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(c.connected).toBe(true)
  })
})
