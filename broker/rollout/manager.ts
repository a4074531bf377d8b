/**
 * The rollout engine of one plugin: starts rollouts, offers each wave's devices the staged
 * release on their own retained offer topic, follows their status events, judges the waves
 * (judge.ts), pauses, resumes, aborts and completes, and keeps every rollout on disk
 * (persist.ts). docs/PROTOCOL.md, "Rollouts and offers", has the rules.
 *
 * Every change of a rollout runs in one queue, so a status event, a deadline and an operator's
 * command never interleave.
 */
import { randomBytes } from 'node:crypto'
import type { Aedes } from 'aedes'
import type { Logger } from 'pino'
import { OtaError, toOtaError, type StatusEvent, type Topics, type TrustedRoot } from '../../proto/index.js'
import type { AuditLog } from '../audit.js'
import { manifestMessage, releaseFields } from '../handlers/release.js'
import type { Inventory } from '../inventory.js'
import { publishOut } from '../outbound.js'
import type { ChunkSender } from '../sender.js'
import type { ReleaseStore, StoredRelease } from '../store.js'
import { applyEvent, failDevice, judge, recount, setDevice } from './judge.js'
import { RolloutFiles } from './persist.js'
import { manifestOf, planRollout } from './plan.js'
import { resolveRolloutSpec } from './spec.js'
import type { RolloutControl, RolloutPlan, RolloutSpecInput, RolloutStatus } from './types.js'

