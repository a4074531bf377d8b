/**
 * The staging folder, `staging/` in the state folder: a patch (a delta or the compressed image)
 * is downloaded there, chunk by chunk at its offsets like an image into a slot, verified whole,
 * then applied into the inactive slot (./slot-apply.ts). One patch at a time: starting another
 * removes the rest. The folder costs the patch's size in storage (a delta is typically 5 to 35 %
 * of the image), never the image's.
 */
import { mkdir, readdir, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { OtaError, toOtaError, type Artifact } from '../../proto/index.js'
import { hashFile, openFileForWrite } from '../storage/file.js'
import { syncDir } from '../../proto/files.js'
import type { SlotDigest, SlotHandle } from '../storage/slot-storage.js'
import type { ChunkSink } from '../slot-writer.js'

/** Folder of the state folder holding the patch being downloaded or applied. */
export const STAGING_DIR = 'staging'

/** Path of the staged patch `id` (lowercase hex SHA-256) in `stateDir`. */
export function stagingPath (stateDir: string, id: string): string {
  return join(stateDir, STAGING_DIR, `${id}.patch`)
}

/**
 * Bytes of the staged patch `id` on disk now (0 when there is none): a resumed download trusts
 * its bitmap only when the file reaches its last chunk.
 * @throws OtaError `OTA_IO`
 */
export async function stagedLength (stateDir: string, id: string): Promise<number> {
  try {
    return (await stat(stagingPath(stateDir, id))).size
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0
    throw toOtaError(e, 'OTA_IO', `cannot stat ${stagingPath(stateDir, id)}`)
  }
}

/**
 * Removes every staged patch but `keep` (none when omitted). Failures are ignored: a file left
 * behind is removed next time.
 */
export async function clearStaging (stateDir: string, keep?: string): Promise<void> {
  const dir = join(stateDir, STAGING_DIR)
  const names = await readdir(dir).catch(() => [] as string[])
  for (const n of names) if (n !== `${keep ?? ''}.patch`) await unlink(join(dir, n)).catch(() => {})
}

/** A patch being downloaded into the staging folder: what the downloader writes to. */
export class StagingSink implements ChunkSink {
  private constructor (private readonly path: string, private readonly h: SlotHandle, private readonly artifact: Artifact) {}

  /**
   * Opens (creating when missing, keeping what it holds) the staging file of `artifact`, after
   * removing any other staged patch.
   * @throws OtaError `OTA_IO`, `OTA_NO_SPACE`
   */
  static async open (stateDir: string, id: string, artifact: Artifact): Promise<StagingSink> {
    let made: string | undefined
    try {
      made = await mkdir(join(stateDir, STAGING_DIR), { recursive: true, mode: 0o700 })
    } catch (e) {
      throw toOtaError(e, 'OTA_IO', `cannot create ${join(stateDir, STAGING_DIR)}`)
    }
    // The new folder is an entry of the state folder: durable before a record relies on what it holds.
    if (made !== undefined) await syncDir(stateDir)
    await clearStaging(stateDir, id)
    const path = stagingPath(stateDir, id)
    return new StagingSink(path, await openFileForWrite(path), artifact)
  }

  /**
   * Writes chunk `index` at `index × chunkSize`.
   * @throws OtaError `OTA_CHUNK_MISMATCH` past the patch's size, `OTA_NO_SPACE`, `OTA_IO`
   */
  async writeChunk (index: number, data: Uint8Array): Promise<void> {
    const offset = index * this.artifact.chunkSize
    if (!Number.isSafeInteger(index) || index < 0 || offset + data.length > this.artifact.size) {
      throw new OtaError('OTA_CHUNK_MISMATCH', `chunk ${index} of ${data.length} bytes does not fit a patch of ${this.artifact.size} bytes`)
    }
    await this.h.write(offset, data)
  }

  /** Makes written chunks durable. @throws OtaError `OTA_IO` */
  async sync (): Promise<void> {
    await this.h.sync()
  }

  /** Hashes the staged file over exactly the patch's size. @throws OtaError `OTA_IO` */
  async digest (): Promise<SlotDigest> {
    return await hashFile(this.path, this.artifact.size)
  }

  /** Closes the file. Safe to call twice. */
  async close (): Promise<void> {
    await this.h.close()
  }
}
