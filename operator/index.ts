/**
 * `aedes-ota/operator`: the operator's MQTT client (an operator certificate over mutual TLS):
 * publish a release bundle, read the fleet inventory, list the current releases, and run staged
 * rollouts (start, plan, status, pause, resume, abort).
 */
export {
  publishBundle, fetchInventory, listReleases,
  type OperatorConnection, type PublishBundleOptions, type PublishBundleResult
} from './client.js'
export {
  startRollout, planRollout, rolloutStatus, pauseRollout, resumeRollout, abortRollout,
  type StartRolloutOptions, type PlanRolloutOptions, type RolloutIdOptions
} from './rollout.js'
export type { AdminResult } from '../proto/index.js'
export type { DeviceRecord, ReleaseRecord } from '../proto/codec/operator.js'
export type { RolloutStatus, RolloutSpec, RolloutSpecInput, RolloutWave, RolloutDevice, RolloutPhase, RolloutDeviceState, RolloutPlan, PlannedDevice } from '../broker/rollout/types.js'
