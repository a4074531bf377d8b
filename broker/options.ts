/**
 * The plugin's options, validated once here with every default in one place.
 */
import type { Logger } from 'pino'
import { OtaError, Topics, isIdentifier, newestRootsThatFit, verifyRoot, verifyRootChain, type TrustedRoot } from '../proto/index.js'
import type { FlapOptions } from './flapping.js'
import type { AuditRotation } from './audit.js'
import type { BrokerLimits } from './limits/options.js'
import { resolveLimits } from './limits/options.js'
import { redactRedisUrl } from './cluster/transport.js'

/** What {@link createOtaPlugin} accepts. Sizes in bytes, times in ms. */
export interface OtaPluginOptions {
  /**
   * the trusted root metadata (proto `verifyRoot`), the encoded root envelope, or every root
   * version oldest first (`sign` `readRootChain`; verified by proto `verifyRootChain`). Bundles
   * are verified against the newest; all versions are published retained on the trust topic as
   * a `RootChain` so devices several versions behind can walk them (docs/PROTOCOL.md "Root metadata").
   */
  trust: TrustedRoot | Uint8Array | readonly Uint8Array[]
  /** folder for stored artifacts and manifests; created if missing */
  dataDir: string
  /** base path of the audit log's file set (ECS JSON lines, files `<stem>.<n>.log`, docs/AUDIT.md); default `<dataDir>/audit.log` */
  auditLog?: string
  /**
   * how the audit log rolls (pino-roll): `maxSize` bytes per file (0: never by size; else at
   * least 1024), `frequency` (`daily` | `hourly` | `none`), `keep` files (0: all); default
   * 10 MiB, `none`, 0
   */
  auditRotation?: Partial<AuditRotation>
  /** topic prefix; default `ota` */
  topicPrefix?: string
  /** clients with no verified OTA certificate are refused at connect; default false (host decides) */
  requireCertificate?: boolean
  /** frames handed to aedes for one device whose write callback has not fired; default 8 */
  maxInflightFrames?: number
  /** chunks one device may have queued; requests beyond are dropped (the device re-requests); default 512 */
  maxQueuedChunks?: number
  /** largest bundle an operator may publish, bytes; default 256 MiB */
  maxBundleSize?: number
  /**
   * broadcast of chunk frames on `<p>/m/<model>/a/<artifact>/data` (docs/PROTOCOL.md,
   * "Broadcast"); `false` (or `minDevices: 0`) turns it off: every chunk goes by unicast
   */
  broadcast?: false | Partial<BroadcastOptions>
  /** least time between two writes of the inventory file, ms; default 1000 (see inventory.ts) */
  inventoryFlushMs?: number
  /**
   * takeover flapping (see flapping.ts): `takeovers` takeovers of one client id within
   * `windowMs` start an episode; newcomers are refused until `cooldownMs` after the last
   * attempt; default 3 within 10 000 ms, cool-down 60 000 ms
   */
  flapping?: Partial<FlapOptions>
  /**
   * named device groups a rollout may target (`RolloutSpec.group`): group name → device ids;
   * names and ids are identifiers; default none
   */
  groups?: Record<string, string[]>
  /**
   * brick detection outside rollouts: how long a device that reported INSTALLING, REBOOTING or
   * TRIAL may take to report CONFIRMED on the new version before it is marked suspect, ms;
   * default 900 000 (15 min). A rollout's devices use its `confirmTimeoutMs`.
   */
  confirmTimeoutMs?: number
  /**
   * the hardened broker's limits (limits/options.ts, docs/SECURITY.md "Broker limits"): topic
   * length and depth, per-device rates of chunk requests and status events, refusal records per
   * identity; every field optional, defaults there
   */
  limits?: Partial<BrokerLimits>
  /** operational logger (pino); default: silent */
  logger?: Logger
  /** clock, ms; default `Date.now` */
  now?: () => number
  /**
   * cluster mode (docs/ARCHITECTURE.md "Cluster"): this plugin is one of several brokers whose
   * Aedes share an emitter and a persistence (e.g. Redis, broker/cluster/transport.ts) and whose
   * `dataDir` is one shared folder. `brokerId` (an identifier, unique in the cluster) names this
   * broker's own files there: the audit log defaults to `<dataDir>/audit.<brokerId>.log`, the
   * inventory is written to `<dataDir>/inventory.<brokerId>.json`, the brick watches to
   * `<dataDir>/health/watches.<brokerId>.json`. `redis` (the cluster's Redis URL, required) holds
   * the rollout lease: one broker at a time (key `aedes-ota:<prefix>:rollout-leader`, `leaseMs`
   * long, default 10 000, renewed every third of it) runs the rollouts of the shared folder; the
   * others refuse rollout commands. Default: no cluster.
   */
  cluster?: { brokerId: string, redis: string, leaseMs?: number }
}

