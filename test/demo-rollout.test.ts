/**
 * `npm start -- --rollout` is `aedes-ota demo --rollout`: run the built CLI (real micro:bit
 * firmware, a real broker, 8 device processes, one whose health check fails) and check that the
 * broker paused the rollout by itself on the bad device's wave, that every other device offered
 * the release confirmed it, and that the devices of the held-back wave never fetched it (no
 * download in the audit log) and still run the factory image. The same with `--broker mosquitto`:
 * Debian's Mosquitto with `aedes-ota service` beside it, the rollout planned, started and followed
 * as an operator through Mosquitto (without Mosquitto that run fails under CI and skips elsewhere).
 */
import { describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { auditLines } from './helpers/env.js'
import { registrySkipReason } from './helpers/registry.js'
import { defaultCacheDir } from '../cli/firmware.js'
import { CLI } from './helpers/cli.js'
import { mosquittoMissing } from './helpers/mosquitto.js'

const cached = ['7.0.6', '8.1.10'].every((v) => existsSync(join(defaultCacheDir(), `microbit-${v}.bin`)))
const offline = cached ? undefined : await registrySkipReason()

interface Out {
  broker: string
  rollout: { id: string, phase: string, reason: string, wave: number, waves: Array<{ startedAt: number }> }
  devices: Array<{ id: string, wave: number, rollout: string, reason: string, running: string, healthCheck: string }>
  neverOffered: string[]
  auditLog: string
}

describe('aedes-ota demo --rollout', () => {
  it.each(['aedes', 'mosquitto'])('--broker %s: pauses itself on the wave holding the bad device; the later wave never gets the release', async (broker, ctx) => {
    const missing = broker === 'mosquitto' ? mosquittoMissing() : null
    if (missing !== null) {
      if (process.env.CI !== undefined && process.env.CI !== '') throw new Error(`${missing}: .ci/run installs it`)
      ctx.skip(missing)
    }
    if (offline !== undefined) ctx.skip(offline)
    const dir = await mkdtemp(join(tmpdir(), 'aedes-ota-demo-rollout-test-'))
    try {
      const t0 = Date.now()
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, 'demo', '--rollout', '--broker', broker, '--json', '--dir', dir], { timeout: 240_000, maxBuffer: 4 << 20 })
      const out = JSON.parse(stdout.trim().split('\n').pop()!) as Out
      console.log(`demo --rollout --broker ${broker} took ${Date.now() - t0} ms`)
      expect(out.broker).toBe(broker)
      expect(out.devices).toHaveLength(8)
      expect(out.rollout.phase, out.rollout.reason).toBe('paused')
      expect(out.rollout.wave).toBe(1)
      expect(out.rollout.waves[2]!.startedAt).toBe(0)
      const bad = out.devices.filter((d) => d.healthCheck === 'fails')
      expect(bad).toHaveLength(1)
      expect(bad[0]).toMatchObject({ wave: 2, rollout: 'failed', running: '7.0.6' })
      for (const d of out.devices.filter((x) => x.healthCheck === 'passes' && x.wave <= 2)) expect(d, d.id).toMatchObject({ rollout: 'succeeded', running: '8.1.10' })
      const held = out.devices.filter((d) => d.wave === 3)
      expect(held.length).toBe(4)
      expect(out.neverOffered.sort()).toEqual(held.map((d) => d.id).sort())
      for (const d of held) expect(d).toMatchObject({ rollout: 'waiting', running: '7.0.6' })
      expect(stderr).toMatch(/^wave 1 \(25%\) started/m)
      expect(stderr).toMatch(/^wave 2 \(50%\) started/m)
      expect(stderr).not.toMatch(/^wave 3 \(100%\) started/m)
      expect(stderr).toMatch(/^rollout paused/m)
      // The held-back devices never downloaded: no audit line shows one of them DOWNLOADING.
      const lines = (await auditLines(out.auditLog)).map((l) => JSON.stringify(l))
      for (const d of held) expect(lines.filter((l) => l.includes(`"${d.id}"`) && l.includes('DOWNLOADING')), d.id).toEqual([])
      expect(lines.some((l) => l.includes('rollout.paused'))).toBe(true)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 300_000)
})
