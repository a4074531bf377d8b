/**
 * The U-Boot environment variables of the A/B boot decision, as RAUC's U-Boot integration names
 * and writes them (rauc `src/bootloaders/uboot.c`, `contrib/uboot.sh`), and as the sample boot
 * script docs/uboot/boot.cmd reads them:
 *
 * - `BOOT_ORDER`: the slots' boot names (`A`, `B`) separated by spaces, tried in that order;
 * - `BOOT_A_LEFT`, `BOOT_B_LEFT`: boot attempts left for each slot, in hexadecimal without a
 *   prefix (U-Boot's `setexpr` writes its results that way; RAUC writes them with `%x`).
 *
 * The boot script takes the first slot of `BOOT_ORDER` whose count is above 0, decrements it and
 * saves the environment before it loads that slot; when none is left it gives every slot of
 * `BOOT_ORDER` the default count again and resets. {@link chooseSlot} is that choice, step for step.
 * {@link envForRecords} is what the records call for. Pure functions: no tool runs here.
 */
import type { SlotName } from '../options.js'
import { otherSlot, type SlotRecord } from '../state.js'
import type { UBootRecords } from './uboot-records.js'
import { recordSecurityVersion } from './verify.js'

/** Name of the boot order variable. */
export const BOOT_ORDER = 'BOOT_ORDER'
/** Names of the attempts-left variables. */
export const BOOT_LEFT: Readonly<Record<SlotName, string>> = { a: 'BOOT_A_LEFT', b: 'BOOT_B_LEFT' }
/** Every variable of the boot decision, in the order they are read. */
export const BOOT_VARS: readonly string[] = [BOOT_ORDER, BOOT_LEFT.a, BOOT_LEFT.b]
/** The kernel command line parameter the sample boot script sets to the booted slot's boot name: `aedes_ota.slot=A`. */
export const CMDLINE_SLOT = 'aedes_ota.slot'
/** Highest attempts count written: a trial has at most 255 boots. */
export const MAX_LEFT = 255

/** The boot decision as the environment holds it. */
export interface BootVars {
  /** slots in `BOOT_ORDER`; null when it is unset, empty or names no slot (a lost environment) */
  order: SlotName[] | null
  /** attempts left; 0 for an unset or unreadable count (the script's `test 0x${…} -gt 0` fails on it) */
  left: Record<SlotName, number>
}

/** A slot's boot name in the environment: `A` or `B`. */
export function bootName (s: SlotName): 'A' | 'B' {
  return s === 'a' ? 'A' : 'B'
}

function slotOf (name: string): SlotName | null {
  return name === 'A' ? 'a' : name === 'B' ? 'b' : null
}

/** An attempts count as U-Boot reads it: hexadecimal, an optional `0x`; anything else is 0. */
export function parseLeft (v: string | undefined): number {
  const m = v === undefined ? null : /^(?:0[xX])?([0-9a-fA-F]{1,8})$/.exec(v.trim())
  return m === null ? 0 : parseInt(m[1]!, 16)
}

/** The boot decision from the variables read (names of {@link BOOT_VARS}); unknown names and repeats in `BOOT_ORDER` are skipped, as the script skips them. */
export function parseBootVars (values: Readonly<Record<string, string | undefined>>): BootVars {
  const order: SlotName[] = []
  for (const name of (values[BOOT_ORDER] ?? '').split(/\s+/)) {
    const s = slotOf(name)
    if (s !== null && !order.includes(s)) order.push(s)
  }
  return { order: order.length > 0 ? order : null, left: { a: parseLeft(values[BOOT_LEFT.a]), b: parseLeft(values[BOOT_LEFT.b]) } }
}

/** The variables that store `v` (an empty order is stored empty: unset for U-Boot). */
export function formatBootVars (v: BootVars): Record<string, string> {
  const hex = (n: number): string => Math.max(0, Math.min(MAX_LEFT, n)).toString(16)
  return { [BOOT_ORDER]: (v.order ?? []).map(bootName).join(' '), [BOOT_LEFT.a]: hex(v.left.a), [BOOT_LEFT.b]: hex(v.left.b) }
}

/** True when `a` and `b` store the same variables. */
export function sameBootVars (a: BootVars, b: BootVars): boolean {
  const x = formatBootVars(a)
  const y = formatBootVars(b)
  return BOOT_VARS.every((n) => x[n] === y[n])
}

/**
 * The boot script's choice: the first slot of `BOOT_ORDER` (those in `skip` left out) whose
 * count is above 0, with its count decremented; when every such slot is at 0, each gets
 * `attempts` again first (the script's "no valid slot: reset the counts and reset").
 * @returns the slot and the variables to save *before* it runs, or null when no slot is listed
 */
export function chooseSlot (v: BootVars, skip: ReadonlySet<SlotName>, attempts: number): { slot: SlotName, vars: BootVars } | null {
  const listed = (v.order ?? []).filter((s) => !skip.has(s))
  if (listed.length === 0) return null
  const left = { ...v.left }
  let slot = listed.find((s) => left[s] > 0)
  if (slot === undefined) {
    for (const s of listed) left[s] = attempts
    slot = listed[0]!
  }
  left[slot] -= 1
  return { slot, vars: { order: v.order, left } }
}

/**
 * The slot a boot script named on the kernel command line (`/proc/cmdline`): the last
 * `aedes_ota.slot=A|B` parameter.
 * @returns null when there is none
 */
export function slotFromCmdline (cmdline: string): SlotName | null {
  let slot: SlotName | null = null
  for (const p of cmdline.split(/\s+/)) {
    if (p.startsWith(`${CMDLINE_SLOT}=`)) slot = slotOf(p.slice(CMDLINE_SLOT.length + 1))
  }
  return slot
}

/** A record's security version, or `dflt` when its manifest does not decode (such a slot is not offered as a fallback). */
export function securityVersionOr (rec: SlotRecord, slot: SlotName, dflt: number): number {
  try {
    return recordSecurityVersion(rec, slot)
  } catch {
    return dflt
  }
}

/**
 * The environment the records call for: the trial first (with `trialLeft` attempts), the
 * active slot with `attempts`, then the other slot when it holds a confirmed image not below the
 * counter (a fallback U-Boot may take); every other slot out of `BOOT_ORDER` at 0. A trial being
 * given up on (`dropping`) is left out.
 */
export function envForRecords (attempts: number, r: UBootRecords, trialLeft: number): BootVars {
  const order: SlotName[] = []
  const left = { a: 0, b: 0 }
  const p = r.pending !== null && r.pending.dropping === undefined ? r.pending : null
  if (p !== null) {
    order.push(p.slot)
    left[p.slot] = Math.max(0, Math.min(MAX_LEFT, trialLeft))
  }
  order.push(r.active)
  left[r.active] = attempts
  const other = otherSlot(r.active)
  const rec = r.slots[other]
  if (p === null && rec !== null && rec.confirmed && securityVersionOr(rec, other, -1) >= r.securityCounter) {
    order.push(other)
    left[other] = attempts
  }
  return { order, left }
}
