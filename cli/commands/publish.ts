/** `aedes-ota publish`: hand a bundle to a running broker over MQTT with an operator certificate. */
import type { Command } from 'commander'
import { toHex } from '../../proto/index.js'
import { publishBundle } from '../../broker/index.js'
import { operatorTls, readOrFail } from '../credentials.js'

/** Adds `publish`: an operator hands a bundle to a running broker over mutual-TLS MQTT; fails with the broker's error code. */
export function registerPublish (program: Command): void {
  program.command('publish')
    .description('publish a release bundle to a running broker (operator certificate over mutual-TLS MQTT); the broker verifies it before announcing it')
    .argument('<bundle>', 'bundle file (release create)')
    .requiredOption('--pki <dir>', 'PKI folder holding the CA and operator certificates')
    .option('--operator <id>', 'operator id (certificate in <pki>/operators)', 'operator')
    .option('--broker <url>', 'broker URL', 'mqtts://127.0.0.1:8883')
    .action(async (bundlePath: string, o: { pki: string, operator: string, broker: string }) => {
      const [bundle, tls] = await Promise.all([readOrFail(bundlePath), operatorTls(o.pki, o.operator)])
      const r = await publishBundle({ url: o.broker, ...tls, bundle })
      process.stdout.write(`announced ${r.model} ${r.version} (sequence ${r.sequence}, artifact ${toHex(r.artifact).slice(0, 16)}…)\n`)
    })
}
