/**
 * `aedes-ota pki add-device` and `pki revoke`: the device certificate life cycle after `pki init`
 * (one more certificate from the existing CA; a certificate listed in the CA's CRL).
 */
import { Option, type Command } from 'commander'
import { REVOCATION_REASONS, addDevices, revokeCertificate, type RevocationReason } from '../../certs/index.js'

/** Adds `pki add-device ID` and `pki revoke ID` to the `pki` command. */
export function registerPkiDevices (pki: Command): void {
  pki.command('add-device')
    .description('issue one more device certificate from the PKI\'s CA (no new CA, nothing else changed)')
    .argument('<id>', 'the device id (CN of the certificate, the MQTT clientId)')
    .requiredOption('--pki <dir>', 'PKI folder (pki init)')
    .option('--model <model>', 'device model (OU=device:<model>); default the PKI\'s model')
    .action(async (id: string, o: { pki: string, model?: string }) => {
      const layout = await addDevices(o.pki, [id], o.model)
      const d = layout.devices.find((x) => x.id === id)!
      process.stdout.write(`device ${id} (model ${d.model}): ${d.cert}\nkey ${d.key}\n`)
    })
  pki.command('revoke')
    .description('list a device\'s (or operator\'s) certificate in the CA\'s CRL (<pki>/ca.crl); a running broker refuses it from its next CRL poll')
    .argument('<id>', 'the certificate id (device or operator id)')
    .requiredOption('--pki <dir>', 'PKI folder (pki init)')
    .addOption(new Option('--reason <reason>', 'CRLReason written into the entry (RFC 5280 section 5.3.1)')
      .choices(Object.keys(REVOCATION_REASONS)).default('unspecified'))
    .action(async (id: string, o: { pki: string, reason: RevocationReason }) => {
      const r = await revokeCertificate(o.pki, id, { reason: o.reason })
      const what = r.alreadyRevoked ? 'already revoked' : `revoked (${o.reason})`
      process.stdout.write(`${id} ${what}: serial ${r.serialNumber}\nCRL ${r.crl}: number ${r.crlNumber.toString()}, ${r.revoked} certificate(s) listed\n`)
    })
}
