/**
 * The events an {@link OtaDevice} emits, and what they carry. Kept apart from the device so that
 * the parts that emit them (through the reporter) need not import the facade.
 */
import type { OtaError, StatusEvent } from '../proto/index.js'
import type { DownloadProgress } from './downloader.js'
import type { DroppedFrames } from './dropped-frames.js'
import type { SlotName } from './options.js'
import type { ReleaseOffer } from './consent/offer.js'
import type { EndOfLifeInfo } from './eol/watch.js'

/** Payload of the `confirmed` event. */
export interface ConfirmedEvent {
  /** version that ran before */
  from: string
  /** version now confirmed */
  to: string
  /** seconds from OFFERED to CONFIRMED */
  seconds: number
  /** chunk data bytes received for the update, including re-requests */
  bytes: number
}

/** What runs now. */
export interface RunningState {
  /** manifest version of the image running */
  version: string
  /** the slot it runs from, `'a'` or `'b'` */
  slot: SlotName
  /** the anti-rollback counter */
  securityCounter: number
}

/**
 * Payload of the `upToDate` event: the broker announces nothing this device should install.
 * - `current`: the retained manifest is the release the device runs;
 * - `no-release`: no manifest is retained for the model (none arrived within
 *   `retainedSettleMs` after the subscription was granted);
 * - `refused`: the announced release is one this device declined or reverted before;
 * - `older`: the model topic announces a release older (lower sequence) than one this device
 *   accepted, typically the release a rollout's offer replaced on this device: ignored quietly.
 */
export interface UpToDateEvent {
  /** the version running */
  version: string
  /** why nothing is to be installed: `current`, `no-release`, `refused` or `older` (see above) */
  reason: 'current' | 'no-release' | 'refused' | 'older'
  /** the announced version, for `current`, `refused` and `older` */
  announced?: string
}

/** Events of {@link OtaDevice}. */
export interface OtaDeviceEvents {
  /** every status event published */
  status: [StatusEvent]
  /** download progress, bytes */
  progress: [DownloadProgress]
  /**
   * frames of the data topic the download dropped (garbage, another artifact's, refused chunks):
   * the totals of this download so far, at most once per silence period and at its end
   */
  framesDropped: [DroppedFrames]
  /**
   * the broker sent an MQTT packet longer than the largest legal frame (`OTA_TOO_LARGE`) or with
   * a malformed length (`OTA_DECODE`): the connection was closed before the packet was read, and
   * is opened again with the backoff (client/packet-guard.ts)
   */
  packetRefused: [OtaError]
  /**
   * the root chain on the trust topic was refused past the current root version (`OTA_BAD_SIGNATURE`,
   * `OTA_ROOT_VERSION`, `OTA_DECODE`, ...): the device keeps its root, and reports the refusal in
   * a status event (its current state, the error code, a detail naming the root version kept)
   */
  rootRefused: [OtaError]
  confirmed: [ConfirmedEvent]
  /** an update ended without installing (FAILED or REJECTED), with the reason */
  failed: [OtaError]
  /** a trial image was given up on, with the reason */
  reverted: [OtaError]
  /** nothing to install: see {@link UpToDateEvent}; emitted when the device learns it, at most once per manifest */
  upToDate: [UpToDateEvent]
  /** a release passed every check and is offered for consent (once per update; release notes, urgency, reboot, maximum deferral) */
  offered: [ReleaseOffer]
  /** the running image's model is past its end of support: once per process start (see `onEndOfLife`) */
  endOfLife: [EndOfLifeInfo]
}

/** How the parts emit device events (the facade's `emit`, bound). */
export type EmitDeviceEvent = <K extends keyof OtaDeviceEvents>(event: K, ...args: OtaDeviceEvents[K]) => void
