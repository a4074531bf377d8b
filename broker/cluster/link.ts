/**
 * What one broker of a cluster tells the others, and hears from them, through the shared Aedes
 * emitter (`aedes.mq`, Redis in a real cluster; docs/ARCHITECTURE.md "Cluster"):
 *
 * - `$ota/<p>/cluster/release` `{ origin, model }`: the broker `origin` changed the model's release
 *   files in the shared data folder (stored, staged, promoted or unstaged a release); every other
 *   broker reloads the model from the folder (ReleaseStore `reload`: verified again, fail closed).
 * - `$ota/<p>/cluster/presence` `{ origin, broker, run, deviceId, model, online, remoteAddress, at }`:
 *   one of the broker's devices connected or disconnected, for every broker's inventory
 *   (through broker/cluster/presence.ts, which sorts out their order).
 * - `$ota/<p>/cluster/hello` `{ origin, broker, run }`: the broker `broker` (its id) joined, in its
 *   run `run` (random per start); every other broker answers with an "online" presence notice per
 *   device connected to it.
 * - a device's stamped status event on `<p>/audit/<id>`, which the plugin forwards anyway: each
 *   other broker feeds it to its inventory, its brick watch and its rollouts, once it checked that
 *   another broker stamped it (`receivedAt` set, the model named, the topic the device's own). An
 *   empty payload there is a publish the sender's rate limit dropped (limits/rate.ts): skipped.
 *
 * `<p>` is the plugin's topic prefix: clusters with different prefixes may share one Redis.
 * Notices are emitted on the emitter itself, never through `aedes.publish`: no client subscription
 * or retained store sees them, and the plugin refuses clients any `$ota/` topic (join.ts). A
 * forged notice could at worst make a broker re-read and re-verify the folder or mislabel a
 * device online, and anyone who can write to the cluster's Redis can forge them (and every MQTT
 * message): Redis must be private to the brokers and authenticated. `origin` is the Aedes id: a
 * broker ignores its own notices (the emitter delivers them to it too).
 */
import type { Aedes } from 'aedes'
import { randomBytes } from 'node:crypto'
import type { Logger } from 'pino'
import { decodeStatusEvent, isIdentifier, type StatusEvent, type Topics } from '../../proto/index.js'
import type { Inventory } from '../inventory.js'
import type { ClusterPresence } from './presence.js'

/** First level of every topic between brokers of a cluster (outside every client's reach). */
export const CLUSTER_ROOT = '$ota'

/** Topic of the release notices of the cluster whose plugins use the topic prefix `prefix`. */
export function releaseNoticeTopic (prefix: string): string { return `${CLUSTER_ROOT}/${prefix}/cluster/release` }

/** Topic of the presence notices of the cluster whose plugins use the topic prefix `prefix`. */
export function presenceNoticeTopic (prefix: string): string { return `${CLUSTER_ROOT}/${prefix}/cluster/presence` }

/** Topic of the hello notices of the cluster whose plugins use the topic prefix `prefix`. */
export function helloNoticeTopic (prefix: string): string { return `${CLUSTER_ROOT}/${prefix}/cluster/hello` }

/** A packet on the emitter, as aedes and mqemitter carry it. */
interface MqPacket { topic: string, payload?: unknown, brokerId?: string }
type Listener = (packet: MqPacket, done: () => void) => void
interface Mq {
  on: (topic: string, l: Listener, done?: () => void) => unknown
  removeListener: (topic: string, l: Listener, done?: () => void) => unknown
  emit: (packet: MqPacket, done?: (err?: Error) => void) => void
}

/** What the link does with what it hears. */
export interface ClusterLinkDeps {
  aedes: Aedes
  topics: Topics
  inventory: Inventory
  /** where the devices are: what the presence notices say goes through it */
  presence: ClusterPresence
  /** this broker's id in the cluster (`--broker-id`) */
  brokerId: string
  /** a device of another broker reported (its stamped, checked status event): inventory, rollouts */
  status: (e: StatusEvent) => void
  /** another broker changed `model`'s release files: reload them (never rejects) */
  reload: (model: string) => Promise<void>
  log: Logger | null
  /** clock, ms (the plugin's) */
  now: () => number
}

function json (payload: unknown): Record<string, unknown> | null {
  try {
    const text = Buffer.isBuffer(payload) ? payload.toString('utf8') : payload instanceof Uint8Array ? Buffer.from(payload).toString('utf8') : String(payload)
    const v = JSON.parse(text) as unknown
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : null
  } catch {
    return null
  }
}

/** One broker's end of the cluster notices; `open()` subscribes, `close()` lets go. */
export class ClusterLink {
  private readonly mq: Mq
  private readonly id: string
  private readonly releaseTopic: string
  private readonly presenceTopic: string
  private readonly helloTopic: string
  /** this start of the broker: tells the others it restarted (its id and Aedes id stay) */
  private readonly run = randomBytes(8).toString('hex')
  private readonly listeners: Array<[string, Listener]> = []
  private closed = false
  /** reloads in progress, awaited by `close()` */
  private readonly pending = new Set<Promise<void>>()

