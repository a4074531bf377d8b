/**
 * The service registry (broker/service/registry.ts), the Mosquitto file generator
 * (cli/acl/mosquitto.ts) and the command `aedes-ota acl mosquitto` (the built CLI as a process):
 * what they write, and every refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { initPki, type PkiLayout } from '../certs/index.js'
import { Topics, isOtaError } from '../proto/index.js'
import { AdminLimits } from '../proto/codec/operator.js'
import { RegistryLimits, parseRegistry, readRegistry, type ServiceRegistry } from '../broker/service/registry.js'
import { MQTT_MAX_PACKET, MosquittoAclDefaults, checkService, mosquittoAcl, mosquittoConf, mosquittoMaxPacketSize, type MosquittoConfInput } from '../cli/acl/mosquitto.js'
import { runCli } from './helpers/cli.js'

/** The error `fn` throws (sync or async), asserting it is an OtaError with `code`. */
async function otaError (fn: () => unknown, code: string): Promise<Error> {
  try {
    await fn()
  } catch (e) {
    expect(isOtaError(e), String(e)).toBe(true)
    expect((e as { code: string }).code, (e as Error).message).toBe(code)
    return e as Error
  }
  throw new Error(`expected ${code}, nothing was thrown`)
}

const reg = (devices: Array<[string, string]>, operators: string[]): ServiceRegistry => ({ devices: new Map(devices), operators: new Set(operators) })

let dir: string
let pki: PkiLayout
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aedes-ota-acl-'))
  pki = await initPki({ out: join(dir, 'pki'), model: 'ma', devices: 2, operators: ['operator', 'ota-service'] })
})
afterAll(async () => { if (dir !== undefined) await rm(dir, { recursive: true, force: true }) })

describe('parseRegistry', () => {
  it('reads devices with their models and operators, in the file\'s order', () => {
    const r = parseRegistry({ devices: [{ id: 'dev-2', model: 'mb' }, { id: 'dev-1', model: 'ma' }], operators: ['ota-service', 'alice'] }, 'r.json')
    expect([...r.devices]).toEqual([['dev-2', 'mb'], ['dev-1', 'ma']])
    expect([...r.operators]).toEqual(['ota-service', 'alice'])
    expect(parseRegistry({ devices: [], operators: [] }, 'r.json').devices.size).toBe(0)
  })

  it('refuses what is not a registry, naming the file and the entry', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [[], /r\.json is not a valid registry: not an object/],
      [null, /not an object/],
      [{ devices: [] }, /operators must be an array/],
      [{ devices: {}, operators: [] }, /devices must be an array/],
      [{ devices: [], operators: [], operator: [] }, /the registry has an unknown field "operator"/],
      [{ devices: ['dev-1'], operators: [] }, /devices\[0\] must be an object/],
      [{ devices: [{ id: 'dev-1', model: 'ma', owner: 'x' }], operators: [] }, /devices\[0\] has an unknown field "owner"/],
      [{ devices: [{ id: 'dev-1', model: 'ma' }, { id: 'dev/2', model: 'ma' }], operators: [] }, /devices\[1\]\.id must match .*got "dev\/2"/],
      [{ devices: [{ id: 'dev-1' }], operators: [] }, /devices\[0\]\.model must match/],
      [{ devices: [{ id: 'dev-1', model: 'm+' }], operators: [] }, /devices\[0\]\.model must match .*"m\+"/],
      [{ devices: [{ id: 'dev-1', model: 'ma' }, { id: 'dev-1', model: 'mb' }], operators: [] }, /devices\[1\]: device dev-1 is listed twice/],
      [{ devices: [], operators: ['alice', 'alice'] }, /operators\[1\]: operator alice is listed twice/],
      [{ devices: [], operators: ['#'] }, /operators\[0\] must match/],
      [{ devices: [{ id: 'dev-1', model: 'ma' }], operators: ['dev-1'] }, /operators\[0\]: dev-1 is also a device/]
    ]
    for (const [json, message] of cases) {
      const e = await otaError(() => parseRegistry(json, 'r.json'), 'OTA_INVALID_ARGUMENT')
      expect(e.message).toMatch(/^r\.json/)
      expect(e.message).toMatch(message)
    }
  })

  it('refuses more devices or operators than its limits (OTA_TOO_LARGE) before looking at them', async () => {
    const entry = { id: 'dev-1', model: 'ma' }
    expect((await otaError(() => parseRegistry({ devices: new Array(RegistryLimits.devices + 1).fill(entry), operators: [] }, 'r.json'), 'OTA_TOO_LARGE')).message)
      .toMatch(/1000001 devices, more than the limit of 1000000/)
    await otaError(() => parseRegistry({ devices: [], operators: new Array(RegistryLimits.operators + 1).fill('x') }, 'r.json'), 'OTA_TOO_LARGE')
  })
})

