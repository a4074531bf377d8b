/**
 * A {@link BootControl} over the U-Boot environment: the boot decision lives where U-Boot's boot
 * script reads it (`BOOT_ORDER`, `BOOT_A_LEFT`, `BOOT_B_LEFT`, RAUC's variables: see
 * uboot-vars.ts and docs/uboot/boot.cmd), read and written through `fw_printenv` / `fw_setenv`;
 * what the environment cannot hold (manifests, counter, trial report fields) lives in the
 * records file (uboot-records.ts). docs/BOOTLOADER.md gives every operation's write order and
 * what a power cut between two writes leaves.
 *
 * Two rules keep every crash safe:
 * - a slot is in `BOOT_ORDER` only while the records hold its verified image: a slot joins the
 *   order after its record is written, and leaves the order before its record goes;
 * - a trial being given up on is marked in the records first, so a boot after a power cut
 *   finishes the removal and never takes it for a trial still to arm.
 */
import { readFile } from 'node:fs/promises'
import { pino, type Logger } from 'pino'
import { OtaError, toHex, toOtaError, type Manifest, type TrustedRoot } from '../../proto/index.js'
import { DeviceDefaults, type SlotName } from '../options.js'
import { withStateLock } from '../state.js'
import { FileSlotStorage } from '../storage/file.js'
import { withWriteHook } from '../storage/write-hook.js'
import type { SlotStorage } from '../storage/slot-storage.js'
import type { BootControl, BootResult, BootStatus, ConfirmResult, FactoryImage, RevertResult, TrialRequest } from './boot-control.js'
import { FwEnv } from './fw-env.js'
import { readRecords, recordsPath, removeRecords, writeRecords, type DropReason, type UBootRecords } from './uboot-records.js'
import { BOOT_LEFT, BOOT_VARS, CMDLINE_SLOT, MAX_LEFT, chooseSlot, envForRecords, parseBootVars, formatBootVars, sameBootVars, securityVersionOr, slotFromCmdline, type BootVars } from './uboot-vars.js'
import { installedUnder, recordSecurityVersion, verifySlot } from './verify.js'
import { imageIn, revertReason } from './revert-reason.js'

/** Options of {@link UBootBootControl}. */
export interface UBootBootOptions {
  /** the device's state folder: the records file `uboot-slots.json` lives there */
  stateDir: string
  /** the trust anchor every boot verifies against, or a function giving the one trusted now */
  trust: TrustedRoot | (() => TrustedRoot)
  /** every root trusted so far, oldest first: a confirmed image verifies under the one it was installed under (see simulated.ts `BootOptions.formerRoots`) */
  formerRoots?: () => readonly TrustedRoot[]
  /** when given, images for another model do not boot */
  model?: string
  /** where the slot bytes live; default the files in `stateDir`. Give the device {@link UBootBootControl.slotStorage}, not this */
  storage?: SlotStorage
  /** the environment tools' configuration (`fw_env.config`); default `DeviceDefaults.fwEnvConfig`, /etc/fw_env.config */
  fwEnvConfig?: string
  /** default environment file for the tools (`-f`); default the tools' own (see fw-env.ts) */
  defaultEnv?: string
  /** paths of the tools; default `fw_printenv` / `fw_setenv` from PATH */
  tools?: { printenv?: string, setenv?: string }
  /** longest one tool run, ms; default `DeviceDefaults.fwEnvTimeoutMs` */
  toolTimeoutMs?: number
  /** `BOOT_x_LEFT` of a confirmed slot, 1 to 255, the count the boot script resets to as well; default `DeviceDefaults.ubootBootAttempts` (3) */
  bootAttempts?: number
  /**
   * the kernel command line file (`/proc/cmdline` on a board): the first {@link UBootBootControl.boot}
   * of the process takes the booted slot from its `aedes_ota.slot=A|B` (U-Boot's script chose it
   * and spent its count). Absent: every boot emulates the boot script (tests, boards without it)
   */
  cmdline?: string
  /** pino logger for environment repairs and tool warnings; default silent */
  logger?: Logger
}

/** A trial given up on, for the boot result. */
interface Dropped { version: string, sha256: string, reason: OtaError }

