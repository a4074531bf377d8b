/**
 * The one dispatch of OTA messages the plugin consumes. Handlers return what to do
 * ({@link Outcome}); the plugin does it. A handler never calls back into the plugin.
 */
import type { Client } from 'aedes'
import { encodeAdminResult } from '../../proto/index.js'
import { decodeAdminRequest } from '../../proto/codec/operator.js'
import type { Identity, PublishLimits } from '../acl.js'
import type { PluginContext } from '../context.js'
import { answer, handleInventoryQuery, handleReleaseListQuery, handleRolloutRequest } from './admin.js'
import type { Outcome } from './outcome.js'
import { adminResultOf, handleReleaseBundle } from './release.js'
import { handleChunkRequest } from './request.js'
import { handleStatusEvent } from './status.js'

export type { Outcome } from './outcome.js'
export { handleReleaseBundle, type ReleaseOutcome } from './release.js'

/** The publish kinds the ACL lets through to a handler (acl.ts `PublishDecision`). */
export type HandledKind = keyof PublishLimits

/** What to do now (before the publish is acknowledged) and, for slow work, later. */
export interface Dispatched {
  now: Outcome
  /** settles with the outcome of work that outlives the publish (storing a bundle); never rejects */
  later?: Promise<Outcome>
}

/**
 * Handles a publish the ACL allowed.
 * @throws OtaError for a payload the handler refuses (the caller refuses the publish, which
 *   closes the connection)
 */
export function dispatch (ctx: PluginContext, client: Client, who: Identity, kind: HandledKind, payload: Uint8Array): Dispatched {
  if (who.role === 'device') {
    if (kind === 'req') return { now: handleChunkRequest(ctx, client, who, payload) }
    if (kind === 'audit') return { now: handleStatusEvent(ctx, client, who, payload) }
    return { now: {} }
  }
  const op = who.id
  if (kind === 'adminRelease') {
    return {
      now: {},
      later: handleReleaseBundle(ctx, payload, op, false).then((r) => merge(r.outcome,
        { publish: [{ topic: ctx.topics.adminResult(op), payload: encodeAdminResult(adminResultOf(r)), qos: 1, retain: false }] }))
    }
  }
  if (kind !== 'adminRequest') return { now: {} }
  const req = decodeAdminRequest(payload, ctx.options.maxBundleSize)
  if (req.kind === 'inventory') return { now: handleInventoryQuery(ctx, op) }
  if (req.kind === 'releases') return { now: handleReleaseListQuery(ctx, op) }
  if (req.kind !== 'release') return { now: {}, later: handleRolloutRequest(ctx, op, req) }
  return {
    now: {},
    later: handleReleaseBundle(ctx, req.bundle, op, req.force).then((r) => merge(r.outcome,
      answer(ctx, op, { kind: 'result', result: adminResultOf(r), alreadyCurrent: r.alreadyCurrent })))
  }
}

function merge (a: Outcome, b: Outcome): Outcome {
  return { ...a, ...b, publish: [...(a.publish ?? []), ...(b.publish ?? [])], audit: [...(a.audit ?? []), ...(b.audit ?? [])], events: [...(a.events ?? []), ...(b.events ?? [])] }
}
