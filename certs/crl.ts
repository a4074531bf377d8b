/**
 * The PKI's certificate revocation list: an X.509 v2 CRL (RFC 5280 section 5) signed by the CA,
 * written as PEM (`-----BEGIN X509 CRL-----`, RFC 7468 section 6, the label OpenSSL and so Node's
 * `tls` `crl` option read) to `ca.crl` in the PKI folder. The broker loads it and reloads it on
 * change (broker/tls/crl.ts); `aedes-ota pki revoke` writes it.
 */
import 'reflect-metadata'
import * as x509 from '@peculiar/x509'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { OtaError, toOtaError } from '../proto/errors.js'
import { writeFileAtomic } from '../proto/files.js'
import { loadIssuer, type Issuer } from './issuer.js'
import { readPki, type PkiLayout } from './layout.js'
import { io } from './io.js'

/** The CRL's file name inside a PKI folder. */
export const CRL_FILE = 'ca.crl'

/** The PEM label of a CRL (RFC 7468 section 6); `@peculiar/x509` writes `CRL`, which OpenSSL does not read. */
const PEM_LABEL = 'X509 CRL'

/** cRLNumber extension (RFC 5280 section 5.2.3): a monotonically increasing sequence number. */
const CRL_NUMBER_OID = '2.5.29.20'

/**
 * The reason codes `pki revoke --reason` accepts (RFC 5280 section 5.3.1 CRLReason), by name.
 * `removeFromCRL` is left out: it belongs to delta CRLs only, which this PKI does not write.
 */
export const REVOCATION_REASONS = Object.freeze({
  unspecified: x509.X509CrlReason.unspecified,
  keyCompromise: x509.X509CrlReason.keyCompromise,
  cACompromise: x509.X509CrlReason.cACompromise,
  affiliationChanged: x509.X509CrlReason.affiliationChanged,
  superseded: x509.X509CrlReason.superseded,
  cessationOfOperation: x509.X509CrlReason.cessationOfOperation,
  certificateHold: x509.X509CrlReason.certificateHold,
  privilegeWithdrawn: x509.X509CrlReason.privilegeWithdrawn,
  aACompromise: x509.X509CrlReason.aACompromise
} as const)

/** A name of {@link REVOCATION_REASONS}. */
export type RevocationReason = keyof typeof REVOCATION_REASONS

/** Options of {@link revokeCertificate}. */
export interface RevokeOptions {
  /** the CRLReason written into the entry; default `unspecified` */
  reason?: RevocationReason
  /** the revocation time and the CRL's thisUpdate (for tests); default the current time */
  now?: Date
}

/** What {@link revokeCertificate} did. */
export interface RevokeResult {
  /** path of the CRL file */
  crl: string
  /** the revoked certificate's serial number (hex, as in the CRL) */
  serialNumber: string
  /** the CRL's cRLNumber after this call */
  crlNumber: bigint
  /** how many certificates the CRL now lists */
  revoked: number
  /** true when the certificate was already listed: the CRL was left as it was */
  alreadyRevoked: boolean
}

/** Path of the CRL of the PKI `layout` (whether or not it exists yet). */
export function crlPath (layout: Pick<PkiLayout, 'dir'>): string {
  return join(layout.dir, CRL_FILE)
}

/**
 * Revokes the client certificate of `id` (a device's or an operator's in the PKI `dir`): adds its
 * serial to the CA's CRL, or writes the first CRL, signed by the CA (ecdsa-with-SHA256), with
 * version 2, authorityKeyIdentifier and cRLNumber (RFC 5280 sections 5.2.1, 5.2.3; the number is
 * the previous one plus one), thisUpdate = now and nextUpdate = the CA's notAfter. That nextUpdate
 * is deliberate: OpenSSL refuses every client once a CRL is past its nextUpdate, so a shorter one
 * would lock the whole fleet out on the day nobody re-signed it; the CA's end ends everything anyway.
 * The file is replaced atomically, so a broker polling it reads the old or the new CRL, never half.
 *
 * Not safe against concurrent writers of the same PKI (read-modify-write of the CRL).
 *
 * @param dir - a PKI folder made by `initPki`
 * @param id - the certificate's id (CN): a device id or an operator id listed in `pki.json`
 * @returns what was written; revoking a listed certificate again changes nothing (`alreadyRevoked`)
 * @throws OtaError `OTA_INVALID_ARGUMENT` for an id the PKI has no certificate for or an unknown
 *   reason; `OTA_IO` when the PKI, the certificate or the CA cannot be read, the existing CRL is
 *   malformed or not signed by this CA (it is never silently replaced: revocations would be lost),
 *   or the CRL cannot be written
 */
