/**
 * `aedes-ota/sign`: the operator's signing side, run in a build pipeline or on an offline
 * machine, never on a device: Ed25519 signing and key generation, key files and the
 * `keys init` layout, signed envelopes, release creation and bundle writing.
 *
 * What it produces is read and verified with `aedes-ota/proto` (`verifyRoot`, `verifyManifest`,
 * `parseBundle`, `verifyBundle`). Only the names below are supported; test/exports.test.ts
 * lists them so that a change to this surface is deliberate.
 *
 * @module
 */
export { signMessage, publicKeyOf, generateSecretKey } from './ed25519.js'
export { signEnvelope, type Signer } from './envelope.js'
export { KeyFiles, generateKeyPair, publicKeyEntry, readKeyFile, writeKeyFile, initKeys, type KeyPair, type InitKeysOptions } from './keys.js'
export { RootsDir, rootVersionPath, readRootChain, rotateRoot, addSigner, revokeSigner, type CeremonyOptions, type RotateRootOptions, type AddSignerOptions } from './rotation.js'
export { ReleaseDefaults, createRelease, type ReleaseOptions, type Release } from './release.js'
export { encodeBundle } from './bundle.js'
export { sbomFormatOf } from './sbom.js'
export { encodeDelta, DEFAULT_DELTA_BLOCK, type EncodeDeltaOptions, type EncodedDelta } from './delta/encode.js'
export { releasePatches, checkReleasePatches, PatchRules, type PatchBase, type PatchVerdict, type ReleasePatches, type ReleasePatchOptions, type ShippedPatch } from './delta/release-patches.js'
