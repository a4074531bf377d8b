/**
 * A real device process killed with SIGKILL at seeded points while it applies a delta: after each
 * kill the device still boots its verified factory image and the apply record only moved forward;
 * each restart resumes the apply at the block after its last record (the patch is not downloaded
 * again), and the last run installs the release bit-exact and confirms it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChildProcess } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { State, type StatusEvent } from '../proto/index.js'
import { createRelease } from '../sign/index.js'
import { decodeDeltaHeader } from '../proto/delta/format.js'
import { boot } from '../client/boot/simulated.js'
import { loadState } from '../client/state.js'
import { FIXTURES, makeEnv, until, type TestEnv } from './helpers/env.js'
import { deviceOutcome, spawnDevice } from './helpers/cli.js'
import { prng } from './helpers/prng.js'

const SEED = Number(process.env.DELTA_KILL_SEED ?? 8)
let env: TestEnv

beforeAll(async () => { env = await makeEnv({ model: 'fw', devices: 1 }) })
afterAll(async () => { await env?.close() })


function deviceProcess (stateDir: string, factory: string): ChildProcess {
  return spawnDevice({ pki: env.pki.dir, keys: env.keysDir, broker: env.broker.url, id: 'dev-0001', stateDir, factory })
}

/** Real firmware, three pairs end to end: an image of about 580 KB that changed the way firmware does. */
async function pair (): Promise<{ old: Buffer, nw: Buffer }> {
  const names = ['seabios', 'opensbi', 'ath9k']
  const read = async (f: string): Promise<Buffer> => Buffer.concat(await Promise.all(names.map(async (n) => await readFile(join(FIXTURES, 'firmware', n, f)))))
  return { old: await read('old.bin'), nw: await read('new.bin') }
}

describe('SIGKILL during a delta apply', () => {
  it(`resumes at the next block after each kill and ends bit-exact (seed ${SEED})`, async () => {
    const { old, nw } = await pair()
    const factory = createRelease({ image: old, model: 'fw', version: '1.0.0', securityVersion: 1, sequence: 1, signers: [env.signer] })
    const release = createRelease({ image: nw, model: 'fw', version: '2.0.0', securityVersion: 2, sequence: 2, signers: [env.signer], bases: [{ image: old, version: '1.0.0' }], deltaBlockSize: 4096 })
    const blocks = decodeDeltaHeader(release.patchBytes[0]!).blocks.length
    expect(blocks).toBeGreaterThan(100)
    const factoryPath = join(env.dir, 'factory.bundle')
    await writeFile(factoryPath, factory.bundle)
    await env.broker.plugin.publishRelease(release.bundle, 'test')
    const stateDir = join(env.dir, 'dev-0001')
    const events: StatusEvent[] = []
    env.broker.plugin.on('status', (e: StatusEvent) => events.push(e))

    const rand = prng(SEED)
    const targets = [0, 1, 2].map(() => 5 + Math.floor(rand() * (blocks - 10))).sort((a, b) => a - b)
    const killedAt: number[] = []
    const where = (): string => `seed ${SEED}, targets ${targets.join(',')}, killed at blocks ${killedAt.join(',')} of ${blocks}`
    for (const target of targets) {
      const child = deviceProcess(stateDir, factoryPath)
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, sig) => resolve(sig)))
      await until(async () => {
        try { return ((await loadState(stateDir)).apply?.block ?? -1) >= target } catch { return false }
      }, 60_000, `apply past block ${target} (${where()})`)
      child.kill('SIGKILL')
      expect(await exited, where()).toBe('SIGKILL')
      const s = await loadState(stateDir)
      expect(s.apply, where()).toBeTruthy()
      killedAt.push(s.apply!.block)
      // Killed mid-apply: the device boots the verified factory image, nothing pending.
      expect(s.active, where()).toBe('a')
      expect(s.pending, where()).toBeNull()
      expect(await boot(stateDir, env.trust), where()).toMatchObject({ slot: 'a', version: '1.0.0' })
    }
    expect([...killedAt].sort((a, b) => a - b), where()).toEqual(killedAt)
    expect(killedAt[killedAt.length - 1]!, where()).toBeLessThan(blocks)

    const { code, outcome: result } = await deviceOutcome(deviceProcess(stateDir, factoryPath))
    expect(code, where()).toBe(0)
    // The patch was whole before the first kill: the last run downloaded nothing.
    expect(result, where()).toMatchObject({ result: 'confirmed', to: '2.0.0', bytes: 0 })
    expect((await readFile(join(stateDir, 'slot-b.bin'))).subarray(0, nw.length).equals(nw), where()).toBe(true)
    const verified = events.filter((e) => e.state === State.VERIFIED).pop()!
    expect(verified.detail, where()).toContain(`apply resumed at block ${killedAt[killedAt.length - 1]!} of ${blocks}`)
    expect(events.filter((e) => e.state === State.DOWNLOADED).length, where()).toBe(1)
  }, 240_000)
})
