/**
 * The device against a BootControl that keeps its own records in memory (a bootloader whose
 * storage is not state.json), through real updates against the real broker over TLS on
 * 127.0.0.1: the device takes every bootloader fact from `status()`/`boot()`, never from the
 * state file, and every trial ends (confirmed or reverted) whatever the bootloader or the broker
 * does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import { createServer, connect, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import {
  FileSlotStorage, OtaDevice, provisionDevice, writeSlotImage,
  type BootControl, type BootResult, type BootStatus, type ConfirmResult, type OtaDeviceOptions, type RevertResult, type SlotName, type SlotStorage, type TrialRequest
} from '../client/index.js'
import { loadState } from '../client/state.js'
import { OtaError, bytesEqual, stateName, toHex, type Manifest, type StatusEvent } from '../proto/index.js'
import type { Release } from '../sign/index.js'
import { makeEnv, until, type TestEnv } from './helpers/env.js'

/** A bootloader whose records live in memory: it never reads or writes state.json. */
class MemoryBootControl implements BootControl {
  active: SlotName = 'a'
  readonly slots: Record<SlotName, { manifest: Manifest, confirmed: boolean } | null>
  securityCounter: number
  pending: { slot: SlotName, trialsLeft: number, offeredAt: number, bytes: number } | null = null
  readonly calls: string[] = []
  /** calls that throw OTA_IO, for the failure tests */
  failing = new Set<'confirm' | 'revert'>()

  constructor (private readonly storage: SlotStorage, factory: Manifest) {
    this.slots = { a: { manifest: factory, confirmed: true }, b: null }
    this.securityCounter = factory.securityVersion
  }

  async status (): Promise<BootStatus> {
    this.calls.push('status')
    const a = this.slots[this.active]!.manifest
    const p = this.pending
    return { active: this.active, activeVersion: a.version, activeSha256: toHex(a.image.sha256), securityCounter: this.securityCounter, pending: p === null ? null : { slot: p.slot, version: this.slots[p.slot]!.manifest.version } }
  }

  private async verifies (slot: SlotName): Promise<boolean> {
    const m = this.slots[slot]!.manifest
    const d = await this.storage.hash(slot, m.image.size)
    return d.length === m.image.size && bytesEqual(d.sha256, m.image.sha256) && m.securityVersion >= this.securityCounter
  }

  async boot (): Promise<BootResult> {
    this.calls.push('boot')
    let dropped: { reason: OtaError, version: string, sha256: string } | undefined
    const p = this.pending
    if (p !== null) {
      const m = this.slots[p.slot]!.manifest
      if (p.trialsLeft > 0) {
        p.trialsLeft--
        if (await this.verifies(p.slot)) {
          return { slot: p.slot, version: m.version, trial: true, reverted: false, manifest: m, securityCounter: this.securityCounter, previousVersion: this.slots[this.active]!.manifest.version }
        }
        dropped = { reason: new OtaError('OTA_BOOT_VERIFY', 'trial image does not verify'), version: m.version, sha256: toHex(m.image.sha256) }
      } else {
        dropped = { reason: new OtaError('OTA_TRIAL_EXHAUSTED'), version: m.version, sha256: toHex(m.image.sha256) }
      }
      this.slots[p.slot] = null
      this.pending = null
    }
    if (!await this.verifies(this.active)) throw new OtaError('OTA_BOOT_VERIFY', 'active image does not verify')
    const m = this.slots[this.active]!.manifest
    const r: BootResult = { slot: this.active, version: m.version, trial: false, reverted: dropped !== undefined, manifest: m, securityCounter: this.securityCounter }
    if (dropped !== undefined) Object.assign(r, { reason: dropped.reason, revertedVersion: dropped.version, revertedSha256: dropped.sha256 })
    return r
  }

  async setTrial (t: TrialRequest): Promise<void> {
    this.calls.push('setTrial')
    if (t.slot === this.active || this.pending !== null) throw new OtaError('OTA_STATE', 'bad trial')
    this.slots[t.slot] = { manifest: t.manifest, confirmed: false }
    this.pending = { slot: t.slot, trialsLeft: t.trialBoots, offeredAt: t.offeredAt, bytes: t.bytes }
  }

  async confirm (): Promise<ConfirmResult> {
    this.calls.push('confirm')
    if (this.failing.has('confirm')) throw new OtaError('OTA_IO', 'boot flag write failed')
    const p = this.pending
    if (p === null) throw new OtaError('OTA_STATE', 'no trial')
    const previousVersion = this.slots[this.active]!.manifest.version
    const rec = this.slots[p.slot]!
    rec.confirmed = true
    this.active = p.slot
    this.pending = null
    this.securityCounter = Math.max(this.securityCounter, rec.manifest.securityVersion)
    return { slot: p.slot, version: rec.manifest.version, previousVersion, securityCounter: this.securityCounter, offeredAt: p.offeredAt, bytes: p.bytes }
  }

