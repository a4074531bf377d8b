/**
 * aedes `authorizeForward`: OTA messages go only where acl.ts `mayForward` allows; others as the
 * host decides. A broadcast frame also goes only to a device that may have its artifact now
 * (servable.ts: the subscription itself is granted for any artifact of the device's model, and a
 * rollout may have been aborted since) and whose socket can take it now (broadcast/broadcaster.ts
 * `admit`).
 */
import type { Aedes } from 'aedes'
import { mayForward } from '../acl.js'
import { DROPPED_PAYLOAD } from '../limits/rate.js'
import { servableArtifact } from '../servable.js'
import { isOtaTopic, type HookDeps } from './types.js'

const isDroppable = (kind: string | undefined): boolean => kind === 'audit' || kind === 'req'

/** The plugin's authorizeForward, then the host's. */
export function makeAuthorizeForward ({ aedes, ctx, host }: HookDeps): Aedes['authorizeForward'] {
  return function (this: Aedes, client, packet) {
    if (packet.payload === DROPPED_PAYLOAD) return null
    // A publish dropped by another cluster broker's rate limit crosses Redis as an empty buffer, not as DROPPED_PAYLOAD.
    if (packet.payload.length === 0 && isDroppable(ctx.topics.parse(packet.topic)?.kind)) return null
    if (isOtaTopic(packet.topic, ctx.topics.prefix)) {
      const who = ctx.identities.get(client)
      if (!mayForward(who, packet.topic, ctx.topics)) return null
      const b = ctx.topics.parse(packet.topic)
      if (b?.kind === 'broadcast' && (who?.role !== 'device' || servableArtifact(ctx, who, b.artifact!).artifact === undefined || !ctx.broadcast.admit(client, packet.payload.length))) return null
    }
    return host.authorizeForward.call(aedes, client, packet)
  }
}
