/** `aedes-ota broker`: the standalone TLS broker with the OTA plugin. */
import { Option, type Command } from 'commander'
import { join } from 'node:path'
import pino from 'pino'
import { OtaError, isIdentifier } from '../../proto/index.js'
import { readRootChain } from '../../sign/index.js'
import { startDashboard, startOtaBroker, type Dashboard, type OtaBrokerOptions } from '../../broker/index.js'
import { readTokenFile } from '../../broker/dashboard/token.js'
import { readOrFail } from '../credentials.js'
import { intArg } from '../output.js'
import { logLevelOption, type LogLevel } from '../options.js'

interface BrokerArgs { pki?: string, ca?: string, cert?: string, key?: string, acl?: string, crl?: string, crlPoll?: number, groups?: string, trust: string, data: string, port: number, host: string, auditLog?: string, auditMaxSize?: number, auditRotate?: 'daily' | 'hourly' | 'none', auditKeep?: number, logLevel: LogLevel, dashboardPort?: number, dashboardHost: string, dashboardTokenFile?: string, redis?: string, brokerId?: string, broadcast: boolean }

/**
 * The device groups of a `--groups` file: a JSON object `{ "<group>": ["<device id>", ...] }`,
 * group names and device ids both identifiers.
 * @throws OtaError `OTA_INVALID_ARGUMENT` naming the file and what is wrong; `OTA_IO` when it cannot be read
 */
export async function readGroups (path: string): Promise<Record<string, string[]>> {
  const text = (await readOrFail(path)).toString('utf8')
  let value: unknown
  try { value = JSON.parse(text) } catch (e) { throw new OtaError('OTA_INVALID_ARGUMENT', `${path} is not JSON: ${e instanceof Error ? e.message : String(e)}`) }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new OtaError('OTA_INVALID_ARGUMENT', `${path} must hold a JSON object { "group": ["device-id", ...] }`)
  const groups: Record<string, string[]> = {}
  for (const [name, ids] of Object.entries(value)) {
    if (!isIdentifier(name)) throw new OtaError('OTA_INVALID_ARGUMENT', `${path}: group name ${JSON.stringify(name)} is not an identifier`)
    if (!Array.isArray(ids) || !ids.every(isIdentifier)) throw new OtaError('OTA_INVALID_ARGUMENT', `${path}: group ${name} must be an array of device ids`)
    groups[name] = [...new Set(ids)]
  }
  return groups
}

/** The broker's TLS material from `--pki` or from `--ca/--cert/--key` (exactly one of the two). */
async function tlsOf (o: BrokerArgs): Promise<Pick<OtaBrokerOptions, 'pki' | 'tls'>> {
  const own = [o.ca, o.cert, o.key].filter((x) => x !== undefined).length
  if (o.pki !== undefined && own === 0) return { pki: o.pki }
  if (o.pki === undefined && own === 3) {
    const [ca, cert, key] = await Promise.all([readOrFail(o.ca!), readOrFail(o.cert!), readOrFail(o.key!)])
    return { tls: { ca, cert, key } }
  }
  throw new OtaError('OTA_INVALID_ARGUMENT', 'give either --pki <dir> or all of --ca, --cert and --key (your own CA), not both')
}

