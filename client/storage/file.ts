/**
 * The file backend of {@link SlotStorage}: each slot is a path, either a regular file (the
 * default layout: `slot-a.bin` and `slot-b.bin` in the state folder, created when missing) or a
 * block device such as a flash partition (`/dev/mmcblk0p2`). Nothing is ever truncated: a
 * pre-sized file or a partition keeps its size and its bytes past the image.
 */
import { constants } from 'node:fs'
import { open, readFile, stat, statfs, type FileHandle } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { OtaError, createSha256, toOtaError, type ErrorCode } from '../../proto/index.js'
import { syncDir } from '../../proto/files.js'
import type { SlotName } from '../options.js'
import type { SlotDigest, SlotHandle, SlotReader, SlotStorage } from './slot-storage.js'

/** File names of the slots inside the state folder (the default layout). */
export const SLOT_FILES: Readonly<Record<SlotName, string>> = { a: 'slot-a.bin', b: 'slot-b.bin' }

/** One slot of a {@link FileSlotStorage}. */
export interface FileSlot {
  /** a regular file (created when missing) or a block device */
  path: string
  /**
   * most bytes the slot holds; an image larger than this fails with `OTA_NO_SPACE`. Default: a
   * block device's size (read from Linux sysfs); for a regular file, no limit but the
   * filesystem's free space (the file grows as chunks land).
   */
  capacity?: number
}

/** Path of `slot` in `stateDir` in the default layout. */
export function slotPath (stateDir: string, slot: SlotName): string {
  return join(stateDir, SLOT_FILES[slot])
}

function ioError (e: unknown, what: string): OtaError {
  const code: ErrorCode = (e as NodeJS.ErrnoException).code === 'ENOSPC' ? 'OTA_NO_SPACE' : 'OTA_IO'
  return toOtaError(e, code, what)
}

/**
 * Size of a block device in bytes, from `/sys/dev/block/<major>:<minor>/size` (512-byte sectors
 * whatever the device's block size, Linux `Documentation/ABI/stable/sysfs-block`).
 */
async function blockDeviceSize (path: string, rdev: number): Promise<number> {
  // glibc's gnu_dev_major/gnu_dev_minor split of a dev_t.
  const hi = Math.floor(rdev / 2 ** 32)
  const lo = rdev >>> 0
  const major = ((lo >>> 8) & 0xfff) | ((hi & 0xfffff000) >>> 0)
  const minor = (lo & 0xff) | ((lo >>> 12) & 0xfff00)
  try {
    const sectors = Number((await readFile(`/sys/dev/block/${major}:${minor}/size`, 'utf8')).trim())
    if (!Number.isSafeInteger(sectors) || sectors < 0) throw new Error(`unexpected sector count for ${major}:${minor}`)
    return sectors * 512
  } catch (e) {
    throw toOtaError(e, 'OTA_IO', `cannot tell the size of block device ${path}; give the slot a capacity`)
  }
}

class FileHandleSlot implements SlotHandle {
  constructor (private readonly path: string, private fh: FileHandle | null) {}

  private handle (): FileHandle {
    if (this.fh === null) throw new OtaError('OTA_IO', `slot ${this.path} is closed`)
    return this.fh
  }

  async write (offset: number, data: Uint8Array): Promise<void> {
    const fh = this.handle()
    let done = 0
    try {
      while (done < data.length) {
        const { bytesWritten } = await fh.write(data, done, data.length - done, offset + done)
        done += bytesWritten
      }
    } catch (e) {
      throw ioError(e, `cannot write ${data.length} bytes at ${offset} to ${this.path}`)
    }
  }

  /**
   * Writes `chunks` back to back from byte `offset` with as few system calls as the kernel allows
   * (pwritev(2)): what {@link write} of each would do, at a fraction of the per-call cost.
   * @throws OtaError `OTA_NO_SPACE`, `OTA_IO`
   */
  async writev (offset: number, chunks: readonly Uint8Array[]): Promise<void> {
    const fh = this.handle()
    let rest = chunks.slice()
    let at = offset
    let total = 0
    for (const c of chunks) total += c.length
    try {
      while (rest.length > 0) {
        const { bytesWritten } = await fh.writev(rest, at)
        at += bytesWritten
        // A short write (a signal, a full device that took part): go on after what was written.
        let n = bytesWritten
        while (rest.length > 0 && n >= rest[0]!.length) n -= rest.shift()!.length
        if (n > 0) rest[0] = rest[0]!.subarray(n)
        if (bytesWritten === 0 && rest.length > 0) throw new OtaError('OTA_IO', 'the write made no progress')
      }
    } catch (e) {
      throw ioError(e, `cannot write ${total} bytes at ${offset} to ${this.path}`)
    }
  }

