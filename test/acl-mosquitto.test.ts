/**
 * The broker's own ACL keeps devices apart (issue 11): Debian's real Mosquitto 2.0.11 on a
 * loopback port with TLS and exactly the files `aedes-ota acl mosquitto` writes, real mqtt.js
 * clients with the dev PKI's device and operator certificates, no OTA broker. The OTA service is
 * played by a raw client with the service's operator certificate.
 *
 * Mosquitto 2.0.11 grants every SUBSCRIBE (its ACL file has no subscribe rules: SUBACK carries
 * the QoS asked, never 0x80) and checks read access for each message it would deliver. So a
 * refusal is a message that never arrives: each check publishes the forbidden messages, then a
 * control message the client may read, from the same connection, and waits for the control
 * (bounded). Mosquitto handles packets in order, so a forbidden message it meant to deliver
 * would have arrived before the control.
 *
 * Without Mosquitto the tests fail under CI and skip elsewhere, saying why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mqtt from 'mqtt'
import { addDevices, initPki, revokeCertificate, type PkiLayout } from '../certs/index.js'
import { Topics } from '../proto/index.js'
import { grantedQos, tryConnect, until } from './helpers/env.js'
import { mosquittoMissing, startOtaMosquitto, type OtaMosquitto } from './helpers/mosquitto.js'

const missing = mosquittoMissing()
const t = new Topics('ota')
const SERVICE = 'ota-service'
const ART = 'ab'.repeat(32)
/** Bound of every wait for a message, ms (a control message arrives in milliseconds). */
const WAIT_MS = 10_000

interface Received { topic: string, payload: string, retain: boolean }

/** A connected client and every message it received since. */
interface Peer { c: mqtt.MqttClient, got: Received[] }

