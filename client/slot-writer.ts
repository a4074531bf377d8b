/**
 * A download's view of the inactive slot: chunk `i` goes to byte offset `i × chunkSize` of a
 * {@link SlotStorage} slot, so chunks may land in any order and a resumed download overwrites
 * nothing it already holds. Implements `ChunkSink`, what the downloader writes to.
 */
import { OtaError, createSha256 } from '../proto/index.js'
import { assertChunkSize } from '../proto/limits.js'
import type { SlotName } from './options.js'
import type { SlotDigest, SlotHandle, SlotReader, SlotStorage } from './storage/slot-storage.js'

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
  /**
   * optional: the first `bytes` bytes of the slot are stored (by this download or the one it
   * resumes) and will not be written again, so the sink may start reading them back for
   * `digest` while later chunks still arrive
   */
  stored? (bytes: number): void
  /** makes every written chunk durable */
  sync (): Promise<void>
  /** hashes what is stored, over exactly the image size */
  digest (): Promise<SlotDigest>
}

/** An open slot being written by a download. Never open the active slot. */
export class SlotWriter implements ChunkSink {
  private readonly readBack: ReadBack
  private constructor (private readonly storage: SlotStorage, readonly slot: SlotName, private readonly h: SlotHandle, readonly size: number, readonly chunkSize: number) {
    this.readBack = new ReadBack(storage, slot, size, async () => { await h.sync() })
  }

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

  /** See {@link ChunkSink.stored}: the stored prefix is synced, then read back from the slot and hashed, while the download goes on. */
  stored (bytes: number): void {
    this.readBack.advance(Math.min(bytes, this.size))
  }

  /**
   * Hashes the slot as stored over exactly `size` bytes: what will boot, not what was received.
   * Every byte is read back from the slot after it was synced; the prefix reported by
   * {@link SlotWriter.stored} was read back already (synced first), the rest is read back now.
   * @throws OtaError `OTA_IO`
   */
  async digest (): Promise<SlotDigest> {
    return await this.readBack.finish(async () => await this.storage.hash(this.slot, this.size))
  }

  /** Closes the slot; further writes fail with `OTA_IO`. Safe to call twice. */
  async close (): Promise<void> {
    await this.readBack.close()
    await this.h.close()
  }
}

/** Bytes read back per read, and what a read-back holds in memory. */
const READ_BACK_BLOCK = 1 << 20
/** Stored bytes that start an early read-back: one sync of the slot per step, then its blocks read back. */
const READ_BACK_STEP = 8 << 20

/** A reader that fills a caller's buffer (the file backend's), so the read-back reuses one block. */
type FillingReader = SlotReader & { readInto?: (offset: number, out: Uint8Array) => Promise<void> }

/**
 * The whole-slot hash, read back from the slot as its stored prefix grows: every
 * {@link READ_BACK_STEP} bytes stored, the slot is synced and the synced prefix read back in
 * {@link READ_BACK_BLOCK}-byte blocks while chunks still arrive; the rest at {@link ReadBack.finish}
 * (the download syncs before it asks for the digest). So every byte hashed was read back from
 * the slot after it was made durable, as a hash after the last sync would read it.
 * Any failure of the early read-back (or a storage without readers) falls back to hashing the
 * whole slot again at the end: never fewer bytes read back.
 */
class ReadBack {
  private readonly h = createSha256()
  private hashedTo = 0
  private target = 0
  private running: Promise<void> | null = null
  private reader: FillingReader | null = null
  private block: Uint8Array | null = null
  private broken = false
  private closed = false

  constructor (private readonly storage: SlotStorage, private readonly slot: SlotName, private readonly size: number, private readonly sync: () => Promise<void>) {}

  /** The first `bytes` bytes are stored for good. */
  advance (bytes: number): void {
    if (bytes > this.target) this.target = bytes
    this.pump()
  }

  private pump (): void {
    if (this.running !== null || this.broken || this.closed || this.storage.openForRead === undefined) return
    if (this.target - this.hashedTo < READ_BACK_STEP) return
    this.running = (async () => {
      const synced = this.target
      await this.sync()
      while (!this.closed && synced - this.hashedTo >= READ_BACK_BLOCK) await this.hashNext(READ_BACK_BLOCK)
    })().catch(() => { this.broken = true }).finally(() => { this.running = null; this.pump() })
  }

  private async hashNext (length: number): Promise<void> {
    if (this.reader === null) this.reader = await this.storage.openForRead!(this.slot)
    const r = this.reader
    let bytes: Uint8Array
    if (r.readInto !== undefined) {
      this.block ??= new Uint8Array(READ_BACK_BLOCK)
      bytes = this.block.subarray(0, length)
      await r.readInto(this.hashedTo, bytes)
    } else {
      bytes = await r.read(this.hashedTo, length)
    }
    this.h.update(bytes)
    this.hashedTo += length
  }

  /** Reads back and hashes what is left; `whole` hashes the slot from its start instead, when the early read-back failed. */
  async finish (whole: () => Promise<SlotDigest>): Promise<SlotDigest> {
    while (this.running !== null) await this.running
    if (this.broken || this.closed || this.storage.openForRead === undefined) return await whole()
    try {
      while (this.hashedTo < this.size) await this.hashNext(Math.min(READ_BACK_BLOCK, this.size - this.hashedTo))
    } catch {
      // A slot shorter than the image, or a failing read: the whole hash says which (a short length, or OTA_IO).
      this.broken = true
      return await whole()
    } finally {
      await this.close()
    }
    return { sha256: this.h.digest(), length: this.hashedTo }
  }

  /** Stops reading back and releases the reader (after a read in progress). */
  async close (): Promise<void> {
    this.closed = true
    while (this.running !== null) await this.running
    const r = this.reader
    this.reader = null
    this.block = null
    await r?.close()
  }
}
