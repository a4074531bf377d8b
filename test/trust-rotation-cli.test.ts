/**
 * The key ceremonies as an operator runs them (`aedes-ota keys rotate | add-signer |
 * revoke-signer`, real processes, real files), and the standalone broker started on the rotated
 * keys folder publishing the whole root chain retained on the trust topic.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mqtt from 'mqtt'
import { Topics, decodeRootChain, verifyBundle, verifyManifest, verifyRoot, walkRootChain } from '../proto/index.js'
import { KeyFiles, createRelease, readKeyFile, readRootChain } from '../sign/index.js'
import { runCli, startBrokerProcess, type BrokerProcess } from './helpers/cli.js'

let dir: string
let keys: string
let broker: BrokerProcess | null = null

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aedes-ota-keys-'))
  keys = join(dir, 'keys')
})
afterAll(async () => {
  await broker?.stop()
  await rm(dir, { recursive: true, force: true })
})

describe('aedes-ota keys ceremonies', () => {
  it('rotate, add-signer and revoke-signer each make the next root version, signed by the old and the new threshold', async () => {
    expect((await runCli('keys', 'init', '--out', keys, '--models', 'ath9k')).code).toBe(0)
    const v1 = verifyRoot(new Uint8Array(await readFile(join(keys, KeyFiles.trust))))
    const oldSigner = await readKeyFile(join(keys, KeyFiles.release))

    const rot = await runCli('keys', 'rotate', '--keys', keys, '--threshold', '3', '--new-root-keys', '5')
    expect(rot.code, rot.stderr).toBe(0)
    expect(rot.stdout).toMatch(/^root v2: 3 of 5 root keys, 1 signing key\(s\)$/m)
    const newKeys = (await readdir(keys)).filter((n) => /^root-v2-\d\.key$/.test(n))
    expect(newKeys).toHaveLength(5)
    for (const n of newKeys) expect((await stat(join(keys, n))).mode & 0o777).toBe(0o600)

    const add = await runCli('keys', 'add-signer', '--keys', keys, '--model', 'ath9k,gw', '--expires', '2040-01-01')
    expect(add.code, add.stderr).toBe(0)
    const file = /in (\S+signer-[0-9a-f]{16}\.key)$/m.exec(add.stdout)?.[1]
    expect(file).toBeDefined()
    const newSigner = await readKeyFile(file!)

    const rev = await runCli('keys', 'revoke-signer', oldSigner.keyId.slice(0, 10), '--keys', keys)
    expect(rev.code, rev.stderr).toBe(0)
    expect(rev.stdout).toMatch(/^root v4: 3 of 5 root keys, 1 signing key\(s\)$/m)

    const { chain, trusted } = await readRootChain(keys)
    expect(trusted.root.version).toBe(4)
    expect(trusted.root.signingKeys).toEqual([expect.objectContaining({ models: ['ath9k', 'gw'], expiresAt: Date.parse('2040-01-01') })])
    // A device on v1 walks the files to v4, as it would the broker's retained chain.
    const walk = walkRootChain(v1, chain)
    expect(walk.error).toBeUndefined()
    expect(walk.accepted).toEqual([2, 3, 4])
    const byNew = createRelease({ image: new Uint8Array(4096).fill(1), model: 'gw', version: '1.0.0', securityVersion: 1, sequence: 1, signers: [newSigner] })
    expect(verifyManifest(byNew.envelope, walk.trusted).signers).toEqual([newSigner.keyId])
    const byOld = createRelease({ image: new Uint8Array(4096).fill(1), model: 'ath9k', version: '1.0.0', securityVersion: 1, sequence: 1, signers: [oldSigner] })
    expect(verifyManifest(byOld.envelope, v1).signers).toEqual([oldSigner.keyId])
    expect(() => verifyManifest(byOld.envelope, walk.trusted)).toThrow(expect.objectContaining({ code: 'OTA_UNTRUSTED_KEY' }))
    // release create signs with the added key when told to.
    await writeFile(join(dir, 'img.bin'), new Uint8Array(8192).fill(3))
    const rel = await runCli('release', 'create', '--keys', keys, '--signing-key', file!, '--image', join(dir, 'img.bin'), '--model', 'gw', '--version', '1.0.1', '--security-version', '1', '--out', join(dir, 'gw.bundle'))
    expect(rel.code, rel.stderr).toBe(0)
    expect(verifyBundle(new Uint8Array(await readFile(join(dir, 'gw.bundle'))), walk.trusted).signers).toEqual([newSigner.keyId])
  }, 60_000)

  it('refuses a threshold above the key count, an unknown or last signer, and never overwrites a root version', async () => {
    const high = await runCli('keys', 'rotate', '--keys', keys, '--threshold', '6')
    expect(high.code).not.toBe(0)
    expect(high.stderr).toMatch(/^error \[OTA_INVALID_ARGUMENT\]: --threshold must be 1 to 5/m)
    const unknown = await runCli('keys', 'revoke-signer', 'deadbeefdeadbeef', '--keys', keys)
    expect(unknown.stderr).toMatch(/^error \[OTA_INVALID_ARGUMENT\]: 0 signing keys of root v4 match/m)
    const only = (await readRootChain(keys)).trusted.root.signingKeys[0]!.key.keyId
    const last = await runCli('keys', 'revoke-signer', only, '--keys', keys)
    expect(last.stderr).toMatch(/^error \[OTA_INVALID_ARGUMENT\]: revoking it would leave models ath9k, gw with fewer signing keys than the release threshold \(1\)/m)
    expect((await readRootChain(keys)).trusted.root.version).toBe(4)
    // Counted per model: a key for another model does not stand in.
    const two = join(dir, 'two-models')
    expect((await runCli('keys', 'init', '--out', two, '--models', 'ath9k')).code).toBe(0)
    expect((await runCli('keys', 'add-signer', '--keys', two, '--model', 'gw')).code).toBe(0)
    const first = (await readRootChain(two)).trusted.root.signingKeys.find((k) => k.models.includes('ath9k'))!.key.keyId
    const stranding = await runCli('keys', 'revoke-signer', first, '--keys', two)
    expect(stranding.stderr).toMatch(/revoking it would leave model ath9k with fewer signing keys/)
    expect((await readRootChain(two)).trusted.root.version).toBe(2)
  }, 60_000)

  it('refuses a rotation when the folder lacks a threshold of the current root keys', async () => {
    const lone = join(dir, 'lone')
    expect((await runCli('keys', 'init', '--out', lone, '--models', 'ath9k')).code).toBe(0)
    expect((await runCli('keys', 'rotate', '--keys', lone, '--new-root-keys', '2', '--threshold', '2')).code).toBe(0)
    // Take away v2's keys: a v3 can no longer reach v2's 2-of-2.
    for (const n of (await readdir(lone)).filter((x) => x.startsWith('root-v2-'))) await rm(join(lone, n))
    const r = await runCli('keys', 'rotate', '--keys', lone)
    expect(r.code).not.toBe(0)
    expect(r.stderr).toMatch(/^error \[OTA_INVALID_ARGUMENT\]: root v3 cannot be signed/m)
    expect((await readRootChain(lone)).chain).toHaveLength(2)
  }, 60_000)

  it('the broker started on the rotated folder publishes every root version retained on the trust topic', async () => {
    expect((await runCli('pki', 'init', '--out', join(dir, 'pki'), '--model', 'ath9k', '--devices', '1')).code).toBe(0)
    broker = await startBrokerProcess('--pki', join(dir, 'pki'), '--trust', keys, '--data', join(dir, 'data'), '--port', '0')
    const pki = join(dir, 'pki')
    const ca = await readFile(join(pki, 'ca.crt'))
    const devs = (await readdir(join(pki, 'devices'))).filter((n) => n.endsWith('.crt'))
    const id = devs[0]!.slice(0, -4)
    const c = await mqtt.connectAsync(broker.url, {
      clientId: id, protocolVersion: 4, reconnectPeriod: 0, servername: 'localhost', ca,
      cert: await readFile(join(pki, 'devices', `${id}.crt`)), key: await readFile(join(pki, 'devices', `${id}.key`))
    })
    const got = new Promise<Buffer>((resolve) => c.on('message', (_t, p) => resolve(p)))
    await c.subscribeAsync(new Topics('ota').root(), { qos: 1 })
    const payload = await got
    await c.endAsync(true)
    expect(decodeRootChain(new Uint8Array(payload)).map((r) => verifyRoot(r, 0).root.version)).toEqual([1, 2, 3, 4])
  }, 60_000)
})
