/** What the download counts of the data-topic frames it drops, and how that is reported. */
import type { Logger } from 'pino'

/**
 * Frames of the data topic the download dropped without storing anything, by why: what a hostile
 * or broken broker sends instead of chunks. Reported (status event detail, `framesDropped` device
 * event) so that an attack shows as itself, not only as a later `OTA_TIMEOUT`.
 */
export interface DroppedFrames {
  /** payloads that do not decode as a data frame (garbage, or larger than the chunk size allows) */
  undecodable: number
  /** chunks and error frames naming another artifact (an earlier download's, or injected) */
  foreign: number
  /** chunks of this artifact refused: wrong length, index out of range, or no inclusion proof into the signed root */
  refused: number
}

/** Total of a {@link DroppedFrames}. */
export function droppedTotal (d: DroppedFrames): number { return d.undecodable + d.foreign + d.refused }

/** One line for a status event detail, e.g. `dropped frames: 2 undecodable, 0 foreign, 1 refused`. */
export function droppedDetail (d: DroppedFrames): string {
  return `dropped frames: ${d.undecodable} undecodable, ${d.foreign} foreign, ${d.refused} refused`
}

/**
 * The counts of one download, and the last total told to its listener, so that each silence
 * period reports only when something new was dropped.
 */
export class DroppedCounter {
  /** the counts so far (mutated in place as frames are dropped) */
  readonly counts: DroppedFrames = { undecodable: 0, foreign: 0, refused: 0 }
  private told = 0

  /**
   * Calls `listener` with a copy of the counts when the total changed since it was last called.
   * A throw is logged, never passed on (the download goes on).
   */
  tell (listener: ((d: DroppedFrames) => void) | undefined, log: Logger | undefined): void {
    const n = droppedTotal(this.counts)
    if (n === this.told || listener === undefined) return
    this.told = n
    try {
      listener({ ...this.counts })
    } catch (e) {
      log?.warn({ err: e }, 'onDropped failed')
    }
  }
}
