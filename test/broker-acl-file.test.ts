/**
 * The standalone broker denies by default outside the OTA prefix, tried with a real non-JS
 * client (mosquitto_sub / mosquitto_pub from Debian's mosquitto-clients, installed by .ci/run)
 * holding a device certificate: `$SYS/#` and other topics are refused, and what an ACL file
 * allows works, with %c and %m substituted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { isOtaError } from '../proto/index.js'
import { KeyFiles } from '../sign/index.js'
import { startOtaBroker, parseAclFile, type OtaBroker } from '../broker/index.js'
import { covers } from '../broker/host-acl.js'
import { auditLines, makeEnv, type TestEnv } from './helpers/env.js'
import { CLI } from './helpers/cli.js'

const exec = promisify(execFile)
type Run = { code: number, stdout: string, stderr: string }
const settle = async (p: Promise<{ stdout: string, stderr: string }>): Promise<Run> =>
  await p.then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }), (e: { code: number, stdout: string, stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }))

const ACL = `# the platform's own topics
allow publish    telemetry/%c/#       # each device its own telemetry
deny  subscribe  telemetry/+/secret
allow subscribe  telemetry/#
allow subscribe  fleet/%m/config      # each model its configuration
`

let env: TestEnv
let acl: OtaBroker

/** mosquitto_sub/_pub as device `id` against `b`; every run bounded (-W, execFile timeout). */
async function mosquitto (tool: 'mosquitto_sub' | 'mosquitto_pub', b: OtaBroker, id: string, args: string[]): Promise<Run> {
  const d = env.pki.devices.find((x) => x.id === id)!
  return await settle(exec(tool, ['-h', 'localhost', '-p', String(b.port), '--cafile', env.pki.ca.cert, '--cert', d.cert, '--key', d.key, '-i', id, '-V', 'mqttv311', ...args], { timeout: 20_000 }))
}

beforeAll(async () => {
  env = await makeEnv({ model: 'ath9k', devices: 2, extraDevices: { 'b-0001': 'model-b' } })
  await writeFile(join(env.dir, 'acl.txt'), ACL)
  acl = await startOtaBroker({ pki: env.pki, trust: new Uint8Array(await readFile(join(env.keysDir, KeyFiles.trust))), dataDir: join(env.dir, 'acl-broker'), port: 0, acl: join(env.dir, 'acl.txt') })
})
afterAll(async () => {
  await acl?.close()
  await env?.close()
})

describe('the standalone broker without an ACL file', () => {
  it('refuses $SYS/# to a device certificate (SUBACK 0x80: mosquitto_sub says so)', async () => {
    const r = await mosquitto('mosquitto_sub', env.broker, 'dev-0001', ['-t', '$SYS/#', '-C', '1', '-W', '3', '-v'])
    expect(r.stderr).toMatch(/All subscription requests were denied/)
    expect(r.stdout).toBe('')
    const lines = await auditLines(env.broker.plugin.auditLog)
    expect(lines.some((l) => l.event === 'acl.denied' && l.topic === '$SYS/#' && l.clientId === 'dev-0001' && l.role === 'device')).toBe(true)
  })

  it('refuses a non-OTA publish (the connection is closed) and keeps nothing retained', async () => {
    const r = await mosquitto('mosquitto_pub', env.broker, 'dev-0001', ['-t', 'plant/valve', '-m', 'open', '-q', '1', '-r'])
    expect(r.code).not.toBe(0)
    expect(r.stderr).toMatch(/connection was lost/i)
    const lines = await auditLines(env.broker.plugin.auditLog)
    expect(lines.some((l) => l.event === 'acl.denied' && l.topic === 'plant/valve' && l.action === 'publish')).toBe(true)
    const kept = await new Promise<number>((resolve) => {
      let n = 0
      const s = env.broker.aedes.persistence.createRetainedStream('plant/#')
      s.on('data', () => { n++ })
      s.on('end', () => resolve(n))
    })
    expect(kept).toBe(0)
  })

  it('still serves OTA topics (the plugin\'s rules)', async () => {
    const r = await mosquitto('mosquitto_sub', env.broker, 'dev-0001', ['-t', 'ota/trust/root', '-C', '1', '-W', '5'])
    expect(r.code).toBe(0)
    expect(r.stdout.length).toBeGreaterThan(0)
  })
})

