/**
 * The device options: their shape, their defaults (here and nowhere else) and their validation,
 * done once when an {@link OtaDevice} is constructed so that no other module re-checks them.
 */
import { isIP } from 'node:net'
import type { Logger } from 'pino'
import { pino } from 'pino'
import { OtaError, Topics, isIdentifier, type Manifest, type TrustedRoot } from '../proto/index.js'
import { isVersion } from '../proto/identifiers.js'
import type { BackoffOptions, Jitter } from './backoff.js'
import type { BootControl } from './boot/boot-control.js'
import { SimulatedBootControl } from './boot/simulated.js'
import { FileSlotStorage } from './storage/file.js'
import type { SlotStorage } from './storage/slot-storage.js'
import type { ConsentAnswer, ConsentPolicy } from './consent/decide.js'
import type { ReleaseOffer } from './consent/offer.js'
import { compileWindows, type CompiledWindows, type MaintenanceWindow } from './consent/windows.js'
import type { EndOfLifeInfo } from './eol/watch.js'
import { loadTrustedRoots } from './trust/store.js'

export type { ConsentAnswer, ConsentPolicy } from './consent/decide.js'

/** A slot name: the device holds two image slots, A and B. */
export type SlotName = 'a' | 'b'

/** Context given to the health check during a trial boot. */
export interface HealthCheckContext {
  /** version of the image on trial */
  version: string
  /** slot it runs from */
  slot: SlotName
  /**
   * aborted when `healthCheckTimeoutMs` has passed without an answer (the image is then
   * reverted whatever the check answers later): a check that started work should stop it
   */
  signal: AbortSignal
}

/** TLS material for the broker connection (PEM or DER, as Node's `tls` accepts it). */
export interface DeviceTls {
  /** CA certificate(s) the broker's certificate must chain to */
  ca: Buffer
  /** the device certificate; its CN is the device id */
  cert: Buffer
  /** the device's private key */
  key: Buffer
  /**
   * name the broker's certificate must carry (TLS over TCP; over WebSocket the URL's host is
   * checked); default: the broker URL's host name. For a URL that names an IP address no name is
   * sent and the certificate must carry that address as an IP subjectAltName (RFC 6125 §1.7.2;
   * RFC 6066 §3 forbids an IP address as a TLS server name), as the operator tools check it too
   */
  servername?: string
}

