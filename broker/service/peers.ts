/**
 * The service's stand-in for each device's connection, and its pacing.
 *
 * The service cannot see a device's socket: the foreign broker queues what the service
 * publishes to `<p>/d/<id>/data` and writes it as the device reads. So the service paces by what
 * the device tells it: a device asks for chunks only when its window has room (client/downloader.ts),
 * so its next chunk request says it read what came before. Each peer counts the bytes handed to
 * the broker for its device since that device's last request; a frame that would take the count
 * past `maxOutstandingBytes` waits for the next request, or is dropped after `holdMs` (the device
 * asks again when its silence timer fires). A slow device therefore holds at most
 * `maxOutstandingBytes` (plus one frame) in the broker's queue between two of its requests, and
 * the frames waiting here count against the chunk sender's `maxInflightFrames`, whose queue
 * waits behind them (broker/sender.ts).
 */
import type { Client, PublishPacket } from 'aedes'
import type { Logger } from 'pino'
import type { Publisher } from '../outbound.js'

/** Counters of the service's pacing, for logs and benchmarks. */
export interface PacingStats {
  /** frames that waited for a device's budget */
  framesHeld: number
  /** frames dropped after waiting `holdMs` */
  framesDropped: number
}

interface Held { packet: PublishPacket, cb: (err?: Error | null) => void, size: number, timer: NodeJS.Timeout }

/** One device as the OTA core addresses it through the service. */
class DevicePeer {
  /** bytes handed to the broker since the device's last request */
  outstanding = 0
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
   * @param o - `maxOutstandingBytes` per device between two of its requests, `holdMs` a frame may wait
   */
  constructor (private readonly out: Publisher, private readonly o: { maxOutstandingBytes: number, holdMs: number }, readonly log: Logger | null) {}

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

  /** The device sent a chunk request: what was handed to the broker before it counts no more, and waiting frames go. */
  requested (deviceId: string): void {
    const p = this.peers.get(deviceId)
    if (p === undefined) return
    p.outstanding = 0
    this.flush(p)
  }

  /** Drops every waiting frame (the service is closing). */
  close (): void {
    for (const p of this.peers.values()) {
      for (const h of p.held.splice(0)) { clearTimeout(h.timer); h.cb() }
    }
  }

  /** Bytes handed to the broker for `deviceId` since its last request (for tests and the service's stats). */
  outstanding (deviceId: string): number {
    return this.peers.get(deviceId)?.outstanding ?? 0
  }

  /** @internal a peer's publish */
  submit (p: DevicePeer, packet: PublishPacket, cb: (err?: Error | null) => void): void {
    const size = packet.payload.length
    if (p.held.length === 0 && this.fits(p, size)) { this.send(p, packet, size, cb); return }
    this.stats.framesHeld++
    const h: Held = {
      packet,
      cb,
      size,
      timer: setTimeout(() => {
        const i = p.held.indexOf(h)
        if (i < 0) return
        p.held.splice(i, 1)
        this.stats.framesDropped++
        cb()
        this.flush(p)
      }, this.o.holdMs)
    }
    h.timer.unref()
    p.held.push(h)
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
    p.outstanding += size
    this.out.publish(packet, cb)
  }
}
