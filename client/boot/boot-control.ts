/**
 * `BootControl`: what the bootloader decides. The device asks it which slot runs and whether that
 * is a trial, records a verified new image for a trial boot, and confirms or reverts the trial;
 * it never decides those itself. The default implementation is the simulated bootloader
 * ({@link SimulatedBootControl}, over `state.json` and the slots); a product maps these calls to
 * its real boot stage (MCUboot `boot_set_pending`/`boot_set_confirmed`, U-Boot `bootcount` and
 * environment, an A/B partition table).
 */
import type { Manifest, OtaError } from '../../proto/index.js'
import type { SlotName } from '../options.js'

/** What {@link BootControl.boot} decided. */
export interface BootResult {
  /** the slot that runs */
  slot: SlotName
  /** its manifest version */
  version: string
  /** true when the image runs on trial and must be confirmed (or reverted) */
  trial: boolean
  /** true when the boot fell back to an older image (trial failed or ran out, or the active image no longer verifies) */
  reverted: boolean
  /** the verified manifest of the image that runs */
  manifest: Manifest
  /** the anti-rollback counter */
  securityCounter: number
  /**
   * why the boot reverted, when it did: `OTA_TRIAL_EXHAUSTED` (trial boots ran out) or
   * `OTA_BOOT_VERIFY` (an image did not verify), built by `revertReason` (./revert-reason.ts)
   * so that the REVERTED event's detail begins with the reason's stable phrase
   */
  reason?: OtaError
  /** on a trial boot: the version of the confirmed image the trial would replace */
  previousVersion?: string
  /**
   * on a trial boot: boots the image may still take, after this one, before the bootloader
   * reverts it unconfirmed (0: this is its last); absent when the bootloader does not tell
   */
  trialBootsLeft?: number
  /** on a boot that reverted: the version given up on */
  revertedVersion?: string
  /**
   * on a boot that gave up on a trial image (trial boots ran out, or it no longer verified):
   * lowercase hex SHA-256 of that image. The device records the release as refused so that it
   * is not offered again; absent when the fallback was from a confirmed image
   */
  revertedSha256?: string
}

/** What the bootloader owns, as {@link BootControl.status} reports it. */
export interface BootStatus {
  /** the slot of the last confirmed image: the one that runs outside a trial */
  active: SlotName
  /** its manifest version */
  activeVersion: string
  /** lowercase hex SHA-256 of its image */
  activeSha256: string
  /** the anti-rollback counter: manifests with a lower security version are refused */
  securityCounter: number
  /** the trial recorded by {@link BootControl.setTrial} and not yet confirmed nor reverted, or null */
  pending: { slot: SlotName, version: string } | null
}

/** What {@link BootControl.confirm} did. */
export interface ConfirmResult {
  /** the slot now active */
  slot: SlotName
  /** the version now confirmed */
  version: string
  /** the version that was active before */
  previousVersion: string
  /** the anti-rollback counter after confirm */
  securityCounter: number
  /** when the update was offered, ms since the epoch */
  offeredAt: number
  /** chunk bytes received for the update, including re-sends */
  bytes: number
}

/** What {@link BootControl.revert} did. */
export interface RevertResult {
  /** the slot that runs again: the last confirmed one */
  slot: SlotName
  /** its version */
  version: string
  /** the version given up on */
  revertedVersion: string
  /** lowercase hex SHA-256 of the image given up on */
  revertedSha256: string
}

/** A verified image to boot on trial, for {@link BootControl.setTrial}. */
export interface TrialRequest {
  /** the inactive slot holding the image, written and synced */
  slot: SlotName
  /** the exact manifest Envelope bytes, re-verified at every boot */
  envelope: Uint8Array
  /** the verified manifest */
  manifest: Manifest
  /** boots the image may take without being confirmed, 1 to 255 */
  trialBoots: number
  /** when the update was offered, ms since the epoch (reported at confirm) */
  offeredAt: number
  /** chunk bytes received, including re-sends (reported at confirm) */
  bytes: number
}

