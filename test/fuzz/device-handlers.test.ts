/**
 * Hostile payloads on every topic the device listens to (issue 7 item 9): a harness broker
 * (bare Aedes over mutual TLS, test/helpers/client-harness.ts) publishes arbitrary bytes and
 * mutated valid encodings on the device's data, offer, model manifest and trust root topics.
 * The device never crashes, every failure it reports is an OtaError with a code of ErrorCodes,
 * nothing is written to a slot (slot files byte for byte unchanged), its state file still says
 * the same release, counter and sequence, and it still installs a genuine update afterwards.
 * `FUZZ_NET_RUNS` sets the cases per topic.
 */
import { describe, it, expect } from 'vitest'
import { readFile } from 'node:fs/promises'
import { createHash, randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { SLOT_FILES, type OtaDevice } from '../../client/index.js'
import { loadState } from '../../client/state.js'
import { ErrorCodes, BodyType, chunkRequestFor, encodeDataFrame, treeOf, type OtaError, type StatusEvent } from '../../proto/index.js'
import { createRelease, publicKeyEntry, signEnvelope } from '../../sign/index.js'
import { MODEL, nextSequence, release, rogueKey, rootKey, releaseKey, topics, useDeviceFixture, waitFor } from '../helpers/client-harness.js'
import { hostile, runs } from './mutate.js'

const N = runs(20, 'FUZZ_NET_RUNS')
const TIMEOUT = Math.max(120_000, N * 4 * 200)

async function digest (path: string): Promise<string> {
  return await readFile(path).then((b) => createHash('sha256').update(b).digest('hex'), () => 'absent')
}

describe('OtaDevice under hostile payloads on its topics', () => {
  const fx = useDeviceFixture({ prefix: 'ota-fuzz-dev-', provision: 'shared', defaults: { chunkTimeoutMs: 300, maxRetries: 2, retainedSettleMs: 200 } })

  it(`data, offer, manifest and root topics (${N} cases each): typed failures only, no slot written, state unchanged, still updates`, async () => {
    fx.h.add(fx.v1)
    fx.h.publishManifest(fx.v1.rel.envelope)
    const d: OtaDevice = await fx.device()
    const failed: OtaError[] = []
    const events: StatusEvent[] = []
    d.on('failed', (e) => failed.push(e))
    d.on('status', (e) => events.push(e))
    await d.start()
    await waitFor('the device settles on 1.0.0', () => events.length > 0)
    const slots = async (): Promise<string[]> => await Promise.all(Object.values(SLOT_FILES).map(async (f) => await digest(`${fx.dir}/${f}`)))
    const slotsBefore = await slots()
    const stateBefore = await loadState(fx.dir)

    // Seeds a mutation cannot turn into an installable update without forging a signature: the
    // release it runs, an older one (rollback), one signed by a key the root does not list, one
    // for another model, chunk and error frames of an artifact not being downloaded.
    const older = createRelease({ image: new Uint8Array(randomBytes(4096)), model: MODEL, version: '0.9.0', securityVersion: 0, sequence: 1, chunkSize: 4096, signers: [releaseKey] })
    const rogue = release('9.0.0', 9, rogueKey, { image: new Uint8Array(randomBytes(4096)) })
    const otherModel = createRelease({ image: new Uint8Array(randomBytes(4096)), model: 'other', version: '3.0.0', securityVersion: 3, sequence: nextSequence(), chunkSize: 4096, signers: [releaseKey] })
    const manifests = [fx.v1.rel.envelope, older.envelope, rogue.rel.envelope, otherModel.envelope]
    const img = new Uint8Array(randomBytes(8192))
    const tree = treeOf(img, 4096)
    const art = rogue.rel.manifest.image.sha256
    const frames = [
      encodeDataFrame({ chunk: { artifact: art, index: 0, data: img.subarray(0, 4096), proof: tree.proof(0) } }),
      encodeDataFrame({ chunk: { artifact: fx.v1.rel.manifest.image.sha256, index: 1, data: img.subarray(4096), proof: tree.proof(1) } }),
      encodeDataFrame({ error: { artifact: art, code: 'OTA_UNKNOWN_ARTIFACT', detail: 'x' } }),
      Uint8Array.from(Buffer.from(JSON.stringify(chunkRequestFor(art, [0]))))
    ]
    // a root that only the root key signed, and one signed by a release key
    const root = (signer: typeof rootKey): Uint8Array => signEnvelope({ type: BodyType.ROOT, root: { version: 2, threshold: 1, rootKeys: [publicKeyEntry(rootKey)], signingKeys: [{ key: publicKeyEntry(releaseKey), models: [MODEL], expiresAt: 0 }], releaseThreshold: 1, createdAt: 0, expiresAt: 0 } }, [signer])
    const roots = [root(rogueKey), root(releaseKey)]

    const send = async (topic: string, retain: boolean, payload: Uint8Array): Promise<void> => {
      await new Promise<void>((resolve) => { fx.h.aedes.publish({ cmd: 'publish', topic, payload: Buffer.from(payload), qos: retain ? 1 : 0, retain, dup: false }, () => { resolve() }) })
      // lets the device take each message before the next (its handlers run on message arrival)
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    const cases: Array<[string, boolean, Uint8Array[]]> = [
      [topics.data('dev-1'), false, frames],
      [topics.offer('dev-1'), true, manifests],
      [topics.manifest(MODEL), true, manifests],
      [topics.root(), true, roots]
    ]
    for (const [topic, retain, seeds] of cases) {
      await fc.assert(fc.asyncProperty(hostile(seeds), async (bytes) => { await send(topic, retain, bytes) }), { numRuns: N })
    }
    // The retained topics go back to what the broker really says.
    fx.h.publishOffer('dev-1', new Uint8Array(0))
    fx.h.publishManifest(fx.v1.rel.envelope)
    await new Promise((resolve) => setTimeout(resolve, 1000))

    for (const e of failed) expect(Object.hasOwn(ErrorCodes, e.code), `failed with ${e.code}: ${e.message}`).toBe(true)
    for (const e of events) if (e.errorCode !== '') expect(Object.hasOwn(ErrorCodes, e.errorCode), `status event code ${e.errorCode}`).toBe(true)
    expect(await slots()).toEqual(slotsBefore)
    const stateAfter = await loadState(fx.dir)
    expect({ active: stateAfter.active, slots: stateAfter.slots, counter: stateAfter.securityCounter, seq: stateAfter.lastSequence, pending: stateAfter.pending })
      .toEqual({ active: stateBefore.active, slots: stateBefore.slots, counter: stateBefore.securityCounter, seq: stateBefore.lastSequence, pending: null })
    expect(stateAfter.slots[stateAfter.active]?.version).toBe('1.0.0')
    // the hostile manifests were read and refused, not missed
    expect(events.filter((e) => e.errorCode !== '').length).toBeGreaterThan(0)

    // Still alive: a genuine release is installed.
    const v2 = release('2.0.0', 2, releaseKey, { image: new Uint8Array(randomBytes(16 * 1024)) })
    fx.h.add(v2)
    const confirmed: string[] = []
    d.on('confirmed', (c) => confirmed.push(c.to))
    fx.h.publishManifest(v2.rel.envelope)
    await waitFor('2.0.0 confirmed after the fuzzing', () => confirmed.includes('2.0.0'), 60_000)
  }, TIMEOUT)
})
