/**
 * Server-side publishes: the one place that builds a broker-originated MQTT packet, whether it
 * goes to every subscriber (`aedes.publish`) or to one connection (`client.publish`).
 */
import type { Aedes, Client, PublishPacket } from 'aedes'

/** A message the plugin itself publishes. */
export interface OutMessage {
  topic: string
  payload: Uint8Array
  qos: 0 | 1
  retain: boolean
  /** one connection only (e.g. a device's data frames); absent: every authorized subscriber */
  to?: Client
}

function packetOf (m: OutMessage): PublishPacket {
  const payload = Buffer.isBuffer(m.payload) ? m.payload : Buffer.from(m.payload.buffer, m.payload.byteOffset, m.payload.byteLength)
  return { cmd: 'publish', topic: m.topic, payload, qos: m.qos, retain: m.retain, dup: false }
}

/**
 * Publishes `m` through `via` (the broker, or one connection), or through `m.to` when set.
 * Resolves once aedes accepted it (for a connection: once the socket took the bytes).
 * @throws Error as aedes reports it (persistence failure for a retained message, a closed connection)
 */
export async function publishOut (via: Aedes | Client, m: OutMessage): Promise<void> {
  const target: Aedes | Client = m.to ?? via
  await new Promise<void>((resolve, reject) => {
    target.publish(packetOf(m), (err?: Error | null) => { if (err != null) reject(err); else resolve() })
  })
}
