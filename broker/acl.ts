/**
 * Deny-by-default authorization of OTA topics (docs/PROTOCOL.md, "Authorization").
 * Pure functions of an identity and a topic: no I/O, so every rule is unit-testable.
 *
 * - A device subscribes only to its model's manifest, the trust root, its own
 *   `d/<id>/data`, `d/<id>/state`, `d/<id>/offer` or `d/<id>/#`, and its own model's broadcast
 *   topics `m/<model>/a/<artifact>/data` (one concrete, well-formed artifact id; whether the
 *   device may have that artifact is asked for each frame, hooks/authorizeForward.ts, and the
 *   hook bounds them per connection); publishes only to its own `d/<id>/req` and `audit/<id>`,
 *   never retained.
 * - An operator subscribes to manifests, the trust root, status events, device states and
 *   its own admin result and answer topics; publishes only to its own admin release and
 *   request topics.
 * - Anyone else, and any wildcard filter that could match OTA topics beyond these, is refused.
 */
import type { Topics } from '../proto/index.js'
import type { CertIdentity } from '../certs/index.js'

/** Who a client is, from its verified certificate (the subject convention of certs/identity.ts). */
export type Identity = CertIdentity

/** Largest payload per OTA publish kind a client may send, bytes. */
export interface PublishLimits { req: number, audit: number, adminRelease: number, adminRequest: number }

/** What a client may do with a topic it publishes to. */
export type PublishDecision =
  | { allow: true, kind: keyof PublishLimits }
  | { allow: false, reason: string }

/**
 * True when an MQTT topic filter can match some topic under `prefix` (e.g. `#`, `+/d/+/req`).
 * Filters that cannot are none of the plugin's business.
 */
export function filterTouchesPrefix (filter: string, prefix: string): boolean {
  const f = filter.split('/')
  const p = prefix.split('/')
  for (let i = 0; i < p.length; i++) {
    const level = f[i]
    if (level === undefined) return false
    if (level === '#') return true
    if (level !== '+' && level !== p[i]) return false
  }
  return true
}

/**
 * May `who` subscribe to `filter` (a filter that touches the OTA prefix)?
 * @returns true to grant; false to refuse (SUBACK 0x80)
 */
export function maySubscribe (who: Identity | null, filter: string, t: Topics): boolean {
  if (who === null) return false
  if (who.role === 'device') {
    if (filter === t.manifest(who.model) || filter === t.root() || filter === t.data(who.id) ||
      filter === t.state(who.id) || filter === t.offer(who.id) || filter === `${t.prefix}/d/${who.id}/#`) return true
    const b = t.parse(filter)
    return b !== null && b.kind === 'broadcast' && b.id === who.model
  }
  if (filter === t.root() || filter === t.auditAll() || filter === t.stateAll() || filter === `${t.prefix}/m/+/manifest` ||
    filter === t.adminResult(who.id) || filter === t.adminAnswer(who.id)) return true
  const p = t.parse(filter)
  return p !== null && (p.kind === 'audit' || p.kind === 'state' || p.kind === 'manifest')
}

/**
 * May `who` publish this packet to an OTA topic?
 * @param size - payload bytes
 * @param retain - the packet's retain flag
 * @param limits - largest payload per allowed kind
 */
export function mayPublish (who: Identity | null, topic: string, size: number, retain: boolean, t: Topics,
  limits: PublishLimits): PublishDecision {
  if (who === null) return { allow: false, reason: 'no OTA identity' }
  if (retain) return { allow: false, reason: 'retained publishes are not allowed on OTA topics' }
  const p = t.parse(topic)
  if (p === null) return { allow: false, reason: 'not a topic of the OTA layout' }
  let kind: keyof PublishLimits | null = null
  if (who.role === 'device' && p.id === who.id && (p.kind === 'req' || p.kind === 'audit')) kind = p.kind
  if (who.role === 'operator' && p.id === who.id && (p.kind === 'adminRelease' || p.kind === 'adminRequest')) kind = p.kind
  if (kind === null) return { allow: false, reason: `${who.role} ${who.id} may not publish to this topic` }
  if (size > limits[kind]) return { allow: false, reason: `payload of ${size} bytes exceeds the ${kind} limit of ${limits[kind]}` }
  return { allow: true, kind }
}

/**
 * May an OTA packet on `topic` be forwarded to `who`? Chunk requests and bundles are never
 * forwarded; a device's data and state go to that device (and state to operators) only.
 */
export function mayForward (who: Identity | null, topic: string, t: Topics): boolean {
  const p = t.parse(topic)
  if (p === null) return false
  switch (p.kind) {
    case 'req':
    case 'adminRelease':
    case 'adminRequest':
      return false
    case 'data':
      return who?.role === 'device' && who.id === p.id
    case 'broadcast':
      return who?.role === 'device' && who.model === p.id
    case 'state':
      return who !== null && (who.role === 'operator' || who.id === p.id)
    case 'offer':
      return who?.role === 'device' && who.id === p.id
    case 'manifest':
      return who !== null && (who.role === 'operator' || who.model === p.id)
    case 'audit':
      return who?.role === 'operator'
    case 'adminResult':
    case 'adminAnswer':
      return who?.role === 'operator' && who.id === p.id
    case 'root':
      return who !== null
  }
}
