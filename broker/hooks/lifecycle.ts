/**
 * aedes `clientReady` / `clientDisconnect` listeners: the online set, the audit trail of OTA
 * connections, the inventory's online/offline and last seen, brick detection's online set, and
 * the sender's queues.
 */
import type { Client } from 'aedes'
import { remoteAddress } from '../identity.js'
import type { HookDeps } from './types.js'

/** The two listeners. */
export function makeLifecycle ({ ctx }: HookDeps): { onReady: (client: Client) => void, onGone: (client: Client) => void } {
  const { identities, audit, inventory, sender, health } = ctx
  return {
    onReady (client) {
      identities.connected(client)
      const who = identities.get(client)
      if (who === null) return
      audit.write('client.connected', 'success', { clientId: client.id, role: who.role, model: who.role === 'device' ? who.model : '', remoteAddress: remoteAddress(client) })
      if (who.role === 'device') { inventory.connected(who.id, who.model, remoteAddress(client)); health.connected(who.id) }
    },
    onGone (client) {
      // A connection taken over by a newer one of the same id: the device is still online.
      const current = identities.disconnected(client)
      sender.drop(client)
      const who = identities.get(client)
      if (who === null) return
      audit.write('client.disconnected', 'success', { clientId: client.id, role: who.role })
      if (who.role === 'device' && current) { inventory.disconnected(who.id); health.disconnected(who.id) }
    }
  }
}
