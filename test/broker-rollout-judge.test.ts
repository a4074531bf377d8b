/**
 * The rollout engine's pure parts: spec validation and defaults, deterministic wave selection,
 * eligibility, and the judge (success share, failure rule, deadlines, accepted failures).
 */
import { describe, expect, it } from 'vitest'
import { BodyType, State, SupportStatus, fromHex, isOtaError, verifyRoot, type Manifest, type StatusEvent } from '../proto/index.js'
import type { DeviceRecord } from '../proto/codec/operator.js'
import { ROLLOUT_DEFAULTS, resolveRolloutSpec } from '../broker/rollout/spec.js'
import { eligibleTargets, exclusionReason, planWarnings, rolloutOrder, splitWaves, waveBounds } from '../broker/rollout/select.js'
import { applyEvent, failDevice, judge, recount } from '../broker/rollout/judge.js'
import type { RolloutSpec, RolloutStatus } from '../broker/rollout/types.js'
import { resolveOptions } from '../broker/options.js'
import { generateKeyPair, publicKeyEntry, signEnvelope } from '../sign/index.js'

const ART = 'ab'.repeat(32)

function code (f: () => unknown): string {
  try { f() } catch (e) { return isOtaError(e) ? e.code : 'not an OtaError' }
  return 'no error'
}

function record (deviceId: string, over: Partial<DeviceRecord> = {}): DeviceRecord {
  return {
    deviceId, model: 'm1', online: true, lastSeen: 0, connectedAt: 0, currentVersion: '1.0.0', securityVersion: 1, state: State.IDLE, result: 0, errorCode: '', targetVersion: '', remoteAddress: '', reportedAt: 0,
    hardwareRevision: '', support: 0, endOfLifeAt: 0, sbomSha256: '', suspect: false, suspectReason: '', ...over
  }
}

function manifest (over: Partial<Manifest> = {}): Manifest {
  return { model: 'm1', version: '2.0.0', securityVersion: 2, hardwareRevisions: [], endOfLifeAt: 0, image: { sha256: fromHex(ART) } as Manifest['image'], ...over } as Manifest
}

function event (deviceId: string, state: number, over: Partial<StatusEvent> = {}): StatusEvent {
  return {
    deviceId, state, result: 0, currentVersion: '1.0.0', targetVersion: '2.0.0', time: 0, detail: '', errorCode: '', artifact: fromHex(ART), bytesReceived: 0, bytesTotal: 0,
    securityVersion: 1, model: 'm1', receivedAt: 0, slot: '', previousVersion: '', hardwareRevision: '', support: 0, endOfLifeAt: 0, sbomSha256: new Uint8Array(0), deferredUntil: 0, ...over
  }
}

/** A running rollout of `perWave` devices per wave, wave 0 started at t=0 with deadline 1000. */
function rollout (perWave: number[], spec: Partial<RolloutSpec> = {}): RolloutStatus {
  let n = 0
  const devices = perWave.flatMap((count, wave) => Array.from({ length: count }, () => ({ deviceId: `d${++n}`, wave, state: wave === 0 ? 'offered' as const : 'waiting' as const, reason: '', updatedAt: 0, accepted: false })))
  const s: RolloutStatus = {
    id: 'r1', model: 'm1', version: '2.0.0', artifact: ART, sequence: 2, phase: 'running', reason: '', wave: 0,
    spec: { ...resolveRolloutSpec({ waves: perWave.map((_, i) => (i + 1) / perWave.length) }), waveTimeoutMs: 1000, ...spec },
    waves: perWave.map((_, index) => ({ index, share: (index + 1) / perWave.length, devices: 0, offered: 0, updating: 0, succeeded: 0, failed: 0, startedAt: index === 0 ? 0 : 0, deadline: index === 0 ? 1000 : 0 })),
    devices,
    startedBy: 'test', startedAt: 0, updatedAt: 0
  }
  recount(s)
  return s
}

describe('rollout spec', () => {
  it('fills the documented defaults and keeps what is given', () => {
    expect(resolveRolloutSpec({ waves: [0.1, 1] })).toEqual({ waves: [0.1, 1], ...ROLLOUT_DEFAULTS })
    expect(ROLLOUT_DEFAULTS).toEqual({ success: 1, maxFailures: 0.05, minDevices: 1, waveTimeoutMs: 1_800_000, confirmTimeoutMs: 900_000 })
    expect(resolveRolloutSpec({ waves: [1], success: 0.95, maxFailures: 0, minDevices: 3, devices: ['a', 'b', 'a'] })).toMatchObject({ success: 0.95, maxFailures: 0, minDevices: 3, devices: ['a', 'b'] })
  })

  it('refuses bad waves and fields with OTA_ROLLOUT', () => {
    for (const bad of [
      { waves: [] }, { waves: [0.5] }, { waves: [0.5, 0.5, 1] }, { waves: [0.5, 0.2, 1] }, { waves: [0, 1] }, { waves: [1.5] }, { waves: [Number.NaN, 1] },
      { waves: [1], success: 0 }, { waves: [1], maxFailures: 2 }, { waves: [1], minDevices: 0 }, { waves: [1], waveTimeoutMs: 1.5 },
      { waves: [1], devices: [] }, { waves: [1], devices: ['a/b'] }, { waves: [1], group: '#' }, { waves: [1], devices: ['a'], group: 'g' }
    ]) expect(code(() => resolveRolloutSpec(bad as never)), JSON.stringify(bad)).toBe('OTA_ROLLOUT')
  })
})

