/**
 * The invariants a torture run checks on a device's state folder after every kill, and at the
 * end of every chain. Read-only: the boot check runs the simulated bootloader on a copy of the
 * folder, since a boot spends a trial count.
 */
import { copyFile, mkdir, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { State, stateName, toHex, type StatusEvent, type TrustedRoot } from '../proto/index.js'
import { boot, verifySlot } from '../client/boot/simulated.js'
import { STATE_FILE, loadState, otherSlot, type DeviceState } from '../client/state.js'
import { FileSlotStorage, SLOT_FILES, slotPath } from '../client/storage/file.js'
import { STAGING_DIR } from '../client/delta/staging.js'
import type { SlotName } from '../client/options.js'
import type { Stage } from './scenarios.js'

/** An invariant that does not hold: `check` names it, `message` says how. */
export class CheckFailure extends Error {
  constructor (readonly check: string, message: string) {
    super(message)
    this.name = 'CheckFailure'
  }
}

/** An image signed for a scenario. */
export interface KnownImage { version: string, bad: boolean }

/** What the checks compare a state folder with. */
export interface CheckContext {
  trust: TrustedRoot
  model: string
  /** every image signed for the scenario, by lowercase hex SHA-256 */
  images: ReadonlyMap<string, KnownImage>
  /** a folder the boot check may fill and empty */
  scratchDir: string
}

/** What a state folder showed after a kill, for the summary and the next step of the chain. */
export interface StateView {
  state: DeviceState
  /** where the update stood: the device's own records, most advanced first */
  stage: 'trial' | 'apply' | 'download' | 'idle'
  /** what the simulated bootloader would boot now */
  booted: { version: string, trial: boolean }
  /** files `state.json.*.tmp` left by writes killed before their rename */
  tmpFiles: number
  /**
   * the inactive slot is still recorded as a confirmed image while an update is being written
   * into it (its download or apply record names it), and no longer verifies
   */
  staleConfirmed: boolean
}

function fail (check: string, message: string): never {
  throw new CheckFailure(check, message)
}

async function verifies (storage: FileSlotStorage, slot: SlotName, s: DeviceState, trust: TrustedRoot, model: string, securityCounter: number): Promise<string | null> {
  try {
    await verifySlot(storage, slot, s.slots[slot]!, trust, { model, securityCounter })
    return null
  } catch (e) {
    return e instanceof Error ? e.message : String(e)
  }
}

/** Copies the state file and the slots to `to` (emptied first). */
async function copyState (from: string, to: string): Promise<void> {
  await rm(to, { recursive: true, force: true })
  await mkdir(to, { recursive: true })
  for (const f of [STATE_FILE, SLOT_FILES.a, SLOT_FILES.b]) {
    await copyFile(join(from, f), join(to, f)).catch((e: NodeJS.ErrnoException) => { if (e.code !== 'ENOENT') throw e })
  }
}

/**
 * The invariants after a kill:
 *
 * - `state-loads`: the state file reads and validates (never torn, never half-written);
 * - `active-verifies`: the active slot's stored manifest verifies against the trusted root, is
 *   not below the anti-rollback counter, and the slot's bytes hash to it;
 * - `active-known`: the active image is one signed for the scenario, never a bad release;
 * - `confirmed-verify`: every slot marked confirmed verifies (the other one at counter 0: an old
 *   image the counter retired still holds its signed bytes), but for the inactive slot while an
 *   update is written into it (see {@link StateView.staleConfirmed});
 * - `bad-not-confirmed`: no slot holding a bad release is marked confirmed;
 * - `trial-verifies`: an image recorded for a trial with boots left verifies (it was verified
 *   before setTrial);
 * - `counter-monotonic`: the counter is not below `floor`, the highest seen before;
 * - `boots`: the simulated bootloader, on a copy of the folder, boots an image signed for the
 *   scenario (a trial image or a confirmed one).
 *
 * @throws CheckFailure naming the first invariant that does not hold
 */
export async function checkAfterKill (stateDir: string, ctx: CheckContext, floor: number): Promise<StateView> {
  let s: DeviceState
  try {
    s = await loadState(stateDir)
  } catch (e) {
    return fail('state-loads', e instanceof Error ? e.message : String(e))
  }
  const storage = FileSlotStorage.inDir(stateDir)
  const active = s.slots[s.active]!
  const bad = await verifies(storage, s.active, s, ctx.trust, ctx.model, s.securityCounter)
  if (bad !== null) fail('active-verifies', `slot ${s.active} (${active.version}): ${bad}`)
  const known = ctx.images.get(active.sha256)
  if (known === undefined || known.bad) fail('active-known', `slot ${s.active} holds ${known === undefined ? 'an image not signed for the scenario' : `the bad release ${known.version}`}`)
  const other = otherSlot(s.active)
  const rec = s.slots[other]
  let staleConfirmed = false
  if (rec?.confirmed === true) {
    const why = await verifies(storage, other, s, ctx.trust, ctx.model, 0)
    // The bootloader's record of the old image stays until setTrial replaces it, while the new
    // image is written over it: stale (every boot verifies before it runs a slot), not a failure.
    staleConfirmed = why !== null && (s.download?.slot === other || s.apply?.slot === other)
    if (why !== null && !staleConfirmed) fail('confirmed-verify', `slot ${other} (${rec.version}) is marked confirmed and does not verify: ${why}`)
  }
  for (const slot of ['a', 'b'] as const) {
    const r = s.slots[slot]
    if (r?.confirmed === true && ctx.images.get(r.sha256)?.bad === true) fail('bad-not-confirmed', `slot ${slot} holds the bad release ${r.version}, marked confirmed`)
  }
  // A trial with no boot left is never booted again (the bootloader gave it up): it need not verify.
  if (s.pending !== null && s.pending.trialsLeft > 0) {
    const why = await verifies(storage, s.pending.slot, s, ctx.trust, ctx.model, s.securityCounter)
    if (why !== null) fail('trial-verifies', `trial slot ${s.pending.slot} (${s.slots[s.pending.slot]!.version}): ${why}`)
  }
  if (s.securityCounter < floor) fail('counter-monotonic', `the anti-rollback counter went down from ${floor} to ${s.securityCounter}`)
  await copyState(stateDir, ctx.scratchDir)
  let booted
  try {
    booted = await boot(ctx.scratchDir, ctx.trust, { model: ctx.model })
  } catch (e) {
    return fail('boots', `nothing boots: ${e instanceof Error ? e.message : String(e)}`)
  }
  const image = ctx.images.get(toHex(booted.manifest.image.sha256))
  if (image === undefined) fail('boots', `booted ${booted.version}, an image not signed for the scenario`)
  const names = await readdir(stateDir)
  return {
    state: s,
    stage: s.pending !== null ? 'trial' : s.apply != null ? 'apply' : s.download !== null ? 'download' : 'idle',
    booted: { version: booted.version, trial: booted.trial },
    tmpFiles: names.filter((n) => n.startsWith(`${STATE_FILE}.`) && n.endsWith('.tmp')).length,
    staleConfirmed
  }
}

/** Status events of a release being fetched or tried: none may follow the end of its trial. */
const FETCHING = new Set<number>([State.OFFERED, State.DOWNLOADING, State.DOWNLOADED, State.VERIFIED, State.INSTALLING, State.REBOOTING, State.TRIAL])

/**
 * The check `trial-once` over a chain: a release whose trial ended (confirmed, or given up and
 * dropped) is never on trial again, nor offered, downloaded or installed again; and while on
 * trial its boots left only go down. A device that forgot a release it gave up on (a power cut
 * between the fallback and the refusal) fetches and trial-boots it again: this catches it.
 */
export class TrialOnce {
  private left: number | null = null
  private endedAt: number | null = null

  /**
   * @param sha256 - lowercase hex SHA-256 of the release's image
   * @param version - its version, as status events name it
   */
  constructor (private readonly sha256: string, private readonly version: string) {}

  /**
   * Looks at the state after a kill (or at the end) and the device's status events so far.
   * @param now - ms, the same clock as the events' `time` (the device's: one machine)
   * @throws CheckFailure `trial-once`
   */
  see (s: DeviceState, events: readonly StatusEvent[], now: number): void {
    const p = s.pending
    if (p !== null && s.slots[p.slot]!.sha256 === this.sha256) {
      if (this.endedAt !== null || (this.left !== null && p.trialsLeft > this.left)) fail('trial-once', `${this.version} is on trial again after its trial ended`)
      this.left = p.trialsLeft
    } else if (this.left !== null && this.endedAt === null) {
      this.endedAt = now
    }
    if (this.endedAt === null) return
    // Events made after the end was seen: not late ones of the process killed before it.
    const again = events.find((e) => e.time > this.endedAt! && e.targetVersion === this.version && FETCHING.has(e.state))
    if (again !== undefined) fail('trial-once', `${this.version} is ${stateName(again.state)} again after its trial ended`)
  }
}

/** What a completed chain left besides its outcome: records and files nothing needs any more. */
export interface Leftovers {
  downloadRecord: boolean
  applyRecord: boolean
  stagedFiles: number
}

/**
 * The end of a chain: for a good release, the release is the confirmed, active image, its slot
 * bytes are the release's image, the counter is its security version; for a bad one, the device
 * runs the image it ran before (`before`), the release is recorded refused and the counter is
 * where it was (below the bad release's security version). Nothing pending either way.
 * @returns what was left behind (not an invariant: reported)
 * @throws CheckFailure `final-*`
 */
export async function checkFinal (stateDir: string, stage: Stage, stageSha: string, before: { sha256: string, counter: number }): Promise<Leftovers> {
  const s = await loadState(stateDir)
  const active = s.slots[s.active]!
  if (s.pending !== null) fail('final-settled', `a trial of ${s.slots[s.pending.slot]!.version} is still pending`)
  if (stage.expect === 'confirm') {
    if (active.sha256 !== stageSha || active.version !== stage.version) fail('final-confirmed', `the device runs ${active.version}, not ${stage.version}`)
    const bytes = (await readFile(slotPath(stateDir, s.active))).subarray(0, stage.image.length)
    if (!bytes.equals(stage.image)) fail('final-bytes', `slot ${s.active} does not hold the bytes of ${stage.version}`)
    if (s.securityCounter !== stage.securityVersion) fail('final-counter', `counter ${s.securityCounter}, expected ${stage.securityVersion}`)
  } else {
    if (active.sha256 !== before.sha256) fail('final-reverted', `the device runs ${active.version}, not the image it ran before ${stage.version}`)
    if (s.refused !== stageSha) fail('final-refused', `${stage.version} is not recorded as refused`)
    if (s.securityCounter !== before.counter || s.securityCounter >= stage.securityVersion) fail('final-counter', `counter ${s.securityCounter} after reverting ${stage.version} (security version ${stage.securityVersion}), was ${before.counter}`)
    for (const slot of ['a', 'b'] as const) if (s.slots[slot]?.sha256 === stageSha) fail('final-reverted', `slot ${slot} still records ${stage.version}`)
  }
  const staged = await readdir(join(stateDir, STAGING_DIR)).catch(() => [] as string[])
  return { downloadRecord: s.download !== null, applyRecord: s.apply != null, stagedFiles: staged.length }
}
