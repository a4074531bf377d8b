/**
 * Broadcast of chunk frames (docs/PROTOCOL.md, "Broadcast"): when at least `minDevices` devices
 * of a model subscribe to an artifact's broadcast topic, the chunks they ask for are read once
 * and published once on that topic, and aedes writes each frame to every subscriber (its own
 * fan-out, the same path as any MQTT publish).
 *
 * - Coalescing: a chunk queued or in flight for broadcast is not queued again; requests of other
 *   devices for it are answered by that one frame. The first frames of an artifact wait
 *   `gatherMs`, so that the devices of a campaign that join within that time all get them. A
 *   chunk asked for again after it waited `stallMs` for its broadcast goes by unicast to that
 *   device, as does a chunk whose read failed (the unicast sender answers with the error frame).
 * - Repair: a chunk asked for again after it was broadcast (the device missed the frame: its
 *   socket was busy, or it subscribed after the frame went out) is left to the unicast
 *   sender, which writes it to that device alone. It is broadcast again only once the devices
 *   that subscribed after it went out are at least `minDevices` and at least half of the
 *   subscribers: a broadcast writes the frame to every subscriber, so it pays only when most of
 *   them lack it (devices that join one after another cost each chunk about two broadcasts).
 * - Pacing: at most `maxInflightFrames` broadcast frames hold a slot, for the whole plugin. A
 *   frame holds one from its publish until aedes calls it back (every subscriber's socket took
 *   it) or `stallMs` passed, whichever is first: a frame released by `stallMs` may still be in
 *   aedes' hands.
 * - Memory and aedes' delivery ({@link Broadcaster.admit}, from authorizeForward): a frame is
 *   written to a subscriber only while what its socket holds unsent, plus the frames admitted to
 *   it and not yet written (aedes writes after a setImmediate), plus this frame stays within
 *   `maxBufferedBytes` (an empty socket takes one frame), and only while its socket has needed
 *   'drain' for less than `stallMs / 10`. aedes holds a frame's callback until 'drain', which
 *   comes only once the socket is empty: a subscriber that cannot keep up is therefore no longer
 *   fed, so that its socket empties, its 'drain' comes and the frames it holds are called back;
 *   it repairs what it missed by unicast, paced for it alone.
 */
import type { Aedes, Client } from 'aedes'
import type { Logger } from 'pino'
import { encodeDataFrame, fromHex, type Topics } from '../../proto/index.js'
import type { BroadcastOptions } from '../options.js'
import { publishOut, type Publisher } from '../outbound.js'
import { releaseArtifact, type ReleaseStore } from '../store.js'
import { BroadcastSubscribers, castKey } from './subscribers.js'

/** A client's socket, as far as {@link Broadcaster.admit} reads it (a net or TLS socket; a test double may lack fields). */
interface Conn { writableLength?: number, writableNeedDrain?: boolean }

/**
 * A subscriber's socket that has needed 'drain' for longer than `stallMs` divided by this gets no
 * broadcast frame until it drained: on loopback or a fast link a socket drains within a
 * millisecond or two; one that does not is a device that cannot keep up.
 */
const DRAIN_GRACE_SHARE = 10

