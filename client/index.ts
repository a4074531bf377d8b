/**
 * `aedes-ota/client`: the device side, its supported API.
 *
 * - {@link OtaDevice} takes updates over MQTT (options {@link OtaDeviceOptions}, events
 *   {@link OtaDeviceEvents});
 * - {@link provisionDevice} prepares a device's state folder at the factory;
 * - {@link BootControl} is what the bootloader decides, {@link SimulatedBootControl} its default
 *   implementation over the state file, {@link UBootBootControl} the one over the U-Boot
 *   environment (`fw_printenv` / `fw_setenv`, docs/BOOTLOADER.md);
 * - {@link SlotStorage} is where slot bytes live, {@link FileSlotStorage} its backend for files
 *   and block devices;
 * - consent and end of life: {@link ConsentPolicy}, {@link ConsentAnswer}, {@link ReleaseOffer},
 *   {@link MaintenanceWindow} (with {@link parseWindow} and {@link parseDuration} for the
 *   command-line forms) and {@link EndOfLifeInfo};
 * - delta patches: {@link applyDeltaStream} / {@link DeltaApplier} (the streaming, resumable
 *   apply a product with its own slot backend may drive) and {@link SUPPORTED_ALGORITHMS}.
 *
 * Everything else in client/ is internal and may change without notice.
 */
export { OtaDevice } from './device.js'
export type { ConfirmedEvent, RunningState, UpToDateEvent, OtaDeviceEvents } from './events.js'
export { provisionDevice, type ProvisionOptions } from './provision.js'
export { DeviceDefaults, type OtaDeviceOptions, type DeviceTls, type SlotName, type ConsentAnswer, type ConsentPolicy, type HealthCheckContext, type TrustedTime } from './options.js'
export type { ReleaseOffer, UrgencyName } from './consent/offer.js'
export { parseWindow, type MaintenanceWindow } from './consent/windows.js'
export { parseDuration } from './consent/duration.js'
export type { EndOfLifeInfo } from './eol/watch.js'
export type { BackoffOptions, Jitter } from './backoff.js'
export type { BootControl, BootResult, BootStatus, ConfirmResult, FactoryImage, RevertResult, TrialRequest } from './boot/boot-control.js'
export { SimulatedBootControl, type SimulatedBootOptions } from './boot/simulated.js'
export { UBootBootControl, type UBootBootOptions } from './boot/uboot-env.js'
export { writeSlotImage, type SlotStorage, type SlotHandle, type SlotReader, type SlotDigest } from './storage/slot-storage.js'
export { FileSlotStorage, SLOT_FILES, slotPath, type FileSlot } from './storage/file.js'
export type { DownloadProgress } from './downloader.js'
export type { DroppedFrames } from './dropped-frames.js'
export { applyDeltaStream, DeltaApplier, checkBase, type DeltaIo, type ReadAt, type WriteAt, type BlockDone, type ApplyStreamOptions, type ApplyResult } from './delta/apply.js'
export { SUPPORTED_ALGORITHMS } from './delta/plan.js'
