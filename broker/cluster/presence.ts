/**
 * Which broker of a cluster each device is connected to, as far as this broker can tell from the
 * presence notices (broker/cluster/link.ts), so its inventory shows the device online or offline
 * right however the notices interleave (docs/ARCHITECTURE.md "Cluster"):
 *
 * - A device moving from broker X to broker Y: Y says "online" as soon as the device connects
 *   there; X says "offline" once it notices the old connection is gone, which may be later. An
 *   "offline" from a broker other than the one that last said "online" is therefore stale.
 * - A device moving here from X: X's "online" may arrive while the old connection here is still
 *   up. It is kept, and applied when that connection goes, instead of "offline".
 * - A broker restarted (its broker id stays, the notices' `run`, random per start, changes): the
 *   devices its previous run held are offline unless they said otherwise since. Every broker
 *   says "hello" when it joins, and every other broker answers with a notice per device
 *   connected to it, so a broker that starts knows who is online elsewhere.
 */
import type { Inventory } from '../inventory.js'

/**
 * One presence notice: broker `brokerId` (Aedes id `origin`, in its run `run`) says `deviceId`
 * is online or offline there (`at`: ms).
 */
export interface PresenceNotice {
  origin: string
  brokerId: string
  run: string
  deviceId: string
  model: string
  online: boolean
  remoteAddress: string
  at: number
}

/** Where the cluster's devices are, feeding the inventory. */
export class ClusterPresence {
  /** device id → the broker (origin) and its run that last said the device is online there, and since when (its clock, ms) */
  private readonly where = new Map<string, { origin: string, run: string, at: number }>()
  /** device connected here → the last "online" another broker said of it since it connected here */
  private readonly elsewhere = new Map<string, PresenceNotice>()
  /** broker id → its current run, as its notices say */
  private readonly runs = new Map<string, string>()
  /** runs that ended (their broker came back with another): their late notices are ignored */
  private readonly ended = new Set<string>()

  /** @param now - clock, ms (the plugin's) */
  constructor (private readonly inventory: Inventory, private readonly now: () => number) {}

  /** Another broker's notice (a hello carries no device: `deviceId` ''). */
  heard (n: PresenceNotice): void {
    if (this.ended.has(n.run)) return
    this.ran(n.brokerId, n.run)
    if (n.deviceId !== '') this.apply(n)
  }

  private apply (n: PresenceNotice): void {
    if (this.inventory.isLocal(n.deviceId)) {
      if (n.online) this.elsewhere.set(n.deviceId, n)
      else if (this.elsewhere.get(n.deviceId)?.origin === n.origin) this.elsewhere.delete(n.deviceId)
      return
    }
    if (n.online) {
      // An older connection elsewhere (a hello answered by the broker the device is leaving) does not move it back.
      const at = this.where.get(n.deviceId)
      if (at !== undefined && at.origin !== n.origin && n.at < at.at) return
      this.where.set(n.deviceId, { origin: n.origin, run: n.run, at: n.at })
    } else {
      const at = this.where.get(n.deviceId)
      if (at !== undefined && at.origin !== n.origin) return
      this.where.delete(n.deviceId)
    }
    this.inventory.remotePresence(n.deviceId, n.model, n.online, n.remoteAddress, n.at)
  }

  /** One of this broker's devices connected or disconnected (after the inventory recorded it). */
  local (deviceId: string, online: boolean): void {
    const moved = this.elsewhere.get(deviceId)
    this.elsewhere.delete(deviceId)
    this.where.delete(deviceId)
    // Only while the run that said so still runs: a broker restarted since has lost the device.
    if (!online && moved !== undefined && this.runs.get(moved.brokerId) === moved.run) this.apply(moved)
  }

  /** A broker's run: when its id comes with a new run, the devices its previous run held are offline. */
  private ran (brokerId: string, run: string): void {
    if (brokerId === '' || run === '') return
    const before = this.runs.get(brokerId)
    this.runs.set(brokerId, run)
    if (before === undefined || before === run) return
    this.ended.add(before)
    if (this.ended.size > 1024) this.ended.delete(this.ended.values().next().value!)
    for (const [deviceId, n] of [...this.elsewhere]) if (n.brokerId === brokerId && n.run === before) this.elsewhere.delete(deviceId)
    const t = this.now()
    for (const [deviceId, at] of [...this.where]) {
      if (at.run !== before) continue
      this.where.delete(deviceId)
      this.inventory.remotePresence(deviceId, '', false, '', t)
    }
  }
}
