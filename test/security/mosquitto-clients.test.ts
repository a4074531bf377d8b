/**
 * A real non-JS client against the `aedes-ota broker` process (issue 7 item 10): mosquitto_sub
 * and mosquitto_pub (Debian mosquitto-clients, installed by .ci/run) holding device and operator
 * certificates of the dev PKI. What a device may do works: its model's retained manifest and the
 * trust root arrive, its chunk requests and status events are taken (an operator sees the event);
 * an operator publishes a bundle with mosquitto_pub -f. What it may not do is refused and audited:
 * subscriptions ($SYS/#, `#`, other devices' data and offers, every device's data through a
 * wildcard, other models' manifests, the operators' admin topics, non-OTA topics) get SUBACK 0x80;
 * publishes (other devices' requests and status events, manifests, the trust root, admin topics,
 * non-OTA and $SYS topics) close the connection, and a spoofed status event is not retained.
 * test/broker-acl-file.test.ts covers the in-process broker with an ACL file; this file covers the
 * process users run, with the OTA topics themselves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { State, chunkRequestFor, decodeEnvelope, decodeStatusEvent, encodeChunkRequest, encodeStatusEvent, type StatusEvent } from '../../proto/index.js'
import { auditLines, makeEnv, until, type TestEnv } from '../helpers/env.js'
import { startBrokerProcess, type BrokerProcess } from '../helpers/cli.js'

const exec = promisify(execFile)
type Run = { code: number, stdout: string, stderr: string }
const settle = async (p: Promise<{ stdout: string, stderr: string }>): Promise<Run> =>
  await p.then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }), (e: { code: number, stdout: string, stderr: string }) => ({ code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }))

let env: TestEnv
let broker: BrokerProcess
let port: string
let data: string
let rel: ReturnType<TestEnv['release']>

/** mosquitto_sub/_pub as `id` (a device or operator certificate); every run bounded (-W, execFile timeout). */
async function mosquitto (tool: 'mosquitto_sub' | 'mosquitto_pub', id: string, args: string[]): Promise<Run> {
  const d = env.pki.devices.find((x) => x.id === id) ?? env.pki.operators.find((x) => x.id === id)!
  return await settle(exec(tool, ['-h', 'localhost', '-p', port, '--cafile', env.pki.ca.cert, '--cert', d.cert, '--key', d.key, '-i', id, '-V', 'mqttv311', ...args], { timeout: 20_000, encoding: 'latin1' }))
}
const audit = async (): Promise<Array<Record<string, unknown>>> => await auditLines(join(data, 'audit.log'))

const status = (id: string): StatusEvent => ({
  deviceId: id, state: State.IDLE, result: 0, currentVersion: '1.0.0', targetVersion: '', time: Date.now(), detail: 'from mosquitto_pub', errorCode: '',
  artifact: new Uint8Array(0), bytesReceived: 0, bytesTotal: 0, securityVersion: 1, model: 'ath9k', receivedAt: 0, slot: 'a',
  previousVersion: '', hardwareRevision: '', support: 0, endOfLifeAt: 0, sbomSha256: new Uint8Array(0), deferredUntil: 0
})

beforeAll(async () => {
  env = await makeEnv({ model: 'ath9k', devices: 2, extraDevices: { 'b-0001': 'model-b' } })
  data = join(env.dir, 'cli-broker')
  broker = await startBrokerProcess('--pki', env.pki.dir, '--trust', env.keysDir, '--data', data, '--port', '0')
  port = new URL(broker.url).port
  rel = env.release(Uint8Array.from({ length: 9000 }, (_, i) => (i * 7) & 0xff), '1.1.0', 2, 5)
  await writeFile(join(env.dir, 'bundle.bin'), rel.bundle)
  await writeFile(join(env.dir, 'req.bin'), encodeChunkRequest(chunkRequestFor(rel.manifest.image.sha256, [0])))
  await writeFile(join(env.dir, 'status.bin'), encodeStatusEvent(status('dev-0001')))
  await writeFile(join(env.dir, 'status-other.bin'), encodeStatusEvent(status('dev-0002')))
}, 60_000)
afterAll(async () => {
  await broker?.stop()
  await env?.close()
})

