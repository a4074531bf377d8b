/**
 * The public surface of each package subpath, as explicit sorted lists: adding, removing or
 * renaming an export fails here until the list is changed too, so a change to the API is
 * deliberate. Checked on the built package (dist/, what `exports` in package.json points at):
 * runtime values by importing it, every name including types through the TypeScript compiler
 * on the emitted .d.ts, and each exported name must carry TSDoc.
 */
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import ts from 'typescript'

const root = join(import.meta.dirname, '..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, { types: string, default: string } | string> }

/** Every exported name of each subpath: values and types. */
const SURFACE: Record<string, string[]> = {
  './broker': [
    'AclRule', 'ArtifactKind', 'AuditBudgetOptions', 'AuditChainBreak', 'AuditChainReport', 'AuditEvent', 'AuditLog', 'AuditRecordAt', 'AuditRotation',
    'BrokerLimits', 'ClusterTransport', 'Dashboard', 'DashboardOptions', 'FlapOptions', 'FleetInventory', 'MAX_SEQUENCE_STEP', 'OtaBroker', 'OtaBrokerOptions',
    'OtaBrokerTls', 'OtaPlugin', 'OtaPluginOptions', 'OtaRuntime', 'OtaService', 'OtaServiceOptions', 'PacingStats', 'PacketRefusal', 'PlannedDevice', 'PublishReleaseOptions', 'ROLLOUT_DEFAULTS', 'RateLimit', 'ReleaseArtifact',
    'ReleaseCatalog', 'RolloutControl', 'RolloutDevice', 'RolloutDeviceState', 'RolloutPhase', 'RolloutPlan', 'RolloutSpec', 'RolloutSpecInput',
    'RolloutStatus', 'RolloutWave', 'ServiceRegistry', 'StoredRelease', 'TlsRefusal', 'TlsRefusalReason', 'UpdateAttempt', 'auditFiles', 'compareVersions',
    'createOtaPlugin', 'flattenAuditRecord', 'openClusterTransport', 'parseAclFile', 'readAuditRecords', 'readRegistry', 'resolveRolloutSpec', 'startDashboard', 'startOtaBroker',
    'startOtaService', 'updateHistory', 'verifyAuditChain'
  ],
  './client': [
    'ApplyResult', 'ApplyStreamOptions', 'BackoffOptions', 'BlockDone', 'BootControl', 'BootResult', 'BootStatus', 'ConfirmResult', 'ConfirmedEvent',
    'ConsentAnswer', 'ConsentPolicy', 'DeltaApplier', 'DeltaIo', 'DeviceDefaults', 'DeviceTls', 'DownloadProgress', 'DroppedFrames', 'EndOfLifeInfo',
    'FactoryImage', 'FileSlot', 'FileSlotStorage', 'HealthCheckContext', 'Jitter', 'MaintenanceWindow', 'OtaDevice', 'OtaDeviceEvents', 'OtaDeviceOptions',
    'ProvisionOptions', 'ReadAt', 'ReleaseOffer', 'RevertResult', 'RunningState', 'SLOT_FILES', 'SUPPORTED_ALGORITHMS', 'SimulatedBootControl',
    'SimulatedBootOptions', 'SlotDigest', 'SlotHandle', 'SlotName', 'SlotReader', 'SlotStorage', 'TrialRequest', 'TrustedTime', 'UBootBootControl', 'UBootBootOptions', 'UpToDateEvent',
    'UrgencyName', 'WriteAt', 'applyDeltaStream', 'checkBase', 'parseDuration', 'parseWindow', 'provisionDevice', 'slotPath', 'writeSlotImage'
  ],
  './operator': [
    'AdminResult', 'DeviceRecord', 'OperatorConnection', 'PlanRolloutOptions', 'PlannedDevice', 'PublishBundleOptions', 'PublishBundleResult',
    'ReleaseRecord', 'RolloutDevice', 'RolloutDeviceState', 'RolloutIdOptions', 'RolloutPhase', 'RolloutPlan', 'RolloutSpec', 'RolloutSpecInput',
    'RolloutStatus', 'RolloutWave', 'StartRolloutOptions', 'abortRollout', 'fetchInventory', 'listReleases', 'pauseRollout', 'planRollout',
    'publishBundle', 'resumeRollout', 'rolloutStatus', 'startRollout'
  ],
  './proto': [
    'ALG_BSDIFF_BROTLI', 'AdminResult', 'Artifact', 'BodyType', 'BodyTypeValue', 'BundleParts', 'BundlePatch', 'ChunkFrame', 'ChunkRequest',
    'DataFrame', 'Delta', 'DeltaBlockEntry', 'DeltaHeader', 'DeltaLimits', 'Envelope', 'ErrorCode', 'ErrorCodes', 'ErrorFrame', 'FAST_FORWARD_CAP',
    'IDENTIFIER', 'Limits', 'Lwm2mResult', 'Lwm2mResultCode', 'Lwm2mState', 'Manifest', 'MerkleTree', 'OtaError', 'ParsedTopic', 'PublicKey', 'RootMetadata',
    'RootWalk', 'SbomFormat', 'Sha256', 'Signature', 'SignedBody', 'SigningKey', 'State', 'StateName', 'StatusEvent', 'SupportStatus',
    'SupportStatusName', 'TopicKind', 'Topics', 'TrustedRoot', 'Urgency', 'UrgencyValue', 'VerifiedBundle', 'VerifiedManifest',
    'VerifyManifestOptions', 'assertIdentifier', 'assertPublicKey', 'bitmapBytes', 'bytesEqual', 'checkFastForward', 'chunkCount', 'chunkRequestFor',
    'createSha256', 'decodeAdminResult', 'decodeChunkRequest', 'decodeDataFrame', 'decodeDeltaHeader', 'decodeEnvelope', 'decodeRootChain',
    'decodeSignedBody', 'decodeStatusEvent', 'defaultChunkSize', 'encodeAdminResult', 'encodeChunkRequest', 'encodeDataFrame', 'encodeEnvelope',
    'encodeRootChain', 'encodeSignedBody', 'encodeStatusEvent', 'fromHex', 'hasBit', 'highestBit', 'isErrorCode', 'isIdentifier', 'isOtaError',
    'keyIdOf', 'leafHash', 'lwm2mResultName', 'lwm2mState', 'manifestPatches', 'maxDataFrame', 'newBitmap', 'newestRootsThatFit', 'nodeHash', 'parseBundle',
    'requestGroups', 'requestedIndexes', 'setBit', 'sha256', 'stateName', 'statusEventToJson', 'supportStatusName', 'toHex', 'toOtaError', 'treeOf',
    'verifyBundle', 'verifyInclusion', 'verifyManifest', 'verifyRoot', 'verifyRootChain', 'verifyRootUpdate', 'verifySignature', 'walkRootChain'
  ],
  './sign': [
    'AddSignerOptions', 'CeremonyOptions', 'DEFAULT_DELTA_BLOCK', 'EncodeDeltaOptions', 'EncodedDelta', 'InitKeysOptions', 'KeyFiles', 'KeyPair',
    'PatchBase', 'PatchRules', 'PatchVerdict', 'Release', 'ReleaseDefaults', 'ReleaseOptions', 'ReleasePatchOptions', 'ReleasePatches', 'RootsDir',
    'RotateRootOptions', 'ShippedPatch', 'Signer', 'addSigner', 'checkReleasePatches', 'createRelease', 'encodeBundle', 'encodeDelta', 'generateKeyPair',
    'generateSecretKey', 'initKeys', 'publicKeyEntry', 'publicKeyOf', 'readKeyFile', 'readRootChain', 'releasePatches', 'revokeSigner',
    'rootVersionPath', 'rotateRoot', 'sbomFormatOf', 'signEnvelope', 'signMessage', 'writeKeyFile'
  ]
}

/** The subset of {@link SURFACE} that exists at run time (the rest are types). */
const VALUES: Record<string, string[]> = {
  './broker': [
    'MAX_SEQUENCE_STEP', 'ROLLOUT_DEFAULTS', 'auditFiles', 'compareVersions', 'createOtaPlugin', 'flattenAuditRecord', 'openClusterTransport', 'parseAclFile',
    'readAuditRecords', 'readRegistry', 'resolveRolloutSpec', 'startDashboard', 'startOtaBroker', 'startOtaService', 'updateHistory', 'verifyAuditChain'
  ],
  './client': [
    'DeltaApplier', 'DeviceDefaults', 'FileSlotStorage', 'OtaDevice', 'SLOT_FILES', 'SUPPORTED_ALGORITHMS', 'SimulatedBootControl', 'UBootBootControl', 'applyDeltaStream', 'checkBase',
    'parseDuration', 'parseWindow', 'provisionDevice', 'slotPath', 'writeSlotImage'
  ],
  './operator': ['abortRollout', 'fetchInventory', 'listReleases', 'pauseRollout', 'planRollout', 'publishBundle', 'resumeRollout', 'rolloutStatus', 'startRollout'],
  './proto': [
    'ALG_BSDIFF_BROTLI', 'BodyType', 'DeltaLimits', 'ErrorCodes', 'FAST_FORWARD_CAP', 'IDENTIFIER', 'Limits', 'Lwm2mResult', 'Lwm2mState',
    'MerkleTree', 'OtaError', 'State', 'SupportStatus', 'Topics', 'Urgency', 'assertIdentifier',
    'assertPublicKey', 'bitmapBytes', 'bytesEqual', 'checkFastForward', 'chunkCount', 'chunkRequestFor', 'createSha256',
    'decodeAdminResult', 'decodeChunkRequest', 'decodeDataFrame', 'decodeDeltaHeader', 'decodeEnvelope', 'decodeRootChain', 'decodeSignedBody',
    'decodeStatusEvent', 'defaultChunkSize', 'encodeAdminResult', 'encodeChunkRequest', 'encodeDataFrame', 'encodeEnvelope', 'encodeRootChain',
    'encodeSignedBody', 'encodeStatusEvent', 'fromHex', 'hasBit', 'highestBit', 'isErrorCode', 'isIdentifier', 'isOtaError', 'keyIdOf', 'leafHash',
    'lwm2mResultName', 'lwm2mState', 'manifestPatches', 'maxDataFrame', 'newBitmap', 'newestRootsThatFit', 'nodeHash', 'parseBundle', 'requestGroups',
    'requestedIndexes', 'setBit', 'sha256', 'stateName', 'statusEventToJson', 'supportStatusName', 'toHex', 'toOtaError', 'treeOf', 'verifyBundle',
    'verifyInclusion', 'verifyManifest', 'verifyRoot', 'verifyRootChain', 'verifyRootUpdate', 'verifySignature', 'walkRootChain'
  ],
  './sign': [
    'DEFAULT_DELTA_BLOCK', 'KeyFiles', 'PatchRules', 'ReleaseDefaults', 'RootsDir', 'addSigner', 'checkReleasePatches', 'createRelease', 'encodeBundle', 'encodeDelta',
    'generateKeyPair', 'generateSecretKey', 'initKeys', 'publicKeyEntry', 'publicKeyOf', 'readKeyFile', 'readRootChain', 'releasePatches',
    'revokeSigner', 'rootVersionPath', 'rotateRoot', 'sbomFormatOf', 'signEnvelope', 'signMessage', 'writeKeyFile'
  ]
}

const target = (subpath: string): { types: string, default: string } => {
  const e = pkg.exports[subpath]
  if (e === undefined || typeof e === 'string') throw new Error(`package.json exports has no ${subpath} with types`)
  return e
}

/** Exported names of a .d.ts and whether each (followed through re-exports) has a doc comment. */
function declared (dts: string): Map<string, boolean> {
  const program = ts.createProgram([dts], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: true, noEmit: true })
  const checker = program.getTypeChecker()
  const file = program.getSourceFile(dts)
  if (file === undefined) throw new Error(`cannot read ${dts}`)
  const mod = checker.getSymbolAtLocation(file)
  if (mod === undefined) throw new Error(`${dts} is not a module`)
  const out = new Map<string, boolean>()
  for (const s of checker.getExportsOfModule(mod)) {
    const real = (s.flags & ts.SymbolFlags.Alias) !== 0 ? checker.getAliasedSymbol(s) : s
    out.set(s.getName(), real.getDocumentationComment(checker).length > 0 || ts.getJSDocTags(real.declarations?.[0] ?? file).length > 0)
  }
  return out
}

