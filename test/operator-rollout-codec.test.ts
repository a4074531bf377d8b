/**
 * The rollout admin messages (proto/codec/rollout.ts wired into proto/codec/operator.ts): every
 * request and answer kind round-trips; a spec's unset fields stay unset (the broker's defaults
 * apply) and set ones keep their exact values, 0 included; structural rules refuse with
 * OTA_FIELD; the size limits apply before decoding.
 */
import { describe, it, expect } from 'vitest'
import { ota } from '../proto/gen/ota.js'
import { isOtaError, type OtaError } from '../proto/index.js'
import { AdminLimits, decodeAdminAnswer, decodeAdminRequest, encodeAdminAnswer, encodeAdminRequest, type AdminAnswer, type AdminRequest } from '../proto/codec/operator.js'
import { RolloutLimits } from '../proto/codec/rollout.js'
import type { RolloutPlan, RolloutStatus } from '../broker/rollout/types.js'

const MAX_BUNDLE = 1 << 20

function codeOf (fn: () => unknown): string {
  try { fn() } catch (e) { return isOtaError(e) ? (e as OtaError).code : `not an OtaError: ${String(e)}` }
  return 'nothing thrown'
}

function plain<T> (v: T): T {
  // Buffer.toJSON runs before a replacer sees the value: turn both byte shapes into plain arrays.
  return JSON.parse(JSON.stringify(v, (_k, x: unknown) => {
    if (x instanceof Uint8Array) return [...x]
    const b = x as { type?: unknown, data?: unknown } | null
    return b !== null && typeof b === 'object' && b.type === 'Buffer' && Array.isArray(b.data) ? b.data : x
  })) as T
}

const status: RolloutStatus = {
  id: 'ath9k-2.0.0-0123abcd',
  model: 'ath9k',
  version: '2.0.0',
  artifact: 'ab'.repeat(32),
  sequence: 7,
  phase: 'paused',
  reason: 'failures 2/4 above 5%',
  wave: 1,
  spec: { waves: [0.25, 0.5, 1], success: 0.95, maxFailures: 0, minDevices: 3, waveTimeoutMs: 1_800_000, confirmTimeoutMs: 900_000, group: 'lab' },
  waves: [
    { index: 0, share: 0.25, devices: 2, offered: 0, updating: 0, succeeded: 2, failed: 0, startedAt: 1_700_000_000_000, deadline: 1_700_001_800_000 },
    { index: 1, share: 0.5, devices: 2, offered: 0, updating: 0, succeeded: 0, failed: 2, startedAt: 1_700_000_100_000, deadline: 1_700_001_900_000 },
    { index: 2, share: 1, devices: 4, offered: 0, updating: 0, succeeded: 0, failed: 0, startedAt: 0, deadline: 0 }
  ],
  devices: [
    { deviceId: 'dev-1', wave: 0, state: 'succeeded', reason: '', updatedAt: 1_700_000_050_000, accepted: false },
    { deviceId: 'dev-2', wave: 1, state: 'failed', reason: 'OTA_HEALTH_CHECK', updatedAt: 1_700_000_150_000, accepted: true },
    { deviceId: 'dev-3', wave: 2, state: 'waiting', reason: '', updatedAt: 1_700_000_000_000, accepted: false },
    { deviceId: 'dev-4', wave: 2, state: 'withdrawn', reason: 'aborted', updatedAt: 1_700_000_200_000, accepted: false }
  ],
  startedBy: 'operator',
  startedAt: 1_700_000_000_000,
  updatedAt: 1_700_000_200_000
}

const plan: RolloutPlan = {
  model: 'ath9k',
  version: '2.0.0',
  artifact: 'cd'.repeat(32),
  securityVersion: 3,
  waves: [{ index: 0, share: 0.5, devices: [{ deviceId: 'dev-1', online: true, currentVersion: '1.0.0', support: 2, endOfLifeAt: 1_800_000_000_000 }] },
    { index: 1, share: 1, devices: [{ deviceId: 'dev-2', online: false, currentVersion: '', support: 0, endOfLifeAt: 0 }] }],
  excluded: [{ deviceId: 'dev-9', reason: 'security version 5 is above the release\'s 3' }],
  warnings: ['1 target(s) offline now (offered when they connect): dev-2']
}