  async sync (): Promise<void> {
    try {
      await this.handle().sync()
    } catch (e) {
      throw ioError(e, `cannot sync ${this.path}`)
    }
  }

  async close (): Promise<void> {
    const fh = this.fh
    this.fh = null
    if (fh !== null) await fh.close().catch(() => {})
  }
}

class FileSlotReader implements SlotReader {
  constructor (private readonly path: string, private fh: FileHandle | null) {}

  async read (offset: number, length: number): Promise<Uint8Array> {
    const out = Buffer.allocUnsafe(length)
    await this.readInto(offset, out)
    return out
  }

  /**
   * Reads exactly `out.length` bytes at byte `offset` into `out` (a buffer reused across reads).
   * @throws OtaError `OTA_IO`, including when the file ends first
   */
  async readInto (offset: number, out: Uint8Array): Promise<void> {
    const fh = this.fh
    if (fh === null) throw new OtaError('OTA_IO', `slot ${this.path} is closed`)
    const length = out.length
    let done = 0
    try {
      while (done < length) {
        const { bytesRead } = await fh.read(out, done, length - done, offset + done)
        if (bytesRead === 0) break
        done += bytesRead
      }
    } catch (e) {
      throw ioError(e, `cannot read ${length} bytes at ${offset} from ${this.path}`)
    }
    if (done < length) throw new OtaError('OTA_IO', `${this.path} ends at ${offset + done}, before ${offset + length}`)
  }

  async close (): Promise<void> {
    const fh = this.fh
    this.fh = null
    if (fh !== null) await fh.close().catch(() => {})
  }
}

/**
 * Opens a regular file or block device for positional writes (created, mode 0600, when missing,
 * and then its folder synced; never truncated): the writes of {@link FileSlotStorage} and of the
 * device's staging files.
 * @throws OtaError `OTA_IO`
 */
export async function openFileForWrite (path: string): Promise<SlotHandle> {
  let fh: FileHandle
  let created = false
  try {
    // Never O_TRUNC: an existing file or device keeps every byte. O_EXCL first, to know whether
    // this call created the file.
    try {
      fh = await open(path, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL, 0o600)
      created = true
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      fh = await open(path, constants.O_RDWR)
    }
  } catch (e) {
    throw ioError(e, `cannot open ${path}`)
  }
  // A new file is an entry of its folder, which fsync of the file alone does not make durable
  // (POSIX fsync(2)): without this, a power cut could lose a file whose synced bytes a record names.
  if (created) {
    try {
      await syncDir(dirname(path))
    } catch (e) {
      await fh.close().catch(() => {})
      throw e
    }
  }
  return new FileHandleSlot(path, fh)
}

/**
 * Opens a file or block device for random-access reads of exact lengths.
 * @throws OtaError `OTA_IO` (including when it does not exist)
 */
export async function openFileForRead (path: string): Promise<SlotReader> {
  try {
    return new FileSlotReader(path, await open(path, constants.O_RDONLY))
  } catch (e) {
    throw ioError(e, `cannot open ${path}`)
  }
}

/**
 * Slots as files or block devices. See {@link SlotStorage} for the contract.
 *
 * @example
 * ```ts
 * // slot B on a partition, slot A in the default file
 * const storage = new FileSlotStorage({ a: slotPath(stateDir, 'a'), b: '/dev/mmcblk0p3' })
 * ```
 */
export class FileSlotStorage implements SlotStorage {
  private readonly slots: Readonly<Record<SlotName, FileSlot>>

  /**
   * @throws OtaError `OTA_INVALID_ARGUMENT` for an empty path, a capacity that is not a positive
   *   integer, or both slots on the same path
   */
  constructor (slots: Record<SlotName, FileSlot | string>) {
    const norm = (s: FileSlot | string, name: SlotName): FileSlot => {
      const f = typeof s === 'string' ? { path: s } : s
      if (f === null || typeof f !== 'object' || typeof f.path !== 'string' || f.path.length === 0) throw new OtaError('OTA_INVALID_ARGUMENT', `slot ${name} needs a path`)
      if (f.capacity !== undefined && (!Number.isSafeInteger(f.capacity) || f.capacity < 1)) throw new OtaError('OTA_INVALID_ARGUMENT', `slot ${name} capacity must be a positive integer, got ${String(f.capacity)}`)
      return f.capacity !== undefined ? { path: f.path, capacity: f.capacity } : { path: f.path }
    }
    const a = norm(slots.a, 'a')
    const b = norm(slots.b, 'b')
    if (a.path === b.path) throw new OtaError('OTA_INVALID_ARGUMENT', 'slots a and b must not share a path')
    this.slots = { a, b }
  }

