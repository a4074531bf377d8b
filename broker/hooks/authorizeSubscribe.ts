/** aedes `authorizeSubscribe`: filters that can match OTA topics are the plugin's (acl.ts `maySubscribe`); others the host's. */
import type { Aedes } from 'aedes'
import { filterTouchesPrefix, maySubscribe } from '../acl.js'
import { topicLimitBreach } from '../limits/options.js'
import type { HookDeps } from './types.js'

/** The plugin's authorizeSubscribe, or the host's for filters outside the prefix. */
export function makeAuthorizeSubscribe ({ ctx, host }: HookDeps): Aedes['authorizeSubscribe'] {
  const t = ctx.topics
  return function (this: Aedes, client, sub, cb) {
    if (!filterTouchesPrefix(sub.topic, t.prefix)) { host.authorizeSubscribe.call(ctx.aedes, client, sub, cb); return }
    const breach = topicLimitBreach(sub.topic, ctx.options.limits)
    if (breach === null && maySubscribe(ctx.identities.get(client), sub.topic, t)) { cb(null, sub); return }
    ctx.refusals.acl(client, 'subscribe', sub.topic, breach ?? 'filter not allowed for this client')
    cb(null, null)
  }
}
