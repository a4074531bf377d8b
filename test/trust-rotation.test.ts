/**
 * Root rotation at the pure-function level (proto/trust/rotation.ts), in the shape of
 * tuf-conformance's root rotation table (tuf_conformance/test_updater_key_rotations.py): each
 * row is a chain of root versions, each signed by some of the previous and of its own keys, and
 * the version the client ends on. Plus the fast-forward cap (proto/trust.ts).
 */
import { describe, it, expect } from 'vitest'
import {
  BodyType, FAST_FORWARD_CAP, Limits, checkFastForward, decodeEnvelope, decodeRootChain, encodeEnvelope, encodeRootChain,
  isOtaError, newestRootsThatFit, verifyManifest, verifyRoot, verifyRootChain, verifyRootUpdate, walkRootChain, type RootMetadata, type TrustedRoot
} from '../proto/index.js'
import { createRelease, generateKeyPair, publicKeyEntry, signEnvelope, type KeyPair } from '../sign/index.js'

const NOW = 1_750_000_000_000
const DAY = 24 * 3600 * 1000
const MODEL = 'sensor'
const K = Array.from({ length: 8 }, () => generateKeyPair('root'))
const signer = generateKeyPair('release')

function code (fn: () => unknown): string {
  try { fn() } catch (e) { expect(isOtaError(e), String(e)).toBe(true); return (e as { code: string }).code }
  return 'none'
}

/** Root version `version` listing `keys` with `threshold`, signed by `signers` (duplicates kept). */
function root (version: number, keys: KeyPair[], threshold: number, signers: KeyPair[], over: Partial<RootMetadata> = {}): Uint8Array {
  const meta: RootMetadata = {
    version,
    threshold,
    rootKeys: keys.map(publicKeyEntry),
    signingKeys: [{ key: publicKeyEntry(signer), models: [MODEL], expiresAt: 0 }],
    releaseThreshold: 1,
    createdAt: NOW - DAY,
    expiresAt: NOW + 365 * DAY,
    ...over
  }
  return signEnvelope({ type: BodyType.ROOT, root: meta }, signers)
}

const v1 = (): TrustedRoot => verifyRoot(root(1, [K[0]!], 1, [K[0]!]), NOW)

/**
 * One row: root versions 2.. as (keys, threshold, signers); `ends` is the version the client
 * trusts after the walk, `error` the code that stopped it (or none).
 */
interface Row { name: string, steps: Array<{ keys: number[], threshold: number, signers: number[] }>, ends: number, error?: string }

const k = (ix: number[]): KeyPair[] => ix.map((i) => K[i]!)

