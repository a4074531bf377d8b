/**
 * What `aedes-ota acl mosquitto` writes: a Mosquitto 2.x configuration fragment (one TLS listener
 * whose clients are named by their certificate's CN) and the ACL file that keeps devices apart
 * when the OTA service runs as an ordinary client of Mosquitto (docs/BROKERS.md).
 *
 * Pure functions of the registry and the options: no I/O, no clock, so the same input always
 * gives the same bytes (a regenerated file diffs cleanly against the one it replaces).
 *
 * Mosquitto's ACL file (mosquitto.conf(5), `acl_file`): `pattern` lines apply to every user, with
 * `%u` replaced by the username (here the certificate's CN); `topic` lines after `user <name>`
 * apply to that user only; what no line grants is denied; `deny` lines win over grants. Only
 * `%u` and `%c` can be substituted, and both carry the CN, never the model in the OU, so the
 * per-model topics (manifest, broadcast) need a `user` block per device.
 */
import { OtaError, Topics } from '../../proto/index.js'
import { AdminLimits } from '../../proto/codec/operator.js'
import { MAX_IDENTIFIER } from '../../proto/identifiers.js'
import type { ServiceRegistry } from '../../broker/service/registry.js'

/** Defaults of `aedes-ota acl mosquitto`, in one place. */
export const MosquittoAclDefaults = {
  /** the OTA service's id: its operator certificate's CN */
  service: 'ota-service',
  /** the OTA topic prefix */
  prefix: 'ota',
  /** MQTT over TLS (IANA) */
  port: 8883,
  /** loopback, as every server of aedes-ota by default: give the address devices reach */
  host: '127.0.0.1',
  tlsVersion: 'tlsv1.2' as 'tlsv1.2' | 'tlsv1.3',
  /** the largest release bundle an operator may publish, bytes: the broker's `maxBundleSize` default (broker/options.ts) */
  maxBundleSize: 256 * 1024 * 1024
} as const

/** The largest MQTT control packet (MQTT 3.1.1, 2.2.3): 1 byte of type, 4 of remaining length, 268 435 455 remaining. */
export const MQTT_MAX_PACKET = 1 + 4 + 268_435_455

/**
 * Mosquitto's per-client queue bounds the fragment sets (mosquitto.conf(5); both global).
 * In Mosquitto 2.x a QoS 0 packet to a connected client is dropped once `messages` packets wait
 * for its socket, so the bound must stay above what one client may have outstanding: a device
 * at most its window of data frames (512 at most, 64 by default), the OTA service the chunk
 * requests of every device at once. Requests dropped there are asked again by the device.
 */
export const MosquittoQueue = {
  /** `max_queued_messages`: packets waiting per client */
  messages: 1000,
  /** `max_queued_bytes`: bytes of QoS 1 messages queued per client above those in flight (64 MiB: 4 times the largest admin answer) */
  bytes: 64 * 1024 * 1024
} as const

/** What the ACL is generated from. */
export interface MosquittoAclInput {
  registry: ServiceRegistry
  /** the OTA service's operator id (its certificate's CN); must be one of the registry's operators */
  service: string
  topics: Topics
}

/** The listener and limits of the configuration fragment. Paths absolute. */
export interface MosquittoConfInput {
  /** where `aedes-ota.acl` is (absolute: Mosquitto resolves relative paths against its working directory) */
  aclFile: string
  /** TCP port of the listener, 1–65535 */
  port: number
  /** address the listener binds; '' binds every address */
  host: string
  /** CA certificate (PEM) that issued the device and operator certificates */
  ca: string
  /** the broker's TLS certificate and key (PEM) */
  cert: string
  key: string
  /** the CA's revocation list (PEM), or undefined for none */
  crl?: string
  /** lowest TLS version the listener accepts */
  tlsVersion: 'tlsv1.2' | 'tlsv1.3'
  /** largest bundle an operator publishes, bytes (the service's `maxBundleSize`) */
  maxBundleSize: number
  /**
   * true: `per_listener_settings true`, the ACL and `allow_anonymous` bind this listener only
   * (other listeners must keep clients off the OTA topics themselves); false (Mosquitto's
   * default): they govern every listener of the broker
   */
  perListener: boolean
  topics: Topics
  /** the service's id, written in the header */
  service: string
  /** what the ACL holds, written in the header: {@link fleetSummary} */
  summary: string
}

/**
 * Refuses a service id that is not an operator of the registry: the service must connect with an
 * operator certificate, and only a registry operator gets a block in the ACL.
 * @throws OtaError `OTA_INVALID_ARGUMENT` naming the operators there are
 */
export function checkService (registry: ServiceRegistry, service: string): void {
  if (registry.operators.has(service)) return
  const known = [...registry.operators].sort().slice(0, 20).join(', ')
  throw new OtaError('OTA_INVALID_ARGUMENT', `the service ${JSON.stringify(service)} is not an operator of the registry (operators: ${known === '' ? 'none' : known}); ` +
    'the OTA service connects with an operator certificate whose CN is its id')
}

