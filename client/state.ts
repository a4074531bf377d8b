/**
 * The device state file, `state.json` in the state folder. It holds two owners' records:
 *
 * - the device's own: the manifest sequence, the download and the patch apply to resume, the
 *   deferral, the refused release and the end of life announced for its model (`lastSequence`,
 *   `download`, `apply`, `deferral`, `refused`, `endOfLife`), read and written by the device's modules;
 * - the simulated bootloader's (`active`, `slots`, `securityCounter`, `pending`): its "boot
 *   storage", read and written only by boot/simulated.ts. The device learns them through
 *   `BootControl.status()`, never from here, so that a real bootloader can keep them elsewhere.
 *
 * The rules checked across fields stay within one owner: nothing ties the download record to
 * the bootloader's slots (the device takes its target from the bootloader's status).
 *
 * Written atomically (temporary file, fsync, rename over, fsync the folder): after a power cut
 * the file is either the old state or the new one, never a torn mix. This module is the only
 * writer of the file: every change goes through {@link updateState} (read-modify-write under a
 * per-folder lock) or, for a whole new state at provisioning, {@link saveState}.
 */
import { readFile, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { OtaError, toOtaError } from '../proto/index.js'
import { fileExists, syncDir, writeFileAtomic } from '../proto/files.js'
import { isHex } from '../proto/bytes.js'
import type { SlotName } from './options.js'

/** Most patch ids {@link DeviceState.abandoned} keeps: a release has at most 65 patches, a device tries at most 2. */
export const MAX_ABANDONED = 16

/** File name of the state file inside the state folder. */
export const STATE_FILE = 'state.json'

/** What one slot holds. */
export interface SlotRecord {
  /** base64 of the exact manifest Envelope bytes, re-verified at every boot */
  envelope: string
  /** manifest version of the image */
  version: string
  /** lowercase hex SHA-256 of the image */
  sha256: string
  /** image size, bytes */
  size: number
  /** true once the image passed a trial boot (or was provisioned) */
  confirmed: boolean
}

/** A trial boot in progress: the new image in `slot` has not been confirmed yet. */
export interface PendingTrial {
  slot: SlotName
  /** boots left before the bootloader gives up on the new image */
  trialsLeft: number
  /** when the update was offered, ms; for the confirm report */
  offeredAt: number
  /** chunk bytes received for the update, including re-sends; for the confirm report */
  bytes: number
}

/** A download to resume: which chunks of `artifact` are already in `slot`. */
export interface DownloadRecord {
  /** lowercase hex image SHA-256 (the artifact id) */
  artifact: string
  slot: SlotName
  /** base64 bitmap, bit i (LSB first) set = chunk i written and synced */
  received: string
}

/**
 * A patch being applied into `slot` (client/delta/slot-apply.ts): the patch `artifact` is whole
 * and verified in the staging folder, and the blocks before `block` are written and synced,
 * producing the new image's bytes [0, `outEnd`).
 */
export interface ApplyRecord {
  /** lowercase hex SHA-256 of the patch artifact */
  artifact: string
  slot: SlotName
  /** index of the next block to apply */
  block: number
  /** bytes of the new image written and synced */
  outEnd: number
}

/** A deferral in progress: when the device first deferred `artifact`, and until when, ms. */
export interface DeferralRecord {
  artifact: string
  since: number
  /** when consent is asked again (or the windows looked at again), ms; 0 when not recorded (files written before it existed) */
  until: number
}

/**
 * The end of support announced for the device's model by a signed manifest newer than the one of
 * the running image (client/eol/): kept so that it holds without the broker after a restart.
 */
export interface EndOfLifeRecord {
  /** sequence of the manifest that announced it */
  sequence: number
  /** ms; 0 = none announced (a later manifest may withdraw an announcement) */
  at: number
  notice: string
}

/** The whole device state. */
export interface DeviceState {
  format: 1
  /** the slot holding the last confirmed image, the one that runs outside a trial */
  active: SlotName
  slots: { a: SlotRecord | null, b: SlotRecord | null }
  /** anti-rollback counter: only rises, and only at confirm */
  securityCounter: number
  /** highest manifest sequence accepted for the model */
  lastSequence: number
  pending: PendingTrial | null
  download: DownloadRecord | null
  /** a patch apply to resume; absent in files written before deltas existed */
  apply?: ApplyRecord | null
  /**
   * lowercase hex SHA-256 of the patches given up on (a fallback happened): not tried again, so a
   * device killed during a fallback does not fetch the bad patch once more. Cleared at install;
   * at most {@link MAX_ABANDONED}, the oldest dropped first
   */
  abandoned?: string[]
  deferral: DeferralRecord | null
  /** hex image SHA-256 of the last release given up on (declined or reverted); not offered again */
  refused: string | null
  /** end of life adopted from a newer manifest of the model; absent in files written before it existed */
  endOfLife?: EndOfLifeRecord | null
}

/** Path of the state file in `stateDir`. */
export function statePath (stateDir: string): string {
  return join(stateDir, STATE_FILE)
}

/** The other slot. */
export function otherSlot (s: SlotName): SlotName {
  return s === 'a' ? 'b' : 'a'
}

/** lowercase hex of a SHA-256 digest */
const isSha256Hex = (v: unknown): v is string => isHex(v, 32)
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

function corrupt (what: string): never {
  throw new OtaError('OTA_STATE', `state file is inconsistent: ${what}`)
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
const isSlot = (v: unknown): v is SlotName => v === 'a' || v === 'b'

function slotRecord (v: unknown, name: string): SlotRecord | null {
  if (v === null) return null
  if (!isObj(v)) corrupt(`slot ${name} is not an object`)
  if (typeof v.envelope !== 'string' || v.envelope.length === 0 || !BASE64.test(v.envelope)) corrupt(`slot ${name} envelope is not base64`)
  if (typeof v.version !== 'string' || v.version.length === 0) corrupt(`slot ${name} version is missing`)
  if (!isSha256Hex(v.sha256)) corrupt(`slot ${name} sha256 is not 64 hex digits`)
  if (!isCount(v.size) || v.size === 0) corrupt(`slot ${name} size is not a positive integer`)
  if (typeof v.confirmed !== 'boolean') corrupt(`slot ${name} confirmed is not a boolean`)
  return { envelope: v.envelope, version: v.version, sha256: v.sha256, size: v.size, confirmed: v.confirmed }
}

/**
 * Checks the shape and the cross-field rules of a parsed state.
 * @throws OtaError `OTA_STATE` naming what is wrong
 */
export function validateState (v: unknown): DeviceState {
  if (!isObj(v)) corrupt('not an object')
  if (v.format !== 1) corrupt(`format ${String(v.format)} is not 1`)
  if (!isSlot(v.active)) corrupt('active is not a or b')
  if (!isObj(v.slots)) corrupt('slots is not an object')
  const slots = { a: slotRecord(v.slots.a, 'a'), b: slotRecord(v.slots.b, 'b') }
  if (!isCount(v.securityCounter)) corrupt('securityCounter is not a non-negative integer')
  if (!isCount(v.lastSequence)) corrupt('lastSequence is not a non-negative integer')
  let pending: PendingTrial | null = null
  if (v.pending !== null) {
    const p = v.pending
    if (!isObj(p) || !isSlot(p.slot) || !isCount(p.trialsLeft) || !isCount(p.offeredAt) || !isCount(p.bytes)) corrupt('pending is malformed')
    pending = { slot: p.slot, trialsLeft: p.trialsLeft, offeredAt: p.offeredAt, bytes: p.bytes }
  }
  let download: DownloadRecord | null = null
  if (v.download !== null) {
    const d = v.download
    if (!isObj(d) || !isSha256Hex(d.artifact) || !isSlot(d.slot) || typeof d.received !== 'string' || !BASE64.test(d.received)) {
      corrupt('download is malformed')
    }
    download = { artifact: d.artifact, slot: d.slot, received: d.received }
  }
  let apply: ApplyRecord | null = null
  if (v.apply !== undefined && v.apply !== null) {
    const a = v.apply
    if (!isObj(a) || !isSha256Hex(a.artifact) || !isSlot(a.slot) || !isCount(a.block) || !isCount(a.outEnd)) corrupt('apply is malformed')
    apply = { artifact: a.artifact, slot: a.slot, block: a.block, outEnd: a.outEnd }
  }
  let abandoned: string[] = []
  if (v.abandoned !== undefined) {
    if (!Array.isArray(v.abandoned) || v.abandoned.length > MAX_ABANDONED || !v.abandoned.every(isSha256Hex)) corrupt('abandoned is malformed')
    abandoned = v.abandoned
  }
  let deferral: DeferralRecord | null = null
  if (v.deferral !== null) {
    const d = v.deferral
    if (!isObj(d) || !isSha256Hex(d.artifact) || !isCount(d.since) || (d.until !== undefined && !isCount(d.until))) corrupt('deferral is malformed')
    deferral = { artifact: d.artifact, since: d.since, until: (d.until as number | undefined) ?? 0 }
  }
  let endOfLife: EndOfLifeRecord | null = null
  if (v.endOfLife !== undefined && v.endOfLife !== null) {
    const e = v.endOfLife
    if (!isObj(e) || !isCount(e.sequence) || !isCount(e.at) || typeof e.notice !== 'string') corrupt('endOfLife is malformed')
    endOfLife = { sequence: e.sequence, at: e.at, notice: e.notice }
  }
  const refused = v.refused
  if (refused !== null && !isSha256Hex(refused)) corrupt('refused is not null or 64 hex digits')

  const active = slots[v.active]
  if (active === null) corrupt(`active slot ${v.active} holds no image`)
  if (!active.confirmed) corrupt(`active slot ${v.active} is not confirmed`)
  if (pending !== null) {
    if (pending.slot === v.active) corrupt('the trial slot is the active slot')
    const p = slots[pending.slot]
    if (p === null || p.confirmed) corrupt(`trial slot ${pending.slot} must hold an unconfirmed image`)
  } else {
    const other = slots[otherSlot(v.active)]
    if (other !== null && !other.confirmed) corrupt('an unconfirmed image with no trial in progress')
  }
  return { format: 1, active: v.active, slots, securityCounter: v.securityCounter, lastSequence: v.lastSequence, pending, download, ...(apply !== null ? { apply } : {}), ...(abandoned.length > 0 ? { abandoned } : {}), deferral, refused, ...(endOfLife !== null ? { endOfLife } : {}) }
}

/** True when `stateDir` holds a state file. */
export async function stateExists (stateDir: string): Promise<boolean> {
  return await fileExists(statePath(stateDir), `cannot read ${statePath(stateDir)}`)
}

/**
 * Reads and validates the state file.
 * @throws OtaError `OTA_STATE` when it is missing (device not provisioned), not JSON or inconsistent;
 *   `OTA_IO` when it cannot be read
 */
export async function loadState (stateDir: string): Promise<DeviceState> {
  const path = statePath(stateDir)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new OtaError('OTA_STATE', `no state file at ${path}: the device is not provisioned`, { cause: e })
    throw toOtaError(e, 'OTA_IO', `cannot read ${path}`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (e) {
    throw new OtaError('OTA_STATE', `state file ${path} is not JSON`, { cause: e })
  }
  return validateState(parsed)
}

/**
 * Validates `state` and writes it atomically.
 * @throws OtaError `OTA_STATE` when `state` breaks a rule (nothing is written), `OTA_IO`/`OTA_NO_SPACE`
 */
export async function saveState (stateDir: string, state: DeviceState): Promise<void> {
  const checked = validateState(JSON.parse(JSON.stringify(state)))
  await writeFileAtomic(statePath(stateDir), JSON.stringify(checked, null, 2) + '\n')
}

/**
 * Removes the state file durably (the folder is synced): the folder is then not provisioned.
 * Nothing to do when there is none. Call under {@link withStateLock}.
 * @throws OtaError `OTA_IO`
 */
export async function removeState (stateDir: string): Promise<void> {
  try {
    await unlink(statePath(stateDir))
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return
    throw toOtaError(e, 'OTA_IO', `cannot remove ${statePath(stateDir)}`)
  }
  await syncDir(stateDir)
}

const locks = new Map<string, Promise<unknown>>()

/**
 * The one way to change the state: runs `fn` on the current state under the per-folder lock and
 * saves the result atomically. `fn` changes the state in place (or returns a replacement);
 * returning `false` means nothing changed, and nothing is written (no needless flash wear).
 * Concurrent callers in this process run one after the other, so no update is lost.
 * @returns the state after `fn`: what is on disk, as long as `fn` returns `false` only when it changed nothing
 * @throws whatever `fn` throws (nothing is saved), and what {@link loadState}/{@link saveState} throw
 */
export async function updateState (stateDir: string, fn: (s: DeviceState) => DeviceState | boolean | void | Promise<DeviceState | boolean | void>): Promise<DeviceState> {
  return await withStateLock(stateDir, async () => {
    const s = await loadState(stateDir)
    const r = await fn(s)
    if (r === false) return s
    const next = typeof r === 'object' && r !== null ? r : s
    await saveState(stateDir, next)
    return next
  })
}

/**
 * Runs `fn` under the per-folder state lock (for reads that must not interleave with updates).
 */
export async function withStateLock<T> (stateDir: string, fn: () => Promise<T>): Promise<T> {
  const key = join(stateDir)
  const prev = locks.get(key) ?? Promise.resolve()
  const run = prev.then(fn, fn)
  const tail = run.catch(() => {})
  locks.set(key, tail)
  try {
    return await run
  } finally {
    if (locks.get(key) === tail) locks.delete(key)
  }
}

/** Encodes a resume bitmap (proto/bitmap.ts layout) for the state file. */
export function bitmapToBase64 (bitmap: Uint8Array): string {
  return Buffer.from(bitmap.buffer, bitmap.byteOffset, bitmap.byteLength).toString('base64')
}

/** Decodes a base64 bitmap. */
export function bitmapFromBase64 (b64: string): Uint8Array {
  return new Uint8Array(Buffer.from(b64, 'base64'))
}
