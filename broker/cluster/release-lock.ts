/**
 * One writer of a model's release files at a time across a cluster (docs/ARCHITECTURE.md
 * "Cluster"): a lock per model in Redis, `SET aedes-ota:<prefix>:release-lock:<model> <token> NX
 * PX <ttl>`, extended while the work runs and deleted (only while it still holds this broker's
 * token) when it ends. The release store takes it around add, stage, promote and unstage, and
 * reloads the model under it before judging a bundle: two brokers never both pass the publish
 * rules against views that miss each other's release.
 */
import { randomBytes } from 'node:crypto'
import type { Redis as RedisClient } from 'ioredis'
import type { Logger } from 'pino'
import { OtaError } from '../../proto/index.js'
import { RELEASE, RENEW } from './lease.js'

/** How long a lock lasts unless extended (a broker that died holding it frees it then), ms. */
const LOCK_TTL_MS = 30_000
/** How long a writer waits for another broker's lock before giving up, ms. */
const WAIT_MS = 30_000
/** Pause between two attempts to take a busy lock, ms. */
const POLL_MS = 50

/** The per-model release locks of one broker. */
export class ReleaseLocks {
  private redis: RedisClient | null = null

  /**
   * @param url - the cluster's Redis
   * @param prefix - the plugin's topic prefix (one set of locks per cluster and prefix)
   * @param brokerId - this broker's id (in the lock's value, for whoever inspects Redis)
   */
  constructor (private readonly url: string, private readonly prefix: string, private readonly brokerId: string, private readonly log: Logger | null) {}

  /** Connects (lazily: Redis errors are logged, ioredis reconnects). */
  async open (): Promise<void> {
    const { Redis } = await import('ioredis')
    this.redis = new Redis(this.url, { maxRetriesPerRequest: 2 })
    this.redis.on('error', (err: unknown) => { this.log?.warn({ err }, 'release lock: Redis error') })
  }

  /**
   * Runs `work` holding `model`'s lock.
   * @throws OtaError `OTA_IO` when the lock cannot be taken (Redis does not answer, or another
   *   broker holds it longer than 30 s); whatever `work` throws
   */
  async run<T> (model: string, work: () => Promise<T>): Promise<T> {
    const redis = this.redis
    if (redis === null) throw new OtaError('OTA_IO', 'the release locks are closed')
    const key = `aedes-ota:${this.prefix}:release-lock:${model}`
    const token = `${this.brokerId}:${randomBytes(8).toString('hex')}`
    const deadline = performance.now() + WAIT_MS
    for (;;) {
      let got: string | null
      try {
        got = await redis.set(key, token, 'PX', LOCK_TTL_MS, 'NX')
      } catch (e) {
        throw new OtaError('OTA_IO', `cannot lock the release files of ${model} in Redis: ${e instanceof Error ? e.message : String(e)}`)
      }
      if (got === 'OK') break
      if (performance.now() > deadline) throw new OtaError('OTA_IO', `another broker of the cluster has been writing a release of ${model} for ${WAIT_MS / 1000} s: try again`)
      await new Promise((resolve) => setTimeout(resolve, POLL_MS))
    }
    const extend = setInterval(() => { void redis.eval(RENEW, 1, key, token, String(LOCK_TTL_MS)).catch(() => {}) }, LOCK_TTL_MS / 3)
    extend.unref()
    try {
      return await work()
    } finally {
      clearInterval(extend)
      await redis.eval(RELEASE, 1, key, token).catch((err: unknown) => { this.log?.warn({ err, model }, 'release lock not released: it expires by itself') })
    }
  }

  /** Disconnects. */
  close (): void {
    this.redis?.disconnect()
    this.redis = null
  }
}
