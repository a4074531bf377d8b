/**
 * aedes `authenticate`: a client with a verified OTA certificate must use its certificate id as
 * clientId and a clean session, may not take over an id held by a different identity (another
 * role or model), and may not flap (flapping.ts); a client without one may not
 * take over a connected OTA client's id, and is refused when `requireCertificate` is on. Every
 * client is then still authenticated by the host.
 */
import type { Aedes } from 'aedes'
import type { Identity } from '../acl.js'
import { identityOf } from '../identity.js'
import { ConnackCode, connackError } from '../refusals.js'
import type { HookDeps } from './types.js'

function describe (who: Identity): string {
  return who.role === 'device' ? `device of model ${who.model}` : 'operator'
}

/** The plugin's authenticate, then the host's. */
export function makeAuthenticate ({ aedes, ctx, host }: HookDeps): Aedes['authenticate'] {
  const { refusals, identities } = ctx
  return function (this: Aedes, client, username, password, cb) {
    const who = identityOf(client)
    if (who !== null) {
      if (client.id !== who.id) {
        cb(refusals.auth(client, client.id, 'clientId differs from the certificate id', ConnackCode.IDENTIFIER_REJECTED, { certificateId: who.id }), false)
        return
      }
      // A persistent session would queue QoS 1 messages (status events, manifests) in the
      // broker for as long as the client stays away: unbounded memory.
      if (client.clean === false) {
        cb(refusals.auth(client, client.id, 'OTA clients must use clean sessions', ConnackCode.IDENTIFIER_REJECTED), false)
        return
      }
      const incumbent = identities.connection(who.id)
      const held = identities.get(incumbent)
      // One id, two identities (a device certificate whose CN is an operator's id, or a device
      // of another model): a takeover would hand one identity's session to the other.
      if (held !== null && describe(held) !== describe(who)) {
        cb(refusals.auth(client, client.id, `clientId ${who.id} is held by a connected ${describe(held)}; a ${describe(who)} may not take it over`, ConnackCode.IDENTIFIER_REJECTED, { certificateId: who.id, role: who.role, model: who.role === 'device' ? who.model : '' }), false)
        return
      }
      // An incumbent whose connection is already closed (aedes has not yet reported it gone) is
      // replaced as if it had left: only a live connection is defended.
      if (incumbent !== undefined && !incumbent.closed && incumbent.conn.destroyed !== true) {
        const verdict = ctx.flapping.takeover(who.id)
        if (verdict === 'episode') refusals.flapping(client, incumbent, who, ctx.options.flapping)
        if (verdict !== 'allow') {
          cb(connackError(`clientId ${who.id} is flapping between two connections; the connected one keeps it`, ConnackCode.SERVER_UNAVAILABLE), false)
          return
        }
      }
      identities.set(client, who)
    } else if (identities.isOnline(client.id)) {
      // Without a certificate, taking over a device's or operator's clientId would kick it off (MQTT-3.1.4-2).
      cb(refusals.auth(client, client.id, 'clientId of a connected OTA client, without its certificate', ConnackCode.IDENTIFIER_REJECTED), false)
      return
    } else if (ctx.options.requireCertificate) {
      cb(refusals.auth(client, client.id, 'no verified OTA client certificate', ConnackCode.NOT_AUTHORIZED), false)
      return
    }
    host.authenticate.call(aedes, client, username, password, cb)
  }
}
