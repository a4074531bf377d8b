// The release side of delta updates: which patches ship (sign/delta/release-patches.ts), the
// check that each applies to the image, and bundle format 3 read back by verifyBundle.
import { describe, expect, it } from 'vitest'
import { readFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { OtaError, parseBundle, verifyBundle, verifyRoot, sha256, toHex } from '../proto/index.js'
import { checkReleasePatches, createRelease, initKeys, readKeyFile, releasePatches, KeyFiles } from '../sign/index.js'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { FIXTURES } from './helpers/env.js'

const fw = async (pair: string, f: string): Promise<Buffer> => await readFile(join(FIXTURES, 'firmware', pair, f))

describe('releasePatches', () => {
  it('ships the compressed image and a delta that pay, and says why for the rest', async () => {
    const [old, nw] = [await fw('seabios', 'old.bin'), await fw('seabios', 'new.bin')]
    const r = releasePatches(nw, [{ image: old, version: '1.16.2' }, { image: nw, version: '1.16.3' }, { image: randomBytes(nw.length), version: 'noise' }], { compress: true })
    expect(r.compressed).not.toBeNull()
    expect(r.deltas.map((d) => d.delta.baseVersion)).toEqual(['1.16.2'])
    expect(r.verdicts.map((v) => [v.baseVersion, v.shipped])).toEqual([[null, true], ['1.16.2', true], ['1.16.3', false], ['noise', false]])
    expect(r.verdicts[2]!.why).toBe('the base is this image')
    expect(r.verdicts[3]!.why).toMatch(/saves too little$/)
    expect(r.deltas[0]!.delta.baseSha256).toEqual(sha256(old))
    expect(r.deltas[0]!.bytes.length).toBeLessThan(nw.length / 10)
  })

  it('ships no compressed image for an image that does not compress, after a quick pass only', () => {
    const r = releasePatches(randomBytes(256 * 1024), [], { compress: true })
    expect(r.compressed).toBeNull()
    expect(r.verdicts).toEqual([{ baseVersion: null, baseSha256: null, size: 0, shipped: false, why: 'the image does not compress (a quick Brotli pass saved under 3 %)' }])
  })

  it('refuses two bases of one version and an invalid version', async () => {
    const nw = await fw('ath9k', 'new.bin')
    expect(() => releasePatches(nw, [{ image: nw, version: '1' }, { image: nw, version: '1' }])).toThrow(/two bases of version 1/)
    expect(() => releasePatches(nw, [{ image: nw, version: '' }])).toThrow(OtaError)
  })
})

describe('a release with patches', () => {
  it('checks every patch against the image, and verifyBundle reads them back from bundle format 3', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ota-release-patches-'))
    try {
      await initKeys({ out: dir, models: ['m'] })
      const signer = await readKeyFile(join(dir, KeyFiles.release))
      const root = verifyRoot(new Uint8Array(await readFile(join(dir, KeyFiles.trust))))
      const [old, nw] = [await fw('ath9k', 'old.bin'), await fw('ath9k', 'new.bin')]
      const bases = [{ image: old, version: '1.4.0-108' }]
      const r = createRelease({ image: nw, model: 'm', version: '1.4.0-110', securityVersion: 1, signers: [signer], bases, compress: true })
      await checkReleasePatches(nw, r.manifest, r.patchBytes, bases)
      expect(new DataView(r.bundle.buffer, r.bundle.byteOffset).getUint32(8)).toBe(3)
      const v = verifyBundle(r.bundle, root)
      expect(v.patches.map((p) => p.delta.baseVersion)).toEqual(['', '1.4.0-108'])
      expect(v.patches.map((p) => toHex(p.tree.root))).toEqual([r.manifest.compressedImage!.patch.merkleRoot, r.manifest.deltas[0]!.patch.merkleRoot].map(toHex))
      // a patch that does not produce the image is caught before it could be signed and shipped
      const bad = r.patchBytes.map((p) => Uint8Array.from(p))
      bad[1]![bad[1]!.length - 10] ^= 0xff
      await expect(checkReleasePatches(nw, r.manifest, bad, bases)).rejects.toMatchObject({ code: 'OTA_DELTA', message: /delta from 1\.4\.0-108/ })
      await expect(checkReleasePatches(nw, r.manifest, r.patchBytes, [])).rejects.toMatchObject({ code: 'OTA_INVALID_ARGUMENT' })
      // a bundle whose patch was swapped for another is refused
      const swapped = Buffer.from(r.bundle)
      const parts = parseBundle(swapped)
      const at = parts.patches[1]!.byteOffset - swapped.byteOffset
      swapped[at + 40] ^= 1
      expect(() => verifyBundle(swapped, root)).toThrow(/bundle patch from 1\.4\.0-108 does not match the manifest digest/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
