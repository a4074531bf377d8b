/**
 * Setting up one device for the `device` and `fleet` commands: credentials from the PKI,
 * factory provisioning on first start, and the {@link OtaDevice}.
 */
import type { Command } from 'commander'
import type { Logger } from 'pino'
import type { PkiLayout } from '../certs/index.js'
import { OtaError, type TrustedRoot } from '../proto/index.js'
import { DeviceDefaults, OtaDevice, provisionDevice, type OtaDeviceOptions } from '../client/index.js'
import { BackoffLimits } from '../client/options.js'
import { deviceTls, readOrFail } from './credentials.js'
import { intArg } from './output.js'
import { runShellHook } from './shell-hook.js'

/** What {@link prepareDevice} needs. */
export interface PrepareDeviceOptions {
  pki: PkiLayout
  id: string
  trust: TrustedRoot
  stateDir: string
  broker: string
  /** factory bundle written to slot A when the state folder is empty */
  provision?: string
  window?: number
  /** first broker connection retry delay, ms (the device's `backoff.initialDelayMs`; its default when absent) */
  backoffInitialMs?: number
  /** cap of the retry delay, ms (the device's `backoff.maxDelayMs`; its default when absent) */
  backoffMaxMs?: number
  /** TLS server name the broker's certificate must carry; default: the broker URL's host */
  servername?: string
  /**
   * shell command run during a trial boot as the health check: exit 0 = healthy; it gets
   * `OTA_VERSION` and `OTA_SLOT` and is killed after the device's `healthCheckTimeoutMs`
   */
  healthCheck?: string
  /**
   * shell command run once per start when the model's end of support has passed; it gets
   * `OTA_MODEL`, `OTA_VERSION`, `OTA_END_OF_LIFE_AT` (ms) and `OTA_END_OF_LIFE_NOTICE`, and is
   * killed after `healthCheckTimeoutMs`
   */
  onEndOfLife?: string
  /** consent policy, hook and windows (see cli/device-consent.ts) */
  consent?: Pick<OtaDeviceOptions, 'consentPolicy' | 'consent' | 'maintenanceWindows'>
  /** the command's logger; the device adds its `deviceId` and `model` bindings itself */
  logger: Logger
}

/**
 * Adds `--backoff-initial-ms` and `--backoff-max-ms` to a command (`device`, `fleet`).
 */
export function backoffOptions (cmd: Command): Command {
  return cmd
    .option('--backoff-initial-ms <ms>', `first broker connection retry delay before jitter (default ${DeviceDefaults.backoffInitialDelayMs})`, intArg(BackoffLimits.minMs, BackoffLimits.initialMaxMs))
    .option('--backoff-max-ms <ms>', `cap of the broker connection retry delay before jitter, at least the initial delay (default ${DeviceDefaults.backoffMaxDelayMs})`, intArg(BackoffLimits.minMs, BackoffLimits.maxMaxMs))
}

/**
 * Provisions the device from the factory bundle when it has no state yet, and builds it (not started).
 * @throws OtaError `OTA_INVALID_ARGUMENT` for an id not in the PKI, `OTA_IO`, and what provisioning throws
 */
export async function prepareDevice (o: PrepareDeviceOptions): Promise<OtaDevice> {
  const { model, tls } = await deviceTls(o.pki, o.id)
  if (o.provision !== undefined) {
    const bundle = await readOrFail(o.provision)
    await provisionDevice({ stateDir: o.stateDir, bundle, trust: o.trust }).catch((e: unknown) => {
      // An already provisioned device keeps its state: provisioning is for the factory only.
      if (!(e instanceof OtaError && e.code === 'OTA_STATE')) throw e
    })
  }
  const healthCommand = o.healthCheck
  const eolCommand = o.onEndOfLife
  return new OtaDevice({
    id: o.id, model, stateDir: o.stateDir, trust: o.trust, broker: o.broker,
    tls: o.servername !== undefined ? { ...tls, servername: o.servername } : tls,
    ...(o.window !== undefined ? { window: o.window } : {}),
    backoff: { initialDelayMs: o.backoffInitialMs, maxDelayMs: o.backoffMaxMs },
    ...(healthCommand !== undefined
      ? {
          healthCheck: async (ctx) => {
            const r = await runShellHook(healthCommand, { OTA_VERSION: ctx.version, OTA_SLOT: ctx.slot, OTA_DEVICE_ID: o.id }, DeviceDefaults.healthCheckTimeoutMs, o.logger)
            o.logger.info({ version: ctx.version, exitCode: r.code, timedOut: r.timedOut }, 'health check command ended')
            return r.code === 0
          }
        }
      : {}),
    ...(eolCommand !== undefined
      ? {
          onEndOfLife: async (e) => {
            const env = { OTA_MODEL: e.model, OTA_VERSION: e.version, OTA_END_OF_LIFE_AT: String(e.endOfLifeAt), OTA_END_OF_LIFE_NOTICE: e.notice, OTA_DEVICE_ID: o.id }
            const r = await runShellHook(eolCommand, env, DeviceDefaults.healthCheckTimeoutMs, o.logger)
            o.logger.info({ exitCode: r.code, timedOut: r.timedOut }, 'end-of-life command ended')
          }
        }
      : {}),
    ...(o.consent ?? {}),
    logger: o.logger
  })
}
