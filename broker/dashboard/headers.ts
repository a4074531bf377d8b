/**
 * Response headers every dashboard answer carries, refusals included.
 *
 * - `Content-Security-Policy` (CSP Level 3): nothing loads but the dashboard's own script and
 *   style from its own origin; no inline script or style, no framing (`frame-ancestors 'none'`,
 *   against clickjacking), no forms, no `<base>`; `connect-src 'self'` for the API and the feed.
 * - `Cache-Control: no-store` (RFC 9111 §5.2.2.5): fleet data never rests in a cache.
 * - `X-Content-Type-Options: nosniff`: a response is only ever what its type says (an SBOM is
 *   JSON, never script).
 * - `X-Frame-Options: DENY` for browsers older than `frame-ancestors`; `Referrer-Policy:
 *   no-referrer`; `Strict-Transport-Security` (RFC 6797; browsers ignore it for IP addresses);
 *   `Cross-Origin-Opener-Policy` and `Cross-Origin-Resource-Policy: same-origin`.
 */
import type { ServerResponse } from 'node:http'

/** The dashboard's Content-Security-Policy. */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'"
].join('; ')

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP,
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=31536000',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin'
}

/** Sets the security headers on a response before anything is written. */
export function secure (res: ServerResponse): void {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v)
}

/** Sends a whole answer: status, content type and body. */
export function send (res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': String(bytes.length), ...extra })
  res.end(bytes)
}

/** Sends JSON (`application/json; charset=utf-8`). */
export function sendJson (res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value))
}
