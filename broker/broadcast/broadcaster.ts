/**
 * Broadcast of chunk frames (docs/PROTOCOL.md, "Broadcast"): when at least `minDevices` devices
 * of a model subscribe to an artifact's broadcast topic, the chunks they ask for are read once
 * and published once on that topic, and aedes writes each frame to every subscriber (its own
 * fan-out, the same path as any MQTT publish).
 *
 * - Coalescing: a chunk queued or in flight for broadcast is not queued again; requests of other
 *   devices for it are answered by that one frame. The first frames of an artifact wait
 *   `gatherMs`, so that the devices of a campaign that join within that time all get them.
 * - Repair: a chunk asked for again after it was broadcast (the device missed the frame: its
 *   socket was backed up, or it subscribed after the frame went out) is left to the unicast
 *   sender, which writes it to that device alone. It is broadcast again only once the devices
 *   that subscribed after it went out are at least `minDevices` and at least half of the
 *   subscribers: a broadcast writes the frame to every subscriber, so it pays only when most of
 *   them lack it (devices that join one after another cost each chunk about two broadcasts).
 * - Pacing: at most `maxInflightFrames` broadcast frames are in flight for the whole plugin. aedes
 *   calls a publish back once every subscriber's socket took the frame (after 'drain' for a full
 *   one), so one stalled subscriber would hold every slot: a slot is also released `stallMs`
 *   after the frame went out.
 * - Memory: a subscriber whose socket holds more than `maxBufferedBytes` unsent gets no broadcast
 *   frame ({@link Broadcaster.admit}, from authorizeForward): a slow device costs the broker at
 *   most `maxBufferedBytes` plus one frame of socket buffer, and repairs what it missed by unicast.
 */
import type { Aedes, Client } from 'aedes'
import type { Logger } from 'pino'
import { encodeDataFrame, fromHex, type Topics } from '../../proto/index.js'
import type { BroadcastOptions } from '../options.js'
import { publishOut } from '../outbound.js'
import type { ReleaseStore } from '../store.js'
import { BroadcastSubscribers, castKey } from './subscribers.js'

/** Counters of what the broadcast did, for logs and benchmarks. Bytes are frame payload bytes. */
export interface BroadcastStats {
  /** frames published on broadcast topics (each read and encoded once) */
  framesPublished: number
  bytesPublished: number
  /** frames written to subscribers (one per subscriber per frame) */
  framesForwarded: number
  bytesForwarded: number
  /** frames not written to a subscriber whose socket was backed up (it repairs by unicast) */
  framesSkipped: number
  /** requested chunks answered by a frame already queued or in flight */
  chunksCoalesced: number
  /** requested chunks left to unicast because they were already broadcast (repair) */
  chunksRepaired: number
  /** in-flight slots released by `stallMs` rather than by aedes' callback */
  stalls: number
}

/** The broadcast state of one artifact of one model. */
interface Cast {
  model: string
  artifactId: string
  topic: string
  /** chunk indexes waiting for a slot, in request order */
  queue: number[]
  /** indexes queued or in flight */
  pending: Set<number>
  /** no frame of this artifact leaves before this time, ms (`gatherMs` after its first broadcast request) */
  notBefore: number
  /** the last join number of the topic's subscribers when each index last went out (subscribers.ts `lastJoin`) */
  sentJoin: Map<number, number>
  key: string
}

/** What a chunk request leaves to unicast. */
export interface Taken {
  /** indexes the unicast sender must serve */
  unicast: number[]
  /** indexes newly queued for broadcast */
  queued: number
}

/** Publishes chunk frames on broadcast topics, paced, for one plugin. */
export class Broadcaster {
  readonly stats: BroadcastStats = { framesPublished: 0, bytesPublished: 0, framesForwarded: 0, bytesForwarded: 0, framesSkipped: 0, chunksCoalesced: 0, chunksRepaired: 0, stalls: 0 }
  readonly subscribers: BroadcastSubscribers
  private readonly casts = new Map<string, Cast>()
  /** casts with queued indexes, served round robin */
  private ready: Cast[] = []
  private inflight = 0
  private closed = false

  constructor (private readonly aedes: Aedes, private readonly store: ReleaseStore, private readonly topics: Topics,
    private readonly o: BroadcastOptions, private readonly log: Logger | null) {
    this.subscribers = new BroadcastSubscribers(topics, (key) => { this.forget(key) })
    if (o.minDevices > 0) this.subscribers.attach(aedes)
  }

