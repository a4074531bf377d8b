/**
 * Hostile input to every decoder and verifier of proto/ (issue 7 item 9): arbitrary bytes and
 * valid encodings mutated (bit flips, byte sets, insertions, deletions, truncation, splices) go
 * to each one, which must either accept or throw an OtaError with a code from ErrorCodes: never
 * another exception, never a hang. `npm run fuzz` runs each property FUZZ_RUNS times.
 */
import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import {
  BodyType, decodeAdminResult, decodeChunkRequest, decodeDataFrame, decodeEnvelope, decodeSignedBody, decodeStatusEvent,
  encodeAdminResult, encodeChunkRequest, encodeDataFrame, encodeStatusEvent, chunkRequestFor, parseBundle, treeOf,
  verifyBundle, verifyManifest, verifyRoot, State, type StatusEvent
} from '../../proto/index.js'
import { decodeAdminAnswer, decodeAdminRequest, encodeAdminAnswer, encodeAdminRequest } from '../../proto/codec/operator.js'
import { createRelease, encodeBundle, generateKeyPair, publicKeyEntry, signEnvelope } from '../../sign/index.js'
import { hostile, runs, typedOrOk } from './mutate.js'

const MODEL = 'fuzz-model'
const rootKey = generateKeyPair('root')
const releaseKey = generateKeyPair('release')
const rootEnvelope = signEnvelope({
  type: BodyType.ROOT,
  root: { version: 1, threshold: 1, rootKeys: [publicKeyEntry(rootKey)], signingKeys: [{ key: publicKeyEntry(releaseKey), models: [MODEL], expiresAt: 0 }], releaseThreshold: 1, createdAt: 0, expiresAt: 0 }
}, [rootKey])
const trust = verifyRoot(rootEnvelope)
const image = Uint8Array.from({ length: 5000 }, (_, i) => (i * 31) & 0xff)
const rel = createRelease({ image, model: MODEL, version: '1.2.3', securityVersion: 2, sequence: 7, chunkSize: 1024, signers: [releaseKey] })
const sbom = new TextEncoder().encode(JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', components: [] }))
const artifact = rel.manifest.image.sha256
const tree = treeOf(image, 1024)

const status: StatusEvent = {
  deviceId: 'dev-1', state: State.DOWNLOADING, result: 0, currentVersion: '1.0.0', targetVersion: '1.2.3', time: 1_750_000_000_000,
  detail: 'chunks', errorCode: '', artifact, bytesReceived: 2048, bytesTotal: 5000, securityVersion: 1, model: MODEL, receivedAt: 0,
  slot: 'b', previousVersion: '', hardwareRevision: 'r2', support: 0, endOfLifeAt: 0, sbomSha256: new Uint8Array(0), deferredUntil: 0
}
const spec = { waves: [10, 50, 100] }

const seeds = {
  envelope: [rel.envelope, rootEnvelope],
  chunkRequest: [encodeChunkRequest(chunkRequestFor(artifact, [0, 2, 4])), encodeChunkRequest(chunkRequestFor(artifact, [1]))],
  dataFrame: [
    encodeDataFrame({ chunk: { artifact, index: 1, data: image.subarray(1024, 2048), proof: tree.proof(1) } }),
    encodeDataFrame({ error: { artifact, code: 'OTA_UNKNOWN_ARTIFACT', detail: 'no such release' } })
  ],
  status: [encodeStatusEvent(status), encodeStatusEvent({ ...status, state: State.FAILED, errorCode: 'OTA_HASH_MISMATCH', detail: 'hash' })],
  adminResult: [encodeAdminResult({ ok: false, code: 'OTA_REPLAY', detail: 'old', model: MODEL, version: '1.2.3', artifact, sequence: 7 })],
  adminRequest: [
    encodeAdminRequest({ kind: 'release', bundle: rel.bundle, force: false }),
    encodeAdminRequest({ kind: 'inventory' }),
    encodeAdminRequest({ kind: 'releases' }),
    encodeAdminRequest({ kind: 'rolloutStart', bundle: rel.bundle, spec, force: true }),
    encodeAdminRequest({ kind: 'rolloutPlan', release: rel.envelope, spec }),
    encodeAdminRequest({ kind: 'rolloutStatus', id: 'r-1' }),
    encodeAdminRequest({ kind: 'rolloutControl', id: 'r-1', action: 'pause' })
  ],
  adminAnswer: [
    encodeAdminAnswer({ kind: 'result', alreadyCurrent: false, result: { ok: true, code: '', detail: '', model: MODEL, version: '1.2.3', artifact, sequence: 7 } }),
    encodeAdminAnswer({ kind: 'inventory', devices: [] }),
    encodeAdminAnswer({ kind: 'releases', releases: [] }),
    encodeAdminAnswer({ kind: 'rollouts', rollouts: [] })
  ],
  bundle: [rel.bundle, encodeBundle(rel.envelope, image, sbom)].map((b) => Uint8Array.from(b))
}
const bodies = seeds.envelope.map((e) => decodeEnvelope(e).body)

/** Every case must settle well inside this (no hang); the whole property has its own test timeout. */
const PER_CASE_MS = 2000
const N = runs(300)
const TIMEOUT = Math.max(60_000, N * 20)

function property (name: string, seedList: readonly Uint8Array[], fn: (b: Uint8Array) => unknown): void {
  it(`${name}: arbitrary and mutated bytes give a result or a typed OtaError (${N} cases)`, () => {
    // the seeds themselves are valid: the mutations start from real encodings
    for (const s of seedList) typedOrOk(() => fn(s))
    fc.assert(fc.property(hostile(seedList), (bytes) => {
      const t0 = performance.now()
      typedOrOk(() => fn(bytes))
      expect(performance.now() - t0).toBeLessThan(PER_CASE_MS)
    }), { numRuns: N })
  }, TIMEOUT)
}

describe('decoders of proto/codec', () => {
  property('decodeEnvelope', seeds.envelope, (b) => decodeEnvelope(b))
  property('decodeSignedBody (manifest and root)', bodies, (b) => decodeSignedBody(b))
  property('decodeSignedBody expecting a manifest', bodies, (b) => decodeSignedBody(b, BodyType.MANIFEST))
  property('decodeChunkRequest', seeds.chunkRequest, (b) => decodeChunkRequest(b))
  property('decodeDataFrame', seeds.dataFrame, (b) => decodeDataFrame(b, 1024))
  property('decodeStatusEvent', seeds.status, (b) => decodeStatusEvent(b))
  property('decodeAdminResult', seeds.adminResult, (b) => decodeAdminResult(b))
  property('decodeAdminRequest (every kind, rollouts too)', seeds.adminRequest, (b) => decodeAdminRequest(b, 64 * 1024))
  property('decodeAdminAnswer', seeds.adminAnswer, (b) => decodeAdminAnswer(b))
})

describe('bundles and the chain of trust', () => {
  property('parseBundle', seeds.bundle, (b) => parseBundle(b))
  property('verifyRoot', [rootEnvelope], (b) => verifyRoot(b))
  property('verifyManifest', [rel.envelope], (b) => verifyManifest(b, trust, { model: MODEL }))
  property('verifyBundle', seeds.bundle, (b) => verifyBundle(b, trust))

  it('a mutated manifest envelope never verifies unless its signed body is intact', () => {
    fc.assert(fc.property(hostile([rel.envelope]), (bytes) => {
      let ok = false
      typedOrOk(() => { verifyManifest(bytes, trust, { model: MODEL }); ok = true })
      if (ok) expect(Buffer.from(decodeEnvelope(bytes).body).equals(Buffer.from(decodeEnvelope(rel.envelope).body))).toBe(true)
    }), { numRuns: N })
  }, TIMEOUT)
})
