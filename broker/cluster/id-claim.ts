/**
 * A broker's claim on its id in the cluster's Redis (docs/ARCHITECTURE.md "Cluster"): the id
 * names the broker's own files in the shared folder (audit log, inventory, brick watches), so two
 * running brokers with one id would write one audit chain from two processes and break it. The
 * claim is a key `aedes-ota:<p>:broker:<id>` holding a token of this run, set only when absent
 * and renewed every third of its ttl; a broker that finds it held by another run waits up to one
 * ttl (the run may have been killed: its claim then expires) and refuses to start after that.
 */
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { Redis as RedisClient } from 'ioredis'
import type { Logger } from 'pino'
import { OtaError } from '../../proto/index.js'
import { RELEASE } from './lease.js'

/** Lua: sets the key to ARGV[1] for ARGV[2] ms when it is absent or holds ARGV[1]; 1 when it did. */
const RENEW_OR_TAKE = "local v = redis.call('get', KEYS[1]) if v == false or v == ARGV[1] then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 else return 0 end"

/** Time a claim lives without renewal, ms: also the longest a broker restarted after a crash waits for its own id. */
export const ID_CLAIM_TTL_MS = 6000

/** Wait between two attempts on a held id, ms. */
const RETRY_MS = 500

/** This run's claim on a broker id. */
export class BrokerIdClaim {
  private redis: RedisClient | null = null
  private timer: NodeJS.Timeout | null = null
  /** names this run: host, process and a random part (shown to a broker refused the id) */
  readonly token = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`
  private readonly key: string

  /**
   * @param url - the cluster's Redis URL
   * @param prefix - the plugins' topic prefix (clusters with different prefixes may share a Redis)
   * @param ttlMs - claim lifetime, ms
   */
  constructor (private readonly url: string, prefix: string, readonly brokerId: string, private readonly log: Logger | null, private readonly ttlMs = ID_CLAIM_TTL_MS) {
    this.key = `aedes-ota:${prefix}:broker:${brokerId}`
  }

  /**
   * Takes the id, waiting up to one ttl for a claim left by a run that ended without letting go.
   * @throws OtaError `OTA_INVALID_ARGUMENT` when another running broker holds the id; `OTA_IO`
   *   when Redis does not answer
   */
  async take (): Promise<void> {
    const { Redis } = await import('ioredis')
    const redis = new Redis(this.url, { maxRetriesPerRequest: 2 })
    redis.on('error', (err: unknown) => { this.log?.warn({ err }, 'broker id claim: Redis error') })
    this.redis = redis
    const deadline = performance.now() + this.ttlMs + RETRY_MS
    let holder: string | null = null
    for (;;) {
      let got: unknown
      try {
        got = await redis.eval(RENEW_OR_TAKE, 1, this.key, this.token, String(this.ttlMs))
        if (got !== 1) holder = await redis.get(this.key)
      } catch (e) {
        this.close()
        throw new OtaError('OTA_IO', `cannot claim the broker id ${this.brokerId} in Redis: ${e instanceof Error ? e.message : String(e)}`)
      }
      if (got === 1) break
      if (performance.now() > deadline) {
        this.close()
        throw new OtaError('OTA_INVALID_ARGUMENT', `broker id ${this.brokerId} is in use by another running broker of the cluster (${holder ?? 'unknown'}): give each broker its own id (--broker-id)`)
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS))
    }
    this.timer = setInterval(() => { void this.renew() }, Math.max(100, Math.floor(this.ttlMs / 3)))
    this.timer.unref()
  }

  private async renew (): Promise<void> {
    try {
      if (await this.redis?.eval(RENEW_OR_TAKE, 1, this.key, this.token, String(this.ttlMs)) === 0) {
        this.log?.error({ brokerId: this.brokerId, holder: await this.redis?.get(this.key) }, 'another broker took this broker\'s id while its claim was not renewed: two brokers now write the same files')
      }
    } catch (err) {
      this.log?.warn({ err }, 'broker id claim not renewed: Redis does not answer')
    }
  }

  /** Lets the id go (deleted when this run still holds it), then disconnects. */
  async release (): Promise<void> {
    const r = this.redis
    if (r === null) return
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
    await r.eval(RELEASE, 1, this.key, this.token).catch(() => {})
    this.close()
  }

  private close (): void {
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
    this.redis?.disconnect()
    this.redis = null
  }
}
