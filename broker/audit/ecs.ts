/**
 * The one mapping between the plugin's audit fields (camelCase: `deviceId`, `clientId`, `code`,
 * ...) and Elastic Common Schema field names, in both directions.
 *
 * Records use ECS's dotted top-level keys, as the ecs-logging libraries write them
 * (https://www.elastic.co/guide/en/ecs-logging/overview/current/intro.html: "dotted or nested";
 * Filebeat's ndjson parser with `expand_keys`, Vector's `unnest`-free `parse_json` and
 * Elasticsearch itself all read dotted keys as object paths). Field reference: ECS 8.x,
 * https://www.elastic.co/guide/en/ecs/current/ecs-field-reference.html.
 */
import type { AuditEvent } from '../audit.js'

/** ECS version the records follow (`ecs.version`). */
export const ECS_VERSION = '8.11.0'

/** `service.name` of every record. */
export const SERVICE_NAME = 'aedes-ota'

/**
 * Our custom namespace: every plugin field without an ECS home goes under `aedes_ota.<snake_case>`
 * (ECS "Custom fields": https://www.elastic.co/guide/en/ecs/current/ecs-custom-fields-in-ecs.html).
 */
export const NAMESPACE = 'aedes_ota'

/**
 * Plugin field → ECS field, for every event. One-to-one, so {@link flattenAuditRecord} inverts it.
 * - `device.id`, `device.model.identifier`: ECS device fields (8.7+).
 * - `client.address` / `client.port`: the MQTT client's end of the TCP connection ("client" in ECS's
 *   client/server model; `client.ip` is added when the address is an IP).
 * - `user.name`: the operator (or `api` / `store`) who published a release.
 * - `error.code` / `error.message`: the OtaError code and its text; dropped when empty.
 * - `event.reason`: why a connection, subscription or publish was refused.
 */
const FIELDS: Readonly<Record<string, string>> = {
  deviceId: 'device.id',
  model: 'device.model.identifier',
  remoteAddress: 'client.address',
  remotePort: 'client.port',
  by: 'user.name',
  code: 'error.code',
  detail: 'error.message',
  reason: 'event.reason'
}

/**
 * Per-event additions to {@link FIELDS}: a status event's own error code is the record's
 * `error.code` (status events have no `code` field, so the mapping stays one-to-one per event).
 */
const EVENT_FIELDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'device.status': { errorCode: 'error.code' }
}

/** Fields an event always has in the flat view, restored as '' when the record dropped them empty. */
const EMPTY_DEFAULTS: Readonly<Record<string, readonly string[]>> = {
  'device.status': ['errorCode', 'detail']
}

/** ECS fields dropped when their value is '' (an empty error is no error). */
const DROP_EMPTY = new Set(['error.code', 'error.message'])

/** Record keys the flat view maps to its own names (the pre-ECS line's stable fields). */
const META: Readonly<Record<string, string>> = {
  '@timestamp': 'time',
  'log.level': 'level',
  'service.name': 'service',
  message: 'message',
  'event.action': 'event',
  'event.outcome': 'outcome'
}

/** Record-only keys: derived from the others or the chain's, never part of the flat view. */
const RECORD_ONLY = new Set(['ecs.version', 'event.kind', 'event.category', 'event.type', 'event.sequence', 'event.hash',
  `${NAMESPACE}.chain.prev`, 'client.ip', 'source.ip', 'source.port', 'tls.established'])

/** ECS `event.kind` / `event.category` / `event.type` of an action, from ECS's allowed values. */
interface Categorization { kind: 'event' | 'alert', category: string[], type: string[] }

const ROLLOUT_CHANGE: Categorization = { kind: 'event', category: ['package', 'configuration'], type: ['change'] }

/** Every action's categorization: typed by the union, so a new action cannot be left out. */
const CATEGORIES: Readonly<Record<AuditEvent, Categorization>> = {
  'device.status': { kind: 'event', category: ['package'], type: ['installation'] },
  'release.published': { kind: 'event', category: ['package', 'configuration'], type: ['creation'] },
  'release.rejected': { kind: 'event', category: ['package', 'configuration'], type: ['creation'] },
  'release.loaded': { kind: 'event', category: ['package'], type: ['info'] },
  'release.unchanged': { kind: 'event', category: ['package'], type: ['info'] },
  'acl.denied': { kind: 'event', category: ['network'], type: ['denied'] },
  'auth.denied': { kind: 'event', category: ['authentication'], type: ['start'] },
  'auth.flapping': { kind: 'event', category: ['authentication', 'network'], type: ['info', 'denied'] },
  'client.connected': { kind: 'event', category: ['network', 'session'], type: ['connection', 'start'] },
  'client.disconnected': { kind: 'event', category: ['network', 'session'], type: ['connection', 'end'] },
  'request.refused': { kind: 'event', category: ['network'], type: ['denied'] },
  'plugin.started': { kind: 'event', category: ['process'], type: ['start'] },
  'plugin.stopped': { kind: 'event', category: ['process'], type: ['end'] },
  'tls.refused': { kind: 'event', category: ['network'], type: ['connection', 'denied'] },
  'packet.refused': { kind: 'event', category: ['network'], type: ['connection', 'denied'] },
  'rate.limited': { kind: 'event', category: ['network'], type: ['denied'] },
  'audit.suppressed': { kind: 'event', category: ['network'], type: ['info'] },
  'device.suspect': { kind: 'alert', category: ['package'], type: ['info'] },
  'dashboard.denied': { kind: 'event', category: ['authentication', 'web'], type: ['start', 'access'] },
  // Rollout events are changes to what is deployed.
  'rollout.started': ROLLOUT_CHANGE,
  'rollout.wave': ROLLOUT_CHANGE,
  'rollout.paused': ROLLOUT_CHANGE,
  'rollout.resumed': ROLLOUT_CHANGE,
  'rollout.aborted': ROLLOUT_CHANGE,
  'rollout.completed': ROLLOUT_CHANGE
}

