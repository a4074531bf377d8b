/**
 * The dashboard's live feed (`/events`) read as a plain SSE stream over node:https from a real
 * broker: it starts with a snapshot, then sends only the fleet rows that changed, the new audit
 * records, and rollouts; the number of open streams is bounded; closing the dashboard ends them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { request } from 'node:https'
import type { IncomingMessage } from 'node:http'
import { startDashboard, type Dashboard } from '../broker/index.js'
import { makeEnv, until, type TestEnv } from './helpers/env.js'

const TOKEN = randomBytes(32).toString('base64url')
let env: TestEnv
let dash: Dashboard

interface SseEvent { event: string, data: any }
interface Stream { status: number, events: SseEvent[], ended: () => boolean, close: () => void }

/** Opens `/events` and collects its events as they arrive. */
async function stream (d: Dashboard): Promise<Stream> {
  return await new Promise<Stream>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: d.port, path: '/events', ca: env.ca, headers: { Authorization: `Bearer ${TOKEN}` }, agent: false }, (res: IncomingMessage) => {
      const events: SseEvent[] = []
      let buf = ''
      let ended = false
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        buf += chunk
        let at: number
        while ((at = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, at)
          buf = buf.slice(at + 2)
          const name = /^event: (.*)$/m.exec(block)?.[1]
          const data = /^data: (.*)$/m.exec(block)?.[1]
          if (name !== undefined && data !== undefined) events.push({ event: name, data: JSON.parse(data) })
        }
      })
      res.on('end', () => { ended = true })
      res.on('close', () => { ended = true })
      resolve({ status: res.statusCode ?? 0, events, ended: () => ended, close: () => { req.destroy() } })
    })
    req.on('error', reject)
    req.end()
  })
}

beforeAll(async () => {
  env = await makeEnv({ model: 'ath9k', devices: 3 })
  dash = await startDashboard(env.broker.plugin, { pki: env.pki, port: 0, token: TOKEN, coalesceMs: 50, maxStreams: 2 })
})
afterAll(async () => {
  await dash?.close()
  await env?.close()
})

describe('the live feed', () => {
  it('starts with a snapshot, then sends only what changed', async () => {
    const a = await env.connect('dev-0001')
    const b = await env.connect('dev-0002')
    await until(() => env.broker.plugin.inventory.list().filter((d) => d.online).length === 2, 5000, 'two devices online')
    const s = await stream(dash)
    expect(s.status).toBe(200)
    await until(() => s.events.length > 0, 5000, 'the snapshot')
    const snap = s.events[0]!
    expect(snap.event).toBe('snapshot')
    expect(snap.data.devices.map((d: { deviceId: string }) => d.deviceId)).toEqual(['dev-0001', 'dev-0002'])
    expect(snap.data.rollouts).toEqual([])
    expect(snap.data.audit.some((r: { action: string }) => r.action === 'plugin.started')).toBe(true)

    // One device goes away: the next fleet event carries that row only, the audit event its record.
    await b.endAsync()
    await until(() => s.events.some((e) => e.event === 'fleet'), 5000, 'a fleet event')
    const fleet = s.events.find((e) => e.event === 'fleet')!
    expect(fleet.data.devices).toHaveLength(1)
    expect(fleet.data.devices[0]).toMatchObject({ deviceId: 'dev-0002', online: false })
    await until(() => s.events.some((e) => e.event === 'audit' && e.data.records.some((r: { action: string, detail: string }) => r.action === 'client.disconnected' && r.detail.includes('clientId=dev-0002'))), 5000, 'the disconnect record')

    // A rollout event is passed on as the page's view: without the device list, with the failures.
    const now = Date.now()
    env.broker.plugin.emit('rollout', {
      id: 'r1', model: 'ath9k', version: '2.0.0', artifact: '00'.repeat(32), sequence: 9, phase: 'paused', reason: 'failures', wave: 0,
      spec: { waves: [1], success: 1, maxFailures: 0, minDevices: 1, waveTimeoutMs: 1000, confirmTimeoutMs: 1000 },
      waves: [{ index: 0, share: 1, devices: 1, offered: 0, updating: 0, succeeded: 0, failed: 1, startedAt: now, deadline: now + 1000 }],
      devices: [{ deviceId: 'dev-0001', wave: 0, state: 'failed', reason: 'OTA_HEALTH_CHECK', updatedAt: now }],
      startedBy: 'test', startedAt: now, updatedAt: now
    })
    await until(() => s.events.some((e) => e.event === 'rollout'), 5000, 'a rollout event')
    const r = s.events.find((e) => e.event === 'rollout')!.data.rollouts[0]
    expect(r).toMatchObject({ id: 'r1', phase: 'paused', deviceCount: 1, failures: [{ deviceId: 'dev-0001', wave: 0, reason: 'OTA_HEALTH_CHECK' }] })
    expect(r.devices).toBeUndefined()
    s.close()
    await a.endAsync()
  })

  it('coalesces a burst of changes into few events', async () => {
    const s = await stream(dash)
    await until(() => s.events.length > 0, 5000, 'the snapshot')
    for (let i = 0; i < 200; i++) env.broker.plugin.audit.write('plugin.started', 'success', { burst: i })
    await until(() => s.events.filter((e) => e.event === 'audit').flatMap((e) => e.data.records).length >= 200, 5000, '200 records')
    // 200 records written in one turn arrive together, not as 200 events.
    expect(s.events.filter((e) => e.event === 'audit').length).toBeLessThanOrEqual(2)
    s.close()
  })

  it('bounds the open streams (503 past maxStreams) and ends them when the dashboard closes', async () => {
    const d = await startDashboard(env.broker.plugin, { pki: env.pki, port: 0, token: TOKEN, maxStreams: 1 })
    const one = await stream(d)
    expect(one.status).toBe(200)
    await until(() => one.events.length > 0, 5000, 'the snapshot')
    const two = await stream(d)
    expect(two.status).toBe(503)
    await d.close()
    await until(() => one.ended(), 5000, 'the stream to end')
  })
})
