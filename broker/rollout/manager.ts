/**
 * The rollout engine of one plugin: starts rollouts, offers each wave's devices the staged
 * release on their own retained offer topic, follows their status events, judges the waves
 * (judge.ts), pauses, resumes, aborts and completes (ending.ts), and keeps every rollout on disk
 * (persist.ts); offers are offers.ts's. docs/PROTOCOL.md, "Rollouts and offers", has the rules.
 *
 * Every change of a rollout runs in one queue, so a status event, a deadline and an operator's
 * command never interleave.
 */
import { OtaError, toOtaError, type StatusEvent } from '../../proto/index.js'
import { releaseFields } from '../handlers/release.js'
import type { StoredRelease } from '../store.js'
import type { RolloutDeps } from './deps.js'
import { RolloutEnding, rolloutFields } from './ending.js'
import { applyEvent, failDevice, judge, setDevice } from './judge.js'
import { Offers, holdsOffer } from './offers.js'
import { RolloutFiles } from './persist.js'
import { manifestOf, newRollout, planRollout } from './plan.js'
import { resolveRolloutSpec } from './spec.js'
import type { RolloutControl, RolloutDevice, RolloutPlan, RolloutSpecInput, RolloutStatus } from './types.js'

/** Bound on the judge loop of one step: a wave can only advance once per iteration. */
const MAX_STEPS_PER_WAVE = 4

/**
 * Longest single timer, ms (one day): Node fires a longer setTimeout (above 2^31 - 1 ms, about
 * 24.8 days) at once, and a wave may last 30 days. A timer that fires early just judges again.
 */
export const MAX_TIMER_MS = 24 * 3600_000

/** A chunk request's verdict for an artifact that is not the model's current release. */
export type Gate = 'serve' | 'not-offered' | 'withdrawn' | 'unknown'

/** The rollouts of one plugin. */
export class RolloutManager implements RolloutControl {
  private readonly rollouts = new Map<string, RolloutStatus>()
  /** per rollout id, its devices by id: chunk requests and status events look a device up in O(1) */
  private readonly devices = new Map<string, Map<string, RolloutDevice>>()
  private readonly timers = new Map<string, NodeJS.Timeout>()
  private readonly files: RolloutFiles
  private readonly offers: Offers
  private readonly ending: RolloutEnding
  private queue: Promise<unknown> = Promise.resolve()
  private closed = false
  /** set by `suspend` (a cluster broker lost the rollout lease) until the next `open` */
  private suspended = false

  constructor (private readonly d: RolloutDeps) {
    this.files = new RolloutFiles(d.dataDir, d.log, d.now, (snapshot) => { d.emit('rollout', snapshot) })
    this.offers = new Offers(d.bus, d.topics, d.log)
    this.ending = new RolloutEnding(d, this.offers, async (s) => { await this.changed(s) })
  }

