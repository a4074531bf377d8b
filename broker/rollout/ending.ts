/**
 * How a rollout ends: withdrawn (aborted) or completed (its release becomes the model's current
 * one), and the completion a restart finishes when the broker stopped half-way through it.
 * The manager (manager.ts) calls these inside its queue.
 */
import { OtaError, toOtaError } from '../../proto/index.js'
import { manifestMessage, releaseFields } from '../handlers/release.js'
import { publishOut } from '../outbound.js'
import type { StoredRelease } from '../store.js'
import { setDevice } from './judge.js'
import type { RolloutDeps } from './deps.js'
import { wasOffered, type Offers } from './offers.js'
import type { RolloutStatus } from './types.js'

/** The audit fields every `rollout.*` line of `s` carries. */
export function rolloutFields (s: RolloutStatus): Record<string, unknown> {
  return { rolloutId: s.id, model: s.model, version: s.version, artifact: s.artifact, wave: s.wave }
}

/** Ends the rollouts of one plugin. */
export class RolloutEnding {
  /**
   * @param persist - recounts, stamps, saves and emits a rollout; resolves once it is on disk
   */
  constructor (private readonly d: RolloutDeps, private readonly offers: Offers, private readonly persist: (s: RolloutStatus) => Promise<void>) {}

  /**
   * Aborts: every device not succeeded is `withdrawn`, the rollout saved `aborted`, queued frames
   * of its artifact dropped (`OTA_WITHDRAWN`), every offer it ever made cleared (a succeeded
   * device's too: a retained offer outlives the rollout in a persistent aedes), and the staged
   * release deleted when it is still this rollout's.
   */
  async withdraw (s: RolloutStatus, by: string, reason: string): Promise<void> {
    const now = this.d.now()
    const offered = s.devices.filter((x) => wasOffered(x.state)).map((x) => x.deviceId)
    const withdrawn = s.devices.filter((x) => x.state !== 'succeeded' && x.state !== 'waiting' && x.state !== 'withdrawn').length
    for (const dev of s.devices) if (dev.state !== 'succeeded') setDevice(dev, 'withdrawn', 'OTA_WITHDRAWN', now)
    s.phase = 'aborted'
    s.reason = reason
    this.d.audit.write('rollout.aborted', 'success', { ...rolloutFields(s), by, reason, withdrawn })
    await this.persist(s)
    this.d.sender.cancel(s.artifact, new OtaError('OTA_WITHDRAWN', `release ${s.version} of ${s.model} was withdrawn: rollout ${s.id} ${reason}`))
    // Its queued broadcast frames too.
    this.d.broadcast?.cancel(s.artifact)
    for (const id of offered) await this.offers.clear(id)
    if (this.d.store.staged(s.model)?.artifactId === s.artifact) await this.d.store.unstage(s.model)
  }

  /**
   * The last wave reached its share: the staged release becomes the model's current one and is
   * announced, then {@link finish}. When it cannot be made current the rollout pauses instead
   * (`halt`), and the error is in its reason.
   */
  async complete (s: RolloutStatus, halt: (reason: string) => Promise<void>): Promise<void> {
    let release: StoredRelease | undefined
    try {
      release = await this.d.store.promote(s.model)
      if (release === undefined) throw new OtaError('OTA_IO', 'the staged release is gone')
    } catch (e) {
      await halt(`cannot make the release current: ${toOtaError(e, 'OTA_IO').message}`)
      return
    }
    const by = `rollout:${s.id}`
    try {
      await publishOut(this.d.bus, manifestMessage(this.d.topics, release))
      this.d.unannounced.delete(s.model)
      this.d.audit.write('release.published', 'success', { by, force: false, ...releaseFields(release) })
      this.d.emit('release', release)
    } catch (e) {
      // Stored as current: publishing the bundle again, or the next start, announces it.
      this.d.unannounced.add(s.model)
      this.d.audit.write('release.rejected', 'failure', { by, code: 'OTA_IO', detail: toOtaError(e, 'OTA_IO').message })
    }
    await this.finish(s, 'rollout')
  }

  /**
   * Marks a rollout whose release is the model's current one completed, saves it and clears its
   * offers. Also what a restart does when the broker stopped after the release was made current
   * but before the rollout was saved completed (`by` = `restart`): a staged copy still on disk is
   * dropped (the artifact stays: the current release uses it).
   */
  async finish (s: RolloutStatus, by: string): Promise<void> {
    if (this.d.store.staged(s.model)?.artifactId === s.artifact) await this.d.store.unstage(s.model)
    s.phase = 'completed'
    s.reason = `every wave reached its success share; ${s.version} is the current release of ${s.model}`
    this.d.audit.write('rollout.completed', 'success', {
      ...rolloutFields(s), by, succeeded: s.devices.filter((x) => x.state === 'succeeded').length, failed: s.devices.filter((x) => x.state === 'failed').length
    })
    await this.persist(s)
    for (const dev of s.devices) if (wasOffered(dev.state)) await this.offers.clear(dev.deviceId)
  }
}
