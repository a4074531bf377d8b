/**
 * aedes `authorizePublish`: OTA topics are checked (acl.ts `mayPublish`) and handed to the
 * handlers' dispatch; others are the host's. A refused publish closes the connection (aedes,
 * MQTT 3.1.1 has no negative acknowledgement).
 */
import type { Aedes } from 'aedes'
import { toOtaError, OtaError } from '../../proto/index.js'
import { mayPublish } from '../acl.js'
import { trackPending } from '../context.js'
import { dispatch, type Outcome } from '../handlers/index.js'
import { topicLimitBreach } from '../limits/options.js'
import { DROPPED_PAYLOAD } from '../limits/rate.js'
import { isOtaTopic, type HookDeps } from './types.js'

/** The plugin's authorizePublish, or the host's for topics outside the prefix. */
export function makeAuthorizePublish ({ aedes, ctx, host, apply }: HookDeps): Aedes['authorizePublish'] {
  const t = ctx.topics
  return function (this: Aedes, client, packet, cb) {
    if (!isOtaTopic(packet.topic, t.prefix)) { host.authorizePublish.call(aedes, client, packet, cb); return }
    const who = ctx.identities.get(client)
    const payload = packet.payload as Buffer
    const breach = topicLimitBreach(packet.topic, ctx.options.limits)
    const d = breach !== null ? { allow: false as const, reason: breach } : mayPublish(who, packet.topic, payload.length, packet.retain, t, ctx.limits)
    if (!d.allow) { ctx.refusals.acl(client, 'publish', packet.topic, d.reason); cb(new OtaError('OTA_ACL_DENIED', d.reason)); return }
    // Over the device's rate: acknowledged and dropped (never handled, never forwarded). A chunk
    // request is only checked here; it is charged once it turns out to add nothing.
    if ((d.kind === 'req' && !ctx.rates.req.allows(who!.id)) || (d.kind === 'audit' && !ctx.rates.audit.take(who!.id))) {
      const r = ctx.rates.rateOf(d.kind)
      ctx.refusals.rateLimited(client!, who!, d.kind, r.perSecond, r.burst)
      packet.payload = DROPPED_PAYLOAD
      cb(null)
      return
    }
    let forward: Buffer | undefined
    // The publish is acknowledged before its outcome is carried out: a failure there (an audit
    // write that throws, a listener) is logged, never left as an unhandled rejection (which
    // ends a Node process).
    const run = async (o: Outcome): Promise<void> => {
      await apply(o).catch((err: unknown) => { ctx.log?.error({ err, clientId: client?.id, topic: packet.topic }, 'outcome of an OTA publish not carried out') })
    }
    try {
      const r = dispatch(ctx, client!, who!, d.kind, payload)
      forward = r.now.forward
      void run(r.now)
      if (r.later !== undefined) {
        trackPending(ctx, r.later.then(run, (err: unknown) => { ctx.log?.error({ err, clientId: client?.id, topic: packet.topic }, 'OTA publish not handled') }))
      }
    } catch (e) {
      const err = toOtaError(e, 'OTA_DECODE')
      ctx.refusals.acl(client, 'publish', packet.topic, `${err.code}: ${err.message}`)
      cb(err)
      return
    }
    if (forward !== undefined) packet.payload = forward
    cb(null)
  }
}
