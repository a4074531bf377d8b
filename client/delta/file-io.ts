/**
 * Files as the ends of a delta apply: the old image read at offsets, the new image written at
 * offsets, the patch read as a stream from any offset (resume). For tests, the benchmark and a
 * device whose slots are files; a flash backend passes its own functions to the apply.
 */
import { open, type FileHandle } from 'node:fs/promises'
import { OtaError, toOtaError } from '../../proto/index.js'
import type { DeltaIo } from './apply.js'

/** A {@link DeltaIo} over two open files; close it when done. */
export interface FileIo extends DeltaIo {
  /** syncs the new image's file (call before a checkpoint) */
  sync (): Promise<void>
  close (): Promise<void>
}

async function readExact (fh: FileHandle, offset: number, length: number, scratch?: Uint8Array): Promise<Uint8Array> {
  const buf = scratch !== undefined && length <= scratch.length ? scratch.subarray(0, length) : new Uint8Array(length)
  let got = 0
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, offset + got)
    if (bytesRead === 0) throw new OtaError('OTA_IO', `read past the end of the file at ${offset + got}`)
    got += bytesRead
  }
  return buf
}

/**
 * Opens `oldPath` for reading and `newPath` for writing (created when missing, never truncated).
 * @throws OtaError `OTA_IO`
 */
export async function openFileIo (oldPath: string, newPath: string): Promise<FileIo> {
  let oldFh: FileHandle | undefined
  try {
    oldFh = await open(oldPath, 'r')
    const o = oldFh
    // reads of the old image up to 64 KiB reuse one buffer: the apply copies them before its next read
    const scratch = new Uint8Array(64 * 1024)
    const oldSize = (await o.stat()).size
    const n = await open(newPath, 'a+').then(async (h) => { await h.close(); return await open(newPath, 'r+') })
    return {
      oldSize,
      readOld: async (offset, length) => await readExact(o, offset, length, scratch),
      readNew: async (offset, length) => await readExact(n, offset, length),
      writeNew: async (offset, data) => {
        let done = 0
        while (done < data.length) done += (await n.write(data, done, data.length - done, offset + done)).bytesWritten
      },
      sync: async () => { await n.sync() },
      close: async () => { await o.close(); await n.close() }
    }
  } catch (e) {
    await oldFh?.close()
    throw toOtaError(e, 'OTA_IO', 'opening the delta files')
  }
}

/**
 * The bytes of a file from `start`, in chunks of `chunkSize` (the patch as it would arrive).
 * @throws OtaError `OTA_IO`
 */
export async function * fileChunks (path: string, start = 0, chunkSize = 64 * 1024): AsyncGenerator<Uint8Array> {
  const fh = await open(path, 'r').catch((e: unknown) => { throw toOtaError(e, 'OTA_IO', `opening ${path}`) })
  try {
    for (let at = start; ;) {
      const buf = new Uint8Array(chunkSize)
      const { bytesRead } = await fh.read(buf, 0, chunkSize, at)
      if (bytesRead === 0) return
      at += bytesRead
      yield buf.subarray(0, bytesRead)
    }
  } finally {
    await fh.close()
  }
}