if (missing !== null && process.env.CI !== undefined) {
  describe('Mosquitto ACL', () => {
    it('needs mosquitto under CI', () => { throw new Error(missing) })
  })
} else {
  if (missing !== null) console.warn(`Mosquitto ACL tests skipped: ${missing}`)
  describe.skipIf(missing !== null)('the ACL `aedes-ota acl mosquitto` writes, in a real Mosquitto', () => {
    let dir: string
    let pki: PkiLayout
    let broker: OtaMosquitto | undefined
    let service: Peer
    const peers: mqtt.MqttClient[] = []
    let seq = 0
    /** A payload no other check sends. */
    const mark = (what: string): string => `${what}#${++seq}`

    const tlsOf = async (id: string, p = pki): Promise<{ ca: Buffer, cert: Buffer, key: Buffer }> => {
      const f = p.devices.find((d) => d.id === id) ?? p.operators.find((o) => o.id === id)
      if (f === undefined) throw new Error(`no certificate for ${id}`)
      return { ca: await readFile(p.ca.cert), cert: await readFile(f.cert), key: await readFile(f.key) }
    }
    const connect = async (id: string, o: mqtt.IClientOptions = {}, url = broker!.url): Promise<Peer> => {
      const c = await mqtt.connectAsync(url, { clientId: id, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 10_000, rejectUnauthorized: true, ...await tlsOf(id), ...o })
      peers.push(c)
      const got: Received[] = []
      c.on('message', (topic, payload, packet) => { got.push({ topic, payload: payload.toString(), retain: packet.retain }) })
      return { c, got }
    }
    const sub = async (p: Peer, ...filters: string[]): Promise<Record<string, number>> =>
      await grantedQos(p.c, Object.fromEntries(filters.map((f) => [f, { qos: 1 as const }])))
    const pub = async (p: Peer, topic: string, payload: string, retain = false): Promise<void> => {
      await p.c.publishAsync(topic, payload, { qos: 1, retain })
    }
    /** Waits (bounded) until `p` has a message on `topic` with `payload`. */
    const arrives = async (p: Peer, topic: string, payload: string): Promise<void> => {
      await until(() => p.got.some((m) => m.topic === topic && m.payload === payload), WAIT_MS, `${payload} on ${topic}`)
    }
    /** Payloads `p` got on `topic`. */
    const on = (p: Peer, topic: string): string[] => p.got.filter((m) => m.topic === topic).map((m) => m.payload)

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'aedes-ota-mosquitto-'))
      await initPki({ out: join(dir, 'pki'), model: 'ma', devices: 2, operators: ['operator', 'op-two', SERVICE] })
      pki = await addDevices(join(dir, 'pki'), ['dev-b1'], 'mb')
      broker = await startOtaMosquitto(dir, { pki: pki.dir })
      service = await connect(SERVICE)
      // What the service keeps retained: the trust root, a manifest per model, an offer per device.
      await pub(service, t.root(), 'root-v1', true)
      await pub(service, t.manifest('ma'), 'manifest-ma', true)
      await pub(service, t.manifest('mb'), 'manifest-mb', true)
      for (const id of ['dev-0001', 'dev-0002', 'dev-b1']) await pub(service, t.offer(id), `offer-${id}`, true)
    })

    afterAll(async () => {
      await Promise.all(peers.map(async (c) => await c.endAsync(true).catch(() => {})))
      await broker?.stop()
      if (dir !== undefined) await rm(dir, { recursive: true, force: true })
    })

    it('writes the files the test runs: the listener fragment and the ACL, for 3 devices of 2 models and 3 operators', async () => {
      const conf = await readFile(broker!.files().conf, 'utf8')
      expect(conf).toContain(`acl_file ${broker!.files().acl}`)
      expect(conf).toMatch(/^require_certificate true$/m)
      expect(conf).toMatch(/^use_identity_as_username true$/m)
      const acl = await readFile(broker!.files().acl, 'utf8')
      expect(acl).toContain('user dev-b1\ntopic read ota/trust/root\ntopic read ota/m/mb/manifest\ntopic read ota/m/mb/a/+/data\n')
      expect(acl).toContain(`user ${SERVICE}\ntopic readwrite ota/#\n`)
    })

    it('grants every SUBSCRIBE, forbidden ones too (SUBACK with the QoS asked, never 0x80): Mosquitto 2.0.11 refuses at delivery', async () => {
      const d = await connect('dev-0001')
      expect(await sub(d, t.data('dev-0002'), t.manifest('mb'), 'ota/#', t.req('dev-0002'))).toEqual({
        [t.data('dev-0002')]: 1, [t.manifest('mb')]: 1, 'ota/#': 1, [t.req('dev-0002')]: 1
      })
      await d.c.endAsync()
    })

    it('delivers a device its trust root, its model\'s retained manifest, its offer and its own data frames', async () => {
      const d = await connect('dev-0001')
      await sub(d, t.root(), t.manifest('ma'), t.offer('dev-0001'), t.data('dev-0001'), t.broadcast('ma', ART))
      const frame = mark('frame')
      const bcast = mark('broadcast')
      await pub(service, t.data('dev-0001'), frame)
      await pub(service, t.broadcast('ma', ART), bcast)
      await arrives(d, t.broadcast('ma', ART), bcast)
      expect(on(d, t.root())).toEqual(['root-v1'])
      expect(on(d, t.manifest('ma'))).toEqual(['manifest-ma'])
      expect(on(d, t.offer('dev-0001'))).toEqual(['offer-dev-0001'])
      expect(on(d, t.data('dev-0001'))).toEqual([frame])
      await d.c.endAsync()
    })

    it('never delivers a device another device\'s data or offer, nor another model\'s manifest or broadcast frames', async () => {
      const d = await connect('dev-0001')
      const forbidden = [t.data('dev-0002'), t.offer('dev-0002'), t.manifest('mb'), t.broadcast('mb', ART), t.data('dev-b1')]
      // Forbidden filters first: their retained messages (offer, manifest) would come before the control's.
      await sub(d, ...forbidden, t.data('dev-0001'))
      for (const f of forbidden) await pub(service, f, mark('secret'))
      const control = mark('control')
      await pub(service, t.data('dev-0001'), control)
      await arrives(d, t.data('dev-0001'), control)
      expect(d.got.filter((m) => forbidden.includes(m.topic))).toEqual([])
      await d.c.endAsync()
    })

    it('a device subscribed to ota/# reads only what it may: root, its model\'s manifest, its own offer, state and data', async () => {
      const d = await connect('dev-0001')
      await sub(d, 'ota/#')
      const sent = [t.data('dev-0002'), t.req('dev-0002'), t.audit('dev-0002'), t.state('dev-0002'), t.adminAnswer('operator'), t.adminRequest('operator'),
        t.manifest('mb'), t.broadcast('mb', ART), t.state('dev-0001')]
      for (const f of sent) await pub(service, f, mark('any'))
      const control = mark('control')
      await pub(service, t.data('dev-0001'), control)
      await arrives(d, t.data('dev-0001'), control)
      expect([...new Set(d.got.map((m) => m.topic))].sort()).toEqual([t.data('dev-0001'), t.state('dev-0001'), t.offer('dev-0001'), t.manifest('ma'), t.root()].sort())
      await d.c.endAsync()
    })

    it('drops a device\'s chunk requests and status events on another device\'s topics: the service never receives them', async () => {
      await sub(service, 'ota/d/+/req', t.auditAll())
      const from = service.got.length
      const d = await connect('dev-0001')
      // QoS 1 over MQTT 3.1.1: Mosquitto acknowledges the refused publish (a PUBACK has no reason code there) and drops it.
      await pub(d, t.req('dev-0002'), mark('forged-req'))
      await pub(d, t.audit('dev-0002'), mark('forged-status'))
      await pub(d, t.audit('dev-b1'), mark('forged-status'))
      const req = mark('own-req')
      const status = mark('own-status')
      await pub(d, t.req('dev-0001'), req)
      await pub(d, t.audit('dev-0001'), status)
      await arrives(service, t.audit('dev-0001'), status)
      expect(service.got.slice(from).map((m) => [m.topic, m.payload])).toEqual([[t.req('dev-0001'), req], [t.audit('dev-0001'), status]])
      await service.c.unsubscribeAsync(['ota/d/+/req', t.auditAll()])
      await d.c.endAsync()
    })

    it('drops a device\'s will on another device\'s status topic when it falls due; its will on its own goes through', async () => {
      await sub(service, t.auditAll())
      const from = service.got.length
      const forged = mark('forged-will')
      const own = mark('own-will')
      const a = await connect('dev-0001', { will: { topic: t.audit('dev-b1'), payload: Buffer.from(forged), qos: 1, retain: false } })
      const b = await connect('dev-0002', { will: { topic: t.audit('dev-0002'), payload: Buffer.from(own), qos: 1, retain: false } })
      // Gone without DISCONNECT: Mosquitto publishes (or drops) each will as it sees the connection close, a's first.
      const mark0 = broker!.logMark()
      a.c.stream.destroy()
      await until(() => broker!.logSince(mark0).includes('Client dev-0001 closed its connection.'), WAIT_MS, 'Mosquitto to see dev-0001 gone')
      b.c.stream.destroy()
      await arrives(service, t.audit('dev-0002'), own)
      expect(service.got.slice(from).map((m) => [m.topic, m.payload])).toEqual([[t.audit('dev-0002'), own]])
      await service.c.unsubscribeAsync(t.auditAll())
    })

    it('refuses a device\'s retained manifest, trust root, offer and data frames: later subscribers still get the service\'s', async () => {
      const d = await connect('dev-0001')
      await pub(d, t.manifest('ma'), 'evil-manifest', true)
      await pub(d, t.root(), 'evil-root', true)
      await pub(d, t.offer('dev-0001'), 'evil-offer', true)
      await pub(d, t.data('dev-0002'), 'evil-frame')
      await pub(d, t.state('dev-0001'), 'evil-state', true)
      await d.c.endAsync()
      const other = await connect('dev-0002')
      await sub(other, t.root(), t.manifest('ma'), t.offer('dev-0002'), t.data('dev-0002'), t.state('dev-0002'))
      const control = mark('control')
      await pub(service, t.data('dev-0002'), control)
      await arrives(other, t.data('dev-0002'), control)
      expect(other.got.map((m) => m.payload)).toEqual(['root-v1', 'manifest-ma', 'offer-dev-0002', control])
      const again = await connect('dev-0001')
      await sub(again, t.offer('dev-0001'), t.state('dev-0001'))
      await arrives(again, t.offer('dev-0001'), 'offer-dev-0001')
      expect(again.got.map((m) => m.payload)).toEqual(['offer-dev-0001'])
      await other.c.endAsync()
      await again.c.endAsync()
    })

    it('keeps a device on its own retained status event (Mosquitto\'s ACL file cannot refuse the retain flag): a later subscriber sees retain set', async () => {
      const d = await connect('dev-0002')
      const stale = mark('stale-status')
      await pub(d, t.audit('dev-0002'), stale, true)
      await d.c.endAsync()
      await sub(service, t.auditAll())
      await arrives(service, t.audit('dev-0002'), stale)
      // The service must drop status events and chunk requests that arrive with retain set; it can clear them.
      expect(service.got.find((m) => m.payload === stale)?.retain).toBe(true)
      await pub(service, t.audit('dev-0002'), '', true)
      await service.c.unsubscribeAsync(t.auditAll())
      const from = service.got.length
      await sub(service, t.auditAll(), t.root())
      await arrives(service, t.root(), 'root-v1')
      expect(service.got.slice(from).map((m) => m.topic)).toEqual([t.root()])
      await service.c.unsubscribeAsync([t.auditAll(), t.root()])
    })

    it('an operator reads states, manifests and its own answers, never raw status events, device data frames, offers or another operator\'s answers', async () => {
      const op = await connect('operator')
      const forbidden = [t.data('dev-0001'), t.offer('dev-0001'), t.broadcast('ma', ART), t.req('dev-0001'), t.adminAnswer('op-two'), t.adminRequest('op-two'), t.audit('dev-0001')]
      await sub(op, ...forbidden, t.auditAll(), t.stateAll(), 'ota/m/+/manifest', t.root(), t.adminAnswer('operator'), t.adminResult('operator'))
      for (const f of forbidden) await pub(service, f, mark('secret'))
      const state = mark('state')
      const answer = mark('answer')
      await pub(service, t.state('dev-0001'), state)
      await pub(service, t.adminAnswer('operator'), answer)
      await arrives(op, t.adminAnswer('operator'), answer)
      expect(on(op, t.state('dev-0001'))).toContain(state)
      expect(on(op, t.manifest('ma'))).toEqual(['manifest-ma'])
      expect(on(op, t.manifest('mb'))).toEqual(['manifest-mb'])
      expect(op.got.filter((m) => forbidden.includes(m.topic))).toEqual([])
      await op.c.endAsync()
    })

    it('an operator publishes only its own admin requests: not another operator\'s, not a status event as a device of its name', async () => {
      await sub(service, 'ota/admin/+/request', 'ota/admin/+/release', t.auditAll(), 'ota/d/+/req')
      const from = service.got.length
      const op = await connect('operator')
      await pub(op, t.adminRequest('op-two'), mark('forged'))
      await pub(op, t.adminRelease('op-two'), mark('forged'))
      // The device patterns give every CN its own audit and req topics; the operator's deny lines take them back.
      await pub(op, t.audit('operator'), mark('posing'))
      await pub(op, t.req('operator'), mark('posing'))
      await pub(op, t.audit('dev-0001'), mark('forged'))
      await pub(op, t.manifest('ma'), 'evil', true)
      const request = mark('request')
      await pub(op, t.adminRequest('operator'), request)
      await arrives(service, t.adminRequest('operator'), request)
      expect(service.got.slice(from).map((m) => [m.topic, m.payload])).toEqual([[t.adminRequest('operator'), request]])
      await service.c.unsubscribeAsync(['ota/admin/+/request', 'ota/admin/+/release', t.auditAll(), 'ota/d/+/req'])
      await op.c.endAsync()
    })

    it('refuses a client without a certificate, and one whose certificate another CA issued', async () => {
      const ca = await readFile(pki.ca.cert)
      expect((await tryConnect(broker!.url, { clientId: 'dev-0001', ca })).connected).toBe(false)
      const foreign = await initPki({ out: join(dir, 'foreign-pki'), model: 'ma', devices: 1, operators: [SERVICE] })
      const f = foreign.devices[0]!
      const r = await tryConnect(broker!.url, { clientId: f.id, ca, cert: await readFile(f.cert), key: await readFile(f.key) })
      expect(r.connected).toBe(false)
      const s = await tryConnect(broker!.url, { clientId: SERVICE, ca, cert: await readFile(foreign.operators[0]!.cert), key: await readFile(foreign.operators[0]!.key) })
      expect(s.connected).toBe(false)
    })

    it('the --per-listener fragment loads as well (per_listener_settings first), its ACL bound to the OTA listener', async () => {
      await mkdir(join(dir, 'per-listener'))
      const other = await startOtaMosquitto(join(dir, 'per-listener'), { pki: pki.dir, perListener: true })
      try {
        expect(await readFile(other.files().conf, 'utf8')).toMatch(/^per_listener_settings true$/m)
        const s = await connect(SERVICE, {}, other.url)
        const d = await connect('dev-0001', {}, other.url)
        await sub(d, t.data('dev-0002'), t.manifest('mb'), t.data('dev-0001'))
        await pub(s, t.data('dev-0002'), mark('secret'))
        await pub(s, t.manifest('mb'), mark('secret'))
        const control = mark('control')
        await pub(s, t.data('dev-0001'), control)
        await arrives(d, t.data('dev-0001'), control)
        expect(d.got.map((m) => m.topic)).toEqual([t.data('dev-0001')])
        await d.c.endAsync()
        await s.c.endAsync()
      } finally {
        await other.stop()
      }
    })

    it('a client cannot take over another\'s session by its client id: the id becomes the certificate\'s CN', async () => {
      const victim = await connect('dev-0001')
      await sub(victim, t.data('dev-0001'))
      let closed = false
      victim.c.on('close', () => { closed = true })
      const intruder = await connect('dev-0002', { clientId: 'dev-0001' })
      await sub(intruder, t.data('dev-0001'), t.data('dev-0002'))
      const control = mark('control')
      await pub(service, t.data('dev-0001'), control)
      await pub(service, t.data('dev-0002'), control)
      await arrives(intruder, t.data('dev-0002'), control)
      await arrives(victim, t.data('dev-0001'), control)
      expect(closed).toBe(false)
      expect(on(intruder, t.data('dev-0001'))).toEqual([])
      await intruder.c.endAsync()
      await victim.c.endAsync()
    })

    it('a device added to the PKI reads its model\'s manifest once the ACL is regenerated and Mosquitto reloaded (SIGHUP)', async () => {
      pki = await addDevices(pki.dir, ['dev-0003'], 'ma')
      const before = await connect('dev-0003')
      await sub(before, t.manifest('ma'), t.data('dev-0003'))
      const control = mark('control')
      await pub(service, t.data('dev-0003'), control)
      // Its own topics come from the patterns already; its model's manifest needs its user block.
      await arrives(before, t.data('dev-0003'), control)
      expect(on(before, t.manifest('ma'))).toEqual([])
      await before.c.endAsync()
      await broker!.regenerate()
      const after = await connect('dev-0003')
      await sub(after, t.manifest('ma'))
      await arrives(after, t.manifest('ma'), 'manifest-ma')
      await after.c.endAsync()
    })

    it('refuses a revoked device once the regenerated listener names the CRL, after a restart that keeps the retained manifests', async () => {
      await revokeCertificate(pki.dir, 'dev-0002')
      await broker!.regenerate()
      expect(await readFile(broker!.files().conf, 'utf8')).toContain(`crlfile ${join(pki.dir, 'ca.crl')}`)
      // A listener's crlfile option is read at start only: the SIGHUP of regenerate() did not apply it.
      expect((await tryConnect(broker!.url, { clientId: 'dev-0002', ...await tlsOf('dev-0002') })).connected).toBe(true)
      await broker!.restart()
      expect((await tryConnect(broker!.url, { clientId: 'dev-0002', ...await tlsOf('dev-0002') })).connected).toBe(false)
      service = await connect(SERVICE)
      const d = await connect('dev-0001')
      await sub(d, t.manifest('ma'))
      await arrives(d, t.manifest('ma'), 'manifest-ma')
      await d.c.endAsync()
    })

    it('refuses a device revoked while Mosquitto runs after a SIGHUP re-reads the CRL', async () => {
      expect((await tryConnect(broker!.url, { clientId: 'dev-0001', ...await tlsOf('dev-0001') })).connected).toBe(true)
      await revokeCertificate(pki.dir, 'dev-0001')
      await broker!.reload()
      expect((await tryConnect(broker!.url, { clientId: 'dev-0001', ...await tlsOf('dev-0001') })).connected).toBe(false)
      expect((await tryConnect(broker!.url, { clientId: 'dev-b1', ...await tlsOf('dev-b1') })).connected).toBe(true)
    })
  })
}
