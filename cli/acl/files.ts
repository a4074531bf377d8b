/**
 * Writing the Mosquitto files of `aedes-ota acl mosquitto`: reads the registry and the PKI's
 * TLS files, renders with cli/acl/mosquitto.ts and writes `aedes-ota.conf` and `aedes-ota.acl`
 * atomically. The command and the tests that start a real Mosquitto both call this.
 */
import { mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { OtaError, Topics } from '../../proto/index.js'
import { fileExists, writeFileAtomic } from '../../proto/files.js'
import { crlPath, readPki } from '../../certs/index.js'
import { readRegistry, type ServiceRegistry } from '../../broker/service/registry.js'
import { MosquittoAclDefaults, checkService, fleetSummary, mosquittoAcl, mosquittoConf } from './mosquitto.js'

/** Name of the configuration fragment in the output folder. */
export const CONF_FILE = 'aedes-ota.conf'
/** Name of the ACL file in the output folder. */
export const ACL_FILE = 'aedes-ota.acl'

/** Options of {@link writeMosquittoFiles}; defaults in `MosquittoAclDefaults`. */
export interface MosquittoFilesOptions {
  /** a dev PKI folder: the registry, and the default CA, server certificate, key and CRL */
  pki?: string
  /** instead of `pki`: a registry file (broker/service/registry.ts); then `ca`, `cert` and `key` are required */
  registry?: string
  /** folder the two files are written into (created if missing) */
  out: string
  /** the OTA service's operator id */
  service?: string
  /** OTA topic prefix */
  prefix?: string
  /** listener port, 1–65535 */
  port?: number
  /** listener address; '' for every address */
  host?: string
  /** CA certificate (PEM); default the PKI's */
  ca?: string
  /** the broker's certificate and key (PEM); default the PKI's server certificate */
  cert?: string
  key?: string
  /** CA revocation list (PEM); default `<pki>/ca.crl` when it exists, none otherwise */
  crl?: string
  tlsVersion?: 'tlsv1.2' | 'tlsv1.3'
  /** largest release bundle, bytes */
  maxBundleSize?: number
  /** bind the ACL to the OTA listener only (`per_listener_settings true`) */
  perListener?: boolean
}

/** What {@link writeMosquittoFiles} wrote. */
export interface MosquittoFiles {
  /** absolute path of `aedes-ota.conf` */
  conf: string
  /** absolute path of `aedes-ota.acl` */
  acl: string
  /** the CRL the listener uses, or undefined */
  crl: string | undefined
  registry: ServiceRegistry
}

/**
 * Reads the registry, renders both files and writes them (mode 0644: Mosquitto runs as its own
 * user and must read them; they hold names, no secrets). The ACL is written first, so a
 * configuration never names an ACL file that is not there.
 * @throws OtaError `OTA_INVALID_ARGUMENT` for conflicting or missing options (both or neither of
 *   `pki` and `registry`; `registry` without `ca`, `cert`, `key`), a service that is not a
 *   registry operator, a bad registry, prefix, path, host or port; `OTA_TOO_LARGE` for a registry
 *   over its limits; `OTA_IO` (or `OTA_NO_SPACE`) when reading or writing fails
 */
export async function writeMosquittoFiles (o: MosquittoFilesOptions): Promise<MosquittoFiles> {
  if ((o.pki === undefined) === (o.registry === undefined)) throw new OtaError('OTA_INVALID_ARGUMENT', 'give exactly one of --pki <dir> and --registry <file>')
  const layout = o.pki !== undefined ? await readPki(o.pki) : undefined
  const registry = await readRegistry(o.pki !== undefined ? { pki: o.pki } : { file: o.registry! })
  const service = o.service ?? MosquittoAclDefaults.service
  checkService(registry, service)
  const topics = new Topics(o.prefix ?? MosquittoAclDefaults.prefix)
  const ca = o.ca ?? layout?.ca.cert
  const cert = o.cert ?? layout?.server.cert
  const key = o.key ?? layout?.server.key
  const missing = ([['--ca', ca], ['--cert', cert], ['--key', key]] as const).filter(([, v]) => v === undefined).map(([n]) => n)
  if (missing.length > 0) throw new OtaError('OTA_INVALID_ARGUMENT', `without --pki, the listener needs ${missing.join(', ')} (CA, broker certificate and key, PEM files)`)
  let crl = o.crl
  if (crl === undefined && layout !== undefined && await fileExists(crlPath(layout), 'checking the PKI\'s CRL')) crl = crlPath(layout)
  const out = resolve(o.out)
  const aclFile = join(out, ACL_FILE)
  const confFile = join(out, CONF_FILE)
  const aclText = mosquittoAcl({ registry, service, topics })
  const confText = mosquittoConf({
    aclFile,
    port: o.port ?? MosquittoAclDefaults.port,
    host: o.host ?? MosquittoAclDefaults.host,
    ca: resolve(ca!),
    cert: resolve(cert!),
    key: resolve(key!),
    ...(crl !== undefined ? { crl: resolve(crl) } : {}),
    tlsVersion: o.tlsVersion ?? MosquittoAclDefaults.tlsVersion,
    maxBundleSize: o.maxBundleSize ?? MosquittoAclDefaults.maxBundleSize,
    perListener: o.perListener === true,
    topics,
    service,
    summary: fleetSummary(registry)
  })
  try {
    await mkdir(out, { recursive: true })
  } catch (e) {
    throw new OtaError('OTA_IO', `cannot create ${out}: ${e instanceof Error ? e.message : String(e)}`, { cause: e })
  }
  await writeFileAtomic(aclFile, aclText, 0o644)
  await writeFileAtomic(confFile, confText, 0o644)
  return { conf: confFile, acl: aclFile, crl: crl !== undefined ? resolve(crl) : undefined, registry }
}