describe('wave selection', () => {
  it('orders by SHA-256 of artifact/id: independent of the other devices, different per release', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `dev-${i}`)
    const order = rolloutOrder(ART, ids)
    expect(order).toEqual(rolloutOrder(ART, [...ids].reverse()))
    // Removing devices keeps the others' relative order.
    const some = ids.filter((_, i) => i % 3 === 0)
    expect(rolloutOrder(ART, some)).toEqual(order.filter((id) => some.includes(id)))
    expect(rolloutOrder('cd'.repeat(32), ids)).not.toEqual(order)
  })

  it('cuts cumulative waves with ceil, at least one device, without float noise', () => {
    expect(waveBounds([0.01, 0.1, 0.5, 1], 10)).toEqual([1, 1, 5, 10])
    expect(waveBounds([0.07, 1], 100)).toEqual([7, 100])
    expect(waveBounds([0.5, 1], 0)).toEqual([0, 0])
    const w = splitWaves(['a', 'b', 'c', 'd', 'e'], [0.2, 0.5, 1])
    expect(w).toEqual([['a'], ['b', 'c'], ['d', 'e']])
  })

  it('excludes who cannot take the release, and says why', () => {
    const m = manifest({ hardwareRevisions: ['r2'] })
    expect(exclusionReason(record('a', { hardwareRevision: 'r2' }), m)).toBeNull()
    expect(exclusionReason(record('a', { hardwareRevision: 'r1' }), m)).toMatch(/hardware revision r1/)
    expect(exclusionReason(record('a'), m)).toMatch(/not reported/)
    expect(exclusionReason(record('a', { securityVersion: 3 }), manifest())).toMatch(/security version 3/)
    expect(exclusionReason(record('a', { currentVersion: '2.0.0' }), manifest())).toMatch(/already runs/)
    expect(exclusionReason(record('a', { model: 'm2' }), manifest())).toMatch(/model m2/)
    const inv = [record('a'), record('b', { securityVersion: 9 }), record('c', { model: 'm2' }), record('d')]
    const all = eligibleTargets(inv, manifest(), ART, resolveRolloutSpec({ waves: [1] }), {})
    expect(all.targets.map((d) => d.deviceId).sort()).toEqual(['a', 'd'])
    expect(all.excluded).toEqual([{ deviceId: 'b', reason: expect.stringMatching(/security version/) as string }])
    const named = eligibleTargets(inv, manifest(), ART, resolveRolloutSpec({ waves: [1], group: 'g' }), { g: ['a', 'c', 'zz'] })
    expect(named.targets.map((d) => d.deviceId)).toEqual(['a'])
    expect(named.excluded.map((x) => x.deviceId)).toEqual(['c', 'zz'])
  })

  it('warns of offline, end-of-life, suspect and small waves', () => {
    const now = 1_000_000
    const w = planWarnings([[record('a', { online: false }), record('b', { support: SupportStatus.ENDED })], [], [record('c', { endOfLifeAt: now + 1000, suspect: true })]], manifest(), resolveRolloutSpec({ waves: [0.5, 0.6, 1], minDevices: 3 }), now)
    expect(w.join('\n')).toMatch(/1 target\(s\) offline now.*a/)
    expect(w.join('\n')).toMatch(/past end of life: b/)
    expect(w.join('\n')).toMatch(/near end of life: c/)
    expect(w.join('\n')).toMatch(/suspect by brick detection: c/)
    expect(w.join('\n')).toMatch(/wave 2 .* adds no device/)
    expect(w.join('\n')).toMatch(/wave 1 has 2 device\(s\), fewer than minDevices 3/)
  })
})

