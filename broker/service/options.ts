/**
 * The service's options, validated once here with every default in one place. The OTA core's
 * own options are the plugin's (../options.ts), without what only an aedes adapter can do.
 */
import { OtaError, isIdentifier } from '../../proto/index.js'
import { int, resolveOptions, type OtaPluginOptions, type ResolvedOptions } from '../options.js'
import type { ServiceRegistry } from './registry.js'

/** What {@link startOtaService} accepts. Sizes in bytes, times in ms. */
export interface OtaServiceOptions extends Omit<OtaPluginOptions, 'cluster' | 'requireCertificate' | 'flapping'> {
  /** the broker's URL, `mqtts://host:port` (or `mqtt://` on a trusted loopback only) */
  broker: string
  /** TLS of the service's own connection: the CA that issued the broker's certificate, and the service's operator certificate and key (PEM) */
  tls: { ca: string | Buffer, cert: string | Buffer, key: string | Buffer, servername?: string }
  /** the service's MQTT client id; the broker maps its certificate's CN to the username its ACL names; default `ota-service` */
  serviceId?: string
  /** who is a device (of which model) and who an operator: the broker cannot tell the service (registry.ts) */
  registry: ServiceRegistry
  /**
   * bytes the service hands the broker for one device between two of its chunk requests; frames
   * beyond wait until the device asks again (it read what came) or `holdMs` passes; default 4 MiB
   * (a device window of 64 chunks of 64 KiB)
   */
  maxOutstandingBytes?: number
  /** how long a frame may wait for a device's budget before it is dropped (the device re-requests), ms; default 10 000 */
  holdMs?: number
  /** the connection attempt's limit, ms; default 30 000 */
  connectTimeoutMs?: number
  /** pause between reconnection attempts after the broker went away, ms; default 1000 */
  reconnectMs?: number
}

/** Options after validation. */
export interface ResolvedServiceOptions {
  core: ResolvedOptions
  broker: string
  tls: OtaServiceOptions['tls']
  serviceId: string
  registry: ServiceRegistry
  maxOutstandingBytes: number
  holdMs: number
  connectTimeoutMs: number
  reconnectMs: number
}


/**
 * Validates service options and fills defaults.
 * @throws OtaError `OTA_INVALID_ARGUMENT` for a missing or out-of-range option (and as
 *   ../options.ts `resolveOptions` for the core's)
 */
export function resolveServiceOptions (o: OtaServiceOptions): ResolvedServiceOptions {
  if (o == null || typeof o !== 'object') throw new OtaError('OTA_INVALID_ARGUMENT', 'options must be an object')
  if (typeof o.broker !== 'string' || !/^(mqtts?|wss?):\/\//.test(o.broker)) throw new OtaError('OTA_INVALID_ARGUMENT', `broker must be an mqtts:// (or mqtt://, ws://, wss://) URL, got ${JSON.stringify(o.broker)}`)
  if (o.tls == null || o.tls.ca == null || o.tls.cert == null || o.tls.key == null) throw new OtaError('OTA_INVALID_ARGUMENT', 'tls needs ca, cert and key (the service\'s operator certificate)')
  const serviceId = o.serviceId ?? 'ota-service'
  if (!isIdentifier(serviceId)) throw new OtaError('OTA_INVALID_ARGUMENT', `serviceId must be an identifier, got ${JSON.stringify(serviceId)}`)
  for (const k of ['cluster', 'requireCertificate', 'flapping'] as const) {
    if ((o as unknown as Record<string, unknown>)[k] !== undefined) throw new OtaError('OTA_INVALID_ARGUMENT', `${k} is a plugin option: the service has no ${k === 'cluster' ? 'cluster mode (one service per broker and data folder)' : 'connections of its own to check'}`)
  }
  assertRegistry(o.registry)
  const { broker, tls, registry, maxOutstandingBytes, holdMs, connectTimeoutMs, reconnectMs, serviceId: _id, ...core } = o
  return {
    core: resolveOptions(core),
    broker,
    tls,
    serviceId,
    registry,
    maxOutstandingBytes: int(maxOutstandingBytes, 'maxOutstandingBytes', 64 * 1024, 2 ** 30, 4 * 1024 * 1024),
    holdMs: int(holdMs, 'holdMs', 10, 600_000, 10_000),
    connectTimeoutMs: int(connectTimeoutMs, 'connectTimeoutMs', 100, 600_000, 30_000),
    reconnectMs: int(reconnectMs, 'reconnectMs', 10, 600_000, 1000)
  }
}

/**
 * Checks that `r` has a registry's shape (what `readRegistry` returns): at start and at each
 * `setRegistry`.
 * @throws OtaError `OTA_INVALID_ARGUMENT`
 */
export function assertRegistry (r: unknown): asserts r is ServiceRegistry {
  const x = r as Partial<ServiceRegistry> | null | undefined
  if (x == null || typeof x.devices?.get !== 'function' || typeof x.operators?.has !== 'function') throw new OtaError('OTA_INVALID_ARGUMENT', 'registry must be a ServiceRegistry (broker/service/registry.ts readRegistry)')
}
