/**
 * Reading what commands need from the PKI and trust folders, with coded errors.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
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

/** Model and TLS material of a device in a loaded PKI. */
export async function deviceTls (pki: PkiLayout, id: string): Promise<{ model: string, tls: { ca: Buffer, cert: Buffer, key: Buffer } }> {
  const me = pki.devices.find((d) => d.id === id)
  if (me === undefined) throw new OtaError('OTA_INVALID_ARGUMENT', `no device ${id} in ${pki.dir}`)
  const [ca, cert, key] = await Promise.all([readOrFail(pki.ca.cert), readOrFail(me.cert), readOrFail(me.key)])
  return { model: me.model, tls: { ca, cert, key } }
}
