/**
 * Debian's Mosquitto as the plain-MQTT baseline of `bench:fleet`: started on 127.0.0.1 with a
 * generated configuration, TLS with the bench PKI's server certificate, and every client
 * required to present a certificate from the same CA (as our broker requires). Starting it is
 * cli/service-mode/mosquitto.ts's.
 */
import type { ChildProcess } from 'node:child_process'
import { mosquittoRunAs, startMosquitto as startWith } from '../cli/service-mode/mosquitto.js'

export { hasMosquitto, waitForPort } from '../cli/service-mode/mosquitto.js'

/** TLS material of the Mosquitto listener (PEM file paths). */
export interface MosquittoTls { ca: string, cert: string, key: string }

/**
 * The configuration: one TLS 1.3 listener on 127.0.0.1:`port`, client certificates required
 * (the certificate's CN is the username), no persistence, and no per-client queue limit, so a
 * QoS 0 message to a connected subscriber is always delivered, never dropped for a full queue
 * (mosquitto.conf(5): `max_queued_messages 0` with no `max_inflight_bytes`).
 */
export function mosquittoConfig (port: number, tls: MosquittoTls): string {
  return [
    ...mosquittoRunAs(),
    'per_listener_settings false',
    'persistence false',
    'log_dest stderr',
    'log_type error',
    'max_queued_messages 0',
    'max_connections -1',
    `listener ${port} 127.0.0.1`,
    `cafile ${tls.ca}`,
    `certfile ${tls.cert}`,
    `keyfile ${tls.key}`,
    'tls_version tlsv1.3',
    'require_certificate true',
    'use_identity_as_username true',
    ''
  ].join('\n')
}

/** Writes the baseline configuration into `dir` and starts Mosquitto on it; resolves once it listens. */
export async function startMosquitto (dir: string, port: number, tls: MosquittoTls): Promise<ChildProcess> {
  return (await startWith(dir, port, mosquittoConfig(port, tls))).child
}
