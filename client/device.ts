/**
 * The device: boots through the bootloader, connects to the broker over mutual TLS, and runs
 * each verified release through
 * OFFERED → (DEFERRED) → DOWNLOADING → DOWNLOADED → VERIFIED → INSTALLING → REBOOTING → TRIAL →
 * CONFIRMED | REVERTED, or FAILED / REJECTED, publishing one status event per step.
 *
 * One update runs at a time. A newer verified manifest that arrives while an update is being
 * consented to or downloaded aborts it (FAILED, `OTA_SUPERSEDED`) and is handled next: the
 * retained manifest is the operator's current intent, and the release being fetched may have
 * been withdrawn for a reason. Once the new image is recorded (INSTALLING) the update runs to
 * CONFIRMED or REVERTED first, and the newer manifest is handled after it.
 */
import { EventEmitter } from 'node:events'
import { stat } from 'node:fs/promises'
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt'
import type { Logger } from 'pino'
import {
  OtaError, bitmapBytes, bytesEqual, chunkCount, highestBit, newBitmap, sha256, stateName, toHex, toOtaError, verifyManifest,
  type ErrorCode, type Manifest, type StateName, type StatusEvent, type VerifiedManifest
} from '../proto/index.js'
import { AuditPublisher, buildStatusEvent, type StatusFields } from './audit.js'
import { boot, confirm, revert, type BootResult } from './bootloader.js'
import { Downloader, type DownloadProgress } from './downloader.js'
import { resolveOptions, type OtaDeviceOptions, type ResolvedOptions, type SlotName } from './options.js'
import { checkManifest, resolveConsent } from './policy.js'
import { SlotWriter, slotPath } from './slots.js'
import { bitmapFromBase64, bitmapToBase64, loadState, otherSlot, saveState, withStateLock, type DeviceState } from './state.js'

/** Payload of the `confirmed` event. */
export interface ConfirmedEvent {
  /** version that ran before */
  from: string
  /** version now confirmed */
  to: string
  /** seconds from OFFERED to CONFIRMED */
  seconds: number
  /** chunk data bytes received for the update, including re-requests */
  bytes: number
}

/** What runs now. */
export interface RunningState {
  version: string
  slot: SlotName
  /** the anti-rollback counter */
  securityCounter: number
}

/** Events of {@link OtaDevice}. */
export interface OtaDeviceEvents {
  /** every status event published */
  status: [StatusEvent]
  /** download progress, bytes */
  progress: [DownloadProgress]
  confirmed: [ConfirmedEvent]
  /** an update ended without installing (FAILED or REJECTED), with the reason */
  failed: [OtaError]
  /** a trial image was given up on, with the reason */
  reverted: [OtaError]
}

/** Codes after which the same manifest is tried again when the broker delivers it again (after a reconnect). */
const RETRYABLE = new Set<ErrorCode>(['OTA_TIMEOUT', 'OTA_CONNECTION', 'OTA_IO', 'OTA_UNKNOWN_ARTIFACT'])
/** Codes that mean the bytes in the slot cannot be trusted: a resumed download starts over. */
const DISCARD = new Set<ErrorCode>(['OTA_IMAGE_DIGEST', 'OTA_CHUNK_PROOF', 'OTA_CHUNK_MISMATCH'])
/** End offset (bytes) of the last chunk a resume bitmap marks as stored; 0 when none is. */
function highestEnd (bitmap: Uint8Array, chunks: number, chunkSize: number, size: number): number {
  const i = highestBit(bitmap, chunks)
  return i < 0 ? 0 : Math.min((i + 1) * chunkSize, size)
}

/** How many manifests are remembered as handled. */
const HANDLED_MAX = 64

interface Job {
  vm: VerifiedManifest
  key: string
  artifact: string
  phase: 'consent' | 'download' | 'install'
  abort: AbortController
  downloader: Downloader | null
  done: Promise<void>
}

function abortable<T> (p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => { reject(signal.reason) }
    signal.addEventListener('abort', onAbort, { once: true })
    p.then(resolve, reject).finally(() => { signal.removeEventListener('abort', onAbort) })
  })
}

function sleep (ms: number, signal: AbortSignal): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  return abortable(new Promise<void>((resolve) => { timer = setTimeout(resolve, ms) }), signal).finally(() => { clearTimeout(timer) })
}