/** Options of {@link OtaDevice}. Times in ms unless the name says otherwise. */
export interface OtaDeviceOptions {
  /** device id, also the MQTT clientId; must equal the certificate's CN */
  id: string
  /** hardware model; only manifests for this model are accepted */
  model: string
  /** folder holding `state.json`, `slot-a.bin` and `slot-b.bin` (see {@link provisionDevice}) */
  stateDir: string
  /**
   * the provisioned trust anchor, from proto `verifyRoot(readFileSync(join(trustDir, 'root.bin')))`;
   * the newer roots the device walked to since, persisted in the state folder (`trust-roots.bin`,
   * client/trust/store.ts), take its place for new manifests
   */
  trust: TrustedRoot
  /** broker URL over TLS: `mqtts://host:port`, `tls://host:port` or `wss://host:port/path` */
  broker: string
  /** TLS material; the broker's certificate is always verified */
  tls: DeviceTls
  /** topic prefix; default `'ota'` */
  topicPrefix?: string
  /** this device's hardware revision, matched against `manifest.hardwareRevisions` */
  hardwareRevision?: string
  /** chunks outstanding during a download, 1 to 512; default 64 */
  window?: number
  /** silence after which outstanding chunks are asked for again, ms; default 2000 */
  chunkTimeoutMs?: number
  /**
   * deadline of one download attempt, ms, 100 ms to 7 days; default 30 minutes
   * ({@link DeviceDefaults.transferTimeoutMs}). The slow-retrieval defence (TUF spec 1.5.2): a
   * broker trickling chunks just inside `chunkTimeoutMs` cannot hold the device for ever. Past it
   * the attempt ends with `OTA_TIMEOUT` (LwM2M Object 5 Update Result 4, connection lost), keeps
   * what arrived, and is tried again after a `backoff` delay, `maxRetries` times
   */
  transferTimeoutMs?: number
  /** consecutive silent periods re-requested before a download fails with `OTA_TIMEOUT`; default 5 */
  maxRetries?: number
  /** boots a new image may take without being confirmed before the bootloader reverts it; default 3 */
  maxTrialBoots?: number
  /**
   * download a release's delta from the running image, or its compressed image, when it has one
   * (client/delta/), falling back to the image on any failure of the patch; false: always the
   * image. Default true (false in effect when `storage` has no `openForRead`)
   */
  patches?: boolean
  /**
   * while downloading an artifact, also subscribe to its broadcast topic
   * (`<p>/m/<model>/a/<artifact>/data`, docs/PROTOCOL.md "Broadcast"): frames the broker
   * broadcasts to every device fetching it are taken like the device's own (each Merkle-proven);
   * its own requests repair what it missed. A refused subscription falls back to unicast alone.
   * Default true
   */
  broadcast?: boolean
  /**
   * decides, during a trial boot, whether the new image works: true confirms it; false or a
   * throw reverts it (REVERTED `OTA_HEALTH_CHECK`, detail "health check failed: …", with the
   * thrown message); default: it works
   */
  healthCheck?: (ctx: HealthCheckContext) => Promise<boolean> | boolean
  /**
   * the health check's deadline (the watchdog of a trial boot), ms, 1 to 86400000: with no
   * answer by then the image is reverted (REVERTED `OTA_HEALTH_CHECK`, detail "health check
   * deadline passed: …") and the check's `signal` aborted; default 60000
   */
  healthCheckTimeoutMs?: number
  /**
   * how an offered release is consented to (client/consent/decide.ts has the rules):
   * `auto` installs at once; `ask` asks {@link OtaDeviceOptions.consent}; `window` installs inside
   * {@link OtaDeviceOptions.maintenanceWindows} only. The manifest's maximum deferral bounds `ask`
   * and `window`: when it runs out the release installs. Default: `ask` when `consent` is given,
   * else `auto`
   */
  consentPolicy?: ConsentPolicy
  /**
   * policy `ask`: answers for an offered release `install`, `decline` (a critical release cannot
   * be declined: counted as `defer`), `defer` (asked again after `deferIntervalMs`) or
   * `{ defer: untilMs }`; a throw counts as `defer`
   */
  consent?: (m: Manifest, offer: ReleaseOffer) => Promise<ConsentAnswer> | ConsentAnswer
  /** policy `window`: the maintenance windows (at least one); required with it, refused without it */
  maintenanceWindows?: MaintenanceWindow[]
  /** how long a plain `defer` waits before consent is asked again, ms; default 600000 (capped by the manifest's maxDeferralS) */
  deferIntervalMs?: number
  /** how long before the end of support the status is ENDING, ms; default 90 days */
  eolWarningMs?: number
  /**
   * called once per process start when the running image's model is past its end of support (at
   * start, or when the date passes while running), e.g. to turn internet-facing features off;
   * the `endOfLife` event is emitted too. A throw is logged
   */
  onEndOfLife?: (info: EndOfLifeInfo) => void | Promise<void>
  /** the clock for consent, windows and end of life, ms since the epoch; default `Date.now` (tests inject one) */
  now?: () => number
  /**
   * whether the device trusts its clock (`now`) to judge expiry (docs/SECURITY.md, trusted time):
   * `'system'` (default) for a device with a battery-backed RTC or an authenticated time source
   * (NTS, RFC 8915; a GNSS or cellular clock): expired manifests (`OTA_EXPIRED`), roots and
   * signing keys are refused and reported. `'none'` for a device without one (its clock restarts
   * at 1970 or is set by an unauthenticated source): expiry is not judged at all, since a wrong
   * clock would either brick updates or be set by the attacker; freshness then rests on the
   * manifest `sequence` and the security version, which never go back
   */
  trustedTime?: TrustedTime
  /** pino logger; the device adds `deviceId` and `model` to it once (a child), so pass it without them */
  logger?: Logger
  /**
   * where the slot bytes live; default {@link FileSlotStorage.inDir}(stateDir): `slot-a.bin` and
   * `slot-b.bin` in the state folder, created when missing
   */
  storage?: SlotStorage
  /** the bootloader's decisions; default the simulated bootloader over `stateDir` and `storage` */
  bootControl?: BootControl
  /**
   * retry delays for the broker connection, the first one and every reconnect: capped exponential
   * backoff with jitter (see `backoffDelay`); defaults: initialDelayMs 1000, maxDelayMs 60000,
   * jitter `'equal'` (each delay at least half the exponential one)
   */
  backoff?: Partial<BackoffOptions>
  /**
   * longest {@link OtaDevice.start} waits for its first connection, ms, across all retries;
   * 0 (the default) waits for ever: a device outlives a broker outage. A refused identity
   * (CONNACK 2, 4 or 5) fails at once whatever this says.
   */
  connectTimeoutMs?: number
  /**
   * on a trial boot, longest the new image may take to reach the broker, ms; default 60000.
   * Reaching the broker is part of its health check: when this runs out the image is reverted,
   * the old one booted, and REVERTED (`OTA_HEALTH_CHECK`) reported once the old image connects
   * (it waits as long as `connectTimeoutMs` says). Bounded by `connectTimeoutMs` when that is not 0.
   */
  trialConnectTimeoutMs?: number
  /**
   * how long after the subscription is granted the device waits for a retained manifest before
   * it concludes that none is retained for its model (`upToDate`, reason `no-release`), ms;
   * default 1000. Aedes and Mosquitto send retained messages right after the SUBACK.
   */
  retainedSettleMs?: number
}