/**
 * The U-Boot environment bootloader. Give the device {@link UBootBootControl.slotStorage} as its
 * `storage`: before a slot is opened for writing it leaves `BOOT_ORDER`, so U-Boot never falls
 * back to a slot whose bytes are being replaced.
 *
 * @example
 * ```ts
 * const boot = new UBootBootControl({ stateDir, trust, model, storage: new FileSlotStorage({ a: '/dev/mmcblk0p2', b: '/dev/mmcblk0p3' }), cmdline: '/proc/cmdline' })
 * const device = new OtaDevice({ ...opts, stateDir, trust, bootControl: boot, storage: boot.slotStorage })
 * ```
 */
export class UBootBootControl implements BootControl {
  /** the slots as the device must write them: opening one for writing first takes it out of `BOOT_ORDER` */
  readonly slotStorage: SlotStorage
  private readonly env: FwEnv
  private readonly records: string
  private readonly storage: SlotStorage
  private readonly attempts: number
  private readonly log: Logger
  /** true until the first boot() of the process has read the kernel command line */
  private cmdlineUnread: boolean

  /** @throws OtaError `OTA_INVALID_ARGUMENT` for an option out of range */
  constructor (private readonly o: UBootBootOptions) {
    if (typeof o.stateDir !== 'string' || o.stateDir.length === 0) throw new OtaError('OTA_INVALID_ARGUMENT', 'stateDir must be a non-empty path')
    const attempts = o.bootAttempts ?? DeviceDefaults.ubootBootAttempts
    if (!Number.isInteger(attempts) || attempts < 1 || attempts > MAX_LEFT) throw new OtaError('OTA_INVALID_ARGUMENT', `bootAttempts must be an integer from 1 to ${MAX_LEFT}, got ${String(attempts)}`)
    if (o.cmdline !== undefined && (typeof o.cmdline !== 'string' || o.cmdline.length === 0)) throw new OtaError('OTA_INVALID_ARGUMENT', 'cmdline must be a non-empty path')
    this.env = new FwEnv({
      config: o.fwEnvConfig ?? DeviceDefaults.fwEnvConfig,
      timeoutMs: o.toolTimeoutMs ?? DeviceDefaults.fwEnvTimeoutMs,
      ...(o.defaultEnv !== undefined ? { defaultEnv: o.defaultEnv } : {}),
      ...(o.tools?.printenv !== undefined ? { printenv: o.tools.printenv } : {}),
      ...(o.tools?.setenv !== undefined ? { setenv: o.tools.setenv } : {})
    })
    this.records = recordsPath(o.stateDir)
    this.storage = o.storage ?? FileSlotStorage.inDir(o.stateDir)
    this.attempts = attempts
    this.log = o.logger ?? pino({ level: 'silent' })
    this.cmdlineUnread = o.cmdline !== undefined
    this.slotStorage = withWriteHook(this.storage, async (slot) => { await this.release(slot) })
  }

  /**
   * The records: active slot, its digest, the counter, the trial pending (also while it is being
   * given up on: no update starts before a boot has finished that). Reads no environment and
   * takes no lock.
   * @throws OtaError `OTA_STATE` when not provisioned or the records are corrupt; `OTA_IO`
   */
  async status (): Promise<BootStatus> {
    const r = await this.load()
    const a = r.slots[r.active]!
    const p = r.pending
    return { active: r.active, activeVersion: a.version, activeSha256: a.sha256, securityCounter: r.securityCounter, pending: p === null ? null : { slot: p.slot, version: r.slots[p.slot]!.version } }
  }

