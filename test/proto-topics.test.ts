/**
 * The MQTT topic layout (proto/topics.ts): builders, parse, prefixes, identifiers.
 */
import { describe, it, expect } from 'vitest'
import { IDENTIFIER, Topics, assertIdentifier, isIdentifier, isOtaError, type TopicKind } from '../proto/index.js'

const IDS = ['dev-0042', 'a', 'A9', 'sensor.v2', 'x_y-z.1', '0', 'a'.repeat(64)]
const BUILDERS: Array<[TopicKind, (t: Topics, id: string) => string]> = [
  ['manifest', (t, id) => t.manifest(id)],
  ['req', (t, id) => t.req(id)],
  ['data', (t, id) => t.data(id)],
  ['state', (t, id) => t.state(id)],
  ['audit', (t, id) => t.audit(id)],
  ['adminRelease', (t, id) => t.adminRelease(id)],
  ['adminResult', (t, id) => t.adminResult(id)]
]

describe('Topics: the default prefix', () => {
  const t = new Topics()

  it('builds the documented layout', () => {
    expect(t.prefix).toBe('ota')
    expect(t.root()).toBe('ota/trust/root')
    expect(t.manifest('sensor-v2')).toBe('ota/m/sensor-v2/manifest')
    expect(t.req('dev1')).toBe('ota/d/dev1/req')
    expect(t.data('dev1')).toBe('ota/d/dev1/data')
    expect(t.state('dev1')).toBe('ota/d/dev1/state')
    expect(t.audit('dev1')).toBe('ota/audit/dev1')
    expect(t.adminRelease('op1')).toBe('ota/admin/op1/release')
    expect(t.adminResult('op1')).toBe('ota/admin/op1/result')
    expect(t.auditAll()).toBe('ota/audit/+')
    expect(t.stateAll()).toBe('ota/d/+/state')
  })

  it('parse round-trips every builder and identifier', () => {
    expect(t.parse(t.root())).toEqual({ kind: 'root', id: '' })
    for (const [kind, build] of BUILDERS) {
      for (const id of IDS) expect(t.parse(build(t, id)), `${kind} ${id}`).toEqual({ kind, id })
    }
  })

  it('parse rejects wildcards, invalid ids, extra or missing levels and unknown kinds', () => {
    const bad = [
      'ota/d/+/req', 'ota/d/#', 'ota/#', 'ota/+/root', 'ota/m/+/manifest', 'ota/audit/+', 'ota/admin/+/release', 'ota/trust/+',
      'ota/d/dev 1/req', 'ota/d/-dev/req', 'ota/d/.dev/req', 'ota/d//req', 'ota/d/' + 'a'.repeat(65) + '/req', 'ota/m/é/manifest',
      'ota/d/dev1/req/extra', 'ota/d/dev1', 'ota/audit/dev1/x', 'ota/trust/root/x', 'ota/m/sensor/manifest/x', 'ota/admin/op/release/x',
      'ota/d/dev1/other', 'ota/admin/op/other', 'ota/trust/other', 'ota/x/dev1/req', 'ota/m/sensor', 'ota/trust',
      'ota', 'ota/', 'other/d/dev1/req', 'otaa/d/dev1/req', '/ota/d/dev1/req', 'OTA/d/dev1/req', ''
    ]
    for (const topic of bad) expect(t.parse(topic), topic).toBeNull()
  })
})

describe('Topics: custom prefixes', () => {
  for (const prefix of ['fleet', 'acme/ota', 'a/b/c', 'x-1.y_z']) {
    it(`builds and parses under ${prefix}`, () => {
      const t = new Topics(prefix)
      expect(t.prefix).toBe(prefix)
      expect(t.root()).toBe(`${prefix}/trust/root`)
      expect(t.req('d1')).toBe(`${prefix}/d/d1/req`)
      expect(t.parse(t.root())).toEqual({ kind: 'root', id: '' })
      for (const [kind, build] of BUILDERS) expect(t.parse(build(t, 'id-7')), kind).toEqual({ kind, id: 'id-7' })
      // the default layout is not under this prefix
      expect(t.parse('ota/d/d1/req')).toBeNull()
      expect(new Topics().parse(t.req('d1'))).toBeNull()
    })
  }

  it('a prefix with levels does not parse topics of a shorter prefix', () => {
    expect(new Topics('acme/ota').parse('acme/d/d1/req')).toBeNull()
    expect(new Topics('acme').parse('acme/ota/d/d1/req')).toBeNull()
  })

  it('bad prefixes throw OTA_INVALID_ARGUMENT', () => {
    for (const prefix of ['', '+', '#', 'a/+', 'a/#', 'a+b', '$SYS', '$ota', '/ota', 'ota/', 'a\u0000b']) {
      let e: unknown
      try { new Topics(prefix) } catch (x) { e = x }
      expect(isOtaError(e, 'OTA_INVALID_ARGUMENT'), JSON.stringify(prefix)).toBe(true)
    }
  })
})

describe('identifiers', () => {
  it('isIdentifier accepts 1-64 of [A-Za-z0-9._-] starting alphanumeric, nothing else', () => {
    for (const id of IDS) expect(isIdentifier(id), id).toBe(true)
    for (const id of ['', '-a', '.a', '_a', 'a b', 'a/b', 'a+b', 'a#b', 'a'.repeat(65), 'é', 'a\n', '\u0000', 5, null, undefined, {}, ['a']]) {
      expect(isIdentifier(id), JSON.stringify(id)).toBe(false)
    }
    expect(IDENTIFIER.test('a'.repeat(64))).toBe(true)
  })

  it('assertIdentifier returns the id or throws OTA_INVALID_ARGUMENT naming what', () => {
    expect(assertIdentifier('dev1', 'device id')).toBe('dev1')
    let e: unknown
    try { assertIdentifier('bad id', 'device id') } catch (x) { e = x }
    expect(isOtaError(e, 'OTA_INVALID_ARGUMENT')).toBe(true)
    expect((e as Error).message).toContain('device id')
  })
})
