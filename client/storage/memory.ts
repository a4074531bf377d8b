/**
 * The memory backend of {@link SlotStorage}, for simulated fleets (`aedes-ota fleet --slots
 * memory`): a device's two slots are two buffers in the process, bounded by a capacity. Every
 * byte is still written at its offset, read back and hashed by {@link MemorySlotStorage.hash}
 * (the whole-slot check before VERIFIED and the bootloader's check at boot); what is saved is the
 * file opens, syscalls and page-cache traffic that thousands of simulated devices in one process
 * would otherwise pay per chunk.
 *
 * Durability is the process's: {@link SlotHandle.sync} has nothing to flush, and the slots are
 * gone when the process exits, so a state folder recorded over memory slots must not be booted
 * again by a later process (its bootloader would find the slots empty and refuse the image).
 */
import { OtaError, createSha256 } from '../../proto/index.js'
import type { SlotName } from '../options.js'
import type { SlotDigest, SlotHandle, SlotReader, SlotStorage } from './slot-storage.js'

/** Options of {@link MemorySlotStorage}. */
export interface MemorySlotStorageOptions {
  /** most bytes one slot holds; a larger image fails with `OTA_NO_SPACE`. Default {@link MemorySlotDefaults.capacity} */
  capacity?: number
}

/** Defaults of {@link MemorySlotStorage}. */
export const MemorySlotDefaults = Object.freeze({
  /** 64 MiB per slot: a simulated fleet holds two slots per device in one process */
  capacity: 64 * 1024 * 1024,
  /** largest capacity accepted, 1 GiB (a Buffer of it must be allocatable) */
  maxCapacity: 1024 * 1024 * 1024
})

interface Slot { bytes: Buffer, length: number }

class MemoryHandle implements SlotHandle {
  private open = true
  constructor (private readonly slot: Slot, private readonly name: SlotName, private readonly size: number) {}

  async write (offset: number, data: Uint8Array): Promise<void> {
    if (!this.open) throw new OtaError('OTA_IO', `slot ${this.name} is closed`)
    if (!Number.isSafeInteger(offset) || offset < 0 || offset + data.length > this.size) {
      throw new OtaError('OTA_IO', `write of ${data.length} bytes at ${offset} is outside slot ${this.name}'s ${this.size}-byte image`)
    }
    this.slot.bytes.set(data, offset)
    if (offset + data.length > this.slot.length) this.slot.length = offset + data.length
  }

  async sync (): Promise<void> {
    if (!this.open) throw new OtaError('OTA_IO', `slot ${this.name} is closed`)
  }

  async close (): Promise<void> { this.open = false }
}

class MemoryReader implements SlotReader {
  private open = true
  constructor (private readonly slot: Slot, private readonly name: SlotName) {}

  async read (offset: number, length: number): Promise<Uint8Array> {
    if (!this.open) throw new OtaError('OTA_IO', `slot ${this.name} is closed`)
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > this.slot.length) {
      throw new OtaError('OTA_IO', `cannot read ${length} bytes at ${offset} of slot ${this.name} (${this.slot.length} bytes)`)
    }
    // A copy: the caller may keep it while later writes change the slot.
    return Uint8Array.prototype.slice.call(this.slot.bytes, offset, offset + length)
  }

  async close (): Promise<void> { this.open = false }
}

/**
 * Two slots held in memory. The written length of a slot is the highest byte written (as a
 * growing file's length); its buffer grows to the largest image opened, up to the capacity.
 */
export class MemorySlotStorage implements SlotStorage {
  private readonly capacity: number
  private readonly slots: Record<SlotName, Slot> = { a: { bytes: Buffer.alloc(0), length: 0 }, b: { bytes: Buffer.alloc(0), length: 0 } }

  /** @throws OtaError `OTA_INVALID_ARGUMENT` for a capacity that is not an integer from 1 to {@link MemorySlotDefaults.maxCapacity} */
  constructor (o: MemorySlotStorageOptions = {}) {
    const c = o.capacity ?? MemorySlotDefaults.capacity
    if (!Number.isSafeInteger(c) || c < 1 || c > MemorySlotDefaults.maxCapacity) {
      throw new OtaError('OTA_INVALID_ARGUMENT', `memory slot capacity must be an integer from 1 to ${MemorySlotDefaults.maxCapacity}, got ${String(c)}`)
    }
    this.capacity = c
  }

  /** See {@link SlotStorage.openForWrite}: the slot's bytes are kept, its buffer grown to `size`. */
  async openForWrite (slot: SlotName, size: number): Promise<SlotHandle> {
    if (!Number.isSafeInteger(size) || size < 1) throw new OtaError('OTA_INVALID_ARGUMENT', `slot image size must be a positive integer, got ${size}`)
    if (size > this.capacity) throw new OtaError('OTA_NO_SPACE', `memory slot ${slot} holds ${this.capacity} bytes, the image needs ${size}`)
    const s = this.slots[slot]
    if (s.bytes.length < size) {
      const grown = Buffer.alloc(size)
      s.bytes.copy(grown, 0, 0, s.length)
      s.bytes = grown
    }
    return new MemoryHandle(s, slot, size)
  }

  /** See {@link SlotStorage.openForRead}. */
  async openForRead (slot: SlotName): Promise<SlotReader> {
    if (this.slots[slot].length === 0) throw new OtaError('OTA_IO', `memory slot ${slot} holds nothing`)
    return new MemoryReader(this.slots[slot], slot)
  }

  /** See {@link SlotStorage.hash}: hashes the bytes as stored now. */
  async hash (slot: SlotName, size: number): Promise<SlotDigest> {
    const s = this.slots[slot]
    if (s.length === 0) throw new OtaError('OTA_IO', `memory slot ${slot} holds nothing`)
    const length = Math.min(Math.max(0, size), s.length)
    const h = createSha256()
    h.update(s.bytes.subarray(0, length))
    return { sha256: h.digest(), length }
  }

  /** See {@link SlotStorage.size}: the highest byte written so far, 0 for a slot never written. */
  async size (slot: SlotName): Promise<number> {
    return this.slots[slot].length
  }
}
