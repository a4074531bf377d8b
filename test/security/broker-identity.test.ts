/**
 * Threat: clientId takeover (issue 7, item 8). MQTT lets a newcomer with a connected client's id
 * take its session over (MQTT-3.1.4-2). Against the real broker over TLS on 127.0.0.1 with real
 * certificates: a device certificate presenting another device's id, an operator certificate
 * presenting a device's id, a device certificate (from the broker's own CA) whose CN is a
 * connected operator's id, and two holders of one certificate knocking each other off. Each is
 * refused with its CONNACK code and audited; the victim keeps its connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import mqtt from 'mqtt'
import { DEVICE_OU_PREFIX, PKI_ORGANIZATION } from '../../certs/index.js'
import { BACKDATE_MS, DAY_MS, issueClient, loadIssuer } from '../../certs/issuer.js'
import { State, SupportStatus, Topics, decodeStatusEvent, encodeStatusEvent } from '../../proto/index.js'
import { auditLines, makeEnv, until, type TestEnv } from '../helpers/env.js'

const topics = new Topics('ota')
let env: TestEnv

beforeAll(async () => { env = await makeEnv({ model: 'ath9k', devices: 4 }) })
afterAll(async () => { await env?.close() })

type Tls = { ca: Buffer, cert: Buffer, key: Buffer }

/** Connects with `tls` under `clientId`: 'connected' (kept open, closed by env.close), or the CONNACK code of the refusal. */
async function attempt (clientId: string, tls: Tls): Promise<number | 'connected'> {
  return await mqtt.connectAsync(env.broker.url, { clientId, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5000, servername: 'localhost', ...tls }).then(
    async (c) => { await c.endAsync(true); return 'connected' as const },
    (e: Error & { code?: number }) => e.code ?? -1)
}

/** A certificate `CN=<id>, OU=device:<model>` issued by the broker's own CA, as a careless or hostile CA operator could. */
async function rogueDevice (id: string, model: string): Promise<Tls> {
  const dir = join(env.dir, 'rogue', `${id}-${model}`)
  await mkdir(dir, { recursive: true })
  const now = Date.now()
  await issueClient(dir, { cert: 'c.crt', key: 'c.key' }, await loadIssuer(env.pki), { notBefore: new Date(now - BACKDATE_MS), notAfter: new Date(now + DAY_MS) },
    [['O', PKI_ORGANIZATION], ['OU', DEVICE_OU_PREFIX + model], ['CN', id]])
  return { ca: env.ca, cert: await readFile(join(dir, 'c.crt')), key: await readFile(join(dir, 'c.key')) }
}

async function lines (event: string, clientId: string): Promise<Array<Record<string, unknown>>> {
  return (await auditLines(env.broker.plugin.auditLog)).filter((l) => l.event === event && l.clientId === clientId)
}

/** A connected victim that counts its closes. */
async function victim (id: string): Promise<{ c: mqtt.MqttClient, closes: () => number }> {
  const c = await env.connect(id)
  let n = 0
  c.on('close', () => { n++ })
  return { c, closes: () => n }
}

/** Enough time for a takeover's close to reach the victim, had there been one. */
const settle = async (): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, 300)) }