  async revert (): Promise<RevertResult> {
    this.calls.push('revert')
    if (this.failing.has('revert')) throw new OtaError('OTA_IO', 'boot flag write failed')
    const p = this.pending
    if (p === null) throw new OtaError('OTA_STATE', 'no trial')
    const m = this.slots[p.slot]!.manifest
    this.slots[p.slot] = null
    this.pending = null
    return { slot: this.active, version: this.slots[this.active]!.manifest.version, revertedVersion: m.version, revertedSha256: toHex(m.image.sha256) }
  }

  count (call: string): number {
    return this.calls.filter((c) => c === call).length
  }
}

let env: TestEnv
let seq = 0
const img = (): Uint8Array => new Uint8Array(randomBytes(64 * 1024 + 123))

beforeAll(async () => { env = await makeEnv({ model: 'gw', devices: 3 }) })
afterAll(async () => { await env?.close() })

/** A provisioned state folder (the device's own records) and a memory bootloader that starts on the same factory image. */
async function provisioned (): Promise<{ stateDir: string, storage: FileSlotStorage, bc: MemoryBootControl, factory: Release }> {
  const stateDir = await mkdtemp(join(env.dir, 'memboot-'))
  const factory = env.release(img(), '1.0.0', 1, ++seq)
  await provisionDevice({ stateDir, bundle: factory.bundle, trust: env.trust })
  const storage = FileSlotStorage.inDir(stateDir)
  return { stateDir, storage, bc: new MemoryBootControl(storage, factory.manifest), factory }
}

/** A device with its status events and failures collected. */
async function device (id: string, o: Partial<OtaDeviceOptions> & Pick<OtaDeviceOptions, 'stateDir' | 'bootControl'>): Promise<{ d: OtaDevice, states: string[], events: StatusEvent[], failed: OtaError[], upToDate: Array<{ reason: string, announced?: string }> }> {
  const d = new OtaDevice({ id, model: 'gw', trust: env.trust, broker: env.broker.url, tls: await env.deviceTls(id), backoff: { initialDelayMs: 50, maxDelayMs: 200 }, ...o })
  const events: StatusEvent[] = []
  const failed: OtaError[] = []
  const upToDate: Array<{ reason: string, announced?: string }> = []
  d.on('status', (e) => events.push(e))
  d.on('failed', (e) => failed.push(e))
  d.on('upToDate', (u) => upToDate.push(u))
  return { d, events, failed, upToDate, get states () { return events.map((e) => stateName(e.state)) } }
}

// Forced: the tests share the model's release line, and each starts again from 1.0.0.
const publish = async (r: Release): Promise<void> => { await env.broker.plugin.publishRelease(r.bundle, 'test', { force: true }) }

