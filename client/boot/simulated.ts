/**
 * The simulated bootloader, the default {@link BootControl}: the same decisions a real integration's boot stage makes, over the
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
  BodyType, OtaError, decodeEnvelope, decodeSignedBody, toHex, toOtaError,
  type Manifest, type TrustedRoot
} from '../../proto/index.js'
import { crashPoint } from '../../proto/crash-points.js'
import type { SlotName } from '../options.js'
import { loadState, otherSlot, saveState, updateState, withStateLock, type DeviceState, type SlotRecord } from '../state.js'
import { FileSlotStorage } from '../storage/file.js'
import type { SlotStorage } from '../storage/slot-storage.js'
import type { BootControl, BootResult, BootStatus, ConfirmResult, RevertResult, TrialRequest } from './boot-control.js'
import { imageIn, revertReason } from './revert-reason.js'
import { installedUnder, verifySlot } from './verify.js'

export { verifySlot } from './verify.js'

/** Options of {@link boot}. */
export interface BootOptions {
  /** when given, an image whose manifest is for another model is refused */
  model?: string
  /**
   * every root the device has trusted, oldest first (`trust` among them): a confirmed image
   * boots when its manifest verifies under any of them, the root it was installed under, so a
   * signing key a later root drops stops new installs but never strands the running image. A
   * trial image verifies under `trust` only. Default: `[trust]`
   */
  formerRoots?: readonly TrustedRoot[]
  /** where the slot bytes live; default the files `slot-a.bin`/`slot-b.bin` in the state folder */
  storage?: SlotStorage
}

/** The revert reason of an image in `slot` that did not verify (`e`, from {@link verifySlot}). */
function notVerified (version: string, slot: SlotName, e: unknown): OtaError {
  const err = toOtaError(e, 'OTA_BOOT_VERIFY')
  const why = typeof err.details?.why === 'string' ? err.details.why : err.message
  return revertReason('boot-verify', `${imageIn(version, slot)}: ${why}`, { cause: err, slot })
}

/** Drops the unconfirmed image: it is no longer bootable (the device remembers its release as refused). */
function dropPending (s: DeviceState): { slot: SlotName, version: string, sha256: string } {
  const p = s.pending!
  const rec = s.slots[p.slot]!
  s.slots[p.slot] = null
  s.pending = null
  return { slot: p.slot, version: rec.version, sha256: rec.sha256 }
}

/**
 * Decides which slot runs, as a bootloader does at power-on:
 *
 * 1. a trial in progress with boots left: spend one (persisted before the image runs), verify
 *    the new image and run it on trial;
 * 2. a trial whose image does not verify or whose boots ran out: give it up (`revertedSha256`),
 *    keeping it recorded with no boot left until {@link revert} drops it, so that a power cut
 *    before the device has recorded the release as refused gives it up again;
 * 3. otherwise verify and run the active confirmed image; when it no longer verifies, fall
 *    back to the other slot if it holds a confirmed image that does. A confirmed image verifies
 *    under any root the device has trusted (`formerRoots`), a trial image under `trust` only.
 *
 * @throws OtaError `OTA_BOOT_VERIFY` when no slot holds an image that verifies; `OTA_STATE` when
 *   the state file is missing or corrupt; `OTA_IO`
 */
