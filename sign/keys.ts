/**
 * Ed25519 key files and the `keys init` layout.
 *
 * A key file is JSON `{ "type": "ed25519", "role", "keyId", "publicKey", "secretKey" }` (hex),
 * written with mode 0600. `keys init --out DIR` writes:
 *
 * - `DIR/root.key`: the root key (keep offline);
 * - `DIR/release.key`: the release-signing key the root authorizes for the given models;
 * - `DIR/root.bin`: the signed root metadata (an Envelope): the device's trust anchor, public.
 *
 * `--trust DIR` elsewhere means any folder holding `root.bin`: devices and brokers need only it.
 */
import { access, mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { OtaError, toOtaError } from '../proto/errors.js'
import { writeFileAtomic } from '../proto/files.js'
import { BodyType, keyIdOf, type PublicKey, type RootMetadata } from '../proto/codec.js'
import { fromHex, isHex, toHex } from '../proto/bytes.js'
import { assertIdentifier } from '../proto/identifiers.js'
import { generateSecretKey, publicKeyOf } from './ed25519.js'
import { signEnvelope } from './envelope.js'

/** File names inside a keys folder. */
export const KeyFiles = { root: 'root.key', release: 'release.key', trust: 'root.bin' } as const

/** A loaded secret key. */
export interface KeyPair {
  role: string
  keyId: string
  publicKey: Uint8Array
  secretKey: Uint8Array
}

/** Makes a fresh key pair for `role`. */
export function generateKeyPair (role: string): KeyPair {
  const secretKey = generateSecretKey()
  const publicKey = publicKeyOf(secretKey)
  return { role, keyId: keyIdOf(publicKey), publicKey, secretKey }
}

/** The public half of a key pair, as root metadata lists it. */
export function publicKeyEntry (k: KeyPair): PublicKey {
  return { keyId: k.keyId, ed25519: k.publicKey }
}

/**
 * Writes a new key file with mode 0600, durably. Never replaces an existing file: losing a root or
 * release key strands every device provisioned with it.
 * @throws OtaError `OTA_IO` when `path` exists (cause code `EEXIST`) or cannot be written
 */
export async function writeKeyFile (path: string, k: KeyPair): Promise<void> {
  const json = JSON.stringify({ type: 'ed25519', role: k.role, keyId: k.keyId, publicKey: toHex(k.publicKey), secretKey: toHex(k.secretKey) }, null, 2) + '\n'
  await writeFileAtomic(path, json, 0o600, { exclusive: true })
}

/**
 * Reads a key file and checks that its public key and id match its secret key.
 * @throws OtaError `OTA_IO` when unreadable, `OTA_BAD_KEY` when inconsistent or malformed
 */
export async function readKeyFile (path: string): Promise<KeyPair> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    throw toOtaError(e, 'OTA_IO', `cannot read key file ${path}`)
  }
  let j: Record<string, unknown>
  try {
    j = JSON.parse(text) as Record<string, unknown>
  } catch (e) {
    throw toOtaError(e, 'OTA_BAD_KEY', `key file ${path} is not JSON`)
  }
  if (typeof j !== 'object' || j === null || j.type !== 'ed25519' || !isHex(j.secretKey, 32)) {
    throw new OtaError('OTA_BAD_KEY', `key file ${path} does not hold an Ed25519 secret key`)
  }
  const secretKey = fromHex(j.secretKey)
  const publicKey = publicKeyOf(secretKey)
  const keyId = keyIdOf(publicKey)
  if (j.keyId !== keyId || j.publicKey !== toHex(publicKey)) throw new OtaError('OTA_BAD_KEY', `key file ${path}: public key or id does not match the secret key`)
  return { role: typeof j.role === 'string' ? j.role : '', keyId, publicKey, secretKey }
}

/** Options of {@link initKeys}. */
export interface InitKeysOptions {
  /** folder to create the files in */
  out: string
  /** models the release key may sign for (at least one) */
  models: string[]
  /** validity of the root metadata, ms; default 10 years */
  rootValidityMs?: number
  /** validity of the release key, ms; default 3 years */
  releaseKeyValidityMs?: number
  /** clock, ms; default `Date.now()` */
  now?: number
}

/**
 * Creates a root key, a release-signing key authorized for `models`, and the signed root
 * metadata (version 1, threshold 1) in `out`.
 * @returns the file paths and the key ids
 * @throws OtaError `OTA_INVALID_ARGUMENT` for bad models or when any of the three files exists
 *   (keys are never overwritten), `OTA_IO` when files cannot be written
 */
export async function initKeys (opts: InitKeysOptions): Promise<{ rootKey: string, releaseKey: string, trust: string, rootKeyId: string, releaseKeyId: string }> {
  if (opts.models.length === 0) throw new OtaError('OTA_INVALID_ARGUMENT', 'keys init needs at least one model')
  for (const m of opts.models) assertIdentifier(m, 'model')
  const now = opts.now ?? Date.now()
  const year = 365 * 24 * 3600 * 1000
  const root = generateKeyPair('root')
  const release = generateKeyPair('release')
  const metadata: RootMetadata = {
    version: 1,
    threshold: 1,
    rootKeys: [publicKeyEntry(root)],
    signingKeys: [{ key: publicKeyEntry(release), models: [...new Set(opts.models)], expiresAt: now + (opts.releaseKeyValidityMs ?? 3 * year) }],
    releaseThreshold: 1,
    createdAt: now,
    expiresAt: now + (opts.rootValidityMs ?? 10 * year)
  }
  const envelope = signEnvelope({ type: BodyType.ROOT, root: metadata }, [root])
  const paths = { rootKey: join(opts.out, KeyFiles.root), releaseKey: join(opts.out, KeyFiles.release), trust: join(opts.out, KeyFiles.trust) }
  for (const p of Object.values(paths)) {
    if (await access(p).then(() => true, () => false)) throw new OtaError('OTA_INVALID_ARGUMENT', `${p} exists: keys init never overwrites keys`)
  }
  try {
    await mkdir(opts.out, { recursive: true })
    await writeKeyFile(paths.rootKey, root)
    await writeKeyFile(paths.releaseKey, release)
    await writeFileAtomic(paths.trust, envelope, 0o644, { exclusive: true })
    return { ...paths, rootKeyId: root.keyId, releaseKeyId: release.keyId }
  } catch (e) {
    throw toOtaError(e, 'OTA_IO', `cannot write keys to ${opts.out}`)
  }
}