/** Options with every default applied; what the device modules use. */
export interface ResolvedOptions {
  id: string
  model: string
  stateDir: string
  /** the root trusted now for new manifests: the newest of {@link ResolvedOptions.trustedRoots} */
  readonly trust: TrustedRoot
  /**
   * every root trusted so far, oldest first (the provisioned one, then each version walked to);
   * moves forward as rotations are accepted
   */
  trustedRoots: TrustedRoot[]
  broker: string
  /** `servername` is absent when the broker is reached by IP address (see {@link DeviceTls}) */
  tls: Omit<Required<DeviceTls>, 'servername'> & { servername?: string }
  topics: Topics
  hardwareRevision: string | undefined
  window: number
  chunkTimeoutMs: number
  transferTimeoutMs: number
  maxRetries: number
  maxTrialBoots: number
  patches: boolean
  broadcast: boolean
  healthCheck: (ctx: HealthCheckContext) => Promise<boolean> | boolean
  healthCheckTimeoutMs: number
  consentPolicy: ConsentPolicy
  /** policy `ask`: the hook; otherwise unused */
  consent: (m: Manifest, offer: ReleaseOffer) => Promise<ConsentAnswer> | ConsentAnswer
  /** policy `window`: the compiled windows; otherwise null */
  windows: CompiledWindows | null
  deferIntervalMs: number
  eolWarningMs: number
  onEndOfLife: ((info: EndOfLifeInfo) => void | Promise<void>) | undefined
  now: () => number
  trustedTime: TrustedTime
  /** the device's logger: a child with `deviceId` and `model` */
  logger: Logger
  storage: SlotStorage
  bootControl: BootControl
  backoff: BackoffOptions
  connectTimeoutMs: number
  trialConnectTimeoutMs: number
  retainedSettleMs: number
}

