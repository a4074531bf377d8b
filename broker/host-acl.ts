/**
 * The standalone broker's rules for topics outside the OTA prefix (the OTA prefix is always the
 * plugin's, acl.ts). Deny by default: without an ACL file a client may subscribe and publish
 * nothing outside the prefix, `$SYS` included.
 *
 * The ACL file (`aedes-ota broker --acl FILE`): one rule per line, `#` starts a comment,
 *
 *     allow|deny  publish|subscribe  <topic filter>
 *
 * The filter may hold `%c` (the client's certificate id) and `%m` (its model; a rule with `%m`
 * never applies to an operator). The first rule that matches decides; none: denied. A publish
 * matches when the filter matches its topic; a subscription when the rule's filter covers every
 * topic the requested filter could match. Per MQTT 3.1.1 (4.7.2) a filter starting with a
 * wildcard matches no `$` topic: `$SYS` is reachable only through a rule that names it.
 */
import { readFile } from 'node:fs/promises'
import type { Aedes, Client } from 'aedes'
import { OtaError, toOtaError } from '../proto/index.js'
import type { Identity } from './acl.js'
import { identityOf } from './identity.js'

/** One ACL line. */
export interface AclRule {
  /** true for an `allow` line, false for `deny` */
  allow: boolean
  /** what the line decides: publishing to a topic, or subscribing to a filter */
  action: 'publish' | 'subscribe'
  /** topic filter, with `%c`/`%m` unsubstituted */
  filter: string
  /** 1-based line in its file */
  line: number
}

function validFilter (f: string): boolean {
  if (f.length === 0 || f.length > 1024 || f.includes('\u0000')) return false
  const levels = f.split('/')
  return levels.every((l, i) => (l === '#' ? i === levels.length - 1 : l === '+' || !/[+#]/.test(l)))
}

/**
 * Parses ACL text.
 * @param name - the file name, for errors
 * @throws OtaError `OTA_INVALID_ARGUMENT` naming `<name>:<line>` for a malformed line
 */
export function parseAcl (text: string, name = 'acl'): AclRule[] {
  const rules: AclRule[] = []
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim()
    if (line === '') return
    const parts = line.split(/\s+/)
    const where = `${name}:${i + 1}`
    if (parts.length !== 3) throw new OtaError('OTA_INVALID_ARGUMENT', `${where}: expected "allow|deny publish|subscribe <topic filter>", got ${JSON.stringify(raw.trim())}`)
    const [verdict, action, filter] = parts as [string, string, string]
    if (verdict !== 'allow' && verdict !== 'deny') throw new OtaError('OTA_INVALID_ARGUMENT', `${where}: expected allow or deny, got ${JSON.stringify(verdict)}`)
    if (action !== 'publish' && action !== 'subscribe') throw new OtaError('OTA_INVALID_ARGUMENT', `${where}: expected publish or subscribe, got ${JSON.stringify(action)}`)
    if (!validFilter(filter)) throw new OtaError('OTA_INVALID_ARGUMENT', `${where}: ${JSON.stringify(filter)} is not a valid MQTT topic filter`)
    if (/%[^cm]|%$/.test(filter)) throw new OtaError('OTA_INVALID_ARGUMENT', `${where}: only %c and %m may be substituted, got ${JSON.stringify(filter)}`)
    rules.push({ allow: verdict === 'allow', action, filter, line: i + 1 })
  })
  return rules
}

/**
 * Reads and parses an ACL file.
 * @throws OtaError `OTA_IO` when it cannot be read, `OTA_INVALID_ARGUMENT` as {@link parseAcl}
 */
export async function parseAclFile (path: string): Promise<AclRule[]> {
  const text = await readFile(path, 'utf8').catch((e) => { throw toOtaError(e, 'OTA_IO', `cannot read the ACL file ${path}`) })
  return parseAcl(text, path)
}

/** True when rule filter `rule` matches every topic filter (or topic) `f` could match. */
export function covers (rule: string, f: string): boolean {
  const r = rule.split('/')
  const x = f.split('/')
  const dollar = x[0]!.startsWith('$')
  for (let i = 0; i < r.length; i++) {
    const level = r[i]!
    if (level === '#') return !(i === 0 && dollar)
    if (i >= x.length) return false
    if (x[i] === '#') return false
    if (level === '+') { if (i === 0 && dollar) return false; continue }
    if (x[i] === '+' || level !== x[i]) return false
  }
  return r.length === x.length
}

/**
 * May `who` publish to (or subscribe to) `topic`?
 * @returns the deciding rule's verdict; false when no rule matches
 */
export function aclAllows (rules: readonly AclRule[], who: Identity | null, action: 'publish' | 'subscribe', topic: string): boolean {
  if (who === null) return false
  for (const rule of rules) {
    if (rule.action !== action) continue
    if (rule.filter.includes('%m') && who.role !== 'device') continue
    const filter = rule.filter.replaceAll('%c', who.id).replaceAll('%m', who.role === 'device' ? who.model : '')
    if (covers(filter, topic)) return rule.allow
  }
  return false
}

/**
 * The standalone broker's own hooks for non-OTA topics, installed before the plugin (which
 * keeps them as the host's).
 * @param denied - records a refusal (the plugin's `aclDenied`: audit `acl.denied`, counted toward the
 *   connection's refusal limit)
 */
export function aclHooks (rules: readonly AclRule[], denied: (client: Client | null, action: 'publish' | 'subscribe', topic: string, reason: string) => void): Pick<Aedes, 'authorizePublish' | 'authorizeSubscribe'> {
  // A connection's certificate never changes: read its identity once, not per packet.
  const identities = new WeakMap<Client, Identity | null>()
  const who = (client: Client): Identity | null => {
    let id = identities.get(client)
    if (id === undefined) { id = identityOf(client); identities.set(client, id) }
    return id
  }
  return {
    authorizeSubscribe (client, sub, cb) {
      if (aclAllows(rules, who(client), 'subscribe', sub.topic)) { cb(null, sub); return }
      denied(client, 'subscribe', sub.topic, 'not allowed by the broker ACL')
      cb(null, null)
    },
    authorizePublish (client, packet, cb) {
      // aedes asks without a client only for the wills of clients of a dead broker sharing its
      // persistence (_clearWills); its own $SYS publishes are never authorized. No client, no
      // identity: denied, like every other publish no rule allows.
      if (client != null && aclAllows(rules, who(client), 'publish', packet.topic)) { cb(null); return }
      denied(client, 'publish', packet.topic, 'not allowed by the broker ACL')
      cb(new OtaError('OTA_ACL_DENIED', `publishing to ${packet.topic} is not allowed by the broker ACL`))
    }
  }
}
