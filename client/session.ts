/**
 * The device's MQTT session: MQTT 3.1.1 over mutual TLS, clean session, clientId = device id.
 * The first connection and every reconnection retry with capped exponential backoff and jitter
 * (see backoff.ts), one log line per failed attempt; a refused identity fails `open()` at once.
 * The session renews the subscriptions itself after each reconnection, not mqtt.js: mqtt.js
 * renews all of them in one SUBSCRIBE and, when the broker refuses any one filter of a SUBSCRIBE,
 * forgets every filter of it, so one refused broadcast topic would leave the device subscribed
 * to nothing after the next reconnection. The device's fixed set ({@link Session.subscribe})
 * goes in one SUBSCRIBE and stays however the broker answers; each topic joined for a while
 * ({@link Session.join}: a broadcast topic) goes in its own, and is forgotten alone when refused.
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt'
import type { Duplex } from 'node:stream'
import type { Logger } from 'pino'
import { OtaError, toOtaError } from '../proto/index.js'
import { backoffDelay } from './backoff.js'
import { DeviceDefaults, type ResolvedOptions } from './options.js'
import { MAX_INCOMING_PACKET, guardPackets } from './packet-guard.js'

/**
 * CONNACK return codes that refuse the client's identity (MQTT 3.1.1 §3.2.2.3): identifier
 * rejected, bad user name or password, not authorized. Every other refusal, 3 (server
 * unavailable, also what a broker answers a flapping client) among them, is retried with backoff.
 */
const IDENTITY_REFUSED = new Set([2, 4, 5])

/** What the session tells its owner. */
export interface SessionHandlers {
  /** a PUBLISH arrived */
  message: (topic: string, payload: Buffer) => void
  /** the connection came back after a loss (not called for the first connection) */
  reconnected: () => void
  /** the broker sent a packet over the bound ({@link MAX_INCOMING_PACKET}): the connection was closed before reading it */
  packetRefused: (e: OtaError) => void
}

/** One broker session of one device. */
export class Session {
  private c: MqttClient | null = null
  private closing = false
  /** settles a pending {@link Session.open}: with an error to fail it */
  private settle: ((e?: OtaError) => void) | null = null
  private aborted = false
  /** the fixed subscriptions (topic → QoS), renewed in one SUBSCRIBE after each reconnection */
  private readonly fixed: Record<string, { qos: 0 | 1 }> = {}
  /** the topics joined for a while (topic → QoS), each renewed in its own SUBSCRIBE */
  private readonly joined = new Map<string, { qos: 0 | 1 }>()

  constructor (private readonly o: ResolvedOptions, private readonly log: Logger, private readonly on: SessionHandlers) {}

  /** The connected client. @throws OtaError `OTA_CONNECTION` when the session is not open */
  get client (): MqttClient {
    if (this.c === null) throw new OtaError('OTA_CONNECTION', 'the device is not connected')
    return this.c
  }

