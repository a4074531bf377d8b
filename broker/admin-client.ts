/**
 * The operator's way to hand a release bundle to a running broker: over MQTT with an
 * operator certificate (CN = operator id, OU = operator). The bundle goes to
 * `<p>/admin/<op>/release`; the broker answers on `<p>/admin/<op>/result`.
 */
import mqtt from 'mqtt'
import { OtaError, Topics, decodeAdminResult, isErrorCode, type AdminResult } from '../proto/index.js'

/** Options of {@link publishBundle}. Times in ms. */
export interface PublishBundleOptions {
  /** broker URL, e.g. `mqtts://127.0.0.1:8883` */
  url: string
  /** CA certificate (PEM) that signed the broker's certificate */
  ca: Buffer
  /** operator certificate and key (PEM) */
  cert: Buffer
  key: Buffer
  /** the operator id: the certificate's CN and the MQTT clientId */
  operatorId: string
  /** the bundle bytes */
  bundle: Uint8Array
  topicPrefix?: string
  /** how long to wait for the broker's answer; default 60 000 */
  timeoutMs?: number
}

/**
 * Publishes a bundle and waits for the broker's verdict.
 * @returns the broker's AdminResult when it accepted and announced the release
 * @throws OtaError `OTA_CONNECTION` when the broker cannot be reached or refuses the operator,
 *   `OTA_TIMEOUT` without an answer, and the broker's own code (e.g. `OTA_UNTRUSTED_KEY`,
 *   `OTA_REPLAY`) when it refused the bundle
 */
export async function publishBundle (o: PublishBundleOptions): Promise<AdminResult> {
  const t = new Topics(o.topicPrefix ?? 'ota')
  const timeoutMs = o.timeoutMs ?? 60_000
  let client: mqtt.MqttClient
  try {
    client = await mqtt.connectAsync(o.url, {
      clientId: o.operatorId, protocolVersion: 4, clean: true, reconnectPeriod: 0, connectTimeout: Math.min(timeoutMs, 30_000),
      ca: o.ca, cert: o.cert, key: o.key, rejectUnauthorized: true, servername: 'localhost'
    })
  } catch (e) {
    throw new OtaError('OTA_CONNECTION', `cannot connect to ${o.url} as operator ${o.operatorId}: ${e instanceof Error ? e.message : String(e)}`, { cause: e })
  }
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
    // mqtt.js rejects a SUBACK holding 0x80 (refused) as an error.
    await client.subscribeAsync(t.adminResult(o.operatorId), { qos: 1 }).catch((e: unknown) => {
      throw new OtaError('OTA_ACL_DENIED', `the broker refused ${o.operatorId} the admin result topic: is this an operator certificate?`, { cause: e })
    })
    await client.publishAsync(t.adminRelease(o.operatorId), Buffer.from(o.bundle.buffer, o.bundle.byteOffset, o.bundle.byteLength), { qos: 1, retain: false })
    const r = await answer
    if (!r.ok) throw new OtaError(isErrorCode(r.code) ? r.code : 'OTA_BUNDLE', r.detail)
    return r
  } finally {
    await client.endAsync().catch(() => {})
  }
}
