/**
 * Root rotation: how a trusted root version N is replaced by N+1, N+2, … (TUF, "The Update
 * Framework" specification 1.0, section 5.3 "Update the root role"), and the root chain carried
 * retained on the trust topic (ota.proto `RootChain`).
 *
 * A new root is accepted only when a threshold of the distinct keys of the root trusted now AND
 * a threshold of the distinct keys the new root lists signed its exact bytes, and only as the
 * very next version: versions are walked in order and never back. Expiry of an intermediate
 * root does not stop the walk (TUF 5.3.10 checks only the final root), which is what brings a
 * device whose root or signing key expired forward.
 */
import { OtaError } from '../errors.js'
import { Limits } from '../limits.js'
import { BodyType, decodeEnvelope, decodeSignedBody } from '../codec.js'
import { decodeWith, field, limit, pb } from '../codec/rules.js'
import { isBytes } from '../bytes.js'
import { validSigners, verifyRoot, type TrustedRoot } from '../trust.js'

/**
 * Verifies `bytes` as the root version right after `trusted` (TUF 1.0 section 5.3.4 to 5.3.5).
 * Expiry is not checked here: an expired root may still be rotated away from.
 * @param trusted - the root trusted now
 * @param bytes - encoded Envelope(RootMetadata), at most {@link Limits.envelope} bytes
 * @returns the new trusted root
 * @throws OtaError `OTA_TOO_LARGE`/`OTA_DECODE`/`OTA_FIELD`/`OTA_WRONG_TYPE` for malformed input,
 *   `OTA_ROOT_VERSION` when its version is not `trusted.root.version + 1`, `OTA_BAD_SIGNATURE`
 *   when fewer than the old root's threshold of its keys, or fewer than the new root's threshold
 *   of the new root's keys, signed it
 */
export function verifyRootUpdate (trusted: TrustedRoot, bytes: Uint8Array): TrustedRoot {
  const env = decodeEnvelope(bytes)
  const body = decodeSignedBody(env.body, BodyType.ROOT)
  if (body.type !== BodyType.ROOT) throw new OtaError('OTA_WRONG_TYPE')
  const next = body.root
  const want = trusted.root.version + 1
  if (next.version !== want) throw new OtaError('OTA_ROOT_VERSION', `root version ${next.version} offered, the next after the trusted ${trusted.root.version} is ${want}`)
  const byOld = validSigners(env, new Map(trusted.root.rootKeys.map((k) => [k.keyId, k.ed25519]))).valid.size
  if (byOld < Math.max(1, trusted.root.threshold)) {
    throw new OtaError('OTA_BAD_SIGNATURE', `root v${next.version} has ${byOld} valid signatures from root v${trusted.root.version}'s keys, needs ${trusted.root.threshold}`)
  }
  const byNew = validSigners(env, new Map(next.rootKeys.map((k) => [k.keyId, k.ed25519]))).valid.size
  if (byNew < Math.max(1, next.threshold)) {
    throw new OtaError('OTA_BAD_SIGNATURE', `root v${next.version} has ${byNew} valid signatures from its own keys, needs ${next.threshold}`)
  }
  return { root: next, envelope: bytes }
}

/**
 * Verifies a whole root chain: the first version self-signed (trust on first use), each next
 * one by {@link verifyRootUpdate}, the last not expired.
 * @param chain - envelopes, oldest first, versions consecutive
 * @throws OtaError as `verifyRoot` and `verifyRootUpdate`; `OTA_INVALID_ARGUMENT` for an empty chain
 */
export function verifyRootChain (chain: readonly Uint8Array[], now: number = Date.now()): TrustedRoot {
  if (chain.length === 0) throw new OtaError('OTA_INVALID_ARGUMENT', 'a root chain needs at least one root')
  let t = verifyRoot(chain[0]!, 0) // expiry of the first version is not the question: the chain's end is
  for (const bytes of chain.slice(1)) t = verifyRootUpdate(t, bytes)
  return verifyRoot(t.envelope, now)
}

/** What {@link walkRootChain} did. */
export interface RootWalk {
  /** the newest root reached (the one given when nothing newer verified) */
  trusted: TrustedRoot
  /** root versions accepted, in order */
  accepted: number[]
  /** the roots accepted, in order (the versions of {@link RootWalk.accepted}) */
  roots: TrustedRoot[]
  /** why the walk stopped before the end of the chain, when it did */
  error?: OtaError
}

