/**
 * Verify at rest (secure boot), end to end: every boot of a real `aedes-ota device` process
 * verifies the slot it is about to run against its signed manifest, so one bit flipped in a slot
 * file while the device was off is caught at the next boot:
 *
 * - in the active (confirmed) image: the device falls back to the other slot's verified image,
 *   reports REVERTED `OTA_BOOT_VERIFY` naming the slot, and installs the release again later;
 * - in a trial image, between two trial boots: the trial is given up on, the old image runs,
 *   the release is refused;
 * - when no other slot verifies (its image is below the anti-rollback counter): the device
 *   refuses to start (`OTA_BOOT_VERIFY`, exit 1) and never runs the corrupted image.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Lwm2mResult, State, toHex } from '../proto/index.js'
import { slotPath } from '../client/index.js'
import type { Release } from '../sign/index.js'
import { loadState } from '../client/state.js'
import { auditLines, makeEnv, until, type TestEnv } from './helpers/env.js'
import { spawnDevice } from './helpers/cli.js'
import { ended, flipBit, hangingCheck, hookPids, killHooks } from './helpers/device-run.js'
import { undocumented, watchAudit, type AuditWatch } from './helpers/device-states.js'

let env: TestEnv
let watch: AuditWatch
let factoryPath = ''
let v2: Release
const pidFiles: string[] = []
const SIZE = 96 * 1024 + 7

beforeAll(async () => {
  env = await makeEnv({ model: 'gw', devices: 3 })
  watch = await watchAudit(env)
  const factory = env.release(new Uint8Array(randomBytes(48 * 1024)), '1.0.0', 1, 1)
  factoryPath = join(env.dir, 'factory.bundle')
  await writeFile(factoryPath, factory.bundle)
  // Same security version as the factory image, so that the factory image stays bootable after the confirm.
  v2 = env.release(new Uint8Array(randomBytes(SIZE)), '2.0.0', 1, 2)
  await env.broker.plugin.publishRelease(v2.bundle, 'test')
})
afterAll(async () => {
  for (const f of pidFiles) await killHooks(f)
  await env?.close()
})

function device (id: string, ...extra: string[]): ReturnType<typeof spawnDevice> {
  return spawnDevice({ pki: env.pki.dir, keys: env.keysDir, broker: env.broker.url, id, stateDir: join(env.dir, id), factory: factoryPath, extra })
}

/** The states `id` published from event number `from` on, once `last` is among them. */
async function statesFrom (id: string, from: number, last: string): Promise<string[]> {
  await until(() => watch.states(id).slice(from).includes(last), 20_000, `${id} ${last}`)
  return watch.states(id).slice(from)
}

/** Runs `id` until it confirms `version`. */
async function confirmed (id: string, version: string): Promise<string[]> {
  const from = watch.of(id).length
  const r = await ended(device(id))
  expect(r.code, r.stderr).toBe(0)
  expect(r.outcome).toMatchObject({ result: 'confirmed', to: version })
  return await statesFrom(id, from, 'CONFIRMED')
}

