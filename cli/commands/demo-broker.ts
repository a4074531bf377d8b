/**
 * The demos' broker side (`demo --broker aedes|mosquitto`): the broker with the plugin in this
 * process, or Debian's Mosquitto with the configuration `aedes-ota acl mosquitto` writes and
 * `aedes-ota service` beside it, both child processes (cli/service-mode/). The demos reach either
 * through {@link DemoBroker}: the URL devices and operators use, the status events the OTA core
 * received, the inventory, the rollouts and the audit log. Beside Mosquitto everything but the
 * status feed goes through Mosquitto as an operator; the status feed is the service's audit log,
 * which records each event as the service received it (the plugin's `status` event does the same).
 */
import { join } from 'node:path'
import { OtaError, State, isOtaError } from '../../proto/index.js'
import { auditFiles, startDashboard, startOtaBroker, type Dashboard, type RolloutStatus } from '../../broker/index.js'
import { fetchInventory, rolloutStatus, type DeviceRecord, type OperatorConnection } from '../../operator/index.js'
import { operatorTls } from '../credentials.js'
import type { StatusLineEvent } from '../output.js'
import { followAudit } from '../service-mode/audit-follow.js'
import { DEFAULT_SERVICE_ID, startServiceMode } from '../service-mode/index.js'
import type { DemoSetup } from './demo.js'

/** Which broker the demo runs: the plugin's, or Mosquitto with the service beside it. */
export type DemoBrokerKind = 'aedes' | 'mosquitto'

/** The broker kinds `--broker` takes. */
export const DEMO_BROKERS: readonly DemoBrokerKind[] = ['aedes', 'mosquitto']

/** How often the rollouts are asked for beside Mosquitto (the service's events are in another process), ms. */
const ROLLOUT_POLL_MS = 500

/** What the demos use of a running broker side. */
export interface DemoBroker {
  readonly kind: DemoBrokerKind
  /** the URL devices and operators connect to */
  readonly url: string
  /** what took the release, for the demo's lines: `broker` or `service (through Mosquitto)` */
  readonly name: string
  /** the dashboard's URL, when `dashboardPort` was given */
  readonly dashboardUrl: string | undefined
  /** the audit log's base path (files `<stem>.<n>.log`) */
  readonly auditLog: string
  /** the OTA core's data folder (releases, inventory, audit log) */
  readonly dataDir: string
  /** the audit file written now */
  auditFile: () => Promise<string>
  /** calls `fn` with each status event the OTA core received; the function returned stops, after the events already received */
  onStatus: (fn: (e: StatusLineEvent) => void) => () => Promise<void>
  /** calls `fn` with each change of a rollout; the function returned stops */
  onRollout: (fn: (s: RolloutStatus) => void) => () => void
  /** the inventory: each device's connection and running version */
  inventory: () => Promise<Array<Pick<DeviceRecord, 'deviceId' | 'online' | 'currentVersion'>>>
  /** a rollout's status; undefined for an unknown id */
  rollout: (id: string) => Promise<RolloutStatus | undefined>
  /**
   * Runs an operator call as the demo's operator. Beside Mosquitto one at a time: Mosquitto
   * makes the certificate's CN the client id, so a second connection of the operator would
   * take over the first.
   */
  asOperator: <T>(fn: (conn: OperatorConnection) => Promise<T>) => Promise<T>
  close: () => Promise<void>
}

/** Options of {@link startDemoBroker}. */
export interface DemoBrokerOptions {
  /** serve the dashboard on this port (0: a free one) */
  dashboardPort?: number
  /** a bearer token the dashboard accepts (plugin: its value; beside Mosquitto the service reads `dashboardTokenFile`) */
  dashboardToken?: string
  dashboardTokenFile?: string
}

/** The demo's operator: the PKI's first operator that is not the service. */
function demoOperator (s: DemoSetup): string {
  const op = s.pki.operators.find((o) => o.id !== DEFAULT_SERVICE_ID)
  if (op === undefined) throw new OtaError('OTA_INVALID_ARGUMENT', 'the demo PKI has no operator certificate')
  return op.id
}

/**
 * Starts the broker side the demo asked for.
 * @throws OtaError `OTA_INVALID_ARGUMENT` when the PKI has no operator for the demo; as the
 *   broker (`OTA_IO`, ...); CliError `OTA_MOSQUITTO` beside Mosquitto when
 *   Mosquitto is missing or it or the service does not start
 */
export async function startDemoBroker (kind: DemoBrokerKind, s: DemoSetup, o: DemoBrokerOptions): Promise<DemoBroker> {
  const tls = await operatorTls(s.pki.dir, demoOperator(s))
  return kind === 'aedes' ? await startPlugin(s, o, tls) : await startBeside(s, o, tls)
}

