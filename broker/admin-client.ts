/**
 * The operator's side: connecting with an operator certificate (CN = operator id,
 * OU = operator) to hand a release bundle to a running broker, or to read the fleet's inventory.
 */
import mqtt from 'mqtt'
import { OtaError, Topics, decodeAdminResult, decodeStatusEvent, isErrorCode, toOtaError, type AdminResult, type StatusEvent } from '../proto/index.js'

/** How an operator reaches the broker. Times in ms. */
export interface OperatorConnection {
  /** broker URL, e.g. `mqtts://127.0.0.1:8883` */
  url: string
  /** CA certificate (PEM) that signed the broker's certificate */
  ca: Buffer
  /** operator certificate and key (PEM) */
  cert: Buffer
  key: Buffer
  /** the operator id: the certificate's CN and the MQTT clientId */
  operatorId: string
  topicPrefix?: string
  /** how long to wait for the broker; default 60 000 */
  timeoutMs?: number
}

/** Options of {@link publishBundle}. */
export interface PublishBundleOptions extends OperatorConnection {
  /** the bundle bytes */
  bundle: Uint8Array
}

async function connectOperator (o: OperatorConnection): Promise<mqtt.MqttClient> {
  try {
    return await mqtt.connectAsync(o.url, {
      clientId: o.operatorId, protocolVersion: 4, clean: true, reconnectPeriod: 0, connectTimeout: Math.min(o.timeoutMs ?? 60_000, 30_000),
      ca: o.ca, cert: o.cert, key: o.key, rejectUnauthorized: true, servername: 'localhost'
    })
  } catch (e) {
    throw new OtaError('OTA_CONNECTION', `cannot connect to ${o.url} as operator ${o.operatorId}: ${e instanceof Error ? e.message : String(e)}`, { cause: e })
  }
}

async function subscribeOrDeny (client: mqtt.MqttClient, filters: string[], who: string): Promise<void> {
  // mqtt.js rejects a SUBACK holding 0x80 (refused) as an error.
  await client.subscribeAsync(filters, { qos: 1 }).catch((e: unknown) => {
    throw new OtaError('OTA_ACL_DENIED', `the broker refused ${who} a subscription to ${filters.join(', ')}: is this an operator certificate?`, { cause: e })
  })
}

/**
 * Publishes a bundle and waits for the broker's verdict.
 * @returns the broker's AdminResult when it accepted and announced the release
 * @throws OtaError `OTA_CONNECTION` when the broker cannot be reached or refuses the operator,
 *   `OTA_ACL_DENIED` for a certificate that is not an operator's, `OTA_TIMEOUT` without an
 *   answer, and the broker's own code (e.g. `OTA_UNTRUSTED_KEY`, `OTA_REPLAY`) when it refused the bundle
 */
export async function publishBundle (o: PublishBundleOptions): Promise<AdminResult> {
  const t = new Topics(o.topicPrefix ?? 'ota')
  const timeoutMs = o.timeoutMs ?? 60_000
  const client = await connectOperator(o)
  try {
    const answer = new Promise<AdminResult>((resolve, reject) => {
      const timer = setTimeout(() => reject(new OtaError('OTA_TIMEOUT', `no answer from the broker within ${timeoutMs} ms`)), timeoutMs)
      client.on('message', (topic, payload) => {
        if (topic !== t.adminResult(o.operatorId)) return
        clearTimeout(timer)
        try { resolve(decodeAdminResult(payload)) } catch (e) { reject(e) }
      })
      client.on('close', () => { clearTimeout(timer); reject(new OtaError('OTA_CONNECTION', 'the broker closed the connection')) })
    })
    answer.catch(() => {}) // observed below; a close before then must not be an unhandled rejection
    await subscribeOrDeny(client, [t.adminResult(o.operatorId)], o.operatorId)
    await client.publishAsync(t.adminRelease(o.operatorId), Buffer.from(o.bundle.buffer, o.bundle.byteOffset, o.bundle.byteLength), { qos: 1, retain: false })
      .catch((e: unknown) => { throw toOtaError(e, 'OTA_CONNECTION', 'the bundle could not be sent') })
    const r = await answer
    if (!r.ok) throw new OtaError(isErrorCode(r.code) ? r.code : 'OTA_BUNDLE', r.detail)
    return r
  } finally {
    await client.endAsync().catch(() => {})
  }
}

/** Options of {@link fetchInventory}. */
export interface FetchInventoryOptions extends OperatorConnection {
  /** how long to collect retained states after subscribing, ms; default 1000 */
  collectMs?: number
}

/**
 * The fleet's inventory: every device's last status event, as the broker keeps it retained on
 * `<p>/d/<id>/state`, sorted by device id.
 * @throws OtaError `OTA_CONNECTION`, `OTA_ACL_DENIED` as {@link publishBundle}
 */
export async function fetchInventory (o: FetchInventoryOptions): Promise<StatusEvent[]> {
  const t = new Topics(o.topicPrefix ?? 'ota')
  const client = await connectOperator(o)
  const byDevice = new Map<string, StatusEvent>()
  try {
    client.on('message', (topic, payload) => {
      const p = t.parse(topic)
      if (p?.kind !== 'state') return
      try {
        const e = decodeStatusEvent(payload)
        if (e.deviceId === p.id) byDevice.set(p.id, e)
      } catch { /* a malformed retained state is not inventory */ }
    })
    await subscribeOrDeny(client, [t.stateAll()], o.operatorId)
    await new Promise((resolve) => setTimeout(resolve, o.collectMs ?? 1000))
  } finally {
    await client.endAsync().catch(() => {})
  }
  return [...byDevice.values()].sort((a, b) => a.deviceId.localeCompare(b.deviceId))
}
