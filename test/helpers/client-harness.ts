/**
 * A bare Aedes broker over mutual TLS with a minimal chunk responder written here (not the broker
 * plugin), a throw-away PKI and release keys: what the device tests (client-*.test.ts) need to
 * check the device's own wiring (topics, QoS, status events, the update flow), including what
 * the plugin will do for it (offers on the device's offer topic, error frames), and the
 * per-file fixture ({@link useDeviceFixture}) that gives each test a fresh broker and state.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer, type Server } from 'node:tls'
import type { AddressInfo } from 'node:net'
import { Aedes, type AedesOptions } from 'aedes'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { OtaDevice, provisionDevice, type OtaDeviceOptions } from '../../client/index.js'
import { addDevices, initPki } from '../../certs/index.js'
import {
  BodyType, Topics, chunkCount, decodeChunkRequest, decodeStatusEvent, encodeDataFrame,
  requestedIndexes, stateName, toHex, treeOf, verifyRoot, type MerkleTree, type StatusEvent, type TrustedRoot
} from '../../proto/index.js'
import { createRelease, generateKeyPair, publicKeyEntry, signEnvelope, type Release, type ReleaseOptions } from '../../sign/index.js'

export const MODEL = 'sensor'
export const topics = new Topics('ota')
export const rootKey = generateKeyPair('root')
export const releaseKey = generateKeyPair('release')
export const rogueKey = generateKeyPair('release')
export const trust: TrustedRoot = verifyRoot(signEnvelope({
  type: BodyType.ROOT,
  root: { version: 1, threshold: 1, rootKeys: [publicKeyEntry(rootKey)], signingKeys: [{ key: publicKeyEntry(releaseKey), models: [MODEL], expiresAt: 0 }], releaseThreshold: 1, createdAt: 0, expiresAt: 0 }
}, [rootKey]))

let seq = 100
/** The next manifest sequence: every release made here gets a higher one. */
export function nextSequence (): number { return ++seq }

/** A release made by {@link release}: the signed release and its image. */
export interface TestRelease { rel: Release, image: Uint8Array }

/** A signed 300 KiB release of fresh random bytes (4 KiB chunks), `extra` overriding any field. */
export function release (version: string, securityVersion: number, signer = releaseKey, extra: Partial<ReleaseOptions> = {}): TestRelease {
  const image = extra.image ?? new Uint8Array(randomBytes(300 * 1024))
  return { rel: createRelease({ image, model: MODEL, version, securityVersion, sequence: nextSequence(), chunkSize: 4096, signers: [signer], ...extra }), image }
}

/** The dev PKI (certs/): a CA, the broker (localhost, 127.0.0.1), device certificates issued on demand. */
export interface Pki { ca: Buffer, server: { cert: Buffer, key: Buffer }, device: (id: string) => Promise<{ cert: Buffer, key: Buffer }> }
export async function makePki (dir: string): Promise<Pki> {
  let layout = await initPki({ out: dir, model: MODEL, devices: 0, operators: [] })
  return {
    ca: await readFile(layout.ca.cert),
    server: { cert: await readFile(layout.server.cert), key: await readFile(layout.server.key) },
    device: async (id) => {
      if (!layout.devices.some((d) => d.id === id)) layout = await addDevices(dir, [id], MODEL)
      const d = layout.devices.find((x) => x.id === id)!
      return { cert: await readFile(d.cert), key: await readFile(d.key) }
    }
  }
}

interface Served { image: Uint8Array, tree: MerkleTree, chunkSize: number }

/** A bare broker with a chunk responder, listening on 127.0.0.1. */
export class Harness {
  readonly audit: StatusEvent[] = []
  readonly requests: Array<{ artifact: string, indexes: number[] }> = []
  readonly releases = new Map<string, Served>()
  /** which chunks the responder answers */
  serve: (i: number) => boolean = () => true
  /** when set, a request for an artifact is answered with an ErrorFrame of this code instead of chunks */
  refuse: ((artifact: string, deviceId: string) => string | null) = () => null
  delayMs = 0
  private constructor (readonly aedes: Aedes, readonly server: Server, readonly port: number) {}

