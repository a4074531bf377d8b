import { describe, it, expect } from 'vitest'
import { randomBytes } from 'node:crypto'
import { checkManifest, type DeviceFacts } from '../client/policy.js'
import { Urgency, isOtaError, toHex, type Manifest, type UrgencyValue } from '../proto/index.js'
import { createRelease, generateKeyPair } from '../sign/index.js'

const key = generateKeyPair('release')
const image = new Uint8Array(randomBytes(8192))
function manifest (o: { model?: string, securityVersion?: number, sequence?: number, hardwareRevisions?: string[], urgency?: UrgencyValue, maxDeferralS?: number } = {}): Manifest {
  return createRelease({
    image,
    model: o.model ?? 'sensor',
    version: '2.0.0',
    securityVersion: o.securityVersion ?? 5,
    sequence: o.sequence ?? 100,
    hardwareRevisions: o.hardwareRevisions ?? [],
    urgency: o.urgency ?? Urgency.OPTIONAL,
    maxDeferralS: o.maxDeferralS ?? 0,
    signers: [key]
  }).manifest
}
const device: DeviceFacts = { model: 'sensor', securityCounter: 5, lastSequence: 100, activeSha256: '0'.repeat(64), refused: null }

function codeOf (fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (e) {
    return isOtaError(e) ? e.code : `not an OtaError: ${String(e)}`
  }
  return undefined
}

describe('client policy: manifest against device state', () => {
  it('offers a manifest for this model at the counter and at the last sequence', () => {
    expect(checkManifest(manifest(), device)).toEqual({ action: 'offer' })
  })

  it('refuses another model with OTA_MODEL_MISMATCH', () => {
    expect(codeOf(() => checkManifest(manifest({ model: 'camera' }), device))).toBe('OTA_MODEL_MISMATCH')
  })

  it('matches hardware revisions: empty accepts all, a list must include the device revision', () => {
    const m = manifest({ hardwareRevisions: ['rev-a', 'rev-b'] })
    expect(checkManifest(m, { ...device, hardwareRevision: 'rev-b' })).toEqual({ action: 'offer' })
    expect(codeOf(() => checkManifest(m, { ...device, hardwareRevision: 'rev-c' }))).toBe('OTA_MODEL_MISMATCH')
    expect(codeOf(() => checkManifest(m, device))).toBe('OTA_MODEL_MISMATCH')
    expect(checkManifest(manifest(), { ...device, hardwareRevision: 'rev-z' })).toEqual({ action: 'offer' })
  })

  it('refuses a security version below the counter with OTA_ROLLBACK', () => {
    expect(codeOf(() => checkManifest(manifest({ securityVersion: 4 }), device))).toBe('OTA_ROLLBACK')
    expect(checkManifest(manifest({ securityVersion: 6 }), device)).toEqual({ action: 'offer' })
  })

  it('refuses a sequence below the last accepted with OTA_REPLAY', () => {
    expect(codeOf(() => checkManifest(manifest({ sequence: 99 }), device))).toBe('OTA_REPLAY')
    expect(checkManifest(manifest({ sequence: 101 }), device)).toEqual({ action: 'offer' })
  })

  it('skips the image already running, and one given up on before', () => {
    const m = manifest()
    expect(checkManifest(m, { ...device, activeSha256: toHex(m.image.sha256) })).toEqual({ action: 'skip', reason: 'already-installed' })
    expect(checkManifest(m, { ...device, refused: toHex(m.image.sha256) })).toEqual({ action: 'skip', reason: 'refused' })
  })

  it('skips the image already running even when its sequence is below the last accepted (a rollout installed a newer offer)', () => {
    const m = manifest({ sequence: 40 })
    expect(checkManifest(m, { ...device, activeSha256: toHex(m.image.sha256) })).toEqual({ action: 'skip', reason: 'already-installed' })
  })

  it('tells a stale manifest apart as OTA_REPLAY even when its security version is below the counter too', () => {
    expect(codeOf(() => checkManifest(manifest({ sequence: 40, securityVersion: 1 }), device))).toBe('OTA_REPLAY')
  })

  it('checks rollback before "already installed": a downgrade is refused, not skipped', () => {
    const m = manifest({ securityVersion: 1 })
    expect(codeOf(() => checkManifest(m, { ...device, activeSha256: toHex(m.image.sha256) }))).toBe('OTA_ROLLBACK')
  })
})
