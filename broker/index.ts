/**
 * `aedes-ota/broker`: the Aedes plugin, its standalone TLS broker, and their parts.
 */
export { createOtaPlugin, type OtaPlugin } from './plugin.js'
export { startOtaBroker, type OtaBroker, type OtaBrokerOptions } from './server.js'
export { resolveOptions, type OtaPluginOptions, type ResolvedOptions } from './options.js'
export { filterTouchesPrefix, mayForward, mayPublish, maySubscribe, type Identity, type PublishDecision } from './acl.js'
export { ReleaseStore, type StoredRelease } from './store.js'
export { openAuditLog, type AuditLog, type AuditEvent } from './audit.js'
export { publishBundle, fetchInventory, type PublishBundleOptions, type FetchInventoryOptions, type OperatorConnection } from './admin-client.js'