  /**
   * Decides which slot runs (docs/BOOTLOADER.md, "boot"): finishes a trial removal a power cut
   * interrupted, rebuilds a lost environment from the records, arms a trial whose `setTrial` was
   * cut short; then the boot script's choice (first slot of `BOOT_ORDER` with attempts left, its
   * count spent and saved before it runs) or, on the first boot with `cmdline`, the slot U-Boot
   * booted. The slot is verified at rest: a trial image that does not verify is given up on, any
   * other slot that does not is skipped, and the next one tried. A confirmed image that runs has
   * its count restored (marked good); when it is not the active one, the active one is given up on.
   * @throws OtaError `OTA_BOOT_VERIFY` when no slot verifies, or when the slot the kernel command
   *   line names does not (a reboot then tries the next one); `OTA_STATE` when not provisioned,
   *   the command line names no slot, or U-Boot booted a slot other than the active one from an
   *   environment without `BOOT_ORDER` (rebuilt: a reboot runs the active one); `OTA_IO` when the tools fail
   */
  async boot (): Promise<BootResult> {
    // The state module's keyed lock, on the records file's path: never the state folder's, which the device may hold.
    return await withStateLock(this.records, async () => {
      const trust = typeof this.o.trust === 'function' ? this.o.trust() : this.o.trust
      let r = await this.load()
      let vars = await this.readVars()
      const lost = vars.order === null
      let dropped: Dropped | undefined
      if (r.pending?.dropping !== undefined) ({ r, vars, dropped } = await this.dropTrial(r, vars, r.pending.dropping))
      if (vars.order === null) {
        this.log.warn({ records: this.records }, 'the U-Boot environment holds no BOOT_ORDER (lost or never written): rebuilt from the records')
        vars = await this.writeVars(vars, envForRecords(this.attempts, r, 1))
      } else if (r.pending !== null && !vars.order.includes(r.pending.slot)) {
        // setTrial wrote the records and not the environment: the trial is armed now.
        vars = await this.writeVars(vars, envForRecords(this.attempts, r, r.pending.trialBoots))
      }
      const booted = await this.bootedSlot()
      if (booted !== null && lost && booted !== r.active) {
        // The script booted its default slot, not a decision of ours: running it as a fallback would give up on the active image.
        throw new OtaError('OTA_STATE', `U-Boot booted slot ${booted} from an environment without BOOT_ORDER; it is rebuilt from the records: reboot to run the active slot ${r.active}`, { details: { slot: booted } })
      }
      const check = { model: this.o.model, securityCounter: r.securityCounter }
      const skip = new Set<SlotName>()
      let firstError: OtaError | undefined
      // At most: the trial, the active slot, the other one, and the script's reset of the counts.
      for (let tries = 0; tries < 4; tries++) {
        let slot: SlotName
        if (booted !== null) {
          if (tries > 0) break
          slot = booted
        } else {
          const pick = chooseSlot(vars, skip, this.attempts)
          if (pick === null) break
          vars = await this.writeVars(vars, pick.vars)
          slot = pick.slot
        }
        const rec = r.slots[slot]
        if (r.pending !== null && slot === r.pending.slot) {
          try {
            const manifest = await verifySlot(this.storage, slot, rec!, trust, check)
            return { slot, version: rec!.version, trial: true, reverted: false, manifest, securityCounter: r.securityCounter, previousVersion: r.slots[r.active]!.version }
          } catch (e) {
            const err = toOtaError(e, 'OTA_BOOT_VERIFY')
            const why = typeof err.details?.why === 'string' ? err.details.why : err.message
            ;({ r, vars, dropped } = await this.dropTrial(r, vars, 'OTA_BOOT_VERIFY', revertReason('boot-verify', `${imageIn(rec!.version, slot)}: ${why}`, { cause: err, slot })))
            continue
          }
        }
        if (rec === null || !rec.confirmed) {
          skip.add(slot)
          firstError ??= new OtaError('OTA_BOOT_VERIFY', `slot ${slot}: in BOOT_ORDER but no image is recorded there`, { details: { slot } })
          continue
        }
        let manifest: Manifest
        try {
          manifest = await verifySlot(this.storage, slot, rec, installedUnder(rec, trust, this.o.formerRoots?.(), this.o.model), check)
        } catch (e) {
          skip.add(slot)
          firstError ??= toOtaError(e, 'OTA_BOOT_VERIFY')
          continue
        }
        return await this.runConfirmed(r, vars, slot, manifest, dropped, firstError)
      }
      const cause = firstError ?? dropped?.reason
      if (booted !== null) {
        throw new OtaError('OTA_BOOT_VERIFY', `slot ${booted}, which U-Boot booted (${CMDLINE_SLOT}), does not verify${cause !== undefined ? `: ${cause.message}` : ''}; reboot: U-Boot tries the next slot once its attempts are spent`, { cause, details: { slot: booted } })
      }
      throw new OtaError('OTA_BOOT_VERIFY', `no slot holds an image that verifies${cause !== undefined ? `: ${cause.message}` : ''}`, { cause })
    })
  }