/** The defaults, in one place. */
export const DeviceDefaults = {
  topicPrefix: 'ota',
  /** chunks outstanding: enough to keep a 64 KiB-chunk transfer near link speed (bench/transfer.ts) */
  window: 64,
  chunkTimeoutMs: 2000,
  /**
   * one download attempt's deadline, ms: 30 minutes moves 18 MiB at 10 KiB/s (a weak cellular
   * link) and far more on better ones; an attempt cut short resumes from what arrived, so a
   * larger image still completes over several attempts
   */
  transferTimeoutMs: 1_800_000,
  maxRetries: 5,
  maxTrialBoots: 3,
  /** use a delta or the compressed image when the release has one */
  patches: true,
  /** take broadcast frames while downloading */
  broadcast: true,
  healthCheckTimeoutMs: 60_000,
  deferIntervalMs: 600_000,
  /** ENDING this long before the end of support, ms: 90 days */
  eolWarningMs: 90 * 86_400_000,
  /** times the same chunk may be refused before a download fails */
  maxRejections: 3,
  /** first retry delay of the broker connection, ms (before jitter) */
  backoffInitialDelayMs: 1000,
  /** cap of the retry delay, ms (before jitter) */
  backoffMaxDelayMs: 60_000,
  backoffJitter: 'equal' as Jitter,
  /** devices trust their clock unless told they have none (freeze defence on by default) */
  trustedTime: 'system' as TrustedTime,
  /** 0: start() waits for the broker for ever */
  connectTimeoutMs: 0,
  /** on a trial boot, longest wait for the first connection before the image is reverted, ms */
  trialConnectTimeoutMs: 60_000,
  /** attempts of a bootloader confirm or revert before the device gives up on it */
  bootControlAttempts: 3,
  /** wait before the n-th retry of a bootloader call: n × this, ms */
  bootControlRetryDelayMs: 200,
  /** U-Boot backend: `BOOT_x_LEFT` of a confirmed slot, restored at each boot it verifies (RAUC's default) */
  ubootBootAttempts: 3,
  /** U-Boot backend: the environment tools' configuration file */
  fwEnvConfig: '/etc/fw_env.config',
  /** U-Boot backend: longest one `fw_printenv` / `fw_setenv` run may take, ms */
  fwEnvTimeoutMs: 10_000,
  /** wait for a retained manifest after SUBACK, ms */
  retainedSettleMs: 1000,
  /** MQTT keepalive, seconds */
  keepaliveS: 30,
  /** longest one connection attempt (TCP, TLS, CONNACK) may take, ms */
  attemptTimeoutMs: 10_000,
  /** on stop, longest wait for the packets in flight (subscription changes) to be acknowledged, and then for the clean end, ms */
  closeDrainMs: 1000
} as const

/** Largest window: the broker queues at most 512 chunks per device and a request spans fewer than 512. */
export const MAX_WINDOW = 512

const TLS_PROTOCOLS = new Set(['mqtts:', 'tls:', 'ssl:', 'wss:'])

function bad (message: string): never {
  throw new OtaError('OTA_INVALID_ARGUMENT', message)
}

function boolOr (v: unknown, name: string, dflt: boolean): boolean {
  if (v === undefined) return dflt
  if (typeof v !== 'boolean') bad(`${name} must be a boolean, got ${typeof v}`)
  return v
}

/** Bounds of the `backoff` delays, ms (the CLI's `--backoff-*` flags use the same). Internal to the package. */
export const BackoffLimits = { minMs: 10, initialMaxMs: 3_600_000, maxMaxMs: 86_400_000 } as const

/** Whether a device trusts its clock to judge expiry: see {@link DeviceOptions.trustedTime}. */
export type TrustedTime = 'system' | 'none'

function trustedTimeOf (v: unknown): TrustedTime {
  if (v === undefined) return DeviceDefaults.trustedTime
  if (v !== 'system' && v !== 'none') bad(`trustedTime must be 'system' or 'none', got ${JSON.stringify(v)}`)
  return v
}

function intIn (v: unknown, name: string, min: number, max: number, dflt: number): number {
  if (v === undefined) return dflt
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) bad(`${name} must be an integer from ${min} to ${max}, got ${String(v)}`)
  return v
}

function bytesOf (v: unknown, name: string): Buffer {
  if (!(v instanceof Uint8Array) || v.length === 0) bad(`tls.${name} must be a non-empty Buffer`)
  return Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength)
}

function fnOrDefault<F> (v: unknown, name: string, dflt: F): F {
  if (v === undefined) return dflt
  if (typeof v !== 'function') bad(`${name} must be a function`)
  return v as F
}

/**
 * Validates options and applies defaults.
 * @throws OtaError `OTA_INVALID_ARGUMENT` naming the first option that is missing or out of range
 */