export async function revokeCertificate (dir: string, id: string, opts: RevokeOptions = {}): Promise<RevokeResult> {
  const reasonName = opts.reason ?? 'unspecified'
  if (!Object.hasOwn(REVOCATION_REASONS, reasonName)) {
    throw new OtaError('OTA_INVALID_ARGUMENT', `revocation reason must be one of ${Object.keys(REVOCATION_REASONS).join(', ')}, got ${JSON.stringify(reasonName)}`)
  }
  const now = opts.now ?? new Date()
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new OtaError('OTA_INVALID_ARGUMENT', 'now must be a valid Date')
  const layout = await readPki(dir)
  const pair = layout.devices.find((d) => d.id === id) ?? layout.operators.find((o) => o.id === id)
  if (pair === undefined) throw new OtaError('OTA_INVALID_ARGUMENT', `${layout.dir} has no certificate for ${JSON.stringify(id)}`)
  const certPem = await io(`reading ${pair.cert}`, async () => await readFile(pair.cert, 'utf8'))
  let serialNumber: string
  try {
    serialNumber = new x509.X509Certificate(certPem).serialNumber.toLowerCase()
  } catch (e) {
    throw toOtaError(e, 'OTA_IO', `${pair.cert} is not a certificate`)
  }
  const issuer = await loadIssuer(layout)
  const path = crlPath(layout)
  const previous = await readCrl(path, issuer)
  const entries = previous?.entries ?? []
  const crlNumber = previous?.crlNumber ?? 0n
  if (entries.some((e) => e.serialNumber === serialNumber)) {
    return { crl: path, serialNumber, crlNumber, revoked: entries.length, alreadyRevoked: true }
  }
  const next = [...entries, { serialNumber, revocationDate: now, reason: REVOCATION_REASONS[reasonName] }]
  const pem = await signCrl(issuer, next, crlNumber + 1n, now)
  await writeFileAtomic(path, pem, 0o644)
  return { crl: path, serialNumber, crlNumber: crlNumber + 1n, revoked: next.length, alreadyRevoked: false }
}

/**
 * The serial numbers (lowercase hex) listed in the CRL at `path`, after checking its signature
 * against the CA of `layout`; empty when there is no CRL yet.
 * @throws OtaError `OTA_IO` when the CRL or CA cannot be read, or the CRL is malformed or not the CA's
 */
export async function revokedSerials (layout: PkiLayout): Promise<string[]> {
  const crl = await readCrl(crlPath(layout), await loadIssuer(layout))
  return crl === null ? [] : crl.entries.map((e) => e.serialNumber)
}

interface CrlEntry { serialNumber: string, revocationDate: Date, reason?: x509.X509CrlReason }

/** The CRL at `path` (null when absent), verified against `issuer`. */
async function readCrl (path: string, issuer: Issuer): Promise<{ entries: CrlEntry[], crlNumber: bigint } | null> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw toOtaError(e, 'OTA_IO', `reading ${path}`)
  }
  try {
    const crl = new x509.X509Crl(x509.PemConverter.decodeFirst(text))
    if (!(await crl.verify({ publicKey: issuer.cert.publicKey }))) throw new OtaError('OTA_IO', 'its signature does not verify with the CA key')
    const numberExt = crl.extensions.find((e) => e.type === CRL_NUMBER_OID)
    const crlNumber = numberExt === undefined ? 0n : derInteger(new Uint8Array(numberExt.value))
    const entries = crl.entries.map((e) => ({
      serialNumber: e.serialNumber.toLowerCase(),
      revocationDate: e.revocationDate,
      ...(e.reason !== undefined ? { reason: e.reason } : {})
    }))
    return { entries, crlNumber }
  } catch (e) {
    throw toOtaError(e, 'OTA_IO', `${path} is not a CRL signed by this PKI's CA`)
  }
}

async function signCrl (issuer: Issuer, entries: CrlEntry[], crlNumber: bigint, now: Date): Promise<string> {
  const crl = await x509.X509CrlGenerator.create({
    issuer: issuer.cert.subjectName,
    thisUpdate: now,
    nextUpdate: issuer.cert.notAfter,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    signingKey: issuer.key,
    entries,
    extensions: [
      await x509.AuthorityKeyIdentifierExtension.create(await issuer.cert.publicKey.export()),
      new x509.Extension(CRL_NUMBER_OID, false, derIntegerBytes(crlNumber))
    ]
  })
  return x509.PemConverter.encode(crl.rawData, PEM_LABEL)
}

/** DER INTEGER (tag 2) of a non-negative `n`, minimal (X.690 section 8.3.2). */
function derIntegerBytes (n: bigint): Uint8Array {
  let hex = n.toString(16)
  if (hex.length % 2 === 1) hex = '0' + hex
  if (parseInt(hex.slice(0, 2), 16) >= 0x80) hex = '00' + hex
  const body = Buffer.from(hex, 'hex')
  return Uint8Array.from([0x02, body.length, ...body])
}

/** A non-negative DER INTEGER (short form length; cRLNumber is at most 20 octets, RFC 5280 section 5.2.3). */
function derInteger (der: Uint8Array): bigint {
  if (der.length < 3 || der[0] !== 0x02 || der[1] !== der.length - 2 || der[1]! > 21) throw new OtaError('OTA_IO', 'cRLNumber is not a DER INTEGER')
  if ((der[2]! & 0x80) !== 0) throw new OtaError('OTA_IO', 'cRLNumber is negative')
  return BigInt('0x' + Buffer.from(der.subarray(2)).toString('hex'))
}