const sorted = (xs: Iterable<string>): string[] => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))

describe.each(Object.keys(SURFACE))('aedes-ota%s', (subpath) => {
  it('the lists here are sorted and the values are among the names', () => {
    expect(SURFACE[subpath]).toEqual(sorted(SURFACE[subpath]!))
    expect(VALUES[subpath]).toEqual(sorted(VALUES[subpath]!))
    expect(VALUES[subpath]!.filter((v) => !SURFACE[subpath]!.includes(v))).toEqual([])
  })

  it('exports exactly the listed values at run time', async () => {
    const mod = await import(pathToFileURL(join(root, target(subpath).default)).href) as Record<string, unknown>
    expect(sorted(Object.keys(mod))).toEqual(VALUES[subpath])
  })

  it('declares exactly the listed names, each with TSDoc', () => {
    const names = declared(join(root, target(subpath).types))
    expect(sorted(names.keys())).toEqual(SURFACE[subpath])
    expect(sorted([...names].filter(([, doc]) => !doc).map(([n]) => n)), 'exports without TSDoc').toEqual([])
  })
})

it('package.json maps every listed subpath to the build', () => {
  for (const subpath of Object.keys(SURFACE)) expect(target(subpath)).toEqual({ types: `./dist/${subpath.slice(2)}/index.d.ts`, default: `./dist/${subpath.slice(2)}/index.js` })
})
