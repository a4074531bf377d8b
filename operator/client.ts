/**
 * The operator's side: connecting with an operator certificate (CN = operator id,
 * OU = operator) to hand a release bundle to a running broker, read the fleet's inventory or
 * list the current releases. Each call is one connection, one AdminRequest on
 * `<p>/admin/<op>/request` and one AdminAnswer on `<p>/admin/<op>/answer` (docs/PROTOCOL.md).
 */
import mqtt from 'mqtt'
import { OtaError, Topics, isErrorCode, toOtaError, type AdminResult, type ErrorCode } from '../proto/index.js'
import { decodeAdminAnswer, encodeAdminRequest, type AdminAnswer, type AdminRequest, type DeviceRecord, type ReleaseRecord } from '../proto/codec/operator.js'

/** How an operator reaches the broker. Times in ms. */
export interface OperatorConnection {
  /** broker URL, e.g. `mqtts://ota.example.com:8883` */
  url: string
  /** CA certificate (PEM) that signed the broker's certificate */
  ca: Buffer
  /** operator certificate and key (PEM) */
  cert: Buffer
  key: Buffer
  /** the operator id: the certificate's CN and the MQTT clientId */
  operatorId: string
  /**
   * name the broker's certificate must carry; default: the URL's host (a DNS name, or an IP
   * address checked against the certificate's IP SANs)
   */
  servername?: string
  /** the broker's OTA topic prefix (its `topicPrefix` option); default `ota` */
  topicPrefix?: string
  /** how long to wait for the broker; default 60 000 */
  timeoutMs?: number
}

/** Options of {@link publishBundle}. */
export interface PublishBundleOptions extends OperatorConnection {
  /** the bundle bytes */
  bundle: Uint8Array
  /** lift the publish rules an operator may override (security version, downgrade, sequence step); default false */
  force?: boolean
}

/** The broker's verdict on a published bundle. */
export interface PublishBundleResult extends AdminResult {
  /** the bundle was the model's current release already: nothing changed */
  alreadyCurrent: boolean
}

async function connectOperator (o: OperatorConnection): Promise<mqtt.MqttClient> {
  try {
    return await mqtt.connectAsync(o.url, {
      clientId: o.operatorId,
      protocolVersion: 4,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: Math.min(o.timeoutMs ?? 60_000, 30_000),
      ca: o.ca,
      cert: o.cert,
      key: o.key,
      rejectUnauthorized: true,
      ...(o.servername !== undefined ? { servername: o.servername } : {})
    })
  } catch (e) {
    throw new OtaError('OTA_CONNECTION', `cannot connect to ${o.url} as operator ${o.operatorId}: ${e instanceof Error ? e.message : String(e)}`, { cause: e })
  }
}

/**
 * Sends one request and waits for the one answer. Internal to operator/ (not exported from
 * `aedes-ota/operator`).
 * @throws OtaError `OTA_CONNECTION`, `OTA_ACL_DENIED`, `OTA_TIMEOUT`, and the decoder's codes
 */
export async function ask (o: OperatorConnection, req: AdminRequest): Promise<AdminAnswer> {
  const t = new Topics(o.topicPrefix ?? 'ota')
  const timeoutMs = o.timeoutMs ?? 60_000
  const client = await connectOperator(o)
  try {
    const answer = new Promise<AdminAnswer>((resolve, reject) => {
      const timer = setTimeout(() => reject(new OtaError('OTA_TIMEOUT', `no answer from the broker within ${timeoutMs} ms`)), timeoutMs)
      client.on('message', (topic, payload) => {
        if (topic !== t.adminAnswer(o.operatorId)) return
        clearTimeout(timer)
        try { resolve(decodeAdminAnswer(payload)) } catch (e) { reject(e) }
      })
      client.on('close', () => { clearTimeout(timer); reject(new OtaError('OTA_CONNECTION', 'the broker closed the connection')) })
    })
    answer.catch(() => {}) // observed below; a close before then must not be an unhandled rejection
    // mqtt.js rejects a SUBACK holding 0x80 (refused) as an error.
    await client.subscribeAsync(t.adminAnswer(o.operatorId), { qos: 1 }).catch((e: unknown) => {
      throw new OtaError('OTA_ACL_DENIED', `the broker refused ${o.operatorId} its answer topic: is this an operator certificate?`, { cause: e })
    })
    const bytes = encodeAdminRequest(req)
    await client.publishAsync(t.adminRequest(o.operatorId), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { qos: 1, retain: false })
      .catch((e: unknown) => { throw toOtaError(e, 'OTA_CONNECTION', 'the request could not be sent') })
    return await answer
  } finally {
    await client.endAsync().catch(() => {})
  }
}

/** The broker's refusal as an error with its code (`fallback` for a code this version does not know). */
export function refusal (r: AdminResult, fallback: ErrorCode): OtaError {
  return new OtaError(isErrorCode(r.code) ? r.code : fallback, r.detail)
}

/** An answer of the wrong kind as an error: the broker's refusal when it is a failed result. */
export function unexpected (a: AdminAnswer, wanted: string): OtaError {
  // A query the broker could not answer comes back as a failed result carrying its code.
  if (a.kind === 'result' && !a.result.ok) return refusal(a.result, 'OTA_DECODE')
  return new OtaError('OTA_DECODE', `the broker answered with ${a.kind}, expected ${wanted}`)
}

/**
 * Publishes a bundle and waits for the broker's verdict. Publishing the model's current
 * release again succeeds with `alreadyCurrent`.
 * @returns the broker's AdminResult when it accepted (or already had) the release
 * @throws OtaError `OTA_CONNECTION` when the broker cannot be reached or refuses the operator,
 *   `OTA_ACL_DENIED` for a certificate that is not an operator's, `OTA_TIMEOUT` without an
 *   answer, and the broker's own code when it refused the bundle (e.g. `OTA_UNTRUSTED_KEY`,
 *   `OTA_REPLAY`, `OTA_ROLLBACK`, `OTA_DOWNGRADE`, `OTA_SEQUENCE_JUMP`)
 */
export async function publishBundle (o: PublishBundleOptions): Promise<PublishBundleResult> {
  const a = await ask(o, { kind: 'release', bundle: o.bundle, force: o.force === true })
  if (a.kind !== 'result') throw unexpected(a, 'a result')
  if (!a.result.ok) throw refusal(a.result, 'OTA_BUNDLE')
  return { ...a.result, alreadyCurrent: a.alreadyCurrent }
}

/**
 * The fleet's inventory as the broker keeps it (it survives broker restarts): every device
 * that ever connected or reported, sorted by device id.
 * @throws OtaError as {@link publishBundle}; `OTA_TOO_LARGE` when the inventory exceeds the
 *   largest admin answer (`AdminLimits.answer`, 16 MiB)
 */
export async function fetchInventory (o: OperatorConnection): Promise<DeviceRecord[]> {
  const a = await ask(o, { kind: 'inventory' })
  if (a.kind !== 'inventory') throw unexpected(a, 'an inventory')
  return a.devices
}

/**
 * The current release of every model the broker serves, sorted by model.
 * @throws OtaError as {@link publishBundle}; `OTA_TOO_LARGE` when the list exceeds the largest
 *   admin answer (`AdminLimits.answer`, 16 MiB)
 */
export async function listReleases (o: OperatorConnection): Promise<ReleaseRecord[]> {
  const a = await ask(o, { kind: 'releases' })
  if (a.kind !== 'releases') throw unexpected(a, 'a release list')
  return a.releases
}
