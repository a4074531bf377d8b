/**
 * Status events: built here with their LwM2M result, published encoded to the device's audit
 * topic at QoS 1 without retain (the broker keeps the retained last-known state itself).
 */
import type { Logger } from 'pino'
import {
  Lwm2mResult, State, encodeStatusEvent, statusEventToJson, type OtaError, type StateName, type StatusEvent, type Topics
} from '../proto/index.js'
import type { SlotName } from './options.js'

/** Facts every event of a device carries. */
export interface AuditContext {
  deviceId: string
  model: string
  /** version running now */
  currentVersion: string
  /** the device's anti-rollback counter */
  securityVersion: number
  /** the device's hardware revision, when it knows one */
  hardwareRevision?: string
  /** ota.proto `SupportStatus` of the running image (proto `SupportStatus`); default UNKNOWN */
  support?: number
  /** ms; end of support of the running image's model; 0 = none announced */
  endOfLifeAt?: number
  /** SBOM digest of the running image */
  sbomSha256?: Uint8Array
}

/** The per-event fields; all optional. Sizes in bytes. */
export interface StatusFields {
  /** version being installed */
  targetVersion?: string
  /** image SHA-256 (the artifact id) */
  artifact?: Uint8Array
  bytesReceived?: number
  bytesTotal?: number
  /** the slot the event is about */
  slot?: SlotName
  /** TRIAL, CONFIRMED, REVERTED: the version that ran before the current one */
  previousVersion?: string
  detail?: string
  /** DEFERRED: when consent is asked again, ms */
  deferredUntil?: number
  /** the failure, for FAILED, REJECTED and REVERTED: sets `errorCode` and `result` */
  error?: OtaError
}

/** Longest `detail` sent; the broker refuses more than 1,024 characters and the event must stay under 4 KiB. */
const MAX_DETAIL = 512

function resultFor (state: StateName, error: OtaError | undefined): number {
  if (error !== undefined) return error.lwm2mResult
  if (state === 'CONFIRMED') return Lwm2mResult.SUCCESS
  if (state === 'DEFERRED') return Lwm2mResult.DEFERRED
  return Lwm2mResult.INITIAL
}

/**
 * Builds a status event. `time` is the device clock (ms); `receivedAt` is left 0 for the broker to stamp.
 */
export function buildStatusEvent (ctx: AuditContext, state: StateName, f: StatusFields = {}, now: number = Date.now()): StatusEvent {
  const detail = f.detail ?? f.error?.message ?? ''
  return {
    deviceId: ctx.deviceId,
    state: State[state],
    result: resultFor(state, f.error),
    currentVersion: ctx.currentVersion,
    targetVersion: f.targetVersion ?? '',
    time: now,
    detail: detail.length > MAX_DETAIL ? detail.slice(0, MAX_DETAIL - 1) + '…' : detail,
    errorCode: f.error?.code ?? '',
    artifact: f.artifact ?? new Uint8Array(0),
    bytesReceived: f.bytesReceived ?? 0,
    bytesTotal: f.bytesTotal ?? 0,
    securityVersion: ctx.securityVersion,
    model: ctx.model,
    receivedAt: 0,
    slot: f.slot ?? '',
    previousVersion: f.previousVersion ?? '',
    hardwareRevision: ctx.hardwareRevision ?? '',
    support: ctx.support ?? 0,
    endOfLifeAt: ctx.endOfLifeAt ?? 0,
    sbomSha256: ctx.sbomSha256 ?? new Uint8Array(0),
    deferredUntil: f.deferredUntil ?? 0
  }
}

/** The part of an mqtt.js client the publisher needs. */
export interface AuditTransport {
  publishAsync (topic: string, message: Buffer, opts: { qos: 1, retain: false }): Promise<unknown>
}

/**
 * Publishes status events to `topics.audit(deviceId)`, QoS 1, no retain. Publishing does not
 * block the update: mqtt.js keeps QoS 1 messages in order and re-sends them after a reconnect;
 * {@link AuditPublisher.flush} waits for the acknowledgements.
 */
export class AuditPublisher {
  private readonly pending = new Set<Promise<void>>()

  /**
   * @param transport - the connected mqtt.js client (or anything with its `publishAsync`)
   * @param topics - the topic layout
   * @param deviceId - the device whose audit topic events go to
   * @param log - where undelivered events are logged
   */
  constructor (private readonly transport: AuditTransport, private readonly topics: Topics, private readonly deviceId: string, private readonly log: Logger) {}

  /** Sends `e`; a failure is logged, never thrown (the update goes on). */
  publish (e: StatusEvent): void {
    const bytes = Buffer.from(encodeStatusEvent(e))
    const p = this.transport.publishAsync(this.topics.audit(this.deviceId), bytes, { qos: 1, retain: false })
      .then(() => {}, (err: unknown) => {
        this.log.warn({ event: statusEventToJson(e), err }, 'status event not delivered')
      })
      .finally(() => { this.pending.delete(p) })
    this.pending.add(p)
  }

  /** Waits until every event sent so far is acknowledged or has failed, at most `timeoutMs` ms. */
  async flush (timeoutMs = 5000): Promise<void> {
    if (this.pending.size === 0) return
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      Promise.allSettled([...this.pending]),
      new Promise<void>((resolve) => { timer = setTimeout(resolve, timeoutMs) })
    ])
    clearTimeout(timer)
  }
}
