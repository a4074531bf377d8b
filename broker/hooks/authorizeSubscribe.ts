/** aedes `authorizeSubscribe`: filters that can match OTA topics are the plugin's (acl.ts `maySubscribe`); others the host's. */
import type { Aedes } from 'aedes'
import { filterTouchesPrefix, maySubscribe } from '../acl.js'
import type { HookDeps } from './types.js'

/** The plugin's authorizeSubscribe, or the host's for filters outside the prefix. */
export function makeAuthorizeSubscribe ({ ctx, host }: HookDeps): Aedes['authorizeSubscribe'] {
  const t = ctx.topics
  return function (this: Aedes, client, sub, cb) {
    if (!filterTouchesPrefix(sub.topic, t.prefix)) { host.authorizeSubscribe.call(ctx.aedes, client, sub, cb); return }
    if (maySubscribe(ctx.identities.get(client), sub.topic, t)) { cb(null, sub); return }
    ctx.refusals.acl(client, 'subscribe', sub.topic, 'filter not allowed for this client')
    cb(null, null)
  }
}
