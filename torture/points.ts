/**
 * Kill points of a torture chain, from the crash points clean survey runs passed
 * (cli/crash-points.ts `AEDES_OTA_CRASH_COUNTS` and `AEDES_OTA_CRASH_TRACE`), drawn with a
 * seeded PRNG, each point name as likely as any other whatever its count (so that a download's
 * hundreds of chunk points do not swamp the one confirm); and the phase each name belongs to.
 */

/** How many times each crash point was passed in one clean run, by name. */
export type Survey = Readonly<Record<string, number>>

/** The crash points one clean run passed, in order: its timeline. */
export type Timeline = readonly string[]

/** A kill point: die the `n`-th time (1-based) the process passes crash point `name`. */
export interface KillPoint { name: string, n: number }

/** A kill point placed on a survey's timeline: the `occurrence`-th pass of `name`, at index `pos`. */
export interface PlannedPoint { name: string, occurrence: number, pos: number }

/** The phases of an update, in order, as the summary counts kills. */
export const PHASES = ['download', 'verification', 'apply', 'install', 'reboot', 'trial', 'confirm', 'revert', 'state-write', 'external'] as const

/** One of {@link PHASES}, or the first word of a crash point name none of them claims. */
export type Phase = typeof PHASES[number] | (string & {})

/**
 * The phase of crash point `name`: a name with `verif` in it is verification; otherwise its first
 * word (`download`, `apply`, `install`, `trial`, `confirm`, `revert`), `boot` being the reboot and
 * `atomic` (the two steps of every durable write, proto/files.ts) the state writes of any phase.
 */
export function phaseOf (name: string): Phase {
  if (/verif/.test(name)) return 'verification'
  const head = name.split('.')[0]!
  if (head === 'boot') return 'reboot'
  if (head === 'atomic') return 'state-write'
  return head
}

/** Reads a survey file: a JSON object of positive integer counts. @throws Error for anything else */
export function parseSurvey (text: string): Survey {
  const v = JSON.parse(text) as unknown
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('a survey is a JSON object')
  const out: Record<string, number> = {}
  for (const [k, n] of Object.entries(v)) {
    if (!Number.isSafeInteger(n) || (n as number) < 1) throw new Error(`survey count of ${k} is not a positive integer`)
    out[k] = n as number
  }
  return out
}

/** Reads a trace file: a JSON array of crash point names. @throws Error for anything else */
export function parseTimeline (text: string): Timeline {
  const v = JSON.parse(text) as unknown
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Error('a trace is a JSON array of names')
  return v as string[]
}

/**
 * Draws a kill point from `survey`: a name uniformly among its names (sorted, so the draw
 * depends on the seed only), then a pass uniformly in 1 to its count.
 * @throws Error for an empty survey
 */
export function pickPoint (survey: Survey, rand: () => number): KillPoint {
  const names = Object.keys(survey).sort()
  if (names.length === 0) throw new Error('the survey passed no crash point')
  const name = names[Math.floor(rand() * names.length)]!
  return { name, n: 1 + Math.floor(rand() * survey[name]!) }
}

/**
 * Draws `m` kill points on `timeline` as {@link pickPoint} draws them (a name uniformly, then one
 * of its passes uniformly) and returns them in timeline order, each place once: the plan of a
 * chain whose kills move forward through the update instead of leaping to its end.
 */
export function planPoints (timeline: Timeline, rand: () => number, m: number): PlannedPoint[] {
  const at = new Map<string, number[]>()
  timeline.forEach((name, pos) => { const l = at.get(name); if (l === undefined) at.set(name, [pos]); else l.push(pos) })
  const names = [...at.keys()].sort()
  if (names.length === 0) return []
  const picked = new Map<number, PlannedPoint>()
  for (let i = 0; i < m; i++) {
    const name = names[Math.floor(rand() * names.length)]!
    const places = at.get(name)!
    const j = Math.floor(rand() * places.length)
    picked.set(places[j]!, { name, occurrence: j + 1, pos: places[j]! })
  }
  return [...picked.values()].sort((a, b) => a.pos - b.pos)
}

/**
 * The pass to arm for `p` in a device restarted after a kill at timeline index `after` (-1: none
 * yet): its occurrence less the passes of its name the killed runs already made. The restarted
 * run repeats some of them (a boot, a state write), so the kill lands at or a little before the
 * place planned.
 * @returns the pass number, < 1 when `p` lies at or before `after`
 */
export function passToArm (p: PlannedPoint, timeline: Timeline, after: number): number {
  let before = 0
  for (let i = 0; i <= after && i < timeline.length; i++) if (timeline[i] === p.name) before++
  return p.occurrence - before
}
