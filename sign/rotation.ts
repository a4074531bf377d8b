/**
 * Key ceremonies on a keys folder (`keys init` layout, sign/keys.ts): root rotation, adding and
 * revoking release-signing keys. Each makes root version N+1 signed by a threshold of root N's
 * keys AND a threshold of N+1's keys (TUF 1.0 section 5.3), so devices walk to it.
 *
 * Layout added to the folder:
 * - `roots/<N>.bin`: every root version ever made, the chain brokers publish (`broker --trust`);
 * - `root.bin`: always the newest version (what new devices are provisioned with);
 * - `root-v<N>-<i>.key`: root keys made by `keys rotate --new-root-keys` (mode 0600, offline);
 * - `signer-<keyid 16 hex>.key`: release-signing keys made by `keys add-signer`.
 *
 * Secret keys are found by scanning the folder's `*.key` files and matching key ids against the
 * root, so no index file can drift from the keys themselves.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { OtaError, toOtaError } from '../proto/errors.js'
import { writeFileAtomic } from '../proto/files.js'
import { BodyType, type RootMetadata, type SigningKey } from '../proto/codec.js'
import { type TrustedRoot } from '../proto/trust.js'
import { verifyRootChain, verifyRootUpdate } from '../proto/trust/rotation.js'
import { assertIdentifier } from '../proto/identifiers.js'
import { signEnvelope } from './envelope.js'
import { KeyFiles, generateKeyPair, publicKeyEntry, readKeyFile, writeKeyFile, type KeyPair } from './keys.js'

/** The folder holding every root version, inside a keys folder. */
export const RootsDir = 'roots'

/** Path of root version `version` inside keys folder `dir`. */
export function rootVersionPath (dir: string, version: number): string {
  return join(dir, RootsDir, `${version}.bin`)
}

/**
 * Every root version of a keys folder, oldest first: `roots/*.bin`, or only `root.bin` for a
 * folder that was never rotated. The chain is verified from its first version (trust on first
 * use; its expiry is not checked, a later version replaces it) to the last (whose expiry is).
 * @returns the envelopes and the newest root, verified
 * @throws OtaError `OTA_IO` when unreadable; the codes of `verifyRoot` / `verifyRootUpdate` when a
 *   version does not verify or is missing
 */
export async function readRootChain (dir: string, now: number = Date.now()): Promise<{ chain: Uint8Array[], trusted: TrustedRoot }> {
  let names: string[]
  try {
    names = (await readdir(join(dir, RootsDir))).filter((n) => /^[1-9][0-9]*\.bin$/.test(n))
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw toOtaError(e, 'OTA_IO', `cannot list ${join(dir, RootsDir)}`)
    names = []
  }
  const paths = names.length > 0
    ? names.map((n) => Number(n.slice(0, -4))).sort((a, b) => a - b).map((v) => rootVersionPath(dir, v))
    : [join(dir, KeyFiles.trust)]
  const chain: Uint8Array[] = []
  for (const p of paths) {
    try {
      chain.push(new Uint8Array(await readFile(p)))
    } catch (e) {
      throw toOtaError(e, 'OTA_IO', `cannot read root metadata ${p}`)
    }
  }
  return { chain, trusted: verifyRootChain(chain, now) }
}

/** Every readable key file in `dir`, by key id (files that are not keys are skipped). */
async function keysIn (dir: string): Promise<Map<string, KeyPair>> {
  const out = new Map<string, KeyPair>()
  for (const n of (await readdir(dir)).filter((x) => x.endsWith('.key')).sort()) {
    try {
      const k = await readKeyFile(join(dir, n))
      out.set(k.keyId, k)
    } catch { /* not a key of ours: the threshold check below says what is missing */ }
  }
  return out
}

/**
 * The folder's secret keys, checked before a ceremony writes anything (a new key file would
 * otherwise be left behind by a ceremony that cannot finish): they must include a threshold of
 * root `current`'s keys.
 * @throws OtaError `OTA_INVALID_ARGUMENT` when they do not
 */
async function secretsFor (dir: string, current: TrustedRoot): Promise<Map<string, KeyPair>> {
  const secrets = await keysIn(dir)
  const held = current.root.rootKeys.filter((k) => secrets.has(k.keyId)).length
  if (held < current.root.threshold) {
    throw new OtaError('OTA_INVALID_ARGUMENT', `root v${current.root.version + 1} cannot be signed from ${dir}: it holds ${held} of v${current.root.version}'s keys (needs ${current.root.threshold})`)
  }
  return secrets
}