/**
 * A device taking secure firmware updates over MQTT. See the module comment for the flow.
 *
 * @example
 * ```ts
 * const device = new OtaDevice({ id: 'dev-1', model: 'sensor', stateDir, trust, broker: 'mqtts://127.0.0.1:8883', tls })
 * device.on('confirmed', (c) => console.log(`${c.from} → ${c.to} in ${c.seconds} s`))
 * await device.start()
 * ```
 */
export class OtaDevice extends EventEmitter<OtaDeviceEvents> {
  private readonly o: ResolvedOptions
  private readonly log: Logger
  private client: MqttClient | null = null
  private audit: AuditPublisher | null = null
  private running: RunningState | null = null
  private job: Job | null = null
  private queued: Uint8Array | null = null
  private readonly handled = new Set<string>()
  private readonly roots = new Set<string>()
  private manifests: Promise<void> = Promise.resolve()
  private started = false
  private stopping = false

  /**
   * @throws OtaError `OTA_INVALID_ARGUMENT` for an option missing or out of range (see {@link OtaDeviceOptions})
   */
  constructor (opts: OtaDeviceOptions) {
    super()
    this.o = resolveOptions(opts)
    this.log = this.o.logger
  }

  /**
   * The image running now, its slot and the anti-rollback counter.
   * @throws OtaError `OTA_STATE` before {@link OtaDevice.start} has booted the device
   */
  get state (): RunningState {
    if (this.running === null) throw new OtaError('OTA_STATE', 'the device has not booted; call start() first')
    return { ...this.running }
  }

  /**
   * Boots (secure boot of the active slot, or the trial image), connects to the broker (MQTT
   * 3.1.1, clean session, clientId = id, broker certificate verified), resolves a trial left
   * from before a restart (health check, then confirm or revert: a new image must reach the
   * broker to count as healthy), publishes IDLE and subscribes to the model's manifest, the
   * device's data topic and the trust root.
   * @throws OtaError `OTA_INVALID_ARGUMENT` when already started; what {@link boot} throws
   *   (`OTA_STATE` when not provisioned, `OTA_BOOT_VERIFY`); `OTA_IDENTITY` when the broker refuses
   *   the device's credentials; `OTA_CONNECTION` when it cannot be reached; `OTA_ACL_DENIED` when a
   *   subscription is refused
   */
  async start (): Promise<void> {
    if (this.started) throw new OtaError('OTA_INVALID_ARGUMENT', 'the device is already started')
    if (this.stopping) throw new OtaError('OTA_INVALID_ARGUMENT', 'the device was stopped; create a new one')
    this.started = true
    const { o } = this
    let b: BootResult
    let client: MqttClient
    try {
      b = await boot(o.stateDir, o.trust, { model: o.model })
      this.setRunning(b)
      this.log.info({ version: b.version, slot: b.slot, trial: b.trial, reverted: b.reverted }, 'booted')
      client = await this.connect()
    } catch (e) {
      this.started = false
      throw e
    }
    this.client = client
    this.audit = new AuditPublisher(client, o.topics, o.id, this.log)
    client.on('message', (topic, payload) => { this.onMessage(topic, payload) })
    try {
      if (b.reverted) this.reportRevert(b, b.reason ?? new OtaError('OTA_BOOT_VERIFY'), '')
      if (b.trial) await this.resolveTrial(b)
      this.publish('IDLE', { slot: this.running!.slot })
      await this.subscribe(client)
    } catch (e) {
      await this.audit.flush()
      await client.endAsync(true).catch(() => {})
      this.client = null
      this.started = false
      throw e
    }
    this.log.info({ version: this.running!.version }, 'listening for releases')
  }

  /**
   * @throws OtaError `OTA_ACL_DENIED` when the broker refuses a subscription, `OTA_CONNECTION` when subscribing fails otherwise
   */
  private async subscribe (client: MqttClient): Promise<void> {
    const { o } = this
    const subs = { [o.topics.manifest(o.model)]: { qos: 1 as const }, [o.topics.data(o.id)]: { qos: 0 as const }, [o.topics.root()]: { qos: 1 as const } }
    let denied: string[] = []
    try {
      const granted = await client.subscribeAsync(subs)
      denied = granted.filter((g) => (g.qos & 0x80) !== 0).map((g) => g.topic)
    } catch (e) {
      const granted = (e as { packet?: { granted?: number[] } }).packet?.granted
      if (granted === undefined) throw toOtaError(e, 'OTA_CONNECTION', 'subscribing failed')
      denied = Object.keys(subs).filter((_, i) => ((granted[i] ?? 0x80) & 0x80) !== 0)
    }
    if (denied.length > 0) {
      this.log.error({ code: 'OTA_ACL_DENIED', topics: denied }, 'subscription refused')
      throw new OtaError('OTA_ACL_DENIED', `the broker refused the subscription to ${denied.join(', ')}`, { details: { topics: denied } })
    }
  }

