/**
 * An operator's queries (AdminRequest on `<p>/admin/<op>/request`): the fleet inventory, the
 * release list and the rollout requests, each answered with one AdminAnswer on
 * `<p>/admin/<op>/answer`.
 */
import { OtaError, toOtaError } from '../../proto/index.js'
import { AdminLimits, encodeAdminAnswer, type AdminAnswer, type AdminRequest, type ReleaseRecord } from '../../proto/codec/operator.js'
import type { PluginContext } from '../context.js'
import type { StoredRelease } from '../store.js'
import type { Outcome } from './outcome.js'
import { failedResult } from './release.js'

/**
 * The answer message to `operatorId`. An answer larger than `AdminLimits.answer` (read at each
 * call), which the operator's client would refuse to decode, is replaced by a failed result
 * with code `OTA_TOO_LARGE` naming both sizes.
 */
export function answer (ctx: PluginContext, operatorId: string, a: AdminAnswer): Outcome {
  let payload = encodeAdminAnswer(a)
  if (payload.length > AdminLimits.answer) {
    const detail = `the ${a.kind} answer is ${payload.length} bytes, above the ${AdminLimits.answer}-byte limit of an admin answer`
    ctx.log?.warn({ operatorId, kind: a.kind, bytes: payload.length, limit: AdminLimits.answer }, 'admin answer too large: refused')
    payload = encodeAdminAnswer({ kind: 'result', alreadyCurrent: false, result: failedResult('OTA_TOO_LARGE', detail) })
  }
  return { publish: [{ topic: ctx.topics.adminAnswer(operatorId), payload, qos: 1, retain: false }] }
}

/** The release list entry of a stored release. */
export function releaseRecord (r: StoredRelease): ReleaseRecord {
  const m = r.manifest
  return { model: m.model, version: m.version, securityVersion: m.securityVersion, sequence: m.sequence, size: m.image.size, chunks: r.count, chunkSize: m.image.chunkSize, expiresAt: m.expiresAt, publishedAt: r.publishedAt, artifact: m.image.sha256 }
}

/** Every device the inventory holds, sorted by id. */
export function handleInventoryQuery (ctx: PluginContext, operatorId: string): Outcome {
  return answer(ctx, operatorId, { kind: 'inventory', devices: ctx.inventory.list() })
}

/** Every model's current release, sorted by model. */
export function handleReleaseListQuery (ctx: PluginContext, operatorId: string): Outcome {
  const releases = ctx.store.releases().map(releaseRecord).sort((a, b) => a.model.localeCompare(b.model))
  return answer(ctx, operatorId, { kind: 'releases', releases })
}

/** The rollout kinds of {@link AdminRequest}. */
export type RolloutRequest = Extract<AdminRequest, { kind: 'rolloutStart' | 'rolloutPlan' | 'rolloutStatus' | 'rolloutControl' }>

/**
 * Answers a rollout request by calling the plugin's rollout engine (`ctx.rollouts`): start and
 * pause/resume/abort answer with the rollout after the change, status with the one asked for
 * (or all), plan with the dry run. A refusal (the engine's `OTA_ROLLOUT`, a release
 * verification or publish-rule code) is answered as a failed result carrying its code; the
 * engine writes the audit lines of what it did. Never rejects.
 * @param operatorId - who asks: the rollout's `startedBy` and the audit's `by`
 */
export async function handleRolloutRequest (ctx: PluginContext, operatorId: string, req: RolloutRequest): Promise<Outcome> {
  try {
    const r = ctx.rollouts
    if (req.kind === 'rolloutPlan') return answer(ctx, operatorId, { kind: 'rolloutPlan', plan: r.plan(req.release, req.spec) })
    if (req.kind === 'rolloutStart') return answer(ctx, operatorId, { kind: 'rollouts', rollouts: [await r.start(req.bundle, req.spec, operatorId, { force: req.force })] })
    if (req.kind === 'rolloutStatus') {
      if (req.id === '') return answer(ctx, operatorId, { kind: 'rollouts', rollouts: r.list() })
      const one = r.get(req.id)
      if (one === undefined) throw new OtaError('OTA_ROLLOUT', `no rollout ${req.id}`)
      return answer(ctx, operatorId, { kind: 'rollouts', rollouts: [one] })
    }
    const act = req.action === 'pause' ? r.pause : req.action === 'resume' ? r.resume : r.abort
    return answer(ctx, operatorId, { kind: 'rollouts', rollouts: [await act.call(r, req.id, operatorId)] })
  } catch (e) {
    const err = toOtaError(e, 'OTA_ROLLOUT')
    ctx.log?.warn({ operatorId, kind: req.kind, code: err.code, err }, 'rollout request refused')
    return answer(ctx, operatorId, { kind: 'result', alreadyCurrent: false, result: failedResult(err.code, err.message) })
  }
}
