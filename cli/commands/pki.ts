/** `aedes-ota pki init`: the dev PKI (CA, broker certificate, device and operator certificates). */
import type { Command } from 'commander'
import { initPki } from '../../certs/index.js'
import { intArg } from '../output.js'

/** Adds `pki init`: the dev PKI (CA, broker certificate, device and operator certificates). */
export function registerPki (program: Command): void {
  const pki = program.command('pki').description('development PKI for mutual TLS')
  pki.command('init')
    .description('create a dev CA, the broker certificate (localhost, 127.0.0.1), device and operator certificates')
    .requiredOption('--out <dir>', 'folder to write into')
    .requiredOption('--model <model>', 'device model written into each device certificate (OU=device:<model>)')
    .option('--devices <n>', 'number of device certificates', intArg(0, 100000), 5)
    .option('--operators <ids>', 'comma-separated operator ids', 'operator')
    .option('--prefix <prefix>', 'device id prefix (ids are <prefix>-0001, ...)', 'dev')
    .action(async (o: { out: string, model: string, devices: number, operators: string, prefix: string }) => {
      const layout = await initPki({ out: o.out, model: o.model, devices: o.devices, operators: o.operators.split(',').filter(Boolean), devicePrefix: o.prefix })
      process.stdout.write(`CA ${layout.ca.cert}\nbroker ${layout.server.cert}\n${layout.devices.length} device certificates in ${o.out}/devices, ${layout.operators.length} operator certificates in ${o.out}/operators\n`)
    })
}
