/**
 * Audit lines for refused dashboard requests (`dashboard.denied`), bounded per minute: anyone who
 * can reach the port can send requests, and the audit log must not become the cheapest thing to
 * fill. Past the bound, refusals are counted and the next line written carries the count
 * (`suppressed`), so none goes unrecorded.
 */
import type { AuditLog } from '../audit.js'

const WINDOW_MS = 60_000
const MAX_PATH = 256

/** What is recorded of one refused request. */
export interface DeniedRequest {
  remoteAddress: string
  method: string
  /** request path, cut to 256 characters */
  path: string
  reason: string
  /** CN of a client certificate that was presented but is not an operator's; '' for none */
  certificateId: string
}

/** The `dashboard.denied` writer of one dashboard. */
export class Denials {
  private windowStart = 0
  private written = 0
  private suppressed = 0

  /**
   * @param audit - the plugin's audit log
   * @param perMinute - lines written per minute at most
   * @param now - clock, ms
   */
  constructor (private readonly audit: AuditLog, private readonly perMinute: number, private readonly now: () => number = Date.now) {}

  /** Records one refusal (or counts it, past the bound). */
  record (d: DeniedRequest): void {
    const t = this.now()
    if (t - this.windowStart >= WINDOW_MS) { this.windowStart = t; this.written = 0 }
    if (this.written >= this.perMinute) { this.suppressed++; return }
    this.written++
    const fields: Record<string, unknown> = { ...d, path: d.path.slice(0, MAX_PATH) }
    if (this.suppressed > 0) { fields.suppressed = this.suppressed; this.suppressed = 0 }
    this.audit.write('dashboard.denied', 'failure', fields)
  }

  /** Writes the count of refusals not yet recorded, if any (at close). */
  flush (): void {
    if (this.suppressed === 0) return
    this.audit.write('dashboard.denied', 'failure', { reason: 'refusals over the per-minute bound', suppressed: this.suppressed })
    this.suppressed = 0
  }
}
