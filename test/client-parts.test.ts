/**
 * The device's two replaceable parts, through a real update against the real broker over TLS on
 * 127.0.0.1: a SlotStorage with slot B on a pre-sized "partition" file (never truncated, bytes past
 * the image kept, the image verifies at boot), and a BootControl the device asks for every
 * bootloader decision.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  FileSlotStorage, OtaDevice, SimulatedBootControl, provisionDevice, slotPath,
  type BootControl, type ConfirmedEvent, type TrialRequest
} from '../client/index.js'
import { boot } from '../client/boot/simulated.js'
import { makeEnv, until, type TestEnv } from './helpers/env.js'

let env: TestEnv
const image1 = new Uint8Array(randomBytes(40 * 1024))
const image2 = new Uint8Array(randomBytes(200 * 1024 + 77))

beforeAll(async () => {
  env = await makeEnv({ model: 'gw', devices: 2 })
  await env.broker.plugin.publishRelease(env.release(image2, '2.0.0', 2, 2).bundle, 'test')
})
afterAll(async () => { await env?.close() })

describe('device parts', () => {
  it('updates into a pre-sized slot without truncating it; the bytes past the image survive and the image boots', async () => {
    const stateDir = await mkdtemp(join(env.dir, 'presized-'))
    const partition = join(env.dir, 'partition-b.img')
    const capacity = 512 * 1024
    await writeFile(partition, Buffer.alloc(capacity, 0xee))
    const storage = new FileSlotStorage({ a: slotPath(stateDir, 'a'), b: { path: partition, capacity } })
    await provisionDevice({ stateDir, bundle: env.release(image1, '1.0.0', 1, 1).bundle, trust: env.trust, storage })
    const d = new OtaDevice({ id: 'dev-0001', model: 'gw', stateDir, trust: env.trust, broker: env.broker.url, tls: await env.deviceTls('dev-0001'), storage })
    const confirmed: ConfirmedEvent[] = []
    d.on('confirmed', (c) => confirmed.push(c))
    try {
      await d.start()
      await until(() => confirmed.length === 1, 20_000, 'CONFIRMED')
    } finally {
      await d.stop()
    }
    expect(d.state).toMatchObject({ version: '2.0.0', slot: 'b' })
    const bytes = await readFile(partition)
    expect(bytes.length).toBe(capacity)
    expect(bytes.subarray(0, image2.length).equals(Buffer.from(image2))).toBe(true)
    expect(bytes.subarray(image2.length).every((b) => b === 0xee)).toBe(true)
    expect(await boot(stateDir, env.trust, { storage })).toMatchObject({ slot: 'b', version: '2.0.0', trial: false })
    // Without the storage, the default layout has no slot-b.bin: the image lives only in the partition.
    await expect(readFile(slotPath(stateDir, 'b'))).rejects.toThrow()
  })

  it('asks its BootControl for every bootloader decision', async () => {
    const stateDir = await mkdtemp(join(env.dir, 'bootctl-'))
    await provisionDevice({ stateDir, bundle: env.release(image1, '1.0.0', 1, 1).bundle, trust: env.trust })
    const sim = new SimulatedBootControl({ stateDir, trust: env.trust, model: 'gw' })
    const calls: string[] = []
    const trials: TrialRequest[] = []
    const bootControl: BootControl = {
      status: async () => { calls.push('status'); return await sim.status() },
      boot: async () => { calls.push('boot'); return await sim.boot() },
      setTrial: async (t) => { calls.push('setTrial'); trials.push(t); await sim.setTrial(t) },
      confirm: async () => { calls.push('confirm'); return await sim.confirm() },
      revert: async () => { calls.push('revert'); return await sim.revert() }
    }
    const d = new OtaDevice({ id: 'dev-0002', model: 'gw', stateDir, trust: env.trust, broker: env.broker.url, tls: await env.deviceTls('dev-0002'), bootControl, maxTrialBoots: 7 })
    const confirmed: ConfirmedEvent[] = []
    d.on('confirmed', (c) => confirmed.push(c))
    try {
      await d.start()
      await until(() => confirmed.length === 1, 20_000, 'CONFIRMED')
    } finally {
      await d.stop()
    }
    expect(calls.filter((c) => c !== 'status')).toEqual(['boot', 'setTrial', 'boot', 'confirm'])
    // The manifest check and the download target come from the bootloader, before the install.
    expect(calls.indexOf('status')).toBeGreaterThan(0)
    expect(calls.indexOf('status')).toBeLessThan(calls.indexOf('setTrial'))
    expect(trials[0]).toMatchObject({ slot: 'b', trialBoots: 7 })
    expect(trials[0]!.manifest.version).toBe('2.0.0')
    expect(confirmed[0]).toMatchObject({ from: '1.0.0', to: '2.0.0' })
  })
})