  /** The end of {@link boot} for a confirmed image that verified and runs. */
  private async runConfirmed (r: UBootRecords, vars: BootVars, slot: SlotName, manifest: Manifest, dropped: Dropped | undefined, firstError: OtaError | undefined): Promise<BootResult> {
    let reason = dropped?.reason
    let revertedVersion = dropped?.version
    let revertedSha256 = dropped?.sha256
    const p = r.pending
    if (p !== null && (vars.order === null || !vars.order.includes(p.slot) || vars.left[p.slot] === 0)) {
      const rec = r.slots[p.slot]!
      const exhausted = revertReason('trial-boots-ran-out', `${imageIn(rec.version, p.slot)} used up its trial boots without being confirmed`, { slot: p.slot })
      const d = await this.dropTrial(r, vars, 'OTA_TRIAL_EXHAUSTED', exhausted)
      r = d.r
      vars = d.vars
      reason = exhausted
      revertedVersion = d.dropped.version
      revertedSha256 = d.dropped.sha256
    }
    // A trial still armed here was armed by this boot after U-Boot had chosen (cmdline): it runs at the next reboot.
    if (slot !== r.active) {
      const old = r.active
      reason ??= firstError !== undefined
        ? revertReason('boot-verify', `${imageIn(r.slots[old]!.version, old)}: ${typeof firstError.details?.why === 'string' ? firstError.details.why : firstError.message}`, { cause: firstError, slot: old })
        : new OtaError('OTA_BOOT_VERIFY', `slot ${old} used up its boot attempts (${BOOT_LEFT[old]} = 0): U-Boot booted slot ${slot}`, { details: { slot: old } })
      revertedVersion ??= r.slots[old]!.version
      const next: UBootRecords = { ...r, active: slot, slots: { ...r.slots, [old]: null } }
      // The slot given up on leaves BOOT_ORDER before its record goes.
      vars = await this.writeVars(vars, envForRecords(this.attempts, next, 0))
      await writeRecords(this.records, next)
      r = next
    } else {
      // Marked good: its count back to the default, the order rebuilt from the records.
      vars = await this.writeVars(vars, envForRecords(this.attempts, r, r.pending !== null ? vars.left[r.pending.slot] : 0))
    }
    const rec = r.slots[slot]!
    const result: BootResult = { slot, version: rec.version, trial: false, reverted: reason !== undefined, manifest, securityCounter: r.securityCounter }
    if (reason !== undefined) result.reason = reason
    if (reason !== undefined && revertedVersion !== undefined) result.revertedVersion = revertedVersion
    if (revertedSha256 !== undefined) result.revertedSha256 = revertedSha256
    return result
  }

  /**
   * Records a verified image in the inactive slot and arms its trial: the slot leaves
   * `BOOT_ORDER` (if a write bypassed {@link slotStorage}), the records name the image and the
   * trial, then one environment write puts the slot first with `t.trialBoots` attempts.
   * @throws OtaError `OTA_STATE` when `t.slot` is the active slot or a trial is pending;
   *   `OTA_INVALID_ARGUMENT` for trialBoots outside 1 to 255; `OTA_IO`
   */
  async setTrial (t: TrialRequest): Promise<void> {
    if (!Number.isInteger(t.trialBoots) || t.trialBoots < 1 || t.trialBoots > MAX_LEFT) throw new OtaError('OTA_INVALID_ARGUMENT', `trialBoots must be an integer from 1 to ${MAX_LEFT}, got ${String(t.trialBoots)}`)
    await withStateLock(this.records, async () => {
      const r = await this.load()
      if (t.slot === r.active) throw new OtaError('OTA_STATE', `slot ${t.slot} is the active slot`)
      if (r.pending !== null) throw new OtaError('OTA_STATE', 'a trial is already in progress')
      let vars = await this.readVars()
      vars = await this.writeVars(vars, envForRecords(this.attempts, { ...r, slots: { ...r.slots, [t.slot]: null } }, 0))
      const m = t.manifest
      const next: UBootRecords = {
        ...r,
        slots: { ...r.slots, [t.slot]: { envelope: Buffer.from(t.envelope).toString('base64'), version: m.version, sha256: toHex(m.image.sha256), size: m.image.size, confirmed: false } },
        pending: { slot: t.slot, trialBoots: t.trialBoots, offeredAt: t.offeredAt, bytes: t.bytes }
      }
      await writeRecords(this.records, next)
      await this.writeVars(vars, envForRecords(this.attempts, next, t.trialBoots))
    })
  }