const TABLE: Row[] = [
  { name: '1-of-1 to 1-of-1, same key', steps: [{ keys: [0], threshold: 1, signers: [0] }], ends: 2 },
  { name: '1-of-1 to 1-of-1, new key signed by old and new', steps: [{ keys: [1], threshold: 1, signers: [0, 1] }], ends: 2 },
  { name: '1-of-1 to 3-of-5, signed by the old key and three new', steps: [{ keys: [1, 2, 3, 4, 5], threshold: 3, signers: [0, 1, 2, 3] }], ends: 2 },
  { name: '1-of-1 to 3-of-5 with only two new signatures', steps: [{ keys: [1, 2, 3, 4, 5], threshold: 3, signers: [0, 1, 2] }], ends: 1, error: 'OTA_BAD_SIGNATURE' },
  {
    name: '1-of-1 to 3-of-5 then down to 1-of-2 (threshold down, old threshold signs)',
    steps: [{ keys: [1, 2, 3, 4, 5], threshold: 3, signers: [0, 1, 2, 3] }, { keys: [6, 7], threshold: 1, signers: [1, 2, 3, 6] }],
    ends: 3
  },
  {
    name: 'threshold up 1-of-2 to 2-of-2 with the same keys',
    steps: [{ keys: [0, 1], threshold: 1, signers: [0, 1] }, { keys: [0, 1], threshold: 2, signers: [0, 1] }],
    ends: 3
  },
  {
    name: 'threshold down 3-of-5 to 2-of-5 signed by only two old keys',
    steps: [{ keys: [1, 2, 3, 4, 5], threshold: 3, signers: [0, 1, 2, 3] }, { keys: [1, 2, 3, 4, 5], threshold: 2, signers: [1, 2] }],
    ends: 2,
    error: 'OTA_BAD_SIGNATURE'
  },
  { name: 'rotation not signed by the old key', steps: [{ keys: [1], threshold: 1, signers: [1] }], ends: 1, error: 'OTA_BAD_SIGNATURE' },
  { name: 'rotation not signed by the new key', steps: [{ keys: [1], threshold: 1, signers: [0] }], ends: 1, error: 'OTA_BAD_SIGNATURE' },
  {
    name: 'a new-key signature repeated to fake a 2-of-3 threshold',
    steps: [{ keys: [1, 2, 3], threshold: 2, signers: [0, 1, 1] }],
    ends: 1,
    error: 'OTA_BAD_SIGNATURE'
  },
  {
    name: 'an old-key signature repeated to fake the old 2-of-2 threshold',
    steps: [{ keys: [0, 1], threshold: 2, signers: [0, 1] }, { keys: [2], threshold: 1, signers: [0, 0, 2] }],
    ends: 2,
    error: 'OTA_BAD_SIGNATURE'
  },
  // Rows added to cover the rest of tuf-conformance's rotation shapes: 3-of-5 steps with one key
  // replaced and with different signing subsets, threshold changes whose new threshold is not
  // met, a step down from 3-of-5 to 1-of-1, and a repeated signature in a 3-of-5 threshold.
  {
    name: '3-of-5 to 3-of-5 with one key replaced, signed by three old and three new (different subsets)',
    steps: [{ keys: [1, 2, 3, 4, 5], threshold: 3, signers: [0, 1, 2, 3] }, { keys: [1, 2, 3, 4, 6], threshold: 3, signers: [3, 4, 5, 6] }],
    ends: 3
  },
  {
    name: '3-of-5 to 3-of-5 with one key replaced, signed by three old keys but only two of the new',
    steps: [{ keys: [1, 2, 3, 4, 5], threshold: 3, signers: [0, 1, 2, 3] }, { keys: [1, 2, 3, 4, 6], threshold: 3, signers: [3, 4, 5] }],
    ends: 2,
    error: 'OTA_BAD_SIGNATURE'
  },
  {
    name: '3-of-5 down to 1-of-1 with a fresh key, signed by three old keys and the new one',
    steps: [{ keys: [1, 2, 3, 4, 5], threshold: 3, signers: [0, 1, 2, 3] }, { keys: [6], threshold: 1, signers: [2, 4, 5, 6] }],
    ends: 3
  },
  {
    name: 'threshold down 3-of-5 to 2-of-5 with the same keys, signed by three',
    steps: [{ keys: [1, 2, 3, 4, 5], threshold: 3, signers: [0, 1, 2, 3] }, { keys: [1, 2, 3, 4, 5], threshold: 2, signers: [1, 4, 5] }],
    ends: 3
  },
  {
    name: 'threshold up 1-of-2 to 2-of-2 signed by only one key (the new threshold not met)',
    steps: [{ keys: [0, 1], threshold: 1, signers: [0, 1] }, { keys: [0, 1], threshold: 2, signers: [0] }],
    ends: 2,
    error: 'OTA_BAD_SIGNATURE'
  },
  {
    name: 'a signature repeated to fake a 3-of-5 threshold (two distinct keys, one of them twice)',
    steps: [{ keys: [1, 2, 3, 4, 5], threshold: 3, signers: [0, 1, 2, 3] }, { keys: [1, 2, 3, 4, 5], threshold: 3, signers: [1, 2, 2] }],
    ends: 2,
    error: 'OTA_BAD_SIGNATURE'
  },
  {
    name: 'a bad step stops the walk; the steps before it stand',
    steps: [{ keys: [1], threshold: 1, signers: [0, 1] }, { keys: [2], threshold: 1, signers: [2] }, { keys: [3], threshold: 1, signers: [2, 3] }],
    ends: 2,
    error: 'OTA_BAD_SIGNATURE'
  }
]

