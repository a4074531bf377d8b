/** `aedes-ota service`: the OTA service as an MQTT client of an existing broker (Mosquitto, EMQX, ...). */
import { Option, type Command } from 'commander'
import pino from 'pino'
import { OtaError } from '../../proto/index.js'
import { readRootChain } from '../../sign/index.js'
import { startDashboard, startOtaService, type Dashboard, type OtaService } from '../../broker/index.js'
import { readRegistry } from '../../broker/service/registry.js'
import { readTokenFile } from '../../broker/dashboard/token.js'
import { operatorTls, readOrFail } from '../credentials.js'
import { intArg } from '../output.js'
import { logLevelOption, type LogLevel } from '../options.js'
import { readGroups } from './broker.js'

interface ServiceArgs {
  broker: string, pki?: string, registry?: string, serviceId: string, ca?: string, cert?: string, key?: string, servername?: string,
  trust: string, data: string, prefix: string, groups?: string, auditLog?: string, auditMaxSize?: number, auditRotate?: 'daily' | 'hourly' | 'none', auditKeep?: number,
  maxOutstanding?: number, maxBundleSize?: number, logLevel: LogLevel, dashboardPort?: number, dashboardHost: string, dashboardTokenFile?: string
}

/** The service's own TLS material: its operator certificate from `--pki`, or `--ca/--cert/--key`. */
async function serviceTls (o: ServiceArgs): Promise<{ ca: Buffer, cert: Buffer, key: Buffer }> {
  const own = [o.ca, o.cert, o.key].filter((x) => x !== undefined).length
  if (own === 3) {
    const [ca, cert, key] = await Promise.all([readOrFail(o.ca!), readOrFail(o.cert!), readOrFail(o.key!)])
    return { ca, cert, key }
  }
  if (own === 0 && o.pki !== undefined) return await operatorTls(o.pki, o.serviceId)
  throw new OtaError('OTA_INVALID_ARGUMENT', 'give --pki <dir> (the service\'s certificate is operators/<service id>) or all of --ca, --cert and --key')
}

