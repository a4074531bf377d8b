/**
 * Brick detection: a device that installed a release and does not come back confirmed on it.
 *
 * A watch is armed when a device reports INSTALLING, REBOOTING or TRIAL for a release, with a
 * deadline (a rollout's `confirmTimeoutMs`, else the plugin's). It ends well when the device
 * reports CONFIRMED on that version (or IDLE running it: alive on the new image), and ends
 * without a mark when the device reports the update FAILED, REVERTED or REJECTED (a failure it
 * told about, counted by the rollout as such). It fires, marking the device suspect, when the
 * deadline passes first (the connection dropped and never came back, or the device is silent),
 * or at once when the device reports IDLE on another version without having reported REVERTED
 * (it came back on the old image and does not know why). A suspect device that later reports
 * CONFIRMED on the version loses the mark.
 *
 * Watches (armed and fired) are kept in `<dataDir>/health/watches.json`, so deadlines survive a
 * broker restart (the time it was down counts). In a cluster each broker keeps its own file,
 * `health/watches.<brokerId>.json`, and watches only the devices connected to it: another broker's
 * device's event ({@link BrickWatch.onRemoteStatus}) can end a watch here (the device moved and
 * confirmed there, or its broker now watches it) but never arms one.
 */
import { mkdir, readFile, rename } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Logger } from 'pino'
import { OtaError, State, toHex, toOtaError, type StatusEvent } from '../../proto/index.js'
import { writeFileAtomic } from '../../proto/files.js'

/** File of the watches in the data folder. */
export const WATCHES_FILE = join('health', 'watches.json')

/** File of one cluster broker's watches in the shared data folder (`brokerId` an identifier). */
export function clusterWatchesFile (brokerId: string): string {
  return join('health', `watches.${brokerId}.json`)
}

const FORMAT = 1

/** Longest single timer, ms (one day): Node fires a setTimeout above 2^31 - 1 ms at once; an early timer re-arms. */
const MAX_TIMER_MS = 24 * 3600_000

/** One device's watch. */
export interface BrickWatchEntry {
  /** the device watched */
  deviceId: string
  /** its model */
  model: string
  /** the version being installed */
  version: string
  /** the version that ran before, '' if unknown */
  previousVersion: string
  /** hex SHA-256 of the image being installed */
  artifact: string
  /** when the watch was armed (the device reported INSTALLING, REBOOTING or TRIAL), ms, broker clock */
  armedAt: number
  /** when it fires unless the device confirmed, ms, broker clock */
  deadline: number
  /** '' while armed; the suspect reason once fired */
  fired: string
}

/** True when `w` is a complete watch entry (a file entry is checked field by field before it is trusted). */
function isEntry (w: unknown): w is BrickWatchEntry {
  if (w == null || typeof w !== 'object') return false
  const e = w as Record<string, unknown>
  return typeof e.deviceId === 'string' && e.deviceId !== '' && typeof e.model === 'string' && typeof e.version === 'string' &&
    typeof e.previousVersion === 'string' && typeof e.artifact === 'string' && /^(?:[0-9a-f]{2})+$/.test(e.artifact) &&
    Number.isFinite(e.armedAt) && Number.isFinite(e.deadline) && typeof e.fired === 'string'
}

/** What the watch calls when a device becomes or stops being suspect. */
export interface BrickWatchHooks {
  /** the device's deadline for `artifact`, ms */
  timeoutFor: (deviceId: string, artifact: string) => number
  /** the watch fired: the device is suspect for `reason` */
  suspect: (w: BrickWatchEntry, reason: string) => void
  /** a suspect device came back confirmed on the version: no longer suspect */
  cleared: (w: BrickWatchEntry) => void
}

const ARMING = new Set<number>([State.INSTALLING, State.REBOOTING, State.TRIAL])
const TOLD = new Set<number>([State.FAILED, State.REVERTED, State.REJECTED])

/** The brick watch of one plugin. */
export class BrickWatch {
  private readonly watches = new Map<string, BrickWatchEntry>()
  private readonly timers = new Map<string, NodeJS.Timeout>()
  private readonly online = new Set<string>()
  private readonly path: string
  private writing: Promise<void> = Promise.resolve()
  private closed = false

  /** @param file - the watches' file in `dataDir`: {@link WATCHES_FILE}, or {@link clusterWatchesFile} in a cluster */
  constructor (dataDir: string, private readonly hooks: BrickWatchHooks, private readonly now: () => number, private readonly log: Logger | null, file = WATCHES_FILE) {
    this.path = join(dataDir, file)
  }

  /**
   * Loads the watches on disk and re-arms their deadlines; one already past fires now. A file
   * that does not parse is kept aside as `<path>.corrupt-<ms>` with a warning; an entry with a
   * field missing or of the wrong type is dropped with a warning.
   * @throws OtaError `OTA_IO` when the health folder cannot be created
   */
  async load (): Promise<void> {
    try {
      await mkdir(dirname(this.path), { recursive: true })
    } catch (e) {
      throw toOtaError(e, 'OTA_IO', `cannot use ${dirname(this.path)}`)
    }
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch { return }
    try {
      const doc = JSON.parse(text) as { format?: unknown, watches?: unknown }
      if (doc.format !== FORMAT || !Array.isArray(doc.watches)) throw new OtaError('OTA_DECODE', `not a watch file of format ${FORMAT}`)
      let dropped = 0
      for (const w of doc.watches as unknown[]) {
        if (isEntry(w)) this.watches.set(w.deviceId, w)
        else dropped++
      }
      if (dropped > 0) {
        this.log?.warn({ file: this.path, dropped }, 'brick watch entries malformed, dropped')
        this.save()
      }
    } catch (err) {
      const aside = `${this.path}.corrupt-${this.now()}`
      await rename(this.path, aside).catch(() => {})
      this.log?.warn({ err, file: aside }, 'brick watch file unreadable, kept aside')
    }
    for (const w of this.watches.values()) if (w.fired === '') this.schedule(w)
  }

