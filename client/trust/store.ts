/**
 * The device's trusted roots across restarts: the provisioned `root.bin`, then every root version
 * walked to since (TUF 1.0 section 5.3), kept as one RootChain in `trust-roots.bin` in the state
 * folder, written with `writeFileAtomic` so a power cut leaves the old or the new chain, never a
 * torn one. The file is trusted only as far as it walks from the provisioned root: a root
 * written there by anyone else is refused. Versions only go forward.
 *
 * Every root of the chain is kept, not only the newest: an image installed and confirmed under
 * an older root must still boot after a later root drops the key that signed it (a revoked or
 * expired signing key stops new installs, never the running image).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from 'pino'
import { OtaError, decodeRootChain, encodeRootChain, toOtaError, walkRootChain, type RootWalk, type TrustedRoot } from '../../proto/index.js'
import { writeFileAtomic } from '../../proto/files.js'

/** File name of the persisted root chain inside the state folder. */
export const TRUST_FILE = 'trust-roots.bin'

/**
 * The roots the device trusts: the provisioned one, then each version walked to, oldest first;
 * the last is the one every new manifest is checked against.
 * @param stateDir - the device's state folder
 * @param provisioned - the root the device was provisioned with
 * @throws OtaError `OTA_IO` when the file exists but cannot be read; the codes of proto
 *   `decodeRootChain` and `walkRootChain` when it is corrupt or does not walk from the
 *   provisioned root (fail closed: a device does not silently fall back to an older root, which
 *   could re-admit a revoked signing key, nor take a root the provisioned one did not lead to)
 */
export function loadTrustedRoots (stateDir: string, provisioned: TrustedRoot): TrustedRoot[] {
  let bytes: Uint8Array
  try {
    bytes = new Uint8Array(readFileSync(join(stateDir, TRUST_FILE)))
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [provisioned]
    throw toOtaError(e, 'OTA_IO', `cannot read ${TRUST_FILE}`)
  }
  const w = walkRootChain(provisioned, decodeRootChain(bytes))
  if (w.error !== undefined) throw new OtaError(w.error.code, `${TRUST_FILE} does not walk from the provisioned root v${provisioned.root.version}: ${w.error.message}`, { cause: w.error })
  return [provisioned, ...w.roots]
}

/**
 * Takes root chains announced on the trust topic one at a time and moves the device's root
 * forward. `current` is what every later manifest check uses; `roots` every root trusted so far.
 */
export class TrustKeeper {
  private chain: Promise<unknown> = Promise.resolve()
  private all: TrustedRoot[]

  /**
   * @param stateDir - where `trust-roots.bin` lives
   * @param roots - the roots trusted now ({@link loadTrustedRoots}), oldest first
   * @param onAdopt - called with each newer root after it is persisted
   */
  constructor (private readonly stateDir: string, roots: readonly TrustedRoot[], private readonly log: Logger,
    private readonly onAdopt: (t: TrustedRoot) => void) {
    if (roots.length === 0) throw new OtaError('OTA_INVALID_ARGUMENT', 'a device trusts at least its provisioned root')
    this.all = [...roots]
  }

  /** The root every new manifest is checked against: the newest. */
  get current (): TrustedRoot { return this.all[this.all.length - 1]! }

  /** Every root trusted so far, oldest first (a copy). */
  get roots (): TrustedRoot[] { return [...this.all] }

  /**
   * Walks a `RootChain` payload and persists the newest root reached.
   * @returns what the walk did; `error` holds why it stopped early (decode failure, a missing
   *   version, `OTA_ROOT_VERSION`, `OTA_BAD_SIGNATURE`, `OTA_IO` when the new chain could not be
   *   persisted), never thrown
   */
  async offer (payload: Uint8Array): Promise<RootWalk> {
    const run = this.chain.then(async () => await this.walk(payload))
    this.chain = run.catch(() => {})
    return await run
  }

  private async walk (payload: Uint8Array): Promise<RootWalk> {
    let chain: Uint8Array[]
    try {
      chain = decodeRootChain(payload)
    } catch (e) {
      const error = toOtaError(e, 'OTA_DECODE')
      this.log.warn({ code: error.code, err: error }, 'the trust topic does not carry a root chain')
      return { trusted: this.current, accepted: [], roots: [], error }
    }
    const w = walkRootChain(this.current, chain)
    if (w.roots.length > 0) {
      const next = [...this.all, ...w.roots]
      try {
        await writeFileAtomic(join(this.stateDir, TRUST_FILE), encodeRootChain(next.slice(1).map((r) => r.envelope)), 0o600)
      } catch (e) {
        // Not persisted means not adopted: a restart would otherwise run on another root.
        const error = toOtaError(e, 'OTA_IO', 'cannot persist the new root')
        this.log.error({ err: error }, 'cannot persist the new root; keeping the current one')
        return { trusted: this.current, accepted: [], roots: [], error }
      }
      this.all = next
      this.onAdopt(w.trusted)
      this.log.info({ rootVersion: w.trusted.root.version, accepted: w.accepted }, 'root rotated')
    }
    if (w.error !== undefined) {
      this.log.warn({ code: w.error.code, err: w.error, rootVersion: this.current.root.version }, 'root chain refused past the current version')
    }
    return w
  }
}
