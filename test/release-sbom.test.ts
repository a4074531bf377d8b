/**
 * SBOMs in releases: recognised formats, carried in a format-2 bundle under a digest the manifest
 * signs, refused when stripped, swapped or tampered with, printed and extracted by `release
 * inspect`, and kept by the broker under their digest. Also the other manifest metadata
 * `release create` sets (end of life, maximum deferral, reboot, hardware revisions).
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OtaError, isOtaError, parseBundle, sha256, toHex, verifyBundle } from '../proto/index.js'
import { createRelease, encodeBundle, sbomFormatOf } from '../sign/index.js'
import { publishBundle } from '../operator/index.js'
import { runCli } from './helpers/cli.js'
import { FIXTURES, makeEnv, type TestEnv } from './helpers/env.js'

const SBOM = join(FIXTURES, 'sbom')
const IMAGE = join(FIXTURES, 'firmware', 'ath9k', 'new.bin')

let env: TestEnv
let cdx: Buffer
let spdx: Buffer
let image: Buffer

beforeAll(async () => {
  env = await makeEnv()
  cdx = await readFile(join(SBOM, 'ath9k-1.4.0-110.cdx.json'))
  spdx = await readFile(join(SBOM, 'ath9k-1.4.0-110.spdx.json'))
  image = await readFile(IMAGE)
}, 60_000)
afterAll(async () => { await env?.close() })

function code (fn: () => unknown): string {
  try { fn() } catch (e) { if (isOtaError(e)) return e.code; throw e }
  return 'no error'
}

describe('sbomFormatOf', () => {
  it('recognises CycloneDX JSON and SPDX JSON', () => {
    expect(sbomFormatOf(cdx)).toBe('cyclonedx+json')
    expect(sbomFormatOf(spdx)).toBe('spdx+json')
  })

  it('refuses what is neither, or not JSON, or empty', () => {
    for (const bad of ['{"bomFormat":"SWID"}', '{"spdxVersion":"2.3","SPDXID":"x"}', '[1,2]', 'not json', '']) {
      expect(code(() => sbomFormatOf(Buffer.from(bad))), bad).toBe('OTA_INVALID_ARGUMENT')
    }
    expect(code(() => sbomFormatOf(Uint8Array.of(0xff, 0xfe, 0x7b, 0x7d)))).toBe('OTA_INVALID_ARGUMENT')
  })
})

describe('a bundle with an SBOM', () => {
  const make = (sbom?: Uint8Array) => createRelease({ image, model: 'ath9k', version: '1.4.0-110', securityVersion: 1, sequence: 5, signers: [env.signer], ...(sbom !== undefined ? { sbom } : {}) })

  it('signs the digest, size and format, and verifies with the SBOM it carries', () => {
    const r = make(cdx)
    expect(toHex(r.manifest.sbomSha256)).toBe(toHex(sha256(cdx)))
    expect(r.manifest.sbomSize).toBe(cdx.length)
    expect(r.manifest.sbomFormat).toBe('cyclonedx+json')
    expect(r.bundle.readUInt32BE(8)).toBe(2)
    const v = verifyBundle(r.bundle, env.trust)
    expect(Buffer.from(v.sbom!).equals(cdx)).toBe(true)
    expect(Buffer.from(v.image).equals(image)).toBe(true)
  })

  it('a release without one stays a format-1 bundle with no SBOM fields', () => {
    const r = make()
    expect(r.bundle.readUInt32BE(8)).toBe(1)
    expect(r.manifest.sbomSha256.length).toBe(0)
    expect(verifyBundle(r.bundle, env.trust).sbom).toBeNull()
  })

  it('is refused when the SBOM is tampered with, stripped, swapped or added unsigned', () => {
    const r = make(cdx)
    const tampered = Buffer.from(r.bundle)
    const at = 16 + r.envelope.length + 4 + 40
    tampered[at] = tampered[at]! ^ 1
    expect(code(() => verifyBundle(tampered, env.trust))).toBe('OTA_BUNDLE')
    const stripped = encodeBundle(r.envelope, image)
    expect(code(() => verifyBundle(stripped, env.trust))).toBe('OTA_BUNDLE')
    const swapped = encodeBundle(r.envelope, image, spdx)
    expect(code(() => verifyBundle(swapped, env.trust))).toBe('OTA_BUNDLE')
    const unsigned = encodeBundle(make().envelope, image, cdx)
    expect(code(() => verifyBundle(unsigned, env.trust))).toBe('OTA_BUNDLE')
  })

  it('refuses framing that lies about the SBOM length', () => {
    const r = make(cdx)
    const lying = Buffer.from(r.bundle)
    lying.writeUInt32BE(0xffffffff, 16 + r.envelope.length)
    expect(code(() => parseBundle(lying))).toBe('OTA_BUNDLE')
    const zero = Buffer.from(r.bundle)
    zero.writeUInt32BE(0, 16 + r.envelope.length)
    expect(code(() => parseBundle(zero))).toBe('OTA_BUNDLE')
    expect(() => encodeBundle(r.envelope, image, new Uint8Array(0))).toThrow(OtaError)
  })

  it('the broker keeps a published SBOM under its digest', async () => {
    const r = make(cdx)
    const op = await env.deviceTls(env.pki.operators[0]!.id)
    const res = await publishBundle({ url: env.broker.url, operatorId: env.pki.operators[0]!.id, ...op, servername: 'localhost', bundle: r.bundle })
    expect(res.ok).toBe(true)
    const kept = await readFile(join(env.broker.plugin.store.dataDir, 'sboms', `${toHex(sha256(cdx))}.json`))
    expect(kept.equals(cdx)).toBe(true)
  })
})

describe('release create and inspect (real CLI)', () => {
  it('writes the metadata into the signed manifest and extracts the SBOM again', async () => {
    const out = join(env.dir, 'meta.bundle')
    const c = await runCli('release', 'create', '--keys', env.keysDir, '--image', IMAGE, '--model', 'ath9k', '--version', '1.4.0-110',
      '--security-version', '2', '--out', out, '--sbom', join(SBOM, 'ath9k-1.4.0-110.spdx.json'), '--end-of-life', '2028-12-31',
      '--eol-notice', 'No security fixes after 2028; replace with model ath10k.', '--max-deferral', '7d', '--no-reboot',
      '--hardware-revision', 'rev-a', 'rev-b', '--urgency', 'critical')
    expect(c.stderr).toBe('')
    expect(c.code).toBe(0)
    expect(c.stdout).toMatch(/SBOM spdx\+json \d+ bytes sha256 [0-9a-f]{64}/)
    const sbomOut = join(env.dir, 'extracted.spdx.json')
    const i = await runCli('release', 'inspect', out, '--json', '--trust', env.keysDir, '--sbom-out', sbomOut)
    expect(i.code).toBe(0)
    const d = JSON.parse(i.stdout) as Record<string, unknown>
    expect(d).toMatchObject({
      sbomFormat: 'spdx+json', sbomSize: spdx.length, sbomSha256: toHex(sha256(spdx)), endOfLifeAt: '2028-12-31T00:00:00.000Z',
      endOfLifeNotice: 'No security fixes after 2028; replace with model ath10k.', maxDeferralS: 604_800, rebootRequired: false,
      hardwareRevisions: ['rev-a', 'rev-b'], urgency: 'critical', verification: { verified: true }
    })
    expect((await readFile(sbomOut)).equals(spdx)).toBe(true)
  })

  it('refuses an SBOM in neither format, and a notice without a date', async () => {
    const bad = await runCli('release', 'create', '--keys', env.keysDir, '--image', IMAGE, '--model', 'ath9k', '--version', '1.4.0-110',
      '--security-version', '2', '--out', join(env.dir, 'x.bundle'), '--sbom', IMAGE)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/OTA_INVALID_ARGUMENT.*SBOM is not UTF-8 JSON|OTA_INVALID_ARGUMENT.*neither CycloneDX/)
    const notice = await runCli('release', 'create', '--keys', env.keysDir, '--image', IMAGE, '--model', 'ath9k', '--version', '1.4.0-110',
      '--security-version', '2', '--out', join(env.dir, 'y.bundle'), '--eol-notice', 'bye')
    expect(notice.code).toBe(2)
    expect(notice.stderr).toMatch(/--eol-notice needs --end-of-life/)
    const date = await runCli('release', 'create', '--keys', env.keysDir, '--image', IMAGE, '--model', 'ath9k', '--version', '1.4.0-110',
      '--security-version', '2', '--out', join(env.dir, 'z.bundle'), '--end-of-life', 'next year')
    expect(date.code).toBe(2)
  })
})
