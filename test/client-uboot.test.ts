/**
 * The U-Boot environment BootControl against the real tools (fw_printenv / fw_setenv from Debian's
 * libubootenv-tool) on a redundant environment in a file: the BootControl contract (provision,
 * boot, trial, confirm, revert, trial boots running out, a corrupted slot, a stale or lost
 * environment), the boot script's variables as fw_printenv shows them, and each crash state
 * between two writes of an operation (docs/BOOTLOADER.md). Without the tools the tests fail under
 * CI and skip elsewhere, saying why.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DeviceDefaults, FileSlotStorage, UBootBootControl, provisionDevice, slotPath, writeSlotImage, type SlotName, type UBootBootOptions } from '../client/index.js'
import { BOOT_LEFT, BOOT_ORDER, CMDLINE_SLOT, chooseSlot, parseBootVars, parseLeft, slotFromCmdline } from '../client/boot/uboot-vars.js'
import { recordsPath, type UBootRecords } from '../client/boot/uboot-records.js'
import { stateExists } from '../client/state.js'
import { BodyType, isOtaError, toHex, verifyRoot, type RootMetadata, type TrustedRoot } from '../proto/index.js'
import { createRelease, generateKeyPair, publicKeyEntry, signEnvelope, type Release } from '../sign/index.js'
import { fwToolsMissing, makeFwEnv, type TestFwEnv } from './helpers/uboot.js'
import { flipBit } from './helpers/device-run.js'

const MODEL = 'gateway'
const rootKey = generateKeyPair('root')
const releaseKey = generateKeyPair('release')
const rootMeta: RootMetadata = {
  version: 1,
  threshold: 1,
  rootKeys: [publicKeyEntry(rootKey)],
  signingKeys: [{ key: publicKeyEntry(releaseKey), models: [MODEL], expiresAt: 0 }],
  releaseThreshold: 1,
  createdAt: Date.now(),
  expiresAt: 0
}
const trust: TrustedRoot = verifyRoot(signEnvelope({ type: BodyType.ROOT, root: rootMeta }, [rootKey]))
const img = (): Uint8Array => new Uint8Array(randomBytes(200 * 1024 + 17))
const release = (image: Uint8Array, version: string, securityVersion: number, sequence: number): Release =>
  createRelease({ image, model: MODEL, version, securityVersion, sequence, chunkSize: 4096, signers: [releaseKey] })

async function code (p: Promise<unknown>): Promise<string | undefined> {
  const e = await p.then(() => null, (x: unknown) => x)
  return isOtaError(e) ? e.code : `not an OtaError: ${String(e)}`
}

describe('U-Boot boot script variables', () => {
  it('reads counts in hexadecimal as U-Boot does, and BOOT_ORDER as the script walks it', () => {
    expect([parseLeft('3'), parseLeft('ff'), parseLeft('0x10'), parseLeft(undefined), parseLeft('x'), parseLeft('-1')]).toEqual([3, 255, 16, 0, 0, 0])
    expect(parseBootVars({ BOOT_ORDER: 'B  A B C', BOOT_A_LEFT: '3', BOOT_B_LEFT: undefined })).toEqual({ order: ['b', 'a'], left: { a: 3, b: 0 } })
    expect(parseBootVars({ BOOT_ORDER: 'C' }).order).toBeNull()
    expect(parseBootVars({}).order).toBeNull()
  })

  it('chooses the first slot with attempts left, spends one, and resets the counts when none is left', () => {
    expect(chooseSlot({ order: ['b', 'a'], left: { a: 3, b: 1 } }, new Set(), 3)).toEqual({ slot: 'b', vars: { order: ['b', 'a'], left: { a: 3, b: 0 } } })
    expect(chooseSlot({ order: ['b', 'a'], left: { a: 3, b: 0 } }, new Set(), 3)?.slot).toBe('a')
    expect(chooseSlot({ order: ['b', 'a'], left: { a: 3, b: 1 } }, new Set(['b']), 3)?.slot).toBe('a')
    expect(chooseSlot({ order: ['a'], left: { a: 0, b: 5 } }, new Set(), 3)).toEqual({ slot: 'a', vars: { order: ['a'], left: { a: 2, b: 5 } } })
    expect(chooseSlot({ order: ['a'], left: { a: 3, b: 3 } }, new Set(['a']), 3)).toBeNull()
  })

  it('the sample boot script (docs/uboot/boot.cmd) reads and writes the same variables, resets to the same count, saves before it boots, and names the slot on the command line', async () => {
    const script = await readFile(join(import.meta.dirname, '..', 'docs', 'uboot', 'boot.cmd'), 'utf8')
    const body = script.split('\n').filter((l) => !l.trim().startsWith('#')).join('\n')
    expect(body).toContain(`for BOOT_SLOT in "\${${BOOT_ORDER}}"`)
    for (const [slot, name] of Object.entries(BOOT_LEFT)) {
      expect(body).toContain(`test 0x\${${name}} -gt 0`)
      expect(body).toContain(`setexpr ${name} \${${name}} - 1`)
      expect(body).toContain(`setenv ${name} ${DeviceDefaults.ubootBootAttempts}`)
      expect(body).toContain(`setenv ota_slot ${slot.toUpperCase()}`)
    }
    expect(body).toContain(`${CMDLINE_SLOT}=\${ota_slot}`)
    expect(body.lastIndexOf('saveenv')).toBeLessThan(body.indexOf('\nbooti '))
  })

  it('takes the booted slot from the last aedes_ota.slot on the kernel command line', () => {
    expect(slotFromCmdline('console=ttyS0 root=/dev/mmcblk0p3 aedes_ota.slot=B rootwait\n')).toBe('b')
    expect(slotFromCmdline('aedes_ota.slot=B aedes_ota.slot=A')).toBe('a')
    expect(slotFromCmdline('aedes_ota.slot=C')).toBeNull()
    expect(slotFromCmdline('console=ttyS0')).toBeNull()
  })
})

const missing = fwToolsMissing()
if (missing !== null && process.env.CI !== undefined) {
  describe('U-Boot environment boot control', () => {
    it('needs fw_printenv and fw_setenv under CI', () => { throw new Error(missing) })
  })
} else {
  if (missing !== null) console.warn(`U-Boot environment tests skipped: ${missing}`)
  describe.skipIf(missing !== null)('U-Boot environment boot control (real fw_printenv / fw_setenv)', () => {
    let dir: string
    let env: TestFwEnv
    let storage: FileSlotStorage
    const image1 = img()
    const v1 = release(image1, '1.0.0', 1, 10)
    const bc = (o: Partial<UBootBootOptions> = {}): UBootBootControl =>
      new UBootBootControl({ stateDir: dir, trust, model: MODEL, storage, fwEnvConfig: env.config, defaultEnv: env.defaultEnv, ...o })
    const records = async (): Promise<UBootRecords> => JSON.parse(await readFile(recordsPath(dir), 'utf8')) as UBootRecords
    const writeRecordsRaw = async (r: UBootRecords): Promise<void> => { await writeFile(recordsPath(dir), JSON.stringify(r)) }
    const boot3 = (e: Record<string, string>): Record<string, string | undefined> => ({ BOOT_ORDER: e.BOOT_ORDER, BOOT_A_LEFT: e.BOOT_A_LEFT, BOOT_B_LEFT: e.BOOT_B_LEFT })
    /** What the device does at INSTALLING: the verified image into the inactive slot (through the guarded storage), then setTrial. */
    const stage = async (b: UBootBootControl, rel: Release, image: Uint8Array, trialBoots = 3): Promise<SlotName> => {
      const slot: SlotName = (await b.status()).active === 'a' ? 'b' : 'a'
      await writeSlotImage(b.slotStorage, slot, image)
      await b.setTrial({ slot, envelope: rel.envelope, manifest: rel.manifest, trialBoots, offeredAt: 1234, bytes: image.length })
      return slot
    }

    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'ota-uboot-'))
      env = await makeFwEnv(dir)
      storage = FileSlotStorage.inDir(dir)
      await provisionDevice({ stateDir: dir, bundle: v1.bundle, trust, bootControl: bc() })
    })
    afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

    it('provisions slot A: BOOT_ORDER=A with the default count, records and state file written, and boots it marked good', async () => {
      // The blank environment had no valid copy: the default environment's variables are kept beside ours.
      expect(env.print()).toEqual({ BOOT_ORDER: 'A', BOOT_A_LEFT: '3', BOOT_B_LEFT: '0', bootdelay: '0' })
      expect(await stateExists(dir)).toBe(true)
      const b = bc()
      expect(await b.status()).toEqual({ active: 'a', activeVersion: '1.0.0', activeSha256: toHex(v1.manifest.image.sha256), securityCounter: 1, pending: null })
      expect(await b.boot()).toMatchObject({ slot: 'a', version: '1.0.0', trial: false, reverted: false, securityCounter: 1 })
      expect(boot3(env.print())).toEqual({ BOOT_ORDER: 'A', BOOT_A_LEFT: '3', BOOT_B_LEFT: '0' })
    })

    it('runs a new image on trial (its count spent in the environment before it runs), confirms it, and raises the counter only then', async () => {
      const b = bc()
      await b.boot()
      const image2 = img()
      const v2 = release(image2, '2.0.0', 1, 11)
      expect(await stage(b, v2, image2)).toBe('b')
      expect(boot3(env.print())).toEqual({ BOOT_ORDER: 'B A', BOOT_A_LEFT: '3', BOOT_B_LEFT: '3' })
      expect((await b.status()).pending).toEqual({ slot: 'b', version: '2.0.0' })

      expect(await b.boot()).toMatchObject({ slot: 'b', version: '2.0.0', trial: true, reverted: false, previousVersion: '1.0.0' })
      expect(boot3(env.print())).toEqual({ BOOT_ORDER: 'B A', BOOT_A_LEFT: '3', BOOT_B_LEFT: '2' })
      expect((await b.status()).active).toBe('a')

      expect(await b.confirm()).toEqual({ slot: 'b', version: '2.0.0', previousVersion: '1.0.0', securityCounter: 1, offeredAt: 1234, bytes: image2.length })
      // Same security version: A stays as the fallback, second in the order.
      expect(boot3(env.print())).toEqual({ BOOT_ORDER: 'B A', BOOT_A_LEFT: '3', BOOT_B_LEFT: '3' })
      expect(await b.status()).toMatchObject({ active: 'b', activeVersion: '2.0.0', pending: null })
      expect(await b.boot()).toMatchObject({ slot: 'b', trial: false, reverted: false })
      expect(await code(b.confirm())).toBe('OTA_STATE')

      // A higher security version: the old slot falls below the counter and leaves the order.
      const image3 = img()
      const v3 = release(image3, '3.0.0', 4, 12)
      expect(await stage(b, v3, image3)).toBe('a')
      expect(boot3(env.print())).toEqual({ BOOT_ORDER: 'A B', BOOT_A_LEFT: '3', BOOT_B_LEFT: '3' })
      expect(await b.boot()).toMatchObject({ slot: 'a', trial: true, securityCounter: 1 })
      expect((await b.confirm()).securityCounter).toBe(4)
      expect(boot3(env.print())).toEqual({ BOOT_ORDER: 'A', BOOT_A_LEFT: '3', BOOT_B_LEFT: '0' })
      expect((await records()).slots.b).toBeNull()
    })

    it('setTrial refuses the active slot and a second trial; writing a slot takes it out of BOOT_ORDER first; the active and the trial slot are never opened', async () => {
      const b = bc()
      const rel = release(img(), '2.0.0', 1, 11)
      const t = { envelope: rel.envelope, manifest: rel.manifest, trialBoots: 3, offeredAt: 1, bytes: 1 }
      expect(await code(b.setTrial({ ...t, slot: 'a' }))).toBe('OTA_STATE')
      expect(await code(b.slotStorage.openForWrite('a', 10))).toBe('OTA_STATE')

      // After an update slot A holds the confirmed fallback, second in BOOT_ORDER.
      const image2 = img()
      await stage(b, release(image2, '2.0.0', 1, 11), image2)
      await b.boot()
      await b.confirm()
      expect(boot3(env.print())).toEqual({ BOOT_ORDER: 'B A', BOOT_A_LEFT: '3', BOOT_B_LEFT: '3' })
      // The next download into A: A leaves BOOT_ORDER (U-Boot never falls back to bytes being replaced), then its record goes.
      const h = await b.slotStorage.openForWrite('a', 10)
      await h.close()
      expect(boot3(env.print())).toEqual({ BOOT_ORDER: 'B', BOOT_A_LEFT: '0', BOOT_B_LEFT: '3' })
      expect((await records()).slots.a).toBeNull()
      expect(await code(b.slotStorage.openForWrite('b', 10))).toBe('OTA_STATE')

      const image3 = img()
      await stage(b, release(image3, '3.0.0', 1, 12), image3)
      expect(await code(b.setTrial({ ...t, slot: 'a' }))).toBe('OTA_STATE')
      expect(await code(b.slotStorage.openForWrite('a', 10))).toBe('OTA_STATE')
    })

    it('reverts after a failed health check: the trial leaves BOOT_ORDER, the counter is untouched, the image given up on is named', async () => {
      const b = bc()
      const image2 = img()
      const v2 = release(image2, '2.0.0', 5, 11)
      await stage(b, v2, image2)
      expect((await b.boot()).trial).toBe(true)
      expect(await b.revert()).toEqual({ slot: 'a', version: '1.0.0', revertedVersion: '2.0.0', revertedSha256: toHex(v2.manifest.image.sha256) })
      expect(boot3(env.print())).toEqual({ BOOT_ORDER: 'A', BOOT_A_LEFT: '3', BOOT_B_LEFT: '0' })
      expect(await b.status()).toMatchObject({ active: 'a', securityCounter: 1, pending: null })
      expect(await b.boot()).toMatchObject({ slot: 'a', version: '1.0.0', trial: false, reverted: false })
      expect(await code(b.revert())).toBe('OTA_STATE')
    })

    it('never gives up the only image that verifies: with the confirmed image corrupted during the trial, revert is refused and the trial stays', async () => {
      const b = bc()
      const image2 = img()
      const v2 = release(image2, '2.0.0', 5, 11)
      await stage(b, v2, image2)
      expect((await b.boot()).trial).toBe(true)
      flipBit(slotPath(dir, 'a'), 1000)
      expect(await code(b.revert())).toBe('OTA_BOOT_VERIFY')
      expect(await b.status()).toMatchObject({ active: 'a', pending: { slot: 'b', version: '2.0.0' } })
      expect(boot3(env.print()).BOOT_ORDER).toBe('B A')
      // Its health check passing later still confirms it.
      expect(await b.confirm()).toMatchObject({ slot: 'b', version: '2.0.0', securityCounter: 5 })
    })

    it('falls back when the trial boots run out (BOOT_B_LEFT reaches 0 unconfirmed)', async () => {
      const b = bc()
      const image2 = img()
      const v2 = release(image2, '2.0.0', 5, 11)
      await stage(b, v2, image2, 2)
      expect((await b.boot()).trial).toBe(true)
      expect((await b.boot()).trial).toBe(true)
      expect(boot3(env.print())).toEqual({ BOOT_ORDER: 'B A', BOOT_A_LEFT: '3', BOOT_B_LEFT: '0' })
      const r = await b.boot()
      expect(r).toMatchObject({ slot: 'a', version: '1.0.0', trial: false, reverted: true, revertedVersion: '2.0.0', revertedSha256: toHex(v2.manifest.image.sha256) })
      expect(r.reason?.code).toBe('OTA_TRIAL_EXHAUSTED')
      expect(boot3(env.print())).toEqual({ BOOT_ORDER: 'A', BOOT_A_LEFT: '3', BOOT_B_LEFT: '0' })
      expect((await b.status()).pending).toBeNull()
    })

    it('refuses a trial image with one flipped bit and runs the old one, reporting it', async () => {
      const b = bc()
      const image2 = img()
      const v2 = release(image2, '2.0.0', 5, 11)
      await stage(b, v2, image2)
      flipBit(slotPath(dir, 'b'), 100_000)
      const r = await b.boot()
      expect(r).toMatchObject({ slot: 'a', trial: false, reverted: true, revertedVersion: '2.0.0', revertedSha256: toHex(v2.manifest.image.sha256) })
      expect(r.reason?.code).toBe('OTA_BOOT_VERIFY')
      expect(boot3(env.print())).toEqual({ BOOT_ORDER: 'A', BOOT_A_LEFT: '3', BOOT_B_LEFT: '0' })
      expect((await records()).slots.b).toBeNull()
    })

    it('falls back to the older confirmed slot when the active one no longer verifies; OTA_BOOT_VERIFY when nothing does', async () => {
      const b = bc()
      const image2 = img()
      await stage(b, release(image2, '2.0.0', 1, 11), image2)
      await b.boot()
      await b.confirm()
      flipBit(slotPath(dir, 'b'), 4096)
      const r = await b.boot()
      expect(r).toMatchObject({ slot: 'a', version: '1.0.0', reverted: true, revertedVersion: '2.0.0' })
      expect(r.reason?.code).toBe('OTA_BOOT_VERIFY')
      expect(r.revertedSha256).toBeUndefined()
      expect(boot3(env.print())).toEqual({ BOOT_ORDER: 'A', BOOT_A_LEFT: '3', BOOT_B_LEFT: '0' })
      expect(await b.status()).toMatchObject({ active: 'a', activeVersion: '1.0.0' })

      flipBit(slotPath(dir, 'a'), 0)
      expect(await code(b.boot())).toBe('OTA_BOOT_VERIFY')
      // Nothing verifies: the records and BOOT_ORDER stay as they were (only the script's count was spent).
      expect(env.print().BOOT_ORDER).toBe('A')
      expect((await records()).active).toBe('a')
    })

    it('a stale environment (newest copy with a bad CRC, the tools read the older one) re-arms the trial the records hold', async () => {
      const b = bc()
      await b.boot()
      const image2 = img()
      await stage(b, release(image2, '2.0.0', 1, 11), image2)
      await env.corruptCurrent()
      expect(boot3(env.print())).toEqual({ BOOT_ORDER: 'A', BOOT_A_LEFT: '3', BOOT_B_LEFT: '0' })
      expect(await b.boot()).toMatchObject({ slot: 'b', trial: true })
      expect(boot3(env.print())).toEqual({ BOOT_ORDER: 'B A', BOOT_A_LEFT: '3', BOOT_B_LEFT: '2' })
    })

    it('a lost environment (both copies bad) is rebuilt from the records over the default environment; without a default the tools fail with OTA_IO', async () => {
      const b = bc()
      const image2 = img()
      await stage(b, release(image2, '2.0.0', 1, 11), image2)
      await b.boot()
      await b.confirm()
      await env.corruptBoth()
      expect(env.print()).toEqual({ bootdelay: '0' })
      expect(await b.boot()).toMatchObject({ slot: 'b', version: '2.0.0', trial: false, reverted: false })
      expect(env.print()).toEqual({ BOOT_ORDER: 'B A', BOOT_A_LEFT: '3', BOOT_B_LEFT: '3', bootdelay: '0' })

      await env.corruptBoth()
      const noDefault = bc({ defaultEnv: join(dir, 'no-such-default-env') })
      const e = await noDefault.boot().then(() => null, (x: unknown) => x)
      expect(isOtaError(e, 'OTA_IO')).toBe(true)
      expect((e as Error).message).toMatch(/fw_printenv -c .* failed \(exit \d+\)/)
    })

    it('a missing tool is a clear OTA_IO', async () => {
      const b = bc({ tools: { printenv: join(dir, 'no-such-fw_printenv') } })
      const e = await b.boot().then(() => null, (x: unknown) => x)
      expect(isOtaError(e, 'OTA_IO')).toBe(true)
      expect((e as Error).message).toMatch(/no-such-fw_printenv not found: install libubootenv-tool/)
    })

    it('not provisioned for U-Boot: OTA_STATE', async () => {
      await rm(recordsPath(dir))
      expect(await code(bc().boot())).toBe('OTA_STATE')
      expect(await code(bc().status())).toBe('OTA_STATE')
    })

    describe('on a board: the booted slot from the kernel command line', () => {
      const cmdline = async (text: string): Promise<string> => {
        const p = join(dir, 'cmdline')
        await writeFile(p, text)
        return p
      }

      it('takes the trial U-Boot booted (its count already spent by the script), and emulates the script at the next boot of the process', async () => {
        const image2 = img()
        await stage(bc(), release(image2, '2.0.0', 1, 11), image2)
        env.set({ BOOT_B_LEFT: '2' }) // the boot script's setexpr and saveenv
        const b = bc({ cmdline: await cmdline('console=ttyS0 root=/dev/mmcblk0p3 aedes_ota.slot=B rootwait\n') })
        expect(await b.boot()).toMatchObject({ slot: 'b', trial: true })
        expect(boot3(env.print())).toEqual({ BOOT_ORDER: 'B A', BOOT_A_LEFT: '3', BOOT_B_LEFT: '2' })
        await b.revert()
        expect(await b.boot()).toMatchObject({ slot: 'a', trial: false })
      })

      it('U-Boot booted the old slot because the trial count ran out: the trial is given up on', async () => {
        const image2 = img()
        const v2 = release(image2, '2.0.0', 1, 11)
        await stage(bc(), v2, image2)
        env.set({ BOOT_B_LEFT: '0', BOOT_A_LEFT: '2' })
        const r = await bc({ cmdline: await cmdline('aedes_ota.slot=A') }).boot()
        expect(r).toMatchObject({ slot: 'a', reverted: true, revertedSha256: toHex(v2.manifest.image.sha256) })
        expect(r.reason?.code).toBe('OTA_TRIAL_EXHAUSTED')
        expect(boot3(env.print())).toEqual({ BOOT_ORDER: 'A', BOOT_A_LEFT: '3', BOOT_B_LEFT: '0' })
      })

      it('a lost environment: U-Boot booted its default slot; the environment is rebuilt, and a slot other than the active one asks for a reboot', async () => {
        const b = bc()
        const image2 = img()
        await stage(b, release(image2, '2.0.0', 1, 11), image2)
        await b.boot()
        await b.confirm()
        await env.corruptBoth()
        // The sample script boots slot A without saving when BOOT_ORDER is missing.
        const e = await bc({ cmdline: await cmdline('aedes_ota.slot=A') }).boot().then(() => null, (x: unknown) => x)
        expect(isOtaError(e, 'OTA_STATE')).toBe(true)
        expect((e as Error).message).toMatch(/reboot to run the active slot b/)
        expect(boot3(env.print())).toEqual({ BOOT_ORDER: 'B A', BOOT_A_LEFT: '3', BOOT_B_LEFT: '3' })
        expect(await b.status()).toMatchObject({ active: 'b', activeVersion: '2.0.0' })
        await env.corruptBoth()
        expect(await bc({ cmdline: await cmdline('aedes_ota.slot=B') }).boot()).toMatchObject({ slot: 'b', trial: false, reverted: false })
      })

      it('a booted slot that does not verify is refused (a reboot goes on), and a command line naming no slot is OTA_STATE', async () => {
        flipBit(slotPath(dir, 'a'), 10)
        const e = await bc({ cmdline: await cmdline('aedes_ota.slot=A') }).boot().then(() => null, (x: unknown) => x)
        expect(isOtaError(e, 'OTA_BOOT_VERIFY')).toBe(true)
        expect((e as Error).message).toMatch(/reboot/)
        expect(await code(bc({ cmdline: await cmdline('console=ttyS0') }).boot())).toBe('OTA_STATE')
      })
    })

    describe('a power cut between two writes (docs/BOOTLOADER.md): the next boot finishes or undoes the operation', () => {
      it('setTrial: records written, environment not yet: the boot arms the trial and runs it', async () => {
        const b = bc()
        const image2 = img()
        const v2 = release(image2, '2.0.0', 1, 11)
        await writeSlotImage(b.slotStorage, 'b', image2)
        const r = await records()
        await writeRecordsRaw({ ...r, slots: { ...r.slots, b: { envelope: Buffer.from(v2.envelope).toString('base64'), version: '2.0.0', sha256: toHex(v2.manifest.image.sha256), size: image2.length, confirmed: false } }, pending: { slot: 'b', trialBoots: 2, offeredAt: 1, bytes: 1 } })
        expect(await b.boot()).toMatchObject({ slot: 'b', trial: true })
        expect(boot3(env.print())).toEqual({ BOOT_ORDER: 'B A', BOOT_A_LEFT: '3', BOOT_B_LEFT: '1' })
      })

      it('revert: marked as dropping, environment not yet written: the boot finishes the removal and names the image', async () => {
        const b = bc()
        const image2 = img()
        const v2 = release(image2, '2.0.0', 1, 11)
        await stage(b, v2, image2)
        await b.boot()
        const r = await records()
        await writeRecordsRaw({ ...r, pending: { ...r.pending!, dropping: 'OTA_HEALTH_CHECK' } })
        expect((await b.status()).pending).toEqual({ slot: 'b', version: '2.0.0' })
        const back = await b.boot()
        expect(back).toMatchObject({ slot: 'a', reverted: true, revertedSha256: toHex(v2.manifest.image.sha256) })
        expect(back.reason?.code).toBe('OTA_HEALTH_CHECK')
        expect(boot3(env.print())).toEqual({ BOOT_ORDER: 'A', BOOT_A_LEFT: '3', BOOT_B_LEFT: '0' })
        expect((await records()).pending).toBeNull()
      })

      it('confirm: environment written, records not yet: the image boots on trial again and is confirmed again', async () => {
        const b = bc()
        const image2 = img()
        await stage(b, release(image2, '2.0.0', 3, 11), image2)
        await b.boot()
        const before = await readFile(recordsPath(dir))
        await b.confirm()
        await writeFile(recordsPath(dir), before)
        expect(await b.boot()).toMatchObject({ slot: 'b', trial: true, securityCounter: 1 })
        expect(await b.confirm()).toMatchObject({ slot: 'b', securityCounter: 3 })
        expect(boot3(env.print())).toEqual({ BOOT_ORDER: 'B', BOOT_A_LEFT: '0', BOOT_B_LEFT: '3' })
      })

      it('fallback: the environment dropped the active slot, the records not yet: the boot takes the other confirmed slot again', async () => {
        const b = bc()
        const image2 = img()
        await stage(b, release(image2, '2.0.0', 1, 11), image2)
        await b.boot()
        await b.confirm()
        env.set({ BOOT_ORDER: 'A', BOOT_B_LEFT: '0' })
        const r = await b.boot()
        expect(r).toMatchObject({ slot: 'a', reverted: true, revertedVersion: '2.0.0' })
        expect(r.reason?.message).toMatch(/used up its boot attempts/)
        expect(await b.status()).toMatchObject({ active: 'a' })
      })

      it('provisioning: environment emptied and records removed, image not yet recorded: not provisioned, and provisioning again works', async () => {
        const b = bc()
        const failing = { ...storage, openForWrite: async () => { throw new Error('power cut') }, hash: storage.hash.bind(storage), size: storage.size.bind(storage) }
        await expect(provisionDevice({ stateDir: dir, bundle: v1.bundle, trust, force: true, bootControl: b, storage: failing })).rejects.toThrow('power cut')
        expect(env.print().BOOT_ORDER).toBe('')
        expect(await code(b.boot())).toBe('OTA_STATE')
        await provisionDevice({ stateDir: dir, bundle: v1.bundle, trust, bootControl: b })
        expect(await b.boot()).toMatchObject({ slot: 'a', version: '1.0.0' })
      })
    })
  })
}