describe('judge', () => {
  it('counts only CONFIRMED on the version as success, FAILED/REVERTED/REJECTED as failure', () => {
    const s = rollout([2, 2], { maxFailures: 1 })
    expect(applyEvent(s, event('d1', State.DOWNLOADING), 1)).toBe(true)
    expect(s.devices[0]!.state).toBe('updating')
    // TRIAL is not success; IDLE on the new version is not either.
    applyEvent(s, event('d1', State.TRIAL, { currentVersion: '2.0.0' }), 2)
    applyEvent(s, event('d1', State.IDLE, { currentVersion: '2.0.0', artifact: new Uint8Array(0), targetVersion: '' }), 3)
    expect(s.devices[0]!.state).toBe('updating')
    // Another release's events do not count.
    expect(applyEvent(s, event('d2', State.FAILED, { artifact: fromHex('cd'.repeat(32)), targetVersion: '3.0.0' }), 4)).toBe(false)
    applyEvent(s, event('d1', State.CONFIRMED, { currentVersion: '2.0.0', previousVersion: '1.0.0' }), 5)
    applyEvent(s, event('d2', State.REVERTED, { errorCode: 'OTA_HEALTH_CHECK' }), 6)
    expect(s.devices.slice(0, 2).map((d) => [d.state, d.reason])).toEqual([['succeeded', ''], ['failed', 'OTA_HEALTH_CHECK']])
    // Devices of a wave not started ignore events.
    expect(applyEvent(s, event('d3', State.FAILED), 7)).toBe(false)
  })

  it('takes the events of a device downloading a delta patch or the compressed image (they name that artifact) as about the release', () => {
    const s = rollout([2, 2], { maxFailures: 1 })
    const patch = 'ef'.repeat(32)
    const ofRelease = (id: string): boolean => id === patch
    // Without knowing the release's other artifacts the event is another release's: the bug a pause exposed.
    expect(applyEvent(s, event('d1', State.DOWNLOADING, { artifact: fromHex(patch) }), 1)).toBe(false)
    expect(applyEvent(s, event('d1', State.DOWNLOADING, { artifact: fromHex(patch) }), 1, undefined, ofRelease)).toBe(true)
    expect(s.devices[0]!.state).toBe('updating')
    expect(applyEvent(s, event('d2', State.FAILED, { artifact: fromHex(patch), errorCode: 'OTA_DELTA_BASE' }), 2, undefined, ofRelease)).toBe(true)
    expect([s.devices[1]!.state, s.devices[1]!.reason]).toEqual(['failed', 'OTA_DELTA_BASE'])
  })

  it('advances when the success share of the wave confirmed, completes after the last wave', () => {
    const s = rollout([2, 2])
    expect(judge(s, 10)).toEqual({ action: 'wait', until: 1000 })
    applyEvent(s, event('d1', State.CONFIRMED, { currentVersion: '2.0.0' }), 10)
    expect(judge(s, 10)).toEqual({ action: 'wait', until: 1000 })
    applyEvent(s, event('d2', State.CONFIRMED, { currentVersion: '2.0.0' }), 10)
    expect(judge(s, 10)).toEqual({ action: 'advance' })
    s.wave = 1
    s.waves[1]!.deadline = 2000
    for (const d of s.devices.slice(2)) d.state = 'offered'
    for (const id of ['d3', 'd4']) applyEvent(s, event(id, State.CONFIRMED, { currentVersion: '2.0.0' }), 20)
    expect(judge(s, 20)).toEqual({ action: 'complete' })
  })

  it('pauses on the failure rule once minDevices finished', () => {
    const s = rollout([10, 10], { maxFailures: 0.2, minDevices: 5 })
    applyEvent(s, event('d1', State.FAILED, { errorCode: 'OTA_IO' }), 1)
    applyEvent(s, event('d2', State.REJECTED, { errorCode: 'OTA_ROLLBACK' }), 1)
    expect(judge(s, 1).action).toBe('wait') // 2 finished < minDevices 5
    for (const id of ['d3', 'd4', 'd5']) applyEvent(s, event(id, State.CONFIRMED, { currentVersion: '2.0.0' }), 1)
    const v = judge(s, 1) // 2 of 5 = 40 % > 20 %
    expect(v.action).toBe('pause')
    expect(v.action === 'pause' && v.reason).toMatch(/2 of 5 finished devices failed/)
  })

  it('at the deadline expires silent devices, leaves never-started ones out, and judges who took part', () => {
    const s = rollout([4, 4], { success: 0.5, maxFailures: 1 })
    applyEvent(s, event('d1', State.CONFIRMED, { currentVersion: '2.0.0' }), 1)
    applyEvent(s, event('d2', State.DOWNLOADING), 1)
    // d3, d4 never started (offline or deferring).
    expect(judge(s, 1000)).toEqual({ action: 'expire', deviceIds: ['d2'] })
    failDevice(s, 'd2', 'TIMEOUT', 1000)
    expect(s.devices[1]).toMatchObject({ state: 'failed', reason: 'TIMEOUT' })
    // 1 of the 2 that took part confirmed: 50 % reaches the success share.
    expect(judge(s, 1000)).toEqual({ action: 'advance' })
    s.spec.success = 0.75
    const v = judge(s, 1000)
    expect(v.action === 'pause' && v.reason).toMatch(/1 of 2 device\(s\) that took part confirmed/)
    const idle = rollout([3, 3])
    const w = judge(idle, 1000)
    expect(w.action === 'pause' && w.reason).toMatch(/none of its 3 device\(s\) took part/)
  })

  it('accepted failures (a resume) no longer count', () => {
    const s = rollout([3, 3])
    applyEvent(s, event('d1', State.REVERTED, { errorCode: 'OTA_HEALTH_CHECK' }), 1)
    applyEvent(s, event('d2', State.CONFIRMED, { currentVersion: '2.0.0' }), 1)
    applyEvent(s, event('d3', State.CONFIRMED, { currentVersion: '2.0.0' }), 1)
    expect(judge(s, 1).action).toBe('pause')
    s.devices[0]!.accepted = true
    expect(judge(s, 1)).toEqual({ action: 'advance' })
    // A later confirm of a failed device counts as success and clears the acceptance.
    applyEvent(s, event('d1', State.CONFIRMED, { currentVersion: '2.0.0' }), 2)
    expect(s.devices[0]).toMatchObject({ state: 'succeeded', accepted: false })
  })

  it('a device whose owner declined is recorded but counted neither way', () => {
    const s = rollout([3, 3])
    applyEvent(s, event('d1', State.REJECTED, { errorCode: 'OTA_DECLINED' }), 1)
    expect(s.devices[0]).toMatchObject({ state: 'failed', reason: 'OTA_DECLINED', accepted: true })
    applyEvent(s, event('d2', State.CONFIRMED, { currentVersion: '2.0.0' }), 1)
    expect(judge(s, 1).action).toBe('wait')
    applyEvent(s, event('d3', State.CONFIRMED, { currentVersion: '2.0.0' }), 1)
    expect(judge(s, 1)).toEqual({ action: 'advance' })
  })

  it('an update the broker stopped (offer cleared while paused, chunk refused) is not a failure: the device is offered again', () => {
    const s = rollout([3, 3], { maxFailures: 0, minDevices: 1 })
    applyEvent(s, event('d1', State.DOWNLOADING), 1)
    expect(applyEvent(s, event('d1', State.FAILED, { errorCode: 'OTA_WITHDRAWN' }), 2)).toBe(true)
    expect(s.devices[0]).toMatchObject({ state: 'offered', reason: '' })
    expect(applyEvent(s, event('d2', State.FAILED, { errorCode: 'OTA_NOT_OFFERED' }), 2)).toBe(false)
    expect(s.devices[1]).toMatchObject({ state: 'offered', reason: '' })
    expect(judge(s, 3).action).toBe('wait')
  })

  it('a paused rollout is idle; a wave with no device advances at once', () => {
    const s = rollout([1, 0, 1])
    applyEvent(s, event('d1', State.CONFIRMED, { currentVersion: '2.0.0' }), 1)
    expect(judge(s, 1)).toEqual({ action: 'advance' })
    s.wave = 1
    expect(judge(s, 1)).toEqual({ action: 'advance' })
    s.phase = 'paused'
    expect(judge(s, 1)).toEqual({ action: 'idle' })
  })
})

