/** `aedes-ota publish`: hand a bundle to a running broker over MQTT with an operator certificate. */
import type { Command } from 'commander'
import { toHex } from '../../proto/index.js'
import { publishBundle } from '../../operator/index.js'
import { operatorTls, readOrFail } from '../credentials.js'

/** Adds `publish`: an operator hands a bundle to a running broker over mutual-TLS MQTT; fails with the broker's error code. */
export function registerPublish (program: Command): void {
  program.command('publish')
    .description('publish a release bundle to a running broker (operator certificate over mutual-TLS MQTT); the broker verifies it and checks it against the current release before announcing it')
    .argument('<bundle>', 'bundle file (release create)')
    .requiredOption('--pki <dir>', 'PKI folder holding the CA and operator certificates')
    .option('--operator <id>', 'operator id (certificate in <pki>/operators)', 'operator')
    .option('--broker <url>', 'broker URL', 'mqtts://127.0.0.1:8883')
    .option('--servername <name>', 'name the broker certificate must carry (default: the URL\'s host)')
    .option('--force', 'publish even a security version below the current release\'s, a version downgrade or a sequence far above the current one', false)
    .action(async (bundlePath: string, o: { pki: string, operator: string, broker: string, servername?: string, force: boolean }) => {
      const [bundle, tls] = await Promise.all([readOrFail(bundlePath), operatorTls(o.pki, o.operator)])
      const r = await publishBundle({ url: o.broker, ...tls, bundle, force: o.force, ...(o.servername !== undefined ? { servername: o.servername } : {}) })
      const what = `${r.model} ${r.version} (sequence ${r.sequence}, artifact ${toHex(r.artifact).slice(0, 16)}…)`
      process.stdout.write(r.alreadyCurrent ? `already current: ${what}\n` : `announced ${what}\n`)
    })
}
