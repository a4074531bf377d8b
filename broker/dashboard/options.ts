/**
 * The dashboard's options: their shape, every default (here and nowhere else) and their
 * validation, done once by {@link resolveDashboardOptions} when the dashboard starts.
 */
import type { Logger } from 'pino'
import type { PkiLayout } from '../../certs/index.js'
import { OtaError } from '../../proto/index.js'
import type { OtaBrokerTls } from '../server.js'
import { crlPollMs } from '../tls/crl.js'
import { checkToken } from './token.js'

/** Options of `startDashboard`. Exactly one of `pki` and `tls`; times in ms, sizes in bytes. */
export interface DashboardOptions {
  /** the dev PKI folder (or its loaded layout): the dashboard serves the broker's certificate and verifies operator certificates against its CA */
  pki?: string | PkiLayout
  /** the TLS material itself (PEM), e.g. from your own CA: the same as the broker's */
  tls?: OtaBrokerTls
  /**
   * the CA's revocation list (PEM, `aedes-ota pki revoke`): an operator certificate it lists counts
   * as none (401 without the token). Default with `pki`: `<pki>/ca.crl` when it exists; a file
   * named here must exist. Re-read when it changes, as the broker does (`crlPollMs`)
   */
  crl?: string
  /** how often the CRL file is checked for a change, ms; default 2000, 10 to 3 600 000 */
  crlPollMs?: number
  /** TCP port; 0 picks a free one. Required: the dashboard never starts on a port it was not given */
  port: number
  /** address to listen on; default `127.0.0.1` (loopback only) */
  host?: string
  /**
   * bearer token accepted instead of an operator certificate (`Authorization: Bearer <token>`):
   * at least 32 bytes of entropy, written as 64 or more hex digits or 43 or more base64url
   * characters (`openssl rand -hex 32`); default none: operator certificates only
   */
  token?: string
  /** audit records kept in memory for `/api/audit` and the page; default 200, 10 to 10 000 */
  auditHistory?: number
  /** least time between two live updates of the same kind, ms (changes in between are coalesced); default 200 */
  coalesceMs?: number
  /** SSE comment sent to each open stream this often so proxies keep it open, ms; default 15 000 */
  heartbeatMs?: number
  /** open live streams (`/events`) at once; more are refused with 503; default 32 */
  maxStreams?: number
  /** refused requests written to the audit log per minute; the rest are counted in the next line's `suppressed`; default 60 */
  deniedPerMinute?: number
  /** largest SBOM file served, bytes; default 8 MiB (proto `Limits.maxSbomSize`) */
  maxSbomBytes?: number
  /** operational logger (pino, component `ota-dashboard`); default silent */
  logger?: Logger
}

/** The dashboard's defaults, in one place. */
export const DashboardDefaults = {
  host: '127.0.0.1',
  auditHistory: 200,
  coalesceMs: 200,
  heartbeatMs: 15_000,
  maxStreams: 32,
  deniedPerMinute: 60,
  maxSbomBytes: 8 * 1024 * 1024
} as const

/** Options after validation, every field present (TLS material still to be read). */
export interface ResolvedDashboardOptions {
  tlsSource: { pki?: string | PkiLayout, tls?: OtaBrokerTls }
  crl: string | undefined
  crlPollMs: number
  port: number
  host: string
  token: string | null
  auditHistory: number
  coalesceMs: number
  heartbeatMs: number
  maxStreams: number
  deniedPerMinute: number
  maxSbomBytes: number
  logger: Logger | null
}

function int (v: unknown, name: string, min: number, max: number, dflt: number | undefined): number {
  if (v === undefined && dflt !== undefined) return dflt
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new OtaError('OTA_INVALID_ARGUMENT', `dashboard ${name} must be an integer from ${min} to ${max}, got ${String(v)}`)
  }
  return v
}

/**
 * Validates the dashboard's options and fills in the defaults.
 * @throws OtaError `OTA_INVALID_ARGUMENT` for a missing port, neither or both of `pki`/`tls`, an
 *   option out of range (`crlPollMs` included), or a token that is too short or not random enough (see token.ts)
 */
export function resolveDashboardOptions (o: DashboardOptions): ResolvedDashboardOptions {
  if (o == null || typeof o !== 'object') throw new OtaError('OTA_INVALID_ARGUMENT', 'dashboard options must be an object')
  if ((o.pki === undefined) === (o.tls === undefined)) {
    throw new OtaError('OTA_INVALID_ARGUMENT', 'give the dashboard either the PKI folder (pki) or the TLS files (tls: ca, cert, key), not both or neither')
  }
  const host = o.host ?? DashboardDefaults.host
  if (typeof host !== 'string' || host.length === 0) throw new OtaError('OTA_INVALID_ARGUMENT', 'dashboard host must be an address')
  if (o.token !== undefined) checkToken(o.token)
  return {
    tlsSource: o.pki !== undefined ? { pki: o.pki } : { tls: o.tls! },
    crl: o.crl,
    crlPollMs: crlPollMs(o.crlPollMs),
    port: int(o.port, 'port', 0, 65535, undefined),
    host,
    token: o.token ?? null,
    auditHistory: int(o.auditHistory, 'auditHistory', 10, 10_000, DashboardDefaults.auditHistory),
    coalesceMs: int(o.coalesceMs, 'coalesceMs', 10, 60_000, DashboardDefaults.coalesceMs),
    heartbeatMs: int(o.heartbeatMs, 'heartbeatMs', 100, 600_000, DashboardDefaults.heartbeatMs),
    maxStreams: int(o.maxStreams, 'maxStreams', 1, 10_000, DashboardDefaults.maxStreams),
    deniedPerMinute: int(o.deniedPerMinute, 'deniedPerMinute', 1, 100_000, DashboardDefaults.deniedPerMinute),
    maxSbomBytes: int(o.maxSbomBytes, 'maxSbomBytes', 1024, 2 ** 30, DashboardDefaults.maxSbomBytes),
    logger: o.logger ?? null
  }
}
