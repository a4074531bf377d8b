import { describe, it, expect } from 'vitest'
import { DeviceDefaults, FileSlotStorage, OtaDevice, SimulatedBootControl, type OtaDeviceOptions } from '../client/index.js'
import { resolveOptions } from '../client/options.js'
import { AuditPublisher, buildStatusEvent } from '../client/audit.js'
import {
  BodyType, OtaError, State, Topics, decodeStatusEvent, encodeStatusEvent as encode, isOtaError, verifyRoot
} from '../proto/index.js'
import { generateKeyPair, publicKeyEntry, signEnvelope } from '../sign/index.js'
import { pino } from 'pino'

const rootKey = generateKeyPair('root')
const trust = verifyRoot(signEnvelope({
  type: BodyType.ROOT,
  root: { version: 1, threshold: 1, rootKeys: [publicKeyEntry(rootKey)], signingKeys: [], releaseThreshold: 1, createdAt: 0, expiresAt: 0 }
}, [rootKey]))
const base: OtaDeviceOptions = {
  id: 'dev-1',
  model: 'sensor',
  stateDir: '/tmp/nowhere',
  trust,
  broker: 'mqtts://127.0.0.1:8883',
  tls: { ca: Buffer.from('ca'), cert: Buffer.from('cert'), key: Buffer.from('key') }
}

function codeOf (fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (e) {
    return isOtaError(e) ? e.code : `not an OtaError: ${String(e)}`
  }
  return undefined
}