  static async start (pki: Pki, opts: AedesOptions = {}): Promise<Harness> {
    const aedes = await Aedes.createBroker(opts)
    const server = createServer({ key: pki.server.key, cert: pki.server.cert, ca: pki.ca, requestCert: true, rejectUnauthorized: true }, (s) => { aedes.handle(s) })
    await new Promise<void>((resolve) => { server.listen(0, '127.0.0.1', resolve) })
    const h = new Harness(aedes, server, (server.address() as AddressInfo).port)
    aedes.on('publish', (packet, client) => {
      if (client === null) return
      const t = topics.parse(packet.topic)
      if (t?.kind === 'audit') h.audit.push(decodeStatusEvent(packet.payload as Buffer))
      if (t?.kind === 'req') h.answer(t.id, packet.payload as Buffer)
    })
    return h
  }

  add (r: TestRelease): void {
    this.releases.set(toHex(r.rel.manifest.image.sha256), { image: r.image, tree: treeOf(r.image, 4096), chunkSize: 4096 })
  }

  /** Sends an ErrorFrame for `artifact` to the device, as the plugin does. */
  sendError (deviceId: string, artifact: Uint8Array, code: string): void {
    this.aedes.publish({ cmd: 'publish', topic: topics.data(deviceId), payload: Buffer.from(encodeDataFrame({ error: { artifact, code, detail: `test: ${code}` } })), qos: 0, retain: false, dup: false }, () => {})
  }

  private answer (deviceId: string, payload: Buffer): void {
    const req = decodeChunkRequest(payload)
    const art = this.releases.get(toHex(req.artifact))
    const send = (bytes: Uint8Array): void => { this.aedes.publish({ cmd: 'publish', topic: topics.data(deviceId), payload: Buffer.from(bytes), qos: 0, retain: false, dup: false }, () => {}) }
    const refusal = this.refuse(toHex(req.artifact), deviceId)
    if (art === undefined || refusal !== null) {
      this.requests.push({ artifact: toHex(req.artifact), indexes: [] })
      send(encodeDataFrame({ error: { artifact: req.artifact, code: refusal ?? 'OTA_UNKNOWN_ARTIFACT', detail: 'refused' } }))
      return
    }
    const indexes = requestedIndexes(req, chunkCount(art.image.length, art.chunkSize))
    this.requests.push({ artifact: toHex(req.artifact), indexes })
    const go = (): void => {
      for (const i of indexes) {
        if (!this.serve(i)) continue
        const data = art.image.subarray(i * art.chunkSize, Math.min((i + 1) * art.chunkSize, art.image.length))
        send(encodeDataFrame({ chunk: { artifact: req.artifact, index: i, data, proof: art.tree.proof(i) } }))
      }
    }
    if (this.delayMs > 0) setTimeout(go, this.delayMs)
    else go()
  }

  publishManifest (envelope: Uint8Array): void {
    this.aedes.publish({ cmd: 'publish', topic: topics.manifest(MODEL), payload: Buffer.from(envelope), qos: 1, retain: true, dup: false }, () => {})
  }

  /** Offers `envelope` to one device (retained), as a rollout wave does; an empty one withdraws the offer. */
  publishOffer (deviceId: string, envelope: Uint8Array): void {
    this.aedes.publish({ cmd: 'publish', topic: topics.offer(deviceId), payload: Buffer.from(envelope), qos: 1, retain: true, dup: false }, () => {})
  }

  states (target?: string): string[] {
    return this.audit.filter((e) => target === undefined || e.targetVersion === target).map((e) => stateName(e.state))
  }

  async close (): Promise<void> {
    await new Promise<void>((resolve) => { this.aedes.close(() => { resolve() }) })
    await new Promise<void>((resolve) => { this.server.close(() => { resolve() }) })
  }
}