/** Adds `service`: the OTA service beside an existing broker; runs until SIGINT/SIGTERM. */
export function registerService (program: Command): void {
  program.command('service')
    .description('run the OTA service as an MQTT client of an existing broker (Mosquitto, EMQX, HiveMQ, ...), whose ACL keeps devices apart (docs/BROKERS.md), until SIGINT/SIGTERM')
    .requiredOption('--broker <url>', 'the broker, mqtts://host:port')
    .option('--pki <dir>', 'PKI folder (pki init): the service\'s certificate (operators/<service id>) and, without --registry, the devices and operators')
    .option('--registry <file>', 'who is a device of which model, and who an operator: JSON { "devices": [{ "id", "model" }], "operators": ["id"] } (docs/BROKERS.md)')
    .option('--service-id <id>', 'the service\'s client id and certificate CN (the broker\'s ACL names it)', 'ota-service')
    .option('--ca <file>', 'instead of --pki: the CA certificate (PEM) that issued the broker\'s certificate')
    .option('--cert <file>', 'instead of --pki: the service\'s certificate (PEM; CN = service id, OU=operator)')
    .option('--key <file>', 'instead of --pki: the service\'s private key (PEM)')
    .option('--servername <name>', 'TLS server name to verify (default: the URL\'s host)')
    .requiredOption('--trust <dir>', 'folder holding root.bin, the trusted root metadata (and roots/ after rotations)')
    .requiredOption('--data <dir>', 'folder for stored releases, the inventory and the audit log')
    .option('--prefix <prefix>', 'OTA topic prefix', 'ota')
    .option('--groups <file>', 'device groups for `rollout start --group`: a JSON object { "name": ["device-id", ...] }')
    .option('--max-outstanding <bytes>', 'bytes handed to the broker for one device between two of its chunk requests (default 4194304)', intArg(65536, 2 ** 30))
    .option('--max-bundle-size <bytes>', 'largest release bundle an operator may publish (default 268435456); give `acl mosquitto` the same', intArg(1024, 2 ** 31))
    .option('--audit-log <file>', 'audit log base path: files <stem>.<n>.log (default <data>/audit.log)')
    .option('--audit-max-size <bytes>', 'roll the audit log at this size; 0: never by size (default 10485760)', intArg(0, 2 ** 40))
    .addOption(new Option('--audit-rotate <when>', 'also roll the audit log each local day or hour (default none)').choices(['daily', 'hourly', 'none']))
    .option('--audit-keep <n>', 'audit files kept, older deleted at a roll; 0: all (default 0)', intArg(0, 100_000))
    .option('--dashboard-port <port>', 'serve the read-only HTTPS dashboard on this port (needs --pki: it serves the PKI\'s broker certificate)', intArg(0, 65535))
    .option('--dashboard-host <address>', 'address the dashboard listens on', '127.0.0.1')
    .option('--dashboard-token-file <file>', 'file holding a bearer token the dashboard accepts besides operator certificates')
    .addOption(logLevelOption('operational log level (JSON lines on stdout)', 'info'))
    .action(async (o: ServiceArgs) => {
      if (o.pki === undefined && o.registry === undefined) throw new OtaError('OTA_INVALID_ARGUMENT', 'give --pki <dir> or --registry <file>: the service must know each device\'s model')
      const logger = pino({ name: 'aedes-ota-service', level: o.logLevel })
      if (o.dashboardPort !== undefined && o.pki === undefined) throw new OtaError('OTA_INVALID_ARGUMENT', '--dashboard-port needs --pki (the dashboard\'s certificate)')
      // Installed first: a SIGHUP during start-up must not end the process (Node's default), and re-reads go in order.
      let service: OtaService | undefined
      let rereads: Promise<void> = Promise.resolve()
      process.on('SIGHUP', () => {
        rereads = rereads.then(async () => {
          const r = await readRegistry(o.registry !== undefined ? { file: o.registry } : { pki: o.pki! })
          if (service === undefined) { logger.warn('SIGHUP before the service was ready: the registry read at start stays'); return }
          service.setRegistry(r)
        }).catch((err: unknown) => { logger.error({ err }, 'registry not re-read: the previous one stays') })
      })
      const token = o.dashboardTokenFile !== undefined ? await readTokenFile(o.dashboardTokenFile) : undefined
      const tls = await serviceTls(o)
      const registry = await readRegistry(o.registry !== undefined ? { file: o.registry } : { pki: o.pki! })
      const { chain: trust } = await readRootChain(o.trust)
      service = await startOtaService({
        broker: o.broker, tls: { ...tls, ...(o.servername !== undefined ? { servername: o.servername } : {}) }, serviceId: o.serviceId, registry,
        trust, dataDir: o.data, topicPrefix: o.prefix, logger,
        ...(o.auditLog !== undefined ? { auditLog: o.auditLog } : {}),
        ...(o.maxOutstanding !== undefined ? { maxOutstandingBytes: o.maxOutstanding } : {}),
        ...(o.maxBundleSize !== undefined ? { maxBundleSize: o.maxBundleSize } : {}),
        ...(o.groups !== undefined ? { groups: await readGroups(o.groups) } : {}),
        auditRotation: { ...(o.auditMaxSize !== undefined ? { maxSize: o.auditMaxSize } : {}), ...(o.auditRotate !== undefined ? { frequency: o.auditRotate } : {}), ...(o.auditKeep !== undefined ? { keep: o.auditKeep } : {}) }
      })
      let dashboard: Dashboard | undefined
      if (o.dashboardPort !== undefined) {
        dashboard = await startDashboard(service, { pki: o.pki!, port: o.dashboardPort, host: o.dashboardHost, logger, ...(token !== undefined ? { token } : {}) })
          .catch(async (e: unknown) => { await service.close(); throw e })
      }
      logger.info({ broker: service.url, serviceId: service.serviceId, dashboard: dashboard?.url ?? '', auditLog: service.auditLog, releases: service.store.releases().map((r) => `${r.manifest.model}@${r.manifest.version}`), devices: registry.devices.size }, 'ready')
      const stop = (): void => { void (dashboard?.close() ?? Promise.resolve()).then(async () => await service.close()).then(() => process.exit(0)) }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
}
