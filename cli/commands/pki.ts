/** `aedes-ota pki init`: the dev PKI (CA, broker certificate, device and operator certificates). */
import { Option, type Command } from 'commander'
import { DEFAULT_BROKER_HOSTS, initPki, parseBrokerHosts } from '../../certs/index.js'
import { intArg } from '../output.js'
import { optionParser } from '../options.js'
import { registerPkiDevices } from './pki-devices.js'

/** Adds `pki init` (the dev PKI: CA, broker certificate, device and operator certificates), `pki add-device` and `pki revoke`. */
export function registerPki (program: Command): void {
  const pki = program.command('pki').description('development PKI for mutual TLS')
  pki.command('init')
    .description('create a dev CA, the broker certificate (for --broker-host), device and operator certificates')
    .requiredOption('--out <dir>', 'folder to write into')
    .requiredOption('--model <model>', 'device model written into each device certificate (OU=device:<model>)')
    .option('--devices <n>', 'number of device certificates', intArg(0, 10_000), 5)
    .option('--operators <ids>', 'comma-separated operator ids', 'operator')
    .option('--prefix <prefix>', 'device id prefix (ids are <prefix>-0001, ...)', 'dev')
    .addOption(new Option('--broker-host <names>', 'comma-separated DNS names and IP addresses the broker certificate is for (every name clients put in the broker URL)')
      .argParser(optionParser((v) => parseBrokerHosts(v).map((h) => h.value)))
      .default([...DEFAULT_BROKER_HOSTS], DEFAULT_BROKER_HOSTS.join(',')))
    .action(async (o: { out: string, model: string, devices: number, operators: string, prefix: string, brokerHost: string[] }) => {
      const layout = await initPki({ out: o.out, model: o.model, devices: o.devices, operators: o.operators.split(',').filter(Boolean), devicePrefix: o.prefix, brokerHosts: o.brokerHost })
      process.stdout.write(`CA ${layout.ca.cert}\nbroker ${layout.server.cert} for ${layout.brokerHosts.join(', ')}\n${layout.devices.length} device certificates in ${o.out}/devices, ${layout.operators.length} operator certificates in ${o.out}/operators\n`)
    })
  registerPkiDevices(pki)
}
