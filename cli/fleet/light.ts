/**
 * Many simulated devices in one process, each a real {@link OtaDevice} with its own certificate,
 * its own MQTT/TLS connection and its own slot state, at a per-device cost small enough for
 * thousands: what every device would read or build the same way (the CA certificate, the factory
 * bundle, the trust anchor, the logger) is read once per process; slots can live in memory
 * (client/storage/memory.ts, still written, read back and hashed); devices connect a bounded
 * number at a time rather than all at once, so the broker's TLS handshakes do not pile up.
 */
import { join } from 'node:path'
import type { Logger } from 'pino'
import type { PkiLayout } from '../../certs/index.js'
import { OtaError, type StatusEvent, type TrustedRoot } from '../../proto/index.js'
import type { OtaDevice, TrustedTime } from '../../client/index.js'
import { MemorySlotStorage } from '../../client/storage/memory.js'
import { fileExists } from '../../proto/files.js'
import { readOrFail } from '../credentials.js'
import type { DeviceOutcome } from '../output.js'
import { prepareDevice } from '../run-device.js'

/** Where a simulated device keeps its slots: files in its state folder, or memory (gone with the process). */
export type FleetSlots = 'files' | 'memory'

/** One device's outcome, with the time it was recorded (ms since the epoch). */
export interface FleetOutcome extends DeviceOutcome {
  /** when the outcome was recorded, ms since the epoch (this machine's clock) */
  at: number
}

/** Options of {@link LightFleet}. Times in ms. */
export interface LightFleetOptions {
  pki: PkiLayout
  /** the devices this process runs (ids in the PKI) */
  ids: readonly string[]
  trust: TrustedRoot
  /** parent of the devices' state folders (`<stateDir>/<id>`) */
  stateDir: string
  broker: string
  servername?: string
  /** factory bundle path for devices without state (required with `slots: 'memory'`) */
  provision?: string
  slots: FleetSlots
  /** bytes one memory slot holds (`slots: 'memory'`); default the storage's own */
  slotCapacity?: number
  /** devices connecting at the same time, at least 1 */
  connectConcurrency: number
  /**
   * settle a device only once it runs this version (confirmed to it, or up to date at it), or
   * failed or reverted; without it, the first confirmation or up-to-date settles it
   */
  untilVersion?: string
  window?: number
  trustedTime?: TrustedTime
  transferTimeoutMs?: number
  patches: boolean
  backoffInitialMs?: number
  backoffMaxMs?: number
  logger: Logger
  /** every status event of every device (progress lines) */
  onStatus?: (e: StatusEvent) => void
}

/** The devices of one process; {@link LightFleet.start} starts them, {@link LightFleet.settled} resolves when each has an outcome. */
export class LightFleet {
  /** outcomes so far, by device id */
  readonly outcomes = new Map<string, FleetOutcome>()
  /** resolves once every device has an outcome */
  readonly settled: Promise<void>
  private settle: () => void = () => {}
  private readonly devices: Array<{ id: string, device: OtaDevice }> = []
  private stopping = false
  /** devices with a final outcome: counted, so recording one stays O(1) with thousands */
  private finals = 0

  constructor (private readonly o: LightFleetOptions) {
    if (o.ids.length === 0) throw new OtaError('OTA_INVALID_ARGUMENT', 'a fleet needs at least one device')
    if (!Number.isSafeInteger(o.connectConcurrency) || o.connectConcurrency < 1) throw new OtaError('OTA_INVALID_ARGUMENT', 'connectConcurrency must be a positive integer')
    if (o.slots === 'memory' && o.provision === undefined) throw new OtaError('OTA_INVALID_ARGUMENT', 'memory slots start empty: give the factory bundle (--provision)')
    this.settled = new Promise<void>((resolve) => { this.settle = resolve })
  }

  private record (x: Omit<FleetOutcome, 'at'>, final = true): void {
    const prev = this.outcomes.get(x.id)
    // A settled outcome stays; an unsettling one (confirmed to an intermediate version) is kept only as progress.
    if (prev !== undefined && this.isFinal(prev)) return
    const row = { ...x, at: Date.now() }
    this.outcomes.set(x.id, final ? row : { ...row, result: 'pending:' + row.result })
    if (final && ++this.finals === this.o.ids.length) this.settle()
  }

  private isFinal (r: FleetOutcome): boolean { return !r.result.startsWith('pending:') }

