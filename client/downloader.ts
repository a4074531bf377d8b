/**
 * The windowed chunk download, independent of MQTT: it asks for chunks through a
 * `sendRequest(bytes)` function and is fed the data frames that arrive, so it runs the same
 * against the broker and against an in-memory fake.
 *
 * Every chunk is checked before it touches the slot: artifact id, index, exact length, and its
 * RFC 9162 inclusion proof against the signed Merkle root (proto/merkle-verifier.ts: a proof ends
 * at the first node an earlier chunk's proof took to the root). A chunk that fails is never written;
 * it stays missing and is asked for again, and the same chunk failing `maxRejections` times
 * fails the download (the broker's copy is bad or someone is tampering). When every chunk is in,
 * the slot file is hashed as it is on disk against the signed digest and size.
 */
import type { Logger } from 'pino'
import {
  OtaError, bytesEqual, hasBit, newBitmap, setBit, chunkCount, chunkRequestFor, decodeDataFrame, encodeChunkRequest, isErrorCode, requestGroups,
  leafHash, toHex, toOtaError, Limits, type ErrorCode
} from '../proto/index.js'
import { DeviceDefaults } from './options.js'
import type { ChunkSink } from './slot-writer.js'
import { DroppedCounter, type DroppedFrames } from './dropped-frames.js'
import { SilenceTimer } from './silence-timer.js'
import { MerkleVerifier } from '../proto/merkle-verifier.js'
import { crashPoint } from '../proto/crash-points.js'
import { runsOf } from './resume/journal.js'
import type { DownloadProgress, DownloaderOptions, DownloadResult } from './download-types.js'

export type { DownloadProgress, DownloaderOptions, DownloadResult } from './download-types.js'

/**
 * One download of one artifact into one sink. Create it, call {@link Downloader.run}, and feed
 * every frame from the data topic to {@link Downloader.handleFrame}.
 */
export class Downloader {
  private readonly o: Required<Pick<DownloaderOptions, 'window' | 'chunkTimeoutMs' | 'maxRetries' | 'maxRejections'>> & DownloaderOptions
  private readonly artifactId: Uint8Array
  private readonly count: number
  private readonly size: number
  private readonly chunkSize: number
  private readonly bitmap: Uint8Array
  /** proofs checked against the signed root, remembering proven nodes (about two hashes per chunk) */
  private readonly proofs: MerkleVerifier
  private receivedChunks = 0
  private receivedBytes = 0
  /** Next index the forward scan looks at for chunks never asked for. */
  private cursor = 0
  private readonly outstanding = new Set<number>()
  /** Verified, not yet committed (being written, or written and waiting for `onCommit`): counts against the window, and duplicates of them are ignored. */
  private readonly writing = new Set<number>()
  /** Written, waiting for the next commit (in the order stored). */
  private uncommitted: number[] = []
  /** The commit under way, if any. */
  private committing: Promise<void> | null = null
  private readonly rejections = new Map<number, number>()
  private strayFrames = 0
  private readonly droppedCounter = new DroppedCounter()
  private readonly dropped: DroppedFrames = this.droppedCounter.counts
  private deadline: NodeJS.Timeout | null = null
  private writes: Promise<void> = Promise.resolve()
  /** Verified chunks waiting for {@link Downloader.drain} to store them. */
  private readonly verified: Array<{ index: number, data: Uint8Array }> = []
  private draining = false
  /** Chunks 0 to `prefix - 1` are all stored (what the sink was last told). */
  private prefix = 0
  private readonly silence: SilenceTimer
  private silent = 0
  private settled = false
  private started = false
  private resolve!: (r: DownloadResult) => void
  private reject!: (e: OtaError) => void
  private readonly stats: DownloadResult = { bytesReceived: 0, chunksStored: 0, requests: 0, rejected: 0, silentPeriods: 0, dropped: this.dropped }
  /**
   * The device subscribes to the artifact's broadcast topic: every request says so (ChunkRequest
   * `joined`), for a broker that cannot see subscriptions (the OTA service). Set by the caller
   * once the subscription is granted, before {@link Downloader.run}.
   */
  joined = false
  private readonly log: Logger | undefined

