/** `aedes-ota release create`: sign an image into a bundle. */
import type { Command } from 'commander'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { BodyType, OtaError, chunkCount, decodeEnvelope, decodeSignedBody, parseBundle, toHex, type BundleParts } from '../../proto/index.js'
import { writeFileAtomic } from '../../proto/files.js'
import { KeyFiles, checkReleasePatches, createRelease, readKeyFile, type PatchBase } from '../../sign/index.js'
import { dateArg, intArg } from '../output.js'
import { URGENCY, durationArg } from '../options.js'
import { readOrFail } from '../credentials.js'
import { registerReleaseInspect } from './release-inspect.js'
import { registerReleaseList } from './release-list.js'


/**
 * Reads a `--base` argument: a bundle (the image and version of its manifest, not verified: the
 * base's digest goes into the signed manifest and devices compare it with what they run), or a
 * raw image written `FILE@VERSION` (a bundle may take `@VERSION` too, to override its version).
 * @throws OtaError `OTA_INVALID_ARGUMENT` for a raw image without a version, `OTA_IO`
 */
async function readBase (arg: string): Promise<PatchBase> {
  // A path that exists is a file whatever it holds; only then is `@VERSION` split off.
  const at = existsSync(arg) ? -1 : arg.lastIndexOf('@')
  const bytes = await readOrFail(at > 0 ? arg.slice(0, at) : arg)
  let parts: BundleParts | null = null
  try { parts = parseBundle(bytes) } catch {}
  if (parts !== null) {
    const body = decodeSignedBody(decodeEnvelope(parts.envelope).body, BodyType.MANIFEST)
    if (body.type !== BodyType.MANIFEST) throw new OtaError('OTA_INVALID_ARGUMENT', `${arg} holds no manifest`)
    return { image: parts.image, version: at > 0 ? arg.slice(at + 1) : body.manifest.version }
  }
  if (at <= 0) throw new OtaError('OTA_INVALID_ARGUMENT', `--base ${arg}: a raw image needs its version, as FILE@VERSION`)
  return { image: bytes, version: arg.slice(at + 1) }
}

