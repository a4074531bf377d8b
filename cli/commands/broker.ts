/** `aedes-ota broker`: the standalone TLS broker with the OTA plugin. */
import type { Command } from 'commander'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import pino from 'pino'
import { toOtaError } from '../../proto/index.js'
import { KeyFiles } from '../../sign/index.js'
import { startOtaBroker } from '../../broker/index.js'
import { intArg } from '../output.js'

/** Adds `broker`: the standalone TLS 1.3 broker with the OTA plugin; runs until SIGINT/SIGTERM. */
export function registerBroker (program: Command): void {
  program.command('broker')
    .description('run an Aedes broker over TLS 1.3 with client certificates and the OTA plugin, until SIGINT/SIGTERM')
    .requiredOption('--pki <dir>', 'PKI folder (pki init): CA and broker certificate')
    .requiredOption('--trust <dir>', 'folder holding root.bin, the trusted root metadata')
    .requiredOption('--data <dir>', 'folder for stored releases and the audit log')
    .option('--port <port>', 'TCP port', intArg(0, 65535), 8883)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--audit-log <file>', 'audit log path (default <data>/audit.log)')
    .option('--log-level <level>', 'operational log level (JSON lines on stdout)', 'info')
    .action(async (o: { pki: string, trust: string, data: string, port: number, host: string, auditLog?: string, logLevel: string }) => {
      const logger = pino({ name: 'aedes-ota-broker', level: o.logLevel })
      const trust = await readFile(join(o.trust, KeyFiles.trust)).catch((e) => { throw toOtaError(e, 'OTA_IO', `cannot read ${join(o.trust, KeyFiles.trust)}`) })
      const broker = await startOtaBroker({ pki: o.pki, trust, dataDir: o.data, port: o.port, host: o.host, logger, ...(o.auditLog !== undefined ? { auditLog: o.auditLog } : {}) })
      logger.info({ url: broker.url, auditLog: broker.plugin.auditLog, releases: broker.plugin.store.releases().map((r) => `${r.manifest.model}@${r.manifest.version}`) }, 'ready')
      const stop = (): void => { void broker.close().then(() => process.exit(0)) }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
}
