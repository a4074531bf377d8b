/**
 * The development PKI: one CA, a TLS server certificate for `localhost`, and client
 * certificates for devices and operators whose subjects follow the convention of ./identity.ts.
 *
 * Keys are ECDSA P-256 and signatures SHA-256 (ecdsa-with-SHA256): every TLS 1.3 stack and
 * small device TLS library (mbedTLS, wolfSSL) supports that pair, unlike Ed25519 certificates.
 */
// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata'
import * as x509 from '@peculiar/x509'
import { createPrivateKey, createPublicKey, KeyObject, randomBytes, webcrypto } from 'node:crypto'
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { isAbsolute, join, relative as relativePath, resolve, sep } from 'node:path'
import { OtaError, toOtaError } from '../proto/errors.js'
import { writeFileAtomic } from '../proto/files.js'
import { assertIdentifier, isIdentifier } from '../proto/identifiers.js'
import { DEVICE_OU_PREFIX, OPERATOR_OU, PKI_ORGANIZATION } from './identity.js'

// x509 signs and hashes through WebCrypto; Node's implementation is complete for ECDSA P-256.
x509.cryptoProvider.set(webcrypto)

/** A certificate and its private key, as PEM files. */
export interface PkiFilePair {
  /** path of the PEM certificate */
  cert: string
  /** path of the PKCS#8 PEM private key (mode 0600) */
  key: string
}

/**
 * What `initPki` wrote. Paths are absolute when returned by this module; in `DIR/pki.json`
 * they are stored relative to DIR (with `/` separators) so the directory can be moved.
 */
export interface PkiLayout {
  /** the PKI directory (absolute) */
  dir: string
  /** the model given to `initPki`, the default for `addDevices` */
  model: string
  /** the self-signed CA; brokers and devices trust `ca.cert` */
  ca: PkiFilePair
  /** the broker's TLS server certificate (`localhost`, `127.0.0.1`, `::1`) */
  server: PkiFilePair
  /** device client certificates, `CN=<id>, OU=device:<model>` */
  devices: Array<{ id: string, model: string } & PkiFilePair>
  /** operator client certificates, `CN=<id>, OU=operator` */
  operators: Array<{ id: string } & PkiFilePair>
}

/** Options of {@link initPki}. */
export interface InitPkiOptions {
  /** directory to create (or an empty/new one); must not already hold a PKI */
  out: string
  /** device model (an identifier), written into each device certificate's OU */
  model: string
  /** how many device certificates to issue, 0–10000 */
  devices: number
  /** operator ids (identifiers, unique); default `['operator']` */
  operators?: string[]
  /** device ids are `<devicePrefix>-0001` …; default `dev` */
  devicePrefix?: string
  /** lifetime of every certificate in days, 1–36500; default 825 */
  validityDays?: number
  /** the issuing time (for tests); default the current time */
  now?: Date
}

/** Upper bound on `devices`, to catch a typo before it writes tens of thousands of files. */
export const MAX_PKI_DEVICES = 10_000

/**
 * 825 days is the longest TLS server certificate lifetime Apple platforms accept
 * (and the CA/Browser Forum limit from 2018 to 2020), so the dev server certificate works everywhere.
 */
const DEFAULT_VALIDITY_DAYS = 825

/** Backdating absorbs clock skew between the machine issuing and the machines verifying. */
const BACKDATE_MS = 5 * 60 * 1000

const DAY_MS = 24 * 60 * 60 * 1000
const EC_PARAMS = { name: 'ECDSA', namedCurve: 'P-256' } as const
const SIGNING_ALG = { name: 'ECDSA', hash: 'SHA-256' } as const
const LAYOUT_FILE = 'pki.json'

type Keys = webcrypto.CryptoKeyPair
interface Issuer { cert: x509.X509Certificate, key: webcrypto.CryptoKey }
interface Validity { notBefore: Date, notAfter: Date }

