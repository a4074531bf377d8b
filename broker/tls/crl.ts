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
import { resolve as resolvePath } from 'node:path'
import { constants as cryptoConstants } from 'node:crypto'
import type { SecureContextOptions, Server as TlsServer } from 'node:tls'
import { crlPath, type PkiLayout } from '../../certs/index.js'
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

  /**
   * @param path - the CRL file (it may not exist yet)
   * @param pollMs - how often it is checked for a change, ms
   * @param apply - called with each good new CRL
   * @param log - where unreadable or removed files are reported
   */
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

/**
 * The CRL of a TLS server (the broker's, the dashboard's): which file, its first contents, and
 * the secure-context options built around it.
 */
export interface ServerCrl {
  /** the CRL file watched, or undefined when there is none (own CA without `crl`) */
  file: string | undefined
  /** its contents at start, or null when the default file does not exist yet */
  pem: Buffer | null
  /** the poll interval, ms */
  pollMs: number
}

/**
 * Resolves a server's CRL: `crl` when named (it must exist: a typo is not "nothing revoked yet",
 * so this fails closed), else `<pki>/ca.crl` when the server runs on the dev PKI (absent until the
 * first `pki revoke`), else none.
 * @throws OtaError `OTA_INVALID_ARGUMENT` for `pollMs` out of {@link CRL_POLL_MS_RANGE}; `OTA_IO`
 *   for a CRL that cannot be read or parsed, or a named one that does not exist
 */
export async function resolveServerCrl (crl: string | undefined, pki: string | PkiLayout | undefined, pollMs: number | undefined): Promise<ServerCrl> {
  const ms = crlPollMs(pollMs)
  const file = crl ?? (pki === undefined ? undefined : crlPath({ dir: typeof pki === 'string' ? resolvePath(pki) : pki.dir }))
  const pem = file === undefined ? null : await readCrlFile(file)
  if (crl !== undefined && pem === null) throw new OtaError('OTA_IO', `the CRL ${crl} does not exist`)
  return { file, pem, pollMs: ms }
}

/**
 * The secure-context options of a server that checks client certificates: TLS 1.3, the CRL, and
 * no session tickets. A TLS 1.3 resumption skips the client certificate, so a ticket issued
 * before a revocation would let the revoked client back in (Node keeps no server session cache
 * otherwise, so this leaves no way to resume). The same options at start and at every reload.
 */
export function clientCheckingContext (tls: { key: Buffer, cert: Buffer, ca: Buffer }, crl: Buffer | null): SecureContextOptions {
  return { key: tls.key, cert: tls.cert, ca: tls.ca, minVersion: 'TLSv1.3', secureOptions: cryptoConstants.SSL_OP_NO_TICKET, ...(crl !== null ? { crl } : {}) }
}

/**
 * Starts watching a server's CRL file (when it has one): each good new version replaces the
 * server's secure context, so the next handshakes are checked against it.
 * @returns the watcher, or null without a CRL file
 */
export function watchServerCrl (server: TlsServer, crl: ServerCrl, tls: { key: Buffer, cert: Buffer, ca: Buffer }, log: Logger | undefined): CrlWatcher | null {
  if (crl.file === undefined) return null
  return new CrlWatcher(crl.file, crl.pollMs, (pem) => { server.setSecureContext(clientCheckingContext(tls, pem)) }, log)
}