  /**
   * Connects, retrying with backoff until the broker answers, at most `timeoutMs` in all when
   * that is not 0. Later losses reconnect on their own with the same backoff. After a failed
   * open the session may be opened again.
   * @param timeoutMs - ms; default `connectTimeoutMs`; 0 waits for ever
   * @throws OtaError `OTA_IDENTITY` when the broker refuses the device's identity (CONNACK 2, 4, 5);
   *   `OTA_CONNECTION` when `timeoutMs` ran out or {@link Session.abort} was called first
   */
  async open (timeoutMs = this.o.connectTimeoutMs): Promise<MqttClient> {
    const { o, log } = this
    if (this.aborted) throw new OtaError('OTA_CONNECTION', 'the device stopped before it could connect')
    this.closing = false
    // At least 1 ms: full jitter may draw 0, and 0 turns mqtt.js reconnection off.
    const delayFor = (attempt: number): number => Math.max(1, backoffDelay(attempt, o.backoff))
    const opts: IClientOptions = {
      protocolVersion: 4,
      clean: true,
      clientId: o.id,
      ca: o.tls.ca,
      cert: o.tls.cert,
      key: o.tls.key,
      rejectUnauthorized: true,
      ...(o.tls.servername !== undefined ? { servername: o.tls.servername } : {}),
      // Set again before each retry (see 'close' below): mqtt.js reads it when it schedules one.
      reconnectPeriod: delayFor(0),
      // A refused CONNACK after the device was accepted once is retried like a lost connection
      // (certificates can be re-enabled); before that, open() fails at once (below).
      reconnectOnConnackError: true,
      connectTimeout: DeviceDefaults.attemptTimeoutMs,
      keepalive: DeviceDefaults.keepaliveS,
      // Over wss:, ws buffers a whole WebSocket message before the packet guard sees a byte:
      // bound the message as the guard bounds the packet (ws' own default is 100 MiB).
      wsOptions: { maxPayload: MAX_INCOMING_PACKET + 16 },
      // The stream is wrapped (below) before the first connection is made.
      manualConnect: true,
      // Renewed by the session (renew below): mqtt.js' renewal loses every filter of a SUBSCRIBE the broker refuses one of.
      resubscribe: false
    }
    const client = mqtt.connect(o.broker, opts)
    // streamBuilder is mqtt.js's seam for the stream it reads (private in its types, public in
    // JS); wrapped before the first connect, so every connection is watched.
    const seam = client as unknown as { streamBuilder: (c: MqttClient) => Duplex }
    const build = seam.streamBuilder
    seam.streamBuilder = (c) => guardPackets(build(c), MAX_INCOMING_PACKET, (e) => {
      log.warn({ code: e.code, err: e, ...e.details }, 'packet over the bound refused: closing the connection')
      this.on.packetRefused(e)
    })
    client.connect()
    this.c = client
    let attempt = 0
    let everConnected = false
    let lastError: Error | undefined
    const first = new Promise<void>((resolve, reject) => {
      this.settle = (e) => { this.settle = null; if (e === undefined) resolve(); else reject(e) }
    })
    client.on('error', (e: Error & { code?: unknown }) => {
      lastError = e
      if (!everConnected && typeof e.code === 'number' && IDENTITY_REFUSED.has(e.code)) {
        this.settle?.(new OtaError('OTA_IDENTITY', `the broker at ${o.broker} refused the identity of ${o.id}: ${e.message}`, { cause: e, details: { returnCode: e.code } }))
      }
    })
    // Runs before mqtt.js's own 'close' handler, which schedules the retry with reconnectPeriod
    // unless mqtt.js already did so while cleaning up (keepalive timeout, refused CONNACK): then
    // the delay set at the last connect applies.
    client.prependListener('close', () => {
      if (this.closing) return
      const scheduled = (client as unknown as { reconnectTimer: unknown }).reconnectTimer != null
      const delayMs = scheduled ? client.options.reconnectPeriod! : delayFor(attempt)
      client.options.reconnectPeriod = delayMs
      attempt++
      const rc = (lastError as { code?: unknown } | undefined)?.code
      const refused = typeof rc === 'number' && IDENTITY_REFUSED.has(rc)
      const what = refused ? 'broker refused the identity; retrying' : everConnected && attempt === 1 ? 'connection lost; reconnecting' : 'broker unreachable; retrying'
      log.warn({ code: refused ? 'OTA_IDENTITY' : 'OTA_CONNECTION', attempt, delayMs, ...(lastError !== undefined ? { err: lastError } : {}) }, what)
      lastError = undefined
    })
    client.on('connect', () => {
      attempt = 0
      client.options.reconnectPeriod = delayFor(0)
      if (!everConnected) {
        everConnected = true
        this.settle?.()
        return
      }
      log.info('reconnected')
      this.renew(client)
      this.on.reconnected()
    })
    client.on('message', (topic, payload) => { this.on.message(topic, payload) })
    let timer: NodeJS.Timeout | undefined
    if (timeoutMs > 0) {
      timer = setTimeout(() => {
        this.settle?.(new OtaError('OTA_CONNECTION', `no connection to ${o.broker} within ${timeoutMs} ms (${attempt + 1} attempts)`, lastError !== undefined ? { cause: lastError } : {}))
      }, timeoutMs)
    }
    try {
      await first
    } catch (e) {
      this.closing = true
      this.c = null
      await endForGood(client, true).catch(() => {})
      throw e
    } finally {
      clearTimeout(timer)
    }
    return client
  }

  /** Ends a pending {@link Session.open} with `OTA_CONNECTION` (the device is stopping). */
  abort (): void {
    this.aborted = true
    this.settle?.(new OtaError('OTA_CONNECTION', 'the device stopped before it could connect'))
  }

  /**
   * Subscribes to `subs` (topic → QoS), the device's fixed set: renewed after every reconnection
   * (a refusal is then logged; the filters stay, for the next one).
   * @throws OtaError `OTA_ACL_DENIED` when the broker refuses a subscription (logged at error:
   *   the device is misconfigured), `OTA_CONNECTION` when subscribing fails otherwise
   */
  async subscribe (subs: Record<string, { qos: 0 | 1 }>): Promise<void> {
    Object.assign(this.fixed, subs)
    const denied = await this.send(subs)
    if (denied.length > 0) {
      for (const t of denied) Reflect.deleteProperty(this.fixed, t)
      this.log.error({ code: 'OTA_ACL_DENIED', topics: denied }, 'subscription refused')
      throw refusedError(denied)
    }
  }

  /**
   * Subscribes to `topic` for a while (a broadcast topic, for one download), in a SUBSCRIBE of its
   * own: renewed after each reconnection until {@link Session.leave}, or until the broker refuses
   * it. A refusal is expected (a broker without broadcast) and not logged here.
   * @throws OtaError `OTA_ACL_DENIED` when the broker refuses it, `OTA_CONNECTION` when subscribing fails otherwise
   */
  async join (topic: string, qos: 0 | 1): Promise<void> {
    this.joined.set(topic, { qos })
    let denied: string[]
    try {
      denied = await this.send({ [topic]: { qos } })
    } catch (e) {
      this.joined.delete(topic)
      throw e
    }
    if (denied.length > 0) {
      this.joined.delete(topic)
      throw refusedError(denied)
    }
  }

