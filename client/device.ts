/**
 * The device: boots through its {@link BootControl}, connects to the broker over mutual TLS, and
 * runs each verified release through
 * OFFERED → (DEFERRED) → DOWNLOADING → DOWNLOADED → VERIFIED → INSTALLING → REBOOTING → TRIAL →
 * CONFIRMED | REVERTED, or FAILED / REJECTED, publishing one status event per step.
 *
 * This class only wires the parts: session.ts (MQTT), intake.ts (manifests, the update job),
 * update.ts (consent, download, install), trial.ts (health check, confirm, revert) and
 * reporter.ts (status events and the events below).
 */
import { EventEmitter } from 'node:events'
import type { Logger } from 'pino'
import { OtaError, isOtaError, toOtaError } from '../proto/index.js'
import { removeStaleTemporaries } from '../proto/files.js'
import type { BootResult } from './boot/boot-control.js'
import { imageIn, revertReason } from './boot/revert-reason.js'
import type { OtaDeviceEvents, RunningState } from './events.js'
import { Intake } from './intake.js'
import { resolveOptions, type OtaDeviceOptions, type ResolvedOptions } from './options.js'
import { Reporter } from './reporter.js'
import { Session } from './session.js'
import { Trial } from './trial.js'
import { Updater } from './update.js'
import { EndOfLifeWatch } from './eol/watch.js'

/**
 * A device taking secure firmware updates over MQTT. See the module comment for the flow and
 * {@link OtaDeviceEvents} for what it tells.
 *
 * @example
 * ```ts
 * const device = new OtaDevice({ id: 'dev-1', model: 'sensor', stateDir, trust, broker: 'mqtts://ota.example.com:8883', tls })
 * device.on('confirmed', (c) => console.log(`${c.from} → ${c.to} in ${c.seconds} s`))
 * await device.start()
 * ```
 */
export class OtaDevice extends EventEmitter<OtaDeviceEvents> {
  private readonly o: ResolvedOptions
  private readonly log: Logger
  private readonly report: Reporter
  private readonly session: Session
  private readonly trial: Trial
  private readonly intake: Intake
  private readonly eol: EndOfLifeWatch
  private started = false
  private stopping = false

  /**
   * @throws OtaError `OTA_INVALID_ARGUMENT` for an option missing or out of range (see {@link OtaDeviceOptions})
   */
  constructor (opts: OtaDeviceOptions) {
    super()
    const o = this.o = resolveOptions(opts)
    this.log = o.logger
    const emit = (event: string, ...args: unknown[]): void => { (this.emit as (e: string, ...a: unknown[]) => boolean).call(this, event, ...args) }
    const eol = this.eol = new EndOfLifeWatch({
      stateDir: o.stateDir,
      model: o.model,
      warningMs: o.eolWarningMs,
      now: o.now,
      hook: o.onEndOfLife,
      log: this.log,
      emit: (info) => { emit('endOfLife', info) },
      // The broker's inventory learns the new support status at once, not at the next update.
      changed: () => { if (this.started && !this.stopping) this.report.announce() }
    })
    this.report = new Reporter({
      id: o.id,
      model: o.model,
      hardwareRevision: o.hardwareRevision,
      lifecycle: () => eol.facts,
      onRunning: (m) => { eol.running(m) }
    }, this.log, emit)
    this.trial = new Trial(o, o.bootControl, this.report, this.log)
    const session = this.session = new Session(o, this.log, {
      message: (topic, payload) => { this.route(topic, payload) },
      // After every reconnection the device reports where it is, so a restarted broker's inventory is fresh.
      reconnected: () => { this.report.announce() },
      packetRefused: (e) => {
        // Sent once the connection is back (mqtt.js keeps QoS 1 publishes while offline).
        this.report.notice(e, `connection closed: ${e.message}`)
        emit('packetRefused', e)
      }
    })
    const reqTopic = o.topics.req(o.id)
    const updater = new Updater(o, {
      report: this.report,
      trial: this.trial,
      log: this.log,
      sendRequest: async (bytes) => { await session.client.publishAsync(reqTopic, Buffer.from(bytes), { qos: 0, retain: false }) },
      broadcast: {
        // In a SUBSCRIBE of its own, renewed apart from the fixed set (session.ts): a refusal costs only this topic.
        join: async (artifact) => { await session.join(o.topics.broadcast(o.model, artifact), 0) },
        leave: async (artifact) => { await session.leave(o.topics.broadcast(o.model, artifact)) }
      }
    })
    this.intake = new Intake(o, updater, this.report, this.log, async (m) => { await eol.announced(m) })
  }

  /**
   * The image running now, its slot and the anti-rollback counter.
   * @throws OtaError `OTA_STATE` before {@link OtaDevice.start} has booted the device
   */
  get state (): RunningState {
    return this.report.current
  }

