/**
 * Setting up one device for the `device` and `fleet` commands: credentials from the PKI,
 * factory provisioning on first start, and the {@link OtaDevice}.
 */
import { Option, type Command } from 'commander'
import type { Logger } from 'pino'
import type { PkiLayout } from '../certs/index.js'
import { OtaError, type TrustedRoot } from '../proto/index.js'
import { DeviceDefaults, FileSlotStorage, OtaDevice, UBootBootControl, provisionDevice, type OtaDeviceOptions, type SlotStorage, type TrustedTime, type UBootBootOptions } from '../client/index.js'
import { BackoffLimits } from '../client/options.js'
import { loadTrustedRoots } from '../client/trust/store.js'
import { deviceTls, readOrFail } from './credentials.js'
import { durationArg } from './options.js'
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
  /** the factory bundle's bytes, instead of `provision` (a fleet reads the file once for all its devices) */
  provisionBundle?: Uint8Array
  /** the CA certificate (PEM), instead of reading the PKI's for each device */
  ca?: Buffer
  /** where the slot bytes live; default the files in `stateDir` (the device's default) */
  storage?: SlotStorage
  /**
   * the U-Boot environment bootloader's settings (its `fwEnvConfig`, `defaultEnv`, `cmdline`):
   * given, the device boots through {@link UBootBootControl} instead of the simulated bootloader
   */
  uboot?: Pick<UBootBootOptions, 'fwEnvConfig' | 'defaultEnv' | 'cmdline'>
  window?: number
  /** first broker connection retry delay, ms (the device's `backoff.initialDelayMs`; its default when absent) */
  backoffInitialMs?: number
  /** cap of the retry delay, ms (the device's `backoff.maxDelayMs`; its default when absent) */
  backoffMaxMs?: number
  /** TLS server name the broker's certificate must carry; default: the broker URL's host */
  servername?: string
  /**
   * shell command run during a trial boot as the health check: exit 0 = healthy; it gets
   * `OTA_VERSION`, `OTA_SLOT` and `OTA_DEVICE_ID` and is killed when the health check's
   * deadline (`healthCheckTimeoutMs`) passes
   */
  healthCheck?: string
  /** the health check's deadline, ms (the device's `healthCheckTimeoutMs`; its default when absent) */
  healthCheckTimeoutMs?: number
  /** boots a new image may take unconfirmed before the bootloader reverts it (the device's `maxTrialBoots`; its default when absent) */
  maxTrialBoots?: number
  /**
   * shell command run once per start when the model's end of support has passed; it gets
   * `OTA_MODEL`, `OTA_VERSION`, `OTA_END_OF_LIFE_AT` (ms) and `OTA_END_OF_LIFE_NOTICE`, and is
   * killed after `healthCheckTimeoutMs`
   */
  onEndOfLife?: string
  /** whether the device trusts its clock to judge expiry (the device's `trustedTime`; its default when absent) */
  trustedTime?: TrustedTime
  /** deadline of one download attempt, ms (the device's `transferTimeoutMs`; its default when absent) */
  transferTimeoutMs?: number
  /** false: always download the image, never a delta or the compressed image (the device's `patches`) */
  patches?: boolean
  /** consent policy, hook and windows (see cli/device-consent.ts) */
  consent?: Pick<OtaDeviceOptions, 'consentPolicy' | 'consent' | 'maintenanceWindows'>
  /** the command's logger; the device adds its `deviceId` and `model` bindings itself */
  logger: Logger
}

/**
 * Adds the options every simulated device shares to a command (`device`, `fleet`):
 * `--backoff-initial-ms`, `--backoff-max-ms`, `--trusted-time system|none` and
 * `--transfer-timeout DURATION` (e.g. `30m`; the device bounds it to 100 ms to 7 days) and
 * `--no-patches`.
 */
export function deviceRuntimeOptions (cmd: Command): Command {
  return cmd
    .option('--backoff-initial-ms <ms>', `first broker connection retry delay before jitter (default ${DeviceDefaults.backoffInitialDelayMs})`, intArg(BackoffLimits.minMs, BackoffLimits.initialMaxMs))
    .option('--backoff-max-ms <ms>', `cap of the broker connection retry delay before jitter, at least the initial delay (default ${DeviceDefaults.backoffMaxDelayMs})`, intArg(BackoffLimits.minMs, BackoffLimits.maxMaxMs))
    .addOption(new Option('--trusted-time <source>', `system: the device trusts its clock and refuses expired manifests (OTA_EXPIRED); none: a device without a trustworthy clock, expiry not judged (default ${DeviceDefaults.trustedTime}; docs/SECURITY.md, trusted time)`).choices(['system', 'none']))
    .option('--transfer-timeout <duration>', `deadline of one download attempt, 100ms to 7d (the slow-retrieval defence: OTA_TIMEOUT, retried with backoff), e.g. 10m (default ${DeviceDefaults.transferTimeoutMs / 60_000}m)`, durationArg('--transfer-timeout'))
    .option('--no-patches', 'always download the image itself, never a delta from the running image nor the compressed image')
}

