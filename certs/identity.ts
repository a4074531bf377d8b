/**
 * How a client certificate's subject names an aedes-ota identity.
 *
 * The broker trusts the issuing CA for authentication; the subject then says *who* the client is,
 * so no username, password or lookup table is needed:
 *
 * | role | CN | OU | O |
 * |---|---|---|---|
 * | device | the device id | `device:<model>` | `aedes-ota` |
 * | operator | the operator id | `operator` | `aedes-ota` |
 *
 * The device id (CN) and model (OU, after `device:`) must each be an identifier
 * (see `IDENTIFIER` in proto/identifiers.ts) because they become MQTT topic levels.
 * O is written by the dev PKI but not checked here: it carries no authority (only the CA does),
 * and a fleet's own CA may use its organisation's name.
 */
import { isIdentifier } from '../proto/identifiers.js'

/** The O attribute the dev PKI writes into every subject. */
export const PKI_ORGANIZATION = 'aedes-ota'

/** OU prefix of a device certificate; the model follows it. */
export const DEVICE_OU_PREFIX = 'device:'

/** OU of an operator certificate. */
export const OPERATOR_OU = 'operator'

/** Who a client certificate names, per the subject convention of this module. */
export type CertIdentity =
  | { role: 'device', id: string, model: string }
  | { role: 'operator', id: string }

/**
 * Reads the identity out of a certificate subject.
 *
 * @param subject - Node's `tls.TLSSocket#getPeerCertificate().subject`: attribute name → value,
 *   where a repeated attribute arrives as a `string[]`. `null`/`undefined` (no client certificate)
 *   are accepted and give `null`.
 * @returns `{ role: 'device', id, model }` for `CN=<id>, OU=device:<model>`,
 *   `{ role: 'operator', id }` for `CN=<id>, OU=operator`, and `null` for anything else:
 *   CN or OU missing or repeated (an array — ambiguous, so never guessed at), an id or model that
 *   is not an identifier, or another OU. Never throws.
 */
export function identityFromSubject (
  subject: Readonly<Record<string, string | string[] | undefined>> | null | undefined
): CertIdentity | null {
  if (subject === null || typeof subject !== 'object') return null
  const cn = subject.CN
  const ou = subject.OU
  if (typeof cn !== 'string' || typeof ou !== 'string') return null
  if (!isIdentifier(cn)) return null
  if (ou === OPERATOR_OU) return { role: 'operator', id: cn }
  if (ou.startsWith(DEVICE_OU_PREFIX)) {
    const model = ou.slice(DEVICE_OU_PREFIX.length)
    return isIdentifier(model) ? { role: 'device', id: cn, model } : null
  }
  return null
}
