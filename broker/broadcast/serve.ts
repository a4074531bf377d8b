/**
 * Serves the chunks of an accepted chunk request: what the broadcast takes
 * ({@link Broadcaster.take}) goes out once on the artifact's broadcast topic, the rest through
 * the unicast sender (broker/sender.ts), paced per device.
 */
import type { Client } from 'aedes'
import type { DeviceRates } from '../limits/rate.js'
import type { ChunkSender } from '../sender.js'
import type { Broadcaster } from './broadcaster.js'

/** The chunks a request asks for (handlers/outcome.ts `Outcome.serve`). */
export interface ServeRequest {
  client: Client
  device: { id: string, model: string }
  artifactId: string
  indexes: number[]
  /** the request says the device subscribes to the artifact's broadcast topic (read by the service only: the plugin sees subscriptions) */
  joined: boolean
}

/**
 * Hands `s` to the broadcast and the sender. A request that queues nothing new on either (every
 * chunk already queued, in flight, or over the device's queue) is charged to the device's
 * request rate (limits/rate.ts), as before broadcast.
 */
export function serveChunks (s: ServeRequest, broadcast: Broadcaster, sender: ChunkSender, rates: DeviceRates): void {
  const { unicast, queued } = broadcast.take(s.client, s.device, s.artifactId, s.indexes)
  const sent = unicast.length > 0 ? sender.enqueue(s.client, s.device, s.artifactId, unicast) : 0
  if (sent === 0 && queued === 0) rates.req.take(s.device.id)
}