  /**
   * Boots (secure boot of the active slot, or the trial image), connects to the broker (MQTT
   * 3.1.1, clean session, clientId = id, broker certificate verified; retried with backoff until
   * `connectTimeoutMs`, for ever by default), resolves a trial left from before a restart (health
   * check, then confirm or revert: a new image must reach the broker within
   * `trialConnectTimeoutMs` to count as healthy, else it is reverted and REVERTED is reported
   * once the old image connects),
   * publishes IDLE and subscribes to the model's manifest, the device's own offer topic (a
   * release a rollout offers to it alone; empty = withdrawn), its data topic and the trust root.
   * Resolves once subscribed.
   * @throws OtaError `OTA_INVALID_ARGUMENT` when already started; what the boot control throws
   *   (`OTA_STATE` when not provisioned, `OTA_BOOT_VERIFY`); `OTA_IDENTITY` when the broker refuses
   *   the device's credentials; `OTA_CONNECTION` when `connectTimeoutMs` ran out or the device was
   *   stopped first; `OTA_ACL_DENIED` when a subscription is refused
   */
  async start (): Promise<void> {
    if (this.started) throw new OtaError('OTA_INVALID_ARGUMENT', 'the device is already started')
    if (this.stopping) throw new OtaError('OTA_INVALID_ARGUMENT', 'the device was stopped; create a new one')
    this.started = true
    const { o } = this
    let b: BootResult
    let unreached: { back: BootResult, err: OtaError } | null = null
    try {
      // A power cut between a state write and its rename leaves its temporary file: swept once per start.
      const swept = await removeStaleTemporaries(o.stateDir)
      if (swept.removed.length + swept.failed.length > 0) this.log.info(swept, 'temporary files of an interrupted write')
      b = await o.bootControl.boot()
      await this.eol.load()
      this.report.setRunning(b)
      this.log.info({ version: b.version, slot: b.slot, trial: b.trial, reverted: b.reverted }, 'booted')
      if (b.trial) unreached = await this.openTrial(b)
      if (!b.trial || unreached !== null) await this.session.open()
      this.report.attach(this.session.client, o.topics)
    } catch (e) {
      this.started = false
      this.eol.stop()
      throw e
    }
    try {
      if (unreached !== null) this.trial.reverted(unreached.back, unreached.err, { version: b.version, artifact: b.manifest.image.sha256 })
      else await this.trial.settle(b)
      this.report.report('IDLE', { slot: this.report.current.slot })
      // The root first: its retained chain is then walked before the retained manifests are checked.
      await this.session.subscribe({ [o.topics.root()]: { qos: 1 }, [o.topics.manifest(o.model)]: { qos: 1 }, [o.topics.offer(o.id)]: { qos: 1 }, [o.topics.data(o.id)]: { qos: 0 } })
    } catch (e) {
      await this.report.detach()
      await this.session.close(true)
      this.started = false
      this.eol.stop()
      throw e
    }
    this.intake.expectRetained()
    this.log.info({ version: this.report.current.version }, 'listening for releases')
  }

  /**
   * The first connection of a trial boot, bounded by `trialConnectTimeoutMs` (and
   * `connectTimeoutMs` when set): a new image that cannot reach the broker failed its health
   * check. It is then given up on and the old image booted (REVERTED is reported by the caller
   * once connected).
   * @returns null when connected, else what runs now and why
   * @throws what {@link Session.open} throws other than a timeout; what the bootloader throws
   */
  private async openTrial (b: BootResult): Promise<{ back: BootResult, err: OtaError } | null> {
    const { o } = this
    const bound = o.connectTimeoutMs > 0 ? Math.min(o.connectTimeoutMs, o.trialConnectTimeoutMs) : o.trialConnectTimeoutMs
    try {
      await this.session.open(bound)
      return null
    } catch (e) {
      if (this.stopping || !isOtaError(e, 'OTA_CONNECTION')) throw e
      const err = revertReason('broker-not-reached', `${imageIn(b.version, b.slot)} did not reach the broker within ${bound} ms`, { cause: e, slot: b.slot })
      this.log.warn({ version: b.version, err }, 'trial image did not reach the broker; reverting')
      const back = await this.trial.giveUp(b)
      this.log.info({ version: back.version, slot: back.slot }, 'booted the previous image')
      return { back, err }
    }
  }

  /**
   * Disconnects cleanly. An update being consented to or downloaded is abandoned without a
   * FAILED event (its download resumes where it stopped at the next start); one already
   * installing runs to its end first. Pending status events are flushed. A {@link OtaDevice.start}
   * still waiting for the broker fails with `OTA_CONNECTION`.
   */
  async stop (): Promise<void> {
    if (this.stopping) return
    this.stopping = true
    this.eol.stop()
    this.session.abort()
    await this.intake.stop()
    await this.report.detach()
    await this.session.close()
    this.log.info('stopped')
  }

  private route (topic: string, payload: Buffer): void {
    const { o } = this
    const t = o.topics.parse(topic)
    if (t === null) return
    if (t.kind === 'data' && t.id === o.id) this.intake.handleFrame(payload)
    else if (t.kind === 'broadcast' && t.id === o.model) this.intake.handleBroadcast(t.artifact!, payload)
    else if (t.kind === 'manifest' && t.id === o.model) this.intake.onManifest(new Uint8Array(payload))
    else if (t.kind === 'offer' && t.id === o.id) this.intake.onOffer(new Uint8Array(payload))
    else if (t.kind === 'root') this.intake.onRoot(payload)
  }
}
