/**
 * A cap on refusal records per identity: at most `perWindow` lines per identity (device or
 * operator id, else remote address) per `windowMs`; the lines beyond are counted, not written,
 * and one `audit.suppressed` summary with the count is written when that identity's next window
 * begins (at its next refusal) or when the plugin closes. A device that reconnects keeps its
 * budget: the key is its identity, not its connection.
 */

/** The cap: `perWindow` lines per identity per `windowMs` ms. */
export interface AuditBudgetOptions { perWindow: number, windowMs: number }

/** A window's suppressed count, for the summary line. */
export interface Suppressed { key: string, suppressed: number, windowStart: number, windowMs: number }

/**
 * Keys kept at most: at this many, ended windows are dropped (their suppressed counts summarised
 * at once) and, if that is not enough, the oldest windows too, down to {@link PRUNE_TO}, so
 * memory stays bounded whoever picks the keys (addresses, client ids) and pruning is amortized.
 */
const PRUNE_AT = 10_000
const PRUNE_TO = 9_000

/** Counts refusal records per identity and window. */
export class AuditBudget {
  private readonly keys = new Map<string, { start: number, written: number, suppressed: number }>()

  /**
   * @param o - the cap
   * @param now - clock, ms
   */
  constructor (private readonly o: AuditBudgetOptions, private readonly now: () => number) {}

  /**
   * Charges one record to `key`.
   * @returns `write`: whether to write it; `summaries`: suppressed counts of windows that ended
   *   (this key's previous one, and any pruned to bound memory), to write first
   */
  charge (key: string): { write: boolean, summaries: Suppressed[] } {
    const t = this.now()
    let s = this.keys.get(key)
    const summaries: Suppressed[] = []
    if (s !== undefined && t - s.start >= this.o.windowMs) {
      if (s.suppressed > 0) summaries.push({ key, suppressed: s.suppressed, windowStart: s.start, windowMs: this.o.windowMs })
      this.keys.delete(key)
      s = undefined
    }
    if (s === undefined) {
      if (this.keys.size >= PRUNE_AT) this.prune(t, summaries)
      s = { start: t, written: 0, suppressed: 0 }
      this.keys.set(key, s)
    }
    if (s.written < this.o.perWindow) { s.written++; return { write: true, summaries } }
    s.suppressed++
    return { write: false, summaries }
  }

  /** Every window's suppressed count not yet summarised (at close), and forgets them. */
  drain (): Suppressed[] {
    const out: Suppressed[] = []
    for (const [key, s] of this.keys) if (s.suppressed > 0) out.push({ key, suppressed: s.suppressed, windowStart: s.start, windowMs: this.o.windowMs })
    this.keys.clear()
    return out
  }

  /** Drops ended windows, then the oldest (windows are kept in the order they began), down to {@link PRUNE_TO}. */
  private prune (t: number, summaries: Suppressed[]): void {
    const drop = (key: string, s: { start: number, suppressed: number }): void => {
      if (s.suppressed > 0) summaries.push({ key, suppressed: s.suppressed, windowStart: s.start, windowMs: this.o.windowMs })
      this.keys.delete(key)
    }
    for (const [key, s] of this.keys) if (t - s.start >= this.o.windowMs) drop(key, s)
    for (const [key, s] of this.keys) {
      if (this.keys.size <= PRUNE_TO) break
      drop(key, s)
    }
  }
}
