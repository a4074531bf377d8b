/**
 * The chain of trust: root metadata signed by root keys authorizes release-signing keys,
 * which sign manifests. The device's trust anchor is the root (TUF, "The Update Framework"
 * specification 1.0, section 5.3: a threshold of distinct root keys; 5.4: targets signed by
 * keys the root delegates to). The broker runs the same checks before announcing a release,
 * but devices never rely on it: every check that matters runs on the device.
 */
import { OtaError } from './errors.js'
import { BodyType, decodeEnvelope, decodeSignedBody, type Envelope, type Manifest, type RootMetadata } from './codec.js'
import { verifySignature } from './ed25519.js'

/** A root the caller trusts, with the exact envelope bytes it came in. */
export interface TrustedRoot {
  root: RootMetadata
  envelope: Uint8Array
}

/** A manifest whose signatures and key scopes checked out. */
export interface VerifiedManifest {
  manifest: Manifest
  /** the exact envelope bytes, to store and to re-verify at boot */
  envelope: Uint8Array
  /** ids of the distinct authorized keys whose signatures verified */
  signers: string[]
  /**
   * true when a threshold of the root's own keys also signed the manifest: only then may it
   * raise the security version past the fast-forward cap ({@link checkFastForward})
   */
  rootSigned: boolean
}

/**
 * How far above the device's security counter a manifest signed only by release-signing keys
 * may set `security_version`. A stolen signing key could otherwise sign security version 2^32-1
 * and lock the device out of every later legitimate release (TUF's fast-forward attack, TUF 1.0
 * section 5.6.4 / Uptane "fast-forward"); past the cap the manifest must also carry a threshold
 * of root signatures, which stay offline.
 */
export const FAST_FORWARD_CAP = 16

/**
 * Refuses a manifest that raises the security version more than {@link FAST_FORWARD_CAP} above
 * `securityCounter` unless a threshold of root keys co-signed it.
 * @param vm - from {@link verifyManifest}
 * @param securityCounter - the device's anti-rollback counter
 * @throws OtaError `OTA_FAST_FORWARD`
 */
export function checkFastForward (vm: VerifiedManifest, securityCounter: number): void {
  const sv = vm.manifest.securityVersion
  if (!vm.rootSigned && sv > securityCounter + FAST_FORWARD_CAP) {
    throw new OtaError('OTA_FAST_FORWARD', `manifest ${vm.manifest.version} raises the security version to ${sv}, more than ${FAST_FORWARD_CAP} above the device counter ${securityCounter}, without root signatures`)
  }
}

/**
 * Distinct key ids among `keys` whose signature in `env` verifies over the exact body; `unknown`
 * counts entries naming keys not in `keys`. A key counts once however many entries name it.
 */
export function validSigners (env: Envelope, keys: ReadonlyMap<string, Uint8Array>): { valid: Set<string>, unknown: number } {
  const valid = new Set<string>()
  let unknown = 0
  for (const s of env.signatures) {
    const pk = keys.get(s.keyId)
    if (pk === undefined) { unknown++; continue }
    if (valid.has(s.keyId)) continue // a key counts once, however many entries name it
    if (verifySignature(pk, env.body, s.sig)) valid.add(s.keyId)
  }
  return { valid, unknown }
}

/**
 * Verifies root metadata as provisioned (trust on first use): it must be signed by a
 * threshold of the distinct root keys it lists, and not be expired.
 * @param bytes - encoded Envelope of type ROOT
 * @param now - clock, ms
 * @throws OtaError `OTA_TOO_LARGE`/`OTA_DECODE`/`OTA_FIELD`/`OTA_WRONG_TYPE` for malformed input,
 *   `OTA_BAD_SIGNATURE` below threshold, `OTA_ROOT_EXPIRED` when expired
 */
export function verifyRoot (bytes: Uint8Array, now: number = Date.now()): TrustedRoot {
  const env = decodeEnvelope(bytes)
  const body = decodeSignedBody(env.body, BodyType.ROOT)
  if (body.type !== BodyType.ROOT) throw new OtaError('OTA_WRONG_TYPE')
  const root = body.root
  const { valid } = validSigners(env, new Map(root.rootKeys.map((k) => [k.keyId, k.ed25519])))
  if (valid.size < root.threshold) {
    throw new OtaError('OTA_BAD_SIGNATURE', `root metadata has ${valid.size} valid root signatures, needs ${root.threshold}`)
  }
  if (root.expiresAt !== 0 && now > root.expiresAt) throw new OtaError('OTA_ROOT_EXPIRED', `root metadata v${root.version} expired at ${new Date(root.expiresAt).toISOString()}`)
  return { root, envelope: bytes }
}

