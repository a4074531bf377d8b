/**
 * The retained per-device offers of the rollouts (`<p>/d/<id>/offer`, docs/PROTOCOL.md "Offers"):
 * which devices of a rollout hold one, publishing and clearing them, and at start clearing every
 * retained offer no active rollout owns (aedes keeps retained messages across a restart when its
 * persistence is not the default in-memory one).
 */
import type { Logger } from 'pino'
import type { Topics } from '../../proto/index.js'
import type { OtaBus } from '../bus.js'
import { publishOut } from '../outbound.js'
import type { RolloutDeviceState, RolloutPhase } from './types.js'

/** States of a device that was offered the release at some point (and may still hold the offer). */
const EVER_OFFERED = new Set<RolloutDeviceState>(['offered', 'updating', 'succeeded', 'failed'])
/**
 * States whose offer a paused rollout keeps: devices already under way, or done. A device still
 * `offered` (it never started: offline, deferring) is held back while paused so that it cannot
 * install a release whose rollout stopped; its offer comes back on resume.
 */
const KEPT_WHILE_PAUSED = new Set<RolloutDeviceState>(['updating', 'succeeded', 'failed'])

/**
 * True when a device in `state` of a rollout in `phase` holds the rollout's offer: it may fetch
 * chunks of the staged release, and its retained offer is the release's envelope.
 */
export function holdsOffer (phase: RolloutPhase, state: RolloutDeviceState): boolean {
  if (phase === 'running') return EVER_OFFERED.has(state)
  if (phase === 'paused') return KEPT_WHILE_PAUSED.has(state)
  return false
}

/** True when a device in `state` was offered the release at some point. */
export function wasOffered (state: RolloutDeviceState): boolean {
  return EVER_OFFERED.has(state)
}

/** Publishes and clears the retained offers of one plugin. */
export class Offers {
  constructor (private readonly bus: OtaBus, private readonly topics: Topics, private readonly log: Logger | null) {}

  /** Offers `envelope` (an Envelope(Manifest)) to `deviceId`, retained. A failure is logged: the next start republishes. */
  async offer (rolloutId: string, deviceId: string, envelope: Uint8Array): Promise<void> {
    await publishOut(this.bus, { topic: this.topics.offer(deviceId), payload: envelope, qos: 1, retain: true })
      .catch((err: unknown) => { this.log?.error({ err, rolloutId, deviceId }, 'offer not published') })
  }

  /** Clears the offer of `deviceId` (an empty retained payload: withdrawn). A failure is logged. */
  async clear (deviceId: string): Promise<void> {
    await publishOut(this.bus, { topic: this.topics.offer(deviceId), payload: new Uint8Array(0), qos: 1, retain: true })
      .catch((err: unknown) => { this.log?.error({ err, deviceId }, 'offer not cleared') })
  }

  /**
   * Clears every retained offer the broker holds whose device is not in `owned`: an
   * offer left by a rollout that completed or was aborted while the broker stopped before it
   * cleared its offers. Reads the retained messages of `<p>/d/+/offer` once.
   * @returns the device ids whose offer was cleared
   */
  async clearUnowned (owned: ReadonlySet<string>): Promise<string[]> {
    const stale: string[] = []
    for await (const packet of this.bus.retained(this.topics.offerAll())) {
      const t = this.topics.parse(packet.topic)
      if (t?.kind !== 'offer' || packet.payload.length === 0 || owned.has(t.id)) continue
      stale.push(t.id)
    }
    for (const id of stale) await this.clear(id)
    return stale
  }
}