describe('rollout admin requests', () => {
  it('round-trip every kind; unset spec fields stay unset, 0 stays 0', () => {
    const bundle = new Uint8Array([1, 2, 3, 4])
    const requests: AdminRequest[] = [
      { kind: 'rolloutStart', bundle, spec: { waves: [0.01, 0.1, 1] }, force: false },
      { kind: 'rolloutStart', bundle, spec: { waves: [0.5, 1], success: 0.95, maxFailures: 0, minDevices: 0, waveTimeoutMs: 0, confirmTimeoutMs: 60_000, devices: ['a-1', 'b-2'] }, force: true },
      { kind: 'rolloutPlan', release: bundle, spec: { waves: [1], group: 'lab' } },
      { kind: 'rolloutStatus', id: '' },
      { kind: 'rolloutStatus', id: 'ath9k-2.0.0-0123abcd' },
      { kind: 'rolloutControl', id: 'r1', action: 'pause' },
      { kind: 'rolloutControl', id: 'r1', action: 'resume' },
      { kind: 'rolloutControl', id: 'r1', action: 'abort' }
    ]
    for (const r of requests) expect(plain(decodeAdminRequest(encodeAdminRequest(r), MAX_BUNDLE)), r.kind).toEqual(plain(r))
    const first = decodeAdminRequest(encodeAdminRequest(requests[0]!), MAX_BUNDLE)
    expect(first.kind === 'rolloutStart' && Object.keys(first.spec)).toEqual(['waves'])
  })

  it('refuses structural faults with OTA_FIELD and oversized requests before decoding', () => {
    const pb = ota.v1
    const enc = (m: ota.v1.IAdminRequest): Uint8Array => pb.AdminRequest.encode(m).finish()
    expect(codeOf(() => decodeAdminRequest(enc({ rolloutControl: { id: 'r1', action: 0 } }), MAX_BUNDLE))).toBe('OTA_FIELD')
    expect(codeOf(() => decodeAdminRequest(enc({ rolloutControl: { id: 'r1', action: 9 } }), MAX_BUNDLE))).toBe('OTA_FIELD')
    expect(codeOf(() => decodeAdminRequest(enc({ rolloutControl: { id: '', action: 1 } }), MAX_BUNDLE))).toBe('OTA_FIELD')
    expect(codeOf(() => decodeAdminRequest(enc({ rolloutStatus: { id: 'x'.repeat(257) } }), MAX_BUNDLE))).toBe('OTA_FIELD')
    expect(codeOf(() => decodeAdminRequest(enc({ rolloutPlan: { release: new Uint8Array(1), spec: { waves: [NaN] } } }), MAX_BUNDLE))).toBe('OTA_FIELD')
    expect(codeOf(() => decodeAdminRequest(enc({ rolloutPlan: { release: new Uint8Array(1), spec: { waves: [1], success: Infinity } } }), MAX_BUNDLE))).toBe('OTA_FIELD')
    expect(codeOf(() => decodeAdminRequest(enc({ rolloutPlan: { release: new Uint8Array(1), spec: { waves: [1], devices: ['bad id!'] } } }), MAX_BUNDLE))).toBe('OTA_FIELD')
    expect(codeOf(() => decodeAdminRequest(enc({ rolloutPlan: { release: new Uint8Array(1), spec: { waves: [1], group: '../x' } } }), MAX_BUNDLE))).toBe('OTA_FIELD')
    expect(codeOf(() => decodeAdminRequest(enc({ rolloutPlan: { release: new Uint8Array(1), spec: { waves: new Array<number>(RolloutLimits.maxWaves + 1).fill(1) } } }), MAX_BUNDLE))).toBe('OTA_FIELD')
    const many = Array.from({ length: RolloutLimits.maxSpecDevices + 1 }, (_, i) => `d-${i}`)
    expect(codeOf(() => decodeAdminRequest(enc({ rolloutPlan: { release: new Uint8Array(1), spec: { waves: [1], devices: many } } }), MAX_BUNDLE))).toBe('OTA_FIELD')
    // The largest legal spec fits the request overhead: a full bundle plus 10 000 longest ids.
    const longest = Array.from({ length: RolloutLimits.maxSpecDevices }, (_, i) => `d${String(i).padStart(63, '0')}`)
    const full = enc({ rolloutStart: { bundle: new Uint8Array(MAX_BUNDLE), force: true, spec: { waves: new Array<number>(RolloutLimits.maxWaves).fill(1), success: 1, maxFailures: 1, minDevices: 1_000_000, waveTimeoutMs: 2 ** 40, confirmTimeoutMs: 2 ** 40, devices: longest, group: 'g'.repeat(64) } } })
    expect(full.length).toBeLessThanOrEqual(MAX_BUNDLE + AdminLimits.requestOverhead)
    expect(decodeAdminRequest(full, MAX_BUNDLE).kind).toBe('rolloutStart')
    expect(codeOf(() => decodeAdminRequest(new Uint8Array(MAX_BUNDLE + AdminLimits.requestOverhead + 1), MAX_BUNDLE))).toBe('OTA_TOO_LARGE')
  })
})

