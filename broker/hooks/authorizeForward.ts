/** aedes `authorizeForward`: OTA messages go only where acl.ts `mayForward` allows; others as the host decides. */
import type { Aedes } from 'aedes'
import { mayForward } from '../acl.js'
import { DROPPED_PAYLOAD } from '../limits/rate.js'
import { isOtaTopic, type HookDeps } from './types.js'

/** The plugin's authorizeForward, then the host's. */
export function makeAuthorizeForward ({ ctx, host }: HookDeps): Aedes['authorizeForward'] {
  return function (this: Aedes, client, packet) {
    if (packet.payload === DROPPED_PAYLOAD) return null
    if (isOtaTopic(packet.topic, ctx.topics.prefix) && !mayForward(ctx.identities.get(client), packet.topic, ctx.topics)) return null
    return host.authorizeForward.call(ctx.aedes, client, packet)
  }
}
