/**
 * `aedes-ota/operator`: the operator's MQTT client (an operator certificate over mutual TLS):
 * publish a release bundle, read the fleet inventory, list the current releases.
 */
export {
  publishBundle, fetchInventory, listReleases,
  type OperatorConnection, type PublishBundleOptions, type PublishBundleResult
} from './client.js'
export type { AdminResult } from '../proto/index.js'
export type { DeviceRecord, ReleaseRecord } from '../proto/codec/operator.js'