function chainOf (steps: Row['steps']): Uint8Array[] {
  return [root(1, [K[0]!], 1, [K[0]!]), ...steps.map((s, i) => root(i + 2, k(s.keys), s.threshold, k(s.signers)))]
}

describe('root rotation table (tuf-conformance shape)', () => {
  for (const row of TABLE) {
    it(row.name, () => {
      const w = walkRootChain(v1(), chainOf(row.steps))
      expect(w.trusted.root.version).toBe(row.ends)
      expect(w.error?.code ?? 'none').toBe(row.error ?? 'none')
      expect(w.accepted).toEqual(Array.from({ length: row.ends - 1 }, (_, i) => i + 2))
    })
  }

  it('a skipped version is refused (OTA_ROOT_VERSION), by the walk and by a single update', () => {
    const c = chainOf([{ keys: [0], threshold: 1, signers: [0] }, { keys: [0], threshold: 1, signers: [0] }])
    const w = walkRootChain(v1(), [c[0]!, c[2]!])
    expect(w.trusted.root.version).toBe(1)
    expect(w.error?.code).toBe('OTA_ROOT_VERSION')
    expect(code(() => verifyRootUpdate(v1(), c[2]!))).toBe('OTA_ROOT_VERSION')
  })

  it('never goes back: an older or equal version is skipped, a single update to it refused', () => {
    const c = chainOf([{ keys: [0], threshold: 1, signers: [0] }, { keys: [0], threshold: 1, signers: [0] }])
    const at3 = walkRootChain(v1(), c).trusted
    expect(at3.root.version).toBe(3)
    const w = walkRootChain(at3, [c[0]!, c[1]!])
    expect(w.trusted).toBe(at3)
    expect(w.accepted).toEqual([])
    expect(w.error).toBeUndefined()
    // A forged "v2" signed by the current key is still not the next version.
    expect(code(() => verifyRootUpdate(at3, root(2, [K[0]!], 1, [K[0]!])))).toBe('OTA_ROOT_VERSION')
  })

  it('two different roots claiming one version stop the walk', () => {
    const a = root(2, [K[0]!], 1, [K[0]!])
    const b = root(2, [K[1]!], 1, [K[0]!, K[1]!])
    const w = walkRootChain(v1(), [a, b])
    expect(w.trusted.root.version).toBe(1)
    expect(w.error?.code).toBe('OTA_ROOT_VERSION')
  })

  it('the chain may come in any order; each version is walked in turn', () => {
    const c = chainOf([{ keys: [1], threshold: 1, signers: [0, 1] }, { keys: [2], threshold: 1, signers: [1, 2] }])
    expect(walkRootChain(v1(), [c[2]!, c[0]!, c[1]!]).trusted.root.version).toBe(3)
  })

  it('an expired intermediate root is walked through; only the final one is checked for expiry', () => {
    const expired = root(2, [K[1]!], 1, [K[0]!, K[1]!], { expiresAt: NOW - DAY })
    const fresh = root(3, [K[2]!], 1, [K[1]!, K[2]!])
    const chain = [root(1, [K[0]!], 1, [K[0]!], { expiresAt: NOW - 2 * DAY }), expired, fresh]
    expect(verifyRootChain(chain, NOW).root.version).toBe(3)
    expect(code(() => verifyRootChain(chain.slice(0, 2), NOW))).toBe('OTA_ROOT_EXPIRED')
  })

  it('a manifest root is not a root: a MANIFEST body in the chain stops the walk', () => {
    const rel = createRelease({ image: new Uint8Array(1000), model: MODEL, version: '1.0.0', securityVersion: 1, sequence: 1, signers: [K[0]!], createdAt: NOW })
    const w = walkRootChain(v1(), [rel.envelope])
    expect(w.trusted.root.version).toBe(1)
    expect(['OTA_WRONG_TYPE', 'OTA_FIELD', 'OTA_DECODE']).toContain(w.error?.code)
  })

  it('a forged signature entry (right key id, wrong bytes) does not count', () => {
    const good = root(2, [K[1]!], 1, [K[0]!, K[1]!])
    const e = decodeEnvelope(good)
    const forged = encodeEnvelope({ body: e.body, signatures: e.signatures.map((s) => s.keyId === K[0]!.keyId ? { keyId: s.keyId, sig: new Uint8Array(64).fill(7) } : s) })
    expect(code(() => verifyRootUpdate(v1(), forged))).toBe('OTA_BAD_SIGNATURE')
  })
})