/**
 * Signs `next` with every key of `secrets` that `current` or `next` lists ({@link secretsFor}
 * holds a threshold of `current`'s), then checks it as a device would.
 */
async function publishNext (dir: string, current: TrustedRoot, next: RootMetadata, secrets: ReadonlyMap<string, KeyPair>): Promise<TrustedRoot> {
  const wanted = new Set([...current.root.rootKeys, ...next.rootKeys].map((k) => k.keyId))
  const signers = [...wanted].map((id) => secrets.get(id)).filter((k): k is KeyPair => k !== undefined)
  const newHeld = next.rootKeys.filter((k) => secrets.has(k.keyId)).length
  if (newHeld < next.threshold) {
    throw new OtaError('OTA_INVALID_ARGUMENT', `root v${next.version} cannot be signed from ${dir}: it holds ${newHeld} of v${next.version}'s keys (needs ${next.threshold})`)
  }
  const envelope = signEnvelope({ type: BodyType.ROOT, root: next }, signers)
  try {
    // Checked as a device will check it: a ceremony never writes a version devices refuse.
    verifyRootUpdate(current, envelope)
  } catch (e) {
    throw new OtaError('OTA_INVALID_ARGUMENT', `root v${next.version} signed from ${dir} does not verify`, { cause: e })
  }
  await mkdir(join(dir, RootsDir), { recursive: true })
  const first = rootVersionPath(dir, current.root.version)
  // A folder never rotated has its only version in root.bin: keep it in the chain.
  await writeFileAtomic(first, current.envelope, 0o644).catch((e: unknown) => { throw toOtaError(e, 'OTA_IO', `cannot write ${first}`) })
  await writeFileAtomic(rootVersionPath(dir, next.version), envelope, 0o644, { exclusive: true })
  await writeFileAtomic(join(dir, KeyFiles.trust), envelope, 0o644)
  return { root: next, envelope }
}

/** Options shared by the ceremonies. */
export interface CeremonyOptions {
  /** the keys folder (`keys init --out`) */
  dir: string
  /** clock, ms; default `Date.now()` */
  now?: number
  /** validity of the new root version, ms from `now`; default 10 years */
  rootValidityMs?: number
}

const YEAR = 365 * 24 * 3600 * 1000

function nextOf (t: TrustedRoot, o: CeremonyOptions, change: Partial<RootMetadata>): RootMetadata {
  const now = o.now ?? Date.now()
  return { ...t.root, version: t.root.version + 1, createdAt: now, expiresAt: now + (o.rootValidityMs ?? 10 * YEAR), ...change }
}

/** Options of {@link rotateRoot}. */
export interface RotateRootOptions extends CeremonyOptions {
  /** root keys the new version's threshold counts; default: keep the current keys */
  newRootKeys?: number
  /** distinct root keys the new version needs; default the current threshold (at most the key count) */
  threshold?: number
}

/**
 * `keys rotate`: root version N+1 with fresh root keys (written `root-v<N+1>-<i>.key`) or the
 * same ones, and a new threshold; signed by root N's keys found in the folder and the new ones.
 * @returns the new root and the paths of new key files
 * @throws OtaError `OTA_INVALID_ARGUMENT` for a threshold outside 1..keys or fewer of root N's
 *   secret keys in the folder than its threshold, `OTA_IO` when files cannot be written
 */
export async function rotateRoot (o: RotateRootOptions): Promise<{ trusted: TrustedRoot, keyFiles: string[] }> {
  const { trusted } = await readRootChain(o.dir, 0)
  const n = o.newRootKeys
  if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > 32)) throw new OtaError('OTA_INVALID_ARGUMENT', '--new-root-keys must be 1 to 32')
  const fresh = n === undefined ? [] : Array.from({ length: n }, () => generateKeyPair('root'))
  const rootKeys = n === undefined ? trusted.root.rootKeys : fresh.map(publicKeyEntry)
  const threshold = o.threshold ?? Math.min(trusted.root.threshold, rootKeys.length)
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > rootKeys.length) {
    throw new OtaError('OTA_INVALID_ARGUMENT', `--threshold must be 1 to ${rootKeys.length} (the new root's keys)`)
  }
  const next = nextOf(trusted, o, { rootKeys, threshold })
  const version = next.version
  const keyFiles = fresh.map((_, i) => join(o.dir, `root-v${version}-${i + 1}.key`))
  const secrets = await secretsFor(o.dir, trusted)
  // Keys first: a root published whose keys were never written would strand every device.
  for (const [i, k] of fresh.entries()) await writeKeyFile(keyFiles[i]!, k)
  for (const k of fresh) secrets.set(k.keyId, k)
  const t = await publishNext(o.dir, trusted, next, secrets)
  return { trusted: t, keyFiles }
}