  /**
   * Disconnects cleanly. An update being consented to or downloaded is abandoned without a
   * FAILED event (its download resumes where it stopped at the next start); one already
   * installing runs to its end first. Pending status events are flushed.
   */
  async stop (): Promise<void> {
    if (this.stopping) return
    this.stopping = true
    // Manifests first: one being checked may still start an update, which is then stopped below.
    await this.manifests
    const job = this.job
    if (job !== null) {
      if (job.phase !== 'install') job.abort.abort(new OtaError('OTA_CONNECTION', 'the device is stopping'))
      await job.done
    }
    const client = this.client
    this.client = null
    if (client !== null) {
      await this.audit?.flush()
      await client.endAsync().catch((e: unknown) => { this.log.warn({ err: (e as Error).message }, 'disconnect failed') })
    }
    this.log.info('stopped')
  }

  private async connect (): Promise<MqttClient> {
    const { o } = this
    const opts: IClientOptions = {
      protocolVersion: 4,
      clean: true,
      clientId: o.id,
      ca: o.tls.ca,
      cert: o.tls.cert,
      key: o.tls.key,
      rejectUnauthorized: true,
      servername: o.tls.servername,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      keepalive: 30
    }
    let client: MqttClient
    try {
      // No retries for the first connection: start() reports a broker it cannot reach instead of waiting for ever.
      client = await mqtt.connectAsync(o.broker, opts, false)
    } catch (e) {
      const rc = (e as { code?: unknown }).code
      const refused = rc === 2 || rc === 4 || rc === 5
      throw toOtaError(e, refused ? 'OTA_IDENTITY' : 'OTA_CONNECTION', `cannot connect to ${o.broker}`)
    }
    client.on('error', (e) => { this.log.warn({ code: 'OTA_CONNECTION', err: e.message }, 'connection error') })
    client.on('offline', () => { this.log.warn({ code: 'OTA_CONNECTION' }, 'offline; reconnecting') })
    client.on('connect', () => { this.log.info('reconnected') })
    return client
  }

  private setRunning (b: BootResult): void {
    this.running = { version: b.version, slot: b.slot, securityCounter: b.securityCounter }
  }

  /** Publishes a status event and emits it as `status`. */
  private publish (state: StateName, f: StatusFields = {}): void {
    const r = this.running!
    const e = buildStatusEvent({ deviceId: this.o.id, model: this.o.model, currentVersion: r.version, securityVersion: r.securityCounter }, state, f)
    const fields: Record<string, unknown> = { state, version: r.version }
    if (f.targetVersion !== undefined) fields.target = f.targetVersion
    if (f.artifact !== undefined) fields.artifact = toHex(f.artifact)
    if (f.error !== undefined) fields.code = f.error.code
    if (f.error !== undefined) this.log.warn({ ...fields, err: f.error.message }, stateName(e.state))
    else this.log.info(fields, stateName(e.state))
    this.audit?.publish(e)
    this.emit('status', e)
  }

  private onMessage (topic: string, payload: Buffer): void {
    const t = this.o.topics.parse(topic)
    if (t === null) return
    if (t.kind === 'data' && t.id === this.o.id) {
      this.job?.downloader?.handleFrame(payload)
    } else if (t.kind === 'manifest' && t.id === this.o.model) {
      const bytes = new Uint8Array(payload)
      this.manifests = this.manifests.then(async () => { await this.handleManifest(bytes) }).catch((e: unknown) => {
        this.log.error({ err: e instanceof Error ? e.message : String(e) }, 'manifest handling failed')
      })
    } else if (t.kind === 'root') {
      this.onRoot(payload)
    }
  }

  private onRoot (payload: Buffer): void {
    if (payload.length === 0 || bytesEqual(payload, this.o.trust.envelope)) return
    const key = toHex(sha256(payload))
    if (this.roots.has(key)) return
    this.roots.add(key)
    // The provisioned root stays the trust anchor: a new root is only adopted through a
    // rotation signed by the current root keys, which this version of the device does not take.
    this.log.info({ bytes: payload.length, digest: key }, 'broker announces different root metadata; keeping the provisioned root')
  }

