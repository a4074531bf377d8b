/**
 * Applying a verified, staged patch into the inactive slot, resumable block by block.
 *
 * The apply (./apply.ts) reads the active slot at the offsets the patch names (none for the
 * compressed image, a patch from the empty image), writes the inactive slot in order and hashes
 * what it writes. After each block the slot is synced and the state file's `apply` record
 * (client/state.ts) moved past it, atomically: a device killed mid-apply starts again at the
 * block after the last record, re-hashing the output before it, and ends bit-exact. Memory is one
 * block (about 3 × its output, at most `DeltaLimits.maxBlockOut`) plus the codec's window,
 * whatever the image size.
 */
import type { Logger } from 'pino'
import { OtaError, bytesEqual, type Artifact } from '../../proto/index.js'
import { crashPoint } from '../../proto/crash-points.js'
import { readDeltaHeader, type DeltaHeader } from '../../proto/delta/format.js'
import { applyDeltaStream, type DeltaIo } from './apply.js'
import { fileChunks } from './file-io.js'
import { openFileForRead } from '../storage/file.js'
import type { SlotHandle, SlotReader, SlotStorage } from '../storage/slot-storage.js'
import type { SlotName } from '../options.js'
import { loadState, updateState } from '../state.js'
import type { ImageSource } from './plan.js'
import { stagingPath } from './staging.js'

/** What {@link applyIntoSlot} needs. */
export interface SlotApplyOptions {
  storage: SlotStorage
  stateDir: string
  /** the slot the device runs: the base of a delta */
  active: SlotName
  /** the inactive slot the new image goes to */
  target: SlotName
  /** the patch (a `delta` or `compressed` source), downloaded whole and verified in the staging folder */
  source: ImageSource
  /** the signed image the patch must produce */
  image: Artifact
  /** stops the apply between blocks; its reason is thrown */
  signal: AbortSignal
  log: Logger
  /** called after each block is durable, with the image bytes written so far */
  onProgress?: (written: number, total: number) => void
}

/** What {@link applyIntoSlot} did. */
export interface SlotApplyResult {
  /** blocks applied by this call (fewer than the patch's when it resumed) */
  applied: number
  /** the block it started at (0, or where a killed apply had got to) */
  startBlock: number
  blocks: number
}

/**
 * Reads and checks the staged patch's header against the signed manifest: the image it
 * produces (size, SHA-256) and the base it needs (the delta's signed base digest; nothing for the
 * compressed image).
 * @throws OtaError `OTA_DELTA` for a malformed header or one that does not match, `OTA_IO`
 */
async function readHeader (path: string, source: ImageSource, image: Artifact): Promise<DeltaHeader> {
  const r = await openFileForRead(path)
  let header: DeltaHeader
  try {
    header = await readDeltaHeader(async (n) => {
      if (n > source.artifact.size) throw new OtaError('OTA_DELTA', `patch header of ${n} bytes is longer than the patch`)
      return await r.read(0, n)
    })
  } finally {
    await r.close()
  }
  if (header.patchLength !== source.artifact.size) throw new OtaError('OTA_DELTA', `patch header says ${header.patchLength} bytes, the manifest ${source.artifact.size}`)
  if (header.algorithm !== source.delta!.algorithm) throw new OtaError('OTA_DELTA', `patch algorithm ${header.algorithm}, the manifest says ${source.delta!.algorithm}`)
  if (header.newSize !== image.size || !bytesEqual(header.newSha256, image.sha256)) throw new OtaError('OTA_DELTA', 'the patch does not produce the signed image')
  if (source.kind === 'compressed' ? header.oldSize !== 0 : !bytesEqual(header.oldSha256, source.delta!.baseSha256)) {
    throw new OtaError('OTA_DELTA', 'the patch is not made from the base the manifest names')
  }
  return header
}

/**
 * Applies the staged patch of `o.source` into `o.target`, resuming at the block the state file
 * records for this patch and slot. Before any write the active slot is hashed and must be the
 * patch's base (`OTA_DELTA_BASE`). Leaves the `apply` record (past the last block) for the
 * install to clear: a device killed after the apply and before the install hashes the slot again
 * instead of downloading or applying anything (`applied` 0, `startBlock` = `blocks`).
 * @throws OtaError `OTA_DELTA` (malformed or mismatched patch: no byte of the bad block is
 *   written), `OTA_DELTA_BASE` (the active slot is not the base), `OTA_IMAGE_DIGEST` (the output
 *   is not the image the header names), `OTA_IO`/`OTA_NO_SPACE`, or the abort reason
 */
export async function applyIntoSlot (o: SlotApplyOptions): Promise<SlotApplyResult> {
  const { source, target, stateDir } = o
  const path = stagingPath(stateDir, source.id)
  const header = await readHeader(path, source, o.image)
  const rec = (await loadState(stateDir)).apply
  const blocks = header.blocks.length
  const mine = rec != null && rec.artifact === source.id && rec.slot === target
  // Applied whole before a restart (killed before the install): the caller hashes the slot again.
  if (mine && rec.block === blocks && rec.outEnd === header.newSize) return { applied: 0, startBlock: blocks, blocks }
  let startBlock = 0
  if (mine && rec.block < blocks && header.blocks[rec.block]!.outStart === rec.outEnd) startBlock = rec.block
  await updateState(stateDir, (s) => {
    if (s.apply?.artifact === source.id && s.apply.slot === target && s.apply.block === startBlock && s.download === null) return false
    s.apply = { artifact: source.id, slot: target, block: startBlock, outEnd: header.blocks[startBlock]!.outStart }
    s.download = null // the patch is whole and verified: nothing left to download
  })
  crashPoint('apply.started')
  if (startBlock > 0) o.log.info({ artifact: source.id, block: startBlock, blocks: header.blocks.length }, 'resuming the patch apply')
  const openForRead = o.storage.openForRead?.bind(o.storage)
  if (openForRead === undefined) throw new OtaError('OTA_INVALID_ARGUMENT', 'the slot storage cannot read slots back (no openForRead): patches need it')
  let old: SlotReader | null = null
  let out: SlotHandle | null = null
  let back: SlotReader | null = null
  try {
    if (header.oldSize > 0) old = await openForRead(o.active)
    out = await o.storage.openForWrite(target, header.newSize)
    if (startBlock > 0) back = await openForRead(target)
    const w = out
    const r = back
    const io: DeltaIo = {
      oldSize: header.oldSize,
      readOld: async (offset, length) => {
        if (old === null) throw new OtaError('OTA_DELTA', 'a patch from the empty image read the old image')
        return await old.read(offset, length)
      },
      writeNew: async (offset, data) => { await w.write(offset, data) },
      ...(r !== null ? { readNew: async (offset: number, length: number) => await r.read(offset, length) } : {})
    }
    await applyDeltaStream(fileChunks(path, header.blocks[startBlock]!.patchOffset), io, {
      startBlock,
      header,
      onBlock: async (d) => {
        crashPoint('apply.written')
        await w.sync()
        crashPoint('apply.synced')
        await updateState(stateDir, (s) => {
          if (s.apply?.artifact !== source.id) throw new OtaError('OTA_STATE', 'the patch apply record was replaced')
          s.apply = { artifact: source.id, slot: target, block: d.block + 1, outEnd: d.outEnd }
        })
        crashPoint('apply.block')
        o.onProgress?.(d.outEnd, header.newSize)
        if (o.signal.aborted) throw o.signal.reason
      }
    })
    return { applied: header.blocks.length - startBlock, startBlock, blocks: header.blocks.length }
  } finally {
    await out?.close()
    await old?.close()
    await back?.close()
  }
}
