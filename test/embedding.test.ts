/**
 * The plugin embedded in a host platform's Aedes: the host keeps its own hooks for its own
 * clients and topics (plain MQTT on a TCP listener here), devices come over TLS with client
 * certificates, and the plugin's rules govern OTA topics for everyone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer as createTcpServer, type Server as TcpServer, type AddressInfo } from 'node:net'
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mqtt from 'mqtt'
import { Aedes, type Client } from 'aedes'
import { initPki, type PkiLayout } from '../certs/index.js'
import { KeyFiles, initKeys } from '../sign/index.js'
import { createOtaPlugin, type OtaPlugin } from '../broker/index.js'
import { grantedQos, tryConnect, until } from './helpers/env.js'

let dir: string
let pki: PkiLayout
let aedes: Aedes
let plugin: OtaPlugin
let tls: TlsServer
let tcp: TcpServer
let tlsUrl: string
let tcpUrl: string
const hostAuthenticate = (client: Client, username: string | undefined, _password: Buffer | undefined, cb: (e: Error | null, ok: boolean) => void): void => {
  cb(null, username === 'platform' || client.id.startsWith('dev-'))
}
const hostAuthorizePublish = (_client: Client | null, packet: { topic: string }, cb: (e?: Error | null) => void): void => {
  cb(packet.topic.startsWith('forbidden/') ? new Error('the host forbids this topic') : null)
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aedes-ota-embed-'))
  pki = await initPki({ out: join(dir, 'pki'), model: 'ath9k', devices: 1 })
  await initKeys({ out: join(dir, 'keys'), models: ['ath9k'] })
  aedes = new Aedes({ authenticate: hostAuthenticate as never, authorizePublish: hostAuthorizePublish as never })
  await aedes.listen()
  plugin = await createOtaPlugin(aedes, { trust: new Uint8Array(await readFile(join(dir, 'keys', KeyFiles.trust))), dataDir: join(dir, 'ota') })
  const [key, cert, ca] = await Promise.all([readFile(pki.server.key), readFile(pki.server.cert), readFile(pki.ca.cert)])
  tls = createTlsServer({ key, cert, ca, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.3' }, (s) => { aedes.handle(s) })
  tcp = createTcpServer((s) => { aedes.handle(s) })
  await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', () => resolve()))
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', () => resolve()))
  tlsUrl = `mqtts://127.0.0.1:${(tls.address() as AddressInfo).port}`
  tcpUrl = `mqtt://127.0.0.1:${(tcp.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise<void>((resolve) => aedes.close(() => resolve()))
  await new Promise<void>((resolve) => tls.close(() => resolve()))
  await new Promise<void>((resolve) => tcp.close(() => resolve()))
  await plugin.close()
  await rm(dir, { recursive: true, force: true })
})

const platform = async (clientId: string, username = 'platform'): Promise<mqtt.MqttClient> =>
  await mqtt.connectAsync(tcpUrl, { clientId, username, protocolVersion: 4, reconnectPeriod: 0 })

describe('the plugin inside a host platform', () => {
  it('leaves the host\'s own clients and topics to the host\'s hooks', async () => {
    expect((await tryConnect(tcpUrl, { clientId: 'app-x', username: 'intruder' })).connected).toBe(false)
    const c = await platform('app-1')
    const got: string[] = []
    c.on('message', (topic) => got.push(topic))
    expect(await grantedQos(c, { 'app/#': { qos: 0 } })).toEqual({ 'app/#': 0 })
    await c.publishAsync('app/temperature', '21')
    await until(() => got.includes('app/temperature'), 5000, 'the host\'s own message')
    const closed = new Promise<void>((resolve) => c.once('close', () => resolve()))
    c.publish('forbidden/x', 'no')
    await closed
  })

  it('keeps OTA topics from clients without an OTA certificate', async () => {
    const c = await platform('app-2')
    expect(await grantedQos(c, { 'ota/m/ath9k/manifest': { qos: 0 }, '#': { qos: 0 }, 'ota/audit/+': { qos: 0 }, 'other/#': { qos: 0 } }))
      .toEqual({ 'ota/m/ath9k/manifest': 128, '#': 128, 'ota/audit/+': 128, 'other/#': 0 })
    const closed = new Promise<void>((resolve) => c.once('close', () => resolve()))
    c.publish('ota/audit/dev-0001', Buffer.from('forged'))
    await closed
  })

  it('does not let a client without a certificate take over a connected device\'s clientId', async () => {
    const d = pki.devices[0]!
    const device = await mqtt.connectAsync(tlsUrl, {
      clientId: d.id, protocolVersion: 4, reconnectPeriod: 0, servername: 'localhost', rejectUnauthorized: true,
      ca: await readFile(pki.ca.cert), cert: await readFile(d.cert), key: await readFile(d.key)
    })
    expect(await grantedQos(device, { 'ota/m/ath9k/manifest': { qos: 1 } })).toEqual({ 'ota/m/ath9k/manifest': 1 })
    const takeover = await tryConnect(tcpUrl, { clientId: d.id, username: 'platform' })
    expect(takeover.connected).toBe(false)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(device.connected).toBe(true)
    await device.endAsync()
  })

  it('leaves non-OTA topics to the host for certified devices too ($SYS included: the standalone broker\'s deny-by-default is not applied)', async () => {
    const d = pki.devices[0]!
    const device = await mqtt.connectAsync(tlsUrl, {
      clientId: d.id, protocolVersion: 4, reconnectPeriod: 0, rejectUnauthorized: true,
      ca: await readFile(pki.ca.cert), cert: await readFile(d.cert), key: await readFile(d.key)
    })
    // This host allows every subscription (aedes' default) and forbids publishing under forbidden/.
    expect(await grantedQos(device, { 'app/#': { qos: 0 }, '$SYS/#': { qos: 0 }, 'ota/audit/+': { qos: 0 } })).toEqual({ 'app/#': 0, '$SYS/#': 0, 'ota/audit/+': 128 })
    await device.publishAsync('app/from-device', 'x')
    const closed = new Promise<void>((resolve) => device.once('close', () => resolve()))
    device.publish('forbidden/y', 'no')
    await closed
  })

  it('gives the host its hooks back when closed', async () => {
    const other = new Aedes({ authorizePublish: hostAuthorizePublish as never })
    const early = await createOtaPlugin(other, { trust: new Uint8Array(await readFile(join(dir, 'keys', KeyFiles.trust))), dataDir: join(dir, 'ota2') }).then(() => null, (e: unknown) => e)
    expect(early).toMatchObject({ code: 'OTA_INVALID_ARGUMENT' })
    expect(other.authorizePublish).toBe(hostAuthorizePublish)
    await other.listen()
    const p = await createOtaPlugin(other, { trust: new Uint8Array(await readFile(join(dir, 'keys', KeyFiles.trust))), dataDir: join(dir, 'ota2') })
    expect(other.authorizePublish).not.toBe(hostAuthorizePublish)
    await p.close()
    expect(other.authorizePublish).toBe(hostAuthorizePublish)
    await new Promise<void>((resolve) => other.close(() => resolve()))
  })
})
