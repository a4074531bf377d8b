/**
 * Paced delivery of chunk frames to one device at a time.
 *
 * aedes has no outbound window for a client, and `client.publish` buffers whatever it is
 * given. So each device gets a bounded queue of chunk indexes (requests beyond it are dropped:
 * the device re-requests on silence) and at most `maxInflightFrames` frames handed to aedes
 * whose write callback has not fired. aedes calls back only once the socket accepted the bytes
 * (after 'drain' when the buffer was full), so a slow device holds at most
 * `maxInflightFrames × chunk size` of broker memory (8 × 64 KiB by default), and its socket keeps draining, so aedes'
 * drainTimeout never fires for a device that is merely slow.
 */
import type { Client } from 'aedes'
import type { ReleaseStore } from './store.js'
import { OtaError, encodeDataFrame, fromHex, type DataFrame, type Topics } from '../proto/index.js'

interface DeviceQueue {
  client: Client
  deviceId: string
  /** pending (artifact hex, index) pairs in arrival order */
  queue: Array<{ artifactId: string, index: number }>
  /** `${artifactId}:${index}` of everything in `queue`, to drop duplicates */
  queued: Set<string>
  inflight: number
  closed: boolean
}

/** Counters of what a sender did, for logs and benchmarks. */
export interface SenderStats {
  framesSent: number
  bytesSent: number
  requestsDropped: number
}

/** Sends chunk frames to devices, paced per device. */
export class ChunkSender {
  private readonly devices = new Map<Client, DeviceQueue>()
  /** What was sent and dropped since start. */
  readonly stats: SenderStats = { framesSent: 0, bytesSent: 0, requestsDropped: 0 }

  constructor (private readonly store: ReleaseStore, private readonly topics: Topics,
    private readonly opts: { maxInflightFrames: number, maxQueuedChunks: number, onError: (deviceId: string, err: OtaError) => void }) {}

  /**
   * Queues chunks of an artifact for a device. Indexes already queued are not queued twice;
   * indexes beyond the queue limit are dropped and counted.
   * @returns how many indexes were queued
   */
  enqueue (client: Client, deviceId: string, artifactId: string, indexes: readonly number[]): number {
    let q = this.devices.get(client)
    if (q === undefined) {
      q = { client, deviceId, queue: [], queued: new Set(), inflight: 0, closed: false }
      this.devices.set(client, q)
    }
    let added = 0
    for (const index of indexes) {
      const key = `${artifactId}:${index}`
      if (q.queued.has(key)) continue
      if (q.queue.length >= this.opts.maxQueuedChunks) {
        this.stats.requestsDropped += indexes.length - added
        break
      }
      q.queue.push({ artifactId, index })
      q.queued.add(key)
      added++
    }
    this.pump(q)
    return added
  }

  /** Sends an error frame to a device (outside the chunk queue). */
  sendError (client: Client, deviceId: string, artifact: Uint8Array, err: OtaError): void {
    const frame: DataFrame = { error: { artifact, code: err.code, detail: err.message } }
    client.publish({ cmd: 'publish', topic: this.topics.data(deviceId), payload: Buffer.from(encodeDataFrame(frame)), qos: 0, retain: false, dup: false } as never, () => {})
  }

  /** Forgets a device (disconnected): its queue is dropped, frames in flight finish. */
  drop (client: Client): void {
    const q = this.devices.get(client)
    if (q === undefined) return
    q.closed = true
    q.queue.length = 0
    q.queued.clear()
    this.devices.delete(client)
  }

  /** Number of devices with queued or in-flight frames. */
  get active (): number {
    return this.devices.size
  }

  private pump (q: DeviceQueue): void {
    while (!q.closed && q.inflight < this.opts.maxInflightFrames && q.queue.length > 0) {
      const next = q.queue.shift()!
      q.inflight++
      void this.sendOne(q, next.artifactId, next.index).finally(() => {
        q.queued.delete(`${next.artifactId}:${next.index}`)
        q.inflight--
        if (q.closed) return
        if (q.queue.length === 0 && q.inflight === 0) { this.devices.delete(q.client); return }
        this.pump(q)
      })
    }
  }

  private async sendOne (q: DeviceQueue, artifactId: string, index: number): Promise<void> {
    let payload: Buffer
    try {
      const { data, proof } = await this.store.chunk(artifactId, index)
      payload = Buffer.from(encodeDataFrame({ chunk: { artifact: fromHex(artifactId), index, data, proof } }))
    } catch (e) {
      const err = e instanceof OtaError ? e : new OtaError('OTA_IO', String(e), { cause: e })
      this.opts.onError(q.deviceId, err)
      if (!q.closed) this.sendError(q.client, q.deviceId, fromHex(artifactId), err)
      return
    }
    if (q.closed) return
    await new Promise<void>((resolve) => {
      q.client.publish({ cmd: 'publish', topic: this.topics.data(q.deviceId), payload, qos: 0, retain: false, dup: false } as never, () => resolve())
    })
    this.stats.framesSent++
    this.stats.bytesSent += payload.length
  }
}
