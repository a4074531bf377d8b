/**
 * Threat: `$SYS` exposure (issue 7, item 8). aedes publishes `$SYS/<broker id>/new/clients` and
 * `/disconnect/clients` with every client id, and a heartbeat: a device that reads them learns
 * the fleet. Against the standalone broker with no ACL file (deny by default outside the OTA
 * prefix) over TLS on 127.0.0.1, a device (and an operator) with real certificates subscribe with
 * mqtt.js to `$SYS/#`, `#`, `+/#` and the exact `$SYS` topics: each is refused (SUBACK 0x80) and
 * audited (`acl.denied`), and while aedes publishes several heartbeats and a new client's id
 * (seen on the broker's own publish event: the control), the device receives nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import mqtt from 'mqtt'
import { KeyFiles } from '../../sign/index.js'
import { startOtaBroker, type OtaBroker } from '../../broker/index.js'
import { auditLines, grantedQos, makeEnv, until, type TestEnv } from '../helpers/env.js'

/** aedes' heartbeat interval for this broker (default 60 s): several fall within a bounded wait. */
const HEARTBEAT_MS = 100

let env: TestEnv
let broker: OtaBroker
const clients: mqtt.MqttClient[] = []
/** every `$SYS` message aedes published, as `topic payload` */
const sys: string[] = []

beforeAll(async () => {
  env = await makeEnv({ model: 'ath9k', devices: 2 })
  broker = await startOtaBroker({
    pki: env.pki, trust: new Uint8Array(await readFile(join(env.keysDir, KeyFiles.trust))), dataDir: join(env.dir, 'sys-broker'), port: 0,
    aedes: { heartbeatInterval: HEARTBEAT_MS }
  })
  broker.aedes.on('publish', (packet) => { if (packet.topic.startsWith('$SYS/')) sys.push(`${packet.topic} ${Buffer.from(packet.payload).toString()}`) })
})
afterAll(async () => {
  await Promise.all(clients.map(async (c) => await c.endAsync(true).catch(() => {})))
  await broker?.close()
  await env?.close()
})

async function connect (id: string): Promise<mqtt.MqttClient> {
  const c = await mqtt.connectAsync(broker.url, { clientId: id, protocolVersion: 4, reconnectPeriod: 0, servername: 'localhost', ...(await env.deviceTls(id)) })
  clients.push(c)
  return c
}

async function denied (clientId: string): Promise<Array<Record<string, unknown>>> {
  return (await auditLines(broker.plugin.auditLog)).filter((l) => l.event === 'acl.denied' && l.clientId === clientId)
}

describe('threat: $SYS exposure', () => {
  it('a device subscribing to $SYS/#, #, +/# and the exact $SYS topics gets SUBACK 0x80 for each, each audited as acl.denied', async () => {
    const c = await connect('dev-0001')
    const got: string[] = []
    c.on('message', (topic) => got.push(topic))
    const heartbeat = `$SYS/${broker.aedes.id}/heartbeat`
    const newClients = `$SYS/${broker.aedes.id}/new/clients`
    const filters = ['$SYS/#', '#', '+/#', '$SYS/+/new/clients', heartbeat, newClients]
    expect(await grantedQos(c, Object.fromEntries(filters.map((f) => [f, { qos: 0 as const }])))).toEqual(Object.fromEntries(filters.map((f) => [f, 128])))
    // `#` and `+/#` can match OTA topics, so the plugin decides them; `$SYS` is the ACL file's (none: denied).
    const plugin = 'filter not allowed for this client'
    const acl = 'not allowed by the broker ACL'
    expect((await denied('dev-0001')).map((l) => [l.topic, l.reason])).toEqual([
      ['$SYS/#', acl], ['#', plugin], ['+/#', plugin], ['$SYS/+/new/clients', acl], [heartbeat, acl], [newClients, acl]
    ])
    expect((await denied('dev-0001')).every((l) => l.action === 'subscribe' && l.role === 'device' && l.outcome === 'failure' && l.remoteAddress === '127.0.0.1')).toBe(true)

    // The control: aedes does publish on $SYS meanwhile, a heartbeat and another device's id.
    const from = sys.length
    await connect('dev-0002')
    await until(() => sys.slice(from).filter((m) => m.startsWith(`${heartbeat} `)).length >= 3 && sys.slice(from).includes(`${newClients} dev-0002`), 5000, 'three heartbeats and the new client')
    expect(got).toEqual([])
    expect(c.connected).toBe(true)
  })

  it('an operator gets SUBACK 0x80 for $SYS/# too: $SYS is open only to what an ACL file names', async () => {
    const op = env.pki.operators[0]!.id
    const c = await connect(op)
    const got: string[] = []
    c.on('message', (topic) => got.push(topic))
    expect(await grantedQos(c, { '$SYS/#': { qos: 0 } })).toEqual({ '$SYS/#': 128 })
    expect(await denied(op)).toEqual([expect.objectContaining({ action: 'subscribe', topic: '$SYS/#', role: 'operator', reason: 'not allowed by the broker ACL' })])
    const from = sys.length
    await until(() => sys.length - from >= 2, 5000, 'two more $SYS publishes')
    expect(got).toEqual([])
  })
})
