/**
 * What the U-Boot backend keeps beside the environment: what the environment cannot sensibly
 * hold (each slot's signed manifest envelope, version, digest, size and confirmed flag, the
 * anti-rollback counter, the pending trial's report fields). One JSON file in the state folder,
 * `uboot-slots.json`, written only with proto's `writeFileAtomic`: after a power cut it is the old
 * file or the new one. Not `state.json`: that file's bootloader fields belong to the simulated
 * backend.
 */
import { readFile, unlink } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { OtaError, toOtaError } from '../../proto/index.js'
import { isHex } from '../../proto/bytes.js'
import { syncDir, writeFileAtomic } from '../../proto/files.js'
import type { SlotName } from '../options.js'
import type { SlotRecord } from '../state.js'

/** File name of the records inside the state folder. */
export const UBOOT_RECORDS_FILE = 'uboot-slots.json'

/** Why a trial is being given up on (the reason a boot that finishes the removal reports). */
export type DropReason = 'OTA_HEALTH_CHECK' | 'OTA_TRIAL_EXHAUSTED' | 'OTA_BOOT_VERIFY'

/** A trial recorded by `setTrial` and not yet confirmed nor given up on. */
export interface UBootTrial {
  slot: SlotName
  /** boots it was given (`BOOT_x_LEFT` when armed; the count left lives in the environment) */
  trialBoots: number
  /** when the update was offered, ms since the epoch */
  offeredAt: number
  /** chunk bytes received for the update */
  bytes: number
  /**
   * set when the trial is being given up on, before the environment drops the slot: a removal
   * interrupted by a power cut is finished at the next boot, never taken for a trial still to arm
   */
  dropping?: DropReason
}

/** The records. */
export interface UBootRecords {
  format: 1
  /** the slot of the last confirmed image */
  active: SlotName
  /** null: nothing bootable is recorded in that slot */
  slots: Record<SlotName, SlotRecord | null>
  /** anti-rollback counter: only rises, at confirm */
  securityCounter: number
  pending: UBootTrial | null
}

/** Path of the records in `stateDir`. */
export function recordsPath (stateDir: string): string {
  return join(stateDir, UBOOT_RECORDS_FILE)
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
const isSlot = (v: unknown): v is SlotName => v === 'a' || v === 'b'
const DROP_REASONS: readonly unknown[] = ['OTA_HEALTH_CHECK', 'OTA_TRIAL_EXHAUSTED', 'OTA_BOOT_VERIFY']

function bad (path: string, what: string): never {
  throw new OtaError('OTA_STATE', `${path} is inconsistent: ${what}`)
}

function slotRecord (path: string, v: unknown, name: SlotName): SlotRecord | null {
  if (v === null) return null
  if (!isObj(v) || typeof v.envelope !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(v.envelope) || typeof v.version !== 'string' || v.version.length === 0 ||
    !isHex(v.sha256, 32) || !isCount(v.size) || v.size === 0 || typeof v.confirmed !== 'boolean') bad(path, `slot ${name} is malformed`)
  return { envelope: v.envelope, version: v.version, sha256: v.sha256, size: v.size, confirmed: v.confirmed }
}

/**
 * Checks parsed records: shapes, an active slot holding a confirmed image, a trial in the other
 * slot holding an unconfirmed one, no unconfirmed image without a trial.
 * @throws OtaError `OTA_STATE` naming what is wrong
 */
export function validateRecords (v: unknown, path: string): UBootRecords {
  if (!isObj(v) || v.format !== 1) bad(path, 'not a format 1 object')
  if (!isSlot(v.active)) bad(path, 'active is not a or b')
  if (!isObj(v.slots)) bad(path, 'slots is not an object')
  const slots = { a: slotRecord(path, v.slots.a, 'a'), b: slotRecord(path, v.slots.b, 'b') }
  if (!isCount(v.securityCounter)) bad(path, 'securityCounter is not a non-negative integer')
  let pending: UBootTrial | null = null
  if (v.pending !== null) {
    const p = v.pending
    if (!isObj(p) || !isSlot(p.slot) || !isCount(p.trialBoots) || p.trialBoots < 1 || !isCount(p.offeredAt) || !isCount(p.bytes) ||
      (p.dropping !== undefined && !DROP_REASONS.includes(p.dropping))) bad(path, 'pending is malformed')
    pending = { slot: p.slot, trialBoots: p.trialBoots, offeredAt: p.offeredAt, bytes: p.bytes, ...(p.dropping !== undefined ? { dropping: p.dropping as DropReason } : {}) }
  }
  const active = slots[v.active]
  if (active === null || !active.confirmed) bad(path, `active slot ${v.active} holds no confirmed image`)
  for (const s of ['a', 'b'] as const) {
    const rec = slots[s]
    if (pending?.slot === s) {
      if (s === v.active || rec === null || rec.confirmed) bad(path, `trial slot ${s} must be the inactive slot holding an unconfirmed image`)
    } else if (rec !== null && !rec.confirmed) {
      bad(path, `slot ${s} holds an unconfirmed image with no trial`)
    }
  }
  return { format: 1, active: v.active, slots, securityCounter: v.securityCounter, pending }
}

/**
 * Reads and checks the records.
 * @returns null when the file does not exist (not provisioned for U-Boot)
 * @throws OtaError `OTA_STATE` when it is not JSON or inconsistent; `OTA_IO`
 */
export async function readRecords (path: string): Promise<UBootRecords | null> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw toOtaError(e, 'OTA_IO', `cannot read ${path}`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (e) {
    throw new OtaError('OTA_STATE', `${path} is not JSON`, { cause: e })
  }
  return validateRecords(parsed, path)
}

/**
 * Checks `r` and writes it atomically.
 * @throws OtaError `OTA_STATE` when `r` breaks a rule (nothing written); `OTA_IO`, `OTA_NO_SPACE`
 */
export async function writeRecords (path: string, r: UBootRecords): Promise<void> {
  const checked = validateRecords(JSON.parse(JSON.stringify(r)), path)
  await writeFileAtomic(path, JSON.stringify(checked, null, 2) + '\n')
}

/**
 * Removes the records durably (the folder is synced); nothing to do when there are none.
 * @throws OtaError `OTA_IO`
 */
export async function removeRecords (path: string): Promise<void> {
  try {
    await unlink(path)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return
    throw toOtaError(e, 'OTA_IO', `cannot remove ${path}`)
  }
  await syncDir(dirname(path))
}
