/**
 * What one plugin instance's hooks and handlers share. Everything here belongs to that
 * instance: two plugins in one process share nothing.
 */
import type { Client } from 'aedes'
import type { Logger } from 'pino'
import type { Topics } from '../proto/index.js'
import type { PublishLimits } from './acl.js'
import type { AuditLog } from './audit.js'
import type { OtaBus } from './bus.js'
import type { Identities } from './identity.js'
import type { Inventory } from './inventory.js'
import type { FlapGuard } from './flapping.js'
import type { ResolvedOptions } from './options.js'
import type { Refusals } from './refusals.js'
import type { ChunkSender } from './sender.js'
import type { ReleaseStore } from './store.js'
import type { RolloutManager } from './rollout/manager.js'
import type { BrickWatch } from './health/brick-watch.js'
import type { DeviceRates } from './limits/rate.js'
import type { Broadcaster } from './broadcast/index.js'


/** Adds `work` to `ctx.pending` until it settles (for `close()` to wait for it). */
export function trackPending (ctx: PluginContext, work: Promise<unknown>): void {
  const done = work.then(() => {}, () => {})
  ctx.pending.add(done)
  void done.then(() => ctx.pending.delete(done))
}

/** State and services of one OTA core (core.ts), whichever adapter runs it. */
export interface PluginContext {
  /** where the core publishes: aedes (plugin) or the service's MQTT client (bus.ts) */
  bus: OtaBus
  options: ResolvedOptions
  topics: Topics
  store: ReleaseStore
  sender: ChunkSender
  /** chunk frames broadcast once to every device of a model fetching the same artifact (broadcast/) */
  broadcast: Broadcaster
  audit: AuditLog
  /** operational logger (component `ota-plugin`), null when silent */
  log: Logger | null
  identities: Identities
  refusals: Refusals
  /** chunk requests refused per connection (for the limit in handlers/request.ts) */
  refusedRequests: WeakMap<Client, number>
  /** models whose current release is stored but its manifest announce failed (handlers/release.ts) */
  unannounced: Set<string>
  /** release work in progress (store, announce, verdict); settles, never rejects; `close()` waits for it */
  pending: Set<Promise<void>>
  inventory: Inventory
  flapping: FlapGuard
  /** per-device rates of chunk requests and status events, by certificate id (limits/rate.ts) */
  rates: DeviceRates
  limits: PublishLimits
  /** staged rollouts: offers, chunk gating (rollout/manager.ts) */
  rollouts: RolloutManager
  /** brick detection (health/brick-watch.ts) */
  health: BrickWatch
  now: () => number
}
