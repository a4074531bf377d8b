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

/** Keys above this many are pruned of quiet ones, so memory is bounded by the active refusers. */
const PRUNE_AT = 10_000

/** Counts refusal records per identity and window. */
export class AuditBudget {
  private readonly keys = new Map<string, { start: number, written: number, suppressed: number }>()

  constructor (private readonly o: AuditBudgetOptions, private readonly now: () => number) {}

  /**
   * Charges one record to `key`.
   * @returns `write`: whether to write it; `summary`: the previous window's suppressed count, to write first
   */
  charge (key: string): { write: boolean, summary: Suppressed | null } {
    const t = this.now()
    let s = this.keys.get(key)
    let summary: Suppressed | null = null
    if (s !== undefined && t - s.start >= this.o.windowMs) {
      if (s.suppressed > 0) summary = { key, suppressed: s.suppressed, windowStart: s.start, windowMs: this.o.windowMs }
      s = undefined
    }
    if (s === undefined) {
      if (this.keys.size >= PRUNE_AT) this.prune(t)
      s = { start: t, written: 0, suppressed: 0 }
      this.keys.set(key, s)
    }
    if (s.written < this.o.perWindow) { s.written++; return { write: true, summary } }
    s.suppressed++
    return { write: false, summary }
  }

  /** Every window's suppressed count not yet summarised (at close), and forgets them. */
  drain (): Suppressed[] {
    const out: Suppressed[] = []
    for (const [key, s] of this.keys) if (s.suppressed > 0) out.push({ key, suppressed: s.suppressed, windowStart: s.start, windowMs: this.o.windowMs })
    this.keys.clear()
    return out
  }

  private prune (t: number): void {
    for (const [key, s] of this.keys) if (s.suppressed === 0 && t - s.start >= this.o.windowMs) this.keys.delete(key)
  }
}
