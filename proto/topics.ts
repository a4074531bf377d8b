/**
 * The MQTT topic layout, owned here and nowhere else. Prefix defaults to `ota`.
 *
 * | topic | publisher | content |
 * |---|---|---|
 * | `<p>/trust/root` | plugin, retained | Envelope(RootMetadata) |
 * | `<p>/m/<model>/manifest` | plugin, retained | Envelope(Manifest) |
 * | `<p>/m/<model>/a/<artifact>/data` | plugin, to every device of the model fetching that artifact (broadcast) | DataFrame |
 * | `<p>/d/<id>/req` | device | ChunkRequest, consumed by the plugin |
 * | `<p>/d/<id>/data` | plugin, to that device only | DataFrame |
 * | `<p>/d/<id>/state` | plugin, retained | StatusEvent (last known) |
 * | `<p>/d/<id>/offer` | plugin, retained | Envelope(Manifest) offered to that device alone by a rollout; empty = withdrawn |
 * | `<p>/audit/<id>` | device | StatusEvent, checked and stamped by the plugin |
 * | `<p>/admin/<op>/release` | operator | a release bundle |
 * | `<p>/admin/<op>/result` | plugin | AdminResult |
 * | `<p>/admin/<op>/request` | operator | AdminRequest (release with force, inventory, release list) |
 * | `<p>/admin/<op>/answer` | plugin | AdminAnswer |
 */
import { OtaError } from './errors.js'
import { isIdentifier } from './identifiers.js'

/** What a parsed OTA topic is. */
export type TopicKind = 'root' | 'manifest' | 'broadcast' | 'req' | 'data' | 'state' | 'offer' | 'audit' | 'adminRelease' | 'adminResult' | 'adminRequest' | 'adminAnswer'

/** A topic under the prefix, split into its kind and the identifier it names (model, device or operator). */
export interface ParsedTopic {
  kind: TopicKind
  /** model for `manifest` and `broadcast`, device id for `req`/`data`/`state`/`offer`/`audit`, operator id for `admin*`, '' for `root` */
  id: string
  /** `broadcast` only: the artifact's id, lowercase hex SHA-256 (64 characters) */
  artifact?: string
}

/** An artifact id as it appears in a topic: lowercase hex SHA-256. */
const ARTIFACT_HEX = /^[0-9a-f]{64}$/

/** Builds and parses OTA topics under one prefix. */
export class Topics {
  /** The prefix, without a trailing slash. */
  readonly prefix: string
  private readonly head: string

