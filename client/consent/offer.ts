/**
 * What a device tells its application about an offered release: the `offered` event and the
 * second argument of the consent hook.
 */
import { Urgency, toHex, type Manifest } from '../../proto/index.js'
import type { ManifestSource } from '../update.js'
import { deferralDeadline, mayDecline } from './decide.js'

/** The urgency of a release by name (manifest `urgency`; LwM2M Object 5 v1.2 resource 11 "Severity" in reverse order). */
export type UrgencyName = 'optional' | 'recommended' | 'critical'

/** An offered release, as the application sees it. Times in ms. */
export interface ReleaseOffer {
  /** version offered */
  version: string
  /** lowercase hex image SHA-256 */
  artifact: string
  /** image size, bytes */
  size: number
  urgency: UrgencyName
  /** the signed release notes ('' when none) */
  releaseNotes: string
  /** true when installing needs a reboot */
  rebootRequired: boolean
  /** seconds the release may be deferred, counted from the first deferral; 0: no limit (optional, recommended) or none allowed (critical) */
  maxDeferralS: number
  /** false for a critical release: a decline counts as a deferral */
  mayDecline: boolean
  /** when the device first deferred this release, or null */
  deferredSince: number | null
  /** when it installs whatever is answered, or null when it may wait for ever */
  installBy: number | null
  /** where the manifest came from: the model's topic, or the device's own offer topic (a rollout) */
  source: ManifestSource
}

/** The name of a manifest urgency value. */
export function urgencyName (v: number): UrgencyName {
  return v === Urgency.CRITICAL ? 'critical' : v === Urgency.RECOMMENDED ? 'recommended' : 'optional'
}

/** Builds the {@link ReleaseOffer} of `m`. */
export function releaseOffer (m: Manifest, source: ManifestSource, deferredSince: number | null, now: number): ReleaseOffer {
  return {
    version: m.version,
    artifact: toHex(m.image.sha256),
    size: m.image.size,
    urgency: urgencyName(m.urgency),
    releaseNotes: m.releaseNotes,
    rebootRequired: m.rebootRequired,
    maxDeferralS: m.maxDeferralS,
    mayDecline: mayDecline(m),
    deferredSince,
    installBy: deferralDeadline(m, deferredSince ?? now),
    source
  }
}