  private remember (key: string): void {
    this.handled.delete(key)
    this.handled.add(key)
    if (this.handled.size > HANDLED_MAX) this.handled.delete(this.handled.values().next().value!)
  }

  private reject (key: string, err: OtaError, m: Manifest | null): void {
    this.remember(key)
    const f: StatusFields = { error: err }
    if (m !== null) { f.targetVersion = m.version; f.artifact = m.image.sha256; f.bytesTotal = m.image.size }
    this.publish('REJECTED', f)
    this.emit('failed', err)
  }

  /** Verifies, checks and offers a manifest; runs one at a time (see `onMessage`). */
  private async handleManifest (bytes: Uint8Array): Promise<void> {
    if (this.stopping || bytes.length === 0) return
    const key = toHex(sha256(bytes))
    if (this.handled.has(key) || this.job?.key === key) return
    const { o } = this
    let vm: VerifiedManifest
    try {
      vm = verifyManifest(bytes, o.trust, { model: o.model })
    } catch (e) {
      this.reject(key, toOtaError(e, 'OTA_DECODE'), null)
      return
    }
    const m = vm.manifest
    let verdict
    try {
      verdict = await withStateLock(o.stateDir, async () => {
        const s = await loadState(o.stateDir)
        const v = checkManifest(m, {
          model: o.model,
          hardwareRevision: o.hardwareRevision,
          securityCounter: s.securityCounter,
          lastSequence: s.lastSequence,
          activeSha256: s.slots[s.active]!.sha256,
          refused: s.refused
        })
        if (m.sequence > s.lastSequence) {
          s.lastSequence = m.sequence
          await saveState(o.stateDir, s)
        }
        return v
      })
    } catch (e) {
      const err = toOtaError(e, 'OTA_STATE')
      if (err.code === 'OTA_MODEL_MISMATCH' || err.code === 'OTA_ROLLBACK' || err.code === 'OTA_REPLAY') this.reject(key, err, m)
      else this.log.error({ code: err.code, err: err.message }, 'cannot check the manifest against the device state')
      return
    }
    const artifact = toHex(m.image.sha256)
    if (verdict.action === 'skip') {
      this.remember(key)
      this.log.info({ version: m.version, artifact, reason: verdict.reason }, 'manifest needs no update')
      // The broker now announces something else than the release being fetched: it was withdrawn.
      const running = this.job
      if (running !== null && running.artifact !== artifact && running.phase !== 'install') {
        running.abort.abort(new OtaError('OTA_SUPERSEDED', `release ${m.version} was announced in place of ${running.vm.manifest.version}`))
      }
      return
    }
    const job = this.job
    if (job !== null) {
      if (job.artifact === artifact) {
        this.remember(key)
        return
      }
      this.queued = bytes
      if (job.phase !== 'install') job.abort.abort(new OtaError('OTA_SUPERSEDED', `release ${m.version} replaced ${job.vm.manifest.version}`))
      return
    }
    if (this.stopping) return
    this.startJob(vm, key)
  }

  private startJob (vm: VerifiedManifest, key: string): void {
    const job: Job = { vm, key, artifact: toHex(vm.manifest.image.sha256), phase: 'consent', abort: new AbortController(), downloader: null, done: Promise.resolve() }
    this.job = job
    job.done = this.runJob(job).finally(() => {
      this.job = null
      const next = this.queued
      this.queued = null
      if (next !== null && !this.stopping) {
        this.manifests = this.manifests.then(async () => { await this.handleManifest(next) }).catch((e: unknown) => {
          this.log.error({ err: e instanceof Error ? e.message : String(e) }, 'manifest handling failed')
        })
      }
    })
  }

  private async runJob (job: Job): Promise<void> {
    const m = job.vm.manifest
    const offeredAt = Date.now()
    const target = otherSlot(this.running!.slot)
    const about: StatusFields = { targetVersion: m.version, artifact: m.image.sha256, slot: target, bytesTotal: m.image.size }
    let received = 0
    try {
      if (!await this.consent(job, about)) return
      job.phase = 'download'
      const bytes = await this.download(job, target, about, (n) => { received = n })
      job.phase = 'install'
      await this.install(job, target, offeredAt, bytes, about)
    } catch (e) {
      const err = toOtaError(e, 'OTA_IO')
      if (this.stopping && job.abort.signal.aborted) {
        this.log.info({ version: m.version }, 'update interrupted by stop')
        return
      }
      if (!RETRYABLE.has(err.code)) this.remember(job.key)
      this.publish('FAILED', { ...about, bytesReceived: received, error: err })
      this.emit('failed', err)
    }
  }

