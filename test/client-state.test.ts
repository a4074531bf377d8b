import { describe, it, expect, beforeEach, afterEach } from 'vitest'
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { loadState, saveState, updateState, validateState, stateExists, STATE_FILE, type DeviceState } from '../client/state.js'
import { isOtaError } from '../proto/index.js'

const hex = (n: number): string => n.toString(16).padStart(64, '0')

function sample (): DeviceState {
  return {
    format: 1,
    active: 'a',
    slots: {
      a: { envelope: randomBytes(40).toString('base64'), version: '1.0.0', sha256: hex(1), size: 1000, confirmed: true },
      b: null
    },
    securityCounter: 3,
    lastSequence: 17,
    pending: null,
    download: { artifact: hex(2), slot: 'b', received: Buffer.from([0xff, 0x01]).toString('base64') },
    deferral: null,
    refused: null
  }
}

async function expectCode (p: Promise<unknown>, code: string): Promise<void> {
  const e = await p.then(() => null, (x: unknown) => x)
  expect(isOtaError(e), `expected OtaError ${code}, got ${String(e)}`).toBe(true)
  expect((e as { code: string }).code).toBe(code)
}

describe('client state file', () => {
  let dir: string
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'ota-state-')) })
  afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

  it('writes and loads the same state, leaving no temporary file behind', async () => {
    const s = sample()
    await saveState(dir, s)
    expect(await loadState(dir)).toEqual(s)
    expect(await readdir(dir)).toEqual([STATE_FILE])
    expect(await stateExists(dir)).toBe(true)
  })

  it('replaces the file whole: a second save leaves exactly the second state', async () => {
    await saveState(dir, sample())
    const s2 = sample()
    s2.securityCounter = 9
    s2.download = null
    await saveState(dir, s2)
    const text = await readFile(join(dir, STATE_FILE), 'utf8')
    expect(JSON.parse(text)).toEqual(s2)
    expect(await readdir(dir)).toEqual([STATE_FILE])
  })

  it('refuses a missing state as not provisioned', async () => {
    expect(await stateExists(dir)).toBe(false)
    await expectCode(loadState(dir), 'OTA_STATE')
  })

  it('refuses a truncated (torn) file with OTA_STATE', async () => {
    await saveState(dir, sample())
    const text = await readFile(join(dir, STATE_FILE), 'utf8')
    await writeFile(join(dir, STATE_FILE), text.slice(0, text.length / 2))
    await expectCode(loadState(dir), 'OTA_STATE')
  })

  it('refuses wrong shapes and inconsistent states with OTA_STATE', async () => {
    const cases: Array<(s: any) => void> = [
      (s) => { s.format = 2 },
      (s) => { s.active = 'c' },
      (s) => { s.securityCounter = -1 },
      (s) => { s.securityCounter = 1.5 },
      (s) => { s.lastSequence = '17' },
      (s) => { s.slots.a.sha256 = 'zz' },
      (s) => { s.slots.a.confirmed = 'yes' },
      (s) => { s.slots.a = null },
      (s) => { s.slots.a.confirmed = false },
      (s) => { s.download.slot = 'c' },
      (s) => { s.download.received = '!!' },
      (s) => { s.download.artifact = 'abc' },
      (s) => { s.download = null; s.pending = { slot: 'b', trialsLeft: 2, offeredAt: 0, bytes: 0 } },
      (s) => { s.download = null; s.slots.b = { ...s.slots.a, confirmed: false } },
      (s) => { s.download = null; s.pending = { slot: 'a', trialsLeft: 2, offeredAt: 0, bytes: 0 } },
      (s) => { s.refused = 'nothex' },
      (s) => { delete s.refused },
      (s) => { delete s.pending },
      (s) => { s.deferral = { artifact: hex(3), since: -1 } }
    ]
    for (const [i, mutate] of cases.entries()) {
      const s = sample()
      mutate(s)
      await writeFile(join(dir, STATE_FILE), JSON.stringify(s))
      const e = await loadState(dir).then(() => null, (x: unknown) => x)
      expect(isOtaError(e, 'OTA_STATE'), `case ${i} should be refused`).toBe(true)
      expect(() => validateState(s), `case ${i}`).toThrow()
    }
  })

  it('keeps the download record apart from the bootloader records: it may name either slot (the target comes from BootControl.status)', async () => {
    const s = sample()
    s.download!.slot = 'a'
    await saveState(dir, s)
    expect(await loadState(dir)).toEqual(s)
  })

  it('accepts a trial in progress', async () => {
    const s = sample()
    s.download = null
    s.slots.b = { ...s.slots.a!, version: '2.0.0', confirmed: false }
    s.pending = { slot: 'b', trialsLeft: 2, offeredAt: 5, bytes: 7 }
    await saveState(dir, s)
    expect(await loadState(dir)).toEqual(s)
  })

  it('refuses to save an inconsistent state and keeps the old file', async () => {
    await saveState(dir, sample())
    const bad = sample()
    bad.slots.a!.confirmed = false
    await expectCode(saveState(dir, bad), 'OTA_STATE')
    expect((await loadState(dir)).slots.a!.confirmed).toBe(true)
  })

  it('serializes concurrent updates so none is lost', async () => {
    await saveState(dir, sample())
    await Promise.all(Array.from({ length: 20 }, async () => await updateState(dir, (s) => { s.lastSequence += 1 })))
    expect((await loadState(dir)).lastSequence).toBe(17 + 20)
  })

  it('writes nothing when the update function returns false, and rewrites otherwise', async () => {
    const compact = JSON.stringify(sample())
    await writeFile(join(dir, STATE_FILE), compact)
    const seen = await updateState(dir, (s) => { s.lastSequence = 99; return false })
    expect(seen.lastSequence).toBe(99)
    expect(await readFile(join(dir, STATE_FILE), 'utf8')).toBe(compact)
    expect((await loadState(dir)).lastSequence).toBe(17)
    await updateState(dir, (s) => { s.lastSequence = 18 })
    expect(await readFile(join(dir, STATE_FILE), 'utf8')).not.toBe(compact)
    expect((await loadState(dir)).lastSequence).toBe(18)
  })

  it('does not save when the update function throws', async () => {
    await saveState(dir, sample())
    await expect(updateState(dir, (s) => { s.securityCounter = 100; throw new Error('no') })).rejects.toThrow('no')
    expect((await loadState(dir)).securityCounter).toBe(3)
  })
})
