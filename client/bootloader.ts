/**
 * The simulated bootloader: the same decisions a real integration's boot stage makes, over the
 * state file and the slot files.
 *
 * - Secure boot: no image runs unless its stored manifest verifies against the trusted root
 *   and the slot's bytes hash to the manifest's digest and size, and its security version is
 *   not below the anti-rollback counter.
 * - Trial boots (MCUboot "test" swap, U-Boot `bootcount`): a new image runs at most
 *   `trialsLeft` times before it is confirmed; the count is spent *before* the image runs, so a
 *   crash or hang in the new image uses it up and the bootloader ends up on the old image.
 * - The anti-rollback counter is raised only by {@link confirm}, so the old image stays
 *   bootable until the new one has proven itself.
 */
import {
  BodyType, OtaError, bytesEqual, decodeEnvelope, decodeSignedBody, toHex, toOtaError, verifyManifest,
  type Manifest, type TrustedRoot
} from '../proto/index.js'
import type { SlotName } from './options.js'
import { hashSlot } from './slots.js'
import { loadState, otherSlot, saveState, withStateLock, type DeviceState, type SlotRecord } from './state.js'

/** What {@link boot} decided. */
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
  /** why the boot reverted, when it did */
  reason?: OtaError
}

/** Options of {@link boot}. */
export interface BootOptions {
  /** when given, an image whose manifest is for another model is refused */
  model?: string
}

/**
 * Secure-boot check of one slot: its stored manifest envelope verifies against `trust`, matches
 * the slot record, is not below the anti-rollback counter, and the slot's first `size` bytes hash
 * to the signed digest.
 *
 * Time is not checked: a bootloader has no trusted clock, and an image that was valid when it
 * was installed must not stop booting because its manifest, key or root later expired.
 *
 * @returns the verified manifest
 * @throws OtaError `OTA_BOOT_VERIFY`, with the underlying failure as `cause` and its code in `details.code`
 */
export async function verifySlot (stateDir: string, slot: SlotName, record: SlotRecord, trust: TrustedRoot, opts: { model?: string, securityCounter: number }): Promise<Manifest> {
  const fail = (why: string, cause?: unknown): never => {
    const code = cause instanceof OtaError ? cause.code : undefined
    throw new OtaError('OTA_BOOT_VERIFY', `slot ${slot}: ${why}`, { cause, details: { slot, code } })
  }
  let manifest: Manifest
  try {
    const verifyOpts = opts.model !== undefined ? { now: 0, model: opts.model } : { now: 0 }
    manifest = verifyManifest(new Uint8Array(Buffer.from(record.envelope, 'base64')), trust, verifyOpts).manifest
  } catch (e) {
    return fail(`stored manifest does not verify: ${e instanceof Error ? e.message : String(e)}`, e)
  }
  if (manifest.version !== record.version || manifest.image.size !== record.size || toHex(manifest.image.sha256) !== record.sha256) {
    fail('slot record does not match its signed manifest')
  }
  if (manifest.securityVersion < opts.securityCounter) {
    fail(`image security version ${manifest.securityVersion} is below the counter ${opts.securityCounter}`, new OtaError('OTA_ROLLBACK'))
  }
  let digest
  try {
    digest = await hashSlot(stateDir, slot, manifest.image.size)
  } catch (e) {
    return fail('image cannot be read', e)
  }
  if (digest.length !== manifest.image.size || !bytesEqual(digest.sha256, manifest.image.sha256)) {
    fail(`image does not match its signed digest (${digest.length} of ${manifest.image.size} bytes)`, new OtaError('OTA_IMAGE_DIGEST'))
  }
  return manifest
}

/** Drops the unconfirmed image: it is no longer bootable, and its release is not offered again. */
function dropPending (s: DeviceState): { slot: SlotName, version: string } {
  const p = s.pending!
  const rec = s.slots[p.slot]!
  s.slots[p.slot] = null
  s.pending = null
  s.refused = rec.sha256
  return { slot: p.slot, version: rec.version }
}

/**
 * Decides which slot runs, as a bootloader does at power-on:
 *
 * 1. a trial in progress with boots left: spend one (persisted before the image runs), verify
 *    the new image and run it on trial;
 * 2. a trial whose image does not verify or whose boots ran out: drop it (revert);
 * 3. otherwise verify and run the active confirmed image; when it no longer verifies, fall
 *    back to the other slot if it holds a confirmed image that does.
 *
 * @throws OtaError `OTA_BOOT_VERIFY` when no slot holds an image that verifies; `OTA_STATE` when
 *   the state file is missing or corrupt; `OTA_IO`
 */