  /** The default layout: `slot-a.bin` and `slot-b.bin` in `stateDir`, growing files. */
  static inDir (stateDir: string): FileSlotStorage {
    return new FileSlotStorage({ a: slotPath(stateDir, 'a'), b: slotPath(stateDir, 'b') })
  }

  /** Path of `slot`. */
  pathOf (slot: SlotName): string {
    return this.slots[slot].path
  }

  /** Capacity of `slot` in bytes, or null when only free space limits it (a regular file without a capacity). */
  private async capacity (slot: SlotName): Promise<{ capacity: number | null, length: number }> {
    const f = this.slots[slot]
    let st
    try {
      st = await stat(f.path)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { capacity: f.capacity ?? null, length: 0 }
      throw ioError(e, `cannot stat ${f.path}`)
    }
    if (st.isBlockDevice()) {
      const size = f.capacity ?? await blockDeviceSize(f.path, st.rdev)
      return { capacity: size, length: size }
    }
    if (!st.isFile()) throw new OtaError('OTA_IO', `slot ${slot} path ${f.path} is neither a file nor a block device`)
    return { capacity: f.capacity ?? null, length: st.size }
  }

  /** See {@link SlotStorage.openForWrite}; a missing regular file is created (mode 0600). */
  async openForWrite (slot: SlotName, size: number): Promise<SlotHandle> {
    if (!Number.isSafeInteger(size) || size < 1) throw new OtaError('OTA_INVALID_ARGUMENT', `slot image size must be a positive integer, got ${size}`)
    const path = this.slots[slot].path
    const { capacity, length } = await this.capacity(slot)
    if (capacity !== null && size > capacity) throw new OtaError('OTA_NO_SPACE', `slot ${slot} (${path}) holds ${capacity} bytes, the image needs ${size}`)
    if (capacity === null && size > length) {
      try {
        const fs = await statfs(dirname(path))
        const free = Number(fs.bavail) * Number(fs.bsize)
        if (size - length > free) throw new OtaError('OTA_NO_SPACE', `slot ${slot} needs ${size - length} more bytes, ${free} available`)
      } catch (e) {
        if (e instanceof OtaError) throw e
        // statfs is an early warning only; the writes themselves report ENOSPC.
      }
    }
    return await openFileForWrite(path)
  }

  /** See {@link SlotStorage.openForRead}. */
  async openForRead (slot: SlotName): Promise<SlotReader> {
    return await openFileForRead(this.slots[slot].path)
  }

  /** See {@link SlotStorage.hash}. */
  async hash (slot: SlotName, size: number): Promise<SlotDigest> {
    return await hashFile(this.slots[slot].path, size)
  }

  /** See {@link SlotStorage.size}: a regular file's length, a block device's capacity. */
  async size (slot: SlotName): Promise<number> {
    return (await this.capacity(slot)).length
  }
}

/** Bytes read per system call when hashing a slot: large reads, few calls. */
const HASH_READ = 1 << 20

/**
 * SHA-256 over exactly the first `size` bytes of the file or device at `path`, read back from it
 * in {@link HASH_READ}-byte blocks, the next block read while the current one is hashed (two
 * buffers: 2 MiB whatever the size).
 * @throws OtaError `OTA_IO` when it cannot be read (including when it does not exist)
 */
export async function hashFile (path: string, size: number): Promise<SlotDigest> {
  const h = createSha256()
  let length = 0
  let fh: FileHandle | undefined
  try {
    if (size > 0) {
      fh = await open(path, constants.O_RDONLY)
      const bufs = [Buffer.allocUnsafe(Math.min(HASH_READ, size)), Buffer.allocUnsafe(Math.min(HASH_READ, size))]
      const file = fh
      const readAt = async (buf: Buffer, at: number): Promise<number> => {
        const want = Math.min(buf.length, size - at)
        let done = 0
        while (done < want) {
          const { bytesRead } = await file.read(buf, done, want - done, at + done)
          if (bytesRead === 0) break
          done += bytesRead
        }
        return done
      }
      let k = 0
      let next: Promise<number> = readAt(bufs[0]!, 0)
      while (length < size) {
        const n = await next
        if (n === 0) break
        const buf = bufs[k]!
        k ^= 1
        // Start the next read before hashing this block; a short block is the end of the file.
        next = n === buf.length && length + n < size ? readAt(bufs[k]!, length + n) : Promise.resolve(0)
        h.update(n === buf.length ? buf : buf.subarray(0, n))
        length += n
      }
      await next
    }
  } catch (e) {
    throw ioError(e, `cannot read ${path}`)
  } finally {
    await fh?.close().catch(() => {})
  }
  return { sha256: h.digest(), length }
}
