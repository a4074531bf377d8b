/**
 * An operator's queries (AdminRequest on `<p>/admin/<op>/request`): the fleet inventory and
 * the release list, each answered with one AdminAnswer on `<p>/admin/<op>/answer`.
 */
import { AdminLimits, encodeAdminAnswer, type AdminAnswer, type ReleaseRecord } from '../../proto/codec/operator.js'
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