describe('verify at rest: a bit flipped in a slot is caught at boot (device processes)', () => {
  it('in the active image: the device falls back to the other verified slot, reports it, and installs the release again', async () => {
    const id = 'dev-0001'
    const runs = [await confirmed(id, '2.0.0')]
    expect(await loadState(join(env.dir, id))).toMatchObject({ active: 'b', securityCounter: 1, slots: { a: { version: '1.0.0', confirmed: true }, b: { version: '2.0.0', confirmed: true } } })

    // The device is off; one bit of the running image flips.
    flipBit(slotPath(join(env.dir, id), 'b'), 40_000, 3)
    const from = watch.of(id).length
    const r = await ended(device(id))
    expect(r.code, r.stderr).toBe(1)
    expect(r.outcome).toMatchObject({ result: 'reverted', code: 'OTA_BOOT_VERIFY' })
    runs.push(await statesFrom(id, from, 'IDLE'))
    expect(runs[1]).toEqual(['REVERTED', 'IDLE'])
    const event = watch.of(id).slice(from)[0]!
    expect(event).toMatchObject({ errorCode: 'OTA_BOOT_VERIFY', result: Lwm2mResult.INTEGRITY_FAILURE, currentVersion: '1.0.0', previousVersion: '2.0.0', targetVersion: '2.0.0', slot: 'a', securityVersion: 1 })
    expect(event.detail).toBe(`failed verification at boot: image 2.0.0 in slot b: image does not match its signed digest (${SIZE} of ${SIZE} bytes)`)
    await until(async () => (await auditLines(env.broker.plugin.auditLog)).some((l) => l.deviceId === id && l.state === 'REVERTED' && l.errorCode === 'OTA_BOOT_VERIFY' && l.detail === event.detail), 10_000, 'REVERTED in the audit log')
    // The corrupted image is never tried again; the verified one is what runs.
    const s = await loadState(join(env.dir, id))
    expect(s).toMatchObject({ active: 'a', pending: null, slots: { a: { version: '1.0.0', confirmed: true }, b: null } })
    expect(s.refused ?? null).toBeNull()

    // Corrupted storage is not a bad release: offered again, it is installed again.
    runs.push(await confirmed(id, '2.0.0'))
    expect(undocumented(runs)).toEqual([])
  }, 120_000)

  it('in a trial image, between two trial boots: the trial is given up on, the old image runs, the release is refused', async () => {
    const id = 'dev-0002'
    const pids = join(env.dir, `${id}.pids`)
    pidFiles.push(pids)
    const child = device(id, '--health-check', hangingCheck(pids), '--health-check-timeout', '10m')
    const exit = ended(child)
    await until(async () => watch.states(id).includes('TRIAL') && (await hookPids(pids)).length === 1, 60_000, 'trial boot')
    child.kill('SIGKILL')
    await exit
    await killHooks(pids)
    const runs = [watch.states(id)]
    expect(await loadState(join(env.dir, id))).toMatchObject({ active: 'a', pending: { slot: 'b', trialsLeft: 2 } })

    flipBit(slotPath(join(env.dir, id), 'b'), 12_345, 0)
    const from = watch.of(id).length
    const r = await ended(device(id))
    expect(r.code, r.stderr).toBe(1)
    expect(r.outcome).toMatchObject({ result: 'reverted', code: 'OTA_BOOT_VERIFY' })
    runs.push(await statesFrom(id, from, 'IDLE'))
    expect(runs[1]).toEqual(['REVERTED', 'IDLE'])
    const event = watch.of(id).slice(from)[0]!
    expect(event).toMatchObject({ errorCode: 'OTA_BOOT_VERIFY', result: Lwm2mResult.INTEGRITY_FAILURE, currentVersion: '1.0.0', targetVersion: '2.0.0', slot: 'a', securityVersion: 1 })
    expect(event.detail).toMatch(/^failed verification at boot: image 2\.0\.0 in slot b: image does not match its signed digest/)
    expect(toHex(event.artifact)).toBe(toHex(v2.manifest.image.sha256))
    expect(await hookPids(pids)).toHaveLength(1)
    expect(await loadState(join(env.dir, id))).toMatchObject({ active: 'a', pending: null, refused: toHex(v2.manifest.image.sha256), slots: { b: null } })

    const again = await ended(device(id))
    expect(again.code, again.stderr).toBe(0)
    expect(again.outcome).toMatchObject({ result: 'up-to-date', reason: 'refused', version: '1.0.0' })
    expect(undocumented(runs)).toEqual([])
  }, 120_000)

  it('when no other slot verifies: the device refuses to start (OTA_BOOT_VERIFY, exit 1) and never runs the corrupted image', async () => {
    const id = 'dev-0003'
    // A security version above the factory image's: once confirmed, the factory image is below the counter.
    const v3 = env.release(new Uint8Array(randomBytes(SIZE)), '3.0.0', 2, 3)
    await env.broker.plugin.publishRelease(v3.bundle, 'test')
    const runs = [await confirmed(id, '3.0.0')]
    flipBit(slotPath(join(env.dir, id), 'b'), 70_000, 7)
    const before = await loadState(join(env.dir, id))
    expect(before).toMatchObject({ active: 'b', securityCounter: 2 })
    for (let attempt = 0; attempt < 2; attempt++) {
      const from = watch.of(id).length
      const r = await ended(device(id))
      expect(r.code).toBe(1)
      expect(r.outcome).toBeNull()
      expect(r.stderr).toContain('error [OTA_BOOT_VERIFY]: no slot holds an image that verifies: ')
      expect(r.stderr).toContain(`failed verification at boot: image 3.0.0 in slot b: image does not match its signed digest (${SIZE} of ${SIZE} bytes)`)
      expect(r.stderr).toContain('failed verification at boot: image 1.0.0 in slot a: image security version 1 is below the counter 2')
      // It never connected: nothing on its audit topic; the bootloader's records are as they were.
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(watch.of(id).slice(from)).toEqual([])
      expect(await loadState(join(env.dir, id))).toEqual(before)
    }
    expect(watch.of(id).every((e) => e.state !== State.REVERTED)).toBe(true)
    expect(undocumented(runs)).toEqual([])
  }, 120_000)
})
