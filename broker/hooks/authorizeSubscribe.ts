/**
 * aedes `authorizeSubscribe`: filters that can match OTA topics are the plugin's (acl.ts
 * `maySubscribe`); others the host's. A device's broadcast subscription is also refused for an
 * artifact it may not have now (handlers/request.ts `servableArtifact`: not of its model's
 * current release, nor of a staged release offered to it), so a staged release never reaches a
 * device outside its rollout's waves by broadcast.
 */
import type { Aedes } from 'aedes'
import { filterTouchesPrefix, maySubscribe } from '../acl.js'
import { servableArtifact } from '../handlers/request.js'
import { topicLimitBreach } from '../limits/options.js'
import type { HookDeps } from './types.js'

/** The plugin's authorizeSubscribe, or the host's for filters outside the prefix. */
export function makeAuthorizeSubscribe ({ ctx, host }: HookDeps): Aedes['authorizeSubscribe'] {
  const t = ctx.topics
  return function (this: Aedes, client, sub, cb) {
    if (!filterTouchesPrefix(sub.topic, t.prefix)) { host.authorizeSubscribe.call(ctx.aedes, client, sub, cb); return }
    const breach = topicLimitBreach(sub.topic, ctx.options.limits)
    const who = ctx.identities.get(client)
    let why = breach ?? 'filter not allowed for this client'
    if (breach === null && maySubscribe(who, sub.topic, t)) {
      const b = t.parse(sub.topic)
      if (b?.kind !== 'broadcast' || servableArtifact(ctx, who as { id: string, model: string }, b.artifact!).artifact !== undefined) { cb(null, sub); return }
      why = `artifact ${b.artifact!} is not served to this device now (no artifact of its model's current release, nor of a release offered to it)`
    }
    ctx.refusals.acl(client, 'subscribe', sub.topic, why)
    cb(null, null)
  }
}
