/**
 * Durable file writes: the one owner of write-to-temporary, fsync, rename. The broker's store,
 * the device's state file, the PKI layout and the firmware cache all call {@link writeFileAtomic}.
 * (Needs a filesystem, so Node only; the device's other contract modules need none.)
 */
import { link, open, readdir, rename, stat, unlink } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { toOtaError } from './errors.js'
import { toHex } from './bytes.js'
import { crashPoint } from './crash-points.js'

/** A random suffix for a temporary name; Web Crypto's `getRandomValues` is global in Node >= 19. */
function tmpSuffix (): string {
  return toHex(globalThis.crypto.getRandomValues(new Uint8Array(4)))
}

/** Options of {@link writeFileAtomic}. */
export interface WriteFileAtomicOptions {
  /**
   * never replace an existing `path` (`OTA_IO` naming it instead), and give the file exactly
   * `mode` whatever the umask: for keys and certificates, whose replacement would strand what was
   * provisioned with them. Default false: replace atomically.
   */
  exclusive?: boolean
}

/** Errors of `link` on filesystems without hard links (FAT, some FUSE and network mounts). */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'])

/**
 * Writes `bytes` to `path` atomically and durably: a temporary file in the same folder, fsync,
 * rename over `path` (or, with `exclusive`, hard-link to `path`, which fails when it exists), fsync
 * the folder so the rename itself survives a power cut. Where the filesystem has no hard links,
 * an exclusive write creates `path` directly (`O_EXCL`) and fsyncs it: still never replacing, but a
 * power cut mid-write can leave it short.
 * @param mode - permissions of a newly created file; default 0600
 * @param opts - {@link WriteFileAtomicOptions}
 * @throws OtaError `OTA_NO_SPACE` when the disk is full, `OTA_IO` otherwise (with `exclusive`,
 *   also when `path` exists; the cause's code is then `EEXIST`)
 */
export async function writeFileAtomic (path: string, bytes: Uint8Array | string, mode = 0o600, opts: WriteFileAtomicOptions = {}): Promise<void> {
  const dir = dirname(path)
  const tmp = `${path}.${process.pid}.${tmpSuffix()}.tmp`
  const exclusive = opts.exclusive === true
  try {
    await writeSynced(tmp, bytes, mode, 'w', exclusive)
    crashPoint('atomic.written')
    if (!exclusive) {
      await rename(tmp, path)
      crashPoint('atomic.renamed')
    } else {
      try {
        await link(tmp, path)
      } catch (e) {
        if (!NO_LINKS.has((e as NodeJS.ErrnoException).code ?? '')) throw e
        await writeSynced(path, bytes, mode, 'wx', true)
      } finally {
        await unlink(tmp).catch(() => {})
      }
    }
  } catch (e) {
    await unlink(tmp).catch(() => {})
    const errno = (e as NodeJS.ErrnoException).code
    throw toOtaError(e, errno === 'ENOSPC' ? 'OTA_NO_SPACE' : 'OTA_IO', errno === 'EEXIST' ? `${path} exists and is never replaced` : `cannot write ${path}`)
  }
  await syncDir(dir)
}

/**
 * Removes the temporary files {@link writeFileAtomic} left in folder `dir` when its process was
 * killed (or lost power) between writing one and renaming it: `<name>.<pid>.<8 hex>.tmp` of
 * another process than this one. Call it at start, before this process writes into `dir`.
 * Never throws: what cannot be listed or removed is left (and reported in the result).
 * @returns the names removed, and those that could not be
 */
export async function removeStaleTemporaries (dir: string): Promise<{ removed: string[], failed: string[] }> {
  const removed: string[] = []
  const failed: string[] = []
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return { removed, failed }
  }
  for (const name of names) {
    const m = /\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name)
    if (m === null || Number(m[1]) === process.pid) continue
    try {
      await unlink(join(dir, name))
      removed.push(name)
    } catch {
      failed.push(name)
    }
  }
  return { removed, failed }
}

/**
 * Makes the entries of folder `dir` durable (fsync of the folder), so a rename, link or unlink in
 * it survives a power cut.
 * @throws OtaError `OTA_IO` when the sync fails
 */
export async function syncDir (dir: string): Promise<void> {
  try {
    const dh = await open(dir, 'r')
    try {
      await dh.sync()
    } finally {
      await dh.close()
    }
  } catch (e) {
    // Some filesystems refuse fsync on a directory (EINVAL/EISDIR/EPERM); the entry change is done
    // and there is nothing stronger to ask of them.
    const code = (e as NodeJS.ErrnoException).code
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'EBADF') throw toOtaError(e, 'OTA_IO', `cannot sync ${dir}`)
  }
}

async function writeSynced (file: string, bytes: Uint8Array | string, mode: number, flags: 'w' | 'wx', exactMode: boolean): Promise<void> {
  const fh = await open(file, flags, mode)
  try {
    // The create mode passes through the umask; chmod does not.
    if (exactMode) await fh.chmod(mode)
    await fh.writeFile(bytes)
    await fh.sync()
  } finally {
    await fh.close()
  }
}

/**
 * Whether `path` exists.
 * @param failure - the message of the error for anything but "not there"
 * @throws OtaError `OTA_IO` for any error but ENOENT
 */
export async function fileExists (path: string, failure = `cannot check ${path}`): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw toOtaError(e, 'OTA_IO', failure)
  }
}
