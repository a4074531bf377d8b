/**
 * The audit records of refusals, built here only: `auth.denied` (a connection refused),
 * `acl.denied` (a subscription or publish refused, by the plugin's rules or the standalone
 * broker's ACL file), `packet.refused` (a connection closed at an oversize packet header),
 * `rate.limited` (a device's message over its rate, dropped) and `audit.suppressed` (the
 * summary of refusal lines over the per-identity budget of limits/audit-budget.ts), with the
 * same fields every time and topics cut to {@link MAX_AUDIT_TOPIC}.
 */
import type { AuthenticateError, Client } from 'aedes'
import type { Logger } from 'pino'
import type { AuditEvent, AuditLog } from './audit.js'
import type { AuditBudget, Suppressed } from './limits/audit-budget.js'
import type { TlsRefusal } from './tls/refusals.js'
import type { PacketRefusal } from './limits/packet-guard.js'
import type { Identity } from './acl.js'
import type { FlapOptions } from './flapping.js'
import type { Identities } from './identity.js'
import { remoteAddress, remotePort } from './identity.js'

/** CONNACK return codes the plugin uses (MQTT 3.1.1, 3.2.2.3). */
export const ConnackCode = {
  /** identifier rejected */
  IDENTIFIER_REJECTED: 2,
  /**
   * server unavailable: a refusal for now, not of the identity (a flapping newcomer): the device
   * client backs off and retries, where 2, 4 and 5 end its `start()` (client/session.ts)
   */
  SERVER_UNAVAILABLE: 3,
  /** not authorized */
  NOT_AUTHORIZED: 5
} as const

/** The error that makes aedes refuse a connection with CONNACK `returnCode`. */
export function connackError (reason: string, returnCode: number): AuthenticateError {
  const e = new Error(reason) as AuthenticateError
  e.returnCode = returnCode
  return e
}

/**
 * Refused subscriptions and publishes a connection may make before it is closed: enough for a
 * client with a misconfigured filter list to be diagnosed from the audit log, while a client that
 * keeps asking writes at most `MAX_ACL_REFUSALS + 1` `acl.denied` lines.
 */
export const MAX_ACL_REFUSALS = 16

/** Longest topic (characters) an audit or log line holds; a longer one (a topic may be 64 KiB) is cut to this. */
export const MAX_AUDIT_TOPIC = 256

/** `topic` cut to {@link MAX_AUDIT_TOPIC} characters. */
export function auditTopic (topic: string): string {
  return topic.length > MAX_AUDIT_TOPIC ? topic.slice(0, MAX_AUDIT_TOPIC) : topic
}

/** Writes and logs refusals. One per plugin; every `auth.denied` and `acl.denied` line is built here. */
export class Refusals {
  /** acl refusals per connection, for {@link MAX_ACL_REFUSALS} */
  private readonly aclCounts = new WeakMap<Client, number>()

  /** rate-limited messages per identity since its last `rate.limited` line, for the line's count */
  private readonly dropped = new Map<string, number>()

  /**
   * @param budget - the cap on refusal lines per identity (limits/audit-budget.ts)
   */
  constructor (private readonly audit: AuditLog, private readonly identities: Identities, private readonly log: Logger | null,
    private readonly budget: AuditBudget) {}

  /**
   * Writes a refusal line charged to `key` (an identity's id, else a client id or address):
   * first the summary of that key's previous window when lines were suppressed in it.
   * @returns whether the line was written
   */
  private write (key: string, event: AuditEvent, fields: Record<string, unknown>): boolean {
    const c = this.budget.charge(key)
    for (const summary of c.summaries) this.summarise(summary)
    if (c.write) this.audit.write(event, 'failure', fields)
    return c.write
  }

  private summarise (s: Suppressed): void {
    this.audit.write('audit.suppressed', 'failure', { key: s.key, suppressed: s.suppressed, windowStart: new Date(s.windowStart).toISOString(), windowMs: s.windowMs })
    this.log?.warn({ key: s.key, suppressed: s.suppressed }, 'refusal records over the per-identity budget were not written')
  }

  /** Writes the summaries of every window with suppressed lines (at plugin close). */
  flush (): void {
    for (const s of this.budget.drain()) this.summarise(s)
  }

  /**
   * The budget key of a client: its certificate id, else (embedded mode, no OTA certificate)
   * `client:` and its client id, so that a client without a certificate cannot spend a device's
   * budget by taking its id, else its address.
   */
  private keyOf (client: Client | null, clientId = ''): string {
    const who = this.identities.get(client)
    if (who !== undefined && who !== null) return who.id
    const id = clientId !== '' ? clientId : (client?.id ?? '')
    return id !== '' ? `client:${id}` : remoteAddress(client)
  }

  /**
   * Records a connection closed by the packet guard (limits/packet-guard.ts) at a header that
   * claims more than its role's limit (`packet.refused`).
   * @param who - the identity of the connection's certificate, null without one
   */
  packet (who: Identity | null, address: string, port: number, r: PacketRefusal): void {
    this.write(who?.id ?? address, 'packet.refused', {
      clientId: who?.id ?? '', role: who?.role ?? 'none', remoteAddress: address, remotePort: port,
      reason: r.reason, claimedBytes: r.claimed, limitBytes: r.limit, packetType: r.packetType
    })
    this.log?.warn({ clientId: who?.id, remoteAddress: address, claimed: r.claimed, limit: r.limit, reason: r.reason }, 'packet over the limit: connection closed before its body was read')
  }

