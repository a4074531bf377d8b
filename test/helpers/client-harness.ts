/**
 * A bare Aedes broker over mutual TLS with a minimal chunk responder written here (not the broker
 * plugin), a throw-away PKI and release keys: what the device tests (client-*.test.ts) need to
 * check the device's own wiring (topics, QoS, status events, the update flow), including what
 * the plugin will do for it (offers on the device's offer topic, error frames).
 */
import { readFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:tls'
import type { AddressInfo } from 'node:net'
import { Aedes, type AedesOptions } from 'aedes'
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

/** A signed 300 KiB release of fresh random bytes (4 KiB chunks), `extra` overriding any field. */
export function release (version: string, securityVersion: number, signer = releaseKey, extra: Partial<ReleaseOptions> = {}): { rel: Release, image: Uint8Array } {
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

  add (r: { rel: Release, image: Uint8Array }): void {
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