/** How the plugin broadcasts chunk frames (docs/PROTOCOL.md, "Broadcast"). Times in ms, sizes in bytes. */
export interface BroadcastOptions {
  /** devices subscribed to an artifact's broadcast topic from which its chunk requests are broadcast; 0 = off; default 2 */
  minDevices: number
  /** broadcast frames published and not yet delivered to every subscriber, per plugin; default 8 */
  maxInflightFrames: number
  /** a subscriber whose socket holds more than this, unsent, gets no broadcast frame (it repairs by unicast); default 256 KiB */
  maxBufferedBytes: number
  /** the first broadcast frames of an artifact wait this long, for more devices to join; default 300 */
  gatherMs: number
  /** a broadcast frame counts as in flight at most this long (a stalled subscriber does not hold the others); default 1000 */
  stallMs: number
}

/** Options after validation, every field present. */
export interface ResolvedOptions {
  trust: TrustedRoot
  /**
   * the root versions to publish, oldest first, ending with `trust.envelope`: the newest that fit
   * the trust topic's limits (proto `newestRootsThatFit`)
   */
  rootChain: Uint8Array[]
  /** how many of the oldest root versions given were left out of `rootChain` to fit its limits */
  rootsLeftOut: number
  dataDir: string
  auditLog: string
  auditRotation: AuditRotation
  topics: Topics
  requireCertificate: boolean
  maxInflightFrames: number
  maxQueuedChunks: number
  maxBundleSize: number
  broadcast: BroadcastOptions
  inventoryFlushMs: number
  flapping: FlapOptions
  groups: Record<string, string[]>
  confirmTimeoutMs: number
  limits: BrokerLimits
  logger: Logger | null
  now: () => number
  /** cluster mode, or null for a lone broker */
  cluster: { brokerId: string, redis: string, leaseMs: number } | null
}

/**
 * An integer option within [min, max], `dflt` when absent: the one check of the broker's and the
 * service's integer options.
 * @throws OtaError `OTA_INVALID_ARGUMENT` naming the option and its range
 */
export function int (v: unknown, name: string, min: number, max: number, dflt: number): number {
  if (v === undefined) return dflt
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new OtaError('OTA_INVALID_ARGUMENT', `${name} must be an integer from ${min} to ${max}, got ${String(v)}`)
  }
  return v
}

function groupsOf (g: unknown): Record<string, string[]> {
  if (g === undefined) return {}
  if (g == null || typeof g !== 'object' || Array.isArray(g)) throw new OtaError('OTA_INVALID_ARGUMENT', 'groups must map group names to device id lists')
  const out: Record<string, string[]> = Object.create(null) as Record<string, string[]>
  for (const [name, ids] of Object.entries(g)) {
    if (!isIdentifier(name)) throw new OtaError('OTA_INVALID_ARGUMENT', `bad group name ${JSON.stringify(name)}`)
    if (!Array.isArray(ids) || !ids.every(isIdentifier)) throw new OtaError('OTA_INVALID_ARGUMENT', `group ${name} must list device ids`)
    out[name] = [...new Set(ids as string[])]
  }
  return out
}

function oneOf<T extends string> (v: unknown, name: string, allowed: readonly T[], dflt: T): T {
  if (v === undefined) return dflt
  if (!allowed.includes(v as T)) throw new OtaError('OTA_INVALID_ARGUMENT', `${name} must be one of ${allowed.join(', ')}, got ${String(v)}`)
  return v as T
}

function clusterOf (c: unknown): { brokerId: string, redis: string, leaseMs: number } | null {
  if (c === undefined) return null
  const o = (c ?? {}) as { brokerId?: unknown, redis?: unknown, leaseMs?: unknown }
  if (!isIdentifier(o.brokerId)) throw new OtaError('OTA_INVALID_ARGUMENT', `cluster.brokerId must be an identifier, got ${JSON.stringify(o.brokerId)}`)
  // Without the lease every broker would recover and run every rollout of the shared folder.
  if (typeof o.redis !== 'string') throw new OtaError('OTA_INVALID_ARGUMENT', 'cluster.redis must be the cluster\'s Redis URL (it holds the rollout lease)')
  redactRedisUrl(o.redis)
  return { brokerId: o.brokerId, redis: o.redis, leaseMs: int(o.leaseMs, 'cluster.leaseMs', 300, 600_000, 10_000) }
}

