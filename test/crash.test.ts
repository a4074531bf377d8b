/**
 * A real device process killed with SIGKILL in the middle of a download: the device must still
 * boot its verified image, and once restarted it must resume (not start over) and confirm.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { stateName, State, type StatusEvent } from '../proto/index.js'
import { createRelease } from '../sign/index.js'
import { boot } from '../client/boot/simulated.js'
import { loadState } from '../client/state.js'
import { makeEnv, until, type TestEnv } from './helpers/env.js'
import { deviceOutcome, spawnDevice } from './helpers/cli.js'

let env: TestEnv

beforeAll(async () => { env = await makeEnv({ model: 'gw', devices: 1 }) })
afterAll(async () => { await env?.close() })

function deviceProcess (stateDir: string, factory: string): ChildProcess {
  return spawnDevice({ pki: env.pki.dir, keys: env.keysDir, broker: env.broker.url, id: 'dev-0001', stateDir, factory, extra: ['--window', '2'] })
}

describe('crash during download', () => {
  it('keeps a bootable verified image after SIGKILL, then resumes and confirms', async () => {
    const factoryImage = randomBytes(64 * 1024)
    const image = randomBytes(24 * 1024 * 1024)
    const factory = createRelease({ image: factoryImage, model: 'gw', version: '1.0.0', securityVersion: 1, sequence: 1, signers: [env.signer] })
    // Small chunks and a window of 2 make the download long enough to be killed in the middle.
    const release = createRelease({ image, model: 'gw', version: '2.0.0', securityVersion: 2, sequence: 2, chunkSize: 4096, signers: [env.signer] })
    const factoryPath = join(env.dir, 'factory.bundle')
    await writeFile(factoryPath, factory.bundle)
    await env.broker.plugin.publishRelease(release.bundle, 'test')
    const stateDir = join(env.dir, 'dev-0001')
    const events: StatusEvent[] = []
    env.broker.plugin.on('status', (e: StatusEvent) => events.push(e))

    const first = deviceProcess(stateDir, factoryPath)
    const exited = new Promise<NodeJS.Signals | null>((resolve) => first.on('exit', (_c, sig) => resolve(sig)))
    await until(() => events.some((e) => e.state === State.DOWNLOADING), 30_000, 'DOWNLOADING')
    // Let a few resume checkpoints land, then kill without warning.
    await until(async () => { try { const s = await loadState(stateDir); return s.download != null && s.download.received !== undefined && Buffer.from(s.download.received, 'base64').some((b) => b !== 0) } catch { return false } }, 60_000, 'a resume checkpoint')
    first.kill('SIGKILL')
    expect(await exited).toBe('SIGKILL')

    // Killed mid-download: the device still boots, and what it boots is the verified factory image.
    const afterCrash = await loadState(stateDir)
    expect(afterCrash.active).toBe('a')
    expect(afterCrash.pending).toBeNull()
    expect(await boot(stateDir, env.trust)).toMatchObject({ slot: 'a', version: '1.0.0' })

    const { code, outcome: result } = await deviceOutcome(deviceProcess(stateDir, factoryPath))
    expect(code).toBe(0)
    expect(result).toMatchObject({ result: 'confirmed', to: '2.0.0' })
    // Resumed: the second run received less than the whole image.
    expect(result.bytes).toBeLessThan(image.length)
    const s = await loadState(stateDir)
    expect(s.active).toBe('b')
    expect((await readFile(join(stateDir, 'slot-b.bin'))).subarray(0, image.length).equals(image)).toBe(true)
    expect(events.filter((e) => e.deviceId === 'dev-0001').map((e) => stateName(e.state))).toContain('CONFIRMED')
  }, 180_000)
})
