/**
 * The device's root across restarts (client/trust/store.ts): the persisted root is used only
 * when newer than the provisioned one, a corrupt file fails closed, and root chains move the
 * root forward only, persisted with real files before they are used.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { TRUST_FILE, TrustKeeper, loadTrustedRoot } from '../client/trust/store.js'
import { BodyType, encodeRootChain, verifyRoot, type RootMetadata, type TrustedRoot } from '../proto/index.js'
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

let dir: string
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'aedes-ota-truststore-')) })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

describe('client trust store', () => {
  it('walks a chain, persists the newest root before adopting it, and never goes back', async () => {
    const state = await mkdtemp(join(dir, 's-'))
    expect(loadTrustedRoot(state, v1)).toBe(v1)
    const adopted: TrustedRoot[] = []
    const keeper = new TrustKeeper(state, v1, log, (t) => adopted.push(t))
    const w = await keeper.offer(encodeRootChain(chain.slice(0, 2)))
    expect(w.accepted).toEqual([2])
    expect(verifyRoot(new Uint8Array(await readFile(join(state, TRUST_FILE)))).root.version).toBe(2)
    expect((await keeper.offer(encodeRootChain(chain))).accepted).toEqual([3])
    expect(adopted.map((t) => t.root.version)).toEqual([2, 3])
    // An older chain changes nothing; neither does garbage on the trust topic.
    expect((await keeper.offer(encodeRootChain(chain.slice(0, 2)))).accepted).toEqual([])
    expect((await keeper.offer(new Uint8Array([1, 2, 3]))).error?.code).toMatch(/^OTA_(DECODE|FIELD)$/)
    expect(keeper.current.root.version).toBe(3)
    // A restart from the provisioned v1 starts on the persisted v3.
    expect(loadTrustedRoot(state, v1).root.version).toBe(3)
  })

  it('a chain with a bad step keeps the versions before it, persisted', async () => {
    const state = await mkdtemp(join(dir, 's-'))
    const keeper = new TrustKeeper(state, v1, log, () => {})
    const forged3 = root(3, K[3]!, [K[3]!]) // not signed by v2's key
    const w = await keeper.offer(encodeRootChain([chain[0]!, chain[1]!, forged3]))
    expect(w.accepted).toEqual([2])
    expect(w.error?.code).toBe('OTA_BAD_SIGNATURE')
    expect(loadTrustedRoot(state, v1).root.version).toBe(2)
  })

  it('a persisted root older than the provisioned one is ignored; a corrupt one fails closed', async () => {
    const state = await mkdtemp(join(dir, 's-'))
    await writeFile(join(state, TRUST_FILE), chain[0]!)
    const v3 = verifyRoot(chain[2]!)
    expect(loadTrustedRoot(state, v3)).toBe(v3)
    const bytes = Uint8Array.from(chain[1]!)
    bytes[bytes.length - 1]! ^= 1 // breaks the last signature
    await writeFile(join(state, TRUST_FILE), bytes)
    expect(() => loadTrustedRoot(state, v1)).toThrow(expect.objectContaining({ code: 'OTA_BAD_SIGNATURE' }))
  })
})
