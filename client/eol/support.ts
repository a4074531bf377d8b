/**
 * Where a running image stands against its model's end of support (manifest `end_of_life_at`),
 * as ota.proto `SupportStatus`.
 */
import { SupportStatus } from '../../proto/index.js'

/**
 * The support status at `now` (ms): UNKNOWN when no date is announced (0), ENDED from the date
 * on, ENDING within `warningMs` before it, else SUPPORTED.
 */
export function supportStatus (endOfLifeAt: number, now: number, warningMs: number): number {
  if (endOfLifeAt <= 0) return SupportStatus.UNKNOWN
  if (now >= endOfLifeAt) return SupportStatus.ENDED
  if (now >= endOfLifeAt - warningMs) return SupportStatus.ENDING
  return SupportStatus.SUPPORTED
}
