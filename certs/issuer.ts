/**
 * Issuing certificates: the CA, leaf certificates signed by it, and loading an existing CA.
 *
 * Keys are ECDSA P-256 and signatures SHA-256 (ecdsa-with-SHA256): every TLS 1.3 stack and
 * small device TLS library (mbedTLS, wolfSSL) supports that pair, unlike Ed25519 certificates.
 */
// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata'
import * as x509 from '@peculiar/x509'
import { createPrivateKey, createPublicKey, KeyObject, randomBytes, webcrypto } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { toOtaError } from '../proto/errors.js'
import { writeFileAtomic } from '../proto/files.js'
import { PKI_ORGANIZATION } from './identity.js'
import type { BrokerHost } from './hosts.js'
import type { PkiFilePair, PkiLayout } from './layout.js'
import { io } from './io.js'

// x509 signs and hashes through WebCrypto; Node's implementation is complete for ECDSA P-256.
x509.cryptoProvider.set(webcrypto)

/**
 * 825 days is the longest TLS server certificate lifetime Apple platforms accept
 * (and the CA/Browser Forum limit from 2018 to 2020), so the dev server certificate works everywhere.
 */
export const DEFAULT_VALIDITY_DAYS = 825

/** Backdating absorbs clock skew between the machine issuing and the machines verifying. */
export const BACKDATE_MS = 5 * 60 * 1000

export const DAY_MS = 24 * 60 * 60 * 1000
const EC_PARAMS = { name: 'ECDSA', namedCurve: 'P-256' } as const
const SIGNING_ALG = { name: 'ECDSA', hash: 'SHA-256' } as const

type Keys = webcrypto.CryptoKeyPair
/** A CA certificate and its signing key. */
export interface Issuer { cert: x509.X509Certificate, key: webcrypto.CryptoKey }
/** The validity period of a certificate. */
export interface Validity { notBefore: Date, notAfter: Date }

/**
 * Creates the self-signed CA, `CN=aedes-ota dev CA, O=aedes-ota`, basicConstraints CA:true
 * (critical, pathLen 0), keyUsage keyCertSign|cRLSign (critical), and writes it to `paths`.
 */
export async function createCa (dir: string, paths: PkiFilePair, validity: Validity): Promise<Issuer> {
  const caKeys = await generateKeys()
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: dn([['O', PKI_ORGANIZATION], ['CN', 'aedes-ota dev CA']]),
    ...validity,
    signingAlgorithm: SIGNING_ALG,
    keys: caKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey)
    ]
  })
  await writePair(dir, paths, caCert, caKeys.privateKey)
  return { cert: caCert, key: caKeys.privateKey }
}

/**
 * Issues the broker's TLS server certificate: CN = the first host, subjectAltName = every host
 * (DNS and IP entries), extKeyUsage serverAuth.
 */
export async function issueServer (dir: string, paths: PkiFilePair, issuer: Issuer, validity: Validity, hosts: readonly BrokerHost[]): Promise<void> {
  await issueLeaf(dir, paths, issuer, validity, dn([['O', PKI_ORGANIZATION], ['CN', hosts[0]!.value]]), x509.ExtendedKeyUsage.serverAuth, [
    new x509.SubjectAlternativeNameExtension(hosts.map((h) => ({ type: h.type, value: h.value })))
  ])
}

/** Issues a client certificate (extKeyUsage clientAuth) for `rdns` (ASN.1 order, most general first). */
export async function issueClient (dir: string, paths: PkiFilePair, issuer: Issuer, validity: Validity, rdns: Array<[string, string]>): Promise<void> {
  await issueLeaf(dir, paths, issuer, validity, dn(rdns), x509.ExtendedKeyUsage.clientAuth)
}

async function issueLeaf (
  dir: string, paths: PkiFilePair, issuer: Issuer, validity: Validity, subject: x509.JsonName, eku: string, extra: x509.Extension[] = []
): Promise<void> {
  const keys = await generateKeys()
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject,
    issuer: issuer.cert.subjectName,
    ...validity,
    signingAlgorithm: SIGNING_ALG,
    publicKey: keys.publicKey,
    signingKey: issuer.key,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([eku]),
      ...extra,
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(await issuer.cert.publicKey.export())
    ]
  })
  await writePair(dir, paths, cert, keys.privateKey)
}

/** ASN.1 order (most general first), as OpenSSL and most CAs write it. */
function dn (rdns: Array<[string, string]>): x509.JsonName {
  return rdns.map(([k, v]) => ({ [k]: [v] }))
}

/**
 * 16 random bytes with the top bit cleared (RFC 5280 §4.1.2.2: positive, at most 20 octets),
 * and a non-zero first byte so the DER INTEGER stays minimal — a leading 0x00 before a byte
 * below 0x80 is an encoding error strict parsers reject.
 */
function randomSerial (): string {
  const b = randomBytes(16)
  b[0] = (b[0]! & 0x7f) || 0x01
  return b.toString('hex')
}

async function generateKeys (): Promise<Keys> {
  // Extractable only so the private key can be written out as PKCS#8.
  return await webcrypto.subtle.generateKey(EC_PARAMS, true, ['sign', 'verify'])
}

async function writePair (dir: string, paths: PkiFilePair, cert: x509.X509Certificate, key: webcrypto.CryptoKey): Promise<void> {
  const keyPem = KeyObject.from(key).export({ type: 'pkcs8', format: 'pem' }) as string
  const keyPath = join(dir, paths.key)
  const certPath = join(dir, paths.cert)
  // Exclusive: never replace a key or certificate something may already be provisioned with.
  await writeFileAtomic(keyPath, keyPem, 0o600, { exclusive: true })
  await writeFileAtomic(certPath, cert.toString('pem') + '\n', 0o644, { exclusive: true })
}

/** Loads the CA of a PKI, checking that its key matches its certificate. @throws OtaError `OTA_IO` */
export async function loadIssuer (layout: PkiLayout): Promise<Issuer> {
  const [certPem, keyPem] = await io(`reading the CA of ${layout.dir}`, async () =>
    await Promise.all([readFile(layout.ca.cert, 'utf8'), readFile(layout.ca.key, 'utf8')]))
  try {
    const cert = new x509.X509Certificate(certPem)
    const keyObj = createPrivateKey(keyPem)
    const spki = createPublicKey(keyObj).export({ type: 'spki', format: 'der' })
    // Signing with a key that is not the CA's would issue certificates nothing can verify.
    if (!Buffer.from(cert.publicKey.rawData).equals(spki)) throw new Error('ca.key does not match ca.crt')
    const der = keyObj.export({ type: 'pkcs8', format: 'der' })
    const key = await webcrypto.subtle.importKey('pkcs8', der, EC_PARAMS, false, ['sign'])
    return { cert, key }
  } catch (e) {
    throw toOtaError(e, 'OTA_IO', `loading the CA of ${layout.dir}`)
  }
}

