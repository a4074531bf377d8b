/**
 * The two image slots, A and B, as files `slot-a.bin` and `slot-b.bin` in the state folder
 * (a real device maps them to flash partitions). The active slot is only ever read; a
 * download writes the inactive one, chunk by chunk at its offset, so chunks may land in any
 * order and a resumed download overwrites nothing it already holds.
 */
import { createReadStream } from 'node:fs'
import { open, stat, statfs, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { OtaError, createSha256, toOtaError, type ErrorCode } from '../proto/index.js'
import type { SlotName } from './options.js'
import { writeFileAtomic } from './state.js'

/** File names of the slots inside the state folder. */
export const SLOT_FILES: Readonly<Record<SlotName, string>> = { a: 'slot-a.bin', b: 'slot-b.bin' }

/** Path of `slot` in `stateDir`. */
export function slotPath (stateDir: string, slot: SlotName): string {
  return join(stateDir, SLOT_FILES[slot])
}

/** Digest of a slot's first `size` bytes, and how many bytes there were (less than `size` when the file is short). */
export interface SlotDigest {
  /** 32-byte SHA-256 */
  sha256: Uint8Array
  /** bytes hashed */
  length: number
}

function ioError (e: unknown, what: string): OtaError {
  const code: ErrorCode = (e as NodeJS.ErrnoException).code === 'ENOSPC' ? 'OTA_NO_SPACE' : 'OTA_IO'
  return toOtaError(e, code, what)
}

/**
 * Streams SHA-256 over exactly the first `size` bytes of the file at `path`.
 * @throws OtaError `OTA_IO` when the file cannot be read (including when it does not exist)
 */
export async function hashFile (path: string, size: number): Promise<SlotDigest> {
  const h = createSha256()
  let length = 0
  try {
    const stream = createReadStream(path, { start: 0, end: size - 1, highWaterMark: 1 << 20 })
    for await (const chunk of stream) {
      h.update(chunk as Buffer)
      length += (chunk as Buffer).length
    }
  } catch (e) {
    throw ioError(e, `cannot read ${path}`)
  }
  return { sha256: h.digest(), length }
}

/**
 * Hashes what is on disk in `slot`, over exactly `size` bytes.
 * @throws OtaError `OTA_IO` when the slot file cannot be read
 */
export async function hashSlot (stateDir: string, slot: SlotName, size: number): Promise<SlotDigest> {
  return await hashFile(slotPath(stateDir, slot), size)
}

/**
 * Writes a whole image into `slot` atomically and durably (factory provisioning).
 * @throws OtaError `OTA_NO_SPACE`, `OTA_IO`
 */
export async function writeSlotImage (stateDir: string, slot: SlotName, image: Uint8Array): Promise<void> {
  await writeFileAtomic(slotPath(stateDir, slot), image)
}

/** Options of {@link SlotWriter.open}. */
export interface SlotWriterOptions {
  /** image size, bytes: the file is cut to exactly this length */
  size: number
  /** chunk size, bytes: chunk i is written at offset i × chunkSize */
  chunkSize: number
  /** keep the bytes already in the slot (resuming a download) instead of starting empty */
  resume?: boolean
}

/**
 * An open slot being written by a download. Implements the downloader's `ChunkSink`.
 */
export class SlotWriter {
  /** Path of the slot file. */
  readonly path: string
  /** Image size, bytes. */
  readonly size: number
  /** Chunk size, bytes. */
  readonly chunkSize: number
  private fh: FileHandle | null

  private constructor (path: string, fh: FileHandle, size: number, chunkSize: number) {
    this.path = path
    this.fh = fh
    this.size = size
    this.chunkSize = chunkSize
  }

  /**
   * Opens `slot` for writing and cuts it to `size` bytes. Never call this for the active slot.
   * A fresh open (no `resume`) empties the file first, so nothing of a previous image survives
   * in it. Fails early with `OTA_NO_SPACE` when the filesystem cannot hold the image.
   * @throws OtaError `OTA_INVALID_ARGUMENT` for a bad size, `OTA_NO_SPACE`, `OTA_IO`
   */
  static async open (stateDir: string, slot: SlotName, o: SlotWriterOptions): Promise<SlotWriter> {
    if (!Number.isSafeInteger(o.size) || o.size < 1) throw new OtaError('OTA_INVALID_ARGUMENT', `slot image size must be a positive integer, got ${o.size}`)
    if (!Number.isSafeInteger(o.chunkSize) || o.chunkSize < 1) throw new OtaError('OTA_INVALID_ARGUMENT', `chunk size must be a positive integer, got ${o.chunkSize}`)
    const path = slotPath(stateDir, slot)
    const existing = await stat(path).then((s) => s.size, () => 0)
    try {
      const fs = await statfs(stateDir)
      const free = Number(fs.bavail) * Number(fs.bsize)
      // The slot's current bytes are reclaimed when it is cut, so they count as room.
      if (o.size > free + existing) throw new OtaError('OTA_NO_SPACE', `slot ${slot} needs ${o.size} bytes, ${free + existing} available`)
    } catch (e) {
      if (e instanceof OtaError) throw e
      // statfs is an early warning only; the writes themselves report ENOSPC.
    }
    let fh: FileHandle
    try {
      fh = await open(path, o.resume === true && existing > 0 ? 'r+' : 'w', 0o600)
    } catch (e) {
      throw ioError(e, `cannot open ${path}`)
    }
    try {
      await fh.truncate(o.size)
    } catch (e) {
      await fh.close().catch(() => {})
      throw ioError(e, `cannot size ${path} to ${o.size} bytes`)
    }
    return new SlotWriter(path, fh, o.size, o.chunkSize)
  }

  private handle (): FileHandle {
    if (this.fh === null) throw new OtaError('OTA_IO', `slot ${this.path} is closed`)
    return this.fh
  }

  /**
   * Writes chunk `index` at offset `index × chunkSize` (positional: order does not matter).
   * @throws OtaError `OTA_CHUNK_MISMATCH` when the chunk would end past the image, `OTA_NO_SPACE`, `OTA_IO`
   */
  async writeChunk (index: number, data: Uint8Array): Promise<void> {
    const offset = index * this.chunkSize
    if (!Number.isSafeInteger(index) || index < 0 || offset + data.length > this.size) {
      throw new OtaError('OTA_CHUNK_MISMATCH', `chunk ${index} of ${data.length} bytes does not fit an image of ${this.size} bytes`)
    }
    const fh = this.handle()
    let done = 0
    try {
      while (done < data.length) {
        const { bytesWritten } = await fh.write(data, done, data.length - done, offset + done)
        done += bytesWritten
      }
    } catch (e) {
      throw ioError(e, `cannot write chunk ${index} to ${this.path}`)
    }
  }

  /**
   * Flushes written chunks to stable storage (before the resume bitmap says they are there).
   * @throws OtaError `OTA_IO`
   */
  async sync (): Promise<void> {
    try {
      await this.handle().sync()
    } catch (e) {
      throw ioError(e, `cannot sync ${this.path}`)
    }
  }

  /**
   * Hashes the slot as it is on disk over exactly `size` bytes: what will boot, not what was received.
   * @throws OtaError `OTA_IO`
   */
  async digest (): Promise<SlotDigest> {
    return await hashFile(this.path, this.size)
  }

  /** Closes the file; further writes fail with `OTA_IO`. Safe to call twice. */
  async close (): Promise<void> {
    const fh = this.fh
    this.fh = null
    if (fh !== null) await fh.close().catch(() => {})
  }
}