/** Resolves when `cond` holds, polling every 20 ms; rejects after `ms`. */
export async function waitFor (what: string, cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/**
 * Calls `act` once, the first time `d` reports a download part way done (some chunks held, not
 * all): the moment a test changes what the broker says mid-download.
 * @returns whether `act` has run
 */
export function onceMidDownload (d: OtaDevice, act: () => void): () => boolean {
  let acted = false
  d.on('progress', (p) => {
    if (!acted && p.received > 0 && p.received < p.total) {
      acted = true
      act()
    }
  })
  return () => acted
}

/** Options of {@link useDeviceFixture}. */
export interface DeviceFixtureOptions {
  /** prefix of each test's temporary state folder */
  prefix: string
  /**
   * What is provisioned with a fresh 1.0.0 (`v1`) before each test: `'shared'`: the state
   * folder, which every device then uses; a list of device ids: `<dir>/<id>` each, and each
   * device uses its own; `'none'`: nothing (no `v1`), the test provisions the shared folder.
   */
  provision: 'shared' | 'none' | string[]
  /** options every device of the file gets; a test's own options override them */
  defaults?: Partial<OtaDeviceOptions>
}

/** What a test of a {@link useDeviceFixture} file reads; valid inside a test only. */
export interface DeviceFixture {
  /** the PKI of the whole file */
  readonly pki: Pki
  /** this test's broker */
  readonly h: Harness
  /** this test's state folder */
  readonly dir: string
  /** the release provisioned before this test */
  readonly v1: TestRelease
  /**
   * A device on this test's broker with its own certificate, stopped after the test; not started.
   * @param extra - options over the file's defaults
   * @param id - device id, `dev-1` unless given
   */
  device: (extra?: Partial<OtaDeviceOptions>, id?: string) => Promise<OtaDevice>
  /** Closes this test's broker and starts another with `opts` (it is closed after the test). */
  restartBroker: (opts: AedesOptions) => Promise<void>
}

/**
 * Registers the hooks of a describe block of device tests: one PKI for the block; per test a
 * bare broker ({@link Harness}), a state folder provisioned as `opts.provision` says, and the
 * devices made by `device()`, all stopped and removed after the test.
 */
export function useDeviceFixture (opts: DeviceFixtureOptions): DeviceFixture {
  let pkiDir: string | undefined
  let pki: Pki | undefined
  let h: Harness | undefined
  let dir: string | undefined
  let v1: TestRelease | undefined
  const devices: OtaDevice[] = []
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`device fixture: no ${what} here`)
    return v
  }

  beforeAll(async () => {
    pkiDir = await mkdtemp(join(tmpdir(), 'ota-pki-'))
    pki = await makePki(pkiDir)
  })
  beforeEach(async () => {
    h = await Harness.start(need(pki, 'pki'))
    const base = await mkdtemp(join(tmpdir(), opts.prefix))
    dir = base
    if (opts.provision === 'none') return
    v1 = release('1.0.0', 1)
    for (const stateDir of opts.provision === 'shared' ? [base] : opts.provision.map((id) => join(base, id))) {
      await provisionDevice({ stateDir, bundle: v1.rel.bundle, trust })
    }
  })
  afterEach(async () => {
    for (const d of devices.splice(0)) await d.stop()
    await h?.close()
    if (dir !== undefined) await rm(dir, { recursive: true, force: true })
    h = undefined
    dir = undefined
    v1 = undefined
  })
  afterAll(async () => {
    if (pkiDir !== undefined) await rm(pkiDir, { recursive: true, force: true })
  })

  const fx: DeviceFixture = {
    get pki () { return need(pki, 'PKI (inside a describe block only)') },
    get h () { return need(h, 'broker (inside a test only)') },
    get dir () { return need(dir, 'state folder (inside a test only)') },
    get v1 () { return need(v1, 'v1 (inside a test only, and not with provision: none)') },
    async device (extra = {}, id = 'dev-1') {
      const creds = await fx.pki.device(id)
      const d = new OtaDevice({
        id, model: MODEL, stateDir: Array.isArray(opts.provision) ? join(fx.dir, id) : fx.dir, trust,
        broker: `mqtts://127.0.0.1:${fx.h.port}`, tls: { ca: fx.pki.ca, cert: creds.cert, key: creds.key }, ...opts.defaults, ...extra
      })
      devices.push(d)
      return d
    },
    async restartBroker (aedesOpts) {
      await fx.h.close()
      h = undefined
      h = await Harness.start(fx.pki, aedesOpts)
    }
  }
  return fx
}