/**
 * The prefix as it may appear in Mosquitto's files: no whitespace (an ACL line is split on it)
 * and no `%` (`%u`/`%c` as a level would be substituted).
 * @throws OtaError `OTA_INVALID_ARGUMENT`
 */
export function checkAclPrefix (topics: Topics): void {
  if (/[\s%]/.test(topics.prefix)) throw new OtaError('OTA_INVALID_ARGUMENT', `topic prefix ${JSON.stringify(topics.prefix)} cannot be written into a Mosquitto ACL (no whitespace or %)`)
}

/**
 * The largest MQTT packet the fragment lets any client send, bytes: an operator's AdminRequest
 * carrying a bundle of `maxBundleSize` bytes (`AdminLimits.requestOverhead` more), published at
 * QoS 1 on the longest admin topic, with MQTT's fixed header; capped at {@link MQTT_MAX_PACKET}.
 */
export function mosquittoMaxPacketSize (maxBundleSize: number, topics: Topics): number {
  const topic = Buffer.byteLength(topics.adminRequest('x'.repeat(MAX_IDENTIFIER)))
  return Math.min(MQTT_MAX_PACKET, 1 + 4 + 2 + topic + 2 + maxBundleSize + AdminLimits.requestOverhead)
}

/**
 * The ACL file: device patterns, one block per device (its model's topics), the service's block
 * and one per human operator. Users sorted by id.
 * @throws OtaError `OTA_INVALID_ARGUMENT` when the service is not a registry operator or the
 *   prefix cannot be written into an ACL
 */
export function mosquittoAcl (o: MosquittoAclInput): string {
  checkService(o.registry, o.service)
  checkAclPrefix(o.topics)
  const t = o.topics
  const p = t.prefix
  const models = new Set(o.registry.devices.values())
  const out: string[] = [
    '# aedes-ota: Mosquitto ACL written by `aedes-ota acl mosquitto`; do not edit, regenerate.',
    `# ${fleetSummary(o.registry)} (the OTA service: ${o.service}), topic prefix ${p}.`,
    '# Every username is the CN of the client\'s certificate (use_identity_as_username); nothing is',
    '# allowed that no line here allows. Regenerate when devices or operators are added, then reload',
    '# Mosquitto (SIGHUP) for the new file to apply.',
    '',
    '# Every client, for its own CN (%u): a device reads the frames sent to it alone, its offers and',
    '# its last state, and writes its chunk requests and status events. Nobody else can write these',
    '# two, so the OTA service knows which device a request or a status event came from. (An ACL',
    '# file cannot refuse the retain flag: the service drops retained requests and status events.)',
    `pattern read ${t.data('%u')}`,
    `pattern read ${t.offer('%u')}`,
    `pattern read ${t.state('%u')}`,
    `pattern write ${t.req('%u')}`,
    `pattern write ${t.audit('%u')}`,
    '',
    '# Each device: the trust root and its own model\'s manifest and broadcast frames (a pattern cannot',
    '# name the model: %u and %c both carry the CN).'
  ]
  for (const id of sorted(o.registry.devices.keys())) {
    const model = o.registry.devices.get(id)!
    out.push(`user ${id}`, `topic read ${t.root()}`, `topic read ${t.manifest(model)}`, `topic read ${p}/m/${model}/a/+/data`)
  }
  out.push('',
    '# The OTA service: publishes the trust root, manifests, offers, states and data frames, answers',
    '# operators, reads chunk requests, status events and admin requests.',
    `user ${o.service}`,
    `topic readwrite ${p}/#`)
  const humans = sorted(o.registry.operators).filter((id) => id !== o.service)
  if (humans.length > 0) {
    out.push('',
      '# Each human operator: its own admin topics (releases and requests in, results and answers out),',
      '# and what `status` and `rollout` read. The deny lines take back what the device patterns give',
      '# every CN, so an operator cannot pose as a device of its own name.')
  }
  for (const id of humans) {
    out.push(`user ${id}`,
      `topic write ${t.adminRelease(id)}`,
      `topic write ${t.adminRequest(id)}`,
      `topic read ${t.adminResult(id)}`,
      `topic read ${t.adminAnswer(id)}`,
      `topic read ${t.root()}`,
      `topic read ${p}/m/+/manifest`,
      // Not the devices' raw status events (ota/audit/+): the broker delivers them unchecked; the
      // service's checked, stamped copy is each device's retained state.
      `topic read ${t.stateAll()}`,
      `topic deny ${p}/d/${id}/#`,
      `topic deny ${t.audit(id)}`)
  }
  return out.join('\n') + '\n'
}

/**
 * The configuration fragment: security and limit options, then the TLS listener. Every line
 * carries the reason it is there.
 * @throws OtaError `OTA_INVALID_ARGUMENT` for a path that is not absolute or holds a control
 *   character (it would end the line and inject configuration), a bad host, port or bundle size
 */