  /**
   * Records a refused TLS handshake (`tls.refused`), charged to the peer's address: a revoked or
   * foreign certificate proves no identity, and one address retrying in a loop must not flood the
   * log any more than a device can.
   */
  tls (r: TlsRefusal): void {
    this.write(r.remoteAddress !== '' ? r.remoteAddress : 'tls', 'tls.refused', { ...r })
  }

  /**
   * Records a connection refused at the transport (`auth.denied`, `parallel: true`): another
   * connection with the same certificate identity is still being established (limits/connections.ts).
   */
  parallel (who: Identity, address: string, port: number): void {
    this.write(who.id, 'auth.denied', {
      clientId: who.id, reason: 'another connection with this certificate is still being established', certificateId: who.id,
      role: who.role, parallel: true, remoteAddress: address, remotePort: port
    })
    this.log?.warn({ clientId: who.id, remoteAddress: address }, 'parallel connection with one certificate refused')
  }

  /**
   * Records a device message dropped by its rate limit (`rate.limited`): the first drop of a
   * run is written at once, with the count of drops since the previous line (0 for the first),
   * within the identity's refusal budget.
   * @param kind - `req` (chunk request) or `audit` (status event)
   */
  rateLimited (client: Client, who: Identity, kind: 'req' | 'audit', perSecond: number, burst: number): void {
    const k = `${who.id}\u0000${kind}`
    const n = (this.dropped.get(k) ?? 0) + 1
    if (this.write(who.id, 'rate.limited', { clientId: who.id, role: who.role, kind, perSecond, burst, dropped: n, remoteAddress: remoteAddress(client) })) {
      this.dropped.delete(k)
    } else {
      if (!this.dropped.has(k) && this.dropped.size >= 10_000) this.dropped.clear()
      this.dropped.set(k, n)
    }
    this.log?.debug({ clientId: who.id, kind }, 'over the rate limit: dropped')
  }

  /**
   * Records a refused connection (`auth.denied`) and returns the error that makes aedes answer
   * CONNACK with `returnCode`.
   * @param fields - extra audit fields (e.g. `certificateId`, `topic`: cut to {@link MAX_AUDIT_TOPIC})
   */
  auth (client: Client, clientId: string, reason: string, returnCode: number, fields: Record<string, unknown> = {}): AuthenticateError {
    const extra = typeof fields.topic === 'string' ? { ...fields, topic: auditTopic(fields.topic) } : fields
    this.write(this.keyOf(client, clientId), 'auth.denied', { clientId, reason, ...extra, remoteAddress: remoteAddress(client) })
    this.log?.warn({ clientId, reason, returnCode }, 'connection refused')
    return connackError(reason, returnCode)
  }

  /**
   * Records the start of a flapping episode (`auth.flapping`, once per episode): the refused
   * newcomer's and the kept incumbent's addresses and ports.
   */
  flapping (newcomer: Client, incumbent: Client, who: Identity, o: FlapOptions): void {
    this.audit.write('auth.flapping', 'failure', {
      clientId: who.id,
      role: who.role,
      remoteAddress: remoteAddress(newcomer),
      remotePort: remotePort(newcomer),
      incumbentAddress: remoteAddress(incumbent),
      incumbentPort: remotePort(incumbent),
      takeovers: o.takeovers,
      windowMs: o.windowMs,
      cooldownMs: o.cooldownMs
    })
    this.log?.warn({ clientId: who.id, remoteAddress: remoteAddress(newcomer), incumbentAddress: remoteAddress(incumbent) }, 'takeover flapping: newcomers refused during the cool-down')
  }

  /**
   * Forgets the refusals counted against `client` (the OTA service, after a device's message was
   * accepted: it cannot close the device's connection, so its count must not end in silence).
   */
  forgive (client: Client): void {
    this.aclCounts.delete(client)
  }

  /**
   * Records a refused subscription or publish (`acl.denied`; the plugin's and the standalone
   * broker's ACL alike), counted per connection: the refusal after {@link MAX_ACL_REFUSALS}
   * closes the connection and is audited with `closed: true`; later ones (packets already on
   * their way) are not audited.
   */
  acl (client: Client | null, action: 'subscribe' | 'publish', topic: string, reason: string): void {
    const n = client === null ? 1 : (this.aclCounts.get(client) ?? 0) + 1
    if (client !== null) this.aclCounts.set(client, n)
    if (n > MAX_ACL_REFUSALS + 1) return
    const closing = client !== null && n === MAX_ACL_REFUSALS + 1
    const t = auditTopic(topic)
    this.write(this.keyOf(client), 'acl.denied', {
      action, topic: t, reason, clientId: client?.id ?? '', role: this.identities.get(client)?.role ?? 'none', remoteAddress: remoteAddress(client),
      ...(closing ? { closed: true } : {})
    })
    this.log?.warn({ clientId: client?.id, action, topic: t, reason }, 'denied')
    if (closing) {
      this.log?.warn({ clientId: client.id, refusals: n }, 'too many refused subscriptions or publishes: connection closed')
      // After aedes has answered the packet being refused (SUBACK 0x80), not in the middle of it.
      setImmediate(() => { client.close() })
    }
  }
}
