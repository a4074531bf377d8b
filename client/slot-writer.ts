/**
 * A download's view of the inactive slot: chunk `i` goes to byte offset `i × chunkSize` of a
 * {@link SlotStorage} slot, so chunks may land in any order and a resumed download overwrites
 * nothing it already holds. Implements `ChunkSink`, what the downloader writes to.
 */
import { OtaError } from '../proto/index.js'
import { assertChunkSize } from '../proto/limits.js'
import type { SlotName } from './options.js'
import type { SlotDigest, SlotHandle, SlotStorage } from './storage/slot-storage.js'

/** Options of {@link SlotWriter.open}. Sizes in bytes. */
export interface SlotWriterOptions {
  /** image size: chunks never end past it, and the digest covers exactly it */
  size: number
  /** chunk size: chunk i is written at offset i × chunkSize */
  chunkSize: number
}

/** Where verified chunks go: a slot being written (the downloader's; {@link SlotWriter} is the one the device uses). */
export interface ChunkSink {
  /** writes chunk `index` at offset `index × chunkSize` */
  writeChunk (index: number, data: Uint8Array): Promise<void>
  /**
   * optional: writes chunks `index`, `index + 1`, … back to back in one go (every one but the
   * last exactly the chunk size); without it the downloader calls `writeChunk` for each
   */
  writeChunks? (index: number, chunks: readonly Uint8Array[]): Promise<void>
  /** makes every written chunk durable */
  sync (): Promise<void>
  /** hashes what is stored, over exactly the image size */
  digest (): Promise<SlotDigest>
}

/** An open slot being written by a download. Never open the active slot. */
export class SlotWriter implements ChunkSink {
  private constructor (private readonly storage: SlotStorage, readonly slot: SlotName, private readonly h: SlotHandle, readonly size: number, readonly chunkSize: number) {}

  /**
   * Opens `slot` of `storage` for an image of `o.size` bytes, keeping what it holds (see
   * {@link SlotStorage.openForWrite}).
   * @throws OtaError `OTA_INVALID_ARGUMENT` for a bad size or a chunk size that is not a power of two
   *   within proto's `Limits` (`assertChunkSize`), `OTA_NO_SPACE`, `OTA_IO`
   */
  static async open (storage: SlotStorage, slot: SlotName, o: SlotWriterOptions): Promise<SlotWriter> {
    assertChunkSize(o.chunkSize)
    const h = await storage.openForWrite(slot, o.size)
    return new SlotWriter(storage, slot, h, o.size, o.chunkSize)
  }

  /**
   * Writes chunk `index` at offset `index × chunkSize`.
   * @throws OtaError `OTA_CHUNK_MISMATCH` when the chunk would end past the image, `OTA_NO_SPACE`, `OTA_IO`
   */
  async writeChunk (index: number, data: Uint8Array): Promise<void> {
    const offset = index * this.chunkSize
    if (!Number.isSafeInteger(index) || index < 0 || offset + data.length > this.size) {
      throw new OtaError('OTA_CHUNK_MISMATCH', `chunk ${index} of ${data.length} bytes does not fit an image of ${this.size} bytes`)
    }
    await this.h.write(offset, data)
  }

  /**
   * Writes chunks `index`, `index + 1`, … back to back from offset `index × chunkSize`, in one
   * vectored write when the slot's handle has one (files and block devices), else one by one.
   * @throws OtaError `OTA_CHUNK_MISMATCH` when a chunk but the last is not exactly the chunk size
   *   or the run would end past the image, `OTA_NO_SPACE`, `OTA_IO`
   */
  async writeChunks (index: number, chunks: readonly Uint8Array[]): Promise<void> {
    const offset = index * this.chunkSize
    let total = 0
    for (let k = 0; k < chunks.length; k++) {
      const n = chunks[k]!.length
      if (k < chunks.length - 1 && n !== this.chunkSize) throw new OtaError('OTA_CHUNK_MISMATCH', `chunk ${index + k} is ${n} bytes inside a run of ${this.chunkSize}-byte chunks`)
      total += n
    }
    if (!Number.isSafeInteger(index) || index < 0 || offset + total > this.size) {
      throw new OtaError('OTA_CHUNK_MISMATCH', `chunks ${index} to ${index + chunks.length - 1} (${total} bytes) do not fit an image of ${this.size} bytes`)
    }
    const h = this.h as SlotHandle & { writev?: (offset: number, chunks: readonly Uint8Array[]) => Promise<void> }
    if (typeof h.writev === 'function') { await h.writev(offset, chunks); return }
    for (let k = 0; k < chunks.length; k++) await this.h.write(offset + k * this.chunkSize, chunks[k]!)
  }

  /** Makes written chunks durable (before the resume bitmap says they are there). @throws OtaError `OTA_IO` */
  async sync (): Promise<void> {
    await this.h.sync()
  }

  /** Hashes the slot as stored over exactly `size` bytes: what will boot, not what was received. @throws OtaError `OTA_IO` */
  async digest (): Promise<SlotDigest> {
    return await this.storage.hash(this.slot, this.size)
  }

  /** Closes the slot; further writes fail with `OTA_IO`. Safe to call twice. */
  async close (): Promise<void> {
    await this.h.close()
  }
}