  /**
   * @throws OtaError `OTA_INVALID_ARGUMENT` for a window outside 1–512 or a resume bitmap of the wrong length
   */
  constructor (opts: DownloaderOptions) {
    this.o = {
      ...opts,
      window: opts.window ?? DeviceDefaults.window,
      chunkTimeoutMs: opts.chunkTimeoutMs ?? DeviceDefaults.chunkTimeoutMs,
      maxRetries: opts.maxRetries ?? DeviceDefaults.maxRetries,
      maxRejections: opts.maxRejections ?? DeviceDefaults.maxRejections
    }
    this.silence = new SilenceTimer(this.o.chunkTimeoutMs, () => { this.onSilence() })
    const w = this.o.window
    if (!Number.isInteger(w) || w < 1 || w > Limits.requestBitmap * 8) throw new OtaError('OTA_INVALID_ARGUMENT', `window must be 1 to ${Limits.requestBitmap * 8}, got ${w}`)
    const a = opts.artifact
    this.artifactId = a.sha256
    this.size = a.size
    this.chunkSize = a.chunkSize
    this.count = chunkCount(a.size, a.chunkSize)
    this.bitmap = newBitmap(this.count)
    this.proofs = new MerkleVerifier(a.merkleRoot, this.count)
    if (opts.received !== undefined) {
      if (opts.received.length !== this.bitmap.length) throw new OtaError('OTA_INVALID_ARGUMENT', `resume bitmap is ${opts.received.length} bytes, the artifact needs ${this.bitmap.length}`)
      for (let i = 0; i < this.count; i++) {
        if (hasBit(opts.received, i)) this.mark(i)
      }
    }
    this.log = opts.logger
  }

  /** Number of chunks of the artifact. */
  get chunks (): number { return this.count }

  /** Progress so far, bytes. */
  get progress (): DownloadProgress { return { received: this.receivedBytes, total: this.size } }

  /** Frames dropped so far, by why (a copy). */
  get droppedFrames (): DroppedFrames { return { ...this.dropped } }

  /** Chunk data bytes that arrived so far, including re-sends. */
  get bytesReceived (): number { return this.stats.bytesReceived }

  /** A copy of the bitmap of chunks written to the sink (durable only after `sink.sync()`). */
  receivedBitmap (): Uint8Array { return this.bitmap.slice() }

  private has (i: number): boolean { return hasBit(this.bitmap, i) }

  private mark (i: number): void {
    if (this.has(i)) return
    setBit(this.bitmap, i)
    this.receivedChunks++
    this.receivedBytes += this.expectedLength(i)
  }

  private expectedLength (i: number): number {
    return i === this.count - 1 ? this.size - i * this.chunkSize : this.chunkSize
  }

