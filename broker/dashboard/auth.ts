/**
 * Who may read the dashboard: a client whose TLS certificate verified against the broker's CA
 * and names an operator (certs/identity.ts), or a request carrying the bearer token
 * (`Authorization: Bearer <token>`, RFC 6750 §2.1). Anything else is refused, and the refusal
 * says why (for the audit line, never for the client).
 */
import type { IncomingMessage } from 'node:http'
import { identityFromConnection } from '../identity.js'
import type { TokenCheck } from './token.js'

/** An accepted request: the operator id, or `token` for the bearer token. */
export interface Granted { ok: true, who: string, via: 'certificate' | 'token' }
/** A refused request and why. */
export interface Refused { ok: false, reason: string, certificateId: string }

// The scheme name is case-insensitive (RFC 9110 §11.1); the token is one token68-like run of visible characters.
const BEARER = /^Bearer ([\x21-\x7e]+)$/i

/**
 * Decides one request. A verified operator certificate is enough; otherwise the bearer token
 * must match (a device certificate, an unverified one or none at all change nothing then).
 */
export function authorize (req: IncomingMessage, token: TokenCheck | null): Granted | Refused {
  const who = identityFromConnection(req.socket)
  if (who?.role === 'operator') return { ok: true, who: who.id, via: 'certificate' }
  const certificateId = who?.id ?? ''
  const header = req.headers.authorization
  if (header === undefined) {
    return { ok: false, certificateId, reason: who !== null ? `certificate of a ${who.role}, not an operator` : 'no operator certificate and no token' }
  }
  const m = BEARER.exec(header)
  if (m === null) return { ok: false, certificateId, reason: 'Authorization header is not a bearer token' }
  if (token === null) return { ok: false, certificateId, reason: 'bearer token given but the dashboard accepts none' }
  if (!token.matches(m[1]!)) return { ok: false, certificateId, reason: 'wrong bearer token' }
  return { ok: true, who: 'token', via: 'token' }
}