  /** Asks the consent hook until it installs or declines. @returns false when declined */
  private async consent (job: Job, about: StatusFields): Promise<boolean> {
    const { o } = this
    const m = job.vm.manifest
    const signal = job.abort.signal
    for (;;) {
      this.publish('OFFERED', about)
      let answer: unknown
      try {
        answer = await abortable(Promise.resolve().then(async () => await o.consent(m)), signal)
      } catch (e) {
        if (signal.aborted) throw e
        this.log.warn({ version: m.version, err: e instanceof Error ? e.message : String(e) }, 'consent hook failed; deferring')
      }
      const s = await loadState(o.stateDir)
      const since = s.deferral?.artifact === job.artifact ? s.deferral.since : null
      const now = Date.now()
      const d = resolveConsent(m, answer, { deferredSince: since, now, deferIntervalMs: o.deferIntervalMs })
      if (d.action === 'defer') {
        if (since === null) await this.mutate((st) => { st.deferral = { artifact: job.artifact, since: now } })
        this.publish('DEFERRED', { ...about, detail: `asking again in ${Math.ceil(d.retryInMs / 1000)} s` })
        await sleep(d.retryInMs, signal)
        continue
      }
      await this.mutate((st) => {
        if (st.deferral === null && d.action === 'install') return false
        st.deferral = null
        if (d.action === 'decline') st.refused = job.artifact
      })
      if (d.action === 'decline') {
        this.reject(job.key, new OtaError('OTA_DECLINED', `release ${m.version} declined`), m)
        return false
      }
      if (d.overridden) this.log.info({ version: m.version, urgency: m.urgency }, 'installing despite the consent answer: the release cannot wait')
      return true
    }
  }

  /** Changes the state under the lock; `fn` returning false means nothing changed and nothing is written. */
  private async mutate (fn: (s: DeviceState) => boolean | void): Promise<void> {
    await withStateLock(this.o.stateDir, async () => {
      const s = await loadState(this.o.stateDir)
      if (fn(s) === false) return
      await saveState(this.o.stateDir, s)
    })
  }

  /** Downloads into `target`, resuming a recorded download of the same artifact. @returns chunk bytes received */
  private async download (job: Job, target: SlotName, about: StatusFields, onBytes: (n: number) => void): Promise<number> {
    const { o } = this
    const a = job.vm.manifest.image
    const chunks = chunkCount(a.size, a.chunkSize)
        let resume: Uint8Array | undefined
    // A bitmap is only worth resuming from if the slot file still holds every chunk it claims.
    const slotSize = await stat(slotPath(o.stateDir, target)).then((st) => st.size, () => -1)
    // The slot's record goes in the same write that claims the slot for the download: from here
    // until INSTALLING records the new image, nothing in this slot is bootable.
    await this.mutate((s) => {
      const d = s.download
      if (d !== null && d.artifact === job.artifact && d.slot === target) {
        const bm = bitmapFromBase64(d.received)
        if (bm.length === bitmapBytes(chunks) && slotSize >= highestEnd(bm, chunks, a.chunkSize, a.size)) resume = bm
      }
      s.slots[target] = null
      s.download = { artifact: job.artifact, slot: target, received: bitmapToBase64(resume ?? newBitmap(chunks)) }
    })
    const writer = await SlotWriter.open(o.stateDir, target, { size: a.size, chunkSize: a.chunkSize, resume: resume !== undefined })
    const client = this.client!
    const reqTopic = o.topics.req(o.id)
    const dl = new Downloader({
      artifact: a,
      sink: writer,
      sendRequest: async (bytes) => { await client.publishAsync(reqTopic, Buffer.from(bytes), { qos: 0, retain: false }) },
      window: o.window,
      chunkTimeoutMs: o.chunkTimeoutMs,
      maxRetries: o.maxRetries,
      ...(resume !== undefined ? { received: resume } : {}),
      onProgress: (p) => { onBytes(dl.bytesReceived); this.emit('progress', p) },
      onCheckpoint: async (bitmap) => { await this.saveBitmap(job.artifact, bitmap) },
      onDownloaded: () => { this.publish('DOWNLOADED', { ...about, bytesReceived: a.size }) },
      signal: job.abort.signal,
      logger: this.log
    })
    job.downloader = dl
    this.publish('DOWNLOADING', { ...about, bytesReceived: dl.progress.received })
    try {
      const r = await dl.run()
      onBytes(r.bytesReceived)
      this.log.info({ version: job.vm.manifest.version, bytes: r.bytesReceived, requests: r.requests, rejected: r.rejected, silentPeriods: r.silentPeriods }, 'image stored and verified')
      this.publish('VERIFIED', { ...about, bytesReceived: a.size })
      return r.bytesReceived
    } catch (e) {
      onBytes(dl.bytesReceived)
      const err = toOtaError(e, 'OTA_IO')
      if (DISCARD.has(err.code)) {
        await this.mutate((s) => { if (s.download?.artifact !== job.artifact) return false; s.download = null }).catch(() => {})
      } else {
        // Keep what arrived for the next attempt: make it durable, then record it.
        await writer.sync().then(async () => { await this.saveBitmap(job.artifact, dl.receivedBitmap()) }).catch((x: unknown) => {
          this.log.warn({ err: (x as Error).message }, 'cannot record download progress')
        })
      }
      throw err
    } finally {
      job.downloader = null
      await writer.close()
    }
  }