/** Adds `release` with `create` (sign an image into a bundle), `inspect` and `list`. */
export function registerRelease (program: Command): void {
  const release = program.command('release').description('signed releases')
  registerReleaseList(release)
  registerReleaseInspect(release)
  release.command('create')
    .description('describe an image in a manifest, sign it with the release key and write a bundle (envelope + image)')
    .requiredOption('--keys <dir>', 'keys folder (keys init) holding release.key')
    .option('--signing-key <file>', 'sign with this key file instead of <keys>/release.key (e.g. one made by keys add-signer)')
    .requiredOption('--image <file>', 'firmware image')
    .requiredOption('--model <model>', 'device model')
    .requiredOption('--version <version>', 'human version, e.g. 8.1.10')
    .requiredOption('--security-version <n>', 'anti-rollback counter of this release', intArg(0, Number.MAX_SAFE_INTEGER))
    .requiredOption('--out <bundle>', 'bundle file to write')
    .option('--sequence <n>', 'per-model manifest sequence (default: now in seconds)', intArg(1, Number.MAX_SAFE_INTEGER))
    .option('--chunk-size <bytes>', 'chunk size, a power of two (default: 4 KiB to 64 KiB by image size)', intArg(256, 1024 * 1024))
    .option('--notes <text>', 'release notes', '')
    .option('--urgency <u>', 'optional | recommended | critical', 'recommended')
    .option('--expires-in-days <d>', 'devices that trust their clock refuse the manifest this many days after signing (default: 90)', intArg(1, 36500))
    .option('--no-expiry', 'the manifest never expires: turns the freeze defence off for this release (explicit opt-out)')
    .option('--max-deferral <duration>', 'longest a device may defer the release, counted from its first deferral, e.g. 7d; then it installs (default: no limit, except that a critical release without one is not deferred at all)', durationArg('--max-deferral'))
    .option('--no-reboot', 'the update applies without a reboot (default: a reboot is needed)')
    .option('--hardware-revision <rev...>', 'hardware revisions the image is for (default: every revision of the model)')
    .option('--end-of-life <date>', 'end of support of the model, ISO 8601 (e.g. 2028-12-31): devices report it and run their end-of-life hook past it', dateArg)
    .option('--eol-notice <text>', 'what the end of support means for the owner (shown by devices and the dashboard)')
    .option('--sbom <file>', 'SBOM of the image (CycloneDX or SPDX JSON): carried in the bundle, its digest signed in the manifest')
    .option('--base <file...>', 'an image devices run now (a bundle, or a raw image as FILE@VERSION): a delta from it ships when it saves at least 10 % of the full download')
    .option('--compress', 'also ship the compressed image when it saves at least 5 % (devices older than delta support refuse a manifest that carries one: turn it on once the fleet runs a delta-aware client)', false)
    .action(async (o: {
      keys: string, signingKey?: string, image: string, model: string, version: string, securityVersion: number, out: string, sequence?: number, chunkSize?: number, notes: string, urgency: string,
      expiresInDays?: number, expiry: boolean, maxDeferral?: number, reboot: boolean, hardwareRevision?: string[], endOfLife?: number, eolNotice?: string, sbom?: string,
      base?: string[], compress: boolean
    }) => {
      const urgency = URGENCY[o.urgency]
      if (urgency === undefined) throw new OtaError('OTA_INVALID_ARGUMENT', `--urgency must be optional, recommended or critical, got ${o.urgency}`)
      if (o.eolNotice !== undefined && o.endOfLife === undefined) throw new OtaError('OTA_INVALID_ARGUMENT', '--eol-notice needs --end-of-life')
      if (!o.expiry && o.expiresInDays !== undefined) throw new OtaError('OTA_INVALID_ARGUMENT', '--no-expiry and --expires-in-days exclude each other')
      const key = await readKeyFile(o.signingKey ?? join(o.keys, KeyFiles.release))
      const image = await readOrFail(o.image)
      const sbom = o.sbom !== undefined ? await readOrFail(o.sbom) : undefined
      const bases = await Promise.all((o.base ?? []).map(readBase))
      const now = Date.now()
      const r = createRelease({
        image, model: o.model, version: o.version, securityVersion: o.securityVersion, signers: [key], createdAt: now,
        ...(o.sequence !== undefined ? { sequence: o.sequence } : {}),
        ...(o.chunkSize !== undefined ? { chunkSize: o.chunkSize } : {}),
        // Default (neither flag): createRelease's, ReleaseDefaults.validityMs after signing.
        ...(!o.expiry ? { expiresAt: 0 } : o.expiresInDays !== undefined ? { expiresAt: now + o.expiresInDays * 86_400_000 } : {}),
        releaseNotes: o.notes,
        urgency,
        rebootRequired: o.reboot,
        ...(o.maxDeferral !== undefined ? { maxDeferralS: Math.ceil(o.maxDeferral / 1000) } : {}),
        ...(o.hardwareRevision !== undefined ? { hardwareRevisions: o.hardwareRevision } : {}),
        ...(o.endOfLife !== undefined ? { endOfLifeAt: o.endOfLife, endOfLifeNotice: o.eolNotice ?? '' } : {}),
        ...(sbom !== undefined ? { sbom } : {}),
        bases,
        compress: o.compress
      })
      // Each patch is applied as a device would before anything is written: an encoder bug stops here.
      await checkReleasePatches(image, r.manifest, r.patchBytes, bases)
      // Atomic: a crash or a full disk never leaves a truncated bundle under the name.
      await writeFileAtomic(o.out, r.bundle, 0o644)
      const m = r.manifest
      process.stdout.write(`${o.out}: ${m.model} ${m.version} (security version ${m.securityVersion}, sequence ${m.sequence}), ${m.image.size} bytes in ${chunkCount(m.image.size, m.image.chunkSize)} chunks of ${m.image.chunkSize}, sha256 ${toHex(m.image.sha256)}, ${m.expiresAt === 0 ? 'never expires' : `expires ${new Date(m.expiresAt).toISOString()}`}${m.sbomSize > 0 ? `, SBOM ${m.sbomFormat} ${m.sbomSize} bytes sha256 ${toHex(m.sbomSha256)}` : ''}\n`)
      for (const v of r.patches) {
        process.stdout.write(`  ${v.baseVersion === null ? 'compressed image' : `delta from ${v.baseVersion}`}: ${v.size > 0 ? `${v.size} bytes, ` : ''}${v.shipped ? 'shipped' : 'not shipped'} (${v.why})\n`)
      }
    })
}