describe('rollout admin answers', () => {
  it('round-trip rollouts and plans exactly', () => {
    const answers: AdminAnswer[] = [
      { kind: 'rollouts', rollouts: [] },
      { kind: 'rollouts', rollouts: [status, { ...status, id: 'other', phase: 'completed', spec: { ...status.spec, group: undefined, devices: ['dev-1'] } }] },
      { kind: 'rolloutPlan', plan },
      { kind: 'rolloutPlan', plan: { ...plan, waves: [], excluded: [], warnings: [] } }
    ]
    for (const a of answers) expect(plain(decodeAdminAnswer(encodeAdminAnswer(a)))).toEqual(plain(a))
  })

  it('refuses invalid records with OTA_FIELD and oversized answers before decoding', () => {
    const bad = (s: Partial<RolloutStatus>): Uint8Array => encodeAdminAnswer({ kind: 'rollouts', rollouts: [{ ...status, ...s }] })
    expect(codeOf(() => decodeAdminAnswer(bad({ model: 'a b' })))).toBe('OTA_FIELD')
    expect(codeOf(() => decodeAdminAnswer(bad({ id: '' })))).toBe('OTA_FIELD')
    expect(codeOf(() => decodeAdminAnswer(bad({ devices: [{ deviceId: '../x', wave: 0, state: 'failed', reason: '', updatedAt: 0, accepted: false }] })))).toBe('OTA_FIELD')
    const noDefaults = ota.v1.AdminAnswer.encode({ rollouts: { rollouts: [{ id: 'r', model: 'm', version: '1', artifact: new Uint8Array(32), phase: 1, spec: { waves: [1] } }] } }).finish()
    expect(codeOf(() => decodeAdminAnswer(noDefaults))).toBe('OTA_FIELD')
    const noPhase = ota.v1.AdminAnswer.encode({ rollouts: { rollouts: [{ id: 'r', model: 'm', version: '1', artifact: new Uint8Array(32), phase: 0 }] } }).finish()
    expect(codeOf(() => decodeAdminAnswer(noPhase))).toBe('OTA_FIELD')
    const shortArtifact = ota.v1.AdminAnswer.encode({ rolloutPlan: { model: 'm', version: '1', artifact: new Uint8Array(31) } }).finish()
    expect(codeOf(() => decodeAdminAnswer(shortArtifact))).toBe('OTA_FIELD')
    expect(codeOf(() => decodeAdminAnswer(new Uint8Array(AdminLimits.answer + 1)))).toBe('OTA_TOO_LARGE')
  })
})
