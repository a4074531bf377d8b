/**
 * The bound on MQTT packets the device reads. mqtt.js has no limit for incoming packets (MQTT 5
 * Maximum Packet Size does not exist in 3.1.1), and its parser (mqtt-packet) buffers a whole
 * packet before emitting it, so a broker could make the device hold any amount. This stream
 * sits between the TLS socket and mqtt.js (the `streamBuilder` seam of `MqttClient`), reads each
 * fixed header as it passes (MQTT 3.1.1 §2.2: one type byte, then the Remaining Length in 1 to
 * 4 bytes, §2.2.3) and destroys the connection when the declared length is over the limit,
 * before the body is read: at most the TLS records already received are in memory.
 */
import { Duplex } from 'node:stream'
import { Limits, OtaError, maxDataFrame } from '../proto/index.js'

/**
 * Bytes of a PUBLISH besides its payload that the device may be sent: the topic's 2-byte length
 * and the topic (proto/topics.ts: a prefix and an identifier of at most `Limits.maxIdentifier`
 * characters, UTF-8), and the 2-byte packet id. Generous, so a legal topic never trips it.
 */
const PUBLISH_OVERHEAD = 4096

/**
 * The largest Remaining Length (bytes) of a packet the device accepts: the largest legal payload
 * it subscribes to (a data frame of the largest chunk size, {@link maxDataFrame}, or an envelope
 * on the manifest, offer and root topics, `Limits.envelope`) plus {@link PUBLISH_OVERHEAD}.
 */
export const MAX_INCOMING_PACKET = Math.max(maxDataFrame(Limits.maxChunkSize), Limits.envelope) + PUBLISH_OVERHEAD

type Phase = 'type' | 'length' | 'body'

/**
 * Watches `socket` (the TLS socket or WebSocket stream mqtt.js built) and returns it: each fixed
 * header is read as it passes, from a `data` listener registered before mqtt.js pipes the socket
 * into its parser. When a header declares a Remaining Length over `limit` (`OTA_TOO_LARGE`) or
 * has a length field longer than 4 bytes (`OTA_DECODE`), `onRefused` is called and the socket is
 * destroyed at once: the parser holds at most the chunk that carried the header (one TLS record,
 * at most 16 KiB, RFC 8446 §5.1; over `wss:` one WebSocket message, which session.ts bounds with
 * ws' `maxPayload`), never the packet. mqtt.js then reconnects with its backoff.
 * Not a wrapping stream: the socket's own flow control stays mqtt.js's.
 * @param limit - bytes, the largest Remaining Length accepted
 */
export function guardPackets<S extends Duplex> (socket: S, limit: number, onRefused: (e: OtaError) => void): S {
  let phase: Phase = 'type'
  let length = 0
  let lengthBytes = 0
  let remaining = 0
  let refused = false

  /** Advances the header parser over `chunk`. @returns the refusal, or null when the chunk may pass */
  const scan = (chunk: Buffer): OtaError | null => {
    let i = 0
    while (i < chunk.length) {
      if (phase === 'type') {
        i++
        phase = 'length'
        length = 0
        lengthBytes = 0
      } else if (phase === 'length') {
        const b = chunk[i++]!
        length += (b & 0x7f) * 128 ** lengthBytes
        lengthBytes++
        if ((b & 0x80) !== 0) {
          if (lengthBytes === 4) return new OtaError('OTA_DECODE', 'an MQTT remaining length field is longer than 4 bytes (MQTT 3.1.1 §2.2.3)')
          continue
        }
        if (length > limit) return new OtaError('OTA_TOO_LARGE', `the broker sent an MQTT packet of ${length} bytes, more than the ${limit} bytes of the largest legal frame`, { details: { bytes: length, limit } })
        remaining = length
        phase = remaining > 0 ? 'body' : 'type'
      } else {
        const n = Math.min(remaining, chunk.length - i)
        i += n
        remaining -= n
        if (remaining === 0) phase = 'type'
      }
    }
    return null
  }

  socket.prependListener('data', (chunk: Buffer) => {
    if (refused) return
    const e = scan(chunk)
    if (e === null) return
    refused = true
    onRefused(e)
    socket.destroy(e)
  })
  return socket
}
