/**
 * The fleet inventory: what the broker knows of each device (its last status event, online or
 * offline, last seen), kept in `<dataDir>/inventory.json` so it survives a restart.
 *
 * Writes are coalesced: a change marks the inventory dirty and at most one write (with its
 * fsync, through proto `writeFileAtomic`) runs per `flushMs` (default 1 000 ms), whatever the
 * rate of status events. A change is on disk at most `flushMs` after it was made plus the time
 * of the writes it waits for: the one in progress when its timer fires (writes never overlap),
 * if any, and its own. A crash loses at most that much; a write that fails is retried by the
 * next timer. `close()` writes
 * what is pending. After a restart every device is offline until it connects again.
 *
 * In a cluster (docs/ARCHITECTURE.md "Cluster") every broker keeps the whole fleet: its own
 * devices' changes, and the other brokers' (their status events, and presence notices, from
 * broker/cluster/link.ts). Each broker writes `<dataDir>/inventory.<brokerId>.json` in the shared
 * folder (never a file another broker writes) and loads every `inventory*.json` there, keeping
 * for each device its latest report and its latest presence times (judged apart).
 */
import { readdir, readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from 'pino'
import { Lwm2mResult, State, toOtaError, toHex, isIdentifier, type StatusEvent } from '../proto/index.js'
import { writeFileAtomic } from '../proto/files.js'
import type { DeviceRecord } from '../proto/codec/operator.js'

/** File name of the inventory in the data folder. */
export const INVENTORY_FILE = 'inventory.json'

const FORMAT = 1

function blank (deviceId: string, model: string): DeviceRecord {
  return {
    deviceId, model, online: false, lastSeen: 0, connectedAt: 0, currentVersion: '', securityVersion: 0, state: 0, result: 0, errorCode: '', targetVersion: '', remoteAddress: '', reportedAt: 0,
    hardwareRevision: '', support: 0, endOfLifeAt: 0, sbomSha256: '', suspect: false, suspectReason: ''
  }
}

function isRecord (x: unknown): x is DeviceRecord {
  if (x == null || typeof x !== 'object') return false
  const d = x as Record<string, unknown>
  const b = blank('x', '') as unknown as Record<string, unknown>
  // A field this version added may be missing from an older file; blank() fills it in.
  return isIdentifier(d.deviceId) && Object.keys(b).every((k) => d[k] === undefined || typeof d[k] === typeof b[k])
}

/** The inventory file of broker `brokerId` of a cluster, in the shared data folder. */
export function clusterInventoryFile (brokerId: string): string {
  return `inventory.${brokerId}.json`
}

/**
 * `had` (this broker's record of a device, if any) brought up to date with `d` (another broker's,
 * from its file), or null when `d` has nothing newer. Its report (the fields of the last status
 * event, suspicion included) and its presence times are judged apart: a broker that saw the
 * device disconnect after another broker recorded its last status event must still take that
 * event. Whether the device is online stays `online` (this broker's view).
 */
function merged (had: DeviceRecord | undefined, d: DeviceRecord, online: boolean): DeviceRecord | null {
  const rec = { ...blank(d.deviceId, d.model), ...d, online }
  if (had === undefined) return rec
  const report = rec.reportedAt > had.reportedAt
  const seen = rec.lastSeen > had.lastSeen
  // Brick detection marks a device suspect on its own broker without a new report.
  const suspect = rec.reportedAt === had.reportedAt && rec.suspect && !had.suspect
  if (!report && !seen && !suspect) return null
  const { deviceId: _id, online: _online, lastSeen, connectedAt, remoteAddress, ...fields } = rec
  const out = { ...had, online }
  if (report) Object.assign(out, fields)
  else if (suspect) Object.assign(out, { suspect: true, suspectReason: rec.suspectReason })
  if (seen) out.lastSeen = lastSeen
  if (connectedAt > had.connectedAt) Object.assign(out, { connectedAt, remoteAddress })
  return out
}

/** What a host may read of the plugin's fleet inventory (`OtaPlugin.inventory`). */
export interface FleetInventory {
  /** Every device that ever connected or reported, sorted by id (copies: changing them changes nothing). */
  list (): DeviceRecord[]
}

/** The inventory of one plugin. */
export class Inventory implements FleetInventory {
  private readonly devices = new Map<string, DeviceRecord>()
  private timer: NodeJS.Timeout | null = null
  private catchUpTimer: NodeJS.Timeout | null = null
  private writing: Promise<void> = Promise.resolve()
  private dirty = false
  private closed = false
  /** devices connected to this broker (a cluster's presence notices never override them) */
  private readonly local = new Set<string>()

  /** told when one of this broker's devices connects or disconnects (a cluster forwards it); must not throw */
  presence: ((deviceId: string, model: string, online: boolean, remoteAddress: string) => void) | null = null

  /**
   * @param path - the inventory file
   * @param flushMs - least time between two writes, ms
   * @param now - clock, ms
   */
  constructor (readonly path: string, private readonly flushMs: number, private readonly now: () => number, private readonly log: Logger | null) {}

  /**
   * Loads the file, when there is one; every device starts offline. A file that does not parse
   * is kept aside as `<path>.corrupt-<ms>` and the inventory starts empty (devices report again
   * on their next connect), with a warning.
   * @throws OtaError `OTA_IO` when the file exists but cannot be read
   */
  async load (): Promise<void> {
    await this.loadFile(this.path)
  }

  /**
   * A cluster broker's load: every `inventory*.json` file of `dir` (each broker's, and a lone
   * broker's `inventory.json` from before the cluster), the latest report and presence times of each device
   * kept; every device starts offline. A file that does not parse is kept aside as `load` does.
   * @throws OtaError `OTA_IO` when the folder or a file exists but cannot be read
   */
  async loadMerged (dir: string): Promise<void> {
    let names: string[]
    try {
      names = (await readdir(dir)).filter((n) => /^inventory(\.[A-Za-z0-9][A-Za-z0-9._-]*)?\.json$/.test(n)).sort()
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return
      throw toOtaError(e, 'OTA_IO', `cannot read ${dir}`)
    }
    for (const n of names) await this.loadFile(join(dir, n))
  }

  /**
   * A cluster broker's catch-up, once it has joined the others' notices: what they recorded
   * between this broker's `loadMerged` and its joining reached only their files, within their
   * `flushMs`. So, {@link Inventory.catchUpDelayMs} after joining, every other broker's file is read
   * again and what is newer there than here (the report, the presence times) is taken (keeping whether the device is online
   * here). Later changes arrive as notices. Never throws: an unreadable file is logged and skipped.
   */
  scheduleCatchUp (dir: string): void {
    if (this.closed) return
    this.catchUpTimer = setTimeout(() => {
      this.catchUpTimer = null
      void this.catchUp(dir).catch((err: unknown) => { this.log?.warn({ err }, 'inventory catch-up failed') })
    }, this.catchUpDelayMs)
    this.catchUpTimer.unref()
  }

  /** How long after joining {@link Inventory.scheduleCatchUp} reads the other brokers' files: three of their write periods, ms. */
  get catchUpDelayMs (): number { return 3 * this.flushMs }

  private async catchUp (dir: string): Promise<void> {
    const names = (await readdir(dir)).filter((n) => /^inventory(\.[A-Za-z0-9][A-Za-z0-9._-]*)?\.json$/.test(n) && join(dir, n) !== this.path)
    let changed = false
    for (const n of names) {
      if (this.closed) return
      let doc: { format?: unknown, devices?: unknown }
      try {
        doc = JSON.parse(await readFile(join(dir, n), 'utf8')) as typeof doc
        if (doc.format !== FORMAT || !Array.isArray(doc.devices) || !doc.devices.every(isRecord)) throw new Error(`not an inventory of format ${FORMAT}`)
      } catch (err) {
        this.log?.warn({ err, file: join(dir, n) }, 'another broker\'s inventory file unreadable: skipped')
        continue
      }
      for (const d of doc.devices as DeviceRecord[]) {
        const had = this.devices.get(d.deviceId)
        const m = merged(had, d, had?.online ?? false)
        if (m === null) continue
        this.devices.set(d.deviceId, m)
        changed = true
      }
    }
    if (changed) this.touch()
  }

  private async loadFile (path: string): Promise<void> {
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return
      throw toOtaError(e, 'OTA_IO', `cannot read ${path}`)
    }
    try {
      const doc = JSON.parse(text) as { format?: unknown, devices?: unknown }
      if (doc.format !== FORMAT || !Array.isArray(doc.devices) || !doc.devices.every(isRecord)) throw new Error(`not an inventory of format ${FORMAT}`)
      for (const d of doc.devices as DeviceRecord[]) {
        const m = merged(this.devices.get(d.deviceId), d, false)
        if (m !== null) this.devices.set(d.deviceId, m)
      }
    } catch (err) {
      // Another broker's file is its own to repair (it may be writing it right now): only read.
      if (path !== this.path) { this.log?.warn({ err, file: path }, 'another broker\'s inventory file unreadable: skipped'); return }
      const aside = `${path}.corrupt-${this.now()}`
      await rename(path, aside).catch(() => {})
      this.log?.warn({ err, file: aside }, 'inventory file unreadable, kept aside; starting empty')
    }
  }

  /**
   * Another broker of the cluster says one of its devices connected or disconnected (`at`: its
   * clock, ms; `model` '' keeps the one known). Ignored for a device connected to this broker:
   * this broker knows better (broker/cluster/presence.ts sorts out the notices' order).
   */
  remotePresence (deviceId: string, model: string, online: boolean, remoteAddress: string, at: number): void {
    if (this.local.has(deviceId)) return
    const d = this.record(deviceId, model)
    // A notice may tell of an older moment (a hello answered with a connection's start): lastSeen never goes back.
    const lastSeen = Math.max(d.lastSeen, at)
    Object.assign(d, online ? { online: true, connectedAt: at, lastSeen, remoteAddress } : { online: false, lastSeen })
    this.touch()
  }

  /** Whether `deviceId` is connected to this broker. */
  isLocal (deviceId: string): boolean {
    return this.local.has(deviceId)
  }

  /** The devices connected to this broker, with their model, remote address and connection time (ms). */
  localDevices (): Array<{ deviceId: string, model: string, remoteAddress: string, connectedAt: number }> {
    const out: Array<{ deviceId: string, model: string, remoteAddress: string, connectedAt: number }> = []
    for (const id of this.local) {
      const d = this.devices.get(id)
      if (d !== undefined) out.push({ deviceId: id, model: d.model, remoteAddress: d.remoteAddress, connectedAt: d.connectedAt })
    }
    return out
  }

  /** A device's connection is up (clientReady). */
  connected (deviceId: string, model: string, remoteAddress: string): void {
    const d = this.record(deviceId, model)
    const t = this.now()
    Object.assign(d, { online: true, connectedAt: t, lastSeen: t, remoteAddress })
    this.local.add(deviceId)
    this.touch()
    this.presence?.(deviceId, d.model, true, remoteAddress)
  }

  /** A device's connection is gone (clientDisconnect). */
  disconnected (deviceId: string): void {
    const d = this.devices.get(deviceId)
    this.local.delete(deviceId)
    if (d === undefined) return
    Object.assign(d, { online: false, lastSeen: this.now() })
    this.touch()
    this.presence?.(deviceId, d.model, false, '')
  }

  /** A device's (checked and stamped) status event. */
  reported (e: StatusEvent): void {
    const d = this.record(e.deviceId, e.model)
    Object.assign(d, {
      currentVersion: e.currentVersion,
      securityVersion: e.securityVersion,
      state: e.state,
      reportedAt: e.receivedAt,
      lastSeen: e.receivedAt,
      hardwareRevision: e.hardwareRevision,
      support: e.support,
      endOfLifeAt: e.endOfLifeAt,
      sbomSha256: toHex(e.sbomSha256)
    })
    // A device reports IDLE (LwM2M result 0, "initial value") on every (re)connection: that says
    // what runs, not how the last update ended, so it keeps the last update's result and target.
    // Any other state is part of an update and replaces them (LwM2M resets the result to 0 when
    // an update starts).
    if (!(e.state === State.IDLE && e.result === Lwm2mResult.INITIAL && e.errorCode === '')) {
      Object.assign(d, { result: e.result, errorCode: e.errorCode, targetVersion: e.targetVersion })
    }
    this.touch()
  }

  /**
   * Marks a device suspect (brick detection: it installed a release and did not come back on it
   * in time) or, with `reason` '', clears the mark.
   */
  setSuspect (deviceId: string, reason: string): void {
    const d = this.devices.get(deviceId)
    if (d === undefined || d.suspectReason === reason) return
    Object.assign(d, { suspect: reason !== '', suspectReason: reason })
    this.touch()
  }

  /** Every device, sorted by id (copies). */
  list (): DeviceRecord[] {
    return [...this.devices.values()].map((d) => ({ ...d })).sort((a, b) => a.deviceId.localeCompare(b.deviceId))
  }

  /** Writes what is pending and stops writing. */
  async close (): Promise<void> {
    if (this.closed) return
    this.closed = true
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    if (this.catchUpTimer !== null) clearTimeout(this.catchUpTimer)
    this.catchUpTimer = null
    await this.writing
    if (this.dirty) await this.flush()
  }

  private record (deviceId: string, model: string): DeviceRecord {
    let d = this.devices.get(deviceId)
    if (d === undefined) { d = blank(deviceId, model); this.devices.set(deviceId, d) }
    if (model !== '') d.model = model
    return d
  }

  private touch (): void {
    this.dirty = true
    if (this.closed || this.timer !== null) return
    this.timer = setTimeout(() => {
      this.timer = null
      this.writing = this.writing.then(async () => await this.flush())
    }, this.flushMs)
    this.timer.unref()
  }

  private async flush (): Promise<void> {
    this.dirty = false
    const text = JSON.stringify({ format: FORMAT, devices: this.list() })
    try {
      await writeFileAtomic(this.path, text, 0o600)
    } catch (err) {
      this.dirty = true
      this.log?.error({ err, file: this.path }, 'cannot write the inventory')
    }
    // Changes made during the write are written by the next timer.
    if (this.dirty) this.touch()
  }
}
