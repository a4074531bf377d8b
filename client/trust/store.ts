/**
 * The device's trusted root across restarts: the provisioned `root.bin` until a rotation is
 * accepted, then the newest root walked to (TUF 1.0 section 5.3), kept in `trust-root.bin` in
 * the state folder, written with `writeFileAtomic` so a power cut leaves the old or the new
 * version, never a torn one. Versions only go forward.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from 'pino'
import { decodeRootChain, toOtaError, verifyRoot, walkRootChain, type RootWalk, type TrustedRoot } from '../../proto/index.js'
import { writeFileAtomic } from '../../proto/files.js'

/** File name of the persisted root inside the state folder. */
export const TRUST_FILE = 'trust-root.bin'

/**
 * The root to start from: the persisted one when it is newer than the provisioned one and still
 * verifies against its own keys, else the provisioned one. Its expiry is not checked here: an
 * expired root can still be rotated away from, and manifests check it.
 * @param stateDir - the device's state folder
 * @param provisioned - the root the device was provisioned with
 * @throws OtaError `OTA_IO` when the file exists but cannot be read; the codes of proto
 *   `verifyRoot` when it is corrupt (fail closed: a device does not silently fall back to an
 *   older root, which could re-admit a revoked signing key)
 */
export function loadTrustedRoot (stateDir: string, provisioned: TrustedRoot): TrustedRoot {
  let bytes: Uint8Array
  try {
    bytes = new Uint8Array(readFileSync(join(stateDir, TRUST_FILE)))
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return provisioned
    throw toOtaError(e, 'OTA_IO', `cannot read ${TRUST_FILE}`)
  }
  const stored = verifyRoot(bytes, 0)
  return stored.root.version > provisioned.root.version ? stored : provisioned
}

/**
 * Takes root chains announced on the trust topic one at a time and moves the device's root
 * forward. `current` is what every later manifest check uses.
 */
export class TrustKeeper {
  private chain: Promise<unknown> = Promise.resolve()

  /**
   * @param stateDir - where `trust-root.bin` lives
   * @param current - the root trusted now ({@link loadTrustedRoot})
   * @param onAdopt - called with each newer root after it is persisted
   */
  constructor (private readonly stateDir: string, public current: TrustedRoot, private readonly log: Logger,
    private readonly onAdopt: (t: TrustedRoot) => void) {}

  /**
   * Walks a `RootChain` payload and persists the newest root reached.
   * @returns what the walk did; `error` holds why it stopped early (decode failure, a missing
   *   version, `OTA_ROOT_VERSION`, `OTA_BAD_SIGNATURE`), never thrown
   */
  async offer (payload: Uint8Array): Promise<RootWalk> {
    const run = this.chain.then(async () => await this.walk(payload))
    this.chain = run.catch(() => {})
    return await run
  }

  private async walk (payload: Uint8Array): Promise<RootWalk> {
    let roots: Uint8Array[]
    try {
      roots = decodeRootChain(payload)
    } catch (e) {
      const error = toOtaError(e, 'OTA_DECODE')
      this.log.warn({ code: error.code, err: error }, 'the trust topic does not carry a root chain')
      return { trusted: this.current, accepted: [], error }
    }
    const w = walkRootChain(this.current, roots)
    if (w.accepted.length > 0) {
      try {
        await writeFileAtomic(join(this.stateDir, TRUST_FILE), w.trusted.envelope, 0o600)
      } catch (e) {
        // Not persisted means not adopted: a restart would otherwise run on another root.
        const error = toOtaError(e, 'OTA_IO', 'cannot persist the new root')
        this.log.error({ err: error }, 'cannot persist the new root; keeping the current one')
        return { trusted: this.current, accepted: [], error }
      }
      this.current = w.trusted
      this.onAdopt(w.trusted)
      this.log.info({ rootVersion: w.trusted.root.version, accepted: w.accepted }, 'root rotated')
    }
    if (w.error !== undefined) {
      this.log.warn({ code: w.error.code, err: w.error, rootVersion: this.current.root.version }, 'root chain refused past the current version')
    }
    return w
  }
}
