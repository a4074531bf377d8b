import { describe, it, expect, beforeEach, afterEach } from 'vitest'
import { mkdtemp, open, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { FileSlotStorage, provisionDevice, slotPath, writeSlotImage, type SlotName, type SlotStorage } from '../client/index.js'
import { boot, confirm, revert, setTrial } from '../client/boot/simulated.js'
import { loadState, stateExists, updateState } from '../client/state.js'
import { BodyType, OtaError, isOtaError, toHex, verifyRoot, type RootMetadata, type TrustedRoot } from '../proto/index.js'
import { createRelease, encodeBundle, generateKeyPair, publicKeyEntry, signEnvelope, type Release } from '../sign/index.js'

const MODEL = 'sensor'
const rootKey = generateKeyPair('root')
const releaseKey = generateKeyPair('release')
const rogueKey = generateKeyPair('release')
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

const img = (): Uint8Array => new Uint8Array(randomBytes(300 * 1024))
function release (image: Uint8Array, version: string, securityVersion: number, sequence: number, extra: { expiresAt?: number, signer?: typeof releaseKey } = {}): Release {
  return createRelease({ image, model: MODEL, version, securityVersion, sequence, chunkSize: 4096, signers: [extra.signer ?? releaseKey], ...(extra.expiresAt !== undefined ? { expiresAt: extra.expiresAt } : {}) })
}

/** What the device does at INSTALLING: the verified image goes into the inactive slot, recorded unconfirmed, on trial. */
async function stage (dir: string, rel: Release, image: Uint8Array, trials = 3): Promise<SlotName> {
  const s = await loadState(dir)
  const slot: SlotName = s.active === 'a' ? 'b' : 'a'
  await writeSlotImage(FileSlotStorage.inDir(dir), slot, image)
  await setTrial(dir, { slot, envelope: rel.envelope, manifest: rel.manifest, trialBoots: trials, offeredAt: 1, bytes: image.length })
  return slot
}

async function corrupt (dir: string, slot: SlotName, offset: number): Promise<void> {
  const fh = await open(slotPath(dir, slot), 'r+')
  const b = Buffer.alloc(1)
  await fh.read(b, 0, 1, offset)
  b[0] = b[0]! ^ 0x01
  await fh.write(b, 0, 1, offset)
  await fh.close()
}

async function code (p: Promise<unknown>): Promise<string | undefined> {
  const e = await p.then(() => null, (x: unknown) => x)
  return isOtaError(e) ? e.code : `not an OtaError: ${String(e)}`
}

describe('client bootloader and provisioning', () => {
  let dir: string
  const image1 = img()
  const v1 = release(image1, '1.0.0', 1, 10)
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ota-boot-'))
    await provisionDevice({ stateDir: dir, bundle: v1.bundle, trust })
  })
  afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

  it('provisions slot A as the confirmed image and boots it', async () => {
    const s = await loadState(dir)
    expect(s.active).toBe('a')
    expect(s.slots.a).toMatchObject({ version: '1.0.0', confirmed: true, size: image1.length })
    expect(s.securityCounter).toBe(1)
    expect(s.lastSequence).toBe(10)
    const b = await boot(dir, trust, { model: MODEL })
    expect(b).toMatchObject({ slot: 'a', version: '1.0.0', trial: false, reverted: false, securityCounter: 1 })
  })

  it('forced provisioning removes the old state before it writes slot A: a write that fails leaves no state naming a torn image', async () => {
    const base = FileSlotStorage.inDir(dir)
    const failing: SlotStorage = {
      size: async (s) => await base.size(s),
      hash: async (s, n) => await base.hash(s, n),
      openForRead: async (s) => await base.openForRead(s),
      openForWrite: async (s, n) => {
        const h = await base.openForWrite(s, n)
        return {
          // Half the image lands, then the flash fails: slot A is torn.
          write: async (offset, data) => {
            await h.write(offset, data.subarray(0, data.length >> 1))
            throw new OtaError('OTA_IO', 'flash write failed')
          },
          sync: async () => { await h.sync() },
          close: async () => { await h.close() }
        }
      }
    }
    const big = new Uint8Array(randomBytes(3 * 1024 * 1024))
    const v9 = release(big, '9.0.0', 9, 99)
    expect(await code(provisionDevice({ stateDir: dir, bundle: v9.bundle, trust, force: true, storage: failing }))).toBe('OTA_IO')
    expect(await stateExists(dir)).toBe(false)
    expect(await code(boot(dir, trust))).toBe('OTA_STATE')
  })

  it('refuses to provision over an existing state unless forced, and refuses a bundle whose image was altered', async () => {
    const v9 = release(img(), '9.0.0', 0, 1)
    expect(await code(provisionDevice({ stateDir: dir, bundle: v9.bundle, trust }))).toBe('OTA_STATE')
    expect((await loadState(dir)).slots.a!.version).toBe('1.0.0')
    const altered = Buffer.from(v9.bundle)
    altered[altered.length - 1] = altered[altered.length - 1]! ^ 0xff
    expect(await code(provisionDevice({ stateDir: dir, bundle: altered, trust, force: true }))).toBe('OTA_BUNDLE')
    expect(await provisionDevice({ stateDir: dir, bundle: v9.bundle, trust, force: true })).toEqual({ version: '9.0.0' })
    expect((await loadState(dir)).securityCounter).toBe(0)
  })

  it('runs a new image on trial, and raises the counter only at confirm', async () => {
    const image2 = img()
    const slot = await stage(dir, release(image2, '2.0.0', 5, 11), image2)
    expect(slot).toBe('b')
    const b = await boot(dir, trust, { model: MODEL })
    expect(b).toMatchObject({ slot: 'b', version: '2.0.0', trial: true, reverted: false, previousVersion: '1.0.0' })
    let s = await loadState(dir)
    expect(s.pending).toMatchObject({ slot: 'b', trialsLeft: 2 }) // spent before the image ran
    expect(s.securityCounter).toBe(1)
    expect(s.active).toBe('a')

    const c = await confirm(dir)
    expect(c).toMatchObject({ slot: 'b', version: '2.0.0', previousVersion: '1.0.0', securityCounter: 5 })
    s = await loadState(dir)
    expect(s).toMatchObject({ active: 'b', pending: null, securityCounter: 5 })
    expect(s.slots.b!.confirmed).toBe(true)
    expect(await boot(dir, trust, { model: MODEL })).toMatchObject({ slot: 'b', version: '2.0.0', trial: false, reverted: false })
  })

  it('setTrial refuses the active slot and a second trial', async () => {
    const rel = release(img(), '2.0.0', 5, 11)
    const t = { envelope: rel.envelope, manifest: rel.manifest, trialBoots: 3, offeredAt: 1, bytes: 1 }
    expect(await code(setTrial(dir, { ...t, slot: 'a' }))).toBe('OTA_STATE')
    await setTrial(dir, { ...t, slot: 'b' })
    expect((await loadState(dir)).pending).toMatchObject({ slot: 'b', trialsLeft: 3 })
    expect(await code(setTrial(dir, { ...t, slot: 'b' }))).toBe('OTA_STATE')
  })

  it('never lowers the counter at confirm', async () => {
    await updateState(dir, (s) => { s.securityCounter = 1 })
    const image2 = img()
    await stage(dir, release(image2, '2.0.0', 1, 11), image2)
    await boot(dir, trust)
    expect((await confirm(dir)).securityCounter).toBe(1)
  })

  it('reverts to the old slot after a failed health check, counter unchanged, naming the image given up on (the device refuses it, not the bootloader)', async () => {
    const image2 = img()
    await stage(dir, release(image2, '2.0.0', 5, 11), image2)
    expect((await boot(dir, trust)).trial).toBe(true)
    const r = await revert(dir)
    expect(r).toEqual({ slot: 'a', version: '1.0.0', revertedVersion: '2.0.0', revertedSha256: toHex(release(image2, '2.0.0', 5, 11).manifest.image.sha256) })
    const s = await loadState(dir)
    expect(s).toMatchObject({ active: 'a', pending: null, securityCounter: 1, refused: null })
    expect(s.slots.b).toBeNull()
    expect(await boot(dir, trust)).toMatchObject({ slot: 'a', version: '1.0.0', trial: false })
    expect(await code(confirm(dir))).toBe('OTA_STATE')
  })

  it('reverts when the trial boots run out without a confirm, and gives the trial up again at every boot until revert() drops it', async () => {
    const image2 = img()
    await stage(dir, release(image2, '2.0.0', 5, 11), image2, 2)
    expect((await boot(dir, trust)).trial).toBe(true)
    expect((await boot(dir, trust)).trial).toBe(true)
    const gaveUp = { slot: 'a', version: '1.0.0', trial: false, reverted: true, revertedVersion: '2.0.0', revertedSha256: toHex(release(image2, '2.0.0', 5, 11).manifest.image.sha256) }
    const b = await boot(dir, trust)
    expect(b).toMatchObject(gaveUp)
    expect(b.reason?.code).toBe('OTA_TRIAL_EXHAUSTED')
    // Kept until the device, having recorded the release as refused, drops it: a power cut in between forgets nothing.
    expect((await loadState(dir)).pending).toMatchObject({ slot: 'b', trialsLeft: 0 })
    expect(await boot(dir, trust)).toMatchObject(gaveUp)
    expect(await revert(dir)).toMatchObject({ slot: 'a', revertedVersion: '2.0.0' })
    const s = await loadState(dir)
    expect(s.pending).toBeNull()
    expect(s.slots.b).toBeNull()
    expect(await boot(dir, trust)).toMatchObject({ slot: 'a', version: '1.0.0', trial: false, reverted: false })
  })

  it('never drops the only image that verifies: with the confirmed image corrupted at rest, a revert is refused and a trial out of boots runs again', async () => {
    const image2 = img()
    await stage(dir, release(image2, '2.0.0', 5, 11), image2, 1)
    expect((await boot(dir, trust)).trial).toBe(true)
    // The old image goes bad while the new one is on trial (a double fault).
    await corrupt(dir, 'a', 1000)
    expect(await code(revert(dir, { trust }))).toBe('OTA_BOOT_VERIFY')
    // Its trial boots are spent, but it is the only image that verifies: it runs again, still on trial.
    const b = await boot(dir, trust)
    expect(b).toMatchObject({ slot: 'b', version: '2.0.0', trial: true, trialBootsLeft: 0 })
    const s = await loadState(dir)
    expect(s.pending?.slot).toBe('b')
    expect(s.securityCounter).toBe(1)
    // A health check that passes now confirms it.
    expect(await confirm(dir)).toMatchObject({ slot: 'b', version: '2.0.0', securityCounter: 5 })
  })

  it('refuses a trial image whose bytes were corrupted after install, and runs the old one', async () => {
    const image2 = img()
    await stage(dir, release(image2, '2.0.0', 5, 11), image2)
    await corrupt(dir, 'b', 150_000)
    const b = await boot(dir, trust)
    expect(b).toMatchObject({ slot: 'a', version: '1.0.0', trial: false, reverted: true })
    expect(b.reason?.code).toBe('OTA_BOOT_VERIFY')
    // Never booted again: no boot left, dropped by revert().
    expect((await loadState(dir)).pending).toMatchObject({ slot: 'b', trialsLeft: 0 })
    expect((await boot(dir, trust)).trial).toBe(false)
    await revert(dir)
    expect((await loadState(dir)).slots.b).toBeNull()
  })

  it('refuses the active image once corrupted: OTA_BOOT_VERIFY when nothing else verifies', async () => {
    await corrupt(dir, 'a', 0)
    expect(await code(boot(dir, trust))).toBe('OTA_BOOT_VERIFY')
  })

  it('falls back to the older confirmed slot when the active one is corrupted and the counter allows it', async () => {
    const image2 = img()
    await stage(dir, release(image2, '2.0.0', 1, 11), image2)
    await boot(dir, trust)
    await confirm(dir)
    await corrupt(dir, 'b', 4096)
    const b = await boot(dir, trust)
    expect(b).toMatchObject({ slot: 'a', version: '1.0.0', reverted: true })
    const s = await loadState(dir)
    expect(s.active).toBe('a')
    expect(s.slots.b).toBeNull()
  })

  it('does not fall back to an image below the anti-rollback counter', async () => {
    const image2 = img()
    await stage(dir, release(image2, '2.0.0', 5, 11), image2)
    await boot(dir, trust)
    await confirm(dir)
    await corrupt(dir, 'b', 4096)
    expect(await code(boot(dir, trust))).toBe('OTA_BOOT_VERIFY')
  })

  it('refuses a slot whose stored manifest is signed by a key the root does not authorize', async () => {
    const forged = release(image1, '1.0.0', 1, 10, { signer: rogueKey })
    await updateState(dir, (s) => { s.slots.a!.envelope = Buffer.from(forged.envelope).toString('base64') })
    expect(await code(boot(dir, trust))).toBe('OTA_BOOT_VERIFY')
  })

  it('refuses a slot whose image is for another model when the model is given', async () => {
    expect(await code(boot(dir, trust, { model: 'other-model' }))).toBe('OTA_BOOT_VERIFY')
  })

  it('keeps booting an image whose manifest has since expired (a bootloader has no trusted clock)', async () => {
    const image2 = img()
    const expiring = release(image2, '2.0.0', 1, 11, { expiresAt: Date.now() + 300 })
    const d2 = await mkdtemp(join(tmpdir(), 'ota-boot-'))
    try {
      await provisionDevice({ stateDir: d2, bundle: encodeBundle(expiring.envelope, image2), trust })
      await new Promise((resolve) => setTimeout(resolve, 400))
      expect(await boot(d2, trust)).toMatchObject({ slot: 'a', version: '2.0.0' })
      expect(await code(provisionDevice({ stateDir: d2, bundle: expiring.bundle, trust, force: true }))).toBe('OTA_EXPIRED')
    } finally {
      await rm(d2, { recursive: true, force: true })
    }
  })
})
