/**
 * `aedes-ota/proto`: what the broker plugin and the device agree on: the ota.v1 codec and its
 * limits, the Merkle tree, strict Ed25519, the trust chain, bundles, topics and error codes.
 */
export * from './errors.js'
export * from './hash.js'
export * from './limits.js'
export * from './merkle.js'
export * from './bitmap.js'
export * from './ed25519.js'
export * from './codec.js'
export * from './codec-admin.js'
export * from './trust.js'
export * from './keys.js'
export * from './bundle.js'
export * from './release.js'
export * from './topics.js'
export * from './files.js'