  /**
   * Runs the download to the end.
   * @returns once every chunk is stored and the slot hashes to the signed digest
   * @throws OtaError `OTA_TIMEOUT` (silence, or past `transferTimeoutMs`), `OTA_CHUNK_PROOF` / `OTA_CHUNK_MISMATCH` (a chunk refused
   *   `maxRejections` times, or stray frames for this artifact), the code of an error frame from the
   *   broker, `OTA_IMAGE_DIGEST` (the stored image does not hash to the manifest), `OTA_IO` /
   *   `OTA_NO_SPACE` (the sink), or the abort reason
   */
  async run (): Promise<DownloadResult> {
    if (this.started) throw new OtaError('OTA_INVALID_ARGUMENT', 'a downloader runs once')
    this.started = true
    const done = new Promise<DownloadResult>((resolve, reject) => { this.resolve = resolve; this.reject = reject })
    const signal = this.o.signal
    const onAbort = (): void => { this.fail(toOtaError(signal!.reason, 'OTA_SUPERSEDED', 'download aborted')) }
    if (signal !== undefined) {
      if (signal.aborted) onAbort()
      else signal.addEventListener('abort', onAbort, { once: true })
    }
    const limit = this.o.transferTimeoutMs ?? 0
    if (limit > 0) {
      this.deadline = setTimeout(() => {
        this.fail(new OtaError('OTA_TIMEOUT', `the transfer did not finish within ${limit} ms (${this.receivedChunks} of ${this.count} chunks stored)`, { details: { transferTimeoutMs: limit } }))
      }, limit)
    }
    try {
      if (!this.settled) {
        this.o.onProgress?.(this.progress)
        this.tellStored()
        if (this.receivedChunks === this.count) this.finish()
        else {
          this.topUp(true)
          this.arm()
        }
      }
      return await done
    } finally {
      signal?.removeEventListener('abort', onAbort)
      if (this.deadline !== null) clearTimeout(this.deadline)
      this.deadline = null
    }
  }

  /**
   * Feeds one payload from the data topic. Never throws: a payload that does not decode or
   * names another artifact is dropped (frames of an earlier, abandoned download may still be
   * in flight); everything else advances or fails the download.
   */
  handleFrame (bytes: Uint8Array): void {
    if (this.settled || !this.started) return
    let frame
    try {
      frame = decodeDataFrame(bytes, this.chunkSize)
    } catch (e) {
      this.dropped.undecodable++
      this.log?.warn({ code: (e as OtaError).code, err: e }, 'data frame dropped: does not decode')
      return
    }
    if (frame.error !== undefined) {
      const f = frame.error
      if (f.artifact.length !== 0 && !bytesEqual(f.artifact, this.artifactId)) { this.dropped.foreign++; return }
      const code: ErrorCode = isErrorCode(f.code) ? f.code : 'OTA_FIELD'
      this.fail(new OtaError(code, `the broker refused the download: ${f.code}${f.detail !== '' ? ` (${f.detail})` : ''}`, { details: { brokerCode: f.code } }))
      return
    }
    const c = frame.chunk
    if (!bytesEqual(c.artifact, this.artifactId)) { this.dropped.foreign++; return }
    this.stats.bytesReceived += c.data.length
    const i = c.index
    if (i >= this.count) {
      // Not attributable to one chunk, so counted together: a broker sending these is broken.
      this.strayFrames++
      this.dropped.refused++
      this.log?.warn({ code: 'OTA_CHUNK_MISMATCH', index: i, chunks: this.count }, 'chunk index out of range')
      if (this.strayFrames >= this.o.maxRejections) this.fail(new OtaError('OTA_CHUNK_MISMATCH', `${this.strayFrames} frames named chunk indexes beyond ${this.count - 1}`))
      return
    }
    if (this.has(i) || this.writing.has(i)) return
    if (c.data.length !== this.expectedLength(i)) {
      this.refuse(i, 'OTA_CHUNK_MISMATCH', `chunk ${i} is ${c.data.length} bytes, expected ${this.expectedLength(i)}`)
      return
    }
    if (!this.proofs.verify(leafHash(c.data), i, c.proof)) {
      this.refuse(i, 'OTA_CHUNK_PROOF', `chunk ${i} does not prove into the signed Merkle root`)
      return
    }
    this.outstanding.delete(i)
    this.writing.add(i)
    this.silent = 0
    this.silence.heard()
    this.verified.push({ index: i, data: c.data })
    if (this.draining) return
    this.draining = true
    this.writes = this.writes.then(async () => { await this.drain() })
      .catch((e: unknown) => { this.fail(toOtaError(e, 'OTA_IO', 'storing a chunk failed')) })
  }