/** What the engine uses of its plugin. */
export interface RolloutDeps {
  aedes: Aedes
  topics: Topics
  store: ReleaseStore
  inventory: Inventory
  audit: AuditLog
  sender: ChunkSender
  trust: TrustedRoot
  dataDir: string
  groups: Readonly<Record<string, readonly string[]>>
  /** models whose current release is stored but not announced (shared with handlers/release.ts) */
  unannounced: Set<string>
  log: Logger | null
  now: () => number
  /** emits a plugin event (`rollout` with a RolloutStatus, `release` with a StoredRelease) */
  emit: (event: 'rollout' | 'release', value: unknown) => void
}

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
  private readonly timers = new Map<string, NodeJS.Timeout>()
  private readonly files: RolloutFiles
  private queue: Promise<unknown> = Promise.resolve()
  private closed = false

  constructor (private readonly d: RolloutDeps) {
    this.files = new RolloutFiles(d.dataDir, d.log, d.now)
  }

  /**
   * Loads the rollouts on disk. A running or paused one whose staged release did not load (it no
   * longer verifies, or is gone) is aborted; the others get their offers published again and
   * their deadlines re-armed (time the broker was down counts), then are judged.
   * @throws OtaError `OTA_IO` when the rollouts folder cannot be read
   */
  async open (): Promise<void> {
    for (const s of await this.files.load()) this.rollouts.set(s.id, s)
    await this.run(async () => {
      for (const s of this.rollouts.values()) {
        if (s.phase !== 'running' && s.phase !== 'paused') continue
        const staged = this.d.store.staged(s.model)
        if (staged === undefined || staged.artifactId !== s.artifact) {
          await this.withdraw(s, 'store', `the staged release ${s.version} did not load (no longer verifies, or missing)`)
          continue
        }
        for (const dev of s.devices) if (this.hasOffer(dev.state)) await this.offer(s, dev.deviceId, staged.envelope)
        if (s.phase === 'running') this.d.audit.write('rollout.resumed', 'success', { ...this.fields(s), by: 'restart' })
        await this.step(s)
      }
    })
  }

  // ---- RolloutControl ----

  async start (bundle: Uint8Array, input: RolloutSpecInput, by = 'api', opts: { force?: boolean } = {}): Promise<RolloutStatus> {
    try {
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
      const busy = this.list().find((r) => r.model === m.model && (r.phase === 'running' || r.phase === 'paused'))
      if (busy !== undefined) throw new OtaError('OTA_ROLLOUT', `rollout ${busy.id} of ${busy.version} is ${busy.phase} for model ${m.model}: abort it first`)
      const plan = planRollout(m, spec, this.d.inventory.list(), this.d.groups, this.d.now())
      if (plan.targets.flat().length === 0) throw new OtaError('OTA_ROLLOUT', `no device can take release ${m.version} of ${m.model}${plan.excluded.length > 0 ? ` (${plan.excluded.length} excluded: ${plan.excluded.slice(0, 5).map((x) => `${x.deviceId}: ${x.reason}`).join('; ')})` : ''}`)
      const staged = await this.d.store.stage(bundle, { force: opts.force === true })
      const now = this.d.now()
      const s: RolloutStatus = {
        id: `${m.model}-${m.version.replace(/[^A-Za-z0-9._-]/g, '_')}-${randomBytes(4).toString('hex')}`,
        model: m.model,
        version: m.version,
        artifact: staged.artifactId,
        sequence: Number(m.sequence),
        phase: 'running',
        reason: '',
        wave: 0,
        spec,
        waves: spec.waves.map((share, index) => ({ index, share, devices: 0, offered: 0, updating: 0, succeeded: 0, failed: 0, startedAt: 0, deadline: 0 })),
        devices: plan.targets.flatMap((ds, wave) => ds.map((x) => ({ deviceId: x.deviceId, wave, state: 'waiting' as const, reason: '', updatedAt: now, accepted: false }))),
        startedBy: by,
        startedAt: now,
        updatedAt: now
      }
      this.rollouts.set(s.id, s)
      this.d.audit.write('rollout.started', 'success', { ...this.fields(s), by, force: opts.force === true, targets: s.devices.length, excluded: plan.excluded.length, waves: spec.waves, success: spec.success, maxFailures: spec.maxFailures, minDevices: spec.minDevices })
      await this.startWave(s, 0, staged)
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
    return await this.run(async () => {
      const s = this.must(id, 'running', 'pause')
      await this.halt(s, `paused by ${by}`, by)
      return structuredClone(s)
    })
  }

  async resume (id: string, by = 'api'): Promise<RolloutStatus> {
    return await this.run(async () => {
      const s = this.must(id, 'paused', 'resume')
      const now = this.d.now()
      for (const dev of s.devices) if (dev.state === 'failed') dev.accepted = true
      s.phase = 'running'
      s.reason = ''
      const w = s.waves[s.wave]!
      w.deadline = now + s.spec.waveTimeoutMs
      this.d.audit.write('rollout.resumed', 'success', { ...this.fields(s), by, acceptedFailures: s.devices.filter((x) => x.accepted).length })
      await this.changed(s)
      await this.step(s)
      return structuredClone(s)
    })
  }

  async abort (id: string, by = 'api'): Promise<RolloutStatus> {
    return await this.run(async () => {
      const s = this.rollouts.get(id)
      if (s === undefined) throw new OtaError('OTA_ROLLOUT', `no rollout ${id}`)
      if (s.phase === 'completed' || s.phase === 'aborted') throw new OtaError('OTA_ROLLOUT', `rollout ${id} is ${s.phase}: it cannot be aborted`)
      await this.withdraw(s, by, `aborted by ${by}`)
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
    const active = [...this.rollouts.values()].filter((s) => s.model === e.model && (s.phase === 'running' || s.phase === 'paused'))
    if (active.length === 0) return
    void this.run(async () => {
      for (const s of active) {
        if (!applyEvent(s, e, this.d.now())) continue
        await this.changed(s)
        await this.step(s)
      }
    }).catch((err: unknown) => { this.d.log?.error({ err, deviceId: e.deviceId }, 'rollout status update failed') })
  }

  /** Brick detection marked `deviceId` suspect for the release `artifact`: it counts failed. */
  onSuspect (deviceId: string, artifact: string, reason: string): void {
    void this.run(async () => {
      for (const s of this.rollouts.values()) {
        if (s.artifact !== artifact || (s.phase !== 'running' && s.phase !== 'paused')) continue
        if (!failDevice(s, deviceId, `SUSPECT: ${reason}`, this.d.now())) continue
        await this.changed(s)
        await this.step(s)
      }
    }).catch((err: unknown) => { this.d.log?.error({ err, deviceId }, 'rollout suspect update failed') })
  }

  /** The brick-detection deadline of `deviceId` installing `artifact`, ms, when an active rollout offers it; else undefined. */
  confirmTimeoutFor (deviceId: string, artifact: string): number | undefined {
    for (const s of this.rollouts.values()) {
      if (s.artifact === artifact && (s.phase === 'running' || s.phase === 'paused') && s.devices.some((x) => x.deviceId === deviceId)) return s.spec.confirmTimeoutMs
    }
    return undefined
  }

  /**
   * Whether `deviceId` of `model` may fetch chunks of `artifact`, which is not the model's
   * current release: `serve` when an active rollout offered it to the device, `not-offered`
   * when the rollout holds it back from the device, `withdrawn` when its rollout was aborted,
   * `unknown` when no rollout of the model ever had it.
   */
  gate (deviceId: string, model: string, artifact: string): Gate {
    let verdict: Gate = 'unknown'
    for (const s of this.rollouts.values()) {
      if (s.model !== model || s.artifact !== artifact) continue
      if (s.phase === 'running' || s.phase === 'paused') {
        const dev = s.devices.find((x) => x.deviceId === deviceId)
        return dev !== undefined && this.hasOffer(dev.state) ? 'serve' : 'not-offered'
      }
      if (s.phase === 'aborted') verdict = 'withdrawn'
    }
    return verdict
  }

  /** Stops the timers and waits for the work and writes in progress. */
  async close (): Promise<void> {
    this.closed = true
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

  private must (id: string, phase: RolloutStatus['phase'], what: string): RolloutStatus {
    const s = this.rollouts.get(id)
    if (s === undefined) throw new OtaError('OTA_ROLLOUT', `no rollout ${id}`)
    if (s.phase !== phase) throw new OtaError('OTA_ROLLOUT', `rollout ${id} is ${s.phase}: only a ${phase} rollout can ${what}`)
    return s
  }

  private hasOffer (state: string): boolean {
    return state === 'offered' || state === 'updating' || state === 'succeeded' || state === 'failed'
  }

  private fields (s: RolloutStatus): Record<string, unknown> {
    return { rolloutId: s.id, model: s.model, version: s.version, artifact: s.artifact, wave: s.wave }
  }

  /** Recounts, stamps, persists and emits a rollout. */
  private async changed (s: RolloutStatus): Promise<void> {
    recount(s)
    s.updatedAt = this.d.now()
    await this.files.save(s)
    this.d.emit('rollout', structuredClone(s))
  }

  private async offer (s: RolloutStatus, deviceId: string, envelope: Uint8Array): Promise<void> {
    await publishOut(this.d.aedes, { topic: this.d.topics.offer(deviceId), payload: envelope, qos: 1, retain: true })
      .catch((err: unknown) => { this.d.log?.error({ err, rolloutId: s.id, deviceId }, 'offer not published') })
  }

  private async unoffer (deviceId: string): Promise<void> {
    await publishOut(this.d.aedes, { topic: this.d.topics.offer(deviceId), payload: new Uint8Array(0), qos: 1, retain: true })
      .catch((err: unknown) => { this.d.log?.error({ err, deviceId }, 'offer not cleared') })
  }

  private async startWave (s: RolloutStatus, k: number, staged: StoredRelease): Promise<void> {
    const now = this.d.now()
    s.wave = k
    Object.assign(s.waves[k]!, { startedAt: now, deadline: now + s.spec.waveTimeoutMs })
    const ids: string[] = []
    for (const dev of s.devices) {
      if (dev.wave !== k || dev.state !== 'waiting') continue
      setDevice(dev, 'offered', '', now)
      ids.push(dev.deviceId)
    }
    await this.changed(s)
    this.d.audit.write('rollout.wave', 'success', { ...this.fields(s), share: s.spec.waves[k], devices: ids.length, deviceIds: ids.slice(0, 100), deadline: s.waves[k]!.deadline })
    for (const id of ids) await this.offer(s, id, staged.envelope)
  }

  /** Judges a rollout and carries the verdicts out until it has to wait. */
  private async step (s: RolloutStatus): Promise<void> {
    this.disarm(s.id)
    for (let i = 0; i < s.waves.length * MAX_STEPS_PER_WAVE + 4; i++) {
      if (this.closed) return
      const v = judge(s, this.d.now())
      if (v.action === 'idle') return
      if (v.action === 'wait') { this.arm(s, v.until); return }
      if (v.action === 'pause') { await this.halt(s, v.reason, 'rollout'); return }
      if (v.action === 'complete') { await this.complete(s); return }
      if (v.action === 'expire') {
        for (const id of v.deviceIds) failDevice(s, id, 'TIMEOUT', this.d.now())
        await this.changed(s)
        continue
      }
      const staged = this.d.store.staged(s.model)
      if (staged === undefined) { await this.halt(s, 'the staged release is gone', 'rollout'); return }
      await this.startWave(s, s.wave + 1, staged)
    }
  }

  private arm (s: RolloutStatus, until: number): void {
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

  private async halt (s: RolloutStatus, reason: string, by: string): Promise<void> {
    this.disarm(s.id)
    s.phase = 'paused'
    s.reason = reason
    this.d.audit.write('rollout.paused', by === 'rollout' ? 'failure' : 'success', { ...this.fields(s), by, reason })
    this.d.log?.warn({ rolloutId: s.id, reason }, 'rollout paused')
    await this.changed(s)
  }

  /** Aborts: offers withdrawn, queued frames dropped, the staged release deleted. */
  private async withdraw (s: RolloutStatus, by: string, reason: string): Promise<void> {
    this.disarm(s.id)
    const now = this.d.now()
    const offered = s.devices.filter((x) => x.state !== 'succeeded' && x.state !== 'waiting' && x.state !== 'withdrawn').map((x) => x.deviceId)
    for (const dev of s.devices) if (dev.state !== 'succeeded') setDevice(dev, 'withdrawn', 'OTA_WITHDRAWN', now)
    s.phase = 'aborted'
    s.reason = reason
    this.d.audit.write('rollout.aborted', 'success', { ...this.fields(s), by, reason, withdrawn: offered.length })
    await this.changed(s)
    this.d.sender.cancel(s.artifact, new OtaError('OTA_WITHDRAWN', `release ${s.version} of ${s.model} was withdrawn: rollout ${s.id} ${reason}`))
    for (const id of offered) await this.unoffer(id)
    await this.d.store.unstage(s.model)
  }

  /** The last wave reached its share: the release becomes the model's current one, the offers are cleared. */
  private async complete (s: RolloutStatus): Promise<void> {
    let release: StoredRelease | undefined
    try {
      release = await this.d.store.promote(s.model)
      if (release === undefined) throw new OtaError('OTA_IO', 'the staged release is gone')
    } catch (e) {
      const err = toOtaError(e, 'OTA_IO')
      await this.halt(s, `cannot make the release current: ${err.message}`, 'rollout')
      return
    }
    const by = `rollout:${s.id}`
    try {
      await publishOut(this.d.aedes, manifestMessage(this.d.topics, release))
      this.d.unannounced.delete(s.model)
      this.d.audit.write('release.published', 'success', { by, force: false, ...releaseFields(release) })
      this.d.emit('release', release)
    } catch (e) {
      // Stored as current: publishing the bundle again, or the next start, announces it.
      this.d.unannounced.add(s.model)
      this.d.audit.write('release.rejected', 'failure', { by, code: 'OTA_IO', detail: toOtaError(e, 'OTA_IO').message })
    }
    s.phase = 'completed'
    s.reason = `every wave reached its success share; ${release.manifest.version} is the current release of ${s.model}`
    this.d.audit.write('rollout.completed', 'success', { ...this.fields(s), succeeded: s.devices.filter((x) => x.state === 'succeeded').length, failed: s.devices.filter((x) => x.state === 'failed').length })
    await this.changed(s)
    for (const dev of s.devices) if (this.hasOffer(dev.state)) await this.unoffer(dev.deviceId)
  }
}
