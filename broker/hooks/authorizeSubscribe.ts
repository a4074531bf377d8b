/**
 * aedes `authorizeSubscribe`: filters that can match OTA topics are the plugin's (acl.ts
 * `maySubscribe`); others the host's. A device's broadcast subscription is granted for any
 * concrete, well-formed artifact id of its own model, up to `MAX_BROADCAST_TOPICS` per
 * connection (broadcast/subscribers.ts `claim`): whether the device may have that artifact is
 * asked for each frame when it is forwarded (hooks/authorizeForward.ts), which fails closed. An
 * artifact superseded or withdrawn while the device was offline therefore costs it no refusal on
 * reconnection (a refused filter makes mqtt.js drop every filter of the same SUBSCRIBE from its
 * resubscribe list), and a staged release still never reaches a device outside its rollout's
 * waves by broadcast.
 */
import type { Aedes } from 'aedes'
import { filterTouchesPrefix, maySubscribe } from '../acl.js'
import { MAX_BROADCAST_TOPICS } from '../broadcast/index.js'
import { topicLimitBreach } from '../limits/options.js'
import type { HookDeps } from './types.js'

/** The plugin's authorizeSubscribe, or the host's for filters outside the prefix. */
export function makeAuthorizeSubscribe ({ aedes, ctx, host }: HookDeps): Aedes['authorizeSubscribe'] {
  const t = ctx.topics
  return function (this: Aedes, client, sub, cb) {
    if (!filterTouchesPrefix(sub.topic, t.prefix)) { host.authorizeSubscribe.call(aedes, client, sub, cb); return }
    const breach = topicLimitBreach(sub.topic, ctx.options.limits)
    let why = breach ?? 'filter not allowed for this client'
    if (breach === null && maySubscribe(ctx.identities.get(client), sub.topic, t)) {
      if (t.parse(sub.topic)?.kind !== 'broadcast' || client === null || ctx.broadcast.subscribers.claim(client, sub.topic)) { cb(null, sub); return }
      why = `more than ${MAX_BROADCAST_TOPICS} broadcast topics on one connection`
    }
    ctx.refusals.acl(client, 'subscribe', sub.topic, why)
    cb(null, null)
  }
}
