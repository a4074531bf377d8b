/**
 * Manifest intake: every manifest the broker delivers is verified against the trusted root,
 * checked against the device (policy.ts), deduplicated, and started as the update job, queued
 * behind the one running, or made to supersede it. Manifests are handled one at a time, in
 * arrival order.
 *
 * Manifests come from two topics: the model's (`<p>/m/<model>/manifest`, the release every
 * device of the model should run) and the device's own offer topic (`<p>/d/<id>/offer`, a
 * release a rollout wave offers to this device alone; an empty payload withdraws it). Both are
 * checked alike. They differ in three ways:
 *
 * - an empty offer withdraws the offered release: an update of it not yet installing is stopped
 *   (FAILED, `OTA_WITHDRAWN`) and the model's manifest is considered again, unless the model
 *   topic already names that same release (the rollout completed): then the update goes on;
 * - a model-topic manifest older than the last accepted sequence (`OTA_REPLAY`) is ignored
 *   quietly (logged, `upToDate` reason `older`), never reported REJECTED: after a device
 *   installed an offered release, the model topic still holds the older release it replaced,
 *   and reporting that on every connection would count as a rollout failure. On the offer topic
 *   a replay is reported REJECTED like any refusal;
 * - an announcement on one topic that needs no update (the running image) abandons an update
 *   from that same topic only: the model topic announcing the running image does not stop a
 *   rollout's offer.
 *
 * One update runs at a time. A newer verified manifest that arrives while an update is being
 * consented to or downloaded aborts it (FAILED, `OTA_SUPERSEDED`) and is handled next: the
 * retained manifest is the operator's current intent, and the release being fetched may have
 * been withdrawn for a reason. Once the new image is recorded (INSTALLING) the update runs to
 * CONFIRMED or REVERTED first, and the newer manifest is handled after it.
 *
 * `upToDate` is held back until the retained messages have settled (`retainedSettleMs` after the
 * subscription): the model's retained manifest may name the running image while the device's
 * retained offer, delivered right after it, names a release to install.
 */
import type { Logger } from 'pino'
import { OtaError, checkFastForward, sha256, toHex, toOtaError, verifyManifest, type Manifest, type TrustedRoot, type VerifiedManifest } from '../proto/index.js'
import { TrustKeeper } from './trust/store.js'
import type { UpToDateEvent } from './events.js'
import type { ResolvedOptions } from './options.js'
import { checkManifest, type PolicyVerdict } from './policy.js'
import type { Reporter } from './reporter.js'
import { updateState } from './state.js'
import type { Job, ManifestSource, Updater } from './update.js'
import { backoffDelay } from './backoff.js'

/** How many manifests are remembered as handled. */
const HANDLED_MAX = 64

/** Adds `key` to `set` as its newest entry, dropping the oldest past {@link HANDLED_MAX}. */
function addRecent (set: Set<string>, key: string): void {
  set.delete(key)
  set.add(key)
  if (set.size > HANDLED_MAX) set.delete(set.values().next().value!)
}

/** A manifest waiting for the update running to end. */
interface Queued { bytes: Uint8Array, source: ManifestSource }

/** Takes in manifests, offers and root announcements; owns the update job. */
export class Intake {
  private job: { job: Job, done: Promise<void> } | null = null
  private queued: Queued | null = null
  private readonly handled = new Set<string>()
  private readonly roots = new Set<string>()
  private chain: Promise<void> = Promise.resolve()
  private stopping = false
  private settleTimer: NodeJS.Timeout | null = null
  /** the retry of an update that lost its connection ({@link JobOutcome} `later`), waiting for its backoff */
  private later: NodeJS.Timeout | null = null
  /** retries of that kind in a row: the backoff's attempt number */
  private laterAttempts = 0
  private settled = false
  private pendingUpToDate: UpToDateEvent | null = null
  private manifestSeen = false
  /** the last payload of the model topic, considered again when an offer is withdrawn */
  private lastModel: Uint8Array | null = null
  /** key of the offer on the offer topic now, null when none */
  private offerKey: string | null = null
  /** hex image SHA-256 of the last verified manifest of the model topic */
  private modelArtifact: string | null = null
  /** hex image SHA-256 of recently verified manifests, by manifest key */
  private readonly artifactOf = new Map<string, string>()

  /**
   * @param announced - told every verified manifest that names the running image (it may announce
   *   the model's end of support)
   */
  constructor (private readonly o: ResolvedOptions, private readonly updater: Updater, private readonly report: Reporter, private readonly log: Logger,
    private readonly announced: (m: Manifest) => Promise<void>) {
    this.keeper = new TrustKeeper(o.stateDir, o.trustedRoots, log, (t) => { this.adopt(t) })
  }

