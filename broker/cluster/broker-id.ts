/** The id of a broker in its cluster: names its own files in the shared data folder and its Aedes. */
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { assertIdentifier } from '../../proto/index.js'

/**
 * `brokerId` when given (checked), else `<host name>-<port>` (host name cut to identifier
 * characters) when the port is fixed, else `<host name>-<8 random hex>`: stable across restarts
 * of a broker on a fixed port, so its inventory and audit files are its own again.
 * @throws OtaError `OTA_INVALID_ARGUMENT` when `brokerId` is given and is not an identifier
 */
export function resolveBrokerId (brokerId: string | undefined, port: number): string {
  if (brokerId !== undefined) return assertIdentifier(brokerId, 'broker id')
  const host = hostname().replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 40) || 'broker'
  return `${host}-${port !== 0 ? String(port) : randomBytes(4).toString('hex')}`
}
