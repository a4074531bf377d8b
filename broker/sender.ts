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
import { OtaError, encodeDataFrame, fromHex, toOtaError, type Topics } from '../proto/index.js'
import { publishOut, type OutMessage } from './outbound.js'

/** The error frame telling a device why a chunk of `artifact` cannot be served. */
export function errorFrame (t: Topics, deviceId: string, artifact: Uint8Array, err: OtaError): OutMessage {
  return { topic: t.data(deviceId), payload: encodeDataFrame({ error: { artifact, code: err.code, detail: err.message } }), qos: 0, retain: false }
}

interface DeviceQueue {
  client: Client
  deviceId: string
  /** the device's model: chunks are read from that model's current (or staged) release */
  model: string
  /** pending (artifact hex, index) pairs in arrival order */
  queue: Array<{ artifactId: string, index: number }>
  /** `${artifactId}:${index}` of everything in `queue`, to drop duplicates */
  queued: Set<string>
  inflight: number
  /** settles when the last frame started so far has been handed to aedes: frames leave in queue order */
  tail: Promise<void>
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
  enqueue (client: Client, device: { id: string, model: string }, artifactId: string, indexes: readonly number[]): number {
    let q = this.devices.get(client)
    if (q === undefined) {
      q = { client, deviceId: device.id, model: device.model, queue: [], queued: new Set(), inflight: 0, tail: Promise.resolve(), closed: false }
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

  /** Forgets a device (disconnected): its queue is dropped, frames in flight finish. */
  drop (client: Client): void {
    const q = this.devices.get(client)
    if (q === undefined) return
    q.closed = true
    q.queue.length = 0
    q.queued.clear()
    this.devices.delete(client)
  }

  /**
   * Drops every queued chunk of the release whose image is `artifactId` (a withdrawn release):
   * of its image and of each of its patches, `artifacts` when given (a release the store no
   * longer holds), else those the store still serves to the device's model
   * (`ReleaseStore.releaseArtifactIds`, so call this before the release is unstaged), and tells
   * each device that had some why, with one error frame of `err` per artifact it had queued;
   * frames already handed to aedes still go out.
   * @returns the ids of the devices told
   */
  cancel (artifactId: string, err: OtaError, artifacts?: readonly string[]): string[] {
    const told: string[] = []
    for (const q of this.devices.values()) {
      const ids = (artifacts ?? this.store.releaseArtifactIds(q.model, artifactId)).filter((id) => q.queue.some((x) => x.artifactId === id))
      if (ids.length === 0) continue
      told.push(q.deviceId)
      for (const id of ids) {
        this.purge(q, id)
        void publishOut(q.client, errorFrame(this.topics, q.deviceId, fromHex(id), err)).catch(() => {})
      }
    }
    return told
  }

  /** Drops every queue (the plugin is closing). */
  close (): void {
    for (const client of [...this.devices.keys()]) this.drop(client)
  }

  /** Number of devices with queued or in-flight frames. */
  get active (): number {
    return this.devices.size
  }

  private purge (q: DeviceQueue, artifactId: string): void {
    q.queue = q.queue.filter((x) => x.artifactId !== artifactId)
    for (const key of [...q.queued]) if (key.startsWith(`${artifactId}:`)) q.queued.delete(key)
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

  /**
   * Reads a chunk (reads of the frames in flight overlap) and hands it to aedes once every frame
   * queued before it has been handed over, so a device receives chunks in the order it asked for
   * them (a constrained device then writes its flash sequentially). Up to `maxInflightFrames`
   * frames wait for their write callbacks at once.
   */
  private async sendOne (q: DeviceQueue, artifactId: string, index: number): Promise<void> {
    const previous = q.tail
    let handedOver: () => void = () => {}
    q.tail = new Promise<void>((resolve) => { handedOver = resolve })
    try {
      const read = await this.store.chunk(q.model, artifactId, index).then((c) => c, (e: unknown) => toOtaError(e, 'OTA_IO'))
      await previous
      if (q.closed) return
      if (read instanceof OtaError) {
        // Purged meanwhile (superseded and already told, or cancelled): no frame.
        if (!q.queued.has(`${artifactId}:${index}`)) return
        if (read.code === 'OTA_UNKNOWN_ARTIFACT') this.purge(q, artifactId) // superseded: one error frame, not one per queued chunk
        this.opts.onError(q.deviceId, read)
        await publishOut(q.client, errorFrame(this.topics, q.deviceId, fromHex(artifactId), read)).catch(() => {})
        return
      }
      // publishOut wraps the encoded bytes without copying them.
      const payload = encodeDataFrame({ chunk: { artifact: fromHex(artifactId), index, data: read.data, proof: read.proof } })
      // A write error means the connection is going: aedes fires clientDisconnect, which drops the queue.
      const written = publishOut(q.client, { topic: this.topics.data(q.deviceId), payload, qos: 0, retain: false }).catch(() => {})
      handedOver()
      await written
      this.stats.framesSent++
      this.stats.bytesSent += payload.length
    } finally {
      handedOver()
    }
  }
}
