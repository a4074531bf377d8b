/**
 * The device command's consent and end-of-life side: the `--consent`, `--maintenance-window`,
 * `--defer`, `--decline` flags turned into device options, the question asked on a terminal, and the text
 * printed when a release is offered or the model's end of support has passed.
 */
import { createInterface } from 'node:readline/promises'
import { OtaError } from '../proto/index.js'
import { parseDuration, parseWindow, type ConsentAnswer, type ConsentPolicy, type EndOfLifeInfo, type MaintenanceWindow, type ReleaseOffer } from '../client/index.js'

/** The consent flags as commander parsed them. */
export interface ConsentFlags {
  consent?: string
  /** `--maintenance-window` values, in order */
  maintenanceWindow?: string[]
  /** `--defer <duration>` */
  defer?: string
  decline?: boolean
}

/** Device options from the consent flags. */
export interface CliConsent {
  consentPolicy: ConsentPolicy
  consent?: (m: unknown, offer: ReleaseOffer) => Promise<ConsentAnswer>
  maintenanceWindows?: MaintenanceWindow[]
}

/** Collects a repeatable option's values (commander `argParser`). */
export function collect (value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value]
}

/** `1h 30m`-style text for a number of seconds. */
function humanSeconds (s: number): string {
  if (s % 86_400 === 0) return `${s / 86_400}d`
  if (s % 3600 === 0) return `${s / 3600}h`
  if (s % 60 === 0) return `${s / 60}m`
  return `${s}s`
}

/**
 * Checks the consent flags together and builds the device options. `--maintenance-window` alone implies
 * `--consent window`; `--defer`/`--decline` are scripted answers for `--consent ask`; without
 * them `ask` needs a terminal to ask on.
 * @param interactive - stdin and stderr are a terminal
 * @throws OtaError `OTA_INVALID_ARGUMENT` for flags that do not go together or a bad window/duration
 */
export function consentFromFlags (f: ConsentFlags, interactive: boolean): CliConsent {
  const windows = (f.maintenanceWindow ?? []).map((w) => parseWindow(w))
  const policy = f.consent ?? (windows.length > 0 ? 'window' : 'auto')
  if (policy !== 'auto' && policy !== 'ask' && policy !== 'window') throw new OtaError('OTA_INVALID_ARGUMENT', `--consent must be auto, ask or window, got ${JSON.stringify(policy)}`)
  if (policy === 'window' && windows.length === 0) throw new OtaError('OTA_INVALID_ARGUMENT', '--consent window needs at least one --maintenance-window "CRON[@TZ]/DURATION"')
  if (policy !== 'window' && windows.length > 0) throw new OtaError('OTA_INVALID_ARGUMENT', `--maintenance-window applies to --consent window, not ${policy}`)
  if ((f.defer !== undefined || f.decline === true) && policy !== 'ask') throw new OtaError('OTA_INVALID_ARGUMENT', '--defer and --decline are answers for --consent ask')
  if (f.defer !== undefined && f.decline === true) throw new OtaError('OTA_INVALID_ARGUMENT', 'give --defer or --decline, not both')
  if (policy === 'window') return { consentPolicy: 'window', maintenanceWindows: windows }
  if (policy === 'auto') return { consentPolicy: 'auto' }
  if (f.decline === true) return { consentPolicy: 'ask', consent: async () => 'decline' }
  if (f.defer !== undefined) {
    const ms = parseDuration(f.defer, '--defer')
    return { consentPolicy: 'ask', consent: async () => ({ defer: Date.now() + ms }) }
  }
  if (!interactive) throw new OtaError('OTA_INVALID_ARGUMENT', '--consent ask needs a terminal to ask on, or a scripted answer: --defer <duration> or --decline')
  return { consentPolicy: 'ask', consent: async (_m, offer) => await askOnTerminal(offer) }
}

/** Reads an answer from the terminal: `i` installs, `d <duration>` defers, `n` declines; anything else asks again (at most 5 times, then defers). */
async function askOnTerminal (offer: ReleaseOffer): Promise<ConsentAnswer> {
  const rl = createInterface({ input: process.stdin, output: process.stderr })
  try {
    for (let i = 0; i < 5; i++) {
      const decline = offer.mayDecline ? ', [n] decline' : ''
      const a = (await rl.question(`Install ${offer.version} now? [i] install, [d <duration>] defer (e.g. "d 2h")${decline}: `)).trim()
      if (/^i(nstall)?$/i.test(a)) return 'install'
      if (offer.mayDecline && /^n(o)?$|^decline$/i.test(a)) return 'decline'
      const m = /^d(?:efer)?\s+(\S+)$/i.exec(a)
      if (m !== null) {
        try {
          return { defer: Date.now() + parseDuration(m[1]!, 'the deferral') }
        } catch (e) {
          process.stderr.write(`${(e as Error).message}\n`)
        }
      }
    }
    return 'defer'
  } finally {
    rl.close()
  }
}

/** What is printed (stderr) when a release is offered: version, urgency, reboot, deferral, notes. */
export function offerText (id: string, o: ReleaseOffer): string {
  const facts = [o.urgency, o.rebootRequired ? 'reboot needed' : 'no reboot']
  if (o.maxDeferralS > 0) facts.push(`may be deferred up to ${humanSeconds(o.maxDeferralS)}`)
  else facts.push(o.urgency === 'critical' ? 'may not be deferred' : 'may be deferred without limit')
  if (o.installBy !== null) facts.push(`installs by ${new Date(o.installBy).toISOString()}`)
  if (o.source === 'offer') facts.push('offered by a rollout')
  const notes = o.releaseNotes.trim() === '' ? '' : '\n' + o.releaseNotes.trim().split('\n').map((l) => `  ${l}`).join('\n')
  return `${id}: release ${o.version} offered (${facts.join(', ')})${notes}`
}

/** What is printed (stderr) when the model's end of support has passed. */
export function endOfLifeText (id: string, e: EndOfLifeInfo): string {
  return `${id}: end of support of model ${e.model} passed on ${new Date(e.endOfLifeAt).toISOString()} (running ${e.version})${e.notice !== '' ? `: ${e.notice}` : ''}`
}