export async function boot (stateDir: string, trust: TrustedRoot, opts: BootOptions = {}): Promise<BootResult> {
  const storage = opts.storage ?? FileSlotStorage.inDir(stateDir)
  // One lock for the whole decision: the spent trial count is saved before the image runs.
  return await withStateLock(stateDir, async () => {
    const s = await loadState(stateDir)
    const check = { model: opts.model, securityCounter: s.securityCounter }
    let reason: OtaError | undefined
    let revertedVersion: string | undefined
    let revertedSha256: string | undefined
    if (s.pending !== null) {
      const p = s.pending
      const rec = s.slots[p.slot]!
      if (p.trialsLeft > 0) {
        p.trialsLeft -= 1
        await saveState(stateDir, s)
        crashPoint('boot.counted')
        try {
          const manifest = await verifySlot(storage, p.slot, rec, trust, check)
          crashPoint('boot.verified')
          return { slot: p.slot, version: rec.version, trial: true, reverted: false, manifest, securityCounter: s.securityCounter, previousVersion: s.slots[s.active]!.version, trialBootsLeft: p.trialsLeft }
        } catch (e) {
          reason = notVerified(rec.version, p.slot, e)
        }
      } else {
        reason = revertReason('trial-boots-ran-out', `${imageIn(rec.version, p.slot)} was not confirmed within its trial boots`, { slot: p.slot })
        // Never drop the only image that verifies: with no confirmed image left to fall back to,
        // the trial image runs again, still on trial (its health check may yet confirm it).
        if (await confirmedVerifying(storage, s, trust, opts, check) === null) {
          try {
            const manifest = await verifySlot(storage, p.slot, rec, trust, check)
            return { slot: p.slot, version: rec.version, trial: true, reverted: false, manifest, securityCounter: s.securityCounter, previousVersion: s.slots[s.active]!.version, trialBootsLeft: 0 }
          } catch {}
        }
      }
      // Given up, but kept (no boot left) until the device has recorded the release as refused
      // and calls revert(): a power cut before that gives it up again at the next boot, instead
      // of leaving the device no trace of a release it must not fetch again.
      if (p.trialsLeft > 0) {
        p.trialsLeft = 0
        await saveState(stateDir, s)
      }
      revertedVersion = rec.version
      revertedSha256 = rec.sha256
      crashPoint('boot.fallback')
    }
    const refusals: OtaError[] = []
    for (const slot of [s.active, otherSlot(s.active)]) {
      const rec = s.slots[slot]
      if (rec === null || !rec.confirmed) continue
      let manifest: Manifest
      try {
        manifest = await verifySlot(storage, slot, rec, installedUnder(rec, trust, opts.formerRoots, check.model), check)
      } catch (e) {
        refusals.push(notVerified(rec.version, slot, e))
        continue
      }
      if (slot !== s.active) {
        // The active image no longer verifies (corrupted storage); it must never be tried again.
        revertedVersion ??= s.slots[s.active]?.version
        s.slots[s.active] = null
        s.active = slot
        await saveState(stateDir, s)
        crashPoint('boot.switched')
        reason ??= refusals[0]
      }
      const result: BootResult = { slot, version: rec.version, trial: false, reverted: reason !== undefined, manifest, securityCounter: s.securityCounter }
      if (reason !== undefined) result.reason = reason
      if (reason !== undefined && revertedVersion !== undefined) result.revertedVersion = revertedVersion
      if (revertedSha256 !== undefined) result.revertedSha256 = revertedSha256
      return result
    }
    // Nothing runs: better no image than one that does not verify (the device refuses to start).
    throw new OtaError('OTA_BOOT_VERIFY', `no slot holds an image that verifies${refusals.length > 0 ? `: ${refusals.map((r) => r.message).join('; ')}` : ''}`, { cause: refusals[0] ?? reason })
  })
}

/** The first confirmed slot (active first) whose image verifies, or null when none does. */
async function confirmedVerifying (storage: SlotStorage, s: DeviceState, trust: TrustedRoot, opts: BootOptions, check: { model?: string | undefined, securityCounter: number }): Promise<SlotName | null> {
  for (const slot of [s.active, otherSlot(s.active)]) {
    const rec = s.slots[slot]
    if (rec === null || !rec.confirmed || s.pending?.slot === slot) continue
    try {
      await verifySlot(storage, slot, rec, installedUnder(rec, trust, opts.formerRoots, check.model), check)
      return slot
    } catch {}
  }
  return null
}

/**
 * The simulated bootloader's records: active slot, its digest, the counter, the trial pending.
 * Reads the state file without the state lock (every write replaces it atomically), so the
 * device may call it while it holds the lock.
 * @throws OtaError `OTA_STATE` when the state file is missing or corrupt; `OTA_IO`
 */
export async function bootStatus (stateDir: string): Promise<BootStatus> {
  const s = await loadState(stateDir)
  const a = s.slots[s.active]!
  const p = s.pending
  return { active: s.active, activeVersion: a.version, activeSha256: a.sha256, securityCounter: s.securityCounter, pending: p === null ? null : { slot: p.slot, version: s.slots[p.slot]!.version } }
}

/**
 * Confirms the image on trial: it becomes the active slot, and the anti-rollback counter rises
 * to its security version (never falls). Call after the image passed its health check.
 * @throws OtaError `OTA_STATE` when no trial is in progress or the state is corrupt; `OTA_IO`
 */
export async function confirm (stateDir: string): Promise<ConfirmResult> {
  let result: ConfirmResult | undefined
  await updateState(stateDir, (s) => {
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
    result = { slot: p.slot, version: rec.version, previousVersion, securityCounter: s.securityCounter, offeredAt: p.offeredAt, bytes: p.bytes }
  })
  crashPoint('confirm.recorded')
  return result!
}