  /**
   * Loads the rollouts on disk and recovers from a stop at any point:
   * - a running or paused rollout whose release is already the model's current one (the broker
   *   stopped while completing it) is completed;
   * - one whose staged release did not load (it no longer verifies, or is gone) is aborted;
   * - a staged release no running or paused rollout owns (the broker stopped while starting
   *   one) is deleted, audited `release.rejected`;
   * - every retained offer no active rollout owns is cleared; the offers of the active ones are
   *   published again and their deadlines re-armed (time the broker was down counts), then they
   *   are judged.
   * @param staged - the staged releases the store loaded
   * @throws OtaError `OTA_IO` when the rollouts folder cannot be read
   */
  async open (staged: readonly StoredRelease[] = []): Promise<void> {
    this.suspended = false
    for (const s of await this.files.load()) this.track(s)
    await this.run(async () => {
      const active = [...this.rollouts.values()].filter((s) => this.isActive(s))
      for (const s of active) {
        if (this.d.store.current(s.model)?.artifactId === s.artifact) {
          await this.ending.finish(s, 'restart')
          continue
        }
        if (this.d.store.staged(s.model)?.artifactId !== s.artifact) {
          await this.ending.withdraw(s, 'store', `the staged release ${s.version} did not load (no longer verifies, or missing)`)
        }
      }
      for (const r of staged) {
        const model = r.manifest.model
        if (this.d.store.staged(model)?.artifactId !== r.artifactId) continue
        if ([...this.rollouts.values()].some((s) => this.isActive(s) && s.model === model && s.artifact === r.artifactId)) continue
        await this.d.store.unstage(model)
        this.d.audit.write('release.rejected', 'failure', {
          by: 'restart', staged: true, code: 'OTA_ROLLOUT', ...releaseFields(r), detail: 'staged without a rollout owning it (the broker stopped while starting one): deleted'
        })
      }
      const owned = new Set<string>()
      for (const s of this.rollouts.values()) for (const dev of s.devices) if (holdsOffer(s.phase, dev.state)) owned.add(dev.deviceId)
      const cleared = await this.offers.clearUnowned(owned)
      if (cleared.length > 0) this.d.log?.info({ devices: cleared.length }, 'stale retained offers cleared')
      for (const s of this.rollouts.values()) {
        if (!this.isActive(s)) continue
        const envelope = this.d.store.staged(s.model)!.envelope
        for (const dev of s.devices) if (holdsOffer(s.phase, dev.state)) await this.offers.offer(s.id, dev.deviceId, envelope)
        if (s.phase === 'running') this.d.audit.write('rollout.resumed', 'success', { ...rolloutFields(s), by: 'restart' })
        await this.step(s)
      }
    })
  }

  // ---- RolloutControl ----

  async start (bundle: Uint8Array, input: RolloutSpecInput, by = 'api', opts: { force?: boolean } = {}): Promise<RolloutStatus> {
    try {
      this.d.mustLead?.()
      return await this.startNow(bundle, input, by, opts)
    } catch (e) {
      const err = toOtaError(e, 'OTA_IO')
      this.d.audit.write('rollout.started', 'failure', { by, force: opts.force === true, code: err.code, detail: err.message })
      throw err
    }
  }

  private async startNow (bundle: Uint8Array, input: RolloutSpecInput, by: string, opts: { force?: boolean }): Promise<RolloutStatus> {
    const spec = resolveRolloutSpec(input)
    if (spec.group !== undefined && this.d.groups[spec.group] === undefined) throw new OtaError('OTA_ROLLOUT', `no device group ${spec.group} (the broker's groups option)`)
    return await this.run(async () => {
      const m = manifestOf(bundle, this.d.trust, this.d.now())
      const busy = [...this.rollouts.values()].find((r) => r.model === m.model && this.isActive(r))
      if (busy !== undefined) throw new OtaError('OTA_ROLLOUT', `rollout ${busy.id} of ${busy.version} is ${busy.phase} for model ${m.model}: abort it first`)
      const plan = planRollout(m, spec, this.d.inventory.list(), this.d.groups, this.d.now())
      if (plan.targets.flat().length === 0) throw new OtaError('OTA_ROLLOUT', `no device can take release ${m.version} of ${m.model}${plan.excluded.length > 0 ? ` (${plan.excluded.length} excluded: ${plan.excluded.slice(0, 5).map((x) => `${x.deviceId}: ${x.reason}`).join('; ')})` : ''}`)
      const staged = await this.d.store.stage(bundle, { force: opts.force === true })
      const s = newRollout(m, spec, plan.targets, staged.artifactId, by, this.d.now())
      const ids = this.openWave(s, 0)
      try {
        await this.files.create(s)
      } catch (e) {
        // Not on disk: the rollout does not exist, and its staged release must not outlive it.
        await this.d.store.unstage(m.model)
        throw toOtaError(e, 'OTA_IO', `cannot write rollout ${s.id}`)
      }
      this.track(s)
      this.d.audit.write('rollout.started', 'success', { ...rolloutFields(s), by, force: opts.force === true, targets: s.devices.length, excluded: plan.excluded.length, waves: spec.waves, success: spec.success, maxFailures: spec.maxFailures, minDevices: spec.minDevices })
      await this.announceWave(s, ids, staged)
      await this.step(s)
      return structuredClone(s)
    })
  }