describe('device with its own BootControl', () => {
  it('takes two updates in a row, refuses a rollback by the bootloader counter, and does not retry a release that failed its health check', async () => {
    const { stateDir, bc, storage } = await provisioned()
    const sick = '5.0.0'
    const dev = await device('dev-0001', { stateDir, bootControl: bc, storage, healthCheck: (c) => c.version !== sick })
    const v2 = env.release(img(), '2.0.0', 2, ++seq)
    const v3 = env.release(img(), '3.0.0', 3, ++seq)
    try {
      await dev.d.start()
      await publish(v2)
      await until(() => dev.states.includes('CONFIRMED'), 20_000, 'CONFIRMED 2.0.0')
      expect(dev.d.state).toEqual({ version: '2.0.0', slot: 'b', securityCounter: 2 })

      // The second update goes to the slot other than the bootloader's active one.
      await publish(v3)
      await until(() => dev.events.some((e) => stateName(e.state) === 'CONFIRMED' && e.targetVersion === '3.0.0'), 20_000, 'CONFIRMED 3.0.0')
      expect(dev.d.state).toEqual({ version: '3.0.0', slot: 'a', securityCounter: 3 })
      expect(bc.active).toBe('a')
      expect(dev.events.filter((e) => stateName(e.state) === 'FAILED')).toEqual([])

      // Below the bootloader's counter (3): refused, though the state file's copy still says 1.
      const old = env.release(img(), '2.5.0', 2, ++seq)
      await publish(old)
      await until(() => dev.failed.some((e) => e.code === 'OTA_ROLLBACK'), 20_000, 'REJECTED OTA_ROLLBACK')
      expect(dev.events.filter((e) => e.targetVersion === '2.5.0').map((e) => stateName(e.state))).toEqual(['REJECTED'])

      // A release that fails its health check is reverted, and remembered as refused by the device.
      const v5 = env.release(img(), sick, 3, ++seq)
      await publish(v5)
      await until(() => dev.states.includes('REVERTED'), 20_000, 'REVERTED 5.0.0')
      expect(dev.d.state).toEqual({ version: '3.0.0', slot: 'a', securityCounter: 3 })
      expect((await loadState(stateDir)).refused).toBe(toHex(v5.manifest.image.sha256))
    } finally {
      await dev.d.stop()
    }
    const trials = bc.count('setTrial')
    // The state file's bootloader records are the provisioning ones: nothing read or wrote them.
    expect(await loadState(stateDir)).toMatchObject({ active: 'a', securityCounter: 1, pending: null, slots: { b: null } })

    // Restarted with the failed release still announced: not fetched again.
    const again = await device('dev-0001', { stateDir, bootControl: bc, storage })
    try {
      await again.d.start()
      await until(() => again.upToDate.length > 0, 10_000, 'upToDate')
      expect(again.upToDate[0]).toMatchObject({ reason: 'refused', announced: sick })
      expect(again.states).toEqual(['IDLE'])
      expect(bc.count('setTrial')).toBe(trials)
    } finally {
      await again.d.stop()
    }
  })

  it('records as refused a trial the bootloader gave up on at boot (trial boots ran out), and does not fetch it again', async () => {
    const { stateDir, bc, storage } = await provisioned()
    const image2 = img()
    const v2 = env.release(image2, '2.0.0', 2, ++seq)
    await writeSlotImage(storage, 'b', image2)
    await bc.setTrial({ slot: 'b', envelope: v2.envelope, manifest: v2.manifest, trialBoots: 0, offeredAt: Date.now(), bytes: image2.length })
    await publish(v2)
    const dev = await device('dev-0002', { stateDir, bootControl: bc, storage })
    try {
      await dev.d.start()
      await until(() => dev.upToDate.length > 0, 10_000, 'upToDate')
      expect(dev.upToDate[0]).toMatchObject({ reason: 'refused', announced: '2.0.0' })
      expect(dev.events.find((e) => stateName(e.state) === 'REVERTED')).toMatchObject({ errorCode: 'OTA_TRIAL_EXHAUSTED', previousVersion: '2.0.0', currentVersion: '1.0.0' })
      expect((await loadState(stateDir)).refused).toBe(toHex(v2.manifest.image.sha256))
      expect(bc.count('setTrial')).toBe(1)
    } finally {
      await dev.d.stop()
    }
  })

  it('reverts an image the bootloader cannot confirm, and then takes the next release', async () => {
    const { stateDir, bc, storage } = await provisioned()
    bc.failing.add('confirm')
    const dev = await device('dev-0002', { stateDir, bootControl: bc, storage })
    // Published before the start: the retained manifest the device finds is this test's.
    await publish(env.release(img(), '2.0.0', 2, ++seq))
    try {
      await dev.d.start()
      await until(() => dev.states.includes('REVERTED'), 20_000, 'REVERTED')
      expect(bc.count('confirm')).toBe(3)
      expect(bc.pending).toBeNull()
      expect(dev.d.state).toEqual({ version: '1.0.0', slot: 'a', securityCounter: 1 })
      expect(dev.events.find((e) => stateName(e.state) === 'REVERTED')).toMatchObject({ errorCode: 'OTA_HEALTH_CHECK', targetVersion: '2.0.0', currentVersion: '1.0.0' })
      expect(dev.states.filter((s) => s === 'FAILED')).toEqual([])

      bc.failing.clear()
      const v3 = env.release(img(), '3.0.0', 3, ++seq)
      await publish(v3)
      await until(() => dev.states.includes('CONFIRMED'), 20_000, 'CONFIRMED 3.0.0')
      expect(dev.d.state).toEqual({ version: '3.0.0', slot: 'b', securityCounter: 3 })
    } finally {
      await dev.d.stop()
    }
  })

  it('starts no update while a trial it could not end is pending', async () => {
    const { stateDir, bc, storage } = await provisioned()
    bc.failing.add('confirm')
    bc.failing.add('revert')
    const dev = await device('dev-0003', { stateDir, bootControl: bc, storage })
    await publish(env.release(img(), '2.0.0', 2, ++seq))
    try {
      await dev.d.start()
      await until(() => dev.states.includes('FAILED'), 20_000, 'FAILED')
      expect(bc.count('revert')).toBe(3)
      expect(bc.pending).toMatchObject({ slot: 'b' })

      const v3 = env.release(img(), '3.0.0', 3, ++seq)
      await publish(v3)
      await until(() => dev.events.some((e) => e.targetVersion === '3.0.0'), 20_000, 'an event for 3.0.0')
      const for3 = dev.events.filter((e) => e.targetVersion === '3.0.0')
      expect(for3.map((e) => stateName(e.state))).toEqual(['FAILED'])
      expect(for3[0]).toMatchObject({ errorCode: 'OTA_STATE' })
      expect(dev.failed.at(-1)!.message).toMatch(/trial of 2\.0\.0 in slot b is pending/)
      expect(bc.count('setTrial')).toBe(1)
    } finally {
      await dev.d.stop()
    }
  })

  it('reverts a trial image that cannot reach the broker within trialConnectTimeoutMs, and reports REVERTED once the old image connects', async () => {
    const { stateDir, bc, storage } = await provisioned()
    // A trial of 2.0.0 left pending in slot B, as after an install and a reboot.
    const image2 = img()
    const v2 = env.release(image2, '2.0.0', 2, ++seq)
    // Still announced: once back on the old image the device finds it refused.
    await publish(v2)
    await writeSlotImage(storage, 'b', image2)
    await bc.setTrial({ slot: 'b', envelope: v2.envelope, manifest: v2.manifest, trialBoots: 3, offeredAt: Date.now(), bytes: image2.length })
    // The broker is "down": a port on 127.0.0.1 where nothing listens, until the proxy opens it.
    const brokerPort = Number(new URL(env.broker.url).port)
    const probe = createServer()
    await new Promise<void>((resolve) => { probe.listen(0, '127.0.0.1', resolve) })
    const port = (probe.address() as AddressInfo).port
    await new Promise<void>((resolve) => { probe.close(() => { resolve() }) })
    const broker: StatusEvent[] = []
    const onStatus = (e: StatusEvent): void => { if (e.deviceId === 'dev-0001') broker.push(e) }
    env.broker.plugin.on('status', onStatus)
    const dev = await device('dev-0001', { stateDir, bootControl: bc, storage, broker: `mqtts://127.0.0.1:${port}`, trialConnectTimeoutMs: 1000 })
    const reverted: OtaError[] = []
    dev.d.on('reverted', (e) => reverted.push(e))
    let proxy: Server | undefined
    const sockets: Socket[] = []
    const t0 = Date.now()
    const started = dev.d.start()
    try {
      // boot() is counted when called; the device adopts what it booted a moment later.
      await until(() => bc.count('revert') === 1 && bc.count('boot') === 2 && dev.d.state.slot === 'a', 5_000, 'revert within the bound')
      expect(Date.now() - t0).toBeLessThan(4_000)
      expect(bc.pending).toBeNull()
      expect(dev.d.state).toEqual({ version: '1.0.0', slot: 'a', securityCounter: 1 })
      expect((await loadState(stateDir)).refused).toBe(toHex(v2.manifest.image.sha256))

      // The broker comes up: the old image connects and reports REVERTED.
      proxy = createServer((s) => {
        const up = connect(brokerPort, '127.0.0.1')
        sockets.push(s, up)
        s.pipe(up).pipe(s)
        s.on('error', () => { up.destroy() })
        up.on('error', () => { s.destroy() })
      })
      await new Promise<void>((resolve) => { proxy!.listen(port, '127.0.0.1', resolve) })
      await started
      await until(() => broker.some((e) => stateName(e.state) === 'REVERTED'), 10_000, 'REVERTED at the broker')
      expect(broker.find((e) => stateName(e.state) === 'REVERTED')).toMatchObject({ errorCode: 'OTA_HEALTH_CHECK', targetVersion: '2.0.0', currentVersion: '1.0.0' })
      expect(reverted.map((e) => e.code)).toEqual(['OTA_HEALTH_CHECK'])
      expect(reverted[0]!.message).toMatch(/did not reach the broker/)
      await until(() => dev.upToDate.length > 0, 10_000, 'upToDate')
      expect(dev.upToDate[0]).toMatchObject({ reason: 'refused', announced: '2.0.0' })
      expect(bc.count('confirm')).toBe(0)
      expect(bc.count('setTrial')).toBe(1)
    } finally {
      await dev.d.stop()
      await started.catch(() => {})
      env.broker.plugin.off('status', onStatus)
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => { if (proxy === undefined) resolve(); else proxy.close(() => { resolve() }) })
    }
  })
})