  /**
   * Prepares and starts every device, `connectConcurrency` at a time; resolves once each has
   * started (connected and subscribed) or failed to (recorded `failed` with its code).
   */
  async start (): Promise<void> {
    const { o } = this
    // Read once per process, not once per device.
    const [ca, bundle] = await Promise.all([readOrFail(o.pki.ca.cert), o.provision !== undefined ? readOrFail(o.provision) : Promise.resolve(undefined)])
    let next = 0
    const worker = async (): Promise<void> => {
      while (!this.stopping && next < o.ids.length) {
        const id = o.ids[next++]!
        try {
          const d = await this.prepare(id, ca, bundle)
          if (this.stopping) return
          this.devices.push({ id, device: d })
          await d.start()
        } catch (e) {
          const code = e instanceof OtaError ? e.code : 'OTA_IO'
          o.logger.warn({ deviceId: id, err: e }, 'device did not start')
          this.record({ id, result: 'failed', from: '', to: '', seconds: 0, bytes: 0, code })
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(o.connectConcurrency, o.ids.length) }, worker))
  }

  private async prepare (id: string, ca: Buffer, bundle: Buffer | undefined): Promise<OtaDevice> {
    const { o } = this
    const stateDir = join(o.stateDir, id)
    let storage: MemorySlotStorage | undefined
    if (o.slots === 'memory') {
      // Memory slots die with the process: a state recorded over them by an earlier process names bytes that are gone.
      if (await fileExists(join(stateDir, 'state.json'), `checking ${stateDir}`)) {
        throw new OtaError('OTA_STATE', `${stateDir} already holds a state and memory slots start empty: use a fresh --state folder or --slots files`)
      }
      storage = new MemorySlotStorage(o.slotCapacity !== undefined ? { capacity: o.slotCapacity } : {})
    }
    const d = await prepareDevice({
      pki: o.pki, id, trust: o.trust, stateDir, broker: o.broker, logger: o.logger, ca,
      ...(bundle !== undefined ? { provisionBundle: bundle } : {}),
      ...(storage !== undefined ? { storage } : {}),
      ...(o.servername !== undefined ? { servername: o.servername } : {}),
      ...(o.window !== undefined ? { window: o.window } : {}),
      ...(o.trustedTime !== undefined ? { trustedTime: o.trustedTime } : {}),
      ...(o.transferTimeoutMs !== undefined ? { transferTimeoutMs: o.transferTimeoutMs } : {}),
      patches: o.patches && o.slots === 'files',
      backoffInitialMs: o.backoffInitialMs,
      backoffMaxMs: o.backoffMaxMs
    })
    const until = o.untilVersion
    if (o.onStatus !== undefined) d.on('status', o.onStatus)
    d.on('confirmed', (c) => { this.record({ id, result: 'confirmed', from: c.from, to: c.to, seconds: c.seconds, bytes: c.bytes, code: '' }, until === undefined || c.to === until) })
    d.on('upToDate', (u) => {
      if (until !== undefined ? u.version === until : !this.outcomes.has(id)) this.record({ id, result: 'up-to-date', from: u.version, to: u.version, seconds: 0, bytes: 0, code: '' })
    })
    d.on('failed', (e) => { this.record({ id, result: 'failed', from: '', to: '', seconds: 0, bytes: 0, code: e.code }) })
    d.on('reverted', (e) => { this.record({ id, result: 'reverted', from: '', to: '', seconds: 0, bytes: 0, code: e.code }) })
    return d
  }

  /** Every device's outcome in `ids` order; a device without one is `failed` with `code` (e.g. `OTA_TIMEOUT`). */
  rows (code: string): FleetOutcome[] {
    return this.o.ids.map((id) => {
      const r = this.outcomes.get(id)
      return r !== undefined && this.isFinal(r) ? r : { id, result: 'failed', from: '', to: '', seconds: 0, bytes: 0, code, at: Date.now() }
    })
  }

  /**
   * Stops every device (and any start still under way), waiting at most `boundMs` (ms): a device
   * whose stop has not finished by then is logged at error level with its id, and left.
   * Never throws.
   * @returns the ids of the devices whose stop did not finish within `boundMs`
   */
  async stop (boundMs = 15_000): Promise<string[]> {
    this.stopping = true
    const pending = new Set(this.devices.map((d) => d.id))
    const all = Promise.all(this.devices.map(async ({ id, device }) => { await device.stop().catch(() => {}); pending.delete(id) }))
    let timer: NodeJS.Timeout | undefined
    await Promise.race([all, new Promise<void>((resolve) => { timer = setTimeout(resolve, boundMs) })])
    clearTimeout(timer)
    const stuck = [...pending]
    if (stuck.length > 0) this.o.logger.error({ devices: stuck, boundMs }, 'devices did not stop in time: left running')
    return stuck
  }
}
