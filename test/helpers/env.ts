/**
 * A real test environment: dev PKI, signing keys and the standalone TLS broker with the OTA
 * plugin, in a fresh temp folder, listening on 127.0.0.1 on a free port.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mqtt from 'mqtt'
import { addDevices, initPki, type PkiLayout } from '../../certs/index.js'
import { verifyRoot, type TrustedRoot } from '../../proto/index.js'
import { KeyFiles, createRelease, initKeys, readKeyFile, type KeyPair, type Release } from '../../sign/index.js'
import { startOtaBroker, type OtaBroker, type OtaBrokerOptions } from '../../broker/index.js'

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures')

export interface TestEnv {
  dir: string
  pki: PkiLayout
  keysDir: string
  signer: KeyPair
  trust: TrustedRoot
  broker: OtaBroker
  ca: Buffer
  /** a signed release of `image` for `model` */
  release: (image: Uint8Array, version: string, securityVersion: number, sequence: number, model?: string) => Release
  /** TLS options of a device certificate in the PKI */
  deviceTls: (id: string) => Promise<{ ca: Buffer, cert: Buffer, key: Buffer }>
  /** a raw mqtt.js client with a device's (or operator's) certificate */
  connect: (id: string, opts?: mqtt.IClientOptions) => Promise<mqtt.MqttClient>
  close: () => Promise<void>
}

/** Builds the environment. `extraDevices` adds certificates for other models: `{ 'other-0001': 'model-b' }`. */
export async function makeEnv (opts: { model?: string, devices?: number, extraDevices?: Record<string, string>, plugin?: OtaBrokerOptions['plugin'] } = {}): Promise<TestEnv> {
  const model = opts.model ?? 'ath9k'
  const dir = await mkdtemp(join(tmpdir(), 'aedes-ota-test-'))
  try {
    return await build(dir, model, opts)
  } catch (e) {
    // A half-built environment has no close(): remove its folder here.
    await rm(dir, { recursive: true, force: true })
    throw e
  }
}

async function build (dir: string, model: string, opts: { devices?: number, extraDevices?: Record<string, string>, plugin?: OtaBrokerOptions['plugin'] }): Promise<TestEnv> {
  let pki = await initPki({ out: join(dir, 'pki'), model, devices: opts.devices ?? 3 })
  for (const [id, m] of Object.entries(opts.extraDevices ?? {})) pki = await addDevices(pki.dir, [id], m)
  const keysDir = join(dir, 'keys')
  await initKeys({ out: keysDir, models: [model, ...new Set(Object.values(opts.extraDevices ?? {}))] })
  const signer = await readKeyFile(join(keysDir, KeyFiles.release))
  const rootBytes = new Uint8Array(await readFile(join(keysDir, KeyFiles.trust)))
  const trust = verifyRoot(rootBytes)
  const broker = await startOtaBroker({ pki, trust: rootBytes, dataDir: join(dir, 'broker'), port: 0, ...(opts.plugin !== undefined ? { plugin: opts.plugin } : {}) })
  const ca = await readFile(pki.ca.cert)
  const files = async (id: string): Promise<{ ca: Buffer, cert: Buffer, key: Buffer }> => {
    const d = pki.devices.find((x) => x.id === id) ?? pki.operators.find((x) => x.id === id)
    if (d === undefined) throw new Error(`no certificate for ${id}`)
    return { ca, cert: await readFile(d.cert), key: await readFile(d.key) }
  }
  const clients: mqtt.MqttClient[] = []
  return {
    dir,
    pki,
    keysDir,
    signer,
    trust,
    broker,
    ca,
    release: (image, version, securityVersion, sequence, m = model) => createRelease({ image, model: m, version, securityVersion, sequence, signers: [signer] }),
    deviceTls: files,
    connect: async (id, o = {}) => {
      const tls = await files(id)
      const c = await mqtt.connectAsync(broker.url, { clientId: id, protocolVersion: 4, reconnectPeriod: 0, servername: 'localhost', rejectUnauthorized: true, ...tls, ...o })
      clients.push(c)
      return c
    },
    close: async () => {
      await Promise.all(clients.map(async (c) => await c.endAsync(true).catch(() => {})))
      await broker.close()
      await rm(dir, { recursive: true, force: true })
    }
  }
}

/** Resolves when `predicate` holds, polling every 20 ms; rejects after `ms`. */
export async function until (predicate: () => boolean | Promise<boolean>, ms = 20_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** Audit log lines as objects. */
export async function auditLines (path: string): Promise<Array<Record<string, unknown>>> {
  const text = await readFile(path, 'utf8').catch(() => '')
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>)
}

/**
 * Tries to connect; settles on CONNACK, error or close, whichever comes first (with TLS 1.3 a
 * refused client certificate shows on the client only as a closed connection).
 */
export async function tryConnect (url: string, opts: mqtt.IClientOptions): Promise<{ connected: boolean, error?: Error & { code?: number } }> {
  const c = mqtt.connect(url, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5000, servername: 'localhost', ...opts })
  const r = await new Promise<{ connected: boolean, error?: Error & { code?: number } }>((resolve) => {
    c.once('connect', () => resolve({ connected: true }))
    c.once('error', (error) => resolve({ connected: false, error }))
    c.once('close', () => resolve({ connected: false }))
  })
  await c.endAsync(true).catch(() => {})
  return r
}

/** Subscribes and returns the granted QoS per filter, 128 for a refusal (mqtt.js throws on those). */
export async function grantedQos (c: mqtt.MqttClient, filters: Record<string, { qos: 0 | 1 }>): Promise<Record<string, number>> {
  const subs = Object.keys(filters)
  const granted = await c.subscribeAsync(filters).then(
    (g) => g.map((x) => x.qos as number),
    (e: Error & { packet?: { granted?: number[] } }) => { if (e.packet?.granted === undefined) throw e; return e.packet.granted })
  return Object.fromEntries(subs.map((s, i) => [s, granted[i]!]))
}
