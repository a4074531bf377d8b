/**
 * An offer withdrawn and replaced while the device is still checking the first one, over real
 * MQTT and mutual TLS (bare Aedes broker with a chunk responder, test/helpers/client-harness.ts):
 * offer A, its withdrawal (empty retained payload) and offer B reach the device while A is held
 * in its state check (the bootloader's status is held open). The withdrawal, queued behind A,
 * must withdraw A only: B, which arrived after it, is installed. (Before the fix the queued
 * withdrawal cleared the key of the offer current when it ran, B's, and B was dropped.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FileSlotStorage, OtaDevice, SimulatedBootControl, provisionDevice, type BootControl, type UpToDateEvent } from '../client/index.js'
import type { OtaError } from '../proto/index.js'
import { Harness, MODEL, makePki, release, trust, waitFor, type Pki } from './helpers/client-harness.js'

describe('OtaDevice: an offer withdrawn and replaced while the first one is being checked', () => {
  let pki: Pki
  let pkiDir: string
  let dir: string
  let h: Harness
  let device: OtaDevice | null = null
  /** lets the held bootloader status answer */
  let open = (): void => {}

  beforeAll(async () => {
    pkiDir = await mkdtemp(join(tmpdir(), 'ota-pki-'))
    pki = await makePki(pkiDir)
    dir = await mkdtemp(join(tmpdir(), 'ota-offer-race-'))
    h = await Harness.start(pki)
  })
  afterAll(async () => {
    open()
    await device?.stop()
    await h?.close()
    await rm(dir, { recursive: true, force: true })
    await rm(pkiDir, { recursive: true, force: true })
  })

  it('withdraws the offer it was queued for and installs the offer that followed the withdrawal', async () => {
    const v1 = release('1.0.0', 1)
    const a = release('2.0.0', 2)
    const b = release('3.0.0', 3)
    for (const r of [v1, a, b]) h.add(r)
    h.publishManifest(v1.rel.envelope)
    const stateDir = join(dir, 'dev-1')
    await provisionDevice({ stateDir, bundle: v1.rel.bundle, trust })

    // The simulated bootloader, with its status held open on demand: the device asks for it
    // while checking a manifest against its state (client/intake.ts), under the state lock.
    const storage = FileSlotStorage.inDir(stateDir)
    const inner = new SimulatedBootControl({ stateDir, trust, model: MODEL, storage })
    let gate: Promise<void> | null = null
    let held = 0
    const bootControl: BootControl = {
      status: async () => {
        const g = gate
        if (g !== null) { held++; await g }
        return await inner.status()
      },
      boot: async () => await inner.boot(),
      setTrial: async (t) => { await inner.setTrial(t) },
      confirm: async () => await inner.confirm(),
      revert: async () => await inner.revert()
    }
    const creds = await pki.device('dev-1')
    device = new OtaDevice({
      id: 'dev-1', model: MODEL, stateDir, trust, broker: `mqtts://127.0.0.1:${h.port}`, storage, bootControl,
      tls: { ca: pki.ca, cert: creds.cert, key: creds.key }, chunkTimeoutMs: 200, maxRetries: 3, retainedSettleMs: 300
    })
    const upToDate: UpToDateEvent[] = []
    const confirmed: string[] = []
    const failed: Array<{ code: string, version: string }> = []
    device.on('upToDate', (u) => upToDate.push(u))
    device.on('confirmed', (c) => confirmed.push(c.to))
    device.on('status', (e) => { if (e.errorCode !== '') failed.push({ code: e.errorCode, version: e.targetVersion }) })
    device.on('failed', (_e: OtaError) => {})
    await device.start()
    await waitFor('dev-1 up to date on 1.0.0', () => upToDate.length === 1)

    // Count the device's QoS 1 PUBACKs from here on: only the offer topic is published to.
    // (Aedes' in-memory persistence hands the 'ack' event no packet, so no topic to check.)
    let acked = 0
    h.aedes.on('ack', () => { acked++ })

    gate = new Promise<void>((resolve) => { open = resolve })
    h.publishOffer('dev-1', a.rel.envelope)
    await waitFor('offer A held in its state check', () => held === 1)
    h.publishOffer('dev-1', new Uint8Array(0))
    h.publishOffer('dev-1', b.rel.envelope)
    await waitFor('the withdrawal and offer B received while A is held', () => acked === 3)
    gate = null
    open()

    await waitFor('dev-1 confirmed 3.0.0', () => confirmed.includes('3.0.0'))
    expect(confirmed).toEqual(['3.0.0'])
    // A never got past its withdrawal: if it was started, it ended withdrawn, never installed.
    expect(failed.filter((f) => f.version === '2.0.0').every((f) => f.code === 'OTA_WITHDRAWN')).toBe(true)
    expect(h.states('2.0.0')).not.toContain('INSTALLING')
    // The device emits `confirmed` before its CONFIRMED status event has crossed the broker.
    await waitFor('CONFIRMED at the broker', () => h.states('3.0.0').at(-1) === 'CONFIRMED')
    expect(h.states('3.0.0').at(-1)).toBe('CONFIRMED')
  }, 60_000)
})
