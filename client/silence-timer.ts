/**
 * The download's silence timer: it fires once a whole period passed with nothing heard. A stream
 * of frames keeps it from firing at the cost of a time stamp per frame: no timer is cleared and
 * set again per frame (that cost more than the frame's own checks); the running timer moves its
 * deadline when it fires early.
 */

/** A period of silence, restarted by {@link SilenceTimer.heard}. Times in ms. */
export class SilenceTimer {
  private timer: NodeJS.Timeout | null = null
  /** When the current period started, ms since the epoch. */
  private since = 0

  /**
   * @param periodMs - the silence that fires `onSilence`, ms
   * @param onSilence - called once per silent period; call {@link SilenceTimer.restart} from it to wait for another
   */
  constructor (private readonly periodMs: number, private readonly onSilence: () => void) {}

  /** Starts a whole period from now (stopping the running one). */
  restart (): void {
    this.stop()
    this.since = Date.now()
    this.timer = setTimeout(() => { this.fire() }, this.periodMs)
  }

  /** Something arrived: the period starts again from now (a stopped timer is started). */
  heard (): void {
    this.since = Date.now()
    if (this.timer === null) this.restart()
  }

  /** Stops the timer; `onSilence` is not called until the next {@link SilenceTimer.restart} or {@link SilenceTimer.heard}. */
  stop (): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
  }

  private fire (): void {
    this.timer = null
    const quiet = Date.now() - this.since
    if (quiet < this.periodMs) {
      this.timer = setTimeout(() => { this.fire() }, this.periodMs - quiet)
      return
    }
    this.onSilence()
  }
}
