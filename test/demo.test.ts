/**
 * `npm start` is `aedes-ota demo`: run it (built CLI, real micro:bit firmware from npm, a real
 * broker, device processes) and check its JSON outcome and the audit log it points to; and
 * `--broker mosquitto`, the same through Debian's Mosquitto and `aedes-ota service` (without
 * Mosquitto that test fails under CI and skips elsewhere).
 */
import { describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { auditLines } from './helpers/env.js'
import { registrySkipReason } from './helpers/registry.js'
import { defaultCacheDir } from '../cli/firmware.js'
import { CLI } from './helpers/cli.js'
import { mosquittoMissing } from './helpers/mosquitto.js'

// The demo needs the registry only to fill its firmware cache; a filled cache runs offline.
const cached = ['7.0.6', '8.1.10'].every((v) => existsSync(join(defaultCacheDir(), `microbit-${v}.bin`)))
const offline = cached ? undefined : await registrySkipReason()

describe('aedes-ota demo', () => {
  it('updates 5 device processes from micro:bit 7.0.6 to 8.1.10 by a delta and exits 0', async (ctx) => {
    if (offline !== undefined) ctx.skip(offline)
    const dir = await mkdtemp(join(tmpdir(), 'aedes-ota-demo-test-'))
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'demo', '--devices', '5', '--json', '--dir', dir], { timeout: 240_000, maxBuffer: 1 << 20 })
      const out = JSON.parse(stdout.trim().split('\n').pop()!) as { devices: Array<{ id: string, from: string, to: string, result: string, seconds: number, bytes: number }>, auditLog: string, release: { imageBytes: number, deltaBytes: number, bytesSent: number } }
      // The release carries a delta from the factory image: each device downloads it, not the image.
      expect(out.release.imageBytes).toBe(520995)
      expect(out.release.deltaBytes).toBeGreaterThan(0)
      expect(out.release.deltaBytes).toBeLessThan(520995 / 5)
      expect(out.devices).toHaveLength(5)
      for (const d of out.devices) {
        expect(d).toMatchObject({ from: '7.0.6', to: '8.1.10', result: 'confirmed' })
        expect(d.bytes).toBeGreaterThanOrEqual(out.release.deltaBytes)
        expect(d.bytes).toBeLessThan(2 * out.release.deltaBytes)
        expect(d.seconds).toBeGreaterThan(0)
      }
      const lines = await auditLines(out.auditLog)
      expect(lines.filter((l) => l.event === 'device.status' && l.state === 'CONFIRMED').map((l) => l.deviceId).sort())
        .toEqual(out.devices.map((d) => d.id).sort())
      expect(lines.some((l) => l.event === 'release.published' && l.version === '8.1.10' && l.by === 'operator')).toBe(true)
      expect(out.release.bytesSent).toBe(out.devices.reduce((a, d) => a + d.bytes, 0))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 300_000)

  it('--bad-release: every device\'s health check fails on the release, each reverts to 7.0.6 by itself, and the demo exits 0', async (ctx) => {
    if (offline !== undefined) ctx.skip(offline)
    const dir = await mkdtemp(join(tmpdir(), 'aedes-ota-demo-test-'))
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'demo', '--devices', '2', '--bad-release', '--json', '--dir', dir], { timeout: 240_000, maxBuffer: 1 << 20 })
      const out = JSON.parse(stdout.trim().split('\n').pop()!) as { devices: Array<{ id: string, from: string, to: string, result: string, code?: string }>, auditLog: string }
      expect(out.devices).toHaveLength(2)
      for (const d of out.devices) expect(d).toMatchObject({ from: '7.0.6', to: '8.1.10', result: 'reverted', code: 'OTA_HEALTH_CHECK' })
      const lines = await auditLines(out.auditLog)
      const reverted = lines.filter((l) => l.event === 'device.status' && l.state === 'REVERTED')
      expect(reverted.map((l) => l.deviceId).sort()).toEqual(out.devices.map((d) => d.id).sort())
      for (const l of reverted) {
        expect(l).toMatchObject({ currentVersion: '7.0.6', previousVersion: '8.1.10', errorCode: 'OTA_HEALTH_CHECK' })
        expect(String(l.detail)).toMatch(/^health check failed: image 8\.1\.10 in slot b: the health check command exited with code 1$/)
      }
      expect(lines.some((l) => l.event === 'device.status' && l.state === 'CONFIRMED')).toBe(false)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 300_000)

  it('--broker mosquitto: the same update through Mosquitto with the generated ACL and the service beside it', async (ctx) => {
    const missing = mosquittoMissing()
    if (missing !== null) {
      if (process.env.CI !== undefined && process.env.CI !== '') throw new Error(`${missing}: .ci/run installs it`)
      ctx.skip(missing)
    }
    if (offline !== undefined) ctx.skip(offline)
    const dir = await mkdtemp(join(tmpdir(), 'aedes-ota-demo-test-'))
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, 'demo', '--broker', 'mosquitto', '--devices', '3', '--json', '--dir', dir], { timeout: 240_000, maxBuffer: 1 << 20 })
      const out = JSON.parse(stdout.trim().split('\n').pop()!) as { broker: string, devices: Array<{ id: string, from: string, to: string, result: string, bytes: number }>, auditLog: string, release: { deltaBytes: number } }
      expect(out.broker).toBe('mosquitto')
      expect(out.devices).toHaveLength(3)
      for (const d of out.devices) {
        expect(d).toMatchObject({ from: '7.0.6', to: '8.1.10', result: 'confirmed' })
        expect(d.bytes).toBeGreaterThanOrEqual(out.release.deltaBytes)
      }
      // Mosquitto ran the configuration `aedes-ota acl mosquitto` writes: its ACL names every device.
      const conf = await readFile(join(dir, 'mosquitto', 'mosquitto.conf'), 'utf8')
      expect(conf).toContain('require_certificate true')
      expect(conf).toContain(`acl_file ${join(dir, 'mosquitto', 'aedes-ota.acl')}`)
      const acl = await readFile(join(dir, 'mosquitto', 'aedes-ota.acl'), 'utf8')
      for (const d of out.devices) expect(acl).toContain(`user ${d.id}\n`)
      // The service's own audit log: it started as the service, took the release from the operator through Mosquitto and heard every confirmation.
      expect(out.auditLog).toBe(join(dir, 'service', 'audit.log'))
      const lines = await auditLines(out.auditLog)
      expect(lines.some((l) => l.event === 'plugin.started' && l.adapter === 'service')).toBe(true)
      expect(lines.some((l) => l.event === 'release.published' && l.version === '8.1.10' && l.by === 'operator')).toBe(true)
      expect(lines.filter((l) => l.event === 'device.status' && l.state === 'CONFIRMED').map((l) => l.deviceId).sort())
        .toEqual(out.devices.map((d) => d.id).sort())
      // The status lines come from that log as the service wrote it.
      for (const d of out.devices) expect(stderr).toMatch(new RegExp(`^  ${d.id}  CONFIRMED +7\\.0\\.6 -> 8\\.1\\.10$`, 'm'))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 300_000)
})
