/**
 * Connection retry delays: capped exponential backoff with jitter ("Exponential Backoff And
 * Jitter", AWS Architecture Blog, 2015), so a fleet that lost its broker does not come back in
 * one burst.
 */

/** How a retry delay is drawn from the capped exponential `base = min(maxDelayMs, initialDelayMs × 2^attempt)`. */
export type Jitter = 'full' | 'equal'

/** Backoff settings. Times in ms. */
export interface BackoffOptions {
  /** delay before the first retry (before jitter) */
  initialDelayMs: number
  /** cap of the exponential delay (before jitter) */
  maxDelayMs: number
  /** `full`: uniform in [0, base]; `equal`: base/2 plus uniform in [0, base/2] */
  jitter: Jitter
}

/**
 * Delay before retry number `attempt` (0 for the first retry), ms: `base = min(maxDelayMs,
 * initialDelayMs × 2^attempt)`, then jittered. Never above `maxDelayMs`, never negative.
 * @param random - a source of uniform numbers in [0, 1); `Math.random` by default
 */
export function backoffDelay (attempt: number, o: BackoffOptions, random: () => number = Math.random): number {
  const exp = Math.min(Math.max(0, Math.floor(attempt)), 52)
  const base = Math.min(o.maxDelayMs, o.initialDelayMs * 2 ** exp)
  const r = Math.min(Math.max(random(), 0), 1)
  return Math.round(o.jitter === 'full' ? base * r : base / 2 + (base / 2) * r)
}
