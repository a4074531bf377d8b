/**
 * Durable file writes: the one owner of write-to-temporary, fsync, rename. The broker's store,
 * the device's state file, the PKI layout and the firmware cache all call {@link writeFileAtomic}.
 * (Needs a filesystem, so Node only; the device's other contract modules need none.)
 */
import { open, rename, unlink } from 'node:fs/promises'
import { dirname } from 'node:path'
import { toOtaError } from './errors.js'
import { toHex } from './bytes.js'

/** A random suffix for a temporary name; Web Crypto's `getRandomValues` is global in Node >= 19. */
function tmpSuffix (): string {
  return toHex(globalThis.crypto.getRandomValues(new Uint8Array(4)))
}

/**
 * Writes `bytes` to `path` atomically and durably: a temporary file in the same folder,
 * fsync, rename over `path`, fsync the folder so the rename itself survives a power cut.
 * @param mode - permissions of a newly created file; default 0600
 * @throws OtaError `OTA_NO_SPACE` when the disk is full, `OTA_IO` otherwise
 */
export async function writeFileAtomic (path: string, bytes: Uint8Array | string, mode = 0o600): Promise<void> {
  const dir = dirname(path)
  const tmp = `${path}.${process.pid}.${tmpSuffix()}.tmp`
  try {
    const fh = await open(tmp, 'w', mode)
    try {
      await fh.writeFile(bytes)
      await fh.sync()
    } finally {
      await fh.close()
    }
    await rename(tmp, path)
  } catch (e) {
    await unlink(tmp).catch(() => {})
    const code = (e as NodeJS.ErrnoException).code === 'ENOSPC' ? 'OTA_NO_SPACE' : 'OTA_IO'
    throw toOtaError(e, code, `cannot write ${path}`)
  }
  try {
    const dh = await open(dir, 'r')
    try {
      await dh.sync()
    } finally {
      await dh.close()
    }
  } catch (e) {
    // Some filesystems refuse fsync on a directory (EINVAL/EISDIR/EPERM); the rename is done and
    // there is nothing stronger to ask of them.
    const code = (e as NodeJS.ErrnoException).code
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'EBADF') throw toOtaError(e, 'OTA_IO', `cannot sync ${dir}`)
  }
}
