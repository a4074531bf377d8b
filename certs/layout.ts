/**
 * The PKI folder's layout file, `pki.json`: what `pki init` wrote and where, with paths relative
 * to the folder so it can be moved. Reading, validating and (atomically) writing it.
 */
import { join, isAbsolute, relative as relativePath, resolve, sep } from 'node:path'
import { readFile } from 'node:fs/promises'
import { OtaError, toOtaError } from '../proto/errors.js'
import { writeFileAtomic } from '../proto/files.js'
import { isIdentifier } from '../proto/identifiers.js'
import { DEFAULT_BROKER_HOSTS, brokerHost } from './hosts.js'

/** The layout file's name inside a PKI folder. */
export const LAYOUT_FILE = 'pki.json'

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
  /** the broker's TLS server certificate */
  server: PkiFilePair
  /**
   * the names in the broker certificate's subjectAltName, in order (DNS names and IP addresses;
   * `pki init --broker-host`). A `pki.json` written before this field existed reads as
   * {@link DEFAULT_BROKER_HOSTS}, which is what such a PKI was issued with.
   */
  brokerHosts: string[]
  /** device client certificates, `CN=<id>, OU=device:<model>` */
  devices: Array<{ id: string, model: string } & PkiFilePair>
  /** operator client certificates, `CN=<id>, OU=operator` */
  operators: Array<{ id: string } & PkiFilePair>
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

/** Paths of a device's certificate and key, relative to the PKI folder. */
export function devicePaths (id: string): PkiFilePair {
  return { cert: `devices/${id}.crt`, key: `devices/${id}.key` }
}

/** Writes `pki.json` (paths relative to `dir`). */
export async function writeLayout (dir: string, rel: PkiLayout): Promise<void> {
  // Atomic: a reader never sees half a layout. Public (paths and names only): 0644.
  await writeFileAtomic(join(dir, LAYOUT_FILE), JSON.stringify({ ...rel, dir: '.' }, null, 2) + '\n', 0o644)
}

export function parseLayout (json: unknown, file: string): PkiLayout {
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
  const brokerHosts = json.brokerHosts === undefined ? [...DEFAULT_BROKER_HOSTS] : list(json.brokerHosts, 'brokerHosts').map((h, i) => {
    if (typeof h !== 'string' || brokerHost(h) === null) throw bad(`brokerHosts[${i}] must be a host name or IP address, got ${JSON.stringify(h)}`)
    return h
  })
  return { dir: '.', model: id(json.model, 'model'), ca: pair(json.ca, 'ca'), server: pair(json.server, 'server'), brokerHosts, devices, operators }
}

/** `rel` with every path resolved against `dir`, the PKI folder. */
export function absolute (dir: string, rel: PkiLayout): PkiLayout {
  return withPaths(rel, dir, (f) => resolve(dir, f))
}

/** Back to the on-disk form; paths outside DIR (hand-edited absolute ones) stay absolute. */
export function relative (layout: PkiLayout): PkiLayout {
  return withPaths(layout, '.', (f) => {
    const r = relativePath(layout.dir, f)
    return r.startsWith('..') || isAbsolute(r) ? f : r.split(sep).join('/')
  })
}

/** A copy of `l` in folder `dir`, every file path mapped through `p`. */
function withPaths (l: PkiLayout, dir: string, p: (f: string) => string): PkiLayout {
  const pair = (x: PkiFilePair): PkiFilePair => ({ cert: p(x.cert), key: p(x.key) })
  return {
    dir,
    model: l.model,
    ca: pair(l.ca),
    server: pair(l.server),
    brokerHosts: [...l.brokerHosts],
    devices: l.devices.map(d => ({ id: d.id, model: d.model, ...pair(d) })),
    operators: l.operators.map(o => ({ id: o.id, ...pair(o) }))
  }
}

