/**
 * What a device checks of a manifest after its signatures verified, against its own state.
 * (Consent to an offered release is client/consent/.)
 */
import { OtaError, toHex, type Manifest } from '../proto/index.js'

/** The device facts a manifest is checked against. */
export interface DeviceFacts {
  model: string
  /** the device's hardware revision, when it knows one */
  hardwareRevision?: string | undefined
  /** anti-rollback counter */
  securityCounter: number
  /** highest manifest sequence accepted so far */
  lastSequence: number
  /** lowercase hex SHA-256 of the image in the active slot */
  activeSha256: string
  /** lowercase hex SHA-256 of a release given up on before (declined or reverted) */
  refused?: string | null
}

/** The outcome of {@link checkManifest} for a manifest that is not refused. */
export type PolicyVerdict =
  | { action: 'offer' }
  /** nothing to do: the image is already running, or was given up on before */
  | { action: 'skip', reason: 'already-installed' | 'refused' }

/**
 * Checks a verified manifest against the device, in this order:
 *
 * 1. model and hardware revision (an empty list accepts every revision; a device that knows no
 *    revision accepts only such manifests);
 * 2. the image already running is skipped (`already-installed`) whatever its sequence, unless
 *    its security version is below the counter: a device that installed a newer release offered
 *    by a rollout still sees the older manifest of the image it runs on its model topic, which is
 *    no replay attempt but nothing to do either;
 * 3. replay: a sequence below the highest accepted (an equal one is the same release seen again);
 * 4. anti-rollback counter;
 * 5. a release given up on before is skipped (`refused`).
 *
 * Replay is checked before rollback so that a stale manifest (older sequence) is always told
 * apart as `OTA_REPLAY`: intake.ts treats that one quietly when it comes from the model topic.
 * @throws OtaError `OTA_MODEL_MISMATCH`, `OTA_REPLAY`, `OTA_ROLLBACK`
 */
export function checkManifest (m: Manifest, d: DeviceFacts): PolicyVerdict {
  if (m.model !== d.model) throw new OtaError('OTA_MODEL_MISMATCH', `manifest is for model ${m.model}, this device is ${d.model}`)
  if (m.hardwareRevisions.length > 0 && (d.hardwareRevision === undefined || !m.hardwareRevisions.includes(d.hardwareRevision))) {
    throw new OtaError('OTA_MODEL_MISMATCH', `manifest is for hardware revisions ${m.hardwareRevisions.join(', ')}, this device is ${d.hardwareRevision ?? 'of unknown revision'}`)
  }
  const rollback = m.securityVersion < d.securityCounter
  const artifact = toHex(m.image.sha256)
  if (!rollback && artifact === d.activeSha256) return { action: 'skip', reason: 'already-installed' }
  if (m.sequence < d.lastSequence) {
    throw new OtaError('OTA_REPLAY', `manifest ${m.version} has sequence ${m.sequence}, the device already accepted ${d.lastSequence}`)
  }
  if (rollback) {
    throw new OtaError('OTA_ROLLBACK', `manifest ${m.version} has security version ${m.securityVersion}, the device counter is ${d.securityCounter}`)
  }
  if (d.refused != null && artifact === d.refused) return { action: 'skip', reason: 'refused' }
  return { action: 'offer' }
}