  plan (manifestOrBundle: Uint8Array, input: RolloutSpecInput): RolloutPlan {
    const spec = resolveRolloutSpec(input)
    const m = manifestOf(manifestOrBundle, this.d.trust, this.d.now())
    const { targets: _omit, ...plan } = planRollout(m, spec, this.d.inventory.list(), this.d.groups, this.d.now())
    return plan
  }

  async pause (id: string, by = 'api'): Promise<RolloutStatus> {
    this.d.mustLead?.()
    return await this.run(async () => {
      const s = this.must(id, 'running', 'pause')
      await this.halt(s, `paused by ${by}`, by)
      return structuredClone(s)
    })
  }

  async resume (id: string, by = 'api'): Promise<RolloutStatus> {
    this.d.mustLead?.()
    return await this.run(async () => {
      const s = this.must(id, 'paused', 'resume')
      const staged = this.d.store.staged(s.model)
      if (staged?.artifactId !== s.artifact) throw new OtaError('OTA_ROLLOUT', `rollout ${id}: its staged release is gone; abort it`)
      const now = this.d.now()
      for (const dev of s.devices) if (dev.state === 'failed') dev.accepted = true
      s.phase = 'running'
      s.reason = ''
      const w = s.waves[s.wave]!
      w.deadline = now + s.spec.waveTimeoutMs
      this.d.audit.write('rollout.resumed', 'success', { ...rolloutFields(s), by, acceptedFailures: s.devices.filter((x) => x.accepted).length })
      await this.changed(s)
      // The devices held back while paused get their offer again.
      for (const dev of s.devices) if (dev.state === 'offered') await this.offers.offer(s.id, dev.deviceId, staged.envelope)
      await this.step(s)
      return structuredClone(s)
    })
  }

  async abort (id: string, by = 'api'): Promise<RolloutStatus> {
    this.d.mustLead?.()
    return await this.run(async () => {
      const s = this.rollouts.get(id)
      if (s === undefined) throw new OtaError('OTA_ROLLOUT', `no rollout ${id}`)
      if (!this.isActive(s)) throw new OtaError('OTA_ROLLOUT', `rollout ${id} is ${s.phase}: it cannot be aborted`)
      this.disarm(s.id)
      await this.ending.withdraw(s, by, `aborted by ${by}`)
      return structuredClone(s)
    })
  }

  get (id: string): RolloutStatus | undefined {
    const s = this.rollouts.get(id)
    return s === undefined ? undefined : structuredClone(s)
  }

  list (): RolloutStatus[] {
    return [...this.rollouts.values()].sort((a, b) => b.startedAt - a.startedAt || a.id.localeCompare(b.id)).map((s) => structuredClone(s))
  }

  /**
   * Highest sequence any rollout of `model` offered to at least one device (0: none). Devices
   * that accepted an offer refuse lower sequences, also after the rollout was aborted, so the
   * store refuses to publish or stage a release below it.
   */
  offeredSequence (model: string): number {
    let max = 0
    for (const s of this.rollouts.values()) {
      if (s.model === model && s.sequence > max && s.devices.some((d) => d.state !== 'waiting')) max = s.sequence
    }
    return max
  }

  // ---- what the plugin feeds in ----

  /** A device's checked status event: updates its entry in the model's active rollouts. */
  onStatus (e: StatusEvent): void {
    if (![...this.rollouts.values()].some((s) => s.model === e.model && this.isActive(s))) return
    void this.run(async () => {
      // Chosen inside the queue: a rollout completed or aborted by the work queued before this
      // event is no longer changed by it.
      for (const s of this.rollouts.values()) {
        if (s.model !== e.model || !this.isActive(s)) continue
        // A device downloading a delta or the compressed image names that artifact, not the image.
        const ofRelease = (id: string): boolean => this.d.store.releaseArtifactIds(s.model, s.artifact).includes(id)
        if (!applyEvent(s, e, this.d.now(), this.device(s, e.deviceId), ofRelease)) continue
        void this.changed(s)
        await this.step(s)
      }
    }).catch((err: unknown) => { this.d.log?.error({ err, deviceId: e.deviceId }, 'rollout status update failed') })
  }

