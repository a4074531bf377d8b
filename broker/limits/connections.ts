/**
 * One connection per certificate identity being established at a time (standalone broker).
 * A TLS connection is "establishing" from the handshake until aedes reports its client ready
 * (CONNECT accepted) or the socket closes. While one connection of an identity is establishing,
 * another connection with that identity is refused at the transport before it is read. A
 * connected client of that identity does not block a newcomer: the newcomer's CONNECT then takes
 * the session over (MQTT-3.1.4-2) under the takeover and flapping rules of hooks/authenticate.ts
 * and flapping.ts, so at most two connections of one identity exist at once (the connected one
 * and its successor) and one once the takeover is done. aedes closes an establishing connection
 * that sends no CONNECT within its `connectTimeout` (30 s), so a slot is never held longer.
 */
import type { Identity } from '../acl.js'

/** Establishing connections by identity. */
export class EstablishingConnections<C extends object> {
  private readonly byId = new Map<string, C>()

  /** The key of an identity: role and id (an operator and a device may share no id, but keep them apart). */
  private key (who: Identity): string { return `${who.role}:${who.id}` }

  /**
   * Admits a new connection of `who`.
   * @param alive - whether an earlier establishing connection is still open
   * @returns false when another connection of `who` is still establishing (refuse this one)
   */
  admit (who: Identity, conn: C, alive: (other: C) => boolean): boolean {
    const k = this.key(who)
    const other = this.byId.get(k)
    if (other !== undefined && other !== conn && alive(other)) return false
    this.byId.set(k, conn)
    return true
  }

  /** The connection finished establishing (client ready) or closed: it no longer holds the slot. */
  done (who: Identity, conn: C): void {
    const k = this.key(who)
    if (this.byId.get(k) === conn) this.byId.delete(k)
  }
}
