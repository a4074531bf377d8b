/**
 * One rollout engine per cluster (docs/ARCHITECTURE.md "Cluster"): a lease in Redis,
 * `SET <key> <brokerId> NX PX <ttl>`, renewed by its holder every third of the ttl (only while the
 * key still names it, checked and extended in one Lua script) and deleted by it at close. The
 * holder runs the rollout engine (it recovers the rollouts of the shared folder and takes rollout
 * commands); the other brokers refuse rollout commands naming the holder, and try to take the
 * lease at every renewal tick, so a dead holder is replaced within about one ttl.
 */
import type { Redis as RedisClient } from 'ioredis'
import type { Logger } from 'pino'
import { OtaError } from '../../proto/index.js'

const RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end"
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"

/** The rollout leader lease of one broker. */
export class LeaderLease {
  private redis: RedisClient | null = null
  private timer: NodeJS.Timeout | null = null
  private held = false
  private holder: string | null = null
  private closed = false
  /** called once each time this broker becomes the holder; must not throw */
  gained: () => void = () => {}

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

  private async tick (): Promise<void> {
    if (this.closed || this.redis === null) return
    try {
      if (this.held) {
        if (await this.redis.eval(RENEW, 1, this.key, this.id, String(this.ttlMs)) === 1) return
        this.held = false
        this.log?.error({ key: this.key }, 'rollout lease lost: another broker may now run the rollouts')
      }
      const got = await this.redis.set(this.key, this.id, 'PX', this.ttlMs, 'NX')
      if (got === 'OK') {
        this.held = true
        this.log?.info({ key: this.key }, 'rollout lease taken: this broker runs the rollouts')
        this.gained()
      } else {
        this.holder = await this.redis.get(this.key)
      }
    } catch (err) {
      this.log?.warn({ err }, 'rollout lease: no answer from Redis')
    }
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