/**
 * Creates a dev PKI in `opts.out`: `ca.crt`/`ca.key`, `server.crt`/`server.key`,
 * `devices/<id>.crt`/`.key`, `operators/<id>.crt`/`.key` and `pki.json`.
 *
 * - CA: self-signed, `CN=aedes-ota dev CA, O=aedes-ota`, basicConstraints CA:true (critical,
 *   pathLen 0), keyUsage keyCertSign|cRLSign (critical).
 * - Server: `CN=localhost, O=aedes-ota`, SAN DNS `localhost`, IP `127.0.0.1` and `::1`,
 *   extKeyUsage serverAuth, keyUsage digitalSignature.
 * - Devices `<devicePrefix>-NNNN` (N = 1…devices, zero-padded to 4 digits):
 *   `CN=<id>, OU=device:<model>, O=aedes-ota`, extKeyUsage clientAuth, keyUsage digitalSignature.
 * - Operators: `CN=<id>, OU=operator, O=aedes-ota`, extKeyUsage clientAuth, keyUsage digitalSignature.
 *
 * Every certificate has a random positive 128-bit serial, notBefore = now − 5 min and
 * notAfter = now + validityDays. Files are PEM; private keys are unencrypted PKCS#8 with mode 0600.
 * Existing files are never overwritten.
 *
 * @returns the layout, with absolute paths
 * @throws OtaError `OTA_INVALID_ARGUMENT` for a bad option (model, ids, counts, days, date) or when
 *   `out` already holds a PKI (`pki.json` or `ca.key`); `OTA_IO` when a file cannot be written
 */
export async function initPki (opts: InitPkiOptions): Promise<PkiLayout> {
  if (typeof opts?.out !== 'string' || opts.out.length === 0) throw new OtaError('OTA_INVALID_ARGUMENT', 'pki init: out directory is required')
  const model = assertIdentifier(opts.model, 'model')
  const count = opts.devices
  if (!Number.isSafeInteger(count) || count < 0 || count > MAX_PKI_DEVICES) {
    throw new OtaError('OTA_INVALID_ARGUMENT', `devices must be an integer from 0 to ${MAX_PKI_DEVICES}, got ${String(count)}`)
  }
  const prefix = assertIdentifier(opts.devicePrefix ?? 'dev', 'devicePrefix')
  const deviceIds = Array.from({ length: count }, (_, i) => assertIdentifier(`${prefix}-${String(i + 1).padStart(4, '0')}`, 'device id'))
  const operatorIds = uniqueIds(opts.operators ?? ['operator'], 'operator id')
  const days = opts.validityDays ?? DEFAULT_VALIDITY_DAYS
  if (!Number.isSafeInteger(days) || days < 1 || days > 36_500) {
    throw new OtaError('OTA_INVALID_ARGUMENT', `validityDays must be an integer from 1 to 36500, got ${String(days)}`)
  }
  const now = opts.now ?? new Date()
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new OtaError('OTA_INVALID_ARGUMENT', 'now must be a valid Date')
  const validity: Validity = { notBefore: new Date(now.getTime() - BACKDATE_MS), notAfter: new Date(now.getTime() + days * DAY_MS) }

  const dir = resolve(opts.out)
  for (const f of [LAYOUT_FILE, 'ca.key']) {
    if (await exists(join(dir, f))) {
      throw new OtaError('OTA_INVALID_ARGUMENT', `${dir} already holds a PKI (${f} exists); use addDevices or choose another directory`)
    }
  }
  await io(`creating ${dir}`, async () => {
    await mkdir(join(dir, 'devices'), { recursive: true })
    await mkdir(join(dir, 'operators'), { recursive: true })
  })

  const rel: PkiLayout = {
    dir: '.',
    model,
    ca: { cert: 'ca.crt', key: 'ca.key' },
    server: { cert: 'server.crt', key: 'server.key' },
    devices: deviceIds.map(id => ({ id, model, ...devicePaths(id) })),
    operators: operatorIds.map(id => ({ id, cert: `operators/${id}.crt`, key: `operators/${id}.key` }))
  }

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
  await writePair(dir, rel.ca, caCert, caKeys.privateKey)
  const issuer: Issuer = { cert: caCert, key: caKeys.privateKey }

  await issueLeaf(dir, rel.server, issuer, validity, dn([['O', PKI_ORGANIZATION], ['CN', 'localhost']]), x509.ExtendedKeyUsage.serverAuth, [
    new x509.SubjectAlternativeNameExtension([
      { type: 'dns', value: 'localhost' },
      { type: 'ip', value: '127.0.0.1' },
      { type: 'ip', value: '::1' }
    ])
  ])
  for (const d of rel.devices) await issueDevice(dir, d, issuer, validity)
  for (const o of rel.operators) {
    await issueLeaf(dir, o, issuer, validity, dn([['O', PKI_ORGANIZATION], ['OU', OPERATOR_OU], ['CN', o.id]]), x509.ExtendedKeyUsage.clientAuth)
  }
  await writeLayout(dir, rel)
  return absolute(dir, rel)
}