  /**
   * Confirms the trial image: one environment write makes it first in `BOOT_ORDER` with the
   * default count (the old slot stays second unless it is below the new counter), then the
   * records make it active and raise the counter (never lower it).
   * @throws OtaError `OTA_STATE` when no trial is in progress or its stored manifest does not decode; `OTA_IO`
   */
  async confirm (): Promise<ConfirmResult> {
    return await withStateLock(this.records, async () => {
      const r = await this.load()
      const p = r.pending
      if (p === null || p.dropping !== undefined) throw new OtaError('OTA_STATE', 'there is no trial image to confirm')
      const rec = r.slots[p.slot]!
      const counter = Math.max(r.securityCounter, recordSecurityVersion(rec, p.slot))
      const old = r.active
      const oldRec = r.slots[old]!
      const next: UBootRecords = { format: 1, active: p.slot, slots: { ...r.slots, [p.slot]: { ...rec, confirmed: true }, [old]: securityVersionOr(oldRec, old, -1) >= counter ? oldRec : null }, securityCounter: counter, pending: null }
      // Environment first: a power cut before the records are written boots the image on trial again, never the old one below a raised counter.
      await this.writeVars(await this.readVars(), envForRecords(this.attempts, next, 0))
      await writeRecords(this.records, next)
      return { slot: p.slot, version: rec.version, previousVersion: oldRec.version, securityCounter: counter, offeredAt: p.offeredAt, bytes: p.bytes }
    })
  }

  /**
   * Gives up on the trial image: marked in the records, then out of `BOOT_ORDER` (count 0), then
   * its record removed. Run {@link boot} afterwards. The only image that verifies is never given
   * up: the confirmed image is verified (hashed) first.
   * @throws OtaError `OTA_STATE` when no trial is in progress; `OTA_BOOT_VERIFY` when the
   *   confirmed image no longer verifies (the trial stays); `OTA_IO`
   */
  async revert (): Promise<RevertResult> {
    return await withStateLock(this.records, async () => {
      const r = await this.load()
      if (r.pending === null) throw new OtaError('OTA_STATE', 'there is no trial image to revert')
      if (r.pending.dropping === undefined) {
        const trust = typeof this.o.trust === 'function' ? this.o.trust() : this.o.trust
        const rec = r.slots[r.active]!
        try {
          await verifySlot(this.storage, r.active, rec, installedUnder(rec, trust, this.o.formerRoots?.(), this.o.model), { model: this.o.model, securityCounter: r.securityCounter })
        } catch (e) {
          throw new OtaError('OTA_BOOT_VERIFY', `the confirmed image ${rec.version} in slot ${r.active} no longer verifies: the trial image of ${r.slots[r.pending.slot]!.version} stays, the only one that does`, { cause: e })
        }
      }
      const { r: next, dropped } = await this.dropTrial(r, await this.readVars(), r.pending.dropping ?? 'OTA_HEALTH_CHECK')
      return { slot: next.active, version: next.slots[next.active]!.version, revertedVersion: dropped.version, revertedSha256: dropped.sha256 }
    })
  }