describe('plugin options of rollouts and brick detection', () => {
  const root = generateKeyPair('root')
  const trust = verifyRoot(signEnvelope({ type: BodyType.ROOT, root: { version: 1, threshold: 1, rootKeys: [publicKeyEntry(root)], signingKeys: [], releaseThreshold: 1, createdAt: 0, expiresAt: 0 } }, [root]))
  const base = { trust, dataDir: '/tmp/x' }

  it('defaults: no groups, confirmTimeoutMs 15 min; groups deduplicated', () => {
    expect(resolveOptions(base)).toMatchObject({ groups: {}, confirmTimeoutMs: 900_000 })
    expect(resolveOptions({ ...base, groups: { lab: ['a', 'b', 'a'] }, confirmTimeoutMs: 5 })).toMatchObject({ groups: { lab: ['a', 'b'] }, confirmTimeoutMs: 5 })
  })

  it('refuses bad groups and timeouts with OTA_INVALID_ARGUMENT', () => {
    for (const bad of [{ groups: [] }, { groups: { 'a/b': ['x'] } }, { groups: { lab: ['#'] } }, { groups: { lab: 'x' } }, { confirmTimeoutMs: 0 }, { confirmTimeoutMs: 1.5 }]) {
      expect(code(() => resolveOptions({ ...base, ...bad } as never)), JSON.stringify(bad)).toBe('OTA_INVALID_ARGUMENT')
    }
  })
})