  /**
   * @param prefix - first topic level(s), default `ota`; no wildcards, no leading `$`
   * @throws OtaError `OTA_INVALID_ARGUMENT` for an empty prefix or one with `+`, `#` or a leading `$`
   */
  constructor (prefix = 'ota') {
    if (prefix.length === 0 || /[+#\u0000]/.test(prefix) || prefix.startsWith('$') || prefix.endsWith('/') || prefix.startsWith('/')) {
      throw new OtaError('OTA_INVALID_ARGUMENT', `bad topic prefix ${JSON.stringify(prefix)}`)
    }
    this.prefix = prefix
    this.head = prefix + '/'
  }

  /** `<p>/trust/root`: the retained root metadata. */
  root (): string { return `${this.prefix}/trust/root` }
  /** `<p>/m/<model>/manifest`: the model's retained manifest. */
  manifest (model: string): string { return `${this.prefix}/m/${model}/manifest` }
  /**
   * `<p>/m/<model>/a/<artifact>/data`: data frames of one artifact broadcast to every device of
   * the model that fetches it (docs/PROTOCOL.md, "Broadcast").
   * @param artifactHex - the artifact id, lowercase hex SHA-256
   * @throws OtaError `OTA_INVALID_ARGUMENT` when `artifactHex` is not 64 lowercase hex digits
   */
  broadcast (model: string, artifactHex: string): string {
    if (!ARTIFACT_HEX.test(artifactHex)) throw new OtaError('OTA_INVALID_ARGUMENT', `bad artifact id ${JSON.stringify(artifactHex.slice(0, 80))}`)
    return `${this.prefix}/m/${model}/a/${artifactHex}/data`
  }
  /** `<p>/d/<id>/req`: a device's chunk requests. */
  req (deviceId: string): string { return `${this.prefix}/d/${deviceId}/req` }
  /** `<p>/d/<id>/data`: data frames for that device only. */
  data (deviceId: string): string { return `${this.prefix}/d/${deviceId}/data` }
  /** `<p>/d/<id>/state`: the device's retained last status event. */
  state (deviceId: string): string { return `${this.prefix}/d/${deviceId}/state` }
  /** `<p>/d/<id>/offer`: a release offered to that device alone (rollout wave), retained; empty payload = withdrawn. */
  offer (deviceId: string): string { return `${this.prefix}/d/${deviceId}/offer` }
  /** `<p>/audit/<id>`: the device's status events. */
  audit (deviceId: string): string { return `${this.prefix}/audit/${deviceId}` }
  /** `<p>/admin/<op>/release`: an operator's release bundles. */
  adminRelease (operatorId: string): string { return `${this.prefix}/admin/${operatorId}/release` }
  /** `<p>/admin/<op>/result`: the broker's answers to that operator. */
  adminResult (operatorId: string): string { return `${this.prefix}/admin/${operatorId}/result` }
  /** `<p>/admin/<op>/request`: an operator's AdminRequest. */
  adminRequest (operatorId: string): string { return `${this.prefix}/admin/${operatorId}/request` }
  /** `<p>/admin/<op>/answer`: the broker's AdminAnswer to that operator. */
  adminAnswer (operatorId: string): string { return `${this.prefix}/admin/${operatorId}/answer` }
  /** Filter an operator subscribes to for every device's status events. */
  auditAll (): string { return `${this.prefix}/audit/+` }
  /** Filter an operator subscribes to for every device's last known state. */
  stateAll (): string { return `${this.prefix}/d/+/state` }
  /** Filter over every device's offer topic (the plugin reads its retained offers at start). */
  offerAll (): string { return `${this.prefix}/d/+/offer` }
  /** Filter over every device's chunk requests (the OTA service, a client of another broker, subscribes to it). */
  reqAll (): string { return `${this.prefix}/d/+/req` }
  /** Filter over every operator's release bundles (the OTA service subscribes to it). */
  adminReleaseAll (): string { return `${this.prefix}/admin/+/release` }
  /** Filter over every operator's admin requests (the OTA service subscribes to it). */
  adminRequestAll (): string { return `${this.prefix}/admin/+/request` }

  /**
   * Parses a concrete topic (no wildcards) under the prefix.
   * @returns the kind and identifier, or `null` when the topic is not one of the layout's
   */
  parse (topic: string): ParsedTopic | null {
    if (!topic.startsWith(this.head)) return null
    const p = topic.slice(this.head.length).split('/')
    if (p.length === 2 && p[0] === 'trust' && p[1] === 'root') return { kind: 'root', id: '' }
    if (p.length === 3 && p[0] === 'm' && p[2] === 'manifest' && isIdentifier(p[1])) return { kind: 'manifest', id: p[1] }
    if (p.length === 5 && p[0] === 'm' && p[2] === 'a' && p[4] === 'data' && isIdentifier(p[1]) && ARTIFACT_HEX.test(p[3]!)) return { kind: 'broadcast', id: p[1], artifact: p[3]! }
    if (p.length === 2 && p[0] === 'audit' && isIdentifier(p[1])) return { kind: 'audit', id: p[1] }
    if (p.length === 3 && p[0] === 'd' && isIdentifier(p[1])) {
      if (p[2] === 'req' || p[2] === 'data' || p[2] === 'state' || p[2] === 'offer') return { kind: p[2], id: p[1] }
    }
    if (p.length === 3 && p[0] === 'admin' && isIdentifier(p[1])) {
      if (p[2] === 'release') return { kind: 'adminRelease', id: p[1] }
      if (p[2] === 'result') return { kind: 'adminResult', id: p[1] }
      if (p[2] === 'request') return { kind: 'adminRequest', id: p[1] }
      if (p[2] === 'answer') return { kind: 'adminAnswer', id: p[1] }
    }
    return null
  }
}