  /**
   * Stores the verified chunks waiting, and those that arrive meanwhile: each time all of them,
   * in index order, every run of consecutive indexes in one `writeChunks` when the sink has it.
   * At most the window is waiting (verified chunks count against it), so this holds at most
   * `window` chunks however slow the storage is.
   */
  private async drain (): Promise<void> {
    try {
      while (this.verified.length > 0 && !this.settled) {
        const batch = this.verified.splice(0).sort((x, y) => x.index - y.index)
        let from = 0
        while (from < batch.length && !this.settled) {
          let to = from + 1
          while (to < batch.length && batch[to]!.index === batch[to - 1]!.index + 1) to++
          await this.store(batch.slice(from, to))
          crashPoint('download.stored')
          from = to
          if (this.receivedChunks === this.count) { this.finish(); return }
        }
        this.commit()
        this.topUp(false)
      }
    } finally {
      this.draining = false
    }
  }

  /** Writes one run of consecutive verified chunks and counts them stored. */
  private async store (run: ReadonlyArray<{ index: number, data: Uint8Array }>): Promise<void> {
    const sink = this.o.sink
    if (run.length > 1 && sink.writeChunks !== undefined) await sink.writeChunks(run[0]!.index, run.map((c) => c.data))
    else for (const c of run) await sink.writeChunk(c.index, c.data)
    const durable = this.o.onCommit !== undefined
    for (const c of run) {
      if (durable) this.uncommitted.push(c.index)
      else this.writing.delete(c.index)
      this.mark(c.index)
      this.stats.chunksStored++
      this.o.onProgress?.(this.progress)
    }
    this.tellStored()
  }

  /**
   * Starts a commit of the chunks written since the last one, unless one is running (it takes
   * them when it is done): sync the sink, then `onCommit`; only then do they leave the window.
   * (Waiting for more chunks per commit saves syncs, but stalls a device whose few stored chunks
   * wait while nothing else is on the way: behind a broadcast, it falls back to unicast repairs.)
   */
  private commit (): void {
    if (this.committing !== null || this.uncommitted.length === 0 || this.settled) return
    const onCommit = this.o.onCommit!
    this.committing = (async () => {
      while (this.uncommitted.length > 0 && !this.settled) {
        const batch = this.uncommitted.sort((x, y) => x - y)
        this.uncommitted = []
        await this.o.sink.sync()
        crashPoint('download.synced')
        await onCommit(runsOf(batch))
        crashPoint('download.committed')
        for (const i of batch) this.writing.delete(i)
        this.topUp(false)
      }
    })().catch((e: unknown) => { this.fail(toOtaError(e, 'OTA_IO', 'recording stored chunks failed')) })
      .finally(() => { this.committing = null })
  }

  /** Waits until every chunk written is committed (or the download failed). */
  private async committed (): Promise<void> {
    while (!this.settled) {
      if (this.committing === null) this.commit()
      if (this.committing === null) return
      await this.committing
    }
  }

  /** Tells the sink how far the stored prefix reaches now, so it can read it back early ({@link ChunkSink.stored}). */
  private tellStored (): void {
    const sink = this.o.sink
    if (sink.stored === undefined) return
    const from = this.prefix
    while (this.prefix < this.count && this.has(this.prefix)) this.prefix++
    if (this.prefix !== from) sink.stored(Math.min(this.prefix * this.chunkSize, this.size))
  }

  private refuse (i: number, code: ErrorCode, why: string): void {
    this.stats.rejected++
    this.dropped.refused++
    const n = (this.rejections.get(i) ?? 0) + 1
    this.rejections.set(i, n)
    this.log?.warn({ code, index: i, rejections: n }, 'chunk refused')
    if (n >= this.o.maxRejections) {
      this.fail(new OtaError(code, `${why}; refused ${n} times`, { details: { index: i } }))
      return
    }
    // Asked for again at once: waiting for the silence timer would stall the window on it.
    this.outstanding.add(i)
    this.request([i])
  }