describe('client options', () => {
  it('applies the defaults', () => {
    const r = resolveOptions(base)
    expect(r.window).toBe(64)
    expect(r.chunkTimeoutMs).toBe(2000)
    expect(r.maxRetries).toBe(5)
    expect(r.maxTrialBoots).toBe(3)
    expect(r.trustedTime).toBe('system')
    expect(r.transferTimeoutMs).toBe(1_800_000)
    expect(r.topics.prefix).toBe('ota')
    expect(r.tls.servername).toBeUndefined()
    expect(resolveOptions({ ...base, broker: 'mqtts://broker.example.com:8883' }).tls.servername).toBe('broker.example.com')
    expect(resolveOptions({ ...base, broker: 'mqtts://[::1]:8883' }).tls.servername).toBeUndefined()
    expect(resolveOptions({ ...base, tls: { ...base.tls, servername: 'ota.local' } }).tls.servername).toBe('ota.local')
    expect(r.healthCheck({ version: '1', slot: 'a', signal: new AbortController().signal })).toBe(true)
    expect(r.consentPolicy).toBe('auto')
    expect(r.windows).toBeNull()
    expect(r.eolWarningMs).toBe(90 * 86_400_000)
    expect(r.onEndOfLife).toBeUndefined()
    expect(resolveOptions({ ...base, consent: () => 'defer' }).consentPolicy).toBe('ask')
    expect(resolveOptions({ ...base, consentPolicy: 'window', maintenanceWindows: [{ cron: '0 2 * * *', durationMs: 3_600_000 }] }).windows).not.toBeNull()
    expect(r.retainedSettleMs).toBe(DeviceDefaults.retainedSettleMs)
    expect(r.trialConnectTimeoutMs).toBe(60_000)
    expect(r.storage).toBeInstanceOf(FileSlotStorage)
    expect((r.storage as FileSlotStorage).pathOf('b')).toBe('/tmp/nowhere/slot-b.bin')
    expect(r.bootControl).toBeInstanceOf(SimulatedBootControl)
  })

  it('refuses bad options with OTA_INVALID_ARGUMENT naming the option', () => {
    const bad: Array<[Partial<OtaDeviceOptions> | Record<string, unknown>, RegExp]> = [
      [{ id: 'bad id' }, /^id /],
      [{ id: '' }, /^id /],
      [{ model: 'a/b' }, /^model /],
      [{ stateDir: '' }, /^stateDir/],
      [{ trust: {} as never }, /^trust/],
      [{ broker: 'not a url' }, /^broker/],
      [{ broker: 'mqtt://127.0.0.1:1883' }, /TLS/],
      [{ tls: { ca: Buffer.alloc(0), cert: Buffer.from('c'), key: Buffer.from('k') } }, /tls\.ca/],
      [{ topicPrefix: 'a/#' }, /prefix/],
      [{ window: 0 }, /^window/],
      [{ window: 513 }, /^window/],
      [{ window: 1.5 }, /^window/],
      [{ chunkTimeoutMs: -1 }, /^chunkTimeoutMs/],
      [{ maxRetries: -1 }, /^maxRetries/],
      [{ maxTrialBoots: 0 }, /^maxTrialBoots/],
      [{ healthCheck: 'yes' as never }, /^healthCheck/],
      [{ consent: 1 as never }, /^consent/],
      [{ hardwareRevision: '' }, /^hardwareRevision/],
      [{ storage: { hash: () => null } as never }, /^storage/],
      [{ bootControl: { boot: () => null } as never }, /^bootControl/],
      // A BootControl without status(): the device could not learn the bootloader's records.
      [{ bootControl: { boot: () => null, setTrial: () => null, confirm: () => null, revert: () => null } as never }, /^bootControl must implement BootControl \(status/],
      [{ trialConnectTimeoutMs: 0 }, /^trialConnectTimeoutMs/],
      [{ hardwareRevision: 'has space' }, /^hardwareRevision/],
      [{ hardwareRevision: 'x'.repeat(65) }, /^hardwareRevision/],
      [{ backoff: { initialDelayMs: 1 } }, /^backoff\.initialDelayMs/],
      [{ retainedSettleMs: -5 }, /^retainedSettleMs/],
      [{ consentPolicy: 'sometimes' as never }, /^consentPolicy/],
      [{ consentPolicy: 'ask' }, /^consentPolicy 'ask' needs a consent hook/],
      [{ consentPolicy: 'auto', consent: () => 'install' }, /consent hook is only asked/],
      [{ consentPolicy: 'window' }, /needs maintenanceWindows/],
      [{ maintenanceWindows: [{ cron: '0 2 * * *', durationMs: 3_600_000 }] }, /^maintenanceWindows only apply/],
      [{ consentPolicy: 'window', maintenanceWindows: [{ cron: '0 2 * * *', timezone: 'Nowhere/Land', durationMs: 3_600_000 }] }, /timezone/],
      [{ eolWarningMs: -1 }, /^eolWarningMs/],
      [{ onEndOfLife: 'run' as never }, /^onEndOfLife/],
      [{ now: 5 as never }, /^now/],
      [{ trustedTime: 'rtc' as never }, /^trustedTime/],
      [{ transferTimeoutMs: 50 }, /^transferTimeoutMs/]
    ]
    for (const [patch, msg] of bad) {
      let err: unknown
      try { resolveOptions({ ...base, ...patch } as OtaDeviceOptions) } catch (e) { err = e }
      expect(isOtaError(err, 'OTA_INVALID_ARGUMENT'), JSON.stringify(patch)).toBe(true)
      expect((err as Error).message, JSON.stringify(patch)).toMatch(msg)
    }
  })

  it('validates in the OtaDevice constructor', () => {
    expect(codeOf(() => new OtaDevice({ ...base, window: 0 }))).toBe('OTA_INVALID_ARGUMENT')
    expect(codeOf(() => new OtaDevice(base).state)).toBe('OTA_STATE')
  })
})

describe('client audit events', () => {
  const ctx = { deviceId: 'dev-1', model: 'sensor', currentVersion: '1.0.0', securityVersion: 3 }

  it('builds events the broker decodes, with the LwM2M result of the state or error', () => {
    const artifact = new Uint8Array(32).fill(7)
    const ok = decodeStatusEvent(Buffer.from(encode(buildStatusEvent(ctx, 'CONFIRMED', { targetVersion: '2.0.0', artifact, slot: 'b' }, 1234))))
    expect(ok).toMatchObject({ deviceId: 'dev-1', model: 'sensor', state: State.CONFIRMED, result: 1, currentVersion: '1.0.0', targetVersion: '2.0.0', time: 1234, slot: 'b', securityVersion: 3, errorCode: '' })
    const failed = decodeStatusEvent(Buffer.from(encode(buildStatusEvent(ctx, 'FAILED', { error: new OtaError('OTA_CHUNK_PROOF', 'x'.repeat(5000)), bytesReceived: 10, bytesTotal: 20 }))))
    expect(failed).toMatchObject({ state: State.FAILED, result: 5, errorCode: 'OTA_CHUNK_PROOF', bytesReceived: 10, bytesTotal: 20 })
    expect(failed.detail.length).toBeLessThanOrEqual(512)
    expect(buildStatusEvent(ctx, 'DEFERRED').result).toBe(11)
    expect(buildStatusEvent(ctx, 'REJECTED', { error: new OtaError('OTA_DECLINED') }).result).toBe(10)
    expect(buildStatusEvent(ctx, 'IDLE').result).toBe(0)
    const trial = decodeStatusEvent(Buffer.from(encode(buildStatusEvent({ ...ctx, currentVersion: '2.0.0' }, 'TRIAL', { targetVersion: '2.0.0', previousVersion: '1.0.0' }))))
    expect(trial).toMatchObject({ currentVersion: '2.0.0', previousVersion: '1.0.0' })
    expect(buildStatusEvent(ctx, 'IDLE').previousVersion).toBe('')
  })

  it('publishes to the audit topic at QoS 1 without retain', async () => {
    const sent: Array<{ topic: string, opts: unknown, bytes: Buffer }> = []
    const pub = new AuditPublisher({ publishAsync: async (topic, bytes, opts) => { sent.push({ topic, opts, bytes }) } }, new Topics('fleet'), 'dev-1', pino({ level: 'silent' }))
    pub.publish(buildStatusEvent(ctx, 'IDLE'))
    await pub.flush()
    expect(sent).toHaveLength(1)
    expect(sent[0]!.topic).toBe('fleet/audit/dev-1')
    expect(sent[0]!.opts).toEqual({ qos: 1, retain: false })
    expect(decodeStatusEvent(sent[0]!.bytes).state).toBe(State.IDLE)
  })
})
