/**
 * The development PKI: one CA, a TLS server certificate for the broker's names, and client
 * certificates for devices and operators whose subjects follow the convention of ./identity.ts.
 * Issuing is in ./issuer.ts, the `pki.json` layout in ./layout.ts, the broker's names in ./hosts.ts.
 */
import { mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { OtaError } from '../proto/errors.js'
import { assertIdentifier } from '../proto/identifiers.js'
import { DEVICE_OU_PREFIX, OPERATOR_OU, PKI_ORGANIZATION } from './identity.js'
import { DEFAULT_BROKER_HOSTS, parseBrokerHosts } from './hosts.js'
import { BACKDATE_MS, DAY_MS, DEFAULT_VALIDITY_DAYS, createCa, issueClient, issueServer, loadIssuer, type Issuer, type Validity } from './issuer.js'
import { LAYOUT_FILE, absolute, devicePaths, readPki, relative, writeLayout, type PkiFilePair, type PkiLayout } from './layout.js'
import { io } from './io.js'
import { fileExists } from '../proto/files.js'

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
  /**
   * the broker certificate's names: DNS names and IP addresses its subjectAltName lists (the
   * first is also its CN); default {@link DEFAULT_BROKER_HOSTS}: `localhost`, `127.0.0.1`, `::1`
   */
  brokerHosts?: readonly string[]
  /** the issuing time (for tests); default the current time */
  now?: Date
}

/** Upper bound on `devices`, to catch a typo before it writes tens of thousands of files. */
export const MAX_PKI_DEVICES = 10_000

/**
 * Creates a dev PKI in `opts.out`: `ca.crt`/`ca.key`, `server.crt`/`server.key`,
 * `devices/<id>.crt`/`.key`, `operators/<id>.crt`/`.key` and `pki.json`.
 *
 * - CA: self-signed, `CN=aedes-ota dev CA, O=aedes-ota`, basicConstraints CA:true (critical,
 *   pathLen 0), keyUsage keyCertSign|cRLSign (critical).
 * - Server: `CN=<first broker host>, O=aedes-ota`, subjectAltName every broker host (DNS names
 *   and IP addresses; default DNS `localhost`, IP `127.0.0.1` and `::1`), extKeyUsage serverAuth,
 *   keyUsage digitalSignature. `pki.json` records the hosts as `brokerHosts`.
 * - Devices `<devicePrefix>-NNNN` (N = 1…devices, zero-padded to 4 digits):
 *   `CN=<id>, OU=device:<model>, O=aedes-ota`, extKeyUsage clientAuth, keyUsage digitalSignature.
 * - Operators: `CN=<id>, OU=operator, O=aedes-ota`, extKeyUsage clientAuth, keyUsage digitalSignature.
 *
 * Every certificate has a random positive 128-bit serial, notBefore = now − 5 min and
 * notAfter = now + validityDays. Files are PEM; private keys are unencrypted PKCS#8 with mode 0600.
 * Existing files are never overwritten.
 *
 * @returns the layout, with absolute paths
 * @throws OtaError `OTA_INVALID_ARGUMENT` for a bad option (model, ids, counts, days, date, broker
 *   hosts: see {@link parseBrokerHosts}), an id that is both a device's and an operator's, or when
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
  const shared = operatorIds.find((id) => deviceIds.includes(id))
  if (shared !== undefined) throw new OtaError('OTA_INVALID_ARGUMENT', sharedIdMessage(shared))
  const hosts = parseBrokerHosts(opts.brokerHosts ?? DEFAULT_BROKER_HOSTS)
  const days = opts.validityDays ?? DEFAULT_VALIDITY_DAYS
  if (!Number.isSafeInteger(days) || days < 1 || days > 36_500) {
    throw new OtaError('OTA_INVALID_ARGUMENT', `validityDays must be an integer from 1 to 36500, got ${String(days)}`)
  }
  const now = opts.now ?? new Date()
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new OtaError('OTA_INVALID_ARGUMENT', 'now must be a valid Date')
  const validity: Validity = { notBefore: new Date(now.getTime() - BACKDATE_MS), notAfter: new Date(now.getTime() + days * DAY_MS) }

  const dir = resolve(opts.out)
  for (const f of [LAYOUT_FILE, 'ca.key']) {
    if (await fileExists(join(dir, f), `checking ${join(dir, f)}`)) {
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
    brokerHosts: hosts.map((h) => h.value),
    devices: deviceIds.map(id => ({ id, model, ...devicePaths(id) })),
    operators: operatorIds.map(id => ({ id, cert: `operators/${id}.crt`, key: `operators/${id}.key` }))
  }

  const issuer = await createCa(dir, rel.ca, validity)
  await issueServer(dir, rel.server, issuer, validity, hosts)
  for (const d of rel.devices) await issueDevice(dir, d, issuer, validity)
  for (const o of rel.operators) {
    await issueClient(dir, o, issuer, validity, [['O', PKI_ORGANIZATION], ['OU', OPERATOR_OU], ['CN', o.id]])
  }
  await writeLayout(dir, rel)
  return absolute(dir, rel)
}

/**
 * Issues device certificates for `ids` with the PKI's existing CA and records them in `pki.json`.
 * They are valid for 825 days from now but end with the CA at the latest: a certificate
 * outliving its issuer fails verification anyway, and this way the dates say so.
 *
 * Not safe against concurrent writers of the same directory (read-modify-write of `pki.json`).
 *
 * @param dir - a directory made by {@link initPki}
 * @param ids - new device ids (identifiers, unique, not already in the PKI as a device's or an
 *   operator's); empty is a no-op
 * @param model - their model; default the PKI's `model`
 * @returns the updated layout, with absolute paths
 * @throws OtaError `OTA_INVALID_ARGUMENT` for a bad or duplicate id or model, an operator's id,
 *   or an expired CA;
 *   `OTA_IO` when the PKI cannot be read (see {@link readPki}), its CA key does not match its
 *   certificate, or a file cannot be written
 */
export async function addDevices (dir: string, ids: string[], model?: string): Promise<PkiLayout> {
  const layout = await readPki(dir)
  const m = assertIdentifier(model ?? layout.model, 'model')
  const newIds = uniqueIds(ids, 'device id')
  for (const id of newIds) {
    if (layout.devices.some(d => d.id === id)) throw new OtaError('OTA_INVALID_ARGUMENT', `device ${id} already has a certificate in ${layout.dir}`)
    if (layout.operators.some(o => o.id === id)) throw new OtaError('OTA_INVALID_ARGUMENT', sharedIdMessage(id))
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

async function issueDevice (dir: string, d: { id: string, model: string } & PkiFilePair, issuer: Issuer, validity: Validity): Promise<void> {
  await issueClient(dir, d, issuer, validity, [['O', PKI_ORGANIZATION], ['OU', DEVICE_OU_PREFIX + d.model], ['CN', d.id]])
}

// The broker knows a connection by its certificate id (the MQTT clientId): a device and an
// operator with one id could take each other's sessions.
function sharedIdMessage (id: string): string {
  return `${id} cannot be both a device id and an operator id: the broker tells connections apart by id`
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