describe('mosquitto clients with device certificates against `aedes-ota broker`', () => {
  it('an operator publishes a bundle with mosquitto_pub -f; a device receives its model\'s retained manifest and the trust root', async () => {
    const pub = await mosquitto('mosquitto_pub', 'operator', ['-t', 'ota/admin/operator/release', '-f', join(env.dir, 'bundle.bin'), '-q', '1'])
    expect(pub.code, pub.stderr).toBe(0)
    await until(async () => (await audit()).some((l) => l.event === 'release.published' && l.version === '1.1.0'), 20_000, 'release.published')
    const m = await mosquitto('mosquitto_sub', 'dev-0001', ['-t', 'ota/m/ath9k/manifest', '-C', '1', '-W', '5', '-N'])
    expect(m.code, m.stderr).toBe(0)
    expect(Buffer.from(m.stdout, 'latin1').equals(Buffer.from(rel.envelope))).toBe(true)
    expect(decodeEnvelope(Buffer.from(m.stdout, 'latin1')).signatures.length).toBe(1)
    const root = await mosquitto('mosquitto_sub', 'dev-0001', ['-t', 'ota/trust/root', '-C', '1', '-W', '5', '-N'])
    expect(root.code, root.stderr).toBe(0)
    expect(root.stdout.length).toBeGreaterThan(0)
  })

  it('a device publishes its own chunk request and status event; an operator receives the status event', async () => {
    const req = await mosquitto('mosquitto_pub', 'dev-0001', ['-t', 'ota/d/dev-0001/req', '-f', join(env.dir, 'req.bin'), '-q', '1'])
    expect(req.code, req.stderr).toBe(0)
    const watch = mosquitto('mosquitto_sub', 'operator', ['-t', 'ota/audit/+', '-C', '1', '-W', '10', '-N'])
    // the subscription is in place before the event is published: retry the publish until seen
    let got: Run | undefined
    void watch.then((r) => { got = r })
    for (let i = 0; i < 20 && got === undefined; i++) {
      const st = await mosquitto('mosquitto_pub', 'dev-0001', ['-t', 'ota/audit/dev-0001', '-f', join(env.dir, 'status.bin'), '-q', '1'])
      expect(st.code, st.stderr).toBe(0)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    const r = await watch
    expect(r.code, r.stderr).toBe(0)
    const e = decodeStatusEvent(Buffer.from(r.stdout, 'latin1'))
    expect(e.deviceId).toBe('dev-0001')
    expect(e.detail).toBe('from mosquitto_pub')
  })

  const forbiddenSubs: Array<[string, string, string]> = [
    ['dev-0001', '$SYS/#', 'broker internals'],
    ['dev-0001', '#', 'everything'],
    ['dev-0001', 'ota/d/dev-0002/data', 'another device\'s chunks'],
    ['dev-0001', 'ota/d/dev-0002/offer', 'another device\'s offer'],
    ['dev-0001', 'ota/d/+/data', 'every device\'s chunks'],
    ['dev-0001', 'ota/m/model-b/manifest', 'another model\'s manifest'],
    ['b-0001', 'ota/m/ath9k/manifest', 'another model\'s manifest (model-b device)'],
    ['dev-0001', 'ota/audit/+', 'the fleet\'s status events (operators only)'],
    ['dev-0001', 'ota/admin/operator/answer', 'an operator\'s answers'],
    ['dev-0001', 'plant/valve', 'a non-OTA topic']
  ]
  it.each(forbiddenSubs)('%s may not subscribe to %s (%s): SUBACK 0x80, audited', async (id, topic) => {
    const r = await mosquitto('mosquitto_sub', id, ['-t', topic, '-C', '1', '-W', '3'])
    expect(r.stderr).toMatch(/All subscription requests were denied/)
    expect(r.stdout).toBe('')
    await until(async () => (await audit()).some((l) => l.event === 'acl.denied' && l.action === 'subscribe' && l.clientId === id && l.topic === topic), 10_000, `acl.denied for ${topic}`)
  })

  const forbiddenPubs: Array<[string, string, string, string]> = [
    ['dev-0001', 'ota/d/dev-0002/req', 'req.bin', 'a request as another device'],
    ['dev-0001', 'ota/audit/dev-0002', 'status-other.bin', 'a status event as another device'],
    ['dev-0001', 'ota/m/ath9k/manifest', 'bundle.bin', 'a manifest'],
    ['dev-0001', 'ota/trust/root', 'req.bin', 'the trust root'],
    ['dev-0001', 'ota/d/dev-0001/data', 'req.bin', 'its own data topic (the broker\'s to write)'],
    ['dev-0001', 'ota/admin/operator/release', 'bundle.bin', 'a release as the operator'],
    ['dev-0001', 'plant/valve', 'req.bin', 'a non-OTA topic'],
    ['dev-0001', '$SYS/broker/uptime', 'req.bin', 'a $SYS topic']
  ]
  it.each(forbiddenPubs)('%s may not publish to %s (%s, %s): the connection is closed, audited', async (id, topic, file) => {
    const r = await mosquitto('mosquitto_pub', id, ['-t', topic, '-f', join(env.dir, file), '-q', '1', '-r'])
    expect(r.code).not.toBe(0)
    await until(async () => (await audit()).some((l) => l.event === 'acl.denied' && l.action === 'publish' && l.clientId === id && l.topic === topic), 10_000, `acl.denied for ${topic}`)
    if (topic.startsWith('ota/audit/')) {
      // nothing was kept: an operator, who may read the fleet's status events, gets no retained one
      const seen = await mosquitto('mosquitto_sub', 'operator', ['-t', topic, '-C', '1', '-W', '1', '-N'])
      expect(seen.stderr).not.toMatch(/denied/)
      expect(seen.stdout).toBe('')
    }
  })
})