  /** Brick detection marked `deviceId` suspect for the release `artifact`: it counts failed. */
  onSuspect (deviceId: string, artifact: string, reason: string): void {
    void this.run(async () => {
      for (const s of this.rollouts.values()) {
        if (s.artifact !== artifact || !this.isActive(s)) continue
        if (!failDevice(s, deviceId, `SUSPECT: ${reason}`, this.d.now(), this.device(s, deviceId))) continue
        void this.changed(s)
        await this.step(s)
      }
    }).catch((err: unknown) => { this.d.log?.error({ err, deviceId }, 'rollout suspect update failed') })
  }

  /** The brick-detection deadline of `deviceId` installing `artifact`, ms, when an active rollout offers it; else undefined. */
  confirmTimeoutFor (deviceId: string, artifact: string): number | undefined {
    for (const s of this.rollouts.values()) {
      if (s.artifact === artifact && this.isActive(s) && this.device(s, deviceId) !== undefined) return s.spec.confirmTimeoutMs
    }
    return undefined
  }

  /**
   * Whether `deviceId` of `model` may fetch chunks of `artifact`, which is not the model's
   * current release: `serve` when an active rollout offers it to the device (a paused one only
   * to devices already under way or done), `not-offered` when the rollout holds it back from the
   * device, `withdrawn` when its rollout was aborted, `unknown` when no rollout of the model ever
   * had it.
   */
  gate (deviceId: string, model: string, artifact: string): Gate {
    let verdict: Gate = this.remoteGate?.(deviceId, model, artifact) ?? 'unknown'
    for (const s of this.rollouts.values()) {
      if (s.model !== model || s.artifact !== artifact) continue
      if (this.isActive(s)) {
        const dev = this.device(s, deviceId)
        return dev !== undefined && holdsOffer(s.phase, dev.state) ? 'serve' : 'not-offered'
      }
      if (s.phase === 'aborted') verdict = 'withdrawn'
    }
    return verdict
  }

  /**
   * In a cluster, what another broker's rollout offers or withdrew (broker/cluster/offers.ts):
   * consulted for a release no rollout of this broker knows; a local rollout's verdict always wins.
   */
  remoteGate: ((deviceId: string, model: string, artifact: string) => 'serve' | 'withdrawn' | undefined) | null = null

  /**
   * Stops running the rollouts without closing (a cluster broker lost the rollout lease: another
   * broker may run them now): timers stopped, the work in progress finished and written, then
   * every rollout forgotten, so no status event, deadline or chunk request of this broker judges
   * one. `open` loads them again from the folder, as the holder left them.
   */
  async suspend (): Promise<void> {
    this.suspended = true
    await this.quiesce()
    this.rollouts.clear()
    this.devices.clear()
  }

  /** Stops the timers and waits for the work and writes in progress. */
  async close (): Promise<void> {
    this.closed = true
    await this.quiesce()
  }

  /** What suspending and closing share: timers stopped, queued work and rollout writes finished. */
  private async quiesce (): Promise<void> {
    for (const t of this.timers.values()) clearTimeout(t)
    this.timers.clear()
    await this.queue.catch(() => {})
    await this.files.flush()
  }

  // ---- internals ----

