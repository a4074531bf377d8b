/**
 * What a {@link Downloader} is given and what it reports: its options, its progress and its
 * result (client/downloader.ts runs the download).
 */
import type { Logger } from 'pino'
import type { Artifact } from '../proto/index.js'
import type { DeviceDefaults } from './options.js'
import type { ChunkSink } from './slot-writer.js'
import type { DroppedFrames } from './dropped-frames.js'
import type { Downloader } from './downloader.js'

/** Download progress in bytes: distinct chunk bytes stored so far, of the image size. */
export interface DownloadProgress {
  /** distinct chunk bytes stored so far (a re-sent chunk counts once), bytes */
  received: number
  /** image size, bytes */
  total: number
}

/** Options of {@link Downloader}. Times in ms. */
export interface DownloaderOptions {
  /** the artifact to fetch, from the verified manifest */
  artifact: Artifact
  sink: ChunkSink
  /** publishes one encoded ChunkRequest; a throw or rejection is logged and covered by the silence re-request */
  sendRequest: (bytes: Uint8Array) => void | Promise<void>
  /** chunks outstanding at once, 1 to 512; default {@link DeviceDefaults.window} */
  window?: number
  /** silence after which outstanding chunks are asked for again; default 2000 */
  chunkTimeoutMs?: number
  /** consecutive silent periods re-requested before failing with `OTA_TIMEOUT`; default 5 */
  maxRetries?: number
  /** times the same chunk may be refused before the download fails; default 3 */
  maxRejections?: number
  /**
   * deadline of this run from {@link Downloader.run}, ms (0 = none): the slow-retrieval defence
   * (TUF spec 1.5.2), since a broker trickling one chunk per silence period never trips the
   * silence timer. Past it the run fails with `OTA_TIMEOUT`; what arrived is kept for a resume
   */
  transferTimeoutMs?: number
  /**
   * called at a silence period when frames were dropped since the last call, with the totals so
   * far (the totals at the end are in the result, or {@link Downloader.droppedFrames} after a
   * failure); a throw is logged
   */
  onDropped?: (d: DroppedFrames) => void
  /** resume: bitmap (bit i LSB-first = chunk i already stored and synced) */
  received?: Uint8Array
  /** called after each stored chunk */
  onProgress?: (p: DownloadProgress) => void
  /**
   * the durable record of stored chunks (group commit): called after `sink.sync()` with the
   * chunks stored since the previous call, as runs of consecutive indexes `[first, count]`, one
   * call at a time. Until it resolves those chunks still count against the window, so a crash
   * loses at most the window: every chunk outside it is stored, synced and recorded. Chunks
   * stored while a commit runs go into the next one, so a slow sync makes commits larger, not
   * more frequent. A throw fails the download. Absent: chunks leave the window once written
   */
  onCommit?: (runs: ReadonlyArray<readonly [first: number, count: number]>) => Promise<void>
  /** called once every chunk is stored and synced, before the whole-image hash */
  onDownloaded?: () => void
  /** aborts the download; its reason (an OtaError) becomes the failure */
  signal?: AbortSignal
  logger?: Logger
}

/** What a finished download did. */
export interface DownloadResult {
  /** chunk data bytes that arrived for this artifact, including re-sends, duplicates and refused chunks */
  bytesReceived: number
  /** chunks stored by this run (not counting ones resumed from the bitmap) */
  chunksStored: number
  /** chunk requests sent */
  requests: number
  /** chunk frames refused (bad length or proof) */
  rejected: number
  /** silent periods that led to a re-request */
  silentPeriods: number
  /** frames dropped, by why */
  dropped: DroppedFrames
}
