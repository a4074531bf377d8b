/**
 * Takeover flapping: two processes with one device id (one certificate) take the MQTT session
 * from each other forever (MQTT-3.1.4-2). After `takeovers` takeovers of one id within
 * `windowMs`, the episode begins: the connected client (the incumbent) keeps the id and every
 * newcomer under that id is refused (CONNACK 3, server unavailable: the device client backs off
 * and retries) while the incumbent's connection is open; each refusal extends the cool-down
 * (`cooldownMs`), so the episode lasts as long as the second process keeps trying, and ends
 * `cooldownMs` after its last attempt. Once the incumbent's connection is closed (or dropped by
 * aedes after 1.5 × its keepalive) a newcomer connects normally, even within the cool-down.
 */

/** Thresholds of {@link FlapGuard}, ms. */
export interface FlapOptions { takeovers: number, windowMs: number, cooldownMs: number }

/** What to do with a takeover. */
export type FlapVerdict = 'allow' | 'episode' | 'refuse'

/** Takeover counts per client id, for one plugin. */
export class FlapGuard {
  private readonly ids = new Map<string, { times: number[], until: number }>()

  constructor (private readonly o: FlapOptions, private readonly now: () => number) {}

  /**
   * A client with a certificate for `id` connects while another connection holds `id`.
   * @returns `allow` (an ordinary takeover), `episode` (flapping begins now: refuse, and audit
   *   once) or `refuse` (within an episode: refuse quietly)
   */
  takeover (id: string): FlapVerdict {
    const t = this.now()
    this.prune(t)
    const s = this.ids.get(id) ?? { times: [], until: 0 }
    this.ids.set(id, s)
    if (t < s.until) { s.until = t + this.o.cooldownMs; return 'refuse' }
    s.times = s.times.filter((x) => x > t - this.o.windowMs)
    s.times.push(t)
    if (s.times.length < this.o.takeovers) return 'allow'
    s.times = []
    s.until = t + this.o.cooldownMs
    return 'episode'
  }

  /** Forgets ids with no takeover in the window and no episode running: memory stays bounded by active fights. */
  private prune (t: number): void {
    if (this.ids.size < 1024) return
    for (const [id, s] of this.ids) if (s.until <= t && s.times.every((x) => x <= t - this.o.windowMs)) this.ids.delete(id)
  }
}
