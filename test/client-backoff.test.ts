/** The connection retry delays: capped exponential, jittered within the documented bounds. */
import { describe, it, expect } from 'vitest'
import { backoffDelay } from '../client/backoff.js'
import { resolveOptions } from '../client/options.js'
import { DeviceDefaults } from '../client/index.js'

const o = { initialDelayMs: 1000, maxDelayMs: 60_000 }

describe('backoffDelay', () => {
  it('doubles from the initial delay up to the cap (random at its top end)', () => {
    const top = (): number => 1 - Number.EPSILON
    expect([0, 1, 2, 3, 5, 6, 7, 100].map((a) => backoffDelay(a, { ...o, jitter: 'full' }, top))).toEqual([1000, 2000, 4000, 8000, 32_000, 60_000, 60_000, 60_000])
  })

  it('full jitter draws from [0, base], equal jitter from [base/2, base]', () => {
    expect(backoffDelay(3, { ...o, jitter: 'full' }, () => 0)).toBe(0)
    expect(backoffDelay(3, { ...o, jitter: 'full' }, () => 0.5)).toBe(4000)
    expect(backoffDelay(3, { ...o, jitter: 'equal' }, () => 0)).toBe(4000)
    expect(backoffDelay(3, { ...o, jitter: 'equal' }, () => 0.5)).toBe(6000)
    for (let a = 0; a < 40; a++) {
      const base = Math.min(60_000, 1000 * 2 ** a)
      const e = backoffDelay(a, { ...o, jitter: 'equal' })
      const f = backoffDelay(a, { ...o, jitter: 'full' })
      expect(e).toBeGreaterThanOrEqual(base / 2)
      expect(e).toBeLessThanOrEqual(base)
      expect(f).toBeGreaterThanOrEqual(0)
      expect(f).toBeLessThanOrEqual(base)
    }
  })

  it('device options: defaults from DeviceDefaults, bad values refused', () => {
    const base = {
      id: 'dev-1', model: 'm', stateDir: '/tmp/x', broker: 'mqtts://127.0.0.1:1',
      trust: { envelope: new Uint8Array(1), root: {} } as never, tls: { ca: Buffer.from('a'), cert: Buffer.from('b'), key: Buffer.from('c') }
    }
    const r = resolveOptions(base)
    expect(r.backoff).toEqual({ initialDelayMs: DeviceDefaults.backoffInitialDelayMs, maxDelayMs: DeviceDefaults.backoffMaxDelayMs, jitter: DeviceDefaults.backoffJitter })
    expect(r.connectTimeoutMs).toBe(0)
    expect(resolveOptions({ ...base, backoff: { initialDelayMs: 50, maxDelayMs: 400, jitter: 'full' } }).backoff).toEqual({ initialDelayMs: 50, maxDelayMs: 400, jitter: 'full' })
    expect(() => resolveOptions({ ...base, backoff: { jitter: 'none' as never } })).toThrow(/jitter/)
    expect(() => resolveOptions({ ...base, backoff: { initialDelayMs: 5000, maxDelayMs: 1000 } })).toThrow(/maxDelayMs/)
    expect(() => resolveOptions({ ...base, connectTimeoutMs: -1 })).toThrow(/connectTimeoutMs/)
  })
})