function categorize (action: string): Categorization {
  return (CATEGORIES as Readonly<Record<string, Categorization>>)[action] ?? { kind: 'event', category: [], type: [] }
}

/** `deviceId` → `device_id`: each capital becomes `_` + its lower case (camelCase names round-trip exactly). */
function snake (name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
}

/** `device_id` → `deviceId`: the inverse of {@link snake}. */
function camel (name: string): string {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
}

function ecsName (action: string, field: string): string {
  return EVENT_FIELDS[action]?.[field] ?? FIELDS[field] ?? `${NAMESPACE}.${snake(field)}`
}

/** An IPv4-mapped IPv6 address as its IPv4 form; '' when `address` is no IP literal. */
function ipOf (address: unknown): string {
  if (typeof address !== 'string') return ''
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(v4) || (v4.includes(':') && /^[0-9a-fA-F:.]+$/.test(v4)) ? v4 : ''
}

/** A short human `message`: the action and whom it is about. */
function messageOf (action: string, outcome: string, fields: Record<string, unknown>): string {
  const who = [fields.deviceId, fields.clientId, fields.model, fields.by].find((v) => typeof v === 'string' && v !== '') as string | undefined
  const state = action === 'device.status' && typeof fields.state === 'string' ? ` ${fields.state}` : ''
  return `${action}${who !== undefined ? ` ${who}` : ''}${state}${outcome === 'failure' ? ' (failure)' : ''}`
}

/**
 * The ECS fields of one audit event (everything but `@timestamp`, `log.level`, `ecs.version`,
 * `service.name`, the chain fields and `message`, which the writer adds), in write order:
 * `event.action`, `event.outcome`, `event.kind`/`category`/`type`, `event.sequence`, then each
 * plugin field under its ECS name, then derived `client.ip`, `source.ip`/`source.port` and
 * `tls.established`.
 * @param sequence - the record's `event.sequence` (position in the chain, from 1)
 */
export function toEcs (action: string, outcome: 'success' | 'failure', fields: Record<string, unknown>, sequence: number): { fields: Record<string, unknown>, message: string } {
  const c = categorize(action)
  const out: Record<string, unknown> = {
    'event.action': action,
    'event.outcome': outcome,
    'event.kind': c.kind,
    ...(c.category.length > 0 ? { 'event.category': c.category, 'event.type': c.type } : {}),
    'event.sequence': sequence
  }
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue
    const name = ecsName(action, k)
    if (DROP_EMPTY.has(name) && v === '') continue
    out[name] = v
  }
  // ECS fills both views of the peer: `client.*` (its role) and `source.*` (the network flow's
  // origin), which most SIEM detection rules key on.
  const ip = ipOf(fields.remoteAddress)
  if (ip !== '') { out['client.ip'] = ip; out['source.ip'] = ip }
  if (ip !== '' && typeof fields.remotePort === 'number' && fields.remotePort > 0) out['source.port'] = fields.remotePort
  if (action === 'tls.refused') out['tls.established'] = false
  return { fields: out, message: messageOf(action, outcome, fields) }
}

/**
 * The flat view of an ECS record: the inverse of {@link toEcs}, giving the line as it was before
 * ECS: `time`, `level`, `service`, `message`, `event` (the action), `outcome`, then the plugin's
 * own field names (`deviceId`, `clientId`, `model`, `code`, ...). Record-only fields (`ecs.version`,
 * `event.kind`/`category`/`type`/`sequence`/`hash`, `aedes_ota.chain.prev`, `client.ip`,
 * `source.ip`, `source.port`, `tls.established`) are left out; an unknown non-namespace key is kept under its ECS name.
 */
export function flattenAuditRecord (record: Record<string, unknown>): Record<string, unknown> {
  const action = typeof record['event.action'] === 'string' ? record['event.action'] : ''
  const inverse = new Map<string, string>()
  for (const [k, v] of Object.entries(FIELDS)) inverse.set(v, k)
  for (const [k, v] of Object.entries(EVENT_FIELDS[action] ?? {})) inverse.set(v, k)
  const flat: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(record)) {
    if (RECORD_ONLY.has(k)) continue
    const name = META[k] ?? inverse.get(k) ?? (k.startsWith(`${NAMESPACE}.`) ? camel(k.slice(NAMESPACE.length + 1)) : k)
    flat[name] = v
  }
  for (const f of EMPTY_DEFAULTS[action] ?? []) if (!(f in flat)) flat[f] = ''
  return flat
}
