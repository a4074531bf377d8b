/**
 * Asking for consent to install a release, with deferrals that survive restarts: the consent
 * step of an update (client/update.ts), by the policy decided in ./decide.ts.
 */
import type { Logger } from 'pino'
import { OtaError } from '../../proto/index.js'
import type { StatusFields } from '../audit.js'
import { abortable, sleep } from '../abortable.js'
import type { ResolvedOptions } from '../options.js'
import type { Reporter } from '../reporter.js'
import { loadState, updateState } from '../state.js'
import type { Job } from '../update.js'
import { decideConsent } from './decide.js'
import { releaseOffer } from './offer.js'

/** Longest single timer, ms (setTimeout fires at once above 2^31 - 1): a longer deferral wakes up and looks again. */
const MAX_TIMER_MS = 2_147_483_647

/**
 * Consent, by the device's policy (client/consent/decide.ts), until the release installs or is
 * declined. Each time it is asked, OFFERED is reported; each deferral is reported DEFERRED with
 * `deferredUntil` and recorded in the device state, so that after a restart the device waits
 * for the same time, and the maximum deferral counts from the first deferral.
 * @returns false when declined
 * @throws the abort reason when the job is abandoned meanwhile; `OTA_IO`/`OTA_STATE` from the state file
 */
export async function askConsent (o: ResolvedOptions, p: { report: Reporter, log: Logger }, job: Job, about: StatusFields): Promise<boolean> {
  const { report, log } = p
  const m = job.vm.manifest
  const signal = job.abort.signal
  for (let round = 0; ; round++) {
    const s = await loadState(o.stateDir)
    const rec = s.deferral?.artifact === job.artifact ? s.deferral : null
    const since = rec?.since ?? null
    const offer = releaseOffer(m, job.source, since, o.now())
    report.report('OFFERED', about)
    if (round === 0) report.emit('offered', offer)
    // A deferral recorded before a restart holds: nothing is asked until it ends.
    const held = round === 0 && rec !== null ? Math.min(rec.until, offer.installBy ?? Infinity) : 0
    if (held > o.now()) {
      report.report('DEFERRED', { ...about, deferredUntil: held, detail: `deferred until ${new Date(held).toISOString()} (before a restart)` })
      await sleep(Math.min(held - o.now(), MAX_TIMER_MS), signal)
      continue
    }
    let answer: unknown
    if (o.consentPolicy === 'ask') {
      try {
        answer = await abortable(Promise.resolve().then(async () => await o.consent(m, offer)), signal)
      } catch (e) {
        if (signal.aborted) throw e
        log.warn({ version: m.version, err: e }, 'consent hook failed; deferring')
      }
    }
    const now = o.now()
    const d = decideConsent(m, { policy: o.consentPolicy, answer, window: o.windows?.at(now), deferredSince: since, now, deferIntervalMs: o.deferIntervalMs })
    if (d.action === 'defer') {
      await updateState(o.stateDir, (st) => { st.deferral = { artifact: job.artifact, since: since ?? now, until: d.until } })
      const why = o.consentPolicy === 'window' ? 'outside the maintenance windows' : answer === 'decline' ? 'declined, but a critical release cannot be' : 'the application deferred it'
      report.report('DEFERRED', { ...about, deferredUntil: d.until, detail: `${why}; asking again at ${new Date(d.until).toISOString()}` })
      await sleep(Math.min(Math.max(d.until - now, 0), MAX_TIMER_MS), signal)
      continue
    }
    await updateState(o.stateDir, (st) => {
      if (st.deferral === null && d.action === 'install') return false
      st.deferral = null
      if (d.action === 'decline') st.refused = job.artifact
    })
    if (d.action === 'decline') {
      report.rejected(new OtaError('OTA_DECLINED', `release ${m.version} declined`), m)
      return false
    }
    if (d.overridden) log.info({ version: m.version, urgency: offer.urgency, installBy: offer.installBy }, 'installing: the maximum deferral has run out')
    return true
  }
}
