/**
 * What several brokers share to act as one (docs/ARCHITECTURE.md "Cluster"): an Aedes emitter
 * (`mqemitter-redis`: every publish, and the plugin's cluster notices, reach every broker) and an
 * Aedes persistence (`aedes-persistence-redis`: retained messages, such as manifests, the trust
 * root, offers and device states, subscriptions and offline queues), both on one Redis.
 *
 * aedes 1.2 calls its persistence's promise API (`await persistence.setup(broker)`,
 * `storeRetained(packet).then(...)`), which is `aedes-persistence-redis`'s `asyncPersistence.js`
 * class; the package's main export wraps that class in the callback API of aedes 0.x and is not
 * what aedes 1.2 takes. One more difference: version 12 returns the retained messages matching
 * a subscription as an async iterable, where aedes 1.2 pipes a stream (as aedes-persistence 11,
 * its in-memory one, returns): {@link streamedRetained} turns one into the other. aedes never
 * destroys a persistence: {@link ClusterTransport.close} does.
 */
import { createRequire } from 'node:module'
import { Readable } from 'node:stream'
import type { Redis as RedisClient } from 'ioredis'
import type { MQEmitter } from 'mqemitter'
import type { Logger } from 'pino'
import { OtaError } from '../../proto/index.js'

const require = createRequire(import.meta.url)

/** The part of aedes-persistence-redis' AsyncRedisPersistence the transport uses (aedes takes the rest). */
interface RedisPersistence {
  setup: (broker: unknown) => Promise<void>
  destroy: () => Promise<void>
}

/**
 * Makes `persistence.createRetainedStreamCombi` / `createRetainedStream` return a readable
 * object stream, as aedes 1.2's subscribe handler pipes one; what already is a stream is kept.
 */
export function streamedRetained<T extends object> (persistence: T): T {
  const p = persistence as unknown as Record<string, (...args: unknown[]) => unknown>
  for (const name of ['createRetainedStreamCombi', 'createRetainedStream']) {
    const original = p[name]
    if (typeof original !== 'function') continue
    p[name] = function (this: unknown, ...args: unknown[]) {
      const r = original.apply(persistence, args)
      return r != null && typeof (r as { pipe?: unknown }).pipe === 'function' ? r : Readable.from(r as AsyncIterable<unknown>)
    }
  }
  return persistence
}

/**
 * Makes `conn.quit()` resolve whatever happens. mqemitter-redis closes its connections with
 * `quit()` and does not wait on the promise: ioredis rejects a QUIT still queued (behind
 * auto-pipelined publishes) when the socket closes first (ioredis#2025), and that unhandled
 * rejection would end the broker at shutdown.
 */
function quietQuit (conn: RedisClient): RedisClient {
  const quit = conn.quit.bind(conn) as () => Promise<'OK'>
  ;(conn as unknown as { quit: () => Promise<'OK'> }).quit = async () => await quit().catch(() => 'OK' as const)
  return conn
}

/** The emitter and persistence to hand to `new Aedes({ mq, persistence })`, and how to let go of them. */
export interface ClusterTransport {
  /** the Redis URL, password removed (for logs) */
  readonly url: string
  /** Aedes `mq` */
  readonly mq: MQEmitter
  /** Aedes `persistence` */
  readonly persistence: unknown
  /** Closes the emitter (if aedes has not) and destroys the persistence; after `aedes.close()`. */
  close: () => Promise<void>
}

/** How long the first contact with Redis may take before the broker refuses to start, ms. */
const PROBE_MS = 5000

/**
 * `url` without its password, for logs.
 * @throws OtaError `OTA_INVALID_ARGUMENT` when it is not a `redis://` or `rediss://` URL
 */
export function redactRedisUrl (url: string): string {
  let u: URL
  try { u = new URL(url) } catch { throw new OtaError('OTA_INVALID_ARGUMENT', `not a Redis URL: ${JSON.stringify(url)}`) }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new OtaError('OTA_INVALID_ARGUMENT', `a Redis URL starts with redis:// or rediss://, got ${u.protocol}//`)
  if (u.password !== '') u.password = '***'
  return u.toString()
}

/**
 * Connects to Redis at `url` (`redis://[:password@]host:port[/db]`, or `rediss://` for TLS) and
 * builds the emitter and the persistence on it. Redis is pinged first, so an unreachable Redis
 * stops the broker at start instead of leaving it retrying in the background. Once started, a
 * lost connection (Redis restarted, failed over, or unreachable for a while) is logged as a
 * warning on `log` and ioredis reconnects (and re-subscribes the emitter): an 'error' event with
 * no listener would otherwise end the process.
 * @param log - where connection errors go (pino, component of the caller); null: not logged
 * @throws OtaError `OTA_INVALID_ARGUMENT` for a URL that is not Redis', `OTA_IO` when Redis does
 *   not answer within 5 s
 */
export async function openClusterTransport (url: string, log: Logger | null = null): Promise<ClusterTransport> {
  const shown = redactRedisUrl(url)
  // Loaded here, not at import: the CLI and lone brokers never pay for the Redis clients.
  const { Redis } = await import('ioredis')
  const mqemitterRedis = (await import('mqemitter-redis')).default
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
  probe.on('error', () => {})
  try {
    await Promise.race([
      probe.connect().then(async () => await probe.ping()),
      new Promise((_resolve, reject) => setTimeout(() => reject(new Error(`no answer within ${PROBE_MS} ms`)), PROBE_MS).unref())
    ])
  } catch (e) {
    throw new OtaError('OTA_IO', `cannot reach Redis at ${shown}: ${e instanceof Error ? e.message : String(e)}`)
  } finally {
    probe.disconnect()
  }
  // MQTT's rule that `a/#` also matches `a` (MQTT-4.7.1-3), as aedes' own emitter does.
  const mq = mqemitterRedis({ subConn: quietQuit(new Redis(url)), pubConn: quietQuit(new Redis(url, { enableAutoPipelining: true })), matchEmptyLevels: true }) as unknown as MQEmitter & { state: { on: (e: string, f: (err: unknown) => void) => void } }
  mq.state.on('error', (err) => { log?.warn({ err, redis: shown }, 'cluster emitter: Redis connection error (reconnecting)') })
  const conn = new Redis(url)
  conn.on('error', (err: unknown) => { log?.warn({ err, redis: shown }, 'cluster persistence: Redis connection error (reconnecting)') })
  let persistence: RedisPersistence
  try {
    const Persistence = require('aedes-persistence-redis/asyncPersistence.js') as new (opts: { conn: RedisClient }) => RedisPersistence
    persistence = streamedRetained(new Persistence({ conn }))
  } catch (e) {
    conn.disconnect()
    await new Promise<void>((resolve) => { mq.close(() => resolve()) })
    throw e
  }
  let closed = false
  return {
    url: shown,
    mq,
    persistence,
    async close () {
      if (closed) return
      closed = true
      await new Promise<void>((resolve) => { mq.close(() => resolve()) })
      await persistence.destroy().catch(() => {})
    }
  }
}
