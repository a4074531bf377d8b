/** `aedes-ota release create`: sign an image into a bundle. */
import type { Command } from 'commander'
import { join } from 'node:path'
import { OtaError, chunkCount, toHex } from '../../proto/index.js'
import { writeFileAtomic } from '../../proto/files.js'
import { KeyFiles, createRelease, readKeyFile } from '../../sign/index.js'
import { intArg } from '../output.js'
import { URGENCY } from '../options.js'
import { readOrFail } from '../credentials.js'
import { registerReleaseInspect } from './release-inspect.js'
import { registerReleaseList } from './release-list.js'


/** Adds `release` with `create` (sign an image into a bundle), `inspect` and `list`. */
export function registerRelease (program: Command): void {
  const release = program.command('release').description('signed releases')
  registerReleaseList(release)
  registerReleaseInspect(release)
  release.command('create')
    .description('describe an image in a manifest, sign it with the release key and write a bundle (envelope + image)')
    .requiredOption('--keys <dir>', 'keys folder (keys init) holding release.key')
    .requiredOption('--image <file>', 'firmware image')
    .requiredOption('--model <model>', 'device model')
    .requiredOption('--version <version>', 'human version, e.g. 8.1.10')
    .requiredOption('--security-version <n>', 'anti-rollback counter of this release', intArg(0, Number.MAX_SAFE_INTEGER))
    .requiredOption('--out <bundle>', 'bundle file to write')
    .option('--sequence <n>', 'per-model manifest sequence (default: now in seconds)', intArg(1, Number.MAX_SAFE_INTEGER))
    .option('--chunk-size <bytes>', 'chunk size, a power of two (default: 4 KiB to 64 KiB by image size)', intArg(256, 1024 * 1024))
    .option('--notes <text>', 'release notes', '')
    .option('--urgency <u>', 'optional | recommended | critical', 'recommended')
    .option('--expires-in-days <d>', 'manifest expiry in days (default: never)', intArg(1, 36500))
    .action(async (o: { keys: string, image: string, model: string, version: string, securityVersion: number, out: string, sequence?: number, chunkSize?: number, notes: string, urgency: string, expiresInDays?: number }) => {
      const urgency = URGENCY[o.urgency]
      if (urgency === undefined) throw new OtaError('OTA_INVALID_ARGUMENT', `--urgency must be optional, recommended or critical, got ${o.urgency}`)
      const key = await readKeyFile(join(o.keys, KeyFiles.release))
      const image = await readOrFail(o.image)
      const now = Date.now()
      const r = createRelease({
        image, model: o.model, version: o.version, securityVersion: o.securityVersion, signers: [key], createdAt: now,
        ...(o.sequence !== undefined ? { sequence: o.sequence } : {}),
        ...(o.chunkSize !== undefined ? { chunkSize: o.chunkSize } : {}),
        ...(o.expiresInDays !== undefined ? { expiresAt: now + o.expiresInDays * 86_400_000 } : {}),
        releaseNotes: o.notes,
        urgency
      })
      // Atomic: a crash or a full disk never leaves a truncated bundle under the name.
      await writeFileAtomic(o.out, r.bundle, 0o644)
      const m = r.manifest
      process.stdout.write(`${o.out}: ${m.model} ${m.version} (security version ${m.securityVersion}, sequence ${m.sequence}), ${m.image.size} bytes in ${chunkCount(m.image.size, m.image.chunkSize)} chunks of ${m.image.chunkSize}, sha256 ${toHex(m.image.sha256)}\n`)
    })
}