describe('the standalone broker with an ACL file', () => {
  it('lets devices use what the file allows, with %c and %m substituted', async () => {
    const sub = mosquitto('mosquitto_sub', acl, 'dev-0001', ['-t', 'telemetry/dev-0002/#', '-C', '1', '-W', '8', '-v'])
    const cfg = await mosquitto('mosquitto_sub', acl, 'b-0001', ['-t', 'fleet/model-b/config', '-C', '1', '-W', '1'])
    expect(cfg.stderr).not.toMatch(/denied/)
    // Give the subscriber time to subscribe, then publish as dev-0002 (bounded: 20 tries).
    let got: Run | null = null
    void sub.then((r) => { got = r })
    for (let i = 0; i < 20 && got === null; i++) {
      await mosquitto('mosquitto_pub', acl, 'dev-0002', ['-t', 'telemetry/dev-0002/temp', '-m', '21.5', '-q', '1'])
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    const r = await sub
    expect(r.code).toBe(0)
    expect(r.stdout.trim()).toBe('telemetry/dev-0002/temp 21.5')
  })

  it('refuses what the file does not allow: another device\'s telemetry, another model\'s config, denied filters, $SYS', async () => {
    const pub = await mosquitto('mosquitto_pub', acl, 'dev-0002', ['-t', 'telemetry/dev-0001/temp', '-m', 'forged', '-q', '1'])
    expect(pub.code).not.toBe(0)
    for (const [id, topic] of [['dev-0001', 'fleet/model-b/config'], ['dev-0001', 'telemetry/dev-0002/secret'], ['dev-0001', '$SYS/#'], ['dev-0001', 'plant/#']]) {
      const r = await mosquitto('mosquitto_sub', acl, id!, ['-t', topic!, '-C', '1', '-W', '3'])
      expect(r.stderr, topic).toMatch(/All subscription requests were denied/)
    }
  })

  it('rule filters cover requested filters as MQTT matching does, never a $ topic through a wildcard', () => {
    expect(covers('telemetry/#', 'telemetry/a/b')).toBe(true)
    expect(covers('telemetry/#', 'telemetry')).toBe(true)
    expect(covers('telemetry/+/x', 'telemetry/+/x')).toBe(true)
    expect(covers('telemetry/a/x', 'telemetry/+/x')).toBe(false)
    expect(covers('telemetry/+', 'telemetry/#')).toBe(false)
    expect(covers('#', '$SYS/x')).toBe(false)
    expect(covers('+/x', '$SYS/x')).toBe(false)
    expect(covers('$SYS/#', '$SYS/broker/clients')).toBe(true)
  })

  it('validates the file at load, with the line number', async () => {
    const bad = join(env.dir, 'bad-acl.txt')
    await writeFile(bad, 'allow subscribe a/#\n\n# fine so far\nallow read a/b\n')
    const err = await parseAclFile(bad).then(() => null, (e: unknown) => e)
    expect(isOtaError(err, 'OTA_INVALID_ARGUMENT')).toBe(true)
    expect((err as Error).message).toBe(`${bad}:4: expected publish or subscribe, got "read"`)
    await writeFile(bad, 'allow publish a/#/b\n')
    expect(await parseAclFile(bad).then(() => '', (e: Error) => e.message)).toMatch(/:1: "a\/#\/b" is not a valid MQTT topic filter/)
    await writeFile(bad, 'deny subscribe a/%x\n')
    expect(await parseAclFile(bad).then(() => '', (e: Error) => e.message)).toMatch(/:1: only %c and %m/)
    const cli = await settle(exec(process.execPath, [CLI, 'broker', '--pki', env.pki.dir, '--trust', env.keysDir, '--data', join(env.dir, 'cli-data'), '--port', '0', '--acl', bad], { timeout: 30_000 }))
    expect(cli.code).toBe(2)
    expect(cli.stderr).toMatch(/^error \[OTA_INVALID_ARGUMENT\]: .*bad-acl\.txt:1: only %c and %m/m)
  })

  it('refuses a publish aedes authorizes without a client (a dead broker\'s will, aedes _clearWills), even on an allowed topic', async () => {
    const ask = async (b: OtaBroker, topic: string): Promise<Error | null> => await new Promise((resolve) => {
      b.aedes.authorizePublish(null as never, { cmd: 'publish', topic, payload: Buffer.from('x'), qos: 0, retain: false, dup: false }, (err) => resolve(err ?? null))
    })
    for (const b of [acl, env.broker]) {
      for (const topic of ['telemetry/dev-0001/temp', 'plant/valve', '$SYS/x', 'ota/d/dev-0001/req']) {
        const err = await ask(b, topic)
        expect(isOtaError(err, 'OTA_ACL_DENIED'), `${topic} without a client`).toBe(true)
      }
    }
    const lines = await auditLines(acl.plugin.auditLog)
    expect(lines.some((l) => l.event === 'acl.denied' && l.topic === 'telemetry/dev-0001/temp' && l.clientId === '' && l.role === 'none')).toBe(true)
  })
})
