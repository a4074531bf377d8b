/**
 * The broker certificate's names: which host names and IP addresses its subjectAltName lists.
 * A TLS client checks the name it connected to (or its `servername`) against these (RFC 6125
 * section 6; RFC 5280 section 4.2.1.6), so the list must hold every name devices and operators
 * use in the broker URL.
 */
import { isIP } from 'node:net'
import { OtaError } from '../proto/errors.js'

/** What `pki init` puts in the broker certificate when not told: loopback only. */
export const DEFAULT_BROKER_HOSTS: readonly string[] = Object.freeze(['localhost', '127.0.0.1', '::1'])

/** One subjectAltName entry: a DNS name or an IP address (v4 or v6). */
export interface BrokerHost { type: 'dns' | 'ip', value: string }

/** RFC 1123 section 2.1 labels; RFC 3696 section 2: the last label is not all-numeric. */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/

/** The SAN entry for one host name or address, or null when it is neither. */
export function brokerHost (s: string): BrokerHost | null {
  const v = s.trim()
  if (isIP(v) !== 0) return { type: 'ip', value: v }
  const name = v.toLowerCase()
  if (name.length === 0 || name.length > 253) return null
  const labels = name.split('.')
  if (!labels.every((l) => LABEL.test(l)) || /^[0-9]+$/.test(labels[labels.length - 1]!)) return null
  return { type: 'dns', value: name }
}

/**
 * Parses the broker's names: DNS names (lowercased; no wildcards, no trailing dot) and IPv4/IPv6
 * addresses, in order, duplicates dropped.
 * @param hosts - names, or one comma-separated string (`--broker-host ota.example.com,10.0.0.5`)
 * @returns at least one entry
 * @throws OtaError `OTA_INVALID_ARGUMENT` for an empty list or an entry that is neither a host
 *   name nor an IP address, naming it
 */
export function parseBrokerHosts (hosts: string | readonly string[]): BrokerHost[] {
  const list = typeof hosts === 'string' ? hosts.split(',') : [...hosts]
  const out: BrokerHost[] = []
  for (const raw of list) {
    if (typeof raw !== 'string') throw new OtaError('OTA_INVALID_ARGUMENT', `broker host must be a string, got ${JSON.stringify(raw)}`)
    const h = brokerHost(raw)
    if (h === null) throw new OtaError('OTA_INVALID_ARGUMENT', `broker host ${JSON.stringify(raw.trim())} is neither a DNS name (RFC 1123 labels, no wildcard) nor an IP address`)
    if (!out.some((x) => x.type === h.type && x.value === h.value)) out.push(h)
  }
  if (out.length === 0) throw new OtaError('OTA_INVALID_ARGUMENT', 'the broker certificate needs at least one host name or IP address')
  return out
}
