/**
 * What the broker does when its own work fails, through the real broker over TLS: a manifest
 * that cannot be announced is a refused release (API and operator), not a success.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isOtaError } from '../proto/index.js'
import { publishBundle } from '../operator/index.js'
import { FIXTURES, auditLines, makeEnv, type TestEnv } from './helpers/env.js'

let env: TestEnv
let image: Buffer
let op: { ca: Buffer, cert: Buffer, key: Buffer, operatorId: string }

beforeAll(async () => {
  env = await makeEnv({ model: 'ath9k', devices: 1, extraDevices: { 'b-0001': 'model-b' } })
  image = await readFile(join(FIXTURES, 'firmware', 'ath9k', 'new.bin'))
  const o = env.pki.operators[0]!
  op = { ca: env.ca, cert: await readFile(o.cert), key: await readFile(o.key), operatorId: o.id }
})
afterAll(async () => { await env?.close() })

/** Makes aedes fail every retained publish on a manifest topic (as a full or broken persistence would). */
function breakManifests (): () => void {
  const persistence = (env.broker.aedes as unknown as { persistence: { storeRetained: (p: { topic: string }) => Promise<void> } }).persistence
  const original = persistence.storeRetained
  persistence.storeRetained = async function (this: unknown, p) {
    if (p.topic.endsWith('/manifest')) throw new Error('persistence refused the retained message')
    return await original.call(this, p)
  }
  return () => { persistence.storeRetained = original }
}

describe('a manifest that cannot be announced', () => {
  it('makes publishRelease throw OTA_IO and audits release.rejected, never release.published', async () => {
    const restore = breakManifests()
    try {
      const err = await env.broker.plugin.publishRelease(env.release(image, '1.0.0', 1, 1).bundle, 'test-api').then(() => null, (e: unknown) => e)
      expect(isOtaError(err, 'OTA_IO')).toBe(true)
      expect((err as Error).message).toMatch(/could not be announced/)
    } finally { restore() }
    const lines = await auditLines(env.broker.plugin.auditLog)
    expect(lines.some((l) => l.event === 'release.rejected' && l.by === 'test-api' && l.code === 'OTA_IO')).toBe(true)
    expect(lines.filter((l) => l.event === 'release.published' && l.model === 'ath9k')).toEqual([])
  })

  it('answers the operator ok:false (OTA_IO)', async () => {
    const restore = breakManifests()
    let err: unknown
    try {
      err = await publishBundle({ url: env.broker.url, ...op, bundle: env.release(image, '1.0.0', 1, 1, 'model-b').bundle, timeoutMs: 10_000 }).then(() => null, (e: unknown) => e)
    } finally { restore() }
    expect(isOtaError(err, 'OTA_IO')).toBe(true)
    const lines = await auditLines(env.broker.plugin.auditLog)
    expect(lines.some((l) => l.event === 'release.rejected' && l.by === op.operatorId && l.code === 'OTA_IO')).toBe(true)
    expect(lines.filter((l) => l.event === 'release.published' && l.model === 'model-b')).toEqual([])
  })
})