describe('RootChain codec', () => {
  it('the broker publishes the newest roots that fit: at most 64 versions and 1 MiB, oldest dropped first', () => {
    const small = Array.from({ length: 70 }, (_, i) => new Uint8Array(100).fill(i))
    const kept = newestRootsThatFit(small)
    expect(kept).toHaveLength(Limits.maxRootVersions)
    expect(kept[0]![0]).toBe(70 - Limits.maxRootVersions)
    const big = Array.from({ length: 30 }, (_, i) => new Uint8Array(60 * 1024).fill(i))
    const fit = newestRootsThatFit(big)
    expect(encodeRootChain(fit).length).toBeLessThanOrEqual(Limits.rootChain)
    expect(encodeRootChain(big.slice(-(fit.length + 1))).length).toBeGreaterThan(Limits.rootChain)
    expect(fit.at(-1)![0]).toBe(29)
    expect(decodeRootChain(encodeRootChain(fit))).toHaveLength(fit.length)
  })

  it('round-trips and refuses empty, oversized and over-long chains', () => {
    const c = chainOf([{ keys: [0], threshold: 1, signers: [0] }])
    expect(decodeRootChain(encodeRootChain(c)).map((x) => Buffer.from(x).toString('hex'))).toEqual(c.map((x) => Buffer.from(x).toString('hex')))
    expect(code(() => decodeRootChain(encodeRootChain([])))).toBe('OTA_FIELD')
    expect(code(() => decodeRootChain(new Uint8Array(Limits.rootChain + 1)))).toBe('OTA_TOO_LARGE')
    expect(code(() => decodeRootChain(encodeRootChain(Array.from({ length: Limits.maxRootVersions + 1 }, () => c[0]!))))).toBe('OTA_FIELD')
    expect(code(() => decodeRootChain(new Uint8Array([0xff, 0xff, 0xff])))).toBe('OTA_DECODE')
  })
})

describe('fast-forward cap', () => {
  const t = verifyRoot(root(1, [K[0]!], 1, [K[0]!]), NOW)
  const manifest = (sv: number, signers: KeyPair[]): Uint8Array =>
    createRelease({ image: new Uint8Array(1000), model: MODEL, version: '2.0.0', securityVersion: sv, sequence: 2, signers, createdAt: NOW }).envelope

  it(`a signing key alone may raise the security version by at most ${FAST_FORWARD_CAP}`, () => {
    expect(code(() => checkFastForward(verifyManifest(manifest(3 + FAST_FORWARD_CAP, [signer]), t, { now: NOW }), 3))).toBe('none')
    expect(code(() => checkFastForward(verifyManifest(manifest(4 + FAST_FORWARD_CAP, [signer]), t, { now: NOW }), 3))).toBe('OTA_FAST_FORWARD')
    expect(code(() => checkFastForward(verifyManifest(manifest(2 ** 32 - 1, [signer]), t, { now: NOW }), 0))).toBe('OTA_FAST_FORWARD')
  })

  it('a manifest co-signed by a threshold of root keys may go further', () => {
    const vm = verifyManifest(manifest(1000, [signer, K[0]!]), t, { now: NOW })
    expect(vm.rootSigned).toBe(true)
    expect(code(() => checkFastForward(vm, 0))).toBe('none')
  })
})