/**
 * Gives up on the image on trial (failed health check), or drops a trial {@link boot} gave up on:
 * the trial is cleared and its slot is no longer bootable; the last confirmed slot stays active.
 * The counter is not touched. Run {@link boot} afterwards to start the old image.
 * @param verify - when given, the trial is given up on only if a confirmed image still verifies
 *   (its slot is hashed): the only image that verifies is never dropped
 * @throws OtaError `OTA_STATE` when no trial is in progress or the state is corrupt;
 *   `OTA_BOOT_VERIFY` when `verify` is given and no confirmed image verifies (the trial stays); `OTA_IO`
 */
export async function revert (stateDir: string, verify?: { trust: TrustedRoot, opts?: BootOptions }): Promise<RevertResult> {
  let result: RevertResult | undefined
  await updateState(stateDir, async (s) => {
    if (s.pending === null) throw new OtaError('OTA_STATE', 'there is no trial image to revert')
    if (verify !== undefined) {
      const o = verify.opts ?? {}
      const storage = o.storage ?? FileSlotStorage.inDir(stateDir)
      if (await confirmedVerifying(storage, s, verify.trust, o, { model: o.model, securityCounter: s.securityCounter }) === null) {
        throw new OtaError('OTA_BOOT_VERIFY', `no confirmed image verifies any more: the trial image of ${s.slots[s.pending.slot]!.version} stays, the only one that does`)
      }
    }
    const dropped = dropPending(s)
    result = { slot: s.active, version: s.slots[s.active]!.version, revertedVersion: dropped.version, revertedSha256: dropped.sha256 }
  })
  crashPoint('revert.recorded')
  return result!
}

/**
 * Records a verified image in the inactive slot as the trial image: the slot record (with its
 * manifest envelope) and the trial count go in one atomic write. Until this write the slot holds
 * nothing bootable (the device's download record is the device's to end).
 * @throws OtaError `OTA_STATE` when `t.slot` is the active slot or a trial is pending; `OTA_IO`
 */
export async function setTrial (stateDir: string, t: TrialRequest): Promise<void> {
  await updateState(stateDir, (s) => {
    if (t.slot === s.active) throw new OtaError('OTA_STATE', `slot ${t.slot} is the active slot`)
    if (s.pending !== null) throw new OtaError('OTA_STATE', 'a trial is already in progress')
    const m = t.manifest
    s.slots[t.slot] = { envelope: Buffer.from(t.envelope).toString('base64'), version: m.version, sha256: toHex(m.image.sha256), size: m.image.size, confirmed: false }
    s.pending = { slot: t.slot, trialsLeft: t.trialBoots, offeredAt: t.offeredAt, bytes: t.bytes }
  })
  crashPoint('install.slot-recorded')
}

/** Options of {@link SimulatedBootControl}. */
export interface SimulatedBootOptions {
  /** the device's state folder (state.json) */
  stateDir: string
  /** the trust anchor every boot verifies against, or a function giving the one trusted now (roots rotate) */
  trust: TrustedRoot | (() => TrustedRoot)
  /** every root trusted so far, oldest first: see {@link BootOptions.formerRoots} */
  formerRoots?: () => readonly TrustedRoot[]
  /** when given, images for another model do not boot */
  model?: string
  /** where the slot bytes live; default the files in `stateDir` */
  storage?: SlotStorage
}

/**
 * The simulated bootloader as a {@link BootControl}: the default of `OtaDevice`. Its decisions
 * live in `state.json` (written only through state.ts, atomically), so they survive a killed
 * process the way a real bootloader's survive a power cut.
 */
export class SimulatedBootControl implements BootControl {
  private readonly o: Readonly<SimulatedBootOptions> & { storage: SlotStorage }

  constructor (o: SimulatedBootOptions) {
    this.o = { ...o, storage: o.storage ?? FileSlotStorage.inDir(o.stateDir) }
  }

  /** See {@link bootStatus}. */
  async status (): Promise<BootStatus> {
    return await bootStatus(this.o.stateDir)
  }

  /** See {@link boot}. */
  async boot (): Promise<BootResult> {
    const { trust, opts } = this.checks()
    return await boot(this.o.stateDir, trust, opts)
  }

  private checks (): { trust: TrustedRoot, opts: BootOptions } {
    const trust = typeof this.o.trust === 'function' ? this.o.trust() : this.o.trust
    return { trust, opts: { model: this.o.model, storage: this.o.storage, ...(this.o.formerRoots !== undefined ? { formerRoots: this.o.formerRoots() } : {}) } }
  }

  /** See {@link setTrial}. */
  async setTrial (t: TrialRequest): Promise<void> {
    await setTrial(this.o.stateDir, t)
  }

  /** See {@link confirm}. */
  async confirm (): Promise<ConfirmResult> {
    return await confirm(this.o.stateDir)
  }

  /** See {@link revert}. */
  async revert (): Promise<RevertResult> {
    return await revert(this.o.stateDir, this.checks())
  }
}
