/** `aedes-ota release list`: the broker's current releases, over MQTT with an operator certificate. */
import type { Command } from 'commander'
import { toHex } from '../../proto/index.js'
import { listReleases } from '../../operator/index.js'
import { operatorConnection, withOperatorOptions, type OperatorArgs } from '../credentials.js'
import { isoTime, table } from '../output.js'

/** Adds `release list` under `release`. */
export function registerReleaseList (release: Command): void {
  withOperatorOptions(release.command('list')
    .description('the broker\'s current release of each model (operator certificate)'))
    .option('--json', 'print one JSON object { releases: [...] }', false)
    .action(async (o: OperatorArgs & { json: boolean }) => {
      const releases = await listReleases(await operatorConnection(o))
      if (o.json) {
        process.stdout.write(JSON.stringify({ releases: releases.map((r) => ({ ...r, artifact: toHex(r.artifact), expiresAt: isoTime(r.expiresAt), publishedAt: isoTime(r.publishedAt) })) }) + '\n')
        return
      }
      process.stdout.write(table(['model', 'version', 'security version', 'sequence', 'size', 'chunks', 'expires', 'published'],
        releases.map((r) => [r.model, r.version, r.securityVersion, r.sequence, r.size, `${r.chunks} x ${r.chunkSize}`, isoTime(r.expiresAt, 'never'), isoTime(r.publishedAt)])) + '\n')
      process.stdout.write(`${releases.length} releases\n`)
    })
}