/**
 * The U-Boot environment bootloader of a device: it verifies against the roots the device has
 * walked to (read from the state folder at each boot, as the device persists them) and writes
 * its slots through its own guarded storage.
 */
function ubootControl (o: PrepareDeviceOptions, model: string): UBootBootControl {
  const roots = (): ReturnType<typeof loadTrustedRoots> => loadTrustedRoots(o.stateDir, o.trust)
  return new UBootBootControl({
    ...o.uboot,
    stateDir: o.stateDir,
    trust: () => roots().at(-1)!,
    formerRoots: roots,
    model,
    storage: o.storage ?? FileSlotStorage.inDir(o.stateDir),
    logger: o.logger.child({ deviceId: o.id, bootControl: 'uboot' })
  })
}

/** As `deviceTls`, with the CA certificate already read. */
async function deviceTlsWithCa (pki: PkiLayout, id: string, ca: Buffer): Promise<{ model: string, tls: { ca: Buffer, cert: Buffer, key: Buffer } }> {
  const me = pki.devices.find((d) => d.id === id)
  if (me === undefined) throw new OtaError('OTA_INVALID_ARGUMENT', `no device ${id} in ${pki.dir}`)
  const [cert, key] = await Promise.all([readOrFail(me.cert), readOrFail(me.key)])
  return { model: me.model, tls: { ca, cert, key } }
}

/**
 * Provisions the device from the factory bundle when it has no state yet, and builds it (not started).
 * @throws OtaError `OTA_INVALID_ARGUMENT` for an id not in the PKI, `OTA_IO`, and what provisioning throws
 */
export async function prepareDevice (o: PrepareDeviceOptions): Promise<OtaDevice> {
  const { model, tls } = o.ca !== undefined ? await deviceTlsWithCa(o.pki, o.id, o.ca) : await deviceTls(o.pki, o.id)
  const bootControl = o.uboot !== undefined ? ubootControl(o, model) : undefined
  if (o.provision !== undefined || o.provisionBundle !== undefined) {
    const bundle = o.provisionBundle ?? await readOrFail(o.provision!)
    await provisionDevice({ stateDir: o.stateDir, bundle, trust: o.trust, ...(o.storage !== undefined ? { storage: o.storage } : {}), ...(bootControl !== undefined ? { bootControl } : {}) }).catch((e: unknown) => {
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
    ...(o.trustedTime !== undefined ? { trustedTime: o.trustedTime } : {}),
    ...(o.transferTimeoutMs !== undefined ? { transferTimeoutMs: o.transferTimeoutMs } : {}),
    ...(o.patches !== undefined ? { patches: o.patches } : {}),
    ...(bootControl !== undefined ? { bootControl, storage: bootControl.slotStorage } : o.storage !== undefined ? { storage: o.storage } : {}),
    backoff: { initialDelayMs: o.backoffInitialMs, maxDelayMs: o.backoffMaxMs },
    ...(o.healthCheckTimeoutMs !== undefined ? { healthCheckTimeoutMs: o.healthCheckTimeoutMs } : {}),
    ...(o.maxTrialBoots !== undefined ? { maxTrialBoots: o.maxTrialBoots } : {}),
    ...(healthCommand !== undefined
      ? {
          healthCheck: async (ctx) => {
            // The device's deadline kills the command (ctx.signal); the time-out is only a backstop.
            const r = await runShellHook(healthCommand, { OTA_VERSION: ctx.version, OTA_SLOT: ctx.slot, OTA_DEVICE_ID: o.id }, o.healthCheckTimeoutMs ?? DeviceDefaults.healthCheckTimeoutMs, o.logger, ctx.signal)
            o.logger.info({ version: ctx.version, exitCode: r.code, timedOut: r.timedOut }, 'health check command ended')
            // Thrown, the reason reaches the REVERTED event's detail.
            if (r.code !== 0) throw new Error(r.timedOut ? 'the health check command was killed at its deadline' : r.code === null ? 'the health check command did not start or was killed by a signal' : `the health check command exited with code ${r.code}`)
            return true
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
