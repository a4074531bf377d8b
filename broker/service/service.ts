/**
 * `startOtaService(options)`: the OTA core as an ordinary MQTT client of a broker it does not
 * run (Mosquitto, EMQX, HiveMQ, VerneMQ, a cloud broker). Its one connection, with an operator
 * certificate, publishes what the plugin publishes (trust root, manifests, offers, states, data
 * frames) and subscribes to what devices and operators send it (chunk requests, status events,
 * bundles, admin requests). The broker's own ACL keeps devices apart (docs/BROKERS.md); the
 * service cannot see a certificate, so it takes each sender from its topic and its role and model
 * from the registry (registry.ts), and checks what the plugin checks: the topic's kind for the
 * role, sizes, retained flags, rates, and that a status event names the device of its topic
 * (handlers/status.ts).
 */
import mqtt, { type MqttClient } from 'mqtt'
import type { Client } from 'aedes'
import { OtaError, State, decodeChunkRequest, toOtaError, type StatusEvent } from '../../proto/index.js'
import { castKey } from '../broadcast/subscribers.js'
import { mayPublish, type Identity } from '../acl.js'
import { trackPending } from '../context.js'
import { openOtaCore, type OtaCore } from '../core.js'
import { dispatch, type Outcome } from '../handlers/index.js'
import type { OtaRuntime, PublishReleaseOptions } from '../runtime.js'
import type { StoredRelease } from '../store.js'
import { mqttBus } from './bus.js'
import { assertRegistry, resolveServiceOptions, type OtaServiceOptions, type ResolvedServiceOptions } from './options.js'
import { DevicePeers, type PacingStats } from './peers.js'
import type { ServiceRegistry } from './registry.js'

/** How long `close()` waits for QoS 1 publishes in flight before it ends the connection anyway, ms. */
const CLOSE_DRAIN_MS = 2000

/** A device that asked for no chunk this long, ms, no longer counts as joined to a broadcast topic. */
const BROADCAST_IDLE_MS = 30_000

/** The running service. */
export interface OtaService extends OtaRuntime {
  /** the service's MQTT client id */
  readonly serviceId: string
  /** the broker's URL */
  readonly url: string
  /** frames that waited for a device's outstanding-bytes budget, and those dropped after waiting (peers.ts) */
  readonly pacing: PacingStats
  /**
   * Replaces the registry (devices added or removed, e.g. after `pki add-device`, together with
   * the broker's regenerated ACL): messages from then on are judged by it. A device no longer in
   * it is refused from its next message; its queued frames still go.
   * @throws OtaError `OTA_INVALID_ARGUMENT` for something that is not a registry
   */
  setRegistry (registry: ServiceRegistry): void
}

/**
 * Connects to the broker, opens the OTA core (store, inventory, audit log, rollouts, brick
 * watches), announces the trust root and each model's manifest (retained) and subscribes to the
 * devices' requests and status events and the operators' bundles and admin requests. After a
 * lost connection it reconnects every `reconnectMs` and announces again (a broker restarted
 * without persistence has lost the retained messages).
 *
 * @throws OtaError `OTA_INVALID_ARGUMENT` for bad options; `OTA_CONNECTION` when the broker
 *   cannot be reached or refuses the service's certificate; `OTA_IO` as the core (data folder,
 *   audit log), and when the broker's ACL does not give the service the prefix: the retained
 *   offers are not read within 30 s (Mosquitto grants every SUBSCRIBE and delivers nothing), or
 *   `OTA_ACL_DENIED` when the broker refuses a subscription outright (SUBACK 0x80)
 */
