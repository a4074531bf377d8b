/**
 * The secure-boot check every {@link BootControl} backend of the package runs before an image
 * runs (the simulated bootloader, the U-Boot environment one): one check, one place.
 */
import {
  BodyType, OtaError, bytesEqual, decodeEnvelope, decodeSignedBody, toHex, verifyManifest,
  type Manifest, type TrustedRoot
} from '../../proto/index.js'
import type { SlotName } from '../options.js'
import type { SlotRecord } from '../state.js'
import type { SlotStorage } from '../storage/slot-storage.js'
import type { BootControl } from './boot-control.js'

/**
 * Secure-boot check of one slot: its stored manifest envelope verifies against `trust`, matches
 * the slot record, is not below the anti-rollback counter, and the slot's first `size` bytes hash
 * to the signed digest.
 *
 * Time is not checked: a bootloader has no trusted clock, and an image that was valid when it
 * was installed must not stop booting because its manifest, key or root later expired.
 *
 * @returns the verified manifest
 * @throws OtaError `OTA_BOOT_VERIFY`, with the underlying failure as `cause`, its code in
 *   `details.code` and what failed, without the slot, in `details.why`
 */
export async function verifySlot (storage: SlotStorage, slot: SlotName, record: SlotRecord, trust: TrustedRoot, opts: { model?: string | undefined, securityCounter: number }): Promise<Manifest> {
  const fail = (why: string, cause?: unknown): never => {
    const code = cause instanceof OtaError ? cause.code : undefined
    throw new OtaError('OTA_BOOT_VERIFY', `slot ${slot}: ${why}`, { cause, details: { slot, code, why } })
  }
  let manifest: Manifest
  try {
    const verifyOpts = opts.model !== undefined ? { now: 0, model: opts.model } : { now: 0 }
    manifest = verifyManifest(new Uint8Array(Buffer.from(record.envelope, 'base64')), trust, verifyOpts).manifest
  } catch (e) {
    return fail(`stored manifest does not verify: ${e instanceof Error ? e.message : String(e)}`, e)
  }
  if (manifest.version !== record.version || manifest.image.size !== record.size || toHex(manifest.image.sha256) !== record.sha256) {
    fail('slot record does not match its signed manifest')
  }
  if (manifest.securityVersion < opts.securityCounter) {
    fail(`image security version ${manifest.securityVersion} is below the counter ${opts.securityCounter}`, new OtaError('OTA_ROLLBACK'))
  }
  let digest
  try {
    digest = await storage.hash(slot, manifest.image.size)
  } catch (e) {
    return fail('image cannot be read', e)
  }
  if (digest.length !== manifest.image.size || !bytesEqual(digest.sha256, manifest.image.sha256)) {
    fail(`image does not match its signed digest (${digest.length} of ${manifest.image.size} bytes)`, new OtaError('OTA_IMAGE_DIGEST'))
  }
  return manifest
}

/**
 * The root a confirmed image's manifest verifies under: `trust` when it does, else the newest
 * former root that does (the one it was installed under), else `trust` (whose refusal then
 * names why). Only the signature check is tried per root: the image is hashed once, by
 * {@link verifySlot}.
 */
export function installedUnder (rec: SlotRecord, trust: TrustedRoot, former: readonly TrustedRoot[] | undefined, model: string | undefined): TrustedRoot {
  const envelope = new Uint8Array(Buffer.from(rec.envelope, 'base64'))
  const verifies = (root: TrustedRoot): boolean => {
    try {
      verifyManifest(envelope, root, model !== undefined ? { now: 0, model } : { now: 0 })
      return true
    } catch {
      return false
    }
  }
  if (former === undefined || verifies(trust)) return trust
  for (let i = former.length - 1; i >= 0; i--) if (former[i] !== trust && verifies(former[i]!)) return former[i]!
  return trust
}

/**
 * The security version signed in a slot record's stored manifest (decoded, not verified: the
 * record was verified when it was written, and every boot verifies it again).
 * @throws OtaError `OTA_STATE` when the stored manifest does not decode
 */
export function recordSecurityVersion (rec: SlotRecord, slot: SlotName): number {
  try {
    const body = decodeSignedBody(decodeEnvelope(new Uint8Array(Buffer.from(rec.envelope, 'base64'))).body, BodyType.MANIFEST)
    if (body.type !== BodyType.MANIFEST) throw new OtaError('OTA_WRONG_TYPE')
    return body.manifest.securityVersion
  } catch (e) {
    throw new OtaError('OTA_STATE', `slot ${slot}'s stored manifest does not decode: ${e instanceof Error ? e.message : String(e)}`, { cause: e })
  }
}
