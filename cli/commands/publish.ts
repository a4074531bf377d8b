/** `aedes-ota publish`: hand a bundle to a running broker over MQTT with an operator certificate. */
import type { Command } from 'commander'
import { readFile } from 'node:fs/promises'
import { readPki } from '../../certs/index.js'
import { OtaError, toHex, toOtaError } from '../../proto/index.js'
import { publishBundle } from '../../broker/index.js'

export function registerPublish (program: Command): void {
  program.command('publish')
    .description('publish a release bundle to a running broker (operator certificate over mutual-TLS MQTT); the broker verifies it before announcing it')
    .argument('<bundle>', 'bundle file (release create)')
    .requiredOption('--pki <dir>', 'PKI folder holding the CA and operator certificates')
    .option('--operator <id>', 'operator id (certificate in <pki>/operators)', 'operator')
    .option('--broker <url>', 'broker URL', 'mqtts://127.0.0.1:8883')
    .action(async (bundlePath: string, o: { pki: string, operator: string, broker: string }) => {
      const pki = await readPki(o.pki)
      const op = pki.operators.find((x) => x.id === o.operator)
      if (op === undefined) throw new OtaError('OTA_INVALID_ARGUMENT', `no operator ${o.operator} in ${o.pki}`)
      const read = async (p: string): Promise<Buffer> => await readFile(p).catch((e) => { throw toOtaError(e, 'OTA_IO', `cannot read ${p}`) })
      const [bundle, ca, cert, key] = await Promise.all([read(bundlePath), read(pki.ca.cert), read(op.cert), read(op.key)])
      const r = await publishBundle({ url: o.broker, ca, cert, key, operatorId: op.id, bundle })
      process.stdout.write(`announced ${r.model} ${r.version} (sequence ${r.sequence}, artifact ${toHex(r.artifact).slice(0, 16)}…)\n`)
    })
}