/** Options of {@link addSigner}. */
export interface AddSignerOptions extends CeremonyOptions {
  /** models the new key may sign for (at least one) */
  models: string[]
  /** when the key stops being accepted, ms since the epoch; default 3 years from `now` */
  expiresAt?: number
}

/**
 * `keys add-signer`: a new release-signing key (`signer-<id>.key`) authorized from root N+1 on.
 * @throws OtaError `OTA_INVALID_ARGUMENT` (bad model, expiry in the past, not enough root keys), `OTA_IO`
 */
export async function addSigner (o: AddSignerOptions): Promise<{ trusted: TrustedRoot, keyFile: string, keyId: string }> {
  if (o.models.length === 0) throw new OtaError('OTA_INVALID_ARGUMENT', 'add-signer needs at least one model')
  for (const m of o.models) assertIdentifier(m, 'model')
  const now = o.now ?? Date.now()
  const expiresAt = o.expiresAt ?? now + 3 * YEAR
  if (!Number.isSafeInteger(expiresAt) || expiresAt <= now) throw new OtaError('OTA_INVALID_ARGUMENT', 'the signer\'s expiry must be in the future')
  const { trusted } = await readRootChain(o.dir, 0)
  const secrets = await secretsFor(o.dir, trusted)
  const k = generateKeyPair('release')
  const entry: SigningKey = { key: publicKeyEntry(k), models: [...new Set(o.models)], expiresAt }
  const keyFile = join(o.dir, `signer-${k.keyId.slice(0, 16)}.key`)
  await writeKeyFile(keyFile, k)
  const t = await publishNext(o.dir, trusted, nextOf(trusted, o, { signingKeys: [...trusted.root.signingKeys, entry] }), secrets)
  return { trusted: t, keyFile, keyId: k.keyId }
}

/**
 * `keys revoke-signer`: root N+1 without the signing key whose id starts with `keyId` (at least 8
 * hex digits): devices refuse its manifests once they hold N+1.
 * @throws OtaError `OTA_INVALID_ARGUMENT` when no key or several keys match, or when a model it
 *   may sign for would be left with fewer keys than the release threshold; `OTA_IO`
 */
export async function revokeSigner (o: CeremonyOptions & { keyId: string }): Promise<{ trusted: TrustedRoot, revoked: string }> {
  if (!/^[0-9a-f]{8,64}$/.test(o.keyId)) throw new OtaError('OTA_INVALID_ARGUMENT', 'a key id is 8 to 64 lowercase hex digits')
  const { trusted } = await readRootChain(o.dir, 0)
  const hits = trusted.root.signingKeys.filter((s) => s.key.keyId.startsWith(o.keyId))
  if (hits.length !== 1) throw new OtaError('OTA_INVALID_ARGUMENT', `${hits.length} signing keys of root v${trusted.root.version} match ${o.keyId}`)
  const revoked = hits[0]!.key.keyId
  const signingKeys = trusted.root.signingKeys.filter((s) => s.key.keyId !== revoked)
  // Per model: a model whose releases this key could sign must keep a threshold of keys for it.
  const need = Math.max(1, trusted.root.releaseThreshold)
  const stranded = hits[0]!.models.filter((m) => signingKeys.filter((s) => s.models.includes(m)).length < need)
  if (stranded.length > 0) {
    throw new OtaError('OTA_INVALID_ARGUMENT', `revoking it would leave model${stranded.length > 1 ? 's' : ''} ${stranded.join(', ')} with fewer signing keys than the release threshold (${need}): add a signer for ${stranded.length > 1 ? 'them' : 'it'} first`)
  }
  const t = await publishNext(o.dir, trusted, nextOf(trusted, o, { signingKeys }), await secretsFor(o.dir, trusted))
  return { trusted: t, revoked }
}
