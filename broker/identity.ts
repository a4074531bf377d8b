/**
 * Who a connected client is, taken from its verified TLS client certificate only
 * (subject convention in certs/: CN = id, OU = `device:<model>` or `operator`).
 */
import { TLSSocket } from 'node:tls'
import type { Client } from 'aedes'
import { identityFromSubject } from '../certs/index.js'
import type { Identity } from './acl.js'

/**
 * The identity in the peer certificate of `conn`, when `conn` is a TLS socket whose client
 * certificate chain was verified; otherwise null.
 */
export function identityFromConnection (conn: unknown): Identity | null {
  // The standalone broker hands aedes a packet guard (limits/packet-guard.ts) that carries the socket.
  const tls = conn instanceof TLSSocket ? conn : (conn as { tlsSocket?: unknown } | null)?.tlsSocket
  if (!(tls instanceof TLSSocket) || !tls.authorized) return null
  const cert = tls.getPeerCertificate()
  if (cert == null || cert.subject == null) return null
  return identityFromSubject(cert.subject as unknown as Record<string, string | string[] | undefined>)
}

/** The identity in the verified certificate of an aedes client's connection; null without one (or without a client). */
export function identityOf (client: Client | null | undefined): Identity | null {
  return client == null ? null : identityFromConnection(client.conn)
}

/** Identities of authenticated clients, held for the connection's life. */
export class Identities {
  private readonly map = new WeakMap<Client, Identity>()
  private readonly online = new Map<string, Client>()
  /** Records the identity of an authenticated client. */
  set (client: Client, who: Identity): void { this.map.set(client, who) }
  /** The identity of a client, or null for one without an OTA certificate. */
  get (client: Client | null | undefined): Identity | null { return client == null ? null : this.map.get(client) ?? null }
  /** Marks an identified client as connected (clientReady). */
  connected (client: Client): void { if (this.map.has(client)) this.online.set(client.id, client) }
  /**
   * Forgets a connection (clientDisconnect).
   * @returns true when it was the id's current connection (false: taken over by a newer one)
   */
  disconnected (client: Client): boolean {
    if (this.online.get(client.id) !== client) return false
    this.online.delete(client.id)
    return true
  }
  /** The connection holding `clientId`, for a client with an OTA certificate. */
  connection (clientId: string): Client | undefined { return this.online.get(clientId) }
  /** True when a client with an OTA certificate is connected under `clientId`. */
  isOnline (clientId: string): boolean { return this.online.has(clientId) }
}

/** The remote address of a client's connection, for logs. */
export function remoteAddress (client: Client | null | undefined): string {
  const c = (client as unknown as { conn?: { remoteAddress?: string } } | null)?.conn
  return c?.remoteAddress ?? ''
}

/** The remote port of a client's connection, for telling two connections from one host apart; 0 when unknown. */
export function remotePort (client: Client | null | undefined): number {
  const c = (client as unknown as { conn?: { remotePort?: number } } | null)?.conn
  return c?.remotePort ?? 0
}
