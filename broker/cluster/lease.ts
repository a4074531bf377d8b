/**
 * One rollout engine per cluster (docs/ARCHITECTURE.md "Cluster"): a lease in Redis,
 * `SET <key> <brokerId> NX PX <ttl>`, renewed by its holder every third of the ttl (only while the
 * key still names it, checked and extended in one Lua script) and deleted by it at close. The
 * holder runs the rollout engine (it recovers the rollouts of the shared folder and takes rollout
 * commands); the other brokers refuse rollout commands naming the holder, and try to take the
 * lease at every renewal tick, so a dead holder is replaced within about one ttl.
 *
 * Fail closed: the holder counts the lease held only until one ttl after the start of its last
 * confirmed take or renewal (the key cannot outlive that in Redis). When Redis does not answer
 * for that long, or the key names another broker, the lease is lost (`lost`, logged
 * 'rollout lease lost') before anyone else can have taken it.
 */
import type { Redis as RedisClient } from 'ioredis'
import type { Logger } from 'pino'
import { OtaError } from '../../proto/index.js'

/** Lua: extends the key's ttl (ARGV[2] ms) only while it holds ARGV[1]; 1 when it did. */
export const RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end"
/** Lua: deletes the key only while it holds ARGV[1]; 1 when it did. */
export const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"

/** The rollout leader lease of one broker. */
export class LeaderLease {
  private redis: RedisClient | null = null
  private timer: NodeJS.Timeout | null = null
  private held = false
  private holder: string | null = null
  private closed = false
  /** when the last take or renewal that Redis confirmed was sent, ms (monotonic clock) */
  private confirmedAt = 0
  /** no attempt to take the lease before this, ms (monotonic clock): set when it is given up */
  private notBefore = 0
  private busy = false
  /** called once each time this broker becomes the holder; must not throw */
  gained: () => void = () => {}
  /** called once each time this broker stops being the holder without closing; must not throw */
  lost: () => void = () => {}

  /**
   * @param url - the cluster's Redis
   * @param key - the lease's key (one per cluster and topic prefix)
   * @param id - this broker's id
   * @param ttlMs - how long a lease lasts without renewal, ms
   */
  constructor (private readonly url: string, readonly key: string, private readonly id: string, private readonly ttlMs: number, private readonly log: Logger | null) {}

  /** True while this broker holds the lease. */
  get leader (): boolean {
    return this.held
  }

  /** The holder as last seen (this broker's id when it holds it), or null. */
  get current (): string | null {
    return this.held ? this.id : this.holder
  }

  /**
   * Throws unless this broker holds the lease.
   * @throws OtaError `OTA_ROLLOUT` naming the holder
   */
  mustLead (): void {
    if (this.held) return
    throw new OtaError('OTA_ROLLOUT', `rollouts of this cluster run on broker ${this.holder ?? '(none yet)'}, which holds the rollout lease: send rollout commands through it`)
  }

  /** Connects and makes the first attempt (awaited), then keeps trying or renewing. */
  async start (): Promise<void> {
    const { Redis } = await import('ioredis')
    this.redis = new Redis(this.url, { maxRetriesPerRequest: 2 })
    this.redis.on('error', (err: unknown) => { this.log?.warn({ err }, 'rollout lease: Redis error') })
    // Bounded: a Redis that does not answer leaves this broker a follower until a later tick.
    await Promise.race([this.tick(), new Promise((resolve) => setTimeout(resolve, this.ttlMs).unref())])
    this.timer = setInterval(() => { void this.tick() }, Math.max(100, Math.floor(this.ttlMs / 3)))
    this.timer.unref()
  }

  private lose (reason: string): void {
    if (!this.held) return
    this.held = false
    this.holder = null
    this.log?.error({ key: this.key, reason }, 'rollout lease lost: this broker stops running the rollouts')
    this.lost()
  }

  private async tick (): Promise<void> {
    if (this.closed || this.redis === null) return
    // Checked before anything else, even while an earlier tick still waits for Redis.
    if (this.held && performance.now() - this.confirmedAt >= this.ttlMs) this.lose(`not renewed within ${this.ttlMs} ms`)
    if (this.busy) return
    this.busy = true
    try {
      const sent = performance.now()
      if (this.held) {
        if (await this.redis.eval(RENEW, 1, this.key, this.id, String(this.ttlMs)) === 1) {
          if (this.held) this.confirmedAt = sent
          return
        }
        this.lose('the key names another broker, or expired')
      }
      if (sent < this.notBefore) return
      const got = await this.redis.set(this.key, this.id, 'PX', this.ttlMs, 'NX')
      if (got === 'OK') {
        // Closed while asking: the key is ours, give it back now rather than after a ttl.
        if (this.closed) { await this.redis?.eval(RELEASE, 1, this.key, this.id).catch(() => {}); return }
        this.held = true
        this.confirmedAt = sent
        this.log?.info({ key: this.key }, 'rollout lease taken: this broker runs the rollouts')
        this.gained()
      } else {
        this.holder = await this.redis.get(this.key)
      }
    } catch (err) {
      this.log?.warn({ err }, 'rollout lease: no answer from Redis')
      if (this.held && performance.now() - this.confirmedAt >= this.ttlMs) this.lose(`no answer from Redis within ${this.ttlMs} ms`)
    } finally {
      this.busy = false
    }
  }

  /**
   * Gives the lease up while staying in the cluster (this broker could not resume the rollouts):
   * the key is deleted when it still names this broker, and this broker does not try to take it
   * again for one ttl, so another broker can. Does not call `lost`.
   */
  async giveUp (): Promise<void> {
    if (!this.held) return
    this.held = false
    this.notBefore = performance.now() + this.ttlMs
    this.log?.error({ key: this.key }, 'rollout lease given up')
    await this.redis?.eval(RELEASE, 1, this.key, this.id).catch(() => {})
  }

  /** Stops renewing and gives the lease up when held (the next broker takes it at its next tick). */
  async close (): Promise<void> {
    if (this.closed) return
    this.closed = true
    if (this.timer !== null) clearInterval(this.timer)
    const r = this.redis
    this.redis = null
    if (r === null) return
    if (this.held) await r.eval(RELEASE, 1, this.key, this.id).catch(() => {})
    this.held = false
    r.disconnect()
  }
}
