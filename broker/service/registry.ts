/**
 * The service registry: which device ids exist (and their models) and which ids are operators.
 *
 * Beside a foreign broker (Mosquitto, EMQX, ...) the OTA service is an ordinary MQTT client: it
 * never sees a client's certificate, only the topic a message came on, which the broker's ACL
 * ties to the certificate's CN. So the service and the ACL generator (`aedes-ota acl mosquitto`)
 * read this registry instead: the ACL gives each device its model's topics, and the service
 * takes a chunk request's model and an admin request's authority from it.
 *
 * Two sources: a dev PKI folder (`pki.json`, certs/layout.ts) or a JSON file
 * `{ "devices": [{ "id": "...", "model": "..." }], "operators": ["id", ...] }`.
 */
import { open } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { OtaError, toOtaError } from '../../proto/errors.js'
import { IDENTIFIER, isIdentifier } from '../../proto/identifiers.js'
import { LAYOUT_FILE, readPki } from '../../certs/layout.js'

/** Who may do what through a foreign broker: the service cannot see certificates, so it and the ACL read this. */
export interface ServiceRegistry {
  /** device id → its model (both identifiers) */
  readonly devices: ReadonlyMap<string, string>
  /** operator ids (identifiers; never a device id); the OTA service's own id is one of them */
  readonly operators: ReadonlySet<string>
}

/**
 * Bounds of a registry. One ACL block per device is written from it, and the service holds it in
 * memory, so a typo (a fleet export of the wrong table) is caught before either grows unbounded.
 */
export const RegistryLimits = {
  /** most devices, entries */
  devices: 1_000_000,
  /** most operators, entries */
  operators: 10_000,
  /** largest registry file, bytes (a million devices at about 60 bytes each, with room) */
  fileBytes: 128 * 1024 * 1024
} as const

/**
 * Reads the registry from exactly one source.
 *
 * @param source - `pki`: a dev PKI folder (its `pki.json`: every device with its model, every
 *   operator); `file`: a registry JSON file `{ "devices": [{ "id", "model" }], "operators": [ids] }`
 * @returns the validated registry (see {@link parseRegistry})
 * @throws OtaError `OTA_INVALID_ARGUMENT` when not exactly one source is given or the content is
 *   not a valid registry (the message names the file and the entry); `OTA_TOO_LARGE` for a file
 *   over {@link RegistryLimits}.fileBytes or more entries than {@link RegistryLimits} allows;
 *   `OTA_IO` when the file (or the PKI's `pki.json`) cannot be read, or `pki.json` is not a valid
 *   layout (certs/layout.ts `readPki`)
 */
export async function readRegistry (source: { pki?: string, file?: string }): Promise<ServiceRegistry> {
  const pki = source?.pki
  const file = source?.file
  if ((pki === undefined) === (file === undefined)) throw new OtaError('OTA_INVALID_ARGUMENT', 'the registry needs exactly one source: a PKI folder or a registry file')
  if (pki !== undefined) {
    const layout = await readPki(pki)
    return parseRegistry({ devices: layout.devices.map((d) => ({ id: d.id, model: d.model })), operators: layout.operators.map((o) => o.id) }, join(layout.dir, LAYOUT_FILE))
  }
  const path = resolve(file!)
  const text = await readBounded(path)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw toOtaError(e, 'OTA_INVALID_ARGUMENT', `${path} is not JSON`)
  }
  return parseRegistry(json, path)
}

/**
 * Validates registry JSON: an object with exactly `devices` (array of `{ id, model }` objects
 * with nothing else) and `operators` (array of ids). Every id and model is an identifier
 * (proto/identifiers.ts); no id is listed twice, nor as both a device and an operator (the
 * broker's ACL and the service key everything on the certificate's CN).
 *
 * @param file - where `json` came from, for messages
 * @returns the registry; entries keep the file's order
 * @throws OtaError `OTA_INVALID_ARGUMENT` naming `file` and the entry at fault; `OTA_TOO_LARGE`
 *   for more devices or operators than {@link RegistryLimits} allows
 */
export function parseRegistry (json: unknown, file: string): ServiceRegistry {
  const bad = (why: string): OtaError => new OtaError('OTA_INVALID_ARGUMENT', `${file} is not a valid registry: ${why}`)
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
  const onlyKeys = (o: Record<string, unknown>, keys: readonly string[], what: string): void => {
    const extra = Object.keys(o).find((k) => !keys.includes(k))
    if (extra !== undefined) throw bad(`${what} has an unknown field ${JSON.stringify(extra.slice(0, 64))} (allowed: ${keys.join(', ')})`)
  }
  const id = (v: unknown, what: string): string => {
    if (!isIdentifier(v)) throw bad(`${what} must match ${IDENTIFIER.source}, got ${JSON.stringify(typeof v === 'string' ? v.slice(0, 80) : v)}`)
    return v
  }
  const list = (v: unknown, what: 'devices' | 'operators'): unknown[] => {
    if (!Array.isArray(v)) throw bad(`${what} must be an array`)
    if (v.length > RegistryLimits[what]) throw new OtaError('OTA_TOO_LARGE', `${file}: ${v.length} ${what}, more than the limit of ${RegistryLimits[what]}`)
    return v
  }
  if (!isObj(json)) throw bad('not an object')
  onlyKeys(json, ['devices', 'operators'], 'the registry')
  const devices = new Map<string, string>()
  list(json.devices, 'devices').forEach((d, i) => {
    const what = `devices[${i}]`
    if (!isObj(d)) throw bad(`${what} must be an object { "id", "model" }`)
    onlyKeys(d, ['id', 'model'], what)
    const deviceId = id(d.id, `${what}.id`)
    const model = id(d.model, `${what}.model`)
    if (devices.has(deviceId)) throw bad(`${what}: device ${deviceId} is listed twice`)
    devices.set(deviceId, model)
  })
  const operators = new Set<string>()
  list(json.operators, 'operators').forEach((o, i) => {
    const operatorId = id(o, `operators[${i}]`)
    if (operators.has(operatorId)) throw bad(`operators[${i}]: operator ${operatorId} is listed twice`)
    if (devices.has(operatorId)) throw bad(`operators[${i}]: ${operatorId} is also a device (an id is a device or an operator, never both)`)
    operators.add(operatorId)
  })
  return { devices, operators }
}

/** The file's text, refused unread when it is larger than the registry's bound. */
async function readBounded (path: string): Promise<string> {
  let fh
  try {
    fh = await open(path, 'r')
  } catch (e) {
    throw toOtaError(e, 'OTA_IO', `cannot read the registry ${path}`)
  }
  try {
    const size = (await fh.stat()).size
    if (size > RegistryLimits.fileBytes) throw new OtaError('OTA_TOO_LARGE', `${path}: ${size} bytes, more than the registry limit of ${RegistryLimits.fileBytes}`)
    return await fh.readFile('utf8')
  } catch (e) {
    throw toOtaError(e, 'OTA_IO', `cannot read the registry ${path}`)
  } finally {
    await fh.close().catch(() => {})
  }
}
