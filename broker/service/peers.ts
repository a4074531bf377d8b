/**
 * The service's stand-in for each device's connection, and its pacing.
 *
 * The service cannot see a device's socket: the foreign broker queues what the service
 * publishes to `<p>/d/<id>/data` and writes it as the device reads. So the service paces by what
 * the device tells it. A device asks for chunks only when its window has room
 * (client/downloader.ts), and each request says which chunks it still lacks. Each peer counts the
 * bytes of the chunk frames handed to the broker for its device that no request has since shown
 * read; a frame that would take the count past `maxOutstandingBytes` waits, or is dropped after
 * `holdMs` (the device asks again when its silence timer fires), and then the device counts as
 * stalled ({@link DevicePeers} `onStalled`: the service drops its queue).
 *
 * What a served request credits ({@link DevicePeers.requested}): every frame of another artifact
 * (the device moved on), every frame below the request's first index or inside its span and not
 * asked for (received, or no longer wanted), and a frame asked for again once it was handed over
 * at least {@link RESEND_CREDIT_MS} ago (lost: the device's silence timer fired). A frame asked
 * for again sooner stays counted, so a device repeating requests for chunks it does not read
 * gets at most `maxOutstandingBytes` per {@link RESEND_CREDIT_MS}, and one that stops reading
 * and asking gets at most `maxOutstandingBytes` (plus one frame) in the broker's queue.
 * Frames waiting here count against the chunk sender's `maxInflightFrames`, whose queue waits
 * behind them (broker/sender.ts).
 */
import type { Client, PublishPacket } from 'aedes'
import type { Logger } from 'pino'
import { Limits, decodeDataFrame, hasBit, toHex, type ChunkRequest } from '../../proto/index.js'
import type { Publisher } from '../outbound.js'

/** A frame asked for again this long after it was handed over counts as lost, ms (below the device's default silence period, 2 s). */
export const RESEND_CREDIT_MS = 1000

/** Counters of the service's pacing, for logs and benchmarks. */
export interface PacingStats {
  /** frames that waited for a device's budget */
  framesHeld: number
  /** frames dropped after waiting `holdMs` */
  framesDropped: number
}

interface Held { packet: PublishPacket, cb: (err?: Error | null) => void, size: number, timer: NodeJS.Timeout }

/** A chunk frame handed to the broker and not yet shown read. */
interface Sent { artifact: string, index: number, size: number, at: number }

/** One device as the OTA core addresses it through the service. */
class DevicePeer {
  /** bytes of `sent` */
  outstanding = 0
  readonly sent = new Map<string, Sent>()
  readonly held: Held[] = []
  constructor (readonly id: string, private readonly owner: DevicePeers) {}

  /** aedes' `Client.publish`: the core's frames and error frames for this device. */
  publish (packet: PublishPacket, cb: (err?: Error | null) => void): void {
    this.owner.submit(this, packet, cb)
  }

  /** aedes' `Client.close`: the service cannot close a device's connection (the broker's business); the refusal stays audited. */
  close (): void {
    this.owner.log?.warn({ deviceId: this.id }, 'refusal limit reached: the broker, not the service, could close this device\'s connection')
  }
}

/** Every device's peer, made on first use and kept (the core's per-connection maps are keyed by them). */
export class DevicePeers {
  private readonly peers = new Map<string, DevicePeer>()
  /** What the pacing did since start. */
  readonly stats: PacingStats = { framesHeld: 0, framesDropped: 0 }

  /**
   * @param out - the service's connection (bus.ts)
   * @param o - `maxOutstandingBytes` per device, `holdMs` a frame may wait; `onStalled` is told
   *   when a device's frame was dropped after waiting (its held frames are gone too)
   */
  constructor (private readonly out: Publisher,
    private readonly o: { maxOutstandingBytes: number, holdMs: number, onStalled?: (peer: Client) => void, now?: () => number },
    readonly log: Logger | null) {}