  constructor (private readonly d: ClusterLinkDeps) {
    this.mq = (d.aedes as unknown as { mq: Mq }).mq
    this.id = d.aedes.id
    this.releaseTopic = releaseNoticeTopic(d.topics.prefix)
    this.presenceTopic = presenceNoticeTopic(d.topics.prefix)
    this.helloTopic = helloNoticeTopic(d.topics.prefix)
  }

  /**
   * Subscribes to the notices and to the devices' status events, then says hello (the others
   * answer with their devices); resolves once the emitter took the subscriptions.
   */
  async open (): Promise<void> {
    await this.listen(this.releaseTopic, (p) => {
      const n = json(p.payload)
      if (n === null || n.origin === this.id || !isIdentifier(n.model)) return
      const work = this.d.reload(n.model)
      this.pending.add(work)
      void work.finally(() => this.pending.delete(work))
    })
    await this.listen(this.presenceTopic, (p) => {
      const n = json(p.payload)
      if (n === null || typeof n.origin !== 'string' || n.origin === this.id || !isIdentifier(n.deviceId) || typeof n.online !== 'boolean') return
      this.d.presence.heard({
        origin: n.origin,
        brokerId: isIdentifier(n.broker) ? n.broker : '',
        run: typeof n.run === 'string' ? n.run.slice(0, 32) : '',
        deviceId: n.deviceId,
        model: isIdentifier(n.model) ? n.model : '',
        online: n.online,
        remoteAddress: typeof n.remoteAddress === 'string' ? n.remoteAddress.slice(0, 64) : '',
        at: typeof n.at === 'number' && Number.isFinite(n.at) ? n.at : this.d.now()
      })
    })
    await this.listen(this.helloTopic, (p) => {
      const n = json(p.payload)
      if (n === null || typeof n.origin !== 'string' || n.origin === this.id || !isIdentifier(n.broker)) return
      this.d.presence.heard({ origin: n.origin, brokerId: n.broker, run: typeof n.run === 'string' ? n.run.slice(0, 32) : '', deviceId: '', model: '', online: false, remoteAddress: '', at: 0 })
      for (const x of this.d.inventory.localDevices()) this.emit(this.presenceTopic, { broker: this.d.brokerId, run: this.run, deviceId: x.deviceId, model: x.model, online: true, remoteAddress: x.remoteAddress, at: x.connectedAt })
    })
    await this.listen(this.d.topics.auditAll(), (p) => {
      // Our own devices' events reached the inventory already (plugin.ts `apply`); an event with
      // no broker id did not come through another broker's plugin.
      if (typeof p.brokerId !== 'string' || p.brokerId === '' || p.brokerId === this.id || !(p.payload instanceof Uint8Array)) return
      // The marker of a publish the sender's rate limit dropped: it arrives empty through Redis.
      if (p.payload.length === 0) return
      try {
        const e = decodeStatusEvent(p.payload)
        // Only an event the other broker stamped and forwarded names its own sender's device.
        if (p.topic !== this.d.topics.audit(e.deviceId) || !(e.receivedAt > 0) || !isIdentifier(e.model)) {
          this.d.log?.warn({ topic: p.topic, origin: p.brokerId }, 'status event from another broker not stamped by a plugin: ignored')
          return
        }
        this.d.status(e)
      } catch (err) {
        this.d.log?.warn({ err, topic: p.topic }, 'status event from another broker does not decode')
      }
    })
    this.emit(this.helloTopic, { broker: this.d.brokerId, run: this.run })
  }

  private async listen (topic: string, f: (p: MqPacket) => void): Promise<void> {
    const l: Listener = (p, done) => {
      try { if (!this.closed) f(p) } catch (err) { this.d.log?.error({ err, topic }, 'cluster notice not handled') }
      done()
    }
    this.listeners.push([topic, l])
    await new Promise<void>((resolve) => { this.mq.on(topic, l, () => resolve()) })
  }

  private emit (topic: string, body: Record<string, unknown>): void {
    if (this.closed) return
    this.mq.emit({ topic, payload: Buffer.from(JSON.stringify({ origin: this.id, ...body })) }, (err) => {
      if (err != null) this.d.log?.error({ err, topic }, 'cluster notice not sent')
    })
  }

  /** This broker changed `model`'s release files: the others reload them. */
  releaseChanged (model: string): void {
    this.emit(this.releaseTopic, { model })
  }

  /** One of this broker's devices connected or disconnected. */
  presence (deviceId: string, model: string, online: boolean, remoteAddress: string): void {
    this.emit(this.presenceTopic, { broker: this.d.brokerId, run: this.run, deviceId, model, online, remoteAddress, at: this.d.now() })
  }

  /** True while a reload another broker asked for is in progress. */
  get reloading (): boolean {
    return this.pending.size > 0
  }

  /** Resolves once every reload in progress (and any asked for meanwhile) has finished. */
  async settled (): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending])
  }

  /** Stops listening and waits for the reloads in progress. */
  async close (): Promise<void> {
    if (this.closed) return
    this.closed = true
    // Not waited for: after aedes.close() the emitter is closed and would never call back.
    for (const [topic, l] of this.listeners) {
      try { this.mq.removeListener(topic, l) } catch {}
    }
    await Promise.allSettled([...this.pending])
  }
}
