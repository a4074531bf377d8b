/**
 * `aedes-ota/broker`: the Aedes plugin and its standalone TLS broker. The operator's MQTT
 * client is `aedes-ota/operator`.
 */
export { createOtaPlugin, type OtaPlugin, type PublishReleaseOptions } from './plugin.js'
export { startOtaBroker, type OtaBroker, type OtaBrokerOptions, type OtaBrokerTls } from './server.js'
export type { OtaPluginOptions } from './options.js'
export type { FlapOptions } from './flapping.js'
export type { StoredRelease, ReleaseCatalog } from './store.js'
export type { FleetInventory } from './inventory.js'
export type { AuditLog, AuditEvent } from './audit.js'
export { parseAclFile, type AclRule } from './host-acl.js'
export { MAX_SEQUENCE_STEP, compareVersions } from './release-rules.js'
export type { RolloutControl, RolloutSpec, RolloutSpecInput, RolloutStatus, RolloutPhase, RolloutDevice, RolloutDeviceState, RolloutWave, RolloutPlan, PlannedDevice } from './rollout/types.js'
export { resolveRolloutSpec, ROLLOUT_DEFAULTS } from './rollout/spec.js'