/**
 * Reads the layout `initPki` wrote to `DIR/pki.json`.
 *
 * @param dir - the PKI directory
 * @returns the layout with absolute paths (resolved against `dir`, wherever it now is)
 * @throws OtaError `OTA_IO` when `pki.json` is missing, unreadable, not JSON or not a valid layout
 */
export async function readPki (dir: string): Promise<PkiLayout> {
  const abs = resolve(dir)
  const file = join(abs, LAYOUT_FILE)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw toOtaError(e, 'OTA_IO', code === 'ENOENT' ? `no PKI in ${abs} (${LAYOUT_FILE} missing; run \`aedes-ota pki init\`)` : `reading ${file}`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw toOtaError(e, 'OTA_IO', `${file} is not JSON`)
  }
  return absolute(abs, parseLayout(json, file))
}

/**
 * Issues device certificates for `ids` with the PKI's existing CA and records them in `pki.json`.
 * They are valid for 825 days from now but end with the CA at the latest: a certificate
 * outliving its issuer fails verification anyway, and this way the dates say so.
 *
 * Not safe against concurrent writers of the same directory (read-modify-write of `pki.json`).
 *
 * @param dir - a directory made by {@link initPki}
 * @param ids - new device ids (identifiers, unique, not already in the PKI); empty is a no-op
 * @param model - their model; default the PKI's `model`
 * @returns the updated layout, with absolute paths
 * @throws OtaError `OTA_INVALID_ARGUMENT` for a bad or duplicate id or model, or an expired CA;
 *   `OTA_IO` when the PKI cannot be read (see {@link readPki}), its CA key does not match its
 *   certificate, or a file cannot be written
 */
export async function addDevices (dir: string, ids: string[], model?: string): Promise<PkiLayout> {
  const layout = await readPki(dir)
  const m = assertIdentifier(model ?? layout.model, 'model')
  const newIds = uniqueIds(ids, 'device id')
  for (const id of newIds) {
    if (layout.devices.some(d => d.id === id)) throw new OtaError('OTA_INVALID_ARGUMENT', `device ${id} already has a certificate in ${layout.dir}`)
  }
  if (newIds.length === 0) return layout

  const issuer = await loadIssuer(layout)
  const now = Date.now()
  if (issuer.cert.notAfter.getTime() <= now) {
    throw new OtaError('OTA_INVALID_ARGUMENT', `the CA in ${layout.dir} expired at ${issuer.cert.notAfter.toISOString()}`)
  }
  const validity: Validity = {
    notBefore: new Date(now - BACKDATE_MS),
    notAfter: new Date(Math.min(now + DEFAULT_VALIDITY_DAYS * DAY_MS, issuer.cert.notAfter.getTime()))
  }
  const rel = relative(layout)
  await io(`creating ${join(layout.dir, 'devices')}`, async () => { await mkdir(join(layout.dir, 'devices'), { recursive: true }) })
  for (const id of newIds) {
    const d = { id, model: m, ...devicePaths(id) }
    await issueDevice(layout.dir, d, issuer, validity)
    rel.devices.push(d)
  }
  await writeLayout(layout.dir, rel)
  return absolute(layout.dir, rel)
}

function devicePaths (id: string): PkiFilePair {
  return { cert: `devices/${id}.crt`, key: `devices/${id}.key` }
}

async function issueDevice (dir: string, d: { id: string, model: string } & PkiFilePair, issuer: Issuer, validity: Validity): Promise<void> {
  await issueLeaf(dir, d, issuer, validity, dn([['O', PKI_ORGANIZATION], ['OU', DEVICE_OU_PREFIX + d.model], ['CN', d.id]]), x509.ExtendedKeyUsage.clientAuth)
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
  await io(`writing ${keyPath}`, async () => {
    // 'wx': never replace a private key something may already be provisioned with.
    await writeFile(keyPath, keyPem, { mode: 0o600, flag: 'wx' })
    // The create mode is filtered by the umask and ignored for existing files; chmod is not.
    await chmod(keyPath, 0o600)
  })
  await io(`writing ${certPath}`, async () => { await writeFile(certPath, cert.toString('pem') + '\n', { mode: 0o644, flag: 'wx' }) })
}