async function startPlugin (s: DemoSetup, o: DemoBrokerOptions, tls: Omit<OperatorConnection, 'url'>): Promise<DemoBroker> {
  const broker = await startOtaBroker({ pki: s.pki, trust: s.rootBytes, dataDir: join(s.dir, 'broker'), port: 0 })
  let dashboard: Dashboard | undefined
  try {
    if (o.dashboardPort !== undefined) dashboard = await startDashboard(broker.plugin, { pki: s.pki, port: o.dashboardPort, ...(o.dashboardToken !== undefined ? { token: o.dashboardToken } : {}) })
  } catch (e) {
    await broker.close()
    throw e
  }
  const p = broker.plugin
  return {
    kind: 'aedes',
    url: broker.url,
    name: 'broker',
    dashboardUrl: dashboard?.url,
    auditLog: p.auditLog,
    dataDir: p.store.dataDir,
    auditFile: async () => p.audit.file,
    onStatus: (fn) => { p.on('status', fn); return async () => { p.off('status', fn) } },
    onRollout: (fn) => { p.on('rollout', fn); return () => { p.off('rollout', fn) } },
    inventory: async () => p.inventory.list(),
    rollout: async (id) => p.rollouts.get(id),
    asOperator: async (fn) => await fn({ url: broker.url, ...tls }),
    close: async () => { await dashboard?.close(); await broker.close() }
  }
}

async function startBeside (s: DemoSetup, o: DemoBrokerOptions, tls: Omit<OperatorConnection, 'url'>): Promise<DemoBroker> {
  const mode = await startServiceMode({
    dir: s.dir,
    pki: s.pki.dir,
    trust: s.keysDir,
    serviceArgs: o.dashboardPort !== undefined ? ['--dashboard-port', String(o.dashboardPort), ...(o.dashboardTokenFile !== undefined ? ['--dashboard-token-file', o.dashboardTokenFile] : [])] : []
  })
  const conn: OperatorConnection = { url: mode.url, ...tls }
  let queue: Promise<unknown> = Promise.resolve()
  const asOperator = async <T>(fn: (c: OperatorConnection) => Promise<T>): Promise<T> => {
    const mine = queue.then(async () => await fn(conn))
    queue = mine.catch(() => {})
    return await mine
  }

  // One poller of the rollouts for every listener, running while there is one.
  const rolloutListeners = new Set<(r: RolloutStatus) => void>()
  const lastSeen = new Map<string, string>()
  let poller: NodeJS.Timeout | undefined
  let polling = false
  const pollRollouts = async (): Promise<void> => {
    if (polling) return
    polling = true
    try {
      for (const r of await asOperator(async (c) => await rolloutStatus(c))) {
        const key = JSON.stringify(r)
        if (lastSeen.get(r.id) === key) continue
        lastSeen.set(r.id, key)
        for (const l of rolloutListeners) l(r)
      }
    } catch { /* asked again at the next poll */ } finally { polling = false }
  }

  const dashboard = typeof mode.service.ready.dashboard === 'string' && mode.service.ready.dashboard !== '' ? mode.service.ready.dashboard : undefined
  return {
    kind: 'mosquitto',
    url: mode.url,
    name: 'service (through Mosquitto)',
    dashboardUrl: dashboard,
    auditLog: mode.auditLog,
    dataDir: mode.data,
    auditFile: async () => (await auditFiles(mode.auditLog)).pop() ?? mode.auditLog,
    onStatus: (fn) => {
      const f = followAudit(mode.auditLog, (r) => {
        if (r.event !== 'device.status' || typeof r.deviceId !== 'string') return
        const str = (k: string): string => typeof r[k] === 'string' ? r[k] : ''
        fn({ deviceId: r.deviceId, state: State[str('state') as keyof typeof State] ?? 0, previousVersion: str('previousVersion'), currentVersion: str('currentVersion'), targetVersion: str('targetVersion'), errorCode: str('errorCode') })
      })
      return f.stop
    },
    onRollout: (fn) => {
      rolloutListeners.add(fn)
      poller ??= setInterval(() => { void pollRollouts() }, ROLLOUT_POLL_MS)
      return () => {
        rolloutListeners.delete(fn)
        if (rolloutListeners.size === 0 && poller !== undefined) { clearInterval(poller); poller = undefined }
      }
    },
    inventory: async () => await asOperator(async (c) => await fetchInventory(c)),
    rollout: async (id) => await asOperator(async (c) => (await rolloutStatus({ ...c, id }))[0]).catch((e: unknown) => { if (isOtaError(e, 'OTA_ROLLOUT')) return undefined; throw e }),
    asOperator,
    close: async () => {
      if (poller !== undefined) clearInterval(poller)
      await queue
      await mode.close()
    }
  }
}
