/**
 * The consent decision for an offered release: install now, defer until a time, or decline. Pure:
 * the facts (policy, answer, windows, clock, the first deferral) come in, the decision goes out.
 *
 * The rules, after LwM2M Object 5 v1.2 (resource 11 "Severity", resource 13 "Maximum Defer
 * Period") and hawkBit's maintenance windows:
 *
 * - `auto` installs at once, whatever the urgency.
 * - `ask` follows the application's answer: `install`; `decline` (REJECTED, `OTA_DECLINED`);
 *   `defer` (asked again after `deferIntervalMs`); `{ defer: untilMs }` (asked again then, at
 *   least {@link MIN_DEFER_MS} from now). Anything else, and a hook that throws, counts as `defer`, so a broken
 *   hook neither installs behind the user's back nor blocks a release for ever.
 * - `window` installs when the device is inside one of its maintenance windows, else defers
 *   until the next one opens (checked again after `deferIntervalMs` when none ever opens).
 * - The manifest's `max_deferral_s` bounds every deferral, counted from the first one (kept in
 *   the device state across restarts): when it has run out the release installs, against the
 *   hook and outside the windows. 0 sets no limit for an optional or recommended release; for a
 *   critical one, 0 means it may not be deferred at all (LwM2M: "0 = a deferred update is not
 *   allowed").
 * - A critical release cannot be declined: a `decline` answer counts as `defer`. Optional and
 *   recommended releases may be declined.
 */
import { Urgency, type Manifest } from '../../proto/index.js'
import type { WindowState } from './windows.js'

/** The device's consent policy. */
export type ConsentPolicy = 'auto' | 'ask' | 'window'

/** What an `ask` hook answers: install, decline, defer (by `deferIntervalMs`) or defer until `defer` (ms). */
export type ConsentAnswer = 'install' | 'defer' | 'decline' | { defer: number }

/** What the device does about an offered release. */
export type ConsentDecision =
  /** install now; `overridden` when the answer or the windows said otherwise and the release would not wait */
  | { action: 'install', overridden: boolean }
  /** ask again (or look at the windows again) at `until`, ms */
  | { action: 'defer', until: number }
  | { action: 'decline' }

/** The facts a decision is made on. Times in ms. */
export interface ConsentFacts {
  policy: ConsentPolicy
  /** `ask`: the hook's answer (undefined when it threw) */
  answer?: unknown
  /** `window`: the windows at `now` */
  window?: WindowState
  /** when the device first deferred this release, or null when it has not */
  deferredSince: number | null
  now: number
  /** how long a plain `defer` waits before asking again */
  deferIntervalMs: number
}

/** Shortest deferral, ms: a hook answering a time in the past must not make the device ask in a loop. */
export const MIN_DEFER_MS = 1000

/**
 * When the release installs whatever is answered (ms), or null when it may wait for ever.
 * @param since - when the device first deferred it (now when it has not)
 */
export function deferralDeadline (m: Manifest, since: number): number | null {
  if (m.maxDeferralS > 0) return since + m.maxDeferralS * 1000
  return m.urgency === Urgency.CRITICAL ? since : null
}

/** True when the release's urgency lets the device decline it. */
export function mayDecline (m: Manifest): boolean {
  return m.urgency !== Urgency.CRITICAL
}

/** Decides about `m` from `f`; see the module comment for the rules. */
export function decideConsent (m: Manifest, f: ConsentFacts): ConsentDecision {
  if (f.policy === 'auto') return { action: 'install', overridden: false }
  let until: number
  if (f.policy === 'window') {
    const w = f.window ?? { open: false, opensAt: null }
    if (w.open) return { action: 'install', overridden: false }
    until = w.opensAt ?? f.now + f.deferIntervalMs
  } else {
    const a = f.answer
    if (a === 'install') return { action: 'install', overridden: false }
    if (a === 'decline' && mayDecline(m)) return { action: 'decline' }
    const at = typeof a === 'object' && a !== null ? (a as { defer?: unknown }).defer : undefined
    until = typeof at === 'number' && Number.isFinite(at) ? Math.max(at, f.now + MIN_DEFER_MS) : f.now + f.deferIntervalMs
  }
  const deadline = deferralDeadline(m, f.deferredSince ?? f.now)
  if (deadline !== null && deadline <= f.now) return { action: 'install', overridden: true }
  return { action: 'defer', until: deadline === null ? until : Math.min(until, deadline) }
}
