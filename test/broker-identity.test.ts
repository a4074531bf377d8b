/**
 * One id, two identities: a certificate of another role or model whose CN is the id of a
 * connected client may not take its session over (real broker over TLS on 127.0.0.1), and the
 * dev PKI never issues one id to both a device and an operator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import mqtt from 'mqtt'
import { isOtaError } from '../proto/index.js'
import { addDevices, initPki, DEVICE_OU_PREFIX, PKI_ORGANIZATION } from '../certs/index.js'
import { BACKDATE_MS, DAY_MS, issueClient, loadIssuer } from '../certs/issuer.js'
import { auditLines, makeEnv, until, type TestEnv } from './helpers/env.js'

let env: TestEnv

/** A certificate from the broker's own CA (as a careless or hostile CA operator could issue): `CN=<id>, OU=device:<model>`. */
async function rogueDevice (id: string, model: string): Promise<{ ca: Buffer, cert: Buffer, key: Buffer }> {
  const dir = join(env.dir, 'rogue', `${id}-${model}`)
  await mkdir(dir, { recursive: true })
  const now = Date.now()
  await issueClient(dir, { cert: 'c.crt', key: 'c.key' }, await loadIssuer(env.pki), { notBefore: new Date(now - BACKDATE_MS), notAfter: new Date(now + DAY_MS) },
    [['O', PKI_ORGANIZATION], ['OU', DEVICE_OU_PREFIX + model], ['CN', id]])
  return { ca: env.ca, cert: await readFile(join(dir, 'c.crt')), key: await readFile(join(dir, 'c.key')) }
}

async function connackOf (id: string, tls: { ca: Buffer, cert: Buffer, key: Buffer }): Promise<number | 'connected'> {
  const c = await mqtt.connectAsync(env.broker.url, { clientId: id, protocolVersion: 4, reconnectPeriod: 0, ...tls }).then(
    async (c) => { await c.endAsync(true); return 'connected' as const },
    (e: Error & { code?: number }) => e.code ?? -1)
  return c
}

beforeAll(async () => {
  env = await makeEnv({ model: 'ath9k', devices: 1 })
})
afterAll(async () => { await env?.close() })

describe('an id held by another identity', () => {
  it('refuses a device certificate whose CN is a connected operator\'s id (CONNACK 2); the operator keeps its session', async () => {
    const opId = env.pki.operators[0]!.id
    const op = await env.connect(opId)
    let closed = false
    op.on('close', () => { closed = true })
    expect(await connackOf(opId, await rogueDevice(opId, 'ath9k'))).toBe(2)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(closed).toBe(false)
    expect(op.connected).toBe(true)
    const lines = await auditLines(env.broker.plugin.auditLog)
    expect(lines.some((l) => l.event === 'auth.denied' && l.clientId === opId && l.role === 'device' && /held by a connected operator/.test(String(l.reason)))).toBe(true)
    await op.endAsync()
  })

  it('refuses a device of another model under a connected device\'s id; the same model takes over as MQTT allows', async () => {
    const dev = await env.connect('dev-0001')
    let closes = 0
    dev.on('close', () => { closes++ })
    expect(await connackOf('dev-0001', await rogueDevice('dev-0001', 'model-b'))).toBe(2)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(closes).toBe(0)
    expect(await connackOf('dev-0001', await env.deviceTls('dev-0001'))).toBe('connected')
    await until(() => closes > 0, 5000, 'the ordinary takeover')
  })
})

describe('the dev PKI', () => {
  it('refuses an id shared by a device and an operator (initPki, addDevices)', async () => {
    const err = await initPki({ out: join(env.dir, 'shared-pki'), model: 'ath9k', devices: 1, operators: ['dev-0001'] }).then(() => null, (e: unknown) => e)
    expect(isOtaError(err, 'OTA_INVALID_ARGUMENT')).toBe(true)
    expect((err as Error).message).toMatch(/dev-0001 cannot be both a device id and an operator id/)
    const err2 = await addDevices(env.pki.dir, [env.pki.operators[0]!.id]).then(() => null, (e: unknown) => e)
    expect(isOtaError(err2, 'OTA_INVALID_ARGUMENT')).toBe(true)
    expect((await readFile(join(env.pki.dir, 'pki.json'), 'utf8'))).not.toMatch(/devices\/operator\.crt/)
  })
})
