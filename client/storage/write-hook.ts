/**
 * A {@link SlotStorage} that runs a hook each time a slot is opened for writing: after the
 * backend's own checks (an image that does not fit changes nothing), before the handle is handed
 * out and so before any byte is written. The U-Boot boot control takes the slot out of
 * `BOOT_ORDER` there.
 */
import type { SlotName } from '../options.js'
import type { SlotStorage } from './slot-storage.js'

/**
 * `base` with `hook(slot)` run between opening a slot for writing and returning the handle; a
 * hook that throws closes the handle and fails the open with its error. Reads, hashes and sizes
 * go to `base` unchanged (`openForRead` only when `base` has it).
 */
export function withWriteHook (base: SlotStorage, hook: (slot: SlotName) => Promise<void>): SlotStorage {
  const s: SlotStorage = {
    openForWrite: async (slot, size) => {
      const h = await base.openForWrite(slot, size)
      try {
        await hook(slot)
      } catch (e) {
        await h.close()
        throw e
      }
      return h
    },
    hash: async (slot, size) => await base.hash(slot, size),
    size: async (slot) => await base.size(slot)
  }
  if (typeof base.openForRead === 'function') s.openForRead = async (slot) => await base.openForRead!(slot)
  return s
}
