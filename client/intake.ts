/**
 * Manifest intake: every manifest the broker delivers is verified against the trusted root,
 * checked against the device (policy.ts), deduplicated, and started as the update job, queued
 * behind the one running, or made to supersede it. Manifests are handled one at a time, in
 * arrival order.
 *
 * One update runs at a time. A newer verified manifest that arrives while an update is being
 * consented to or downloaded aborts it (FAILED, `OTA_SUPERSEDED`) and is handled next: the
 * retained manifest is the operator's current intent, and the release being fetched may have
 * been withdrawn for a reason. Once the new image is recorded (INSTALLING) the update runs to
 * CONFIRMED or REVERTED first, and the newer manifest is handled after it.
 */
import type { Logger } from 'pino'
import { OtaError, bytesEqual, sha256, toHex, toOtaError, verifyManifest, type VerifiedManifest } from '../proto/index.js'
import type { ResolvedOptions } from './options.js'
import { checkManifest, type PolicyVerdict } from './policy.js'
import type { Reporter } from './reporter.js'
import { updateState } from './state.js'
import type { Job, Updater } from './update.js'

/** How many manifests are remembered as handled. */
const HANDLED_MAX = 64

/** Takes in manifests and root announcements; owns the update job. */
export class Intake {
  private job: { job: Job, done: Promise<void> } | null = null
  private queued: Uint8Array | null = null
  private readonly handled = new Set<string>()
  private readonly roots = new Set<string>()
  private chain: Promise<void> = Promise.resolve()
  private stopping = false
  private settleTimer: NodeJS.Timeout | null = null
  private manifestSeen = false

  constructor (private readonly o: ResolvedOptions, private readonly updater: Updater, private readonly report: Reporter, private readonly log: Logger) {}

  /** Feeds a frame from the data topic to the download running, if any. */
  handleFrame (payload: Uint8Array): void {
    this.job?.job.downloader?.handleFrame(payload)
  }

  /** Queues a manifest from the manifest topic for handling. */
  onManifest (bytes: Uint8Array): void {
    this.manifestSeen = true
    this.clearSettle()
    this.enqueue(bytes)
  }

  /**
   * Called once the manifest subscription is granted: when no manifest arrives within
   * `retainedSettleMs` (the broker sends the retained one right after the SUBACK), none is
   * retained for the model and the device is up to date (`upToDate`, reason `no-release`).
   */
  expectRetained (): void {
    this.clearSettle()
    if (this.manifestSeen) return
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null
      if (this.manifestSeen || this.job !== null || this.stopping) return
      this.log.info({ settleMs: this.o.retainedSettleMs }, 'no release announced for the model')
      this.report.emit('upToDate', { version: this.report.current.version, reason: 'no-release' })
    }, this.o.retainedSettleMs)
  }

  private clearSettle (): void {
    if (this.settleTimer !== null) clearTimeout(this.settleTimer)
    this.settleTimer = null
  }

  /** Notes root metadata announced by the broker (the provisioned root stays the anchor). */
  onRoot (payload: Uint8Array): void {
    if (payload.length === 0 || bytesEqual(payload, this.o.trust.envelope)) return
    const key = toHex(sha256(payload))
    if (this.roots.has(key)) return
    this.roots.add(key)
    // The provisioned root stays the trust anchor: a new root is only adopted through a
    // rotation signed by the current root keys, which this version of the device does not take.
    this.log.info({ bytes: payload.length, digest: key }, 'broker announces different root metadata; keeping the provisioned root')
  }

  /**
   * Stops taking manifests: waits for the one being checked, abandons an update being consented
   * to or downloaded (it resumes at the next start), lets one already installing finish.
   */
  async stop (): Promise<void> {
    this.stopping = true
    this.clearSettle()
    await this.chain
    const j = this.job
    if (j !== null) {
      j.job.stopped = true
      if (j.job.phase !== 'install') j.job.abort.abort(new OtaError('OTA_CONNECTION', 'the device is stopping'))
      await j.done
    }
  }

  private enqueue (bytes: Uint8Array): void {
    this.chain = this.chain.then(async () => { await this.handle(bytes) }).catch((e: unknown) => {
      this.log.error({ err: e }, 'manifest handling failed')
    })
  }

  private remember (key: string): void {
    this.handled.delete(key)
    this.handled.add(key)
    if (this.handled.size > HANDLED_MAX) this.handled.delete(this.handled.values().next().value!)
  }

  /** Verifies, checks and offers a manifest. */
  private async handle (bytes: Uint8Array): Promise<void> {
    if (this.stopping || bytes.length === 0) return
    const key = toHex(sha256(bytes))
    if (this.handled.has(key) || this.job?.job.key === key) return
    const { o } = this
    let vm: VerifiedManifest
    try {
      vm = verifyManifest(bytes, o.trust, { model: o.model })
    } catch (e) {
      this.remember(key)
      this.report.rejected(toOtaError(e, 'OTA_DECODE'), null)
      return
    }
    const m = vm.manifest
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
        if (m.sequence <= s.lastSequence) return false
        s.lastSequence = m.sequence
      })
    } catch (e) {
      const err = toOtaError(e, 'OTA_STATE')
      if (err.code === 'OTA_MODEL_MISMATCH' || err.code === 'OTA_ROLLBACK' || err.code === 'OTA_REPLAY') {
        this.remember(key)
        this.report.rejected(err, m)
      } else {
        this.log.error({ code: err.code, err }, 'cannot check the manifest against the device state')
      }
      return
    }
    const artifact = toHex(m.image.sha256)
    const current = this.job?.job ?? null
    if (verdict!.action === 'skip') {
      const reason = verdict!.reason
      this.remember(key)
      this.log.info({ version: m.version, artifact, reason }, 'manifest needs no update')
      if (current === null) {
        this.report.emit('upToDate', { version: this.report.current.version, reason: reason === 'already-installed' ? 'current' : 'refused', announced: m.version })
      } else if (current.artifact !== artifact && current.phase !== 'install') {
        // The broker now announces something else than the release being fetched: it was withdrawn.
        current.abort.abort(new OtaError('OTA_SUPERSEDED', `release ${m.version} was announced in place of ${current.vm.manifest.version}`))
      }
      return
    }
    if (current !== null) {
      if (current.artifact === artifact) {
        this.remember(key)
        return
      }
      this.queued = bytes
      if (current.phase !== 'install') current.abort.abort(new OtaError('OTA_SUPERSEDED', `release ${m.version} replaced ${current.vm.manifest.version}`))
      return
    }
    if (this.stopping) return
    this.start(vm, key, artifact)
  }

  private start (vm: VerifiedManifest, key: string, artifact: string): void {
    const job: Job = { vm, key, artifact, phase: 'consent', abort: new AbortController(), downloader: null, stopped: false }
    const done = this.updater.run(job).then((outcome) => {
      if (outcome === 'done') this.remember(key)
    }, (e: unknown) => {
      this.log.error({ err: e }, 'update ended with an unexpected error')
    }).finally(() => {
      this.job = null
      const next = this.queued
      this.queued = null
      if (next !== null && !this.stopping) this.enqueue(next)
    })
    this.job = { job, done }
  }
}