/** Adds `broker`: the standalone TLS 1.3 broker with the OTA plugin; runs until SIGINT/SIGTERM. */
export function registerBroker (program: Command): void {
  program.command('broker')
    .description('run an Aedes broker over TLS 1.3 with client certificates and the OTA plugin, until SIGINT/SIGTERM')
    .option('--pki <dir>', 'PKI folder (pki init): CA and broker certificate')
    .option('--ca <file>', 'instead of --pki: CA certificate (PEM) that issued device and operator certificates')
    .option('--cert <file>', 'instead of --pki: the broker\'s certificate (PEM)')
    .option('--key <file>', 'instead of --pki: the broker\'s private key (PEM)')
    .option('--crl <file>', 'CA revocation list (PEM, `pki revoke`), reloaded when it changes; default <pki>/ca.crl with --pki, none with --ca')
    .option('--crl-poll <ms>', 'how often the CRL file is checked for changes (ms; default 2000)', intArg(10, 3_600_000))
    .option('--acl <file>', 'rules for topics outside the OTA prefix ("allow|deny publish|subscribe <filter>" per line, %c = client id, %m = model); default: all denied')
    .option('--groups <file>', 'device groups for `rollout start --group`: a JSON object { "name": ["device-id", ...] }')
    .requiredOption('--trust <dir>', 'folder holding root.bin, the trusted root metadata')
    .requiredOption('--data <dir>', 'folder for stored releases, the inventory and the audit log')
    .option('--port <port>', 'TCP port', intArg(0, 65535), 8883)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--dashboard-port <port>', 'serve the read-only HTTPS dashboard on this port (operator certificate or --dashboard-token-file); default: no dashboard', intArg(0, 65535))
    .option('--dashboard-host <address>', 'address the dashboard listens on', '127.0.0.1')
    .option('--dashboard-token-file <file>', 'file holding a bearer token the dashboard accepts besides operator certificates (>= 32 random bytes, e.g. `openssl rand -hex 32`; mode 0600)')
    .option('--audit-log <file>', 'audit log base path: files <stem>.<n>.log (default <data>/audit.log)')
    .option('--audit-max-size <bytes>', 'roll the audit log at this size; 0: never by size (default 10485760)', intArg(0, 2 ** 40))
    .addOption(new Option('--audit-rotate <when>', 'also roll the audit log each local day or hour (default none)').choices(['daily', 'hourly', 'none']))
    .option('--audit-keep <n>', 'audit files kept, older deleted at a roll; 0: all (default 0)', intArg(0, 100_000))
    .option('--redis <url>', 'run as one broker of a cluster: Aedes on Redis (redis:// or rediss:// URL); --data must then be a folder every broker of the cluster shares')
    .option('--broker-id <id>', 'with --redis: this broker\'s id in the cluster (an identifier, unique; names its audit log and inventory file in the shared folder); default <host name>-<port>')
    .option('--no-broadcast', 'send every chunk to each device by unicast: no broadcast of chunk frames (docs/PROTOCOL.md, "Broadcast")')
    .addOption(logLevelOption('operational log level (JSON lines on stdout)', 'info'))
    .action(async (o: BrokerArgs) => {
      const tls = await tlsOf(o)
      if (o.redis === undefined && o.brokerId !== undefined) throw new OtaError('OTA_INVALID_ARGUMENT', '--broker-id needs --redis')
      if (o.dashboardPort === undefined && o.dashboardTokenFile !== undefined) throw new OtaError('OTA_INVALID_ARGUMENT', '--dashboard-token-file needs --dashboard-port')
      // Read before the broker starts: a bad token file stops the command with nothing running.
      const token = o.dashboardTokenFile !== undefined ? await readTokenFile(o.dashboardTokenFile) : undefined
      const logger = pino({ name: 'aedes-ota-broker', level: o.logLevel })
      const { chain: trust } = await readRootChain(o.trust)
      const broker = await startOtaBroker({
        ...tls, trust, dataDir: o.data, port: o.port, host: o.host, logger,
        ...(o.auditLog !== undefined ? { auditLog: o.auditLog } : {}),
        ...(o.acl !== undefined ? { acl: o.acl } : {}),
        ...(o.crl !== undefined ? { crl: o.crl } : {}),
        ...(o.crlPoll !== undefined ? { crlPollMs: o.crlPoll } : {}),
        ...(o.redis !== undefined ? { cluster: { redis: o.redis, ...(o.brokerId !== undefined ? { brokerId: o.brokerId } : {}) } } : {}),
        plugin: {
          auditRotation: { ...(o.auditMaxSize !== undefined ? { maxSize: o.auditMaxSize } : {}), ...(o.auditRotate !== undefined ? { frequency: o.auditRotate } : {}), ...(o.auditKeep !== undefined ? { keep: o.auditKeep } : {}) },
          ...(o.groups !== undefined ? { groups: await readGroups(o.groups) } : {}),
          ...(o.broadcast ? {} : { broadcast: false as const })
        }
      })
      let dashboard: Dashboard | undefined
      if (o.dashboardPort !== undefined) {
        dashboard = await startDashboard(broker.plugin, {
          ...tls, port: o.dashboardPort, host: o.dashboardHost, logger, ...(token !== undefined ? { token } : {}),
          ...(o.crl !== undefined ? { crl: o.crl } : {}), ...(o.crlPoll !== undefined ? { crlPollMs: o.crlPoll } : {})
        })
          .catch(async (e: unknown) => { await broker.close(); throw e })
      }
      logger.info({ url: broker.url, brokerId: broker.brokerId, dashboard: dashboard?.url ?? '', auditLog: broker.plugin.auditLog, releases: broker.plugin.store.releases().map((r) => `${r.manifest.model}@${r.manifest.version}`), devices: broker.plugin.inventory.list().length }, 'ready')
      const stop = (): void => { void (dashboard?.close() ?? Promise.resolve()).then(async () => await broker.close()).then(() => process.exit(0)) }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
}
