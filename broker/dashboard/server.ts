/**
 * `startDashboard(plugin, options)`: the read-only HTTPS dashboard, in the broker's process.
 *
 * It never starts by itself: the host (or `aedes-ota broker --dashboard-port`) asks for it. It
 * serves over TLS 1.3 with the broker's certificate, asks every client for a certificate and
 * verifies it against the broker's CA, and answers only a request from a verified operator
 * certificate or one carrying the bearer token (auth.ts). Anything else gets 401, the connection
 * is closed, and the refusal is audited (`dashboard.denied`, denials.ts).
 */
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { toOtaError } from '../../proto/index.js'
import type { OtaRuntime } from '../runtime.js'
import type { RolloutStatus } from '../rollout/types.js'
import { tlsMaterial } from '../server.js'
import { clientCheckingContext, resolveServerCrl, watchServerCrl } from '../tls/crl.js'
import { AuditHistory, tailRecords } from './audit-history.js'
import { authorize } from './auth.js'
import { Denials } from './denials.js'
import { Feed } from './feed.js'
import { secure, send } from './headers.js'
import { resolveDashboardOptions, type DashboardOptions } from './options.js'
import { DEFAULT_AUDIT_LIMIT, route } from './routes.js'
import { TokenCheck } from './token.js'
import { auditView, fleetRow, rolloutView, type FleetRow } from './views.js'

/** A running dashboard. */
export interface Dashboard {
  /** `https://<host>:<port>/` */
  readonly url: string
  /** the TCP port listened on (the one picked when `port` was 0) */
  readonly port: number
  /** the HTTPS server */
  readonly server: Server
  /** Ends the live streams and connections, stops listening, stops following the plugin. */
  close (): Promise<void>
}

/**
 * Starts the dashboard for a running plugin (read-only: it changes nothing in the broker).
 * Close it before the plugin.
 *
 * @param plugin - the OTA plugin whose inventory, rollouts and audit log it shows; SBOMs are read
 *   from `<plugin.store.dataDir>/sboms/`
 * @param options - see {@link DashboardOptions}
 * @throws OtaError `OTA_INVALID_ARGUMENT` for bad options (a weak token among them), `OTA_IO` when
 *   the TLS files or the CRL cannot be read (or a `crl` named does not exist) or the port cannot be bound
 */
export async function startDashboard (plugin: OtaRuntime, options: DashboardOptions): Promise<Dashboard> {
  const o = resolveDashboardOptions(options)
  const { key, cert, ca } = await tlsMaterial(o.tlsSource)
  const crl = await resolveServerCrl(o.crl, o.tlsSource.pki, o.crlPollMs)
  const log = o.logger?.child({ component: 'ota-dashboard' }) ?? null
  const token = o.token === null ? null : new TokenCheck(o.token)
  const denials = new Denials(plugin.audit, o.deniedPerMinute)
  const rollouts = (): RolloutStatus[] => plugin.rollouts.list()
  const fleet = (): FleetRow[] => plugin.inventory.list().map(fleetRow)

  const history = new AuditHistory(o.auditHistory)
  for (const r of await tailRecords(plugin.audit.path, o.auditHistory)) history.push(r)
  const feed = new Feed({
    fleet,
    rollouts: () => rollouts().map(rolloutView),
    audit: () => history.latest(Math.min(DEFAULT_AUDIT_LIMIT, o.auditHistory)).map((r) => auditView(r))
  }, o.coalesceMs, o.heartbeatMs, log)

  // Connects, disconnects and suspect marks reach the inventory right after their audit line is
  // written, in the same turn: the coalescing timer reads the inventory after them.
  const unsubscribe = plugin.audit.subscribe((record, flat) => {
    history.push(record)
    feed.audited(auditView(record, flat))
    feed.fleetChanged()
  })
  const onStatus = (): void => { feed.fleetChanged() }
  const onRollout = (r: RolloutStatus): void => { feed.rolloutChanged(rolloutView(r)) }
  plugin.on('status', onStatus)
  plugin.on('rollout', onRollout)

  const deps = { fleet, rollouts, history, feed, maxStreams: o.maxStreams, dataDir: plugin.store.dataDir, maxSbomBytes: o.maxSbomBytes, log }
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    secure(res)
    const a = authorize(req, token)
    if (!a.ok) {
      denials.record({ remoteAddress: req.socket.remoteAddress ?? '', method: req.method ?? '', path: (req.url ?? '').split('?')[0]!, reason: a.reason, certificateId: a.certificateId })
      send(res, 401, 'text/plain; charset=utf-8', 'an operator certificate or the bearer token is required\n', { 'WWW-Authenticate': 'Bearer realm="aedes-ota dashboard"', Connection: 'close' })
      return
    }
    route(req, res, a.who, deps).catch((err: unknown) => {
      log?.error({ err, path: req.url }, 'dashboard request failed')
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error\n')
      else res.destroy()
    })
  }

  // rejectUnauthorized is off so that a token holder without a certificate can connect; a
  // certificate that does not verify then counts as none (auth.ts reads `authorized`).
  // The broker's CRL and no session tickets, as at the broker (tls/crl.ts): a revoked operator
  // certificate does not verify, so it counts as none.
  const server = createServer({ ...clientCheckingContext({ key, cert, ca }, crl.pem), requestCert: true, rejectUnauthorized: false }, handle)
  const crlWatcher = watchServerCrl(server, crl, { key, cert, ca }, log ?? undefined)
  server.on('tlsClientError', (err, socket) => { log?.warn({ err, remoteAddress: socket.remoteAddress }, 'dashboard TLS handshake failed') })
  const stopFollowing = (): void => {
    unsubscribe()
    plugin.removeListener('status', onStatus)
    plugin.removeListener('rollout', onRollout)
    feed.close()
  }
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(o.port, o.host, () => { server.removeListener('error', reject); resolve() })
    })
  } catch (e) {
    stopFollowing()
    await crlWatcher?.close()
    throw toOtaError(e, 'OTA_IO', `the dashboard cannot listen on ${o.host}:${o.port}`)
  }
  const port = (server.address() as AddressInfo).port
  const url = `https://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}/`
  log?.info({ url, token: token !== null }, 'dashboard listening')

  let closed = false
  return {
    url,
    port,
    server,
    async close () {
      if (closed) return
      closed = true
      stopFollowing()
      await crlWatcher?.close()
      denials.flush()
      const done = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      await done
    }
  }
}
