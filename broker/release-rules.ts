/**
 * The rules that catch an operator's mistakes before a release is stored (docs/PROTOCOL.md,
 * "Broker, before it announces a release"). Pure functions: the store applies them.
 */
import { OtaError, type Manifest } from '../proto/index.js'

/**
 * How far a new sequence may lie above both the current release's sequence and the present
 * time in seconds (the default sequence of `release create`). Devices and the store refuse any
 * sequence not above the highest they accepted, so one mistyped `--sequence` would otherwise
 * become a floor no later release could get under.
 */
export const MAX_SEQUENCE_STEP = 1000

/**
 * Compares semver-like versions (SemVer 2.0.0, section 11): a leading `v` is ignored, the
 * dot-separated numeric core is compared number by number (missing parts count as 0), then a
 * version with a pre-release (`-…`) sorts before the same core without one, and pre-release
 * identifiers compare numerically when both are numbers, else as ASCII text. Build metadata
 * (`+…`) is ignored.
 * @returns negative, 0 or positive as `a` sorts before, with or after `b`; `null` when either
 *   is not semver-like (then no version rule applies)
 */
export function compareVersions (a: string, b: string): number | null {
  const pa = parseVersion(a)
  const pb = parseVersion(b)
  if (pa === null || pb === null) return null
  for (let i = 0; i < Math.max(pa.core.length, pb.core.length); i++) {
    const d = (pa.core[i] ?? 0) - (pb.core[i] ?? 0)
    if (d !== 0) return Math.sign(d)
  }
  if (pa.pre.length === 0 || pb.pre.length === 0) return pa.pre.length === pb.pre.length ? 0 : (pa.pre.length === 0 ? 1 : -1)
  for (let i = 0; i < Math.min(pa.pre.length, pb.pre.length); i++) {
    const x = pa.pre[i]!
    const y = pb.pre[i]!
    const nx = /^\d+$/.test(x)
    const ny = /^\d+$/.test(y)
    if (nx && ny) { const d = Number(x) - Number(y); if (d !== 0) return Math.sign(d); continue }
    if (nx !== ny) return nx ? -1 : 1
    if (x !== y) return x < y ? -1 : 1
  }
  return Math.sign(pa.pre.length - pb.pre.length)
}

function parseVersion (v: string): { core: number[], pre: string[] } | null {
  const m = /^v?(\d+(?:\.\d+)*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(v)
  if (m === null) return null
  return { core: m[1]!.split('.').map(Number), pre: m[2] === undefined ? [] : m[2].split('.') }
}

/** What to do with a verified manifest, given the model's current one. */
export type ReleaseVerdict = { action: 'add' } | { action: 'noop' }

/**
 * Decides whether `next` may replace `current` (the model's current release, if any).
 * @param sameEnvelope - `next` is byte for byte the current release's signed envelope
 * @param nowSeconds - the present time in seconds
 * @param force - lift the security-version, version-downgrade and sequence-step rules
 * @param offeredSequence - highest sequence a rollout of the model ever offered (0: none); an
 *   aborted rollout's devices accepted it, so they ignore any release with a lower one
 * @returns `noop` when `next` is the current release itself (publishing it again changes
 *   nothing), `add` otherwise
 * @throws OtaError `OTA_REPLAY` for a sequence not above the current one (never lifted: devices
 *   refuse it too) or below `offeredSequence` (never lifted either), `OTA_ROLLBACK` for a security version below the current release's,
 *   `OTA_DOWNGRADE` for a lower human version, `OTA_SEQUENCE_JUMP` for a sequence more than
 *   {@link MAX_SEQUENCE_STEP} above both the current sequence and `nowSeconds`
 */
export function judgeRelease (next: Manifest, current: Manifest | undefined, sameEnvelope: boolean, nowSeconds: number, force: boolean, offeredSequence = 0): ReleaseVerdict {
  if (current !== undefined && sameEnvelope) return { action: 'noop' }
  if (current !== undefined && next.sequence <= current.sequence) {
    throw new OtaError('OTA_REPLAY', `model ${next.model} already has release ${current.version} with sequence ${current.sequence} >= ${next.sequence}`)
  }
  if (next.sequence < offeredSequence) {
    throw new OtaError('OTA_REPLAY', `a rollout offered model ${next.model} a release with sequence ${offeredSequence}; the devices that accepted it would ignore sequence ${next.sequence}: sign the release with a sequence of at least ${offeredSequence}`)
  }
  if (force) return { action: 'add' }
  const hint = 'publish with --force (API: force: true) if this is intended'
  if (current !== undefined && next.securityVersion < current.securityVersion) {
    throw new OtaError('OTA_ROLLBACK', `release ${next.version} has security version ${next.securityVersion}, below ${current.securityVersion} of the current release ${current.version}: devices already on it refuse it; ${hint}`)
  }
  const cmp = current === undefined ? null : compareVersions(next.version, current.version)
  if (current !== undefined && cmp !== null && cmp < 0) {
    throw new OtaError('OTA_DOWNGRADE', `release ${next.version} is a downgrade from the current release ${current.version}; ${hint}`)
  }
  const ceiling = Math.max(current?.sequence ?? 0, nowSeconds) + MAX_SEQUENCE_STEP
  if (next.sequence > ceiling) {
    const suggest = current === undefined ? 'the default (now in seconds)' : `${current.sequence + 1}, or the default (now in seconds)`
    throw new OtaError('OTA_SEQUENCE_JUMP', `sequence ${next.sequence} is more than ${MAX_SEQUENCE_STEP} above both the current sequence${current === undefined ? '' : ` ${current.sequence}`} and the time in seconds: every later release would need a higher one. Did you mean ${suggest}? Otherwise ${hint}`)
  }
  return { action: 'add' }
}
