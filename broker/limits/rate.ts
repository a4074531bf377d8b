/**
 * Per-identity token buckets: a device's chunk requests and status events are limited by its
 * certificate id, not by its connection, so reconnecting does not refill the bucket. A bucket
 * holds up to `burst` tokens and gains `perSecond` tokens a second. A status event takes one
 * token. A chunk request takes one only when it adds nothing: refused, or every chunk it names
 * already queued (or dropped by the full queue). A request that queues a chunk is paid for by
 * the frame it makes the broker send, which the device's own socket paces, so a legitimate
 * download at full speed is never limited, while a request flood is.
 */

/** One bucket's rate: `perSecond` tokens a second, at most `burst` held. */
export interface RateLimit { perSecond: number, burst: number }

/** Buckets above this many are pruned of full ones, so memory is bounded by the active senders. */
const PRUNE_AT = 10_000

/** Token buckets keyed by identity, for one kind of message. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number, at: number }>()

  /**
   * @param rate - the bucket's rate
   * @param now - clock, ms
   */
  constructor (private readonly rate: RateLimit, private readonly now: () => number) {}

  /** Takes one token from `id`'s bucket. @returns false when the bucket is empty (the message is over the limit) */
  take (id: string): boolean {
    const b = this.refill(id)
    if (b.tokens < 1) return false
    b.tokens -= 1
    return true
  }

  /** @returns whether `id`'s bucket holds a token, without taking it (the charge comes later, by {@link take}) */
  allows (id: string): boolean {
    return this.refill(id).tokens >= 1
  }

  private refill (id: string): { tokens: number, at: number } {
    const t = this.now()
    const b = this.buckets.get(id) ?? { tokens: this.rate.burst, at: t }
    b.tokens = Math.min(this.rate.burst, b.tokens + Math.max(0, t - b.at) * this.rate.perSecond / 1000)
    b.at = t
    if (!this.buckets.has(id)) { this.prune(t); this.buckets.set(id, b) }
    return b
  }

  private prune (t: number): void {
    if (this.buckets.size < PRUNE_AT) return
    for (const [id, b] of this.buckets) if (b.tokens + (t - b.at) * this.rate.perSecond / 1000 >= this.rate.burst) this.buckets.delete(id)
  }
}

/**
 * The two per-device limiters of the plugin: chunk requests that add nothing (`req`: checked with
 * `allows` before decoding, charged with `take` once refused or served nothing new) and status
 * events (`audit`: `take` before decoding).
 */
export class DeviceRates {
  readonly req: RateLimiter
  readonly audit: RateLimiter

  /** @param limits - the resolved `requestRate` and `statusRate` */
  constructor (readonly limits: { requestRate: RateLimit, statusRate: RateLimit }, now: () => number) {
    this.req = new RateLimiter(limits.requestRate, now)
    this.audit = new RateLimiter(limits.statusRate, now)
  }

  /** The rate of a kind. */
  rateOf (kind: 'req' | 'audit'): RateLimit { return kind === 'req' ? this.limits.requestRate : this.limits.statusRate }
}

/**
 * The payload a dropped publish is given: aedes 1.x cannot drop a publish without closing the
 * connection (MQTT 3.1.1 has no negative acknowledgement), so authorizePublish acknowledges it
 * with this payload and authorizeForward forwards it to nobody (aedes keeps the payload's
 * reference when it wraps the packet for delivery).
 */
export const DROPPED_PAYLOAD: Buffer = Buffer.alloc(0)
