/**
 * The audit records of refusals, built here only: `auth.denied` (a connection refused) and
 * `acl.denied` (a subscription or publish refused), with the same fields every time.
 */
import type { AuthenticateError, Client } from 'aedes'
import type { Logger } from 'pino'
import type { AuditLog } from './audit.js'
import type { Identity } from './acl.js'
import type { FlapOptions } from './flapping.js'
import type { Identities } from './identity.js'
import { remoteAddress, remotePort } from './identity.js'

/** CONNACK return codes the plugin uses (MQTT 3.1.1, 3.2.2.3). */
export const ConnackCode = {
  /** identifier rejected */
  IDENTIFIER_REJECTED: 2,
  /** not authorized */
  NOT_AUTHORIZED: 5
} as const

/** The error that makes aedes refuse a connection with CONNACK `returnCode`. */
export function connackError (reason: string, returnCode: number): AuthenticateError {
  const e = new Error(reason) as AuthenticateError
  e.returnCode = returnCode
  return e
}

/** The fields of an `acl.denied` audit line (also written by the standalone broker's ACL, host-acl.ts). */
export function aclDeniedFields (client: Client | null, role: string, action: 'subscribe' | 'publish', topic: string, reason: string): Record<string, unknown> {
  return { action, topic, reason, clientId: client?.id ?? '', role, remoteAddress: remoteAddress(client) }
}

/** Writes and logs refusals. One per plugin. */
export class Refusals {
  constructor (private readonly audit: AuditLog, private readonly identities: Identities, private readonly log: Logger | null) {}

  /**
   * Records a refused connection (`auth.denied`) and returns the error that makes aedes answer
   * CONNACK with `returnCode`.
   * @param fields - extra audit fields (e.g. `certificateId`, `topic`)
   */
  auth (client: Client, clientId: string, reason: string, returnCode: number, fields: Record<string, unknown> = {}): AuthenticateError {
    this.audit.write('auth.denied', 'failure', { clientId, reason, ...fields, remoteAddress: remoteAddress(client) })
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

  /** Records a refused subscription or publish (`acl.denied`). */
  acl (client: Client | null, action: 'subscribe' | 'publish', topic: string, reason: string): void {
    this.audit.write('acl.denied', 'failure', aclDeniedFields(client, this.identities.get(client)?.role ?? 'none', action, topic, reason))
    this.log?.warn({ clientId: client?.id, action, topic, reason }, 'denied')
  }
}