  /** Keys of manifests refused by the signature checks: a newer root may accept them. */
  private readonly untrusted = new Set<string>()
  private readonly keeper: TrustKeeper

  /** Uses a newly adopted root from now on and looks again at the model's manifest it may now accept. */
  private adopt (t: TrustedRoot): void {
    this.o.trustedRoots = this.keeper.roots
    // An update not yet installing must still be signed as the new root wants (a signer it
    // revoked, a scope it narrowed): else it is abandoned and reported with the refusal.
    const j = this.job?.job
    if (j !== undefined && j.phase !== 'install' && !j.abort.signal.aborted) {
      try {
        verifyManifest(j.vm.envelope, t, { model: this.o.model, now: 0 })
      } catch (e) {
        const err = toOtaError(e, 'OTA_UNTRUSTED_KEY')
        this.log.warn({ code: err.code, err, version: j.vm.manifest.version, rootVersion: t.root.version }, 'the update under way is not trusted by the new root: abandoned')
        j.abort.abort(err)
      }
    }
    for (const k of this.untrusted) this.handled.delete(k)
    this.untrusted.clear()
    if (this.lastModel !== null) this.enqueue(this.lastModel, 'model')
  }

  /** Feeds a frame from the data topic to the download running, if any. */
  handleFrame (payload: Uint8Array): void {
    this.job?.job.downloader?.handleFrame(payload)
  }

  /** Feeds a frame from the broadcast topic of `artifact` (hex) to the download running, when it fetches that artifact. */
  handleBroadcast (artifact: string, payload: Uint8Array): void {
    const j = this.job?.job
    if (j?.broadcast === artifact) j.downloader?.handleFrame(payload)
  }

  /** Queues a manifest from the model's manifest topic for handling. */
  onManifest (bytes: Uint8Array): void {
    this.manifestSeen = true
    if (bytes.length === 0) return
    this.lastModel = bytes
    this.enqueue(bytes, 'model')
  }

  /** Queues a payload of the device's offer topic: a manifest offered to it alone, or (empty) the withdrawal of the offer. */
  onOffer (bytes: Uint8Array): void {
    this.manifestSeen = true
    if (bytes.length === 0) {
      // The key is taken now, in arrival order: an offer arriving before the withdrawal is
      // handled sets its own key, which the queued withdrawal must not clear.
      const key = this.offerKey
      this.offerKey = null
      this.chain = this.chain.then(() => { this.withdraw(key) })
      return
    }
    this.offerKey = toHex(sha256(bytes))
    this.enqueue(bytes, 'offer')
  }