/** The factory image, for {@link BootControl.provision}. */
export interface FactoryImage {
  /** the exact manifest Envelope bytes, verified against the trust anchor */
  envelope: Uint8Array
  /** the verified manifest */
  manifest: Manifest
}

/**
 * The bootloader's decisions. Contract (what the device relies on; a real implementation must
 * keep it across power cuts, each call persisting its decision before it resolves):
 *
 * - {@link BootControl.boot} runs no image that does not verify (stored manifest against the
 *   trusted root, security version ≥ counter, slot bytes hash to the signed digest). A trial boot
 *   spends one trial count *before* the image runs, so a crash in the new image uses it up; when
 *   the count is spent or the trial image does not verify, it falls back to the last confirmed
 *   image (`reverted`, with `revertedSha256`). It may keep that trial recorded (`status().pending`,
 *   no boot left, given up again at every boot) until {@link BootControl.revert}: the device
 *   records the release as refused, then calls `revert()` while `status()` still shows the trial,
 *   so a power cut between the fallback and the refusal cannot make it forget the release.
 *   Throws `OTA_BOOT_VERIFY` when nothing verifies.
 * - {@link BootControl.setTrial} makes the next boot a trial of the given slot; until then the
 *   confirmed image stays what runs.
 * - {@link BootControl.confirm} makes the trial image the confirmed one and only then raises the
 *   anti-rollback counter to its security version (never lowers it).
 * - {@link BootControl.revert} gives up on the trial image (or drops one `boot()` gave up on): it is
 *   never booted again.
 * - {@link BootControl.status} reports the bootloader's own records (active slot, its digest, the
 *   anti-rollback counter, the trial pending). The device reads them only through it: it
 *   downloads into the slot other than `active`, checks manifests against `securityCounter` and
 *   `activeSha256`, and starts no update while a trial is `pending`. It must not wait on
 *   the device's state lock (the device calls it while holding it).
 *
 * The device keeps its own records apart (state.json: manifest sequence, download, deferral,
 * refused release); the bootloader neither reads nor writes them, and a release given up on is
 * remembered as refused by the device (from {@link RevertResult.revertedSha256} and
 * {@link BootResult.revertedSha256}).
 */
export interface BootControl {
  /**
   * What the bootloader holds now (persisted records, not what the last boot decided in memory).
   * @throws OtaError `OTA_STATE`, `OTA_IO`
   */
  status (): Promise<BootStatus>
  /**
   * Decides which slot runs, as at power-on.
   * @throws OtaError `OTA_BOOT_VERIFY` when no slot holds an image that verifies; `OTA_STATE`, `OTA_IO`
   */
  boot (): Promise<BootResult>
  /**
   * Records a verified image for a trial boot.
   * @throws OtaError `OTA_STATE` when the slot is the active one or a trial is already pending; `OTA_IO`
   */
  setTrial (t: TrialRequest): Promise<void>
  /**
   * Confirms the image on trial (after its health check passed).
   * @throws OtaError `OTA_STATE` when no trial is in progress; `OTA_IO`
   */
  confirm (): Promise<ConfirmResult>
  /**
   * Gives up on the image on trial (failed health check), or drops a trial {@link BootControl.boot}
   * gave up on and still records; call {@link BootControl.boot} after a give-up.
   * @throws OtaError `OTA_STATE` when no trial is in progress; `OTA_IO`
   */
  revert (): Promise<RevertResult>
  /**
   * Optional, for a backend that keeps its records outside `state.json` (the simulated one has
   * none: `provisionDevice` writes its records): makes the factory image the confirmed image of
   * slot A, replacing every earlier record. `provisionDevice` passes `writeImage`, which writes and
   * syncs the image into slot A; the backend calls it once, after nothing it boots names slot A
   * any more and before it records the image, so a power cut leaves the device unprovisioned,
   * never a record over a torn image.
   * @throws OtaError `OTA_IO`, and what `writeImage` throws
   */
  provision? (factory: FactoryImage, writeImage: () => Promise<void>): Promise<void>
}