  /**
   * The device's peer. Typed as aedes' `Client` for the core's handlers, which use only `id`,
   * `publish` and `close` of it (and read no `conn`: no remote address through the service).
   */
  of (deviceId: string): Client {
    let p = this.peers.get(deviceId)
    if (p === undefined) {
      p = new DevicePeer(deviceId, this)
      this.peers.set(deviceId, p)
    }
    return p as unknown as Client
  }

  /**
   * The device's chunk request was served: what it shows read (see the module's comment) counts
   * no more, and waiting frames go while they fit.
   */
  requested (deviceId: string, req: ChunkRequest): void {
    const p = this.peers.get(deviceId)
    if (p === undefined) return
    const artifact = toHex(req.artifact)
    const span = req.bitmap.length * 8
    const lost = this.now() - RESEND_CREDIT_MS
    for (const [key, s] of p.sent) {
      const k = s.index - req.base
      const read = s.artifact !== artifact || k < 0 || (k < span && !hasBit(req.bitmap, k))
      const again = k >= 0 && k < span && hasBit(req.bitmap, k)
      if (read || (again && s.at <= lost)) {
        p.sent.delete(key)
        p.outstanding -= s.size
      }
    }
    this.flush(p)
  }

  /** Drops every waiting frame (the service is closing). */
  close (): void {
    for (const p of this.peers.values()) {
      for (const h of p.held.splice(0)) { clearTimeout(h.timer); h.cb() }
    }
  }

  /** Bytes handed to the broker for `deviceId` and not yet shown read (for tests and stats). */
  outstanding (deviceId: string): number {
    return this.peers.get(deviceId)?.outstanding ?? 0
  }

  /** @internal a peer's publish */
  submit (p: DevicePeer, packet: PublishPacket, cb: (err?: Error | null) => void): void {
    const size = packet.payload.length
    if (p.held.length === 0 && this.fits(p, size)) { this.send(p, packet, size, cb); return }
    this.stats.framesHeld++
    const h: Held = { packet, cb, size, timer: setTimeout(() => { this.stalled(p) }, this.o.holdMs) }
    h.timer.unref()
    p.held.push(h)
  }

  private now (): number {
    return this.o.now?.() ?? performance.now()
  }

  /** The oldest held frame waited `holdMs`: the device reads nothing; every held frame goes, and the service is told. */
  private stalled (p: DevicePeer): void {
    const dropped = p.held.splice(0)
    for (const h of dropped) { clearTimeout(h.timer); h.cb() }
    this.stats.framesDropped += dropped.length
    this.log?.info({ deviceId: p.id, framesDropped: dropped.length, outstanding: p.outstanding }, 'device reads nothing: its waiting frames are dropped')
    this.o.onStalled?.(p as unknown as Client)
  }

  /** One frame always goes, however large: a budget below a chunk must not stall the device. */
  private fits (p: DevicePeer, size: number): boolean {
    return p.outstanding === 0 || p.outstanding + size <= this.o.maxOutstandingBytes
  }

  private flush (p: DevicePeer): void {
    while (p.held.length > 0 && this.fits(p, p.held[0]!.size)) {
      const h = p.held.shift()!
      clearTimeout(h.timer)
      this.send(p, h.packet, h.size, h.cb)
    }
  }

  private send (p: DevicePeer, packet: PublishPacket, size: number, cb: (err?: Error | null) => void): void {
    const chunk = chunkOf(packet.payload as Buffer)
    // Error frames are small and answer a request: they are not counted.
    if (chunk !== null) {
      const key = `${chunk.artifact}:${chunk.index}`
      const before = p.sent.get(key)
      if (before !== undefined) p.outstanding -= before.size
      p.sent.set(key, { ...chunk, size, at: this.now() })
      p.outstanding += size
    }
    this.out.publish(packet, cb)
  }
}

/** The artifact and index of a chunk frame (the core's own encoding, decoded without copying its data); null for an error frame. */
function chunkOf (payload: Buffer): { artifact: string, index: number } | null {
  try {
    const f = decodeDataFrame(payload, Limits.maxChunkSize)
    return f.chunk !== undefined ? { artifact: toHex(f.chunk.artifact), index: f.chunk.index } : null
  } catch {
    return null
  }
}
