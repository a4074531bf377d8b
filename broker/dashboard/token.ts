/**
 * The dashboard's bearer token: its strength rule, reading it from a file, and comparing a
 * presented token in constant time.
 *
 * A token is a shared secret, so it must be unguessable: at least 32 bytes of entropy (256 bits,
 * as OWASP's session-id guidance asks for at least 64 and RFC 6750 §5.2 asks bearer tokens to be
 * unguessable), written as 64 or more hex digits or 43 or more base64/base64url characters, e.g.
 * `openssl rand -hex 32`. Entropy cannot be measured from one sample, so the check is what can be
 * checked: the length for the alphabet used, and a per-character Shannon estimate of at least
 * 3 bits that refuses repeated or patterned strings (`aaaa...`, `abab...`); 64 random hex digits
 * score about 3.7.
 */
import { stat, readFile } from 'node:fs/promises'
import { OtaError, bytesEqual, sha256, toOtaError } from '../../proto/index.js'

const HEX = /^[0-9a-fA-F]+$/
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/
/** 32 bytes as hex digits and as base64 characters (ceil(32 × 8 / 6)) */
const MIN_HEX = 64
const MIN_BASE64 = 43
const MAX_LENGTH = 1024
const MIN_BITS_PER_CHAR = 3

/** Shannon entropy of the string's character distribution, bits per character. */
function bitsPerChar (s: string): number {
  const counts = new Map<string, number>()
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1)
  let h = 0
  for (const n of counts.values()) { const p = n / s.length; h -= p * Math.log2(p) }
  return h
}

/**
 * Checks a token's strength (module comment).
 * @throws OtaError `OTA_INVALID_ARGUMENT` naming what is wrong (never the token itself)
 */
export function checkToken (token: unknown): asserts token is string {
  if (typeof token !== 'string') throw new OtaError('OTA_INVALID_ARGUMENT', 'dashboard token must be a string')
  const bad = (why: string): never => { throw new OtaError('OTA_INVALID_ARGUMENT', `dashboard token ${why}; make one with \`openssl rand -hex 32\``) }
  if (token.length > MAX_LENGTH) bad(`is longer than ${MAX_LENGTH} characters`)
  if (HEX.test(token)) {
    if (token.length < MIN_HEX) bad(`has ${token.length} hex digits, fewer than ${MIN_HEX} (32 bytes)`)
  } else if (BASE64.test(token)) {
    if (token.replace(/=+$/, '').length < MIN_BASE64) bad(`has fewer than ${MIN_BASE64} base64 characters (32 bytes)`)
  } else {
    bad('must be hex digits or base64/base64url characters')
  }
  if (bitsPerChar(token) < MIN_BITS_PER_CHAR) bad('is not random enough (repeated or patterned characters)')
}

/**
 * Reads a token file (the token, optionally followed by a newline) and checks it.
 * On POSIX systems the file must not be readable or writable by group or others (mode 0600 or
 * stricter), as ssh requires of private keys: a secret others can read is not one.
 * @throws OtaError `OTA_IO` when the file cannot be read, `OTA_INVALID_ARGUMENT` for a file others
 *   may read or a token that fails {@link checkToken}
 */
export async function readTokenFile (path: string): Promise<string> {
  let text: string
  let mode: number
  try {
    mode = (await stat(path)).mode
    text = await readFile(path, 'utf8')
  } catch (e) {
    throw toOtaError(e, 'OTA_IO', `cannot read the dashboard token file ${path}`)
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new OtaError('OTA_INVALID_ARGUMENT', `the dashboard token file ${path} is accessible to group or others (mode ${(mode & 0o777).toString(8)}): chmod 600 it`)
  }
  const token = text.replace(/\r?\n$/, '')
  checkToken(token)
  return token
}

/** Compares presented tokens with the configured one in constant time. */
export class TokenCheck {
  private readonly digest: Uint8Array
  /** @param token - the configured token (already checked) */
  constructor (token: string) { this.digest = sha256(new TextEncoder().encode(token)) }
  /**
   * True when `presented` is the token. Both sides are hashed first, so the comparison
   * (proto `bytesEqual`, constant time) always runs over 32 bytes whatever the lengths, and
   * timing reveals neither the token's length nor a common prefix.
   */
  matches (presented: string): boolean {
    return bytesEqual(this.digest, sha256(new TextEncoder().encode(presented)))
  }
}
