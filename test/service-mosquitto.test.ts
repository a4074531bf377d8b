/**
 * The OTA service beside a real Mosquitto (Debian's, TLS on 127.0.0.1, client certificates):
 * devices update through Mosquitto exactly as through the plugin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ChildProcess } from 'node:child_process'
import { initPki, type PkiLayout } from '../certs/index.js'
import { KeyFiles, createRelease, initKeys, readKeyFile, type KeyPair } from '../sign/index.js'
import { startOtaService, type OtaService } from '../broker/index.js'
import { hasMosquitto, startMosquitto } from '../bench/mosquitto.js'
import { deviceOutcome, spawnDevice } from './helpers/cli.js'
import { createServer } from 'node:net'

const MODEL = 'ath9k'
let dir: string
let pki: PkiLayout
let keysDir: string
let signer: KeyPair
let mosquitto: ChildProcess
let url: string
let service: OtaService

async function freePort (): Promise<number> {
  return await new Promise((resolve) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)) }) })
}

beforeAll(async () => {
  if (!(await hasMosquitto())) throw new Error('mosquitto missing')
  dir = await mkdtemp(join(tmpdir(), 'aedes-ota-svc-'))
  pki = await initPki({ out: join(dir, 'pki'), model: MODEL, devices: 3, operators: ['operator', 'ota-service'] })
  keysDir = join(dir, 'keys')
  await initKeys({ out: keysDir, models: [MODEL] })
  signer = await readKeyFile(join(keysDir, KeyFiles.release))
  const port = await freePort()
  mosquitto = await startMosquitto(dir, port, { ca: pki.ca.cert, cert: pki.server.cert, key: pki.server.key })
  url = `mqtts://127.0.0.1:${port}`
  const op = pki.operators.find((o) => o.id === 'ota-service')!
  service = await startOtaService({
    broker: url,
    tls: { ca: await readFile(pki.ca.cert), cert: await readFile(op.cert), key: await readFile(op.key) },
    registry: { devices: new Map(pki.devices.map((d) => [d.id, d.model])), operators: new Set(['operator']) },
    trust: new Uint8Array(await readFile(join(keysDir, KeyFiles.trust))),
    dataDir: join(dir, 'service')
  })
}, 60_000)

afterAll(async () => {
  await service?.close()
  mosquitto?.kill('SIGTERM')
  await rm(dir, { recursive: true, force: true })
})

describe('service beside Mosquitto', () => {
  it('devices update through Mosquitto', async () => {
    const old = new Uint8Array(await readFile(join(import.meta.dirname, 'fixtures', 'firmware', 'ath9k', 'old.bin')))
    const neu = new Uint8Array(await readFile(join(import.meta.dirname, 'fixtures', 'firmware', 'ath9k', 'new.bin')))
    const factory = createRelease({ image: old, model: MODEL, version: '1.0.0', securityVersion: 1, sequence: 1, signers: [signer] })
    const { writeFile } = await import('node:fs/promises')
    const factoryPath = join(dir, 'factory.bundle')
    await writeFile(factoryPath, factory.bundle)
    await service.publishRelease(createRelease({ image: neu, model: MODEL, version: '2.0.0', securityVersion: 1, sequence: 2, signers: [signer] }).bundle)
    const runs = pki.devices.map((d) => { const c = spawnDevice({ pki: pki.dir, keys: keysDir, broker: url, id: d.id, stateDir: join(dir, 'state', d.id), factory: factoryPath }); c.stderr!.on('data', (b: Buffer) => { process.stderr.write(b) }); return deviceOutcome(c) })
    const results = await Promise.all(runs)
    for (const r of results) expect(r.outcome.result).toBe('CONFIRMED')
  }, 180_000)
})
