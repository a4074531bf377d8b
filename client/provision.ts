/**
 * Factory provisioning: the first image goes into slot A as the confirmed image, with the
 * anti-rollback counter and manifest sequence taken from its manifest.
 */
import { mkdir } from 'node:fs/promises'
import { OtaError, toHex, toOtaError, verifyBundle, type TrustedRoot } from '../proto/index.js'
import type { BootControl } from './boot/boot-control.js'
import { removeState, saveState, stateExists, withStateLock, type DeviceState } from './state.js'
import { FileSlotStorage } from './storage/file.js'
import { writeSlotImage, type SlotStorage } from './storage/slot-storage.js'

/** Options of {@link provisionDevice}. */
export interface ProvisionOptions {
  /** the device's state folder; created when missing */
  stateDir: string
  /** a release bundle (`createRelease(...).bundle` from `aedes-ota/sign`) */
  bundle: Uint8Array
  /** the device's trust anchor */
  trust: TrustedRoot
  /** overwrite an existing state (slot B is then recorded as empty); the old state is removed before slot A is written */
  force?: boolean
  /** where the slot bytes live; default the files `slot-a.bin`/`slot-b.bin` in `stateDir` (give the device the same) */
  storage?: SlotStorage
  /**
   * the device's bootloader, when it keeps its own records (one with {@link BootControl.provision},
   * such as `UBootBootControl`): it records the factory image around the write of slot A. Default:
   * the simulated bootloader, whose records are the state file's
   */
  bootControl?: BootControl
}

/**
 * Verifies `bundle` against `trust` (signatures, key scope, expiry, image digest and Merkle
 * root) and writes its image into slot A as the confirmed image: securityCounter =
 * manifest.securityVersion, lastSequence = manifest.sequence, slot B empty.
 *
 * @returns the provisioned version
 * @throws OtaError `OTA_STATE` when the folder already holds a state and `force` is not set;
 *   whatever proto `verifyBundle` throws (`OTA_BUNDLE`, `OTA_BAD_SIGNATURE`, ...); `OTA_IO` / `OTA_NO_SPACE`
 */
export async function provisionDevice (opts: ProvisionOptions): Promise<{ version: string }> {
  const { manifest, envelope, image } = verifyBundle(opts.bundle, opts.trust)
  try {
    await mkdir(opts.stateDir, { recursive: true })
  } catch (e) {
    throw toOtaError(e, 'OTA_IO', `cannot create ${opts.stateDir}`)
  }
  return await withStateLock(opts.stateDir, async () => {
    if (opts.force !== true && await stateExists(opts.stateDir)) {
      throw new OtaError('OTA_STATE', `${opts.stateDir} already holds a device state; pass force to overwrite it`)
    }
    // No state may name slot A while its bytes change: an old state goes first (a power cut in
    // between leaves the folder unprovisioned, never a record over a torn image). The image is
    // durable before the new state names it; slot B is recorded empty, whatever bytes it holds
    // (a partition cannot be removed, and nothing in it boots without a record).
    await removeState(opts.stateDir)
    const writeImage = async (): Promise<void> => { await writeSlotImage(opts.storage ?? FileSlotStorage.inDir(opts.stateDir), 'a', image) }
    // A bootloader with its own records orders them around the write; the state file comes last either way.
    if (opts.bootControl?.provision !== undefined) await opts.bootControl.provision({ envelope, manifest }, writeImage)
    else await writeImage()
    const state: DeviceState = {
      format: 1,
      active: 'a',
      slots: {
        a: { envelope: Buffer.from(envelope).toString('base64'), version: manifest.version, sha256: toHex(manifest.image.sha256), size: manifest.image.size, confirmed: true },
        b: null
      },
      securityCounter: manifest.securityVersion,
      lastSequence: manifest.sequence,
      pending: null,
      download: null,
      deferral: null,
      refused: null
    }
    await saveState(opts.stateDir, state)
    return { version: manifest.version }
  })
}
