/**
 * The dashboard's routes, for a request already authorized (server.ts): the page and its two
 * files, the JSON endpoints, the live feed and the SBOM files. Read-only: GET and HEAD only.
 *
 * | path | answer |
 * |---|---|
 * | `/` | the page (text/html) |
 * | `/app.js`, `/app.css` | its script and style (`/favicon.ico`: 204, there is none) |
 * | `/api/fleet` | `{ devices: FleetRow[] }` |
 * | `/api/rollouts` | `{ rollouts: RolloutStatus[] }` (the plugin's shape, devices included) |
 * | `/api/audit?limit=N` | `{ records: AuditView[] }`, the newest N (default 50, at most the history size), oldest first |
 * | `/events` | the live feed (feed.ts) |
 * | `/sbom/<64 hex>` | the SBOM file (sbom.ts) |
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Logger } from 'pino'
import type { RolloutStatus } from '../rollout/types.js'
import { APP_JS } from './app.js'
import type { AuditHistory } from './audit-history.js'
import type { Feed } from './feed.js'
import { send, sendJson } from './headers.js'
import { APP_CSS, pageHtml } from './page.js'
import { readSbom } from './sbom.js'
import { auditView, type FleetRow } from './views.js'

/** Audit records `/api/audit` answers without `limit`. */
export const DEFAULT_AUDIT_LIMIT = 50

/** What the routes read. */
export interface RouteDeps {
  fleet: () => FleetRow[]
  rollouts: () => RolloutStatus[]
  history: AuditHistory
  feed: Feed
  maxStreams: number
  dataDir: string
  maxSbomBytes: number
  log: Logger | null
}

/** Answers one authorized request; `who` names the operator (or `token`) for the log. */
export async function route (req: IncomingMessage, res: ServerResponse, who: string, d: RouteDeps): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, 'text/plain; charset=utf-8', 'read-only: GET and HEAD only\n', { Allow: 'GET, HEAD' })
    return
  }
  let url: URL
  try {
    url = new URL(req.url ?? '/', 'https://dashboard.invalid')
  } catch {
    send(res, 400, 'text/plain; charset=utf-8', 'bad request target\n')
    return
  }
  const path = url.pathname
  if (path === '/') return send(res, 200, 'text/html; charset=utf-8', pageHtml(Math.min(DEFAULT_AUDIT_LIMIT, d.history.capacity)))
  if (path === '/app.js') return send(res, 200, 'text/javascript; charset=utf-8', APP_JS)
  if (path === '/app.css') return send(res, 200, 'text/css; charset=utf-8', APP_CSS)
  // Browsers ask for it by themselves; there is none, and a 404 would be a console error.
  if (path === '/favicon.ico') { res.writeHead(204).end(); return }
  if (path === '/api/fleet') return sendJson(res, 200, { devices: d.fleet() })
  if (path === '/api/rollouts') return sendJson(res, 200, { rollouts: d.rollouts() })
  if (path === '/api/audit') {
    const raw = url.searchParams.get('limit')
    const limit = raw === null ? Math.min(DEFAULT_AUDIT_LIMIT, d.history.capacity) : Number(raw)
    if (!/^\d{1,6}$/.test(raw ?? '1') || !Number.isInteger(limit) || limit < 1 || limit > d.history.capacity) {
      return sendJson(res, 400, { error: `limit must be an integer from 1 to ${d.history.capacity}` })
    }
    return sendJson(res, 200, { records: d.history.latest(limit).map((r) => auditView(r)) })
  }
  if (path === '/events') {
    if (req.method === 'HEAD') return send(res, 200, 'text/event-stream; charset=utf-8', '')
    if (d.feed.size >= d.maxStreams) return send(res, 503, 'text/plain; charset=utf-8', 'too many live streams\n', { 'Retry-After': '10' })
    d.log?.info({ who, remoteAddress: req.socket.remoteAddress }, 'dashboard stream opened')
    d.feed.open(res)
    return
  }
  if (path.startsWith('/sbom/')) {
    const r = await readSbom(d.dataDir, path.slice('/sbom/'.length), d.maxSbomBytes)
    if (r.found) return send(res, 200, 'application/json; charset=utf-8', r.bytes)
    if (r.status === 500) d.log?.error({ err: r.err, path }, 'SBOM not served')
    return send(res, r.status, 'text/plain; charset=utf-8', `${r.reason}\n`)
  }
  send(res, 404, 'text/plain; charset=utf-8', 'not found\n')
}
