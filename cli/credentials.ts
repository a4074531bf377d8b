/**
 * Reading what commands need from the PKI and trust folders, with coded errors.
 */
import type { Command } from 'commander'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { OperatorConnection } from '../operator/index.js'
import { readPki, type PkiLayout } from '../certs/index.js'
import { OtaError, toOtaError, verifyRoot, type TrustedRoot } from '../proto/index.js'
import { KeyFiles } from '../sign/index.js'

/** Reads a file, as an `OTA_IO` error naming it when that fails. */
export async function readOrFail (path: string): Promise<Buffer> {
  return await readFile(path).catch((e) => { throw toOtaError(e, 'OTA_IO', `cannot read ${path}`) })
}

/** The verified trust anchor `<dir>/root.bin`. */
export async function readTrust (dir: string): Promise<TrustedRoot> {
  return verifyRoot(new Uint8Array(await readOrFail(join(dir, KeyFiles.trust))))
}

/** TLS material of an operator in a PKI folder. */
export async function operatorTls (pkiDir: string, operatorId: string): Promise<{ ca: Buffer, cert: Buffer, key: Buffer, operatorId: string }> {
  const pki = await readPki(pkiDir)
  const op = pki.operators.find((x) => x.id === operatorId)
  if (op === undefined) throw new OtaError('OTA_INVALID_ARGUMENT', `no operator ${operatorId} in ${pkiDir}`)
  const [ca, cert, key] = await Promise.all([readOrFail(pki.ca.cert), readOrFail(op.cert), readOrFail(op.key)])
  return { ca, cert, key, operatorId: op.id }
}

/** What the options of {@link withOperatorOptions} give an operator command. */
export interface OperatorArgs {
  pki: string
  operator: string
  broker: string
  servername?: string
}

/**
 * Adds the options every operator command shares (`publish`, `status`, `release list`): the PKI
 * folder, the operator id, the broker URL and the TLS server name override.
 */
export function withOperatorOptions (cmd: Command): Command {
  return cmd
    .requiredOption('--pki <dir>', 'PKI folder holding the CA and operator certificates')
    .option('--operator <id>', 'operator id (certificate in <pki>/operators)', 'operator')
    .option('--broker <url>', 'broker URL', 'mqtts://127.0.0.1:8883')
    .option('--servername <name>', 'name the broker certificate must carry (default: the URL\'s host; for an IP address, the certificate\'s IP SANs are checked)')
}

/**
 * The connection {@link withOperatorOptions} names.
 * @throws OtaError `OTA_INVALID_ARGUMENT` for an operator not in the PKI, `OTA_IO` for unreadable files
 */
export async function operatorConnection (o: OperatorArgs): Promise<OperatorConnection> {
  return { url: o.broker, ...(await operatorTls(o.pki, o.operator)), ...(o.servername !== undefined ? { servername: o.servername } : {}) }
}

/** Model and TLS material of a device in a loaded PKI. */
export async function deviceTls (pki: PkiLayout, id: string): Promise<{ model: string, tls: { ca: Buffer, cert: Buffer, key: Buffer } }> {
  const me = pki.devices.find((d) => d.id === id)
  if (me === undefined) throw new OtaError('OTA_INVALID_ARGUMENT', `no device ${id} in ${pki.dir}`)
  const [ca, cert, key] = await Promise.all([readOrFail(pki.ca.cert), readOrFail(me.cert), readOrFail(me.key)])
  return { model: me.model, tls: { ca, cert, key } }
}