export async function boot (stateDir: string, trust: TrustedRoot, opts: BootOptions = {}): Promise<BootResult> {
  return await withStateLock(stateDir, async () => {
    const s = await loadState(stateDir)
    const check = { model: opts.model, securityCounter: s.securityCounter }
    let reason: OtaError | undefined
    if (s.pending !== null) {
      const p = s.pending
      const rec = s.slots[p.slot]!
      if (p.trialsLeft > 0) {
        p.trialsLeft -= 1
        await saveState(stateDir, s)
        try {
          const manifest = await verifySlot(stateDir, p.slot, rec, trust, check)
          return { slot: p.slot, version: rec.version, trial: true, reverted: false, manifest, securityCounter: s.securityCounter }
        } catch (e) {
          reason = toOtaError(e, 'OTA_BOOT_VERIFY')
        }
      } else {
        reason = new OtaError('OTA_TRIAL_EXHAUSTED', `image ${rec.version} in slot ${p.slot} used up its trial boots without being confirmed`)
      }
      dropPending(s)
      await saveState(stateDir, s)
    }
    let firstError: OtaError | undefined
    for (const slot of [s.active, otherSlot(s.active)]) {
      const rec = s.slots[slot]
      if (rec === null || !rec.confirmed) continue
      let manifest: Manifest
      try {
        manifest = await verifySlot(stateDir, slot, rec, trust, check)
      } catch (e) {
        firstError ??= toOtaError(e, 'OTA_BOOT_VERIFY')
        continue
      }
      if (slot !== s.active) {
        // The active image no longer verifies (corrupted storage); it must never be tried again.
        s.slots[s.active] = null
        s.active = slot
        await saveState(stateDir, s)
        reason ??= firstError
      }
      const result: BootResult = { slot, version: rec.version, trial: false, reverted: reason !== undefined, manifest, securityCounter: s.securityCounter }
      if (reason !== undefined) result.reason = reason
      return result
    }
    throw new OtaError('OTA_BOOT_VERIFY', `no slot holds an image that verifies${firstError !== undefined ? `: ${firstError.message}` : ''}`, { cause: firstError ?? reason })
  })
}

/** What {@link confirm} did. */
export interface ConfirmResult {
  /** the slot now active */
  slot: SlotName
  /** the version now confirmed */
  version: string
  /** the version that was active before */
  previousVersion: string
  /** the anti-rollback counter after confirm */
  securityCounter: number
  /** when the update was offered, ms */
  offeredAt: number
  /** chunk bytes received for the update, including re-sends */
  bytes: number
}

/**
 * Confirms the image on trial: it becomes the active slot, and the anti-rollback counter rises
 * to its security version (never falls). Call after the image passed its health check.
 * @throws OtaError `OTA_STATE` when no trial is in progress or the state is corrupt; `OTA_IO`
 */
export async function confirm (stateDir: string): Promise<ConfirmResult> {
  return await withStateLock(stateDir, async () => {
    const s = await loadState(stateDir)
    if (s.pending === null) throw new OtaError('OTA_STATE', 'there is no trial image to confirm')
    const p = s.pending
    const rec = s.slots[p.slot]!
    let securityVersion: number
    try {
      const body = decodeSignedBody(decodeEnvelope(new Uint8Array(Buffer.from(rec.envelope, 'base64'))).body, BodyType.MANIFEST)
      if (body.type !== BodyType.MANIFEST) throw new OtaError('OTA_WRONG_TYPE')
      securityVersion = body.manifest.securityVersion
    } catch (e) {
      throw new OtaError('OTA_STATE', `the trial slot's stored manifest does not decode: ${e instanceof Error ? e.message : String(e)}`, { cause: e })
    }
    const previousVersion = s.slots[s.active]!.version
    rec.confirmed = true
    s.active = p.slot
    s.pending = null
    s.securityCounter = Math.max(s.securityCounter, securityVersion)
    await saveState(stateDir, s)
    return { slot: p.slot, version: rec.version, previousVersion, securityCounter: s.securityCounter, offeredAt: p.offeredAt, bytes: p.bytes }
  })
}

/** What {@link revert} did. */
export interface RevertResult {
  /** the slot that runs again: the last confirmed one */
  slot: SlotName
  /** its version */
  version: string
  /** the version given up on */
  revertedVersion: string
}

/**
 * Gives up on the image on trial (failed health check): the trial is cleared, its slot is no
 * longer bootable and its release is not offered again; the last confirmed slot stays active.
 * The counter is not touched. Run {@link boot} afterwards to start the old image.
 * @throws OtaError `OTA_STATE` when no trial is in progress or the state is corrupt; `OTA_IO`
 */
export async function revert (stateDir: string): Promise<RevertResult> {
  return await withStateLock(stateDir, async () => {
    const s = await loadState(stateDir)
    if (s.pending === null) throw new OtaError('OTA_STATE', 'there is no trial image to revert')
    const dropped = dropPending(s)
    await saveState(stateDir, s)
    return { slot: s.active, version: s.slots[s.active]!.version, revertedVersion: dropped.version }
  })
}
