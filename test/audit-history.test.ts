/**
 * `updateHistory` over records the real writer wrote: attempts end at terminal states, an attempt
 * replaced by one toward another version is SUPERSEDED, IDLE reports belong to none, other
 * devices are skipped, and a `device.suspect` record (brick detection) marks the open attempt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { auditFiles, readAuditRecords, updateHistory, type AuditEvent } from '../broker/index.js'
import { openAuditLog } from '../broker/audit.js'

let dir = ''
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'aedes-ota-audit-hist-')) })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

describe('updateHistory', () => {
  it('groups one device\'s status events into attempts', async () => {
    const base = join(dir, 'audit.log')
    const log = await openAuditLog(base, { maxSize: 0, frequency: 'none', keep: 0 })
    const status = (deviceId: string, state: string, over: Record<string, unknown> = {}): void => {
      const failed = ['FAILED', 'REVERTED', 'REJECTED'].includes(state)
      log.write('device.status', failed ? 'failure' : 'success', { deviceId, model: 'm', state, result: 0, currentVersion: '1.0', targetVersion: '2.0', previousVersion: '', errorCode: '', detail: '', ...over })
    }
    status('dev-1', 'IDLE', { targetVersion: '' })
    status('dev-1', 'OFFERED')
    status('dev-2', 'OFFERED')
    status('dev-1', 'DEFERRED')
    status('dev-1', 'OFFERED', { targetVersion: '2.1' })
    status('dev-1', 'DOWNLOADING', { targetVersion: '2.1' })
    status('dev-1', 'DOWNLOADING', { targetVersion: '2.1' })
    status('dev-1', 'TRIAL', { currentVersion: '2.1', previousVersion: '1.0', targetVersion: '2.1' })
    status('dev-1', 'REVERTED', { result: 8, currentVersion: '1.0', previousVersion: '2.1', targetVersion: '2.1', errorCode: 'OTA_HEALTH_CHECK', detail: 'health check failed' })
    status('dev-1', 'IDLE', { targetVersion: '' })
    status('dev-1', 'INSTALLING', { targetVersion: '2.2' })
    status('dev-1', 'REBOOTING', { targetVersion: '2.2' })
    log.write('device.suspect' as AuditEvent, 'failure', { deviceId: 'dev-1', model: 'm', reason: 'silent after install' })
    log.close()
    const records = (await readAuditRecords(await auditFiles(base))).map((r) => r.record!)
    const h = updateHistory(records, 'dev-1')
    expect(h.map((a) => [a.fromVersion, a.toVersion, a.outcome, a.states.join(' '), a.errorCode, a.result, a.suspect])).toEqual([
      ['1.0', '2.0', 'SUPERSEDED', 'OFFERED DEFERRED', '', 0, ''],
      ['1.0', '2.1', 'REVERTED', 'OFFERED DOWNLOADING TRIAL REVERTED', 'OTA_HEALTH_CHECK', 8, ''],
      ['1.0', '2.2', '', 'INSTALLING REBOOTING', '', 0, 'silent after install']
    ])
    expect(h[1]!.detail).toBe('health check failed')
    expect(Date.parse(h[1]!.startedAt)).toBeLessThanOrEqual(Date.parse(h[1]!.endedAt))
    expect(updateHistory(records, 'dev-2').map((a) => a.states)).toEqual([['OFFERED']])
    expect(updateHistory(records, 'dev-3')).toEqual([])
  })
})