  private async saveBitmap (artifact: string, bitmap: Uint8Array): Promise<void> {
    await this.mutate((s) => {
      if (s.download?.artifact !== artifact) return false
      s.download.received = bitmapToBase64(bitmap)
    })
  }

  /** Records the verified image as the trial image, "reboots" through the bootloader and resolves the trial. */
  private async install (job: Job, target: SlotName, offeredAt: number, bytes: number, about: StatusFields): Promise<void> {
    const { o } = this
    const m = job.vm.manifest
    await this.mutate((s) => {
      s.slots[target] = { envelope: Buffer.from(job.vm.envelope).toString('base64'), version: m.version, sha256: job.artifact, size: m.image.size, confirmed: false }
      s.pending = { slot: target, trialsLeft: o.maxTrialBoots, offeredAt, bytes }
      s.download = null
      s.deferral = null
    })
    this.publish('INSTALLING', about)
    this.publish('REBOOTING', about)
    const b = await boot(o.stateDir, o.trust, { model: o.model })
    this.setRunning(b)
    this.remember(job.key)
    if (b.trial) await this.resolveTrial(b)
    else this.reportRevert(b, b.reason ?? new OtaError('OTA_BOOT_VERIFY'), m.version, m.image.sha256)
  }

  /** Runs the health check of a trial boot, then confirms or reverts. */
  private async resolveTrial (b: BootResult): Promise<void> {
    const { o } = this
    const about: StatusFields = { targetVersion: b.version, artifact: b.manifest.image.sha256, slot: b.slot }
    this.publish('TRIAL', about)
    let healthy = false
    let timer: NodeJS.Timeout | undefined
    try {
      healthy = await Promise.race([
        Promise.resolve().then(async () => await o.healthCheck({ version: b.version, slot: b.slot })),
        new Promise<boolean>((resolve) => { timer = setTimeout(() => { resolve(false) }, o.healthCheckTimeoutMs) })
      ]) === true
    } catch (e) {
      this.log.warn({ version: b.version, err: e instanceof Error ? e.message : String(e) }, 'health check threw')
    } finally {
      clearTimeout(timer)
    }
    if (healthy) {
      const c = await confirm(o.stateDir)
      this.running = { version: c.version, slot: c.slot, securityCounter: c.securityCounter }
      this.publish('CONFIRMED', about)
      this.emit('confirmed', { from: c.previousVersion, to: c.version, seconds: Math.max(0, Date.now() - c.offeredAt) / 1000, bytes: c.bytes })
      return
    }
    await revert(o.stateDir)
    const err = new OtaError('OTA_HEALTH_CHECK', `image ${b.version} failed its health check`)
    let back: BootResult
    try {
      back = await boot(o.stateDir, o.trust, { model: o.model })
    } catch (e) {
      const fatal = toOtaError(e, 'OTA_BOOT_VERIFY')
      this.publish('FAILED', { ...about, error: fatal })
      this.emit('failed', fatal)
      return
    }
    this.setRunning(back)
    this.reportRevert(back, err, b.version, b.manifest.image.sha256)
  }

  private reportRevert (b: BootResult, err: OtaError, targetVersion: string, artifact?: Uint8Array): void {
    const f: StatusFields = { slot: b.slot, error: err }
    if (targetVersion !== '') f.targetVersion = targetVersion
    if (artifact !== undefined) f.artifact = artifact
    this.publish('REVERTED', f)
    this.emit('reverted', err)
  }
}