  /** Asks for more chunks when the window has room (at least a quarter of it, to batch requests; any room when `force`). */
  private topUp (force: boolean): void {
    if (this.settled) return
    const room = this.o.window - this.outstanding.size - this.writing.size
    if (room <= 0 || (!force && room < Math.max(1, this.o.window >> 2))) return
    const picked: number[] = []
    while (picked.length < room && this.cursor < this.count) {
      const i = this.cursor++
      if (!this.has(i) && !this.outstanding.has(i) && !this.writing.has(i)) picked.push(i)
    }
    for (const i of picked) this.outstanding.add(i)
    this.request(picked)
  }

  /** Sends requests for `indexes`, grouped so each request spans fewer than 512 chunks. */
  private request (indexes: number[]): void {
    for (const group of requestGroups(indexes)) {
      const bytes = encodeChunkRequest(chunkRequestFor(this.artifactId, group, this.joined))
      this.stats.requests++
      try {
        const r = this.o.sendRequest(bytes)
        if (r instanceof Promise) r.catch((e: unknown) => this.log?.warn({ err: e }, 'chunk request not sent'))
      } catch (e) {
        this.log?.warn({ err: e }, 'chunk request not sent')
      }
    }
  }

  /** (Re)starts the silence timer. */
  private arm (): void {
    if (this.settled) this.silence.stop()
    else this.silence.restart()
  }

  private onSilence (): void {
    if (this.settled) return
    this.droppedCounter.tell(this.o.onDropped, this.log)
    if (this.outstanding.size === 0) {
      // Everything asked for has arrived and is being written: the network is not silent, the disk is slow.
      this.arm()
      return
    }
    this.silent++
    if (this.silent > this.o.maxRetries) {
      this.fail(new OtaError('OTA_TIMEOUT', `no chunk arrived in ${this.silent} periods of ${this.o.chunkTimeoutMs} ms (${this.receivedChunks} of ${this.count} chunks stored)`))
      return
    }
    this.stats.silentPeriods++
    this.log?.debug({ outstanding: this.outstanding.size, silent: this.silent }, 'silence: asking again for outstanding chunks')
    this.request([...this.outstanding])
    this.topUp(true)
    this.arm()
  }

  private finish (): void {
    if (this.settled) return
    this.silence.stop()
    // Every chunk is in: the deadline bounds the transfer, not the final sync and hash.
    if (this.deadline !== null) clearTimeout(this.deadline)
    this.deadline = null
    this.writes = this.writes.then(async () => {
      // Recorded before the whole-image hash: a crash during it re-hashes, it fetches nothing again.
      await this.committed()
      await this.o.sink.sync()
      if (this.settled) return
      this.o.onDownloaded?.()
      const d = await this.o.sink.digest()
      if (this.settled) return
      if (d.length !== this.size || !bytesEqual(d.sha256, this.artifactId)) {
        this.fail(new OtaError('OTA_IMAGE_DIGEST', `the stored image (${d.length} bytes, sha256 ${toHex(d.sha256)}) does not match the manifest (${this.size} bytes, sha256 ${toHex(this.artifactId)})`))
        return
      }
      crashPoint('download.verified')
      this.settled = true
      this.resolve({ ...this.stats, dropped: { ...this.dropped } })
    }).catch((e: unknown) => { this.fail(toOtaError(e, 'OTA_IO', 'verifying the stored image failed')) })
  }

  /** Fails the download once; the promise settles only after every started write has finished, so the sink is idle. */
  private fail (e: OtaError): void {
    if (this.settled) return
    this.settled = true
    this.silence.stop()
    if (this.deadline !== null) clearTimeout(this.deadline)
    this.deadline = null
    const reject = this.reject
    void Promise.all([this.writes.catch(() => {}), this.committing?.catch(() => {})]).then(() => { reject(e) })
  }
}