export async function startOtaService (options: OtaServiceOptions): Promise<OtaService> {
  const so = resolveServiceOptions(options)
  const o = so.core
  const t = o.topics
  const log = o.logger?.child({ component: 'ota-service' }) ?? null
  const client = await connect(so)
  const bus = mqttBus(client, t)
  let core: OtaCore
  try {
    core = await openOtaCore({ o, bus, events: null, adapter: 'service', log, lease: null })
  } catch (e) {
    await client.endAsync(true).catch(() => {})
    throw e
  }
  const { ctx } = core
  let registry = so.registry
  /** the device's peer, known to the core's identities (its refusals and rates are charged to its id, with its role) */
  const peerOf = (who: Identity): Client => {
    const peer = peers.of(who.id)
    ctx.identities.set(peer, who)
    return peer
  }
  // A device that reads nothing for holdMs is gone for this download: its queue goes (it asks again when back).
  const peers = new DevicePeers(bus, { maxOutstandingBytes: so.maxOutstandingBytes, holdMs: so.holdMs, onStalled: (peer) => { ctx.sender.drop(peer) } }, log)
  /** devices heard from since the service started: the inventory's online set (the service sees no connections) */
  const heard = new Set<string>()
  /** when each device broadcast counts as joined last asked for chunks, monotonic ms */
  const lastAsked = new Map<string, number>()
  // A device whose requests stopped (gone, or its download ended without a status event seen) leaves the broadcast.
  const sweep = setInterval(() => {
    const old = performance.now() - BROADCAST_IDLE_MS
    for (const [id, at] of lastAsked) if (at < old) { lastAsked.delete(id); ctx.broadcast.subscribers.told(peers.of(id), null, null) }
  }, BROADCAST_IDLE_MS / 3)
  sweep.unref()
  /**
   * Broadcast membership, which the service cannot see: a chunk request says whether its device
   * subscribes to the artifact's broadcast topic; any status event but DOWNLOADING ends it.
   */
  const membership = (out: Outcome, e: { deviceId: string, state: number } | null): void => {
    const s = out.serve
    if (s !== undefined) {
      // Only a current release's artifacts go by broadcast here: the broker's ACL grants the
      // model's broadcast topics by wildcard, so a staged (rollout) or withdrawn artifact
      // broadcast would reach devices outside its waves. Those go by unicast, gated per request.
      const current = ctx.store.current(s.device.model)?.artifacts.some((a) => a.id === s.artifactId) === true
      ctx.broadcast.subscribers.told(s.client, castKey(s.device.model, s.artifactId), s.joined && current)
      if (s.joined) lastAsked.set(s.device.id, performance.now())
      return
    }
    if (e !== null && e.state !== State.DOWNLOADING && lastAsked.delete(e.deviceId)) ctx.broadcast.subscribers.told(peers.of(e.deviceId), null, null)
  }

  const run = async (out: Outcome, topic: string): Promise<void> => {
    await core.apply(out).catch((err: unknown) => { log?.error({ err, topic }, 'outcome of an OTA publish not carried out') })
  }

  /** One message from the broker: who sent it is its topic's id, what it may be the registry says. */
  const onMessage = (topic: string, payload: Buffer, packet: { retain?: boolean }): void => {
    // Empty: a retained message cleared (by the service itself, below), never an OTA message.
    if (payload.length === 0) return
    const p = t.parse(topic)
    if (p === null || !(p.kind === 'req' || p.kind === 'audit' || p.kind === 'adminRelease' || p.kind === 'adminRequest')) return
    const who = identityOf(registry, p.kind, p.id)
    // An id the registry does not know gets a stand-in of its own, so its refusals are charged to its id alone.
    const peer = who !== null ? peerOf(who) : { id: p.id } as unknown as Client
    const retained = packet.retain === true
    const d = mayPublish(who, topic, payload.length, retained, t, ctx.limits)
    if (!d.allow) {
      ctx.refusals.acl(peer, 'publish', topic, who === null ? `${p.id} is no ${p.kind === 'req' || p.kind === 'audit' ? 'device' : 'operator'} of the service's registry` : d.reason)
      // A retained request or bundle would be handed to the service again at every subscription: cleared.
      if (retained && payload.length > 0) client.publish(topic, Buffer.alloc(0), { qos: 1, retain: true }, () => {})
      return
    }
    const sender = who!
    if ((d.kind === 'req' && !ctx.rates.req.allows(sender.id)) || (d.kind === 'audit' && !ctx.rates.audit.take(sender.id))) {
      const r = ctx.rates.rateOf(d.kind)
      ctx.refusals.rateLimited(peer, sender, d.kind, r.perSecond, r.burst)
      return
    }
    if (sender.role === 'device') {
      if (!heard.has(sender.id)) {
        heard.add(sender.id)
        ctx.inventory.connected(sender.id, sender.model, '')
        ctx.health.connected(sender.id)
      }
    }
    try {
      const r = dispatch(ctx, peer, sender, d.kind, payload)
      if (sender.role === 'device') {
        membership(r.now, r.now.events?.find((x) => x.name === 'status')?.value as StatusEvent | undefined ?? null)
        if (r.now.serve !== undefined) peers.requested(sender.id, decodeChunkRequest(payload))
        // Accepted: the refusals counted against this device (per connection in the plugin, which
        // closes it at the limit) start again, so a device is never refused answers for ever.
        if (r.now.serve !== undefined || d.kind === 'audit') { ctx.refusedRequests.delete(peer); ctx.refusals.forgive(peer) }
      }
      void run(r.now, topic)
      if (r.later !== undefined) trackPending(ctx, r.later.then(async (out) => { await run(out, topic) }, (err: unknown) => { log?.error({ err, topic }, 'OTA publish not handled') }))
    } catch (e) {
      const err = toOtaError(e, 'OTA_DECODE')
      ctx.refusals.acl(peer, 'publish', topic, `${err.code}: ${err.message}`)
    }
  }

  let closed = false
  const close = async (): Promise<void> => {
    if (closed) return
    closed = true
    clearInterval(sweep)
    client.removeListener('message', onMessage)
    client.removeListener('connect', onReconnect)
    await core.close()
    peers.close()
    // QoS 1 publishes still outstanding never drain while the broker is away: wait a little, then force.
    let timer: NodeJS.Timeout | undefined
    await Promise.race([client.endAsync(false).catch(() => {}), new Promise<void>((resolve) => { timer = setTimeout(resolve, CLOSE_DRAIN_MS) })])
    clearTimeout(timer)
    if (!client.disconnected) await client.endAsync(true).catch(() => {})
  }
  let first = true
  /** mqtt.js renews the subscriptions itself after a reconnection; the retained messages are the service's to renew. */
  const onReconnect = (): void => {
    if (first) { first = false; return }
    log?.info({ broker: so.broker }, 'reconnected: announcing the trust root and manifests again')
    void core.announce().catch((err: unknown) => { log?.error({ err }, 'announce after reconnection failed') })
  }

  client.on('offline', () => { log?.warn({ broker: so.broker }, 'connection to the broker lost: reconnecting') })
  client.on('error', (err) => { log?.warn({ err, broker: so.broker }, 'broker connection error') })
  try {
    await core.start()
    client.on('message', onMessage)
    client.on('connect', onReconnect)
    onReconnect()
    await subscribe(client, [t.reqAll(), t.auditAll(), t.adminReleaseAll(), t.adminRequestAll()])
  } catch (e) {
    await close()
    throw toOtaError(e, 'OTA_IO', 'cannot start the OTA service')
  }
  log?.info({ broker: so.broker, serviceId: so.serviceId, devices: so.registry.devices.size, operators: so.registry.operators.size }, 'OTA service ready')

  return Object.assign(core.emitter as OtaService, {
    serviceId: so.serviceId,
    url: so.broker,
    pacing: peers.stats,
    topics: t,
    store: ctx.store,
    inventory: ctx.inventory,
    auditLog: ctx.audit.path,
    audit: ctx.audit,
    stats: ctx.sender.stats,
    broadcastStats: ctx.broadcast.stats,
    rollouts: ctx.rollouts,
    setRegistry (r: ServiceRegistry): void {
      assertRegistry(r)
      registry = r
      log?.info({ devices: r.devices.size, operators: r.operators.size }, 'registry replaced')
    },
    async publishRelease (bundle: Uint8Array, by = 'api', opts: PublishReleaseOptions = {}): Promise<StoredRelease> {
      return await core.publishRelease(bundle, by, opts.force === true)
    },
    close
  })
}