/** Options of {@link verifyManifest}. */
export interface VerifyManifestOptions {
  /** clock, ms; default `Date.now()` */
  now?: number
  /** when given, the manifest must be for this model */
  model?: string
}

/**
 * Verifies a release manifest against a trusted root:
 *
 * 1. the envelope decodes within its limit and the root has not expired;
 * 2. signatures over the exact body from signing keys the root lists, counted once per key,
 *    at least the root's release threshold of them;
 * 3. the body is of type MANIFEST and valid;
 * 4. each counted key is authorized for the manifest's model and not expired, and at least
 *    the root's release threshold of them remain;
 * 5. the manifest has not expired and (if asked) is for `opts.model`.
 *
 * Anti-rollback (security version), replay (sequence) and hardware revision are the device's
 * own state and are checked by the client.
 *
 * @throws OtaError `OTA_TOO_LARGE`, `OTA_DECODE`, `OTA_FIELD`, `OTA_WRONG_TYPE`, `OTA_ROOT_EXPIRED`,
 *   `OTA_UNTRUSTED_KEY` (no signature from a key the root lists), `OTA_BAD_SIGNATURE`,
 *   `OTA_KEY_SCOPE`, `OTA_KEY_EXPIRED`, `OTA_EXPIRED`, `OTA_MODEL_MISMATCH`
 */
export function verifyManifest (bytes: Uint8Array, trusted: TrustedRoot, opts: VerifyManifestOptions = {}): VerifiedManifest {
  const now = opts.now ?? Date.now()
  const { root } = trusted
  const env = decodeEnvelope(bytes)
  if (root.expiresAt !== 0 && now > root.expiresAt) throw new OtaError('OTA_ROOT_EXPIRED')
  const keys = new Map(root.signingKeys.map((s) => [s.key.keyId, s]))
  const { valid, unknown } = validSigners(env, new Map(root.signingKeys.map((s) => [s.key.keyId, s.key.ed25519])))
  if (valid.size === 0) {
    if (unknown === env.signatures.length) throw new OtaError('OTA_UNTRUSTED_KEY', 'the manifest is signed by no key the root authorizes')
    throw new OtaError('OTA_BAD_SIGNATURE', 'no manifest signature verifies')
  }
  if (valid.size < root.releaseThreshold) {
    throw new OtaError('OTA_BAD_SIGNATURE', `the manifest has ${valid.size} valid signatures from distinct authorized keys, needs ${root.releaseThreshold}`)
  }
  const body = decodeSignedBody(env.body, BodyType.MANIFEST)
  if (body.type !== BodyType.MANIFEST) throw new OtaError('OTA_WRONG_TYPE')
  const manifest = body.manifest
  const inScope = [...valid].filter((id) => keys.get(id)!.models.includes(manifest.model))
  if (inScope.length < root.releaseThreshold) {
    throw new OtaError('OTA_KEY_SCOPE', `${inScope.length} of the manifest's signing keys may sign for model ${manifest.model}, needs ${root.releaseThreshold}`)
  }
  const current = inScope.filter((id) => { const e = keys.get(id)!.expiresAt; return e === 0 || now <= e })
  if (current.length < root.releaseThreshold) throw new OtaError('OTA_KEY_EXPIRED', 'the manifest\'s signing key has expired')
  if (manifest.expiresAt !== 0 && now > manifest.expiresAt) throw new OtaError('OTA_EXPIRED', `manifest ${manifest.version} expired at ${new Date(manifest.expiresAt).toISOString()}`)
  if (opts.model !== undefined && manifest.model !== opts.model) {
    throw new OtaError('OTA_MODEL_MISMATCH', `manifest is for model ${manifest.model}, not ${opts.model}`)
  }
  const rootSigned = validSigners(env, new Map(root.rootKeys.map((k) => [k.keyId, k.ed25519]))).valid.size >= Math.max(1, root.threshold)
  return { manifest, envelope: bytes, signers: current, rootSigned }
}
