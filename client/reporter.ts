/**
 * The device's reporting: every status event is built here from what runs now, logged, published
 * to the audit topic (when connected) and emitted as `status`; the other device events go out
 * through here too, so no part of the device needs the facade to speak.
 */
import type { Logger } from 'pino'
import { OtaError, stateName, toHex, type Manifest, type StateName } from '../proto/index.js'
import { AuditPublisher, buildStatusEvent, type AuditTransport, type StatusFields } from './audit.js'
import type { EmitDeviceEvent, RunningState } from './events.js'
import type { Topics } from '../proto/index.js'

/** States of an update still under way: after a reconnect the device reports the last one again. */
const IN_PROGRESS = new Set<StateName>(['OFFERED', 'DEFERRED', 'DOWNLOADING', 'DOWNLOADED', 'VERIFIED', 'INSTALLING', 'REBOOTING', 'TRIAL'])

/** What every status event says about the device besides its version: see {@link Reporter}. */
export interface ReporterFacts {
  /** the device id and model every event carries */
  id: string
  model: string
  /** the device's hardware revision, when it knows one */
  hardwareRevision: string | undefined
  /** the support status (proto `SupportStatus`) and end-of-life date (ms, 0 = none) now */
  lifecycle: () => { support: number, endOfLifeAt: number }
  /** told the manifest of the image that runs, after each boot */
  onRunning: (m: Manifest) => void
}

/** Builds, logs, publishes and emits the device's status events. */
export class Reporter {
  private running: RunningState | null = null
  private manifest: Manifest | null = null
  private audit: AuditPublisher | null = null
  private last: { state: StateName, f: StatusFields } | null = null

  /**
   * @param ids - what every event says of the device (id, model, hardware revision, support status)
   * @param log - the device's logger (bindings `deviceId`, `model`)
   * @param emit - the device's event emitter
   */
  constructor (private readonly ids: ReporterFacts, private readonly log: Logger, readonly emit: EmitDeviceEvent) {}

  /**
   * What runs now: its version, slot and the anti-rollback counter.
   * @throws OtaError `OTA_STATE` before the first boot
   */
  get current (): RunningState {
    if (this.running === null) throw new OtaError('OTA_STATE', 'the device has not booted; call start() first')
    return { ...this.running }
  }

  /**
   * Records what runs now (after a boot or a confirm); later events carry it, with the SBOM digest
   * of its manifest. A confirm passes no manifest: the confirmed image is the one the trial booted.
   */
  setRunning (r: RunningState & { manifest?: Manifest }): void {
    this.running = { version: r.version, slot: r.slot, securityCounter: r.securityCounter }
    if (r.manifest !== undefined) {
      this.manifest = r.manifest
      this.ids.onRunning(r.manifest)
    }
  }

  /** Starts publishing events to `topics.audit(id)` through `transport` (a connected mqtt.js client). */
  attach (transport: AuditTransport, topics: Topics): void {
    this.audit = new AuditPublisher(transport, topics, this.ids.id, this.log)
  }

  /** Waits for published events to be acknowledged (at most `timeoutMs`), then stops publishing. */
  async detach (timeoutMs?: number): Promise<void> {
    const a = this.audit
    this.audit = null
    await a?.flush(timeoutMs)
  }

  /** Publishes a status event and emits it as `status`. */
  report (state: StateName, f: StatusFields = {}): void {
    const r = this.current
    const { support, endOfLifeAt } = this.ids.lifecycle()
    const e = buildStatusEvent({
      deviceId: this.ids.id,
      model: this.ids.model,
      currentVersion: r.version,
      securityVersion: r.securityCounter,
      ...(this.ids.hardwareRevision !== undefined ? { hardwareRevision: this.ids.hardwareRevision } : {}),
      support,
      endOfLifeAt,
      ...(this.manifest !== null ? { sbomSha256: this.manifest.sbomSha256 } : {})
    }, state, f)
    this.last = { state, f }
    const fields: Record<string, unknown> = { state, version: r.version }
    if (f.targetVersion !== undefined) fields.target = f.targetVersion
    if (f.previousVersion !== undefined) fields.previous = f.previousVersion
    if (f.artifact !== undefined) fields.artifact = toHex(f.artifact)
    if (f.error !== undefined) this.log.warn({ ...fields, code: f.error.code, err: f.error }, stateName(e.state))
    else this.log.info(fields, stateName(e.state))
    this.audit?.publish(e)
    this.emit('status', e)
  }

  /**
   * Reports the device's current state again, after a (re)connection: the last event of an
   * update under way, or IDLE with the running version and slot. The broker's inventory is then
   * fresh even when the broker restarted and lost it.
   */
  announce (): void {
    if (this.last !== null && IN_PROGRESS.has(this.last.state)) this.report(this.last.state, this.last.f)
    else this.report('IDLE', { slot: this.current.slot })
  }

  /**
   * Reports a refusal that is not about an update (a root chain refused, a packet over the
   * bound) without changing the device's state: the state of the update under way (or IDLE)
   * again, with the error and `detail`. What a later reconnection re-announces stays the
   * update's own event.
   */
  notice (err: OtaError, detail: string): void {
    const last = this.last
    const busy = last !== null && IN_PROGRESS.has(last.state)
    this.report(busy ? last.state : 'IDLE', { ...(busy ? last.f : { slot: this.current.slot }), error: err, detail })
    this.last = last
  }

  /** Reports a refused manifest (REJECTED) and emits `failed`. */
  rejected (err: OtaError, m: Manifest | null): void {
    const f: StatusFields = { error: err }
    if (m !== null) { f.targetVersion = m.version; f.artifact = m.image.sha256; f.bytesTotal = m.image.size }
    this.report('REJECTED', f)
    this.emit('failed', err)
  }
}
