/**
 * The hash chain over audit lines, on exact bytes (no re-serialization, so no canonical-JSON
 * question): every line ends with its own digest, `"event.hash"` (ECS: "Hash (perhaps logstash
 * fingerprint) of raw field to be able to demonstrate log integrity",
 * https://www.elastic.co/guide/en/ecs/current/ecs-event.html#field-event-hash), and carries
 * `aedes_ota.chain.prev`, the digest of the whole previous line.
 *
 * - `event.hash` = hex SHA-256 (FIPS 180-4) of the line's UTF-8 bytes with its final
 *   `,"event.hash":"<hex>"` removed: an edit anywhere in the line, the last one included, shows.
 * - `aedes_ota.chain.prev` = hex SHA-256 of the previous line's UTF-8 bytes exactly as written
 *   (without its newline), {@link GENESIS} for the first record ever: a removed, inserted or
 *   reordered line, or an edited line whose `event.hash` was recomputed, breaks the next link.
 */
import { sha256, toHex } from '../../proto/index.js'

/** `aedes_ota.chain.prev` of the very first record: 64 zeros. */
export const GENESIS = '0'.repeat(64)

/** Key of the previous line's digest. */
export const PREV_KEY = 'aedes_ota.chain.prev'

/** Key of the line's own digest, always the line's last key. */
export const HASH_KEY = 'event.hash'

const SEAL = /,"event\.hash":"([0-9a-f]{64})"\}$/

const utf8 = new TextEncoder()

/** Hex SHA-256 of a string's UTF-8 bytes. */
export function digestOf (text: string): string {
  return toHex(sha256(utf8.encode(text)))
}

/**
 * Appends the line's own digest as its last key.
 * @param content - one JSON object's text, ending in `}`, without a newline
 * @returns the sealed line, without a newline
 */
export function seal (content: string): string {
  return `${content.slice(0, -1)},"${HASH_KEY}":"${digestOf(content)}"}`
}

/**
 * Checks a line's own digest.
 * @returns `missing` when the line does not end with an `event.hash` key, `mismatch` when its
 *   content does not hash to it, `ok` otherwise
 */
export function checkSeal (line: string): 'ok' | 'missing' | 'mismatch' {
  const m = SEAL.exec(line)
  if (m === null) return 'missing'
  const content = line.slice(0, m.index) + '}'
  return digestOf(content) === m[1] ? 'ok' : 'mismatch'
}