describe('readRegistry', () => {
  it('reads a dev PKI\'s devices, models and operators from its pki.json', async () => {
    const r = await readRegistry({ pki: pki.dir })
    expect([...r.devices]).toEqual([['dev-0001', 'ma'], ['dev-0002', 'ma']])
    expect([...r.operators]).toEqual(['operator', 'ota-service'])
  })

  it('reads a registry file', async () => {
    const f = join(dir, 'fleet.json')
    await writeFile(f, JSON.stringify({ devices: [{ id: 'pump-1', model: 'pump' }], operators: ['ota-service'] }))
    const r = await readRegistry({ file: f })
    expect(r.devices.get('pump-1')).toBe('pump')
    expect(r.operators.has('ota-service')).toBe(true)
  })

  it('needs exactly one source, a readable file of JSON within the size limit', async () => {
    await otaError(() => readRegistry({}), 'OTA_INVALID_ARGUMENT')
    await otaError(() => readRegistry({ pki: pki.dir, file: join(dir, 'fleet.json') }), 'OTA_INVALID_ARGUMENT')
    expect((await otaError(() => readRegistry({ file: join(dir, 'absent.json') }), 'OTA_IO')).message).toContain(join(dir, 'absent.json'))
    await otaError(() => readRegistry({ file: dir }), 'OTA_IO')
    await otaError(() => readRegistry({ pki: join(dir, 'no-pki') }), 'OTA_IO')
    const notJson = join(dir, 'not.json')
    await writeFile(notJson, '{ "devices": [')
    expect((await otaError(() => readRegistry({ file: notJson }), 'OTA_INVALID_ARGUMENT')).message).toContain(`${notJson} is not JSON`)
    const bad = join(dir, 'bad.json')
    await writeFile(bad, JSON.stringify({ devices: [{ id: 'dev 1', model: 'ma' }], operators: [] }))
    expect((await otaError(() => readRegistry({ file: bad }), 'OTA_INVALID_ARGUMENT')).message).toMatch(/bad\.json is not a valid registry: devices\[0\]\.id/)
    const huge = join(dir, 'huge.json')
    await writeFile(huge, '')
    await truncate(huge, RegistryLimits.fileBytes + 1) // sparse: nothing is written
    await otaError(() => readRegistry({ file: huge }), 'OTA_TOO_LARGE')
  })
})