  /**
   * Called once the subscriptions are granted: the broker sends the retained messages right
   * after the SUBACK, so `retainedSettleMs` later they have arrived. Then the `upToDate` held
   * back meanwhile is emitted, or, when no manifest arrived at all, `upToDate` with reason
   * `no-release` (none is retained for the model).
   */
  expectRetained (): void {
    this.clearSettle()
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null
      // Manifests that arrived in time may still be being verified.
      void this.chain.then(() => {
        this.settled = true
        const u = this.pendingUpToDate
        this.pendingUpToDate = null
        if (this.job !== null || this.queued !== null || this.stopping) return
        if (u !== null) this.report.emit('upToDate', u)
        else if (!this.manifestSeen) {
          this.log.info({ settleMs: this.o.retainedSettleMs }, 'no release announced for the model')
          this.report.emit('upToDate', { version: this.report.current.version, reason: 'no-release' })
        }
      })
    }, this.o.retainedSettleMs)
  }

  private clearSettle (): void {
    if (this.settleTimer !== null) clearTimeout(this.settleTimer)
    this.settleTimer = null
  }

  private upToDate (u: UpToDateEvent): void {
    if (this.settled) this.report.emit('upToDate', u)
    else this.pendingUpToDate = u
  }

  /**
   * Walks the root chain the broker announces (client/trust/store.ts): newer root versions that
   * verify are persisted and used for every later manifest; a refusal is logged there and
   * reported (a status event with its code, `rootRefused`), once per distinct chain.
   */
  onRoot (payload: Uint8Array): void {
    if (payload.length === 0) return
    const key = toHex(sha256(payload))
    if (this.roots.has(key)) return
    addRecent(this.roots, key)
    this.chain = this.chain.then(async () => {
      const w = await this.keeper.offer(payload)
      // Not persisted is not handled: the same chain, delivered again, is walked again.
      if (w.error?.code === 'OTA_IO') this.roots.delete(key)
      if (w.error !== undefined) {
        this.report.notice(w.error, `root chain refused past version ${this.keeper.current.root.version} (kept): ${w.error.message}`)
        this.report.emit('rootRefused', w.error)
      }
    }).catch((e: unknown) => {
      this.log.error({ err: e }, 'root chain handling failed')
    })
  }

  /**
   * Stops taking manifests: waits for the one being checked, abandons an update being consented
   * to or downloaded (it resumes at the next start), lets one already installing finish.
   */
  async stop (): Promise<void> {
    this.stopping = true
    this.clearSettle()
    this.clearLater()
    // The running update first: a manifest being handled may be waiting for it (a release that
    // supersedes it), and with the broker gone it would wait for its download's retries.
    this.abortJob()
    await this.chain
    const j = this.job
    if (j !== null) {
      this.abortJob()
      await j.done
    }
  }

  private abortJob (): void {
    const j = this.job
    if (j === null) return
    j.job.stopped = true
    if (j.job.phase !== 'install') j.job.abort.abort(new OtaError('OTA_CONNECTION', 'the device is stopping'))
  }

  private enqueue (bytes: Uint8Array, source: ManifestSource): void {
    // Whatever arrives now is the broker's latest word: a retry waiting for its backoff yields to it.
    this.clearLater()
    this.chain = this.chain.then(async () => { await this.handle(bytes, source) }).catch((e: unknown) => {
      this.log.error({ err: e }, 'manifest handling failed')
    })
  }

  private remember (key: string): void {
    addRecent(this.handled, key)
  }

  /**
   * The offer was withdrawn (empty payload on the offer topic): an update of the offered release
   * not yet installing stops with `OTA_WITHDRAWN`; one installing runs to its end (the image is
   * already recorded for its trial boot). The model's manifest is then the device's intent again.
   * @param key - key of the offer withdrawn (taken when the empty payload arrived), null when none was
   */
  private withdraw (key: string | null): void {
    // A later rollout may offer the same release again: that is a new decision.
    if (key !== null) this.handled.delete(key)
    let dropped = false
    if (this.queued?.source === 'offer') {
      this.queued = null
      dropped = true
    }
    const cur = this.job?.job ?? null
    if (cur?.source === 'offer' && cur.artifact === this.modelArtifact) {
      // The rollout completed: its release is now the model's, announced before the offer was
      // cleared. The update goes on, as one of the model's.
      cur.source = 'model'
      this.log.info({ version: cur.vm.manifest.version }, 'offer withdrawn, the release is now the model\'s current one: the update goes on')
    } else if (cur?.source === 'offer') {
      if (cur.phase !== 'install') {
        this.log.info({ version: cur.vm.manifest.version }, 'offer withdrawn: stopping the update')
        cur.abort.abort(new OtaError('OTA_WITHDRAWN', `release ${cur.vm.manifest.version} was withdrawn before it was installed`))
        dropped = true
      } else {
        this.log.info({ version: cur.vm.manifest.version }, 'offer withdrawn while installing: the update runs to its end')
      }
    }
    if (!dropped || this.lastModel === null || this.stopping) return
    const model = this.lastModel
    this.handled.delete(toHex(sha256(model)))
    if (this.job !== null) this.queued ??= { bytes: model, source: 'model' }
    else this.enqueue(model, 'model')
  }

  /** Verifies, checks and offers a manifest. */
  private async handle (bytes: Uint8Array, source: ManifestSource): Promise<void> {
    if (this.stopping || bytes.length === 0) return
    const key = toHex(sha256(bytes))
    // An offer replaced meanwhile (or withdrawn) is no longer the broker's intent.
    if (source === 'offer' && key !== this.offerKey) return
    if (this.handled.has(key) || this.job?.job.key === key) {
      if (source === 'model') this.modelArtifact = this.artifactOf.get(key) ?? null
      return
    }
    const { o } = this
    let vm: VerifiedManifest
    try {
      // Without a trusted clock, time 0: no expiry is judged (docs/SECURITY.md, trusted time).
      vm = verifyManifest(bytes, o.trust, { model: o.model, now: o.trustedTime === 'system' ? o.now() : 0 })
    } catch (e) {
      this.remember(key)
      addRecent(this.untrusted, key)
      this.report.rejected(toOtaError(e, 'OTA_DECODE'), null)
      return
    }
    const m = vm.manifest
    this.artifactOf.set(key, toHex(m.image.sha256))
    if (this.artifactOf.size > HANDLED_MAX) this.artifactOf.delete(this.artifactOf.keys().next().value!)
    if (source === 'model') this.modelArtifact = toHex(m.image.sha256)
    const current = this.job?.job ?? null
    let verdict: PolicyVerdict | undefined
    try {
      await updateState(o.stateDir, async (s) => {
        // The counter and the running image are the bootloader's records, asked for under the
        // state lock so that no confirm of this device's own update interleaves.
        const boot = await o.bootControl.status()
        verdict = checkManifest(m, {
          model: o.model,
          hardwareRevision: o.hardwareRevision,
          securityCounter: boot.securityCounter,
          lastSequence: s.lastSequence,
          activeSha256: boot.activeSha256,
          refused: s.refused
        })
        if (verdict.action === 'offer') checkFastForward(vm, boot.securityCounter)
        if (m.sequence <= s.lastSequence) return false
        s.lastSequence = m.sequence
      })
    } catch (e) {
      const err = toOtaError(e, 'OTA_STATE')
      if (err.code === 'OTA_REPLAY' && source === 'model') {
        this.remember(key)
        this.log.info({ version: m.version, sequence: m.sequence, code: err.code }, 'model topic announces an older release than one accepted; ignored')
        if (current === null) this.upToDate({ version: this.report.current.version, reason: 'older', announced: m.version })
      } else if (err.code === 'OTA_MODEL_MISMATCH' || err.code === 'OTA_ROLLBACK' || err.code === 'OTA_REPLAY' || err.code === 'OTA_FAST_FORWARD') {
        this.remember(key)
        this.report.rejected(err, m)
      } else {
        this.log.error({ code: err.code, err }, 'cannot check the manifest against the device state')
      }
      return
    }
    const artifact = toHex(m.image.sha256)
    if (verdict!.action === 'skip') {
      const reason = verdict!.reason
      this.remember(key)
      this.log.info({ version: m.version, artifact, reason, source }, 'manifest needs no update')
      if (reason === 'already-installed') await this.announced(m)
      if (current === null) {
        this.upToDate({ version: this.report.current.version, reason: reason === 'already-installed' ? 'current' : 'refused', announced: m.version })
      } else if (current.source === source && current.artifact !== artifact && current.phase !== 'install') {
        // The topic the update came from now announces something else: it was withdrawn.
        current.abort.abort(new OtaError('OTA_SUPERSEDED', `release ${m.version} was announced in place of ${current.vm.manifest.version}`))
      }
      return
    }
    if (current !== null) {
      if (current.artifact === artifact) {
        this.remember(key)
        return
      }
      this.queued = { bytes, source }
      if (current.phase !== 'install') current.abort.abort(new OtaError('OTA_SUPERSEDED', `release ${m.version} replaced ${current.vm.manifest.version}`))
      return
    }
    if (this.stopping) return
    this.start(vm, key, artifact, source)
  }

  /**
   * Tries `job`'s manifest again after a backoff (the device's `backoff`, one attempt more each
   * time in a row), while it is still what its topic announces and nothing else arrived.
   */
  private retryLater (job: Job): void {
    if (this.stopping) return
    const delay = backoffDelay(this.laterAttempts++, this.o.backoff)
    this.log.info({ version: job.vm.manifest.version, delayMs: delay, attempt: this.laterAttempts }, 'update lost its connection; trying again after a backoff')
    this.clearLater()
    this.later = setTimeout(() => {
      this.later = null
      const still = job.source === 'offer' ? this.offerKey === job.key : this.lastModel !== null && toHex(sha256(this.lastModel)) === job.key
      if (still && !this.stopping && this.job === null) this.enqueue(job.vm.envelope, job.source)
    }, delay)
  }

  private clearLater (): void {
    if (this.later !== null) clearTimeout(this.later)
    this.later = null
  }

  private start (vm: VerifiedManifest, key: string, artifact: string, source: ManifestSource): void {
    const job: Job = { vm, key, artifact, source, phase: 'consent', abort: new AbortController(), downloader: null, stopped: false }
    this.pendingUpToDate = null
    const done = this.updater.run(job).then((outcome) => {
      if (outcome === 'done') this.remember(key)
      if (outcome === 'later') this.retryLater(job)
      else this.laterAttempts = 0
    }, (e: unknown) => {
      this.log.error({ err: e }, 'update ended with an unexpected error')
    }).finally(() => {
      this.job = null
      const next = this.queued
      this.queued = null
      if (next !== null && !this.stopping) this.enqueue(next.bytes, next.source)
    })
    this.job = { job, done }
  }
}
