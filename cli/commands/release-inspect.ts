/**
 * `aedes-ota release inspect`: what a bundle's signed manifest says, and, given the trust
 * anchor, whether it verifies as a broker and a device would check it.
 */
import type { Command } from 'commander'
import {
  BodyType, OtaError, bytesEqual, chunkCount, decodeEnvelope, decodeSignedBody, isOtaError, parseBundle, sha256, toHex, verifyBundle,
  type Manifest
} from '../../proto/index.js'
import { readOrFail, readTrust } from '../credentials.js'
import { writeFileAtomic } from '../../proto/files.js'
import { isoTime, table } from '../output.js'
import { URGENCY } from '../options.js'

const iso = (ms: number): string => isoTime(ms, 'never')

/** The manifest as plain JSON-safe fields (times as ISO 8601, digests in hex), for text and `--json`. */
function describe (m: Manifest, signers: string[], bundleBytes: number, imageBytes: number): Record<string, unknown> {
  return {
    model: m.model,
    hardwareRevisions: m.hardwareRevisions,
    version: m.version,
    securityVersion: m.securityVersion,
    sequence: m.sequence,
    createdAt: iso(m.createdAt),
    expiresAt: iso(m.expiresAt),
    urgency: Object.keys(URGENCY).find((k) => URGENCY[k] === m.urgency) ?? String(m.urgency),
    maxDeferralS: m.maxDeferralS,
    rebootRequired: m.rebootRequired,
    releaseNotes: m.releaseNotes,
    endOfLifeAt: m.endOfLifeAt > 0 ? iso(m.endOfLifeAt) : '',
    endOfLifeNotice: m.endOfLifeNotice,
    sbomFormat: m.sbomFormat,
    sbomSize: m.sbomSize,
    sbomSha256: toHex(m.sbomSha256),
    size: m.image.size,
    chunkSize: m.image.chunkSize,
    chunks: chunkCount(m.image.size, m.image.chunkSize),
    sha256: toHex(m.image.sha256),
    merkleRoot: toHex(m.image.merkleRoot),
    deltas: m.deltas.length,
    deltaPatches: m.deltas.map((d) => `from ${d.baseVersion} ${d.patch.size} B ${d.algorithm} sha256 ${toHex(d.patch.sha256)}`).join('; '),
    compressedImage: m.compressedImage !== null ? `${m.compressedImage.patch.size} B ${m.compressedImage.algorithm} sha256 ${toHex(m.compressedImage.patch.sha256)}` : '',
    signers,
    bundleBytes,
    imageBytes
  }
}

/** Adds `release inspect BUNDLE [--trust DIR] [--json]` under `release`. */
export function registerReleaseInspect (release: Command): void {
  release.command('inspect')
    .description('print a bundle\'s signed manifest; with --trust, verify it as the broker and devices do (exit 1 when it does not verify)')
    .argument('<bundle>', 'bundle file (release create)')
    .option('--trust <dir>', 'folder holding root.bin: verify signatures, key scope, expiry and the image against the manifest')
    .option('--json', 'print one JSON object', false)
    .option('--sbom-out <file>', 'write the SBOM the bundle carries to this file (checked against the signed digest)')
    .action(async (path: string, o: { trust?: string, json: boolean, sbomOut?: string }) => {
      const bytes = new Uint8Array(await readOrFail(path))
      const { envelope, image, sbom } = parseBundle(bytes)
      const env = decodeEnvelope(envelope)
      const body = decodeSignedBody(env.body, BodyType.MANIFEST)
      if (body.type !== BodyType.MANIFEST) throw new Error('unreachable: decodeSignedBody checked the type')
      const m = body.manifest
      // Without the root nothing is checked: the key ids are what the envelope claims, not who signed.
      let signers = env.signatures.map((s) => s.keyId)
      let verdict: { verified: boolean, code?: string, detail?: string } | null = null
      if (o.trust !== undefined) {
        try {
          signers = verifyBundle(bytes, await readTrust(o.trust)).signers
          verdict = { verified: true }
        } catch (e) {
          if (!isOtaError(e)) throw e
          verdict = { verified: false, code: e.code, detail: e.message }
        }
      }
      if (o.sbomOut !== undefined) {
        if (sbom === null) throw new OtaError('OTA_BUNDLE', 'the bundle carries no SBOM')
        if (sbom.length !== m.sbomSize || !bytesEqual(sha256(sbom), m.sbomSha256)) throw new OtaError('OTA_BUNDLE', 'the bundle SBOM does not match the manifest digest')
        await writeFileAtomic(o.sbomOut, sbom, 0o644)
      }
      const d = describe(m, signers, bytes.length, image.length)
      if (o.json) {
        process.stdout.write(JSON.stringify({ ...d, envelopeSha256: toHex(sha256(envelope)), ...(verdict !== null ? { verification: verdict } : {}) }) + '\n')
      } else {
        const rows = Object.entries(d).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)])
        process.stdout.write(table(['field', 'value'], rows) + '\n')
        process.stdout.write(verdict === null
          ? 'not verified (give --trust DIR to check the signatures against root.bin)\n'
          : verdict.verified ? `verified against root.bin: signed by ${signers.length} authorized key(s)\n` : `does not verify: error [${verdict.code ?? ''}]: ${verdict.detail ?? ''}\n`)
      }
      if (verdict !== null && !verdict.verified) process.exitCode = 1
    })
}