export function mosquittoConf (o: MosquittoConfInput): string {
  checkAclPrefix(o.topics)
  for (const [what, v] of [['aclFile', o.aclFile], ['ca', o.ca], ['cert', o.cert], ['key', o.key], ['crl', o.crl]] as const) {
    if (v === undefined) continue
    if (!v.startsWith('/') || /[\u0000-\u001f\u007f]/.test(v)) throw new OtaError('OTA_INVALID_ARGUMENT', `${what} must be an absolute path without control characters, got ${JSON.stringify(v)}`)
  }
  if (/[\s\u0000-\u001f\u007f]/.test(o.host)) throw new OtaError('OTA_INVALID_ARGUMENT', `bad listener host ${JSON.stringify(o.host)}`)
  if (!Number.isSafeInteger(o.port) || o.port < 1 || o.port > 65_535) throw new OtaError('OTA_INVALID_ARGUMENT', `listener port must be from 1 to 65535, got ${String(o.port)}`)
  if (!Number.isSafeInteger(o.maxBundleSize) || o.maxBundleSize < 1024) throw new OtaError('OTA_INVALID_ARGUMENT', `maxBundleSize must be an integer of at least 1024 bytes, got ${String(o.maxBundleSize)}`)
  const packet = mosquittoMaxPacketSize(o.maxBundleSize, o.topics)
  const security = [
    '# Clients without a certificate have no username here, and no OTA identity: refused.',
    'allow_anonymous false',
    '# Who may read and write which topic: each device only its own and its model\'s topics.',
    `acl_file ${o.aclFile}`
  ]
  const out: string[] = [
    '# aedes-ota: Mosquitto 2.x configuration fragment written by `aedes-ota acl mosquitto`; do not edit, regenerate.',
    `# The OTA service (${o.service}) runs as a client of this broker; ${o.summary}; topic prefix ${o.topics.prefix}.`,
    '# Drop it into /etc/mosquitto/conf.d/ (Debian) or include it; see docs/BROKERS.md.',
    ''
  ]
  if (o.perListener) {
    out.push(
      '# The ACL and allow_anonymous below bind this listener only. Mosquitto takes this option once,',
      '# before any other security option of the whole configuration; every other listener must keep',
      `# its own clients off ${o.topics.prefix}/# (they could otherwise pose as devices or the service).`,
      'per_listener_settings true',
      '')
  } else {
    out.push(
      '# Security options are global (per_listener_settings false, Mosquitto\'s default): this ACL governs',
      `# every listener, so no other listener reaches ${o.topics.prefix}/#; other applications' rules go into it too.`,
      ...security,
      '')
  }
  out.push(
    '# Largest MQTT packet any client may send (global, the same for devices): an operator\'s release',
    `# bundle of up to ${o.maxBundleSize} bytes in an admin request${packet === MQTT_MAX_PACKET ? ', here MQTT\'s own maximum' : ''}.`,
    '# Lower --max-bundle-size to the largest bundle you publish: a device can send this much before the ACL refuses it.',
    `max_packet_size ${packet}`,
    '# A client that stops reading costs the broker at most this (per client): a device asks for',
    '# its window of frames at a time, the service paces each device by it; beyond, Mosquitto drops.',
    `max_queued_messages ${MosquittoQueue.messages}`,
    `max_queued_bytes ${MosquittoQueue.bytes}`,
    '',
    '# The OTA listener: TLS only, on the address devices reach.',
    `listener ${o.port}${o.host === '' ? '' : ` ${o.host}`}`,
    '# The fleet\'s CA: only certificates it issued get in.',
    `cafile ${o.ca}`,
    `certfile ${o.cert}`,
    `keyfile ${o.key}`)
  if (o.crl !== undefined) {
    out.push('# Revoked certificates (pki revoke) are refused; re-read on SIGHUP.', `crlfile ${o.crl}`)
  }
  out.push(
    `# TLS ${o.tlsVersion === 'tlsv1.3' ? '1.3' : '1.2'} at least (RFC 8996 deprecates 1.0 and 1.1).`,
    `tls_version ${o.tlsVersion}`,
    '# Every client presents a certificate; its CN is its username, which the ACL rules name.',
    'require_certificate true',
    'use_identity_as_username true',
    '# The client id becomes the CN too: nobody can take over (disconnect) a device by using its id.',
    'use_username_as_clientid true')
  if (o.perListener) out.push(...security)
  return out.join('\n') + '\n'
}

/** `3 devices of 2 models, 2 operators`: what an ACL for `registry` holds. */
export function fleetSummary (registry: ServiceRegistry): string {
  const n = (count: number, what: string): string => `${count} ${what}${count === 1 ? '' : 's'}`
  return `${n(registry.devices.size, 'device')} of ${n(new Set(registry.devices.values()).size, 'model')}, ${n(registry.operators.size, 'operator')}`
}

function sorted (ids: Iterable<string>): string[] {
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}
