/**
 * Server-side publishes: the one place that builds an OTA-originated MQTT packet, whether it goes
 * to every subscriber (the broker, aedes itself in the plugin or the service's MQTT client), to
 * one connection (an aedes `Client`), or to one device through the service (broker/service/peers.ts).
 */
import type { PublishPacket } from 'aedes'

/**
 * Something a packet can be handed to: aedes, one aedes connection, or the service's stand-ins.
 * `cb` fires once the packet was taken (for a connection: once its socket took the bytes), with
 * an error when it was not.
 */
export interface Publisher {
  publish: (packet: PublishPacket, cb: (err?: Error | null) => void) => void
}

/** A message the OTA core itself publishes. */
export interface OutMessage {
  topic: string
  payload: Uint8Array
  qos: 0 | 1
  retain: boolean
  /** one connection (or one device) only, e.g. a device's data frames; absent: every authorized subscriber */
  to?: Publisher
}

function packetOf (m: OutMessage): PublishPacket {
  const payload = Buffer.isBuffer(m.payload) ? m.payload : Buffer.from(m.payload.buffer, m.payload.byteOffset, m.payload.byteLength)
  return { cmd: 'publish', topic: m.topic, payload, qos: m.qos, retain: m.retain, dup: false }
}

/**
 * Publishes `m` through `via` (the broker, or one connection), or through `m.to` when set.
 * Resolves once it was accepted (for a connection: once the socket took the bytes).
 * @throws Error as the target reports it (persistence failure for a retained message, a closed connection)
 */
export async function publishOut (via: Publisher, m: OutMessage): Promise<void> {
  const target: Publisher = m.to ?? via
  await new Promise<void>((resolve, reject) => {
    target.publish(packetOf(m), (err?: Error | null) => { if (err != null) reject(err); else resolve() })
  })
}