  /** The watches, armed and fired (copies). */
  list (): BrickWatchEntry[] {
    return [...this.watches.values()].map((w) => ({ ...w }))
  }

  /** A device's connection is up. */
  connected (deviceId: string): void { this.online.add(deviceId) }

  /** A device's connection is gone. */
  disconnected (deviceId: string): void { this.online.delete(deviceId) }

  /**
   * A checked status event of a device connected to another broker of the cluster: ends this
   * broker's watch of it when it confirmed or told of its failure there, fires it when it came
   * back there on another version; when it installs there, that broker watches it and this
   * broker's armed watch is dropped. Never arms a watch.
   */
  onRemoteStatus (e: StatusEvent): void {
    const w = this.watches.get(e.deviceId)
    if (w === undefined) return
    if (ARMING.has(e.state) && e.artifact.length > 0) {
      if (w.fired === '') this.end(w)
      return
    }
    this.onStatus(e)
  }

  /** A checked status event of a device connected to this broker. */
  onStatus (e: StatusEvent): void {
    const w = this.watches.get(e.deviceId)
    const artifact = toHex(e.artifact)
    if (ARMING.has(e.state) && e.artifact.length > 0) {
      // Armed already, or suspect already for this release (a device re-announces TRIAL on every reconnect).
      if (w !== undefined && w.artifact === artifact) return
      const now = this.now()
      const prev = e.previousVersion !== '' ? e.previousVersion : (e.currentVersion !== e.targetVersion ? e.currentVersion : '')
      const armed: BrickWatchEntry = { deviceId: e.deviceId, model: e.model, version: e.targetVersion, previousVersion: prev, artifact, armedAt: now, deadline: now + this.hooks.timeoutFor(e.deviceId, artifact), fired: '' }
      this.set(armed)
      this.schedule(armed)
      this.save()
      return
    }
    if (w === undefined) return
    const onVersion = e.currentVersion === w.version
    if ((e.state === State.CONFIRMED || e.state === State.IDLE) && onVersion) {
      this.end(w)
      if (w.fired !== '') this.hooks.cleared(w)
      return
    }
    if (w.fired !== '') return
    if (TOLD.has(e.state) && (e.artifact.length === 0 || artifact === w.artifact)) { this.end(w); return }
    if (e.state === State.IDLE && !onVersion) this.fire(w, `came back on ${e.currentVersion === '' ? 'another version' : e.currentVersion} without confirming ${w.version} or reporting a revert`)
  }

  /** Stops the timers and waits for the file write in progress. */
  async close (): Promise<void> {
    this.closed = true
    for (const t of this.timers.values()) clearTimeout(t)
    this.timers.clear()
    await this.writing
  }

  private set (w: BrickWatchEntry): void {
    this.unschedule(w.deviceId)
    this.watches.set(w.deviceId, w)
  }

  private end (w: BrickWatchEntry): void {
    this.unschedule(w.deviceId)
    this.watches.delete(w.deviceId)
    this.save()
  }

  private schedule (w: BrickWatchEntry): void {
    if (this.closed || w.fired !== '') return
    this.unschedule(w.deviceId)
    const t = setTimeout(() => {
      this.timers.delete(w.deviceId)
      if (this.watches.get(w.deviceId) !== w || w.fired !== '') return
      if (this.now() < w.deadline) { this.schedule(w); return }
      const seconds = Math.round((w.deadline - w.armedAt) / 100) / 10
      this.fire(w, this.online.has(w.deviceId)
        ? `online but did not confirm ${w.version} within ${seconds} s of installing it`
        : `did not come back confirmed on ${w.version} within ${seconds} s of installing it (connection dropped and never returned)`)
    }, Math.min(MAX_TIMER_MS, Math.max(0, w.deadline - this.now())))
    t.unref()
    this.timers.set(w.deviceId, t)
  }

  private unschedule (deviceId: string): void {
    const t = this.timers.get(deviceId)
    if (t !== undefined) clearTimeout(t)
    this.timers.delete(deviceId)
  }

  private fire (w: BrickWatchEntry, reason: string): void {
    this.unschedule(w.deviceId)
    w.fired = reason
    this.save()
    this.log?.warn({ deviceId: w.deviceId, version: w.version, reason }, 'suspect brick')
    this.hooks.suspect({ ...w }, reason)
  }

  private save (): void {
    if (this.closed) return
    this.writing = this.writing.then(async () => {
      const text = JSON.stringify({ format: FORMAT, watches: this.list() })
      await writeFileAtomic(this.path, text, 0o600).catch((err: unknown) => { this.log?.error({ err, file: this.path }, 'cannot write the brick watches') })
    })
  }
}
