/** `aedes-ota release list`: the broker's current releases, over MQTT with an operator certificate. */
import type { Command } from 'commander'
import { toHex } from '../../proto/index.js'
import { listReleases } from '../../operator/index.js'
import { operatorTls } from '../credentials.js'
import { table } from '../output.js'

/** Adds `release list` under `release`. */
export function registerReleaseList (release: Command): void {
  release.command('list')
    .description('the broker\'s current release of each model (operator certificate)')
    .requiredOption('--pki <dir>', 'PKI folder holding the CA and operator certificates')
    .option('--operator <id>', 'operator id (certificate in <pki>/operators)', 'operator')
    .option('--broker <url>', 'broker URL', 'mqtts://127.0.0.1:8883')
    .option('--servername <name>', 'name the broker certificate must carry (default: the URL\'s host)')
    .option('--json', 'print one JSON object { releases: [...] }', false)
    .action(async (o: { pki: string, operator: string, broker: string, servername?: string, json: boolean }) => {
      const releases = await listReleases({ url: o.broker, ...(await operatorTls(o.pki, o.operator)), ...(o.servername !== undefined ? { servername: o.servername } : {}) })
      const iso = (ms: number): string => ms > 0 ? new Date(ms).toISOString() : ''
      if (o.json) {
        process.stdout.write(JSON.stringify({ releases: releases.map((r) => ({ ...r, artifact: toHex(r.artifact), expiresAt: iso(r.expiresAt), publishedAt: iso(r.publishedAt) })) }) + '\n')
        return
      }
      process.stdout.write(table(['model', 'version', 'security version', 'sequence', 'size', 'chunks', 'expires', 'published'],
        releases.map((r) => [r.model, r.version, r.securityVersion, r.sequence, r.size, `${r.chunks} x ${r.chunkSize}`, r.expiresAt > 0 ? iso(r.expiresAt) : 'never', iso(r.publishedAt)])) + '\n')
      process.stdout.write(`${releases.length} releases\n`)
    })
}
