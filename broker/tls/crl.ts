/**
 * The standalone broker's certificate revocation list: read at start, then polled, and handed to
 * the TLS server whenever the file is replaced, so new connections are checked against the new
 * list without a restart (connections already up are not touched: revoking a device that is
 * connected needs its session ended as well, see docs/SECURITY.md "Device revocation").
 *
 * Polling (`fs.watchFile`, a stat every `pollMs`) rather than `fs.watch`: `pki revoke` replaces
 * the file by rename (writeFileAtomic), which ends an inotify watch on the old inode, and a file
 * that does not exist yet cannot be watched at all.
 */
import { readFile } from 'node:fs/promises'
import { unwatchFile, watchFile, type Stats } from 'node:fs'
import { createSecureContext } from 'node:tls'
import type { Logger } from 'pino'
import { OtaError, toOtaError } from '../../proto/errors.js'

/** How often the CRL file is checked for a change by default (ms). */
export const DEFAULT_CRL_POLL_MS = 2000

/** Bounds of `crlPollMs` (ms): often enough to matter, never a busy loop. */
export const CRL_POLL_MS_RANGE = Object.freeze({ min: 10, max: 3_600_000 })

/**
 * Checks a poll interval at the edge.
 * @throws OtaError `OTA_INVALID_ARGUMENT` outside {@link CRL_POLL_MS_RANGE} or not an integer
 */
export function crlPollMs (v: number | undefined): number {
  const ms = v ?? DEFAULT_CRL_POLL_MS
  if (!Number.isSafeInteger(ms) || ms < CRL_POLL_MS_RANGE.min || ms > CRL_POLL_MS_RANGE.max) {
    throw new OtaError('OTA_INVALID_ARGUMENT', `crlPollMs must be an integer from ${CRL_POLL_MS_RANGE.min} to ${CRL_POLL_MS_RANGE.max} ms, got ${String(v)}`)
  }
  return ms
}

/**
 * Reads a PEM CRL and checks that OpenSSL parses it (`-----BEGIN X509 CRL-----`, RFC 7468 section 6).
 * @returns the file's bytes, or null when there is no file
 * @throws OtaError `OTA_IO` when it cannot be read or does not parse as a CRL
 */
export async function readCrlFile (path: string): Promise<Buffer | null> {
  let pem: Buffer
  try {
    pem = await readFile(path)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw toOtaError(e, 'OTA_IO', `reading the CRL ${path}`)
  }
  try {
    createSecureContext({ crl: pem })
  } catch (e) {
    throw toOtaError(e, 'OTA_IO', `${path} is not a PEM X.509 CRL`)
  }
  return pem
}

/**
 * Polls `path` every `pollMs` and calls `apply` with each new CRL. Fails closed: a CRL that
 * disappears or no longer parses leaves the last good one in force (a deleted or truncated file
 * must not un-revoke anyone), logged at error level.
 */
export class CrlWatcher {
  private closed = false
  private reading: Promise<void> = Promise.resolve()
  private readonly listener: (cur: Stats, prev: Stats) => void

  constructor (private readonly path: string, pollMs: number, private readonly apply: (crl: Buffer) => void, private readonly log: Logger | undefined) {
    this.listener = (cur, prev) => {
      if (cur.mtimeMs === prev.mtimeMs && cur.ino === prev.ino && cur.size === prev.size) return
      // One read at a time, in order: the last change seen is the last applied.
      this.reading = this.reading.then(async () => { await this.reload(cur) })
    }
    watchFile(path, { interval: pollMs, persistent: false }, this.listener)
  }

  private async reload (cur: Stats): Promise<void> {
    if (this.closed) return
    if (cur.nlink === 0 && cur.mtimeMs === 0) {
      this.log?.error({ crl: this.path }, 'CRL file removed: the last loaded CRL stays in force')
      return
    }
    try {
      const pem = await readCrlFile(this.path)
      if (pem === null) {
        this.log?.error({ crl: this.path }, 'CRL file removed: the last loaded CRL stays in force')
        return
      }
      if (this.closed) return
      this.apply(pem)
      this.log?.info({ crl: this.path, bytes: pem.length }, 'CRL reloaded')
    } catch (err) {
      this.log?.error({ crl: this.path, err }, 'CRL unreadable: the last loaded CRL stays in force')
    }
  }

  /** Stops polling; resolves once a reload under way has finished. */
  async close (): Promise<void> {
    this.closed = true
    unwatchFile(this.path, this.listener)
    await this.reading
  }
}