/**
 * Walks `chain` from the version after `trusted`, one version at a time (TUF 1.0 section 5.3).
 * Entries at or below the trusted version are skipped (never back); a missing version, an entry
 * that does not verify, or two entries claiming one version stop the walk: the versions
 * accepted before it stand (TUF 5.3.8 trusts each one as it is verified) and the refusal is
 * returned in `error`, never thrown, so a hostile chain cannot undo an earlier step.
 * @param trusted - the root trusted now
 * @param chain - encoded Envelope(RootMetadata) values, any order
 */
export function walkRootChain (trusted: TrustedRoot, chain: readonly Uint8Array[]): RootWalk {
  let current = trusted
  const accepted: number[] = []
  const roots: TrustedRoot[] = []
  const byVersion = new Map<number, Uint8Array[]>()
  for (const bytes of chain) {
    let version: number
    try {
      const body = decodeSignedBody(decodeEnvelope(bytes).body, BodyType.ROOT)
      if (body.type !== BodyType.ROOT) throw new OtaError('OTA_WRONG_TYPE')
      version = body.root.version
    } catch (e) {
      return { trusted: current, accepted, roots, error: e instanceof OtaError ? e : new OtaError('OTA_DECODE') }
    }
    if (version <= trusted.root.version) continue
    byVersion.set(version, [...(byVersion.get(version) ?? []), bytes])
  }
  const newest = Math.max(trusted.root.version, ...byVersion.keys())
  // Bounded by the chain's length: each pass either accepts one version or returns.
  while (current.root.version < newest) {
    const candidates = byVersion.get(current.root.version + 1)
    if (candidates === undefined) {
      return { trusted: current, accepted, roots, error: new OtaError('OTA_ROOT_VERSION', `root v${current.root.version + 1} is missing from the chain (it reaches v${newest})`) }
    }
    if (candidates.length > 1) return { trusted: current, accepted, roots, error: new OtaError('OTA_ROOT_VERSION', `the chain holds ${candidates.length} different roots claiming v${current.root.version + 1}`) }
    try {
      current = verifyRootUpdate(current, candidates[0]!)
    } catch (e) {
      return { trusted: current, accepted, roots, error: e instanceof OtaError ? e : new OtaError('OTA_DECODE') }
    }
    accepted.push(current.root.version)
    roots.push(current)
  }
  return { trusted: current, accepted, roots }
}

/**
 * The newest part of a root chain that a device accepts on the trust topic: at most
 * {@link Limits.maxRootVersions} roots and {@link Limits.rootChain} bytes once encoded, oldest
 * dropped first. A device whose root is older than the first one kept cannot walk it (it needs
 * re-provisioning); every newer device still can.
 * @param roots - root envelopes, oldest first
 * @returns the roots kept, oldest first (all of them when they fit)
 */
export function newestRootsThatFit (roots: readonly Uint8Array[]): Uint8Array[] {
  let kept = roots.slice(-Limits.maxRootVersions)
  while (kept.length > 1 && encodeRootChain(kept).length > Limits.rootChain) kept = kept.slice(1)
  return kept
}

/**
 * Decodes the retained trust-topic payload (ota.proto `RootChain`).
 * @param bytes - at most {@link Limits.rootChain} bytes
 * @returns the root envelopes it carries, each still to be verified
 * @throws OtaError `OTA_TOO_LARGE`, `OTA_DECODE`, `OTA_FIELD` (no root, more than
 *   {@link Limits.maxRootVersions}, an empty one or one over {@link Limits.envelope} bytes)
 */
export function decodeRootChain (bytes: Uint8Array): Uint8Array[] {
  limit(bytes, Limits.rootChain, 'root chain')
  const m = decodeWith(() => pb.RootChain.decode(bytes), 'root chain')
  field(m.roots.length > 0 && m.roots.length <= Limits.maxRootVersions, `a root chain holds 1 to ${Limits.maxRootVersions} roots`)
  for (const r of m.roots) field(isBytes(r) && r.length > 0 && r.length <= Limits.envelope, 'a root in the chain is empty or too large')
  return m.roots.map((r) => new Uint8Array(r))
}

/** Encodes root envelopes as a `RootChain` (no checks: {@link decodeRootChain} is where rules apply). */
export function encodeRootChain (roots: readonly Uint8Array[]): Uint8Array {
  return pb.RootChain.encode({ roots: [...roots] }).finish()
}
