/**
 * The deny-by-default rules as pure functions: every allowed case, and the refusals next to them.
 */
import { describe, expect, it } from 'vitest'
import { Topics } from '../proto/index.js'
import { filterTouchesPrefix, mayForward, mayPublish, maySubscribe, type Identity } from '../broker/acl.js'

const t = new Topics('ota')
const dev: Identity = { role: 'device', id: 'dev-1', model: 'm1' }
const op: Identity = { role: 'operator', id: 'op-1' }
const limits = { req: 256, audit: 4096, adminRelease: 1 << 20, adminRequest: (1 << 20) + 64 }

describe('filterTouchesPrefix', () => {
  it('says which filters can match a topic under the prefix', () => {
    for (const f of ['ota', 'ota/#', 'ota/d/+/req', '#', '+', '+/d/x/req', '+/#']) expect(filterTouchesPrefix(f, 'ota'), f).toBe(true)
    for (const f of ['otaa', 'otab/x', 'x/ota', '$SYS/#', 'other/#', '']) expect(filterTouchesPrefix(f, 'ota'), f).toBe(false)
    expect(filterTouchesPrefix('acme/+/x', 'acme/ota')).toBe(true)
    expect(filterTouchesPrefix('acme', 'acme/ota')).toBe(false)
    expect(filterTouchesPrefix('acme/#', 'acme/ota')).toBe(true)
  })
})

describe('maySubscribe', () => {
  it('lets a device have its model manifest, the root and its own device topics only', () => {
    for (const f of ['ota/m/m1/manifest', 'ota/trust/root', 'ota/d/dev-1/data', 'ota/d/dev-1/state', 'ota/d/dev-1/#']) expect(maySubscribe(dev, f, t), f).toBe(true)
    for (const f of ['ota/m/m2/manifest', 'ota/m/+/manifest', 'ota/d/dev-2/data', 'ota/d/+/data', 'ota/d/dev-1/req', 'ota/audit/dev-1', 'ota/audit/+', 'ota/#', '#', '+/d/dev-1/data', 'ota/admin/dev-1/result']) {
      expect(maySubscribe(dev, f, t), f).toBe(false)
    }
  })

  it('lets an operator watch the fleet and its own admin results, nothing else', () => {
    for (const f of ['ota/trust/root', 'ota/audit/+', 'ota/audit/dev-1', 'ota/d/+/state', 'ota/d/dev-1/state', 'ota/m/+/manifest', 'ota/m/m1/manifest', 'ota/admin/op-1/result']) {
      expect(maySubscribe(op, f, t), f).toBe(true)
    }
    for (const f of ['ota/#', '#', 'ota/d/+/req', 'ota/d/dev-1/data', 'ota/d/+/#', 'ota/admin/op-2/result', 'ota/admin/+/release', 'ota/admin/op-1/release']) {
      expect(maySubscribe(op, f, t), f).toBe(false)
    }
  })

  it('refuses clients without an OTA identity', () => {
    expect(maySubscribe(null, 'ota/trust/root', t)).toBe(false)
  })
})

describe('mayPublish', () => {
  it('allows a device its own request and audit topics within their limits, never retained', () => {
    expect(mayPublish(dev, 'ota/d/dev-1/req', 10, false, t, limits)).toEqual({ allow: true, kind: 'req' })
    expect(mayPublish(dev, 'ota/audit/dev-1', 10, false, t, limits)).toEqual({ allow: true, kind: 'audit' })
    expect(mayPublish(dev, 'ota/d/dev-1/req', 257, false, t, limits).allow).toBe(false)
    expect(mayPublish(dev, 'ota/audit/dev-1', 10, true, t, limits).allow).toBe(false)
    for (const topic of ['ota/d/dev-2/req', 'ota/audit/dev-2', 'ota/d/dev-1/data', 'ota/d/dev-1/state', 'ota/m/m1/manifest', 'ota/trust/root', 'ota/admin/dev-1/release', 'ota/x']) {
      expect(mayPublish(dev, topic, 10, false, t, limits).allow, topic).toBe(false)
    }
  })

  it('allows an operator only bundles on its own admin topic', () => {
    expect(mayPublish(op, 'ota/admin/op-1/release', 1000, false, t, limits)).toEqual({ allow: true, kind: 'adminRelease' })
    expect(mayPublish(op, 'ota/admin/op-1/release', (1 << 20) + 1, false, t, limits).allow).toBe(false)
    for (const topic of ['ota/admin/op-2/release', 'ota/audit/dev-1', 'ota/m/m1/manifest', 'ota/d/dev-1/data']) expect(mayPublish(op, topic, 10, false, t, limits).allow, topic).toBe(false)
    expect(mayPublish(null, 'ota/d/dev-1/req', 10, false, t, limits).allow).toBe(false)
  })
})

describe('mayForward', () => {
  it('never forwards requests or bundles, and keeps data and state with their owners', () => {
    expect(mayForward(dev, 'ota/d/dev-1/req', t)).toBe(false)
    expect(mayForward(op, 'ota/admin/op-1/release', t)).toBe(false)
    expect(mayForward(dev, 'ota/d/dev-1/data', t)).toBe(true)
    expect(mayForward(dev, 'ota/d/dev-2/data', t)).toBe(false)
    expect(mayForward(op, 'ota/d/dev-1/data', t)).toBe(false)
    expect(mayForward(op, 'ota/d/dev-1/state', t)).toBe(true)
    expect(mayForward({ role: 'device', id: 'dev-2', model: 'm1' }, 'ota/d/dev-1/state', t)).toBe(false)
    expect(mayForward(dev, 'ota/m/m1/manifest', t)).toBe(true)
    expect(mayForward(dev, 'ota/m/m2/manifest', t)).toBe(false)
    expect(mayForward(dev, 'ota/audit/dev-1', t)).toBe(false)
    expect(mayForward(op, 'ota/audit/dev-1', t)).toBe(true)
    expect(mayForward(op, 'ota/admin/op-1/result', t)).toBe(true)
    expect(mayForward(op, 'ota/admin/op-2/result', t)).toBe(false)
    expect(mayForward(null, 'ota/trust/root', t)).toBe(false)
    expect(mayForward(dev, 'ota/unknown/x', t)).toBe(false)
  })
})