/** Monotonic clock, ms: gather delays and chunk ages do not jump with the wall clock. */
const monotonic = (): number => performance.now()

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
  /** requested chunks left to unicast because their broadcast waited `stallMs` or more, or their read failed */
  chunksOverdue: number
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
  /** indexes queued or in flight, and when each was queued (monotonic ms) */
  pending: Map<number, number>
  /** indexes whose read failed: served by unicast from then on (its error frame reaches the device) */
  failed: Set<number>
  /** no frame of this artifact leaves before this time, monotonic ms (`gatherMs` after its first broadcast request) */
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
  readonly stats: BroadcastStats = { framesPublished: 0, bytesPublished: 0, framesForwarded: 0, bytesForwarded: 0, framesSkipped: 0, chunksCoalesced: 0, chunksRepaired: 0, chunksOverdue: 0, stalls: 0 }
  readonly subscribers: BroadcastSubscribers
  private readonly casts = new Map<string, Cast>()
  /** casts with queued indexes, served round robin */
  private ready: Cast[] = []
  private inflight = 0
  private closed = false
  /** bytes of frames admitted per client and not yet handed to its socket (aedes writes after a setImmediate) */
  private readonly reserved = new WeakMap<Client, number>()
  /** when each client's socket was first seen needing 'drain' since it was last seen not needing it, monotonic ms */
  private readonly needSince = new WeakMap<Client, number>()
  /** the timer that runs {@link pump} when the earliest gathering artifact may go */
  private wake: NodeJS.Timeout | null = null

  /**
   * @param bus - where frames are published (aedes, or the service's MQTT client)
   * @param events - the aedes whose subscription events tell who subscribes; null in the service,
   *   which cannot see subscriptions and tells {@link subscribers} itself (broker/service/)
   */
  constructor (private readonly bus: Publisher, private readonly events: Aedes | null, private readonly store: ReleaseStore, private readonly topics: Topics,
    private readonly o: BroadcastOptions, private readonly log: Logger | null) {
    this.subscribers = new BroadcastSubscribers(topics, (key) => { this.forget(key) })
    // Also with broadcast off: the subscriptions the ACL grants are bounded per connection (subscribers.ts claim).
    if (events !== null) this.subscribers.attach(events)
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
      // Devices of a campaign join over some time: those that join meanwhile get the first frames too (pump waits).
      c = { key, model: device.model, artifactId, topic: this.topics.broadcast(device.model, artifactId), queue: [], pending: new Map(), failed: new Set(), sentJoin: new Map(), notBefore: monotonic() + o.gatherMs }
      this.casts.set(key, c)
    }
    const now = monotonic()
    const unicast: number[] = []
    let queued = 0
    for (const i of indexes) {
      const since = c.pending.get(i)
      // Waiting for long (every slot held by stalls) or unreadable: this device is not kept waiting on it.
      if ((since !== undefined && now - since >= o.stallMs) || c.failed.has(i)) { this.stats.chunksOverdue++; unicast.push(i); continue }
      if (since !== undefined) { this.stats.chunksCoalesced++; continue }
      const sent = c.sentJoin.get(i)
      if (sent !== undefined) {
        const late = subs.joinedAfter(key, sent)
        if (late < o.minDevices || late * 2 < members) { this.stats.chunksRepaired++; unicast.push(i); continue }
      }
      if (c.queue.length === 0) this.ready.push(c)
      c.queue.push(i)
      c.pending.set(i, now)
      queued++
    }
    this.pump()
    return { unicast, queued }
  }

  /**
   * May a broadcast frame be written to `client` now (called from authorizeForward, after the
   * ACL and the rollout gate)? Not when its socket is backed up ({@link Broadcaster.backedUp}),
   * nor when what it holds unsent plus the frames admitted to it and not yet written plus this
   * one is over `maxBufferedBytes` (an empty socket takes one frame). A frame skipped is repaired
   * by unicast.
   * @param bytes - the frame's payload bytes, counted when admitted
   */
  admit (client: Client, bytes: number): boolean {
    const conn = (client.conn ?? {}) as Conn
    const reserved = this.reserved.get(client) ?? 0
    const queued = (conn.writableLength ?? 0) + reserved
    if (this.backedUp(client) || (queued > 0 && queued + bytes > this.o.maxBufferedBytes)) { this.stats.framesSkipped++; return false }
    // aedes writes the frame after a setImmediate, so writableLength does not show it yet: frames
    // published meanwhile are counted against it. Two turns: this one runs before aedes' write.
    this.reserved.set(client, reserved + bytes)
    setImmediate(() => { setImmediate(() => { this.unreserve(client, bytes) }) })
    this.stats.framesForwarded++
    this.stats.bytesForwarded += bytes
    return true
  }

  private unreserve (client: Client, bytes: number): void {
    const left = (this.reserved.get(client) ?? 0) - bytes
    if (left > 0) this.reserved.set(client, left)
    else this.reserved.delete(client)
  }

  /**
   * Drops the queued broadcast frames of `artifactId` (an aborted rollout's, next to the unicast
   * sender's cancel): the devices' next requests are refused by the unicast path with its error
   * frame (`OTA_WITHDRAWN`). Frames in flight are checked again per subscriber (authorizeForward).
   */
  cancel (artifactId: string): void {
    for (const c of [...this.casts.values()]) if (c.artifactId === artifactId) this.drop(c)
  }

  /** Forgets `c`: its queue, its pending indexes and its place in the round robin. */
  private drop (c: Cast): void {
    if (this.casts.get(c.key) === c) this.casts.delete(c.key)
    this.ready = this.ready.filter((r) => r !== c)
    c.queue = []
    c.pending.clear()
  }

  /** True while `c`'s artifact is one of its model's current or staged release (else it was superseded or withdrawn). */
  private served (c: Cast): boolean {
    const current = this.store.current(c.model)
    if (current !== undefined && releaseArtifact(current, c.artifactId) !== undefined) return true
    const staged = this.store.staged(c.model)
    return staged !== undefined && releaseArtifact(staged, c.artifactId) !== undefined
  }

  /**
   * True when `client`'s socket holds more than `maxBufferedBytes` not yet sent, or has needed
   * 'drain' for longer than `stallMs / 10` (it does not keep up): it gets no broadcast frame and
   * its requests go by unicast.
   */
  private backedUp (client: Client): boolean {
    const conn = (client.conn ?? {}) as Conn
    if ((conn.writableLength ?? 0) > this.o.maxBufferedBytes) return true
    if (conn.writableNeedDrain !== true) { this.needSince.delete(client); return false }
    const now = monotonic()
    const since = this.needSince.get(client)
    if (since === undefined) { this.needSince.set(client, now); return false }
    return now - since > this.o.stallMs / DRAIN_GRACE_SHARE
  }

  /** Stops broadcasting: queued frames are dropped (devices re-request), frames in flight finish. */
  close (): void {
    this.closed = true
    if (this.wake !== null) clearTimeout(this.wake)
    this.wake = null
    if (this.events !== null) this.subscribers.detach(this.events)
    this.casts.clear()
    this.ready = []
  }

  /** Forgets an artifact nobody subscribes to any more, unless frames of it are pending. */
  private forget (key: string): void {
    const c = this.casts.get(key)
    if (c !== undefined && c.pending.size === 0) this.casts.delete(key)
  }

  private pump (): void {
    const now = monotonic()
    let waiting = 0
    let earliest = Infinity
    while (!this.closed && this.inflight < this.o.maxInflightFrames && this.ready.length > waiting) {
      const c = this.ready.shift()!
      if (c.notBefore > now) { this.ready.push(c); waiting++; earliest = Math.min(earliest, c.notBefore); continue }
      // Superseded or withdrawn since it was queued: its devices' requests now go to the unicast path, which refuses them.
      if (!this.served(c)) { this.drop(c); continue }
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
    // Every ready artifact still gathers: come back when the first may go.
    if (waiting > 0 && this.wake === null && !this.closed) {
      this.wake = setTimeout(() => { this.wake = null; this.pump() }, Math.max(1, Math.ceil(earliest - now)))
      this.wake.unref()
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
      await publishOut(this.bus, { topic: c.topic, payload, qos: 0, retain: false })
    } catch (err) {
      // Superseded or unreadable: the devices' next requests for it go by unicast, whose sender answers with an error frame.
      c.pending.delete(index)
      c.failed.add(index)
      this.log?.warn({ err, artifact: c.artifactId, index }, 'broadcast frame not sent')
    } finally {
      clearTimeout(timer)
      if (c.pending.size === 0 && this.subscribers.count(c.key) === 0 && this.casts.get(c.key) === c) this.casts.delete(c.key)
      release(false)
    }
  }
}