  private async run<T> (fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn)
    this.queue = next.catch(() => {})
    return await next
  }

  private track (s: RolloutStatus): void {
    this.rollouts.set(s.id, s)
    this.devices.set(s.id, new Map(s.devices.map((x) => [x.deviceId, x])))
  }

  private device (s: RolloutStatus, deviceId: string): RolloutDevice | undefined {
    return this.devices.get(s.id)?.get(deviceId)
  }

  private isActive (s: RolloutStatus): boolean {
    return s.phase === 'running' || s.phase === 'paused'
  }

  private must (id: string, phase: RolloutStatus['phase'], what: string): RolloutStatus {
    const s = this.rollouts.get(id)
    if (s === undefined) throw new OtaError('OTA_ROLLOUT', `no rollout ${id}`)
    if (s.phase !== phase) throw new OtaError('OTA_ROLLOUT', `rollout ${id} is ${s.phase}: only a ${phase} rollout can ${what}`)
    return s
  }

  /**
   * Stamps and saves (coalesced) a rollout; the saved snapshot is emitted. Resolves once it is on
   * disk: phase changes wait for that, status updates do not.
   */
  private async changed (s: RolloutStatus): Promise<void> {
    s.updatedAt = this.d.now()
    await this.files.save(s)
  }

  /** Starts wave `k` in memory: its waiting devices become offered. @returns their ids */
  private openWave (s: RolloutStatus, k: number): string[] {
    const now = this.d.now()
    s.wave = k
    Object.assign(s.waves[k]!, { startedAt: now, deadline: now + s.spec.waveTimeoutMs })
    const ids: string[] = []
    for (const dev of s.devices) {
      if (dev.wave !== k || dev.state !== 'waiting') continue
      setDevice(dev, 'offered', '', now)
      ids.push(dev.deviceId)
    }
    return ids
  }

  /** Saves a wave just opened, audits it and publishes its offers. */
  private async announceWave (s: RolloutStatus, ids: string[], staged: StoredRelease): Promise<void> {
    await this.changed(s)
    this.d.audit.write('rollout.wave', 'success', { ...rolloutFields(s), share: s.spec.waves[s.wave], devices: ids.length, deviceIds: ids.slice(0, 100), deadline: s.waves[s.wave]!.deadline })
    for (const id of ids) await this.offers.offer(s.id, id, staged.envelope)
  }

  /** Judges a rollout and carries the verdicts out until it has to wait. */
  private async step (s: RolloutStatus): Promise<void> {
    this.disarm(s.id)
    for (let i = 0; i < s.waves.length * MAX_STEPS_PER_WAVE + 4; i++) {
      if (this.closed || this.suspended) return
      const v = judge(s, this.d.now())
      if (v.action === 'idle') return
      if (v.action === 'wait') { this.arm(s, v.until); return }
      if (v.action === 'pause') { await this.halt(s, v.reason, 'rollout'); return }
      if (v.action === 'complete') { await this.ending.complete(s, async (reason) => { await this.halt(s, reason, 'rollout') }); return }
      if (v.action === 'expire') {
        for (const id of v.deviceIds) failDevice(s, id, 'TIMEOUT', this.d.now(), this.device(s, id))
        void this.changed(s)
        continue
      }
      const staged = this.d.store.staged(s.model)
      if (staged === undefined) { await this.halt(s, 'the staged release is gone', 'rollout'); return }
      await this.announceWave(s, this.openWave(s, s.wave + 1), staged)
    }
  }

  private arm (s: RolloutStatus, until: number): void {
    if (this.suspended) return
    const t = setTimeout(() => {
      this.timers.delete(s.id)
      void this.run(async () => { await this.step(s) }).catch((err: unknown) => { this.d.log?.error({ err, rolloutId: s.id }, 'rollout deadline step failed') })
    }, Math.min(MAX_TIMER_MS, Math.max(0, until - this.d.now())))
    t.unref()
    this.timers.set(s.id, t)
  }

  private disarm (id: string): void {
    const t = this.timers.get(id)
    if (t !== undefined) clearTimeout(t)
    this.timers.delete(id)
  }

  /**
   * Pauses (by the failure rule, a wave that failed its deadline, or an operator): no wave starts,
   * and the devices still only `offered` (not started: offline or deferring) lose their offer
   * until `resume`, so a paused release reaches no new device. Devices under way keep going.
   */
  private async halt (s: RolloutStatus, reason: string, by: string): Promise<void> {
    this.disarm(s.id)
    s.phase = 'paused'
    s.reason = reason
    this.d.audit.write('rollout.paused', by === 'rollout' ? 'failure' : 'success', { ...rolloutFields(s), by, reason, heldBack: s.devices.filter((x) => x.state === 'offered').length })
    this.d.log?.warn({ rolloutId: s.id, reason }, 'rollout paused')
    await this.changed(s)
    // Queued behind the status events that arrived while this verdict was reached: a device whose
    // DOWNLOADING is among them has started and keeps its offer; only those still `offered` then lose it.
    void this.run(async () => {
      if (s.phase !== 'paused') return
      for (const dev of s.devices) if (dev.state === 'offered') await this.offers.clear(dev.deviceId)
    }).catch((err: unknown) => { this.d.log?.error({ err, rolloutId: s.id }, 'clearing the offers of a paused rollout failed') })
  }
}
