/**
 * `SlotStorage`: where the bytes of the two image slots live. The device writes a download into
 * the inactive slot at chunk offsets, syncs it before its resume record says the chunks are
 * there, and reads it back for hashing; the bootloader reads it back to verify before boot.
 * The default backend is {@link FileSlotStorage} (files or block devices); a product can put a
 * slot on a flash partition, an MTD device or anything else that implements this interface.
 */
import { OtaError } from '../../proto/index.js'
import type { SlotName } from '../options.js'

/** Digest of a slot's first `size` bytes, and how many bytes there were (less than `size` when the slot is short). */
export interface SlotDigest {
  /** 32-byte SHA-256 */
  sha256: Uint8Array
  /** bytes hashed */
  length: number
}

/** A slot opened for writing by {@link SlotStorage.openForWrite}. */
export interface SlotHandle {
  /**
   * Writes `data` at byte `offset` (positional: order does not matter, nothing else moves).
   * @throws OtaError `OTA_NO_SPACE` when the storage is full, `OTA_IO`
   */
  write (offset: number, data: Uint8Array): Promise<void>
  /**
   * Makes every write so far durable (fsync, flash cache flush): after it resolves, a power cut
   * keeps those bytes.
   * @throws OtaError `OTA_IO`
   */
  sync (): Promise<void>
  /** Releases the handle; further writes fail with `OTA_IO`. Safe to call twice, never throws. */
  close (): Promise<void>
}

/**
 * Random-access reads of one slot, for a delta patch applied against the image a device runs
 * (client/delta/): the patch names the offsets of the old image it copies from.
 */
export interface SlotReader {
  /**
   * Reads exactly `length` bytes at byte `offset`.
   * @throws OtaError `OTA_IO` when they cannot be read, including when the slot ends before
   *   `offset + length`
   */
  read (offset: number, length: number): Promise<Uint8Array>
  /** Releases the reader; further reads fail with `OTA_IO`. Safe to call twice, never throws. */
  close (): Promise<void>
}

/**
 * Where slot bytes live. Contract (what the device and the bootloader rely on):
 *
 * - {@link SlotStorage.openForWrite} never truncates nor erases what the slot holds: a resumed
 *   download keeps its chunks, and a slot of capacity N holding an image of M ≤ N bytes keeps its
 *   bytes past M. It fails with `OTA_NO_SPACE` before any write when the image cannot fit.
 * - {@link SlotStorage.hash} reads exactly the first `size` bytes (fewer only when the slot is
 *   shorter), whatever the slot holds past them.
 * - Bytes written are durable only after {@link SlotHandle.sync}; the device records a chunk as
 *   stored (resume bitmap) and an image as installed (state file) only after a sync, so a crash
 *   at any point leaves either a verified image or one the bootloader refuses.
 * - The device never opens the active slot for writing.
 */
export interface SlotStorage {
  /**
   * Opens `slot` for writing an image of `size` bytes, keeping what it holds.
   * @throws OtaError `OTA_NO_SPACE` when the slot (or its filesystem) cannot hold `size` bytes,
   *   `OTA_INVALID_ARGUMENT` for a size that is not a positive integer, `OTA_IO`
   */
  openForWrite (slot: SlotName, size: number): Promise<SlotHandle>
  /**
   * Opens `slot` for random-access reads (the active slot, as the base of a delta patch; the
   * inactive one, to resume a patch apply). Optional: a storage without it takes every update
   * as the whole image (no delta, no compressed image).
   * @throws OtaError `OTA_IO` when the slot cannot be opened (including when it does not exist)
   */
  openForRead? (slot: SlotName): Promise<SlotReader>
  /**
   * SHA-256 over exactly the first `size` bytes of `slot`, as stored now.
   * @throws OtaError `OTA_IO` when the slot cannot be read (including when it does not exist)
   */
  hash (slot: SlotName, size: number): Promise<SlotDigest>
  /**
   * Bytes readable in `slot` now (a file's length, a fixed slot's capacity); 0 when it does not
   * exist. A resumed download trusts its bitmap only when the slot reaches its last chunk.
   * @throws OtaError `OTA_IO`
   */
  size (slot: SlotName): Promise<number>
}

/**
 * Writes a whole image at offset 0 of `slot` and syncs it (factory provisioning). The bytes past
 * the image, if the slot is larger, are kept.
 * @throws OtaError `OTA_NO_SPACE`, `OTA_IO`
 */
export async function writeSlotImage (storage: SlotStorage, slot: SlotName, image: Uint8Array): Promise<void> {
  if (image.length === 0) throw new OtaError('OTA_INVALID_ARGUMENT', 'a slot image must not be empty')
  const h = await storage.openForWrite(slot, image.length)
  try {
    await h.write(0, image)
    await h.sync()
  } finally {
    await h.close()
  }
}
