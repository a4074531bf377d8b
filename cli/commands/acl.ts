/**
 * `aedes-ota acl mosquitto`: the Mosquitto configuration fragment and ACL file that keep devices
 * apart when the OTA service runs as a client of Mosquitto (docs/BROKERS.md).
 */
import { Option, type Command } from 'commander'
import { intArg } from '../output.js'
import { MosquittoAclDefaults, MQTT_MAX_PACKET, fleetSummary } from '../acl/mosquitto.js'
import { ACL_FILE, CONF_FILE, writeMosquittoFiles } from '../acl/files.js'

interface AclMosquittoArgs {
  pki?: string
  registry?: string
  service: string
  prefix: string
  out: string
  port: number
  host: string
  ca?: string
  cert?: string
  key?: string
  crl?: string
  tlsVersion: 'tlsv1.2' | 'tlsv1.3'
  maxBundleSize: number
  perListener?: boolean
}

const AFTER_HELP = `
The ACL names every device (a Mosquitto pattern can substitute the CN, never the model), so
regenerate whenever devices or operators are added or removed (pki add-device, a new registry
file), then make Mosquitto re-read it: kill -HUP <mosquitto pid> (systemctl reload mosquitto).
A certificate revoked later (pki revoke) is refused after the same SIGHUP; the first revocation
creates <pki>/ca.crl: regenerate and restart so the listener names it. See docs/BROKERS.md.`

/** Adds `acl mosquitto`. */
export function registerAcl (program: Command): void {
  const acl = program.command('acl').description('broker ACLs for running the OTA service beside another MQTT broker')
  acl.command('mosquitto')
    .description(`write ${CONF_FILE} (a Mosquitto 2.x configuration fragment: TLS listener, certificate CN as username) and ${ACL_FILE} (each device reads and writes only its own and its model's topics)`)
    .addOption(new Option('--pki <dir>', 'dev PKI folder (pki init): its devices, models and operators, and the default CA, broker certificate and CRL').conflicts('registry'))
    .option('--registry <file>', 'instead of --pki: a registry file { "devices": [{ "id", "model" }], "operators": ["id", ...] }')
    .requiredOption('--out <dir>', `folder to write ${CONF_FILE} and ${ACL_FILE} into (created if missing); the fragment names the ACL by its absolute path`)
    .option('--service <id>', 'the OTA service\'s id (CN of its operator certificate); must be an operator of the registry', MosquittoAclDefaults.service)
    .option('--prefix <prefix>', 'OTA topic prefix (the service\'s)', MosquittoAclDefaults.prefix)
    .option('--port <port>', 'listener port', intArg(1, 65535), MosquittoAclDefaults.port)
    .option('--host <address>', 'address the listener binds (\'\' for every address)', MosquittoAclDefaults.host)
    .option('--ca <file>', 'CA certificate (PEM) that issued device and operator certificates; default the PKI\'s')
    .option('--cert <file>', 'the broker\'s TLS certificate (PEM); default the PKI\'s server certificate')
    .option('--key <file>', 'the broker\'s private key (PEM); default the PKI\'s server key')
    .option('--crl <file>', 'CA revocation list (PEM, pki revoke); default <pki>/ca.crl when it exists')
    .addOption(new Option('--tls-version <version>', 'lowest TLS version accepted').choices(['tlsv1.2', 'tlsv1.3']).default(MosquittoAclDefaults.tlsVersion))
    .option('--max-bundle-size <bytes>', `largest release bundle an operator publishes (the service's --max-bundle-size); sets max_packet_size, capped at MQTT's ${MQTT_MAX_PACKET}`,
      intArg(1024, 2 ** 31), MosquittoAclDefaults.maxBundleSize)
    .option('--per-listener', 'bind the ACL to this listener only (per_listener_settings true): only when the broker\'s other listeners keep clients off the OTA topics themselves')
    .addHelpText('after', AFTER_HELP)
    .action(async (o: AclMosquittoArgs) => {
      const r = await writeMosquittoFiles({
        out: o.out,
        service: o.service,
        prefix: o.prefix,
        port: o.port,
        host: o.host,
        tlsVersion: o.tlsVersion,
        maxBundleSize: o.maxBundleSize,
        perListener: o.perListener === true,
        ...(o.pki !== undefined ? { pki: o.pki } : {}),
        ...(o.registry !== undefined ? { registry: o.registry } : {}),
        ...(o.ca !== undefined ? { ca: o.ca } : {}),
        ...(o.cert !== undefined ? { cert: o.cert } : {}),
        ...(o.key !== undefined ? { key: o.key } : {}),
        ...(o.crl !== undefined ? { crl: o.crl } : {})
      })
      process.stdout.write(
        `wrote ${r.acl}: ${fleetSummary(r.registry)} (service ${o.service})\n` +
        `wrote ${r.conf}: listener ${o.host === '' ? '*' : o.host}:${o.port}, TLS ${o.tlsVersion.slice(4)}+, client certificates required${r.crl !== undefined ? `, CRL ${r.crl}` : ''}\n` +
        `include it in Mosquitto's configuration (e.g. copy it to /etc/mosquitto/conf.d/) and restart Mosquitto once;\n` +
        'after regenerating, reload the ACL: kill -HUP $(pidof mosquitto)   (or: systemctl reload mosquitto)\n')
    })
}