export function resolveOptions (o: OtaDeviceOptions): ResolvedOptions {
  if (o === null || typeof o !== 'object') bad('options must be an object')
  if (!isIdentifier(o.id)) bad(`id must be 1 to 64 of [A-Za-z0-9._-] starting alphanumeric, got ${JSON.stringify(o.id)}`)
  if (!isIdentifier(o.model)) bad(`model must be 1 to 64 of [A-Za-z0-9._-] starting alphanumeric, got ${JSON.stringify(o.model)}`)
  if (typeof o.stateDir !== 'string' || o.stateDir.length === 0) bad('stateDir must be a non-empty path')
  if (o.trust === null || typeof o.trust !== 'object' || !(o.trust.envelope instanceof Uint8Array) || o.trust.root === null || typeof o.trust.root !== 'object') {
    bad('trust must be a TrustedRoot from verifyRoot()')
  }
  if (typeof o.broker !== 'string') bad('broker must be a URL string')
  let url: URL
  try {
    url = new URL(o.broker)
  } catch {
    bad(`broker is not a URL: ${JSON.stringify(o.broker)}`)
  }
  // Firmware flows only over TLS: the device authenticates with its certificate and checks the broker's.
  if (!TLS_PROTOCOLS.has(url.protocol)) bad(`broker must use TLS (mqtts:, tls:, ssl: or wss:), got ${url.protocol}`)
  if (o.tls === null || typeof o.tls !== 'object') bad('tls must hold ca, cert and key')
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  const servername = o.tls.servername ?? (isIP(host) !== 0 ? undefined : host)
  if (servername !== undefined && (typeof servername !== 'string' || servername.length === 0)) bad('tls.servername must be a non-empty string')
  const tls = { ca: bytesOf(o.tls.ca, 'ca'), cert: bytesOf(o.tls.cert, 'cert'), key: bytesOf(o.tls.key, 'key'), ...(servername !== undefined ? { servername } : {}) }
  const topics = new Topics(o.topicPrefix ?? DeviceDefaults.topicPrefix)
  if (o.hardwareRevision !== undefined && !isVersion(o.hardwareRevision)) {
    bad('hardwareRevision must be 1 to 64 printable characters')
  }
  if (o.logger !== undefined && (o.logger === null || typeof o.logger.child !== 'function')) bad('logger must be a pino logger')
  const logger = (o.logger ?? pino({ level: 'silent' })).child({ deviceId: o.id, model: o.model })
  if (o.storage !== undefined && (o.storage === null || ['openForWrite', 'hash', 'size'].some((m) => typeof (o.storage as unknown as Record<string, unknown>)[m] !== 'function'))) {
    bad('storage must implement SlotStorage (openForWrite, hash, size; openForRead for patches)')
  }
  if (o.storage?.openForRead !== undefined && typeof o.storage.openForRead !== 'function') bad('storage.openForRead must be a function')
  const storage = o.storage ?? FileSlotStorage.inDir(o.stateDir)
  if (o.bootControl !== undefined && (o.bootControl === null || ['status', 'boot', 'setTrial', 'confirm', 'revert'].some((m) => typeof (o.bootControl as unknown as Record<string, unknown>)[m] !== 'function'))) {
    bad('bootControl must implement BootControl (status, boot, setTrial, confirm, revert)')
  }
  // The roots this device walked to (client/trust), read once here; intake moves them on.
  const trustRef = { roots: loadTrustedRoots(o.stateDir, o.trust) }
  const newest = (): TrustedRoot => trustRef.roots[trustRef.roots.length - 1]!
  const bootControl = o.bootControl ?? new SimulatedBootControl({ stateDir: o.stateDir, trust: newest, formerRoots: () => trustRef.roots, model: o.model, storage })
  const b = o.backoff ?? {}
  if (b === null || typeof b !== 'object') bad('backoff must be an object')
  const initialDelayMs = intIn(b.initialDelayMs, 'backoff.initialDelayMs', BackoffLimits.minMs, BackoffLimits.initialMaxMs, DeviceDefaults.backoffInitialDelayMs)
  const maxDelayMs = intIn(b.maxDelayMs, 'backoff.maxDelayMs', initialDelayMs, BackoffLimits.maxMaxMs, Math.max(initialDelayMs, DeviceDefaults.backoffMaxDelayMs))
  const jitter = b.jitter ?? DeviceDefaults.backoffJitter
  const consent = fnOrDefault<ResolvedOptions['consent'] | undefined>(o.consent, 'consent', undefined)
  const consentPolicy = o.consentPolicy ?? (consent !== undefined ? 'ask' : 'auto')
  if (consentPolicy !== 'auto' && consentPolicy !== 'ask' && consentPolicy !== 'window') bad(`consentPolicy must be 'auto', 'ask' or 'window', got ${JSON.stringify(consentPolicy)}`)
  if (consentPolicy === 'ask' && consent === undefined) bad("consentPolicy 'ask' needs a consent hook")
  if (consentPolicy !== 'ask' && consent !== undefined) bad(`a consent hook is only asked with consentPolicy 'ask', not '${consentPolicy}'`)
  if (consentPolicy === 'window' && o.maintenanceWindows === undefined) bad("consentPolicy 'window' needs maintenanceWindows")
  if (consentPolicy !== 'window' && o.maintenanceWindows !== undefined) bad(`maintenanceWindows only apply with consentPolicy 'window', not '${consentPolicy}'`)
  const windows = consentPolicy === 'window' ? compileWindows(o.maintenanceWindows!) : null
  if (jitter !== 'full' && jitter !== 'equal') bad(`backoff.jitter must be 'full' or 'equal', got ${JSON.stringify(jitter)}`)
  return {
    id: o.id,
    model: o.model,
    stateDir: o.stateDir,
    get trust () { return newest() },
    get trustedRoots () { return trustRef.roots },
    set trustedRoots (r: TrustedRoot[]) { trustRef.roots = r },
    broker: o.broker,
    tls,
    topics,
    hardwareRevision: o.hardwareRevision,
    window: intIn(o.window, 'window', 1, MAX_WINDOW, DeviceDefaults.window),
    chunkTimeoutMs: intIn(o.chunkTimeoutMs, 'chunkTimeoutMs', 10, 3_600_000, DeviceDefaults.chunkTimeoutMs),
    transferTimeoutMs: intIn(o.transferTimeoutMs, 'transferTimeoutMs', 100, 7 * 86_400_000, DeviceDefaults.transferTimeoutMs),
    maxRetries: intIn(o.maxRetries, 'maxRetries', 0, 1000, DeviceDefaults.maxRetries),
    maxTrialBoots: intIn(o.maxTrialBoots, 'maxTrialBoots', 1, 255, DeviceDefaults.maxTrialBoots),
    // A patch is applied by reading the slots back: a storage that cannot takes whole images.
    patches: boolOr(o.patches, 'patches', DeviceDefaults.patches) && typeof storage.openForRead === 'function',
    broadcast: boolOr(o.broadcast, 'broadcast', DeviceDefaults.broadcast),
    healthCheck: fnOrDefault(o.healthCheck, 'healthCheck', () => true),
    healthCheckTimeoutMs: intIn(o.healthCheckTimeoutMs, 'healthCheckTimeoutMs', 1, 86_400_000, DeviceDefaults.healthCheckTimeoutMs),
    consentPolicy,
    consent: consent ?? (() => 'install'),
    windows,
    deferIntervalMs: intIn(o.deferIntervalMs, 'deferIntervalMs', 1, 86_400_000 * 30, DeviceDefaults.deferIntervalMs),
    eolWarningMs: intIn(o.eolWarningMs, 'eolWarningMs', 0, 86_400_000 * 3660, DeviceDefaults.eolWarningMs),
    onEndOfLife: fnOrDefault<ResolvedOptions['onEndOfLife']>(o.onEndOfLife, 'onEndOfLife', undefined),
    now: fnOrDefault<() => number>(o.now, 'now', Date.now),
    trustedTime: trustedTimeOf(o.trustedTime),
    logger,
    storage,
    bootControl,
    backoff: { initialDelayMs, maxDelayMs, jitter },
    connectTimeoutMs: intIn(o.connectTimeoutMs, 'connectTimeoutMs', 0, 86_400_000 * 365, DeviceDefaults.connectTimeoutMs),
    trialConnectTimeoutMs: intIn(o.trialConnectTimeoutMs, 'trialConnectTimeoutMs', 1, 86_400_000, DeviceDefaults.trialConnectTimeoutMs),
    retainedSettleMs: intIn(o.retainedSettleMs, 'retainedSettleMs', 0, 600_000, DeviceDefaults.retainedSettleMs)
  }
}