  /**
   * Factory provisioning (called by `provisionDevice`): `BOOT_ORDER` emptied and the records
   * removed before slot A is written; then the records of the factory image, then `BOOT_ORDER=A`
   * with the default count. A power cut on the way leaves no records (not provisioned) or an
   * environment without `BOOT_ORDER`, rebuilt from the records at boot.
   * @throws OtaError `OTA_IO`, and what `writeImage` throws
   */
  async provision (factory: FactoryImage, writeImage: () => Promise<void>): Promise<void> {
    await withStateLock(this.records, async () => {
      const empty: BootVars = { order: null, left: { a: 0, b: 0 } }
      await this.env.write(formatBootVars(empty))
      await removeRecords(this.records)
      await writeImage()
      const m = factory.manifest
      const r: UBootRecords = {
        format: 1,
        active: 'a',
        slots: { a: { envelope: Buffer.from(factory.envelope).toString('base64'), version: m.version, sha256: toHex(m.image.sha256), size: m.image.size, confirmed: true }, b: null },
        securityCounter: m.securityVersion,
        pending: null
      }
      await writeRecords(this.records, r)
      await this.writeVars(empty, envForRecords(this.attempts, r, 0))
    })
  }

  /**
   * Before the device writes `slot`: out of `BOOT_ORDER` (count 0), then its record removed.
   * Nothing to do before provisioning (no records).
   * @throws OtaError `OTA_STATE` for the active slot or the trial's; `OTA_IO`
   */
  private async release (slot: SlotName): Promise<void> {
    await withStateLock(this.records, async () => {
      const r = await readRecords(this.records)
      if (r === null) return
      if (slot === r.active) throw new OtaError('OTA_STATE', `slot ${slot} is the active slot: it is never written`)
      if (r.pending?.slot === slot) throw new OtaError('OTA_STATE', `slot ${slot} holds the image on trial`)
      const next: UBootRecords = { ...r, slots: { ...r.slots, [slot]: null } }
      await this.writeVars(await this.readVars(), envForRecords(this.attempts, next, 0))
      if (r.slots[slot] !== null) await writeRecords(this.records, next)
    })
  }

  /**
   * Gives up on the pending trial: the records mark it (unless already marked), the environment
   * drops its slot, the records drop it.
   */
  private async dropTrial (r: UBootRecords, vars: BootVars, code: DropReason, reason?: OtaError): Promise<{ r: UBootRecords, vars: BootVars, dropped: Dropped }> {
    const p = r.pending!
    const rec = r.slots[p.slot]!
    if (p.dropping === undefined) {
      r = { ...r, pending: { ...p, dropping: code } }
      await writeRecords(this.records, r)
    }
    const next: UBootRecords = { ...r, slots: { ...r.slots, [p.slot]: null }, pending: null }
    vars = await this.writeVars(vars, envForRecords(this.attempts, next, 0))
    await writeRecords(this.records, next)
    this.log.info({ slot: p.slot, version: rec.version, code }, 'trial image given up on')
    return { r: next, vars, dropped: { version: rec.version, sha256: rec.sha256, reason: reason ?? new OtaError(code, `image ${rec.version} in slot ${p.slot} was given up on (${code}) before the device stopped; finished at boot`) } }
  }

  private async load (): Promise<UBootRecords> {
    const r = await readRecords(this.records)
    if (r === null) throw new OtaError('OTA_STATE', `no U-Boot records at ${this.records}: the device is not provisioned (provisionDevice with this bootControl)`)
    return r
  }

  private async readVars (): Promise<BootVars> {
    const { values, warning } = await this.env.read(BOOT_VARS)
    if (warning !== '') this.log.warn({ warning }, 'fw_printenv warned')
    return parseBootVars(values)
  }

  /** Writes `next` in one `fw_setenv` run when it differs from `current`. @returns `next` */
  private async writeVars (current: BootVars, next: BootVars): Promise<BootVars> {
    if (!sameBootVars(current, next)) await this.env.write(formatBootVars(next))
    return next
  }

  /** The slot the kernel command line names, on the first boot of the process with `cmdline`; else null. */
  private async bootedSlot (): Promise<SlotName | null> {
    if (!this.cmdlineUnread) return null
    const path = this.o.cmdline!
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (e) {
      throw toOtaError(e, 'OTA_IO', `cannot read the kernel command line ${path}`)
    }
    const slot = slotFromCmdline(text)
    if (slot === null) throw new OtaError('OTA_STATE', `${path} names no slot (${CMDLINE_SLOT}=A or B): is the boot script docs/uboot/boot.cmd installed?`)
    this.cmdlineUnread = false
    return slot
  }
}