async function loadIssuer (layout: PkiLayout): Promise<Issuer> {
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

async function writeLayout (dir: string, rel: PkiLayout): Promise<void> {
  // Atomic: a reader never sees half a layout. Public (paths and names only): 0644.
  await writeFileAtomic(join(dir, LAYOUT_FILE), JSON.stringify({ ...rel, dir: '.' }, null, 2) + '\n', 0o644)
}

function parseLayout (json: unknown, file: string): PkiLayout {
  const bad = (why: string): OtaError => new OtaError('OTA_IO', `${file} is not a valid PKI layout: ${why}`)
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
  const path = (v: unknown, what: string): string => {
    if (typeof v !== 'string' || v.length === 0) throw bad(`${what} must be a non-empty path`)
    return v
  }
  const pair = (v: unknown, what: string): PkiFilePair => {
    if (!isObj(v)) throw bad(`${what} must be an object`)
    return { cert: path(v.cert, `${what}.cert`), key: path(v.key, `${what}.key`) }
  }
  const id = (v: unknown, what: string): string => {
    if (!isIdentifier(v)) throw bad(`${what} must be an identifier, got ${JSON.stringify(v)}`)
    return v
  }
  const list = (v: unknown, what: string): unknown[] => {
    if (!Array.isArray(v)) throw bad(`${what} must be an array`)
    return v
  }
  if (!isObj(json)) throw bad('not an object')
  const devices = list(json.devices, 'devices').map((d, i) => {
    if (!isObj(d)) throw bad(`devices[${i}] must be an object`)
    return { id: id(d.id, `devices[${i}].id`), model: id(d.model, `devices[${i}].model`), ...pair(d, `devices[${i}]`) }
  })
  const operators = list(json.operators, 'operators').map((o, i) => {
    if (!isObj(o)) throw bad(`operators[${i}] must be an object`)
    return { id: id(o.id, `operators[${i}].id`), ...pair(o, `operators[${i}]`) }
  })
  return { dir: '.', model: id(json.model, 'model'), ca: pair(json.ca, 'ca'), server: pair(json.server, 'server'), devices, operators }
}

function absolute (dir: string, rel: PkiLayout): PkiLayout {
  const p = (f: string): string => resolve(dir, f)
  const pair = (x: PkiFilePair): PkiFilePair => ({ cert: p(x.cert), key: p(x.key) })
  return {
    dir,
    model: rel.model,
    ca: pair(rel.ca),
    server: pair(rel.server),
    devices: rel.devices.map(d => ({ id: d.id, model: d.model, ...pair(d) })),
    operators: rel.operators.map(o => ({ id: o.id, ...pair(o) }))
  }
}

/** Back to the on-disk form; paths outside DIR (hand-edited absolute ones) stay absolute. */
function relative (layout: PkiLayout): PkiLayout {
  const p = (f: string): string => {
    const r = relativePath(layout.dir, f)
    return r.startsWith('..') || isAbsolute(r) ? f : r.split(sep).join('/')
  }
  const pair = (x: PkiFilePair): PkiFilePair => ({ cert: p(x.cert), key: p(x.key) })
  return {
    dir: '.',
    model: layout.model,
    ca: pair(layout.ca),
    server: pair(layout.server),
    devices: layout.devices.map(d => ({ id: d.id, model: d.model, ...pair(d) })),
    operators: layout.operators.map(o => ({ id: o.id, ...pair(o) }))
  }
}

function uniqueIds (ids: unknown, what: string): string[] {
  if (!Array.isArray(ids)) throw new OtaError('OTA_INVALID_ARGUMENT', `${what}s must be an array`)
  const seen = new Set<string>()
  for (const id of ids) {
    assertIdentifier(id, what)
    if (seen.has(id)) throw new OtaError('OTA_INVALID_ARGUMENT', `duplicate ${what} ${id}`)
    seen.add(id)
  }
  return [...seen]
}

async function exists (p: string): Promise<boolean> {
  try {
    await stat(p)
    return true
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw toOtaError(e, 'OTA_IO', `checking ${p}`)
  }
}

async function io<T> (what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    throw toOtaError(e, 'OTA_IO', what)
  }
}