function broadcastOf (b: unknown): BroadcastOptions {
  if (b === false) b = { minDevices: 0 }
  if (b !== undefined && (b === null || typeof b !== 'object' || Array.isArray(b))) throw new OtaError('OTA_INVALID_ARGUMENT', 'broadcast must be false or an object')
  const o = (b ?? {}) as Partial<BroadcastOptions>
  return {
    minDevices: int(o.minDevices, 'broadcast.minDevices', 0, 1_000_000, 2),
    maxInflightFrames: int(o.maxInflightFrames, 'broadcast.maxInflightFrames', 1, 64, 8),
    maxBufferedBytes: int(o.maxBufferedBytes, 'broadcast.maxBufferedBytes', 0, 2 ** 30, 256 * 1024),
    gatherMs: int(o.gatherMs, 'broadcast.gatherMs', 0, 60_000, 300),
    stallMs: int(o.stallMs, 'broadcast.stallMs', 1, 600_000, 1000)
  }
}

/**
 * Validates plugin options and fills defaults.
 * @throws OtaError `OTA_INVALID_ARGUMENT` for a missing or out-of-range option, and whatever
 *   proto `verifyRoot` / `verifyRootChain` throw for root envelopes that do not verify
 */
export function resolveOptions (o: OtaPluginOptions): ResolvedOptions {
  if (o == null || typeof o !== 'object') throw new OtaError('OTA_INVALID_ARGUMENT', 'options must be an object')
  if (typeof o.dataDir !== 'string' || o.dataDir.length === 0) throw new OtaError('OTA_INVALID_ARGUMENT', 'dataDir must be a folder path')
  if (o.trust == null) throw new OtaError('OTA_INVALID_ARGUMENT', 'trust (root metadata) is required')
  const now = o.now ?? Date.now
  // pino-roll would roll after every line below this: no audit record is that small.
  if (o.auditRotation?.maxSize !== undefined && o.auditRotation.maxSize > 0 && o.auditRotation.maxSize < 1024) throw new OtaError('OTA_INVALID_ARGUMENT', 'auditRotation.maxSize must be 0 or at least 1024 bytes')
  const chain = o.trust instanceof Uint8Array ? [o.trust] : Array.isArray(o.trust) ? [...(o.trust as readonly Uint8Array[])] : null
  const trust = chain !== null ? (chain.length === 1 ? verifyRoot(chain[0]!, now()) : verifyRootChain(chain, now())) : o.trust as TrustedRoot
  const published = newestRootsThatFit(chain ?? [trust.envelope])
  const topics = new Topics(o.topicPrefix ?? 'ota')
  const cluster = clusterOf(o.cluster)
  const maxBundleSize = int(o.maxBundleSize, 'maxBundleSize', 1024, 2 ** 31, 256 * 1024 * 1024)
  return {
    trust,
    rootChain: published,
    rootsLeftOut: (chain?.length ?? 1) - published.length,
    dataDir: o.dataDir,
    auditLog: o.auditLog ?? (cluster !== null ? `${o.dataDir}/audit.${cluster.brokerId}.log` : `${o.dataDir}/audit.log`),
    auditRotation: {
      maxSize: int(o.auditRotation?.maxSize, 'auditRotation.maxSize', 0, 2 ** 40, 10 * 1024 * 1024),
      frequency: oneOf(o.auditRotation?.frequency, 'auditRotation.frequency', ['daily', 'hourly', 'none'] as const, 'none'),
      keep: int(o.auditRotation?.keep, 'auditRotation.keep', 0, 100_000, 0)
    },
    topics,
    requireCertificate: o.requireCertificate ?? false,
    maxInflightFrames: int(o.maxInflightFrames, 'maxInflightFrames', 1, 64, 8),
    maxQueuedChunks: int(o.maxQueuedChunks, 'maxQueuedChunks', 1, 65536, 512),
    maxBundleSize,
    broadcast: broadcastOf(o.broadcast),
    inventoryFlushMs: int(o.inventoryFlushMs, 'inventoryFlushMs', 10, 600_000, 1000),
    flapping: {
      takeovers: int(o.flapping?.takeovers, 'flapping.takeovers', 2, 1000, 3),
      windowMs: int(o.flapping?.windowMs, 'flapping.windowMs', 100, 3_600_000, 10_000),
      cooldownMs: int(o.flapping?.cooldownMs, 'flapping.cooldownMs', 100, 86_400_000, 60_000)
    },
    groups: groupsOf(o.groups),
    confirmTimeoutMs: int(o.confirmTimeoutMs, 'confirmTimeoutMs', 1, 30 * 24 * 3_600_000, 15 * 60_000),
    limits: resolveLimits(o.limits, topics, maxBundleSize, int),
    logger: o.logger ?? null,
    now,
    cluster
  }
}