describe('threat: clientId takeover', () => {
  it('a device certificate presenting another device\'s id is refused (CONNACK 2, auth.denied); the connected device keeps its session', async () => {
    const v = await victim('dev-0002')
    expect(await attempt('dev-0002', await env.deviceTls('dev-0001'))).toBe(2)
    await settle()
    expect(v.closes()).toBe(0)
    expect(v.c.connected).toBe(true)
    expect(env.broker.plugin.inventory.list().find((d) => d.deviceId === 'dev-0002')?.online).toBe(true)
    const denied = await lines('auth.denied', 'dev-0002')
    expect(denied).toHaveLength(1)
    expect(denied[0]).toMatchObject({ outcome: 'failure', reason: 'clientId differs from the certificate id', certificateId: 'dev-0001', remoteAddress: '127.0.0.1' })
    await v.c.endAsync()
  })

  it('an operator certificate presenting a device\'s id is refused (CONNACK 2, auth.denied with the operator\'s certificate id)', async () => {
    const v = await victim('dev-0003')
    const op = env.pki.operators[0]!
    expect(await attempt('dev-0003', await env.deviceTls(op.id))).toBe(2)
    await settle()
    expect(v.closes()).toBe(0)
    expect((await lines('auth.denied', 'dev-0003'))[0]).toMatchObject({ reason: 'clientId differs from the certificate id', certificateId: op.id })
    await v.c.endAsync()
  })

  it('a device certificate whose CN is a connected operator\'s id is refused (CONNACK 2, auth.denied role device); the operator keeps its session and its feed', async () => {
    const opId = env.pki.operators[0]!.id
    const v = await victim(opId)
    const feed: string[] = []
    v.c.on('message', (topic, payload) => { feed.push(`${topic} ${decodeStatusEvent(payload).detail}`) })
    await v.c.subscribeAsync(topics.auditAll(), { qos: 1 })
    expect(await attempt(opId, await rogueDevice(opId, 'ath9k'))).toBe(2)
    await settle()
    expect(v.closes()).toBe(0)
    const denied = (await lines('auth.denied', opId)).filter((l) => l.role === 'device')
    expect(denied).toHaveLength(1)
    expect(denied[0]).toMatchObject({
      reason: `clientId ${opId} is held by a connected operator; a device of model ath9k may not take it over`,
      certificateId: opId, role: 'device', model: 'ath9k', remoteAddress: '127.0.0.1'
    })
    // The operator's subscriptions were not handed to the impostor: a status event still reaches it.
    const d = await env.connect('dev-0004')
    await d.publishAsync(topics.audit('dev-0004'), Buffer.from(encodeStatusEvent({
      deviceId: 'dev-0004', state: State.IDLE, result: 0, currentVersion: '1.0.0', targetVersion: '', time: Date.now(), detail: 'still here', errorCode: '',
      artifact: new Uint8Array(0), bytesReceived: 0, bytesTotal: 0, securityVersion: 1, model: 'ath9k', receivedAt: 0, slot: '', previousVersion: '',
      hardwareRevision: '', support: SupportStatus.UNKNOWN, endOfLifeAt: 0, sbomSha256: new Uint8Array(0), deferredUntil: 0
    })), { qos: 1 })
    await until(() => feed.includes(`${topics.audit('dev-0004')} still here`), 5000, 'the operator\'s feed')
    await d.endAsync()
    await v.c.endAsync()
  })

  it('flapping: the third takeover of one id within the window starts an episode (CONNACK 3, one auth.flapping); the holder keeps the id', async () => {
    const tls = await env.deviceTls('dev-0001')
    const connects: mqtt.MqttClient[] = []
    // Two takeovers are ordinary reconnects (MQTT-3.1.4-2): each newcomer replaces the last.
    for (let i = 0; i < 3; i++) connects.push(await env.connect('dev-0001'))
    await until(() => !connects[0]!.connected && !connects[1]!.connected, 5000, 'the first two taken over')
    const holder = connects[2]!
    let holderCloses = 0
    holder.on('close', () => { holderCloses++ })
    // The third takeover within windowMs (10 s): refused with "server unavailable" (a device
    // backs off and retries, where 2 would end it), audited once; later attempts quietly.
    expect(await attempt('dev-0001', tls)).toBe(3)
    expect(await attempt('dev-0001', tls)).toBe(3)
    await settle()
    expect(holderCloses).toBe(0)
    expect(holder.connected).toBe(true)
    const flaps = await lines('auth.flapping', 'dev-0001')
    expect(flaps).toHaveLength(1)
    expect(flaps[0]).toMatchObject({ outcome: 'failure', role: 'device', remoteAddress: '127.0.0.1', incumbentAddress: '127.0.0.1', takeovers: 3, windowMs: 10_000, cooldownMs: 60_000 })
    expect(flaps[0]!.remotePort).not.toBe(flaps[0]!.incumbentPort)
    // The holder's own port is the incumbent's: the broker names the connection it kept.
    const holderPort = (holder.stream as unknown as { localPort?: number }).localPort
    expect(flaps[0]!.incumbentPort).toBe(holderPort)
    expect(await lines('auth.denied', 'dev-0001')).toEqual([])
    await holder.endAsync()
  })
})
