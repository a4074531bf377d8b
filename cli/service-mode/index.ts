/**
 * The service mode of the demo and the benchmarks (`--broker mosquitto`): a real Mosquitto on
 * 127.0.0.1 with the configuration `aedes-ota acl mosquitto` writes (TLS, client certificates,
 * the certificate's CN as username, the ACL keeping devices apart), and `aedes-ota service`
 * beside it as a child process, the way an operator runs them (docs/BROKERS.md). Devices and
 * operators then use Mosquitto's URL as they use the plugin broker's.
 */
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { writeMosquittoFiles } from '../acl/files.js'
import { freePort, mosquittoProcessLines, startMosquitto, type MosquittoProcess } from './mosquitto.js'
import { startServiceProcess, type ServiceProcess } from './service-process.js'

export { requireMosquitto } from './mosquitto.js'

/** The service's id when none is given: `aedes-ota service`'s default, and the CN `pki init --operators operator,ota-service` issues. */
export const DEFAULT_SERVICE_ID = 'ota-service'

/** Options of {@link startServiceMode}. */
export interface ServiceModeOptions {
  /** a scratch folder: Mosquitto's files go into `<dir>/mosquitto`, the service's data by default into `<dir>/service` */
  dir: string
  /** PKI folder (pki init) whose operators include `serviceId`: devices, operators, CA and the broker's certificate */
  pki: string
  /** folder holding root.bin, the trusted root metadata */
  trust: string
  /** the service's data folder; default `<dir>/service` */
  data?: string
  /** default {@link DEFAULT_SERVICE_ID} */
  serviceId?: string
  /** more arguments of `aedes-ota service` (e.g. `--dashboard-port 0`) */
  serviceArgs?: readonly string[]
}

/** Mosquitto and the service, running. */
export interface ServiceMode {
  /** Mosquitto's URL, `mqtts://127.0.0.1:<port>`: what devices and operators connect to */
  readonly url: string
  readonly mosquitto: MosquittoProcess
  readonly service: ServiceProcess
  /** the service's data folder */
  readonly data: string
  /** the service's audit log base path (`<data>/audit.log`; files `audit.<n>.log`) */
  readonly auditLog: string
  /**
   * Stops the service (SIGTERM: it audits `plugin.stopped` with its counters), then Mosquitto.
   * @returns the service's exit code (0 when it stopped cleanly)
   */
  close: () => Promise<number | null>
}

/**
 * Writes the OTA configuration for a free port on 127.0.0.1, starts Mosquitto on it, then the
 * service, and resolves once the service holds its subscriptions.
 * @throws CliError `OTA_MOSQUITTO` when Mosquitto is missing or either process does not start;
 *   OtaError as the configuration writer (`OTA_INVALID_ARGUMENT` when `serviceId` is no operator
 *   of the PKI, `OTA_IO`)
 */
export async function startServiceMode (o: ServiceModeOptions): Promise<ServiceMode> {
  const serviceId = o.serviceId ?? DEFAULT_SERVICE_ID
  const data = o.data ?? join(o.dir, 'service')
  const mdir = join(o.dir, 'mosquitto')
  await mkdir(mdir, { recursive: true })
  const port = await freePort()
  const files = await writeMosquittoFiles({ pki: o.pki, out: mdir, port, host: '127.0.0.1', service: serviceId })
  const config = [...mosquittoProcessLines(), '', await readFile(files.conf, 'utf8')].join('\n')
  const mosquitto = await startMosquitto(mdir, port, config)
  const url = `mqtts://127.0.0.1:${port}`
  let service: ServiceProcess
  try {
    service = await startServiceProcess({ broker: url, pki: o.pki, trust: o.trust, data, serviceId, extra: o.serviceArgs ?? [] })
  } catch (e) {
    await mosquitto.stop()
    throw e
  }
  return {
    url,
    mosquitto,
    service,
    data,
    auditLog: join(data, 'audit.log'),
    close: async () => {
      const code = await service.stop()
      await mosquitto.stop()
      return code
    }
  }
}
