/**
 * The hardened broker's limits: one block of options (`OtaPluginOptions.limits`), validated and
 * defaulted here. Sizes in bytes, topic lengths in characters, times in ms.
 */
import { Limits, OtaError, type Topics } from '../../proto/index.js'
import { AdminLimits } from '../../proto/codec/operator.js'
import { MAX_IDENTIFIER } from '../../proto/identifiers.js'
import type { AuditBudgetOptions } from './audit-budget.js'
import type { RateLimit } from './rate.js'

/** The limits, every field present after {@link resolveLimits}. */
export interface BrokerLimits {
  /**
   * longest topic or filter on OTA topics, characters; default 256 (at least the longest topic of
   * the layout: a broadcast topic, the prefix, `/m/`, a 64-character model, `/a/`, a 64-digit
   * artifact id and `/data`: the prefix + 139)
   */
  maxTopicLength: number
  /**
   * most levels in a topic or filter on OTA topics; at least the layout's deepest topic (a
   * broadcast topic: the prefix's levels + 5); default the prefix's levels + 7 (8 with prefix `ota`)
   */
  maxTopicDepth: number
  /**
   * chunk requests that add nothing (refused, or naming only chunks already queued) per device (by
   * certificate id, across reconnects); default 200 a second, burst 1000. Requests that queue a
   * chunk are not counted: the device's socket paces them. Once the bucket is empty every request
   * of the device is dropped until it refills.
   */
  requestRate: RateLimit
  /** status events per device (by certificate id, across reconnects); default 10 a second, burst 60 */
  statusRate: RateLimit
  /**
   * refusal records (`auth.denied`, `acl.denied`, `packet.refused`, `rate.limited`) per identity;
   * default 60 per 60 000 ms, then one `audit.suppressed` summary with the count
   */
  audit: AuditBudgetOptions
  /**
   * largest MQTT packet (its Remaining Length, MQTT 3.1.1 2.2.3) per role, bytes, enforced at the
   * transport before it is buffered (limits/packet-guard.ts); derived, not set: `device` (and a
   * client without an OTA certificate) from the largest status event plus 16 subscription
   * filters of `maxTopicLength`, `operator` from `maxBundleSize` plus the admin request overhead
   */
  maxPacket: { device: number, operator: number }
}

type IntRule = (v: unknown, name: string, min: number, max: number, dflt: number) => number

/** Characters of an artifact id in a broadcast topic: a SHA-256 in lowercase hex. */
const ARTIFACT_HEX_LENGTH = 64

/** Bytes of UTF-8 per UTF-16 unit of a JS string, at most (a 4-byte code point is 2 units). */
const UTF8_PER_CHAR = 3

function rate (v: Partial<RateLimit> | undefined, name: string, int: IntRule, perSecond: number, burst: number): RateLimit {
  return { perSecond: int(v?.perSecond, `${name}.perSecond`, 1, 1_000_000, perSecond), burst: int(v?.burst, `${name}.burst`, 1, 10_000_000, burst) }
}

/**
 * Validates the limits block and fills defaults.
 * @param int - options.ts's integer rule (one rule for every option)
 * @throws OtaError `OTA_INVALID_ARGUMENT` for an out-of-range field, or topic limits below the OTA layout's own topics (its
 *   broadcast topics the longest and deepest)
 */
export function resolveLimits (o: Partial<BrokerLimits> | undefined, topics: Topics, maxBundleSize: number, int: IntRule): BrokerLimits {
  if (o !== undefined && (o === null || typeof o !== 'object')) throw new OtaError('OTA_INVALID_ARGUMENT', 'limits must be an object')
  if (o?.maxPacket !== undefined) throw new OtaError('OTA_INVALID_ARGUMENT', 'limits.maxPacket is derived from the topic limits and maxBundleSize; it cannot be set')
  // The layout's longest and deepest topics: a broadcast topic (`<p>/m/<model>/a/<artifact>/data`),
  // longer than any admin topic (`<p>/admin/<id>/request`); a limit below them refuses the layout's own topics.
  const longest = topics.prefix.length + Math.max('/admin/'.length + MAX_IDENTIFIER + '/request'.length, '/m/'.length + MAX_IDENTIFIER + '/a/'.length + ARTIFACT_HEX_LENGTH + '/data'.length)
  const levels = topics.prefix.split('/').length
  const deepest = levels + 5
  const maxTopicLength = int(o?.maxTopicLength, 'limits.maxTopicLength', longest, 65_535, Math.max(256, longest))
  const maxTopicDepth = int(o?.maxTopicDepth, 'limits.maxTopicDepth', deepest, 1024, levels + 7)
  const filter = 2 + maxTopicLength * UTF8_PER_CHAR + 1
  return {
    maxTopicLength,
    maxTopicDepth,
    requestRate: rate(o?.requestRate, 'limits.requestRate', int, 200, 1000),
    statusRate: rate(o?.statusRate, 'limits.statusRate', int, 10, 60),
    audit: { perWindow: int(o?.audit?.perWindow, 'limits.audit.perWindow', 1, 1_000_000, 60), windowMs: int(o?.audit?.windowMs, 'limits.audit.windowMs', 100, 86_400_000, 60_000) },
    maxPacket: {
      device: Math.max(Limits.statusEvent, Limits.chunkRequest) + 16 * filter + 64,
      operator: maxBundleSize + AdminLimits.requestOverhead + filter + 64
    }
  }
}

/** The number of levels of an MQTT topic or filter (MQTT 3.1.1, 4.7.1.1: levels separated by `/`). */
export function topicDepth (topic: string): number {
  let n = 1
  for (let i = 0; i < topic.length; i++) if (topic.charCodeAt(i) === 0x2f) n++
  return n
}

/**
 * Why a topic or filter breaks the limits, or null when it keeps them.
 */
export function topicLimitBreach (topic: string, l: Pick<BrokerLimits, 'maxTopicLength' | 'maxTopicDepth'>): string | null {
  if (topic.length > l.maxTopicLength) return `topic of ${topic.length} characters exceeds the limit of ${l.maxTopicLength}`
  const depth = topicDepth(topic)
  if (depth > l.maxTopicDepth) return `topic of ${depth} levels exceeds the limit of ${l.maxTopicDepth}`
  return null
}
