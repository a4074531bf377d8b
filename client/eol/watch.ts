/**
 * The device's end of life: which end of support applies to its model, its support status, and
 * the end-of-life hook.
 *
 * The date and notice come from signed manifests only: the one of the running image, or a newer
 * manifest of the same model that names the running image again only to announce (or move, or
 * withdraw) the end of support. The one with the higher sequence wins; an adopted announcement is
 * kept in the device state, so it holds after a restart without the broker.
 *
 * Past the date the `onEndOfLife` hook runs and the `endOfLife` event is emitted, once per process
 * start: at start when the date has passed, or when it passes while the device runs (a timer,
 * unref'd, re-armed in steps no longer than setTimeout's limit). When the status changes while
 * running (ENDING, ENDED), the device reports its state again so the broker's inventory shows it.
 */
import type { Logger } from 'pino'
import { SupportStatus, supportStatusName, type Manifest, type SupportStatusName } from '../../proto/index.js'
import { loadState, updateState, type EndOfLifeRecord } from '../state.js'
import { supportStatus } from './support.js'

/** What the end-of-life hook and event get. Times in ms. */
export interface EndOfLifeInfo {
  model: string
  /** the version running */
  version: string
  /** end of support of the model */
  endOfLifeAt: number
  /** the signed notice: what the end of support means for the owner */
  notice: string
  /** the support status now: `ENDED` */
  support: SupportStatusName
}

/** What the watch needs. */
export interface EndOfLifeParts {
  stateDir: string
  model: string
  /** ms before the date from which the status is ENDING */
  warningMs: number
  now: () => number
  /** the application's hook; a throw or rejection is logged */
  hook: ((info: EndOfLifeInfo) => void | Promise<void>) | undefined
  log: Logger
  /** emits the device's `endOfLife` event */
  emit: (info: EndOfLifeInfo) => void
  /** called when the support status changed while running: the device reports its state again */
  changed: () => void
}

/** Longest single timer, ms (setTimeout fires at once above 2^31 - 1). */
const MAX_TIMER_MS = 2_147_483_647

/** The end of life of one device. */
export class EndOfLifeWatch {
  private known: EndOfLifeRecord = { sequence: 0, at: 0, notice: '' }
  private version = ''
  private fired = false
  private timer: NodeJS.Timeout | null = null
  private lastStatus: number = SupportStatus.UNKNOWN
  private stopped = false

  constructor (private readonly p: EndOfLifeParts) {}

  /** Reads the announcement kept in the device state. @throws what {@link loadState} throws */
  async load (): Promise<void> {
    const s = await loadState(this.p.stateDir)
    if (s.endOfLife != null && s.endOfLife.sequence >= this.known.sequence) this.known = { ...s.endOfLife }
  }

  /** The image running now is `m` (after a boot, a confirm or a revert). */
  running (m: Manifest): void {
    this.version = m.version
    if (m.sequence >= this.known.sequence) this.known = { sequence: m.sequence, at: m.endOfLifeAt, notice: m.endOfLifeNotice }
    this.arm()
  }

  /**
   * A verified manifest names the running image again: adopted when it is not older than what is
   * known, and kept in the device state. Errors writing the state are logged.
   */
  async announced (m: Manifest): Promise<void> {
    if (m.model !== this.p.model || m.sequence < this.known.sequence) return
    if (m.endOfLifeAt === this.known.at && m.endOfLifeNotice === this.known.notice) {
      // Nothing new to say: no state write (flash wear), no report.
      this.known.sequence = m.sequence
      return
    }
    this.known = { sequence: m.sequence, at: m.endOfLifeAt, notice: m.endOfLifeNotice }
    this.p.log.info({ endOfLifeAt: m.endOfLifeAt, sequence: m.sequence }, 'end of support announced for the model')
    await updateState(this.p.stateDir, (s) => { s.endOfLife = { ...this.known } }).catch((e: unknown) => {
      this.p.log.warn({ err: e }, 'cannot record the end-of-life announcement')
    })
    this.arm()
    this.p.changed()
  }

  /** The support status, date (0 = none) of the running image's model, now. */
  get facts (): { support: number, endOfLifeAt: number } {
    return { support: supportStatus(this.known.at, this.p.now(), this.p.warningMs), endOfLifeAt: this.known.at }
  }

  /** Clears the timer. */
  stop (): void {
    this.stopped = true
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
  }

  /** Fires the hook when the date has passed, else sets a timer for the next change of status. */
  private arm (): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    if (this.stopped) return
    const now = this.p.now()
    const status = supportStatus(this.known.at, now, this.p.warningMs)
    this.lastStatus = status
    if (status === SupportStatus.ENDED) {
      this.fire()
      return
    }
    if (status === SupportStatus.UNKNOWN) return
    const next = status === SupportStatus.SUPPORTED ? this.known.at - this.p.warningMs : this.known.at
    this.timer = setTimeout(() => {
      this.timer = null
      const before = this.lastStatus
      this.arm()
      if (this.lastStatus !== before) this.p.changed()
    }, Math.min(Math.max(next - now, 0), MAX_TIMER_MS))
    this.timer.unref()
  }

  private fire (): void {
    if (this.fired) return
    this.fired = true
    const info: EndOfLifeInfo = { model: this.p.model, version: this.version, endOfLifeAt: this.known.at, notice: this.known.notice, support: supportStatusName(SupportStatus.ENDED) }
    this.p.log.warn({ endOfLifeAt: info.endOfLifeAt, version: info.version }, 'end of support of the model has passed')
    this.p.emit(info)
    const hook = this.p.hook
    if (hook === undefined) return
    Promise.resolve().then(async () => { await hook(info) }).catch((e: unknown) => {
      this.p.log.warn({ err: e }, 'end-of-life hook failed')
    })
  }
}
