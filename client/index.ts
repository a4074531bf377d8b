/**
 * `aedes-ota/client`: the device side. {@link OtaDevice} takes updates over MQTT;
 * {@link provisionDevice} prepares a device's state folder at the factory; {@link boot},
 * {@link confirm} and {@link revert} are the bootloader decisions a real integration calls.
 * The lower-level pieces (state file, slots, downloader, policy, audit) are exported for
 * integrations that replace one of them.
 */
export { OtaDevice, type ConfirmedEvent, type RunningState, type OtaDeviceEvents } from './device.js'
export { provisionDevice, type ProvisionOptions } from './provision.js'
export { boot, confirm, revert, verifySlot, type BootResult, type BootOptions, type ConfirmResult, type RevertResult } from './bootloader.js'
export {
  resolveOptions, DeviceDefaults, MAX_WINDOW,
  type OtaDeviceOptions, type ResolvedOptions, type DeviceTls, type SlotName, type ConsentAnswer, type HealthCheckContext
} from './options.js'
export {
  STATE_FILE, loadState, saveState, updateState, withStateLock, validateState, stateExists, statePath, otherSlot, writeFileAtomic,
  bitmapToBase64, bitmapFromBase64,
  type DeviceState, type SlotRecord, type PendingTrial, type DownloadRecord, type DeferralRecord
} from './state.js'
export { SLOT_FILES, SlotWriter, slotPath, hashSlot, hashFile, writeSlotImage, type SlotDigest, type SlotWriterOptions } from './slots.js'
export { Downloader, type ChunkSink, type DownloaderOptions, type DownloadProgress, type DownloadResult } from './downloader.js'
export { checkManifest, resolveConsent, type DeviceFacts, type PolicyVerdict, type ConsentDecision, type ConsentTiming } from './policy.js'
export { AuditPublisher, buildStatusEvent, type AuditContext, type StatusFields, type AuditTransport } from './audit.js'