  /**
   * Takes the chunks of a request that go by broadcast: none unless broadcast is on, the device
   * subscribes to the artifact's broadcast topic and at least `minDevices` devices do.
   * @param indexes - chunk indexes, already bounded by the artifact's chunk count
   */
  take (client: Client, device: { id: string, model: string }, artifactId: string, indexes: readonly number[]): Taken {
    const { o } = this
    const key = castKey(device.model, artifactId)
    const subs = this.subscribers
    const members = subs.count(key)
    // A device whose socket is backed up would not be written the frame (admit): its own requests go by unicast, paced for it alone.
    if (this.closed || o.minDevices === 0 || members < o.minDevices || !subs.has(client, key) || this.backedUp(client)) return { unicast: [...indexes], queued: 0 }
    let c = this.casts.get(key)
    if (c === undefined) {
      c = { key, model: device.model, artifactId, topic: this.topics.broadcast(device.model, artifactId), queue: [], pending: new Set(), sentJoin: new Map(), notBefore: Date.now() + o.gatherMs }
      this.casts.set(key, c)
      // Devices of a campaign join over some time: those that join meanwhile get the first frames too.
      if (o.gatherMs > 0) setTimeout(() => { this.pump() }, o.gatherMs).unref()
    }
    const unicast: number[] = []
    let queued = 0
    for (const i of indexes) {
      if (c.pending.has(i)) { this.stats.chunksCoalesced++; continue }
      const sent = c.sentJoin.get(i)
      if (sent !== undefined) {
        const late = subs.joinedAfter(key, sent)
        if (late < o.minDevices || late * 2 < members) { this.stats.chunksRepaired++; unicast.push(i); continue }
      }
      if (c.queue.length === 0) this.ready.push(c)
      c.queue.push(i)
      c.pending.add(i)
      queued++
    }
    this.pump()
    return { unicast, queued }
  }

  /**
   * May a broadcast frame be written to `client` now (called from authorizeForward, after the
   * ACL and the rollout gate)? No when its socket is backed up past `maxBufferedBytes`.
   * @param bytes - the frame's payload bytes, counted when admitted
   */
  admit (client: Client, bytes: number): boolean {
    if (this.backedUp(client)) { this.stats.framesSkipped++; return false }
    this.stats.framesForwarded++
    this.stats.bytesForwarded += bytes
    return true
  }

  /** True when `client`'s socket holds more than `maxBufferedBytes` not yet sent. */
  private backedUp (client: Client): boolean {
    return ((client.conn as { writableLength?: number } | undefined)?.writableLength ?? 0) > this.o.maxBufferedBytes
  }

  /** Stops broadcasting: queued frames are dropped (devices re-request), frames in flight finish. */
  close (): void {
    this.closed = true
    this.subscribers.detach(this.aedes)
    this.casts.clear()
    this.ready = []
  }

  /** Forgets an artifact nobody subscribes to any more, unless frames of it are pending. */
  private forget (key: string): void {
    const c = this.casts.get(key)
    if (c !== undefined && c.pending.size === 0) this.casts.delete(key)
  }

  private pump (): void {
    const now = Date.now()
    let waiting = 0
    while (!this.closed && this.inflight < this.o.maxInflightFrames && this.ready.length > waiting) {
      const c = this.ready.shift()!
      if (c.notBefore > now) { this.ready.push(c); waiting++; continue }
      const index = c.queue.shift()!
      if (c.queue.length > 0) this.ready.push(c)
      this.inflight++
      let released = false
      const release = (stalled: boolean): void => {
        if (released) return
        released = true
        if (stalled) this.stats.stalls++
        this.inflight--
        this.pump()
      }
      void this.sendOne(c, index, release)
    }
  }

  /** Reads one chunk and publishes its frame; `release` frees the slot (aedes' callback or `stallMs`, whichever first). */
  private async sendOne (c: Cast, index: number, release: (stalled: boolean) => void): Promise<void> {
    let timer: NodeJS.Timeout | undefined
    try {
      const chunk = await this.store.chunk(c.model, c.artifactId, index)
      if (this.closed) return
      const payload = encodeDataFrame({ chunk: { artifact: fromHex(c.artifactId), index, data: chunk.data, proof: chunk.proof } })
      c.sentJoin.set(index, this.subscribers.lastJoin(c.key))
      c.pending.delete(index)
      this.stats.framesPublished++
      this.stats.bytesPublished += payload.length
      timer = setTimeout(() => { release(true) }, this.o.stallMs)
      timer.unref()
      await publishOut(this.aedes, { topic: c.topic, payload, qos: 0, retain: false })
    } catch (err) {
      // Superseded or unreadable: the devices' next requests get the unicast sender's answer (an error frame).
      c.pending.delete(index)
      this.log?.warn({ err, artifact: c.artifactId, index }, 'broadcast frame not sent')
    } finally {
      clearTimeout(timer)
      if (c.pending.size === 0 && this.subscribers.count(c.key) === 0) this.casts.delete(c.key)
      release(false)
    }
  }
}
