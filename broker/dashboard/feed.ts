/**
 * The live feed (`/events`): Server-Sent Events (WHATWG HTML Living Standard, §9.2
 * "Server-sent events") to every open page.
 *
 * A stream starts with a `snapshot` event (the whole fleet, every rollout, the recent audit
 * records), so a page that (re)connects never misses what changed while it was away; the
 * browser's EventSource reconnects by itself. Then changes follow, coalesced per kind: at most
 * one `fleet` event (only the rows that changed since the last one), one `rollout` event (the
 * rollouts that changed) and one `audit` event (the new records) per `coalesceMs`, whatever the
 * rate of device events. A stream whose client does not read (more than {@link MAX_BUFFERED}
 * bytes queued) is ended; its page reconnects and starts again from a snapshot.
 */
import type { ServerResponse } from 'node:http'
import type { Logger } from 'pino'
import type { AuditView, FleetRow, RolloutView } from './views.js'

/** Bytes queued for one stream before it is ended as too slow. */
export const MAX_BUFFERED = 4 * 1024 * 1024

/** Where the feed reads the current state. */
export interface FeedSources {
  fleet: () => FleetRow[]
  rollouts: () => RolloutView[]
  /** the newest audit records, oldest first */
  audit: () => AuditView[]
}

/** The SSE streams of one dashboard. */
export class Feed {
  private readonly streams = new Set<ServerResponse>()
  private readonly sent = new Map<string, string>()
  private readonly rollouts = new Map<string, RolloutView>()
  private auditQueue: AuditView[] = []
  private fleetDirty = false
  private timer: NodeJS.Timeout | null = null
  private readonly heartbeat: NodeJS.Timeout
  private closed = false

  constructor (private readonly sources: FeedSources, private readonly coalesceMs: number, heartbeatMs: number, private readonly log: Logger | null) {
    this.heartbeat = setInterval(() => { for (const s of this.streams) this.write(s, ': ping\n\n') }, heartbeatMs)
    this.heartbeat.unref()
  }

  /** Open streams. */
  get size (): number { return this.streams.size }

  /** Takes over a response as an event stream and sends it the snapshot. */
  open (res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' })
    this.streams.add(res)
    res.on('close', () => { this.streams.delete(res) })
    // The client reconnects after 2 s when the stream ends (the spec's default is left to the browser).
    this.write(res, 'retry: 2000\n\n')
    const devices = this.sources.fleet()
    if (this.streams.size === 1) this.remember(devices)
    this.write(res, frame('snapshot', { devices, rollouts: this.sources.rollouts(), audit: this.sources.audit() }))
  }

  /** Something in the inventory may have changed. */
  fleetChanged (): void { this.fleetDirty = true; this.schedule() }

  /** A rollout changed. */
  rolloutChanged (r: RolloutView): void { this.rollouts.set(r.id, r); this.schedule() }

  /** A new audit record. */
  audited (v: AuditView): void { this.auditQueue.push(v); this.schedule() }

  /** Ends every stream and stops the timers. */
  close (): void {
    this.closed = true
    clearInterval(this.heartbeat)
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    for (const s of this.streams) s.end()
    this.streams.clear()
  }

  private schedule (): void {
    if (this.closed || this.timer !== null) return
    this.timer = setTimeout(() => { this.timer = null; this.flush() }, this.coalesceMs)
    this.timer.unref()
  }

  private flush (): void {
    if (this.streams.size === 0) {
      // Nobody listens: the next stream starts from a snapshot anyway.
      this.rollouts.clear()
      this.auditQueue = []
      this.fleetDirty = false
      this.sent.clear()
      return
    }
    const out: string[] = []
    if (this.fleetDirty) {
      this.fleetDirty = false
      const changed = this.remember(this.sources.fleet())
      if (changed.length > 0) out.push(frame('fleet', { devices: changed }))
    }
    if (this.rollouts.size > 0) {
      out.push(frame('rollout', { rollouts: [...this.rollouts.values()] }))
      this.rollouts.clear()
    }
    if (this.auditQueue.length > 0) {
      out.push(frame('audit', { records: this.auditQueue }))
      this.auditQueue = []
    }
    if (out.length === 0) return
    const text = out.join('')
    for (const s of this.streams) this.write(s, text)
  }

  /** Records what was sent of each device; returns the rows that differ from it. */
  private remember (rows: FleetRow[]): FleetRow[] {
    const changed: FleetRow[] = []
    for (const r of rows) {
      const j = JSON.stringify(r)
      if (this.sent.get(r.deviceId) === j) continue
      this.sent.set(r.deviceId, j)
      changed.push(r)
    }
    return changed
  }

  private write (s: ServerResponse, text: string): void {
    if (s.writableEnded || s.destroyed) return
    if (s.writableLength > MAX_BUFFERED) {
      this.log?.warn({ buffered: s.writableLength }, 'dashboard stream not read; ended (the page reconnects)')
      this.streams.delete(s)
      s.destroy()
      return
    }
    s.write(text)
  }
}

/** One SSE event: its name and its JSON data on one `data:` line (JSON.stringify escapes newlines). */
function frame (event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
}