/** A topic's sender as the registry knows it: a device of its model, an operator, or nobody. */
function identityOf (registry: ServiceRegistry, kind: 'req' | 'audit' | 'adminRelease' | 'adminRequest', id: string): Identity | null {
  if (kind === 'req' || kind === 'audit') {
    const model = registry.devices.get(id)
    return model !== undefined ? { role: 'device', id, model } : null
  }
  return registry.operators.has(id) ? { role: 'operator', id } : null
}

/**
 * The service's connection: clean session (a request left from before a restart is stale: the
 * device asks again), QoS 0 not queued while offline (a late data frame is worth nothing).
 * @throws OtaError `OTA_CONNECTION`
 */
async function connect (so: ResolvedServiceOptions): Promise<MqttClient> {
  try {
    return await mqtt.connectAsync(so.broker, {
      clientId: so.serviceId,
      protocolVersion: 4,
      clean: true,
      reconnectPeriod: so.reconnectMs,
      connectTimeout: so.connectTimeoutMs,
      queueQoSZero: false,
      ca: so.tls.ca,
      cert: so.tls.cert,
      key: so.tls.key,
      rejectUnauthorized: true,
      ...(so.tls.servername !== undefined ? { servername: so.tls.servername } : {})
    }, false)
  } catch (e) {
    throw new OtaError('OTA_CONNECTION', `cannot connect to ${so.broker} as ${so.serviceId}: ${e instanceof Error ? e.message : String(e)}`, { cause: e })
  }
}

/**
 * Subscribes to the service's filters, QoS 1.
 * @throws OtaError `OTA_ACL_DENIED` when the broker refuses one (SUBACK 0x80: its ACL does not name the service)
 */
async function subscribe (client: MqttClient, filters: string[]): Promise<void> {
  const granted = await client.subscribeAsync(filters, { qos: 1 })
  const refused = granted.filter((g) => g.qos === 128).map((g) => g.topic)
  if (refused.length > 0) throw new OtaError('OTA_ACL_DENIED', `the broker refused the service's subscriptions ${refused.join(', ')}: does its ACL give the service's user the whole prefix?`)
}
