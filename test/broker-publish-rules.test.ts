/**
 * Operator mistakes caught at publish, through the real broker over TLS and the operator
 * client: a republished bundle is a no-op, a lower security version or a version downgrade is
 * refused unless forced, a sequence far above the current one is refused with a hint. Also the
 * CLI's `publish --force` and `release list`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { decodeAdminResult, isOtaError, toHex, type AdminResult } from '../proto/index.js'
import { listReleases, publishBundle } from '../operator/index.js'
import { MAX_SEQUENCE_STEP, compareVersions } from '../broker/index.js'
import { ReleaseDefaults } from '../sign/index.js'
import { CLI, runCli } from './helpers/cli.js'
import { FIXTURES, auditLines, makeEnv, until, type TestEnv } from './helpers/env.js'

const run = runCli

let env: TestEnv
let image: Buffer
let op: { ca: Buffer, cert: Buffer, key: Buffer, operatorId: string }
const publish = async (bundle: Uint8Array, force = false): Promise<Awaited<ReturnType<typeof publishBundle>>> =>
  await publishBundle({ url: env.broker.url, ...op, bundle, force, timeoutMs: 10_000 })
const refusal = async (bundle: Uint8Array): Promise<unknown> => await publish(bundle).then(() => null, (e: unknown) => e)

beforeAll(async () => {
  env = await makeEnv({ model: 'ath9k', devices: 1, extraDevices: { 'b-0001': 'model-b', 'c-0001': 'model-c', 'd-0001': 'model-d', 'e-0001': 'model-e' } })
  image = await readFile(join(FIXTURES, 'firmware', 'ath9k', 'new.bin'))
  const o = env.pki.operators[0]!
  op = { ca: env.ca, cert: await readFile(o.cert), key: await readFile(o.key), operatorId: o.id }
})
afterAll(async () => { await env?.close() })

describe('compareVersions', () => {
  it('orders semver-like versions and declines to judge others', () => {
    expect(compareVersions('1.4.0-110', '1.4.0-111')).toBe(-1)
    expect(compareVersions('1.10.0', '1.9.9')).toBe(1)
    expect(compareVersions('v2.0', '2.0.0')).toBe(0)
    expect(compareVersions('2.0.0-rc.1', '2.0.0')).toBe(-1)
    expect(compareVersions('2.0.0-alpha', '2.0.0-1')).toBe(1)
    expect(compareVersions('2.0.0+build.7', '2.0.0')).toBe(0)
    expect(compareVersions('8.1.10', '8.1.9')).toBe(1)
    expect(compareVersions('banana', '1.0.0')).toBeNull()
  })
})

describe('publishing', () => {
  it('treats the current release published again as a no-op that succeeds', async () => {
    const r = env.release(image, '1.0.0', 1, 10)
    expect((await publish(r.bundle)).alreadyCurrent).toBe(false)
    const again = await publish(r.bundle)
    expect(again).toMatchObject({ ok: true, alreadyCurrent: true, version: '1.0.0', sequence: 10 })
    expect(again.detail).toMatch(/already current/)
    const lines = await auditLines(env.broker.plugin.auditLog)
    expect(lines.filter((l) => l.event === 'release.published' && l.model === 'ath9k').length).toBe(1)
    expect(lines.some((l) => l.event === 'release.unchanged' && l.model === 'ath9k' && l.by === op.operatorId)).toBe(true)
  })

  it('refuses a security version below the current release\'s unless forced', async () => {
    await publish(env.release(image, '1.0.0', 5, 10, 'model-b').bundle)
    const low = env.release(image, '1.1.0', 4, 11, 'model-b')
    const err = await refusal(low.bundle)
    expect(isOtaError(err, 'OTA_ROLLBACK')).toBe(true)
    expect((err as Error).message).toMatch(/security version 4, below 5 .*--force/)
    expect(env.broker.plugin.store.current('model-b')!.manifest.version).toBe('1.0.0')
    expect((await publish(low.bundle, true)).version).toBe('1.1.0')
    const lines = await auditLines(env.broker.plugin.auditLog)
    expect(lines.some((l) => l.event === 'release.published' && l.model === 'model-b' && l.version === '1.1.0' && l.force === true)).toBe(true)
  })

  it('refuses a downgrade of the human version unless forced', async () => {
    await publish(env.release(image, '2.3.0', 1, 10, 'model-c').bundle)
    const older = env.release(image, '2.2.9', 1, 11, 'model-c')
    const err = await refusal(older.bundle)
    expect(isOtaError(err, 'OTA_DOWNGRADE')).toBe(true)
    expect((err as Error).message).toMatch(/2\.2\.9 is a downgrade from the current release 2\.3\.0/)
    // An equal version with a higher sequence (re-signed) is not a downgrade.
    expect((await publish(env.release(image, '2.3.0', 1, 12, 'model-c').bundle)).sequence).toBe(12)
    expect((await publish(env.release(image, '2.2.9', 1, 13, 'model-c').bundle, true)).version).toBe('2.2.9')
  })

  it('refuses a sequence far above the current one and the time, with a hint', async () => {
    await publish(env.release(image, '1.0.0', 1, 20, 'model-d').bundle)
    const far = Math.floor(Date.now() / 1000) + MAX_SEQUENCE_STEP + 10
    const err = await refusal(env.release(image, '1.0.1', 1, far, 'model-d').bundle)
    expect(isOtaError(err, 'OTA_SEQUENCE_JUMP')).toBe(true)
    expect((err as Error).message).toMatch(/Did you mean 21, or the default/)
    // Just within the bound: accepted (the default sequence of `release create` is the time in seconds).
    expect((await publish(env.release(image, '1.0.1', 1, Math.floor(Date.now() / 1000), 'model-d').bundle)).version).toBe('1.0.1')
  })

  it('the CLI: republish exits 0 with "already current"; a downgrade exits 1 with its code; --force publishes it', async () => {
    const { writeFile } = await import('node:fs/promises')
    const cur = join(env.dir, 'cur.bundle')
    const old = join(env.dir, 'old.bundle')
    await writeFile(cur, env.release(image, '3.0.0', 1, 30).bundle)
    await writeFile(old, env.release(image, '2.9.0', 1, 31).bundle)
    const args = ['--pki', env.pki.dir, '--broker', env.broker.url]
    expect((await run('publish', cur, ...args)).stdout).toMatch(/^announced ath9k 3\.0\.0/)
    const again = await run('publish', cur, ...args)
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/^already current: ath9k 3\.0\.0 \(sequence 30/)
    const down = await run('publish', old, ...args)
    expect(down.code).toBe(1)
    expect(down.stderr).toMatch(/^error \[OTA_DOWNGRADE\]: .*--force/m)
    const forced = await run('publish', old, ...args, '--force')
    expect(forced.code).toBe(0)
    expect(forced.stdout).toMatch(/^announced ath9k 2\.9\.0/)
  })
})

describe('the bare-bundle topic', () => {
  it('takes a bundle as is on ota/admin/<op>/release and answers an AdminResult on .../result, never forced', async () => {
    const c = await env.connect(op.operatorId)
    const results: AdminResult[] = []
    c.on('message', (topic, payload) => { if (topic === `ota/admin/${op.operatorId}/result`) results.push(decodeAdminResult(payload)) })
    await c.subscribeAsync(`ota/admin/${op.operatorId}/result`, { qos: 1 })
    await c.publishAsync(`ota/admin/${op.operatorId}/release`, Buffer.from(env.release(image, '9.0.0', 1, 100, 'model-e').bundle), { qos: 1 })
    await until(() => results.length === 1, 10_000, 'first result')
    expect(results[0]).toMatchObject({ ok: true, model: 'model-e', version: '9.0.0', sequence: 100 })
    await c.publishAsync(`ota/admin/${op.operatorId}/release`, Buffer.from(env.release(image, '8.0.0', 1, 101, 'model-e').bundle), { qos: 1 })
    await until(() => results.length === 2, 10_000, 'second result')
    expect(results[1]).toMatchObject({ ok: false, code: 'OTA_DOWNGRADE' })
    await c.endAsync()
  })
})

describe('release list', () => {
  it('lists every model\'s current release, through the operator client and the CLI', async () => {
    const list = await listReleases({ url: env.broker.url, ...op, timeoutMs: 10_000 })
    expect(list.map((r) => [r.model, r.version])).toEqual([['ath9k', '2.9.0'], ['model-b', '1.1.0'], ['model-c', '2.2.9'], ['model-d', '1.0.1'], ['model-e', '9.0.0']])
    const a = list[0]!
    const stored = env.broker.plugin.store.current('ath9k')!
    expect(a).toMatchObject({ securityVersion: 1, sequence: 31, size: image.length, chunks: stored.count, chunkSize: stored.manifest.image.chunkSize, expiresAt: stored.manifest.createdAt + ReleaseDefaults.validityMs })
    expect(toHex(a.artifact)).toBe(stored.artifactId)
    expect(Math.abs(a.publishedAt - Date.now())).toBeLessThan(120_000)
    const cli = await run('release', 'list', '--pki', env.pki.dir, '--broker', env.broker.url)
    expect(cli.code).toBe(0)
    expect(cli.stdout).toMatch(/^model\s+version\s+security version\s+sequence\s+size\s+chunks\s+expires\s+published$/m)
    expect(cli.stdout).toMatch(new RegExp(`^ath9k\\s+2\\.9\\.0\\s+1\\s+31\\s+${image.length}\\s+${stored.count} x ${stored.manifest.image.chunkSize}\\s+${new Date(a.expiresAt).toISOString().slice(0, 10)}\\S*\\s+\\d{4}-`, 'm'))
    expect(cli.stdout).toMatch(/^5 releases$/m)
  })
})