describe('the Mosquitto ACL', () => {
  const t = new Topics('ota')

  it('gives each device its own topics by pattern and its model\'s by a user block; the service all; each operator its admin topics', () => {
    const acl = mosquittoAcl({ registry: reg([['dev-2', 'mb'], ['dev-1', 'ma']], ['ota-service', 'alice']), service: 'ota-service', topics: t })
    const rules = acl.split('\n').filter((l) => l !== '' && !l.startsWith('#'))
    expect(rules).toEqual([
      'pattern read ota/d/%u/data',
      'pattern read ota/d/%u/offer',
      'pattern read ota/d/%u/state',
      'pattern write ota/d/%u/req',
      'pattern write ota/audit/%u',
      'user dev-1',
      'topic read ota/trust/root',
      'topic read ota/m/ma/manifest',
      'topic read ota/m/ma/a/+/data',
      'user dev-2',
      'topic read ota/trust/root',
      'topic read ota/m/mb/manifest',
      'topic read ota/m/mb/a/+/data',
      'user ota-service',
      'topic readwrite ota/#',
      'user alice',
      'topic write ota/admin/alice/release',
      'topic write ota/admin/alice/request',
      'topic read ota/admin/alice/result',
      'topic read ota/admin/alice/answer',
      'topic read ota/trust/root',
      'topic read ota/m/+/manifest',
      'topic read ota/d/+/state',
      'topic deny ota/d/alice/#',
      'topic deny ota/audit/alice'
    ])
    expect(acl).toMatch(/^# 2 devices of 2 models, 2 operators \(the OTA service: ota-service\), topic prefix ota\.$/m)
  })

  it('writes the same bytes whatever the registry\'s order', () => {
    const a = mosquittoAcl({ registry: reg([['b', 'm'], ['a', 'm']], ['s', 'z', 'y']), service: 's', topics: t })
    const b = mosquittoAcl({ registry: reg([['a', 'm'], ['b', 'm']], ['y', 'z', 's']), service: 's', topics: t })
    expect(a).toBe(b)
  })

  it('uses the topic prefix everywhere', () => {
    const acl = mosquittoAcl({ registry: reg([['dev-1', 'ma']], ['ota-service']), service: 'ota-service', topics: new Topics('acme/fw') })
    const rules = acl.split('\n').filter((l) => /^(pattern|topic) /.test(l))
    expect(rules.every((l) => l.split(' ')[2]!.startsWith('acme/fw/'))).toBe(true)
  })

  it('refuses a service that is not an operator of the registry, and a prefix an ACL line cannot hold', async () => {
    const r = reg([['dev-1', 'ma'], ['ota-service', 'ma']], ['alice'])
    const e = await otaError(() => mosquittoAcl({ registry: r, service: 'ota-service', topics: t }), 'OTA_INVALID_ARGUMENT')
    expect(e.message).toMatch(/the service "ota-service" is not an operator of the registry \(operators: alice\)/)
    expect((await otaError(() => { checkService(reg([], []), 'x') }, 'OTA_INVALID_ARGUMENT')).message).toMatch(/operators: none/)
    for (const prefix of ['my ota', '%u', 'o%ta']) {
      await otaError(() => mosquittoAcl({ registry: reg([], ['s']), service: 's', topics: new Topics(prefix) }), 'OTA_INVALID_ARGUMENT')
    }
  })
})

describe('the Mosquitto configuration fragment', () => {
  const t = new Topics('ota')
  const base: MosquittoConfInput = {
    aclFile: '/etc/mosquitto/aedes-ota.acl',
    port: 8883,
    host: '0.0.0.0',
    ca: '/pki/ca.crt',
    cert: '/pki/server.crt',
    key: '/pki/server.key',
    tlsVersion: 'tlsv1.2',
    maxBundleSize: 16 * 1024 * 1024,
    perListener: false,
    topics: t,
    service: 'ota-service',
    summary: '2 devices of 1 model, 2 operators'
  }
  const lines = (conf: string): string[] => conf.split('\n').filter((l) => l !== '' && !l.startsWith('#'))

  it('has global security options, the packet and queue bounds, then the TLS listener with client certificates as usernames', () => {
    expect(lines(mosquittoConf(base))).toEqual([
      'allow_anonymous false',
      'acl_file /etc/mosquitto/aedes-ota.acl',
      `max_packet_size ${mosquittoMaxPacketSize(16 * 1024 * 1024, t)}`,
      'max_queued_messages 1000',
      'max_queued_bytes 67108864',
      'listener 8883 0.0.0.0',
      'cafile /pki/ca.crt',
      'certfile /pki/server.crt',
      'keyfile /pki/server.key',
      'tls_version tlsv1.2',
      'require_certificate true',
      'use_identity_as_username true',
      'use_username_as_clientid true'
    ])
  })

  it('every option line has a comment saying why above it', () => {
    const all = mosquittoConf({ ...base, crl: '/pki/ca.crl', perListener: true }).split('\n')
    all.forEach((l, i) => {
      if (l === '' || l.startsWith('#')) return
      // A line is explained by the comment above it, or shares that comment with the lines it follows.
      let j = i - 1
      while (j >= 0 && all[j] !== '' && !all[j]!.startsWith('#')) j--
      expect(all[j]?.startsWith('#'), `${l} has no comment above it`).toBe(true)
    })
  })

  it('binds the ACL to the listener with --per-listener: per_listener_settings first, security options after the listener', () => {
    const l = lines(mosquittoConf({ ...base, perListener: true, crl: '/pki/ca.crl', host: '', tlsVersion: 'tlsv1.3' }))
    expect(l[0]).toBe('per_listener_settings true')
    expect(l.indexOf('listener 8883')).toBeGreaterThan(0)
    expect(l.indexOf('acl_file /etc/mosquitto/aedes-ota.acl')).toBeGreaterThan(l.indexOf('listener 8883'))
    expect(l.indexOf('allow_anonymous false')).toBeGreaterThan(l.indexOf('listener 8883'))
    expect(l).toContain('crlfile /pki/ca.crl')
    expect(l).toContain('tls_version tlsv1.3')
  })

  it('sizes max_packet_size for an operator\'s admin request carrying the largest bundle, capped at MQTT\'s maximum', () => {
    const topic = 'ota/admin/'.length + 64 + '/request'.length
    expect(mosquittoMaxPacketSize(1024 * 1024, t)).toBe(1 + 4 + 2 + topic + 2 + 1024 * 1024 + AdminLimits.requestOverhead)
    expect(mosquittoMaxPacketSize(MosquittoAclDefaults.maxBundleSize, t)).toBe(MQTT_MAX_PACKET)
    expect(mosquittoConf(base)).not.toContain('MQTT\'s own maximum')
    expect(mosquittoConf({ ...base, maxBundleSize: MosquittoAclDefaults.maxBundleSize })).toContain('MQTT\'s own maximum')
  })

  it('refuses relative paths, control characters that would inject lines, a bad host, port or bundle size', async () => {
    const bad: Array<Partial<MosquittoConfInput>> = [
      { aclFile: 'aedes-ota.acl' },
      { ca: '/pki/ca.crt\nallow_anonymous true' },
      { key: '/pki/server.key\r' },
      { crl: 'ca.crl' },
      { host: '0.0.0.0 1884' },
      { port: 0 },
      { port: 65_536 },
      { maxBundleSize: 1000 }
    ]
    for (const b of bad) await otaError(() => mosquittoConf({ ...base, ...b }), 'OTA_INVALID_ARGUMENT')
  })
})

describe('aedes-ota acl mosquitto', () => {
  it('writes both files (mode 0644, Mosquitto reads them as its own user) and says how to reload', async () => {
    const out = join(dir, 'out')
    const r = await runCli('acl', 'mosquitto', '--pki', pki.dir, '--out', out, '--port', '18883', '--max-bundle-size', '1048576')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`wrote ${join(out, 'aedes-ota.acl')}: 2 devices of 1 model, 2 operators (service ota-service)`)
    expect(r.stdout).toContain(`wrote ${join(out, 'aedes-ota.conf')}: listener 127.0.0.1:18883, TLS 1.2+, client certificates required`)
    expect(r.stdout).toContain('kill -HUP')
    const conf = await readFile(join(out, 'aedes-ota.conf'), 'utf8')
    expect(conf).toContain(`acl_file ${join(out, 'aedes-ota.acl')}\n`)
    expect(conf).toContain(`cafile ${pki.ca.cert}\n`)
    expect(conf).toContain(`certfile ${pki.server.cert}\n`)
    expect(conf).toContain(`keyfile ${pki.server.key}\n`)
    expect(conf).not.toContain('crlfile')
    expect(conf).toContain(`max_packet_size ${mosquittoMaxPacketSize(1048576, new Topics('ota'))}\n`)
    for (const f of ['aedes-ota.conf', 'aedes-ota.acl']) expect((await stat(join(out, f))).mode & 0o777).toBe(0o644)
  })

  it('takes a registry file with the listener\'s TLS files, and another service id and prefix', async () => {
    const f = join(dir, 'registry.json')
    await writeFile(f, JSON.stringify({ devices: [{ id: 'pump-1', model: 'pump' }], operators: ['svc', 'alice'] }))
    const out = join(dir, 'out-registry')
    const r = await runCli('acl', 'mosquitto', '--registry', f, '--out', out, '--service', 'svc', '--prefix', 'acme/ota', '--ca', '/etc/ssl/ca.pem', '--cert', '/etc/ssl/b.pem', '--key', '/etc/ssl/b.key', '--crl', '/etc/ssl/ca.crl')
    expect(r.code, r.stderr).toBe(0)
    const acl = await readFile(join(out, 'aedes-ota.acl'), 'utf8')
    expect(acl).toContain('user svc\ntopic readwrite acme/ota/#\n')
    expect(acl).toContain('user pump-1\ntopic read acme/ota/trust/root\ntopic read acme/ota/m/pump/manifest\n')
    expect(await readFile(join(out, 'aedes-ota.conf'), 'utf8')).toContain('crlfile /etc/ssl/ca.crl\n')
  })

  it('refuses a service that is not an operator, both or neither source, a registry without TLS files, a bad registry (exit 2)', async () => {
    const out = join(dir, 'refused')
    const cases: Array<[string[], RegExp]> = [
      [['--pki', pki.dir, '--service', 'dev-0001'], /the service "dev-0001" is not an operator of the registry \(operators: operator, ota-service\)/],
      [['--pki', pki.dir, '--registry', join(dir, 'registry.json')], /cannot be used with option '--registry/],
      [[], /give exactly one of --pki <dir> and --registry <file>/],
      [['--registry', join(dir, 'registry.json'), '--service', 'svc'], /without --pki, the listener needs --ca, --cert, --key/],
      [['--registry', join(dir, 'bad.json')], /bad\.json is not a valid registry: devices\[0\]\.id/],
      [['--pki', pki.dir, '--prefix', 'o ta'], /cannot be written into a Mosquitto ACL/]
    ]
    for (const [args, message] of cases) {
      const r = await runCli('acl', 'mosquitto', '--out', out, ...args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr, args.join(' ')).toMatch(/^error \[OTA_INVALID_ARGUMENT\]: /)
      expect(r.stderr, args.join(' ')).toMatch(message)
    }
    await expect(stat(out)).rejects.toThrow()
  })

  it('says in --help to regenerate when devices are added and to reload Mosquitto', async () => {
    const r = await runCli('acl', 'mosquitto', '--help')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/regenerate whenever devices or operators are added/)
    expect(r.stdout).toMatch(/kill -HUP/)
  })
})
