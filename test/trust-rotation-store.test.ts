/**
 * The device's roots across restarts (client/trust/store.ts): the persisted chain is trusted
 * only as far as it walks from the provisioned root (a corrupt or planted file fails closed),
 * and root chains move the root forward only, persisted with real files before they are used.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { TRUST_FILE, TrustKeeper, loadTrustedRoots } from '../client/trust/store.js'
import { BodyType, decodeRootChain, encodeRootChain, verifyRoot, type RootMetadata, type TrustedRoot } from '../proto/index.js'
import { generateKeyPair, publicKeyEntry, signEnvelope, type KeyPair } from '../sign/index.js'

const K = Array.from({ length: 4 }, () => generateKeyPair('root'))
const signer = generateKeyPair('release')
const NOW = Date.now()

function root (version: number, key: KeyPair, signers: KeyPair[]): Uint8Array {
  const meta: RootMetadata = {
    version, threshold: 1, rootKeys: [publicKeyEntry(key)],
    signingKeys: [{ key: publicKeyEntry(signer), models: ['m'], expiresAt: 0 }], releaseThreshold: 1, createdAt: NOW, expiresAt: NOW + 86_400_000
  }
  return signEnvelope({ type: BodyType.ROOT, root: meta }, signers)
}
// v1 by K0, v2 by K1, v3 by K2: each signed by the previous and its own key.
const chain = [root(1, K[0]!, [K[0]!]), root(2, K[1]!, [K[0]!, K[1]!]), root(3, K[2]!, [K[1]!, K[2]!])]
const v1 = verifyRoot(chain[0]!)
const log = pino({ level: 'silent' })
/** The newest root a restart starts from. */
const newestAfterRestart = (state: string, provisioned: TrustedRoot): TrustedRoot => loadTrustedRoots(state, provisioned).at(-1)!

let dir: string
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'aedes-ota-truststore-')) })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

describe('client trust store', () => {
  it('walks a chain, persists the newest root before adopting it, and never goes back', async () => {
    const state = await mkdtemp(join(dir, 's-'))
    expect(loadTrustedRoots(state, v1)).toEqual([v1])
    const adopted: TrustedRoot[] = []
    const keeper = new TrustKeeper(state, [v1], log, (t) => adopted.push(t))
    const w = await keeper.offer(encodeRootChain(chain.slice(0, 2)))
    expect(w.accepted).toEqual([2])
    expect(decodeRootChain(new Uint8Array(await readFile(join(state, TRUST_FILE)))).map((r) => verifyRoot(r).root.version)).toEqual([2])
    expect((await keeper.offer(encodeRootChain(chain))).accepted).toEqual([3])
    expect(adopted.map((t) => t.root.version)).toEqual([2, 3])
    // An older chain changes nothing; neither does garbage on the trust topic.
    expect((await keeper.offer(encodeRootChain(chain.slice(0, 2)))).accepted).toEqual([])
    expect((await keeper.offer(new Uint8Array([1, 2, 3]))).error?.code).toMatch(/^OTA_(DECODE|FIELD)$/)
    expect(keeper.current.root.version).toBe(3)
    // Every root is kept (an image installed under v2 still boots after v3), and a restart from
    // the provisioned v1 walks the persisted chain to v3.
    expect(keeper.roots.map((r) => r.root.version)).toEqual([1, 2, 3])
    expect(loadTrustedRoots(state, v1).map((r) => r.root.version)).toEqual([1, 2, 3])
  })

  it('a chain with a bad step keeps the versions before it, persisted', async () => {
    const state = await mkdtemp(join(dir, 's-'))
    const keeper = new TrustKeeper(state, [v1], log, () => {})
    const forged3 = root(3, K[3]!, [K[3]!]) // not signed by v2's key
    const w = await keeper.offer(encodeRootChain([chain[0]!, chain[1]!, forged3]))
    expect(w.accepted).toEqual([2])
    expect(w.error?.code).toBe('OTA_BAD_SIGNATURE')
    expect(newestAfterRestart(state, v1).root.version).toBe(2)
  })

  it('a persisted chain below the provisioned root is skipped; a corrupt or planted one fails closed', async () => {
    const state = await mkdtemp(join(dir, 's-'))
    await writeFile(join(state, TRUST_FILE), encodeRootChain([chain[1]!]))
    const v3 = verifyRoot(chain[2]!)
    expect(loadTrustedRoots(state, v3)).toEqual([v3])
    const bytes = Uint8Array.from(chain[1]!)
    bytes[bytes.length - 1]! ^= 1 // breaks the last signature
    await writeFile(join(state, TRUST_FILE), encodeRootChain([bytes]))
    expect(() => loadTrustedRoots(state, v1)).toThrow(expect.objectContaining({ code: 'OTA_BAD_SIGNATURE' }))
    // A self-signed v2 written by whoever can write the state folder: it verifies by itself but
    // does not walk from the provisioned v1.
    await writeFile(join(state, TRUST_FILE), encodeRootChain([root(2, K[3]!, [K[3]!])]))
    expect(() => loadTrustedRoots(state, v1)).toThrow(expect.objectContaining({ code: 'OTA_BAD_SIGNATURE' }))
    await writeFile(join(state, TRUST_FILE), new Uint8Array([0xff, 0x01]))
    expect(() => loadTrustedRoots(state, v1)).toThrow(expect.objectContaining({ code: expect.stringMatching(/^OTA_(DECODE|FIELD)$/) }))
  })
})
