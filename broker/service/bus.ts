/**
 * The service's bus: the OTA core's publishes go out on the service's MQTT connection to the
 * foreign broker, whose ACL decides who receives them; retained messages are read back by
 * subscribing.
 */
import { randomBytes } from 'node:crypto'
import type { MqttClient } from 'mqtt'
import type { OtaBus, RetainedMessage } from '../bus.js'
import type { Topics } from '../../proto/index.js'

/** How long a retained read waits for the broker at most, ms. */
const RETAINED_READ_MS = 30_000

/**
 * The bus over `client`. A publish's callback fires once mqtt.js wrote the packet (QoS 0) or
 * the broker acknowledged it (QoS 1); while the connection is down, QoS 0 packets are dropped
 * (the client is made with `queueQoSZero: false`: a data frame is worth nothing late, the
 * device asks again) and QoS 1 packets wait for the reconnection.
 */
export function mqttBus (client: MqttClient, topics: Topics): OtaBus {
  return {
    publish: (packet, cb) => {
      client.publish(packet.topic, packet.payload as Buffer, { qos: packet.qos as 0 | 1, retain: packet.retain }, (err) => { cb(err ?? null) })
    },
    retained: (filter) => readRetained(client, topics, filter)
  }
}

/**
 * Reads the retained messages under `filter`: subscribes, then publishes an empty, unretained
 * marker on a topic the filter matches and that no device has (`<filter with + = ota-sync-<random>>`).
 * A broker sends a new subscriber the retained messages before anything published after the
 * subscription (MQTT 3.1.1 section 3.3.1.3, 4.6: ordering per subscription), so once the marker
 * arrives every retained message has. The service's ACL grants it the whole prefix.
 * @throws Error when the subscription fails or the marker does not come back within 30 s
 */
async function * readRetained (client: MqttClient, topics: Topics, filter: string): AsyncGenerator<RetainedMessage> {
  const marker = filter.replace('+', `ota-sync-${randomBytes(6).toString('hex')}`)
  if (marker === filter || topics.parse(marker) === null) throw new Error(`cannot read retained messages of ${filter}: no marker topic`)
  const got: RetainedMessage[] = []
  let done: () => void = () => {}
  const finished = new Promise<void>((resolve) => { done = resolve })
  const onMessage = (topic: string, payload: Buffer, packet: { retain?: boolean }): void => {
    if (topic === marker) { done(); return }
    if (packet.retain === true && matches(filter, topic)) got.push({ topic, payload })
  }
  client.on('message', onMessage)
  let timer: NodeJS.Timeout | undefined
  // The bound covers the subscription and the marker too: a broker whose ACL does not name the
  // service grants the SUBSCRIBE (Mosquitto) and never delivers the marker.
  const late = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => { reject(new Error(`retained messages of ${filter} not read within ${RETAINED_READ_MS} ms (does the broker's ACL give the service the whole prefix?)`)) }, RETAINED_READ_MS) })
  late.catch(() => {})
  try {
    await Promise.race([(async () => {
      await client.subscribeAsync(filter, { qos: 1 })
      await client.publishAsync(marker, Buffer.alloc(0), { qos: 1, retain: false })
      await finished
    })(), late])
  } finally {
    clearTimeout(timer)
    client.removeListener('message', onMessage)
    await client.unsubscribeAsync(filter).catch(() => {})
  }
  yield * got
}

/** Whether `topic` matches `filter` (`+` levels only, as the core asks). */
function matches (filter: string, topic: string): boolean {
  const f = filter.split('/')
  const t = topic.split('/')
  return f.length === t.length && f.every((x, i) => x === '+' || x === t[i])
}
