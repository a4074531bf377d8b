/**
 * The seam between the OTA core and the broker it runs in (docs/ARCHITECTURE.md, "The OTA core
 * and its two adapters"): the core publishes through an {@link OtaBus} and reads retained
 * messages from it; the plugin's bus is aedes itself, the service's an MQTT client of another
 * broker (broker/service/bus.ts).
 */
import type { Aedes } from 'aedes'
import type { Publisher } from './outbound.js'

/** A retained message read back from the broker. */
export interface RetainedMessage { topic: string, payload: Buffer }

/** What the OTA core needs of its broker. */
export interface OtaBus extends Publisher {
  /**
   * The retained messages whose topics match `filter` (one `+` level at most), read once (the
   * rollouts' offers at start). Ends when every retained message was read.
   * @throws Error when the broker's retained store cannot be read
   */
  retained: (filter: string) => AsyncIterable<RetainedMessage>
}

/** aedes as the core's bus: publishes go through aedes, retained messages come from its persistence. */
export function aedesBus (aedes: Aedes): OtaBus {
  // aedes 1.x types its persistence loosely; createRetainedStream is part of aedes-persistence's interface.
  const persistence = (): { createRetainedStream: (pattern: string) => AsyncIterable<RetainedMessage> } =>
    (aedes as unknown as { persistence: { createRetainedStream: (pattern: string) => AsyncIterable<RetainedMessage> } }).persistence
  return {
    publish: (packet, cb) => { aedes.publish(packet, cb) },
    retained: (filter) => persistence().createRetainedStream(filter)
  }
}