  /**
   * Unsubscribes from a topic {@link Session.join}ed; it is not renewed any more. Offline, the
   * UNSUBSCRIBE leaves once the connection is back (mqtt.js holds it).
   * @throws OtaError `OTA_CONNECTION` when unsubscribing fails
   */
  async leave (topic: string): Promise<void> {
    this.joined.delete(topic)
    await this.client.unsubscribeAsync(topic).catch((e: unknown) => { throw toOtaError(e, 'OTA_CONNECTION', 'unsubscribing failed') })
  }

  /** Sends one SUBSCRIBE of `subs`. @returns the filters the broker refused */
  private async send (subs: Record<string, { qos: 0 | 1 }>): Promise<string[]> {
    try {
      const granted = await this.client.subscribeAsync({ ...subs })
      return granted.filter((g) => (g.qos & 0x80) !== 0).map((g) => g.topic)
    } catch (e) {
      const granted = (e as { packet?: { granted?: number[] } }).packet?.granted
      if (granted === undefined) throw toOtaError(e, 'OTA_CONNECTION', 'subscribing failed')
      return Object.keys(subs).filter((_, i) => ((granted[i] ?? 0x80) & 0x80) !== 0)
    }
  }

  /** Renews the subscriptions after a reconnection (clean session: the broker forgot them): the fixed set in one SUBSCRIBE, each joined topic in its own. */
  private renew (client: MqttClient): void {
    const failed = (e: unknown): void => { if (this.c === client) this.log.warn({ err: e }, 'subscriptions not renewed (the next reconnection tries again)') }
    if (Object.keys(this.fixed).length > 0) {
      this.send(this.fixed).then((denied) => {
        if (denied.length > 0) this.log.error({ code: 'OTA_ACL_DENIED', topics: denied }, 'subscription refused after reconnecting')
      }, failed)
    }
    for (const [topic, o] of this.joined) {
      this.send({ [topic]: o }).then((denied) => {
        if (denied.length === 0) return
        this.joined.delete(topic)
        this.log.warn({ code: 'OTA_ACL_DENIED', topic }, 'topic refused after reconnecting: not renewed any more')
      }, failed)
    }
  }

  /**
   * Disconnects: cleanly (DISCONNECT once what is in flight is acknowledged) unless `force`, the
   * connection is gone, or it is not acknowledged within `closeDrainMs`; then, or when the clean
   * end itself takes longer than `closeDrainMs`, the connection is ended without DISCONNECT.
   * Safe to call twice.
   */
  async close (force = false): Promise<void> {
    this.closing = true
    const c = this.c
    this.c = null
    if (c === null) return
    if (!force && c.connected) await drained(c, DeviceDefaults.closeDrainMs)
    // mqtt.js's clean end waits for every packet in flight to be acknowledged, and waits for
    // ever once the connection is gone (a broker killed under the device). The status events
    // were given their flush time by the reporter: whatever is still unacknowledged (a broadcast
    // topic being left) is dropped with the connection.
    const clean = !force && c.connected && Object.keys(c.outgoing).length === 0
    const ended = endForGood(c, !clean).catch((e: unknown) => { this.log.warn({ err: e }, 'disconnect failed') })
    if (!clean) { await ended; return }
    // A clean end waits for the socket to close after DISCONNECT: on a half-open connection that
    // is TCP's own timeout. Bounded: past it the socket is destroyed, which ends it.
    if (await within(ended, DeviceDefaults.closeDrainMs)) return
    c.stream.destroy()
    await within(ended, DeviceDefaults.closeDrainMs)
  }
}

/**
 * Ends `c` (forcibly when `force`) so that it never connects again. Ended while a connection
 * attempt is under way, mqtt.js (with `manualConnect`) clears its `disconnecting` flag before
 * that attempt's socket reports its close, and then schedules a new attempt with
 * `reconnectPeriod`: a stopped device went on reconnecting for ever and kept its process alive.
 * A period of 0 turns reconnection off (session.ts never sets 0 otherwise, see `delayFor`).
 */
async function endForGood (c: MqttClient, force: boolean): Promise<void> {
  c.options.reconnectPeriod = 0
  await c.endAsync(force)
}

/** Whether `p` settled within `ms`. */
async function within (p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<false>((resolve) => { timer = setTimeout(() => { resolve(false) }, ms) })
  try {
    return await Promise.race([p.then(() => true), late])
  } finally {
    clearTimeout(timer)
  }
}

/** Resolves once nothing is in flight on `c`, its connection closed, or `ms` passed. */
async function drained (c: MqttClient, ms: number): Promise<void> {
  if (Object.keys(c.outgoing).length === 0) return
  await new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer)
      c.off('outgoingEmpty', done)
      c.off('close', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    c.once('outgoingEmpty', done)
    c.once('close', done)
  })
}

/** The error of refused subscriptions. */
function refusedError (denied: string[]): OtaError {
  return new OtaError('OTA_ACL_DENIED', `the broker refused the subscription to ${denied.join(', ')}`, { details: { topics: denied } })
}
