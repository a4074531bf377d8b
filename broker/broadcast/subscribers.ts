/**
 * Who subscribes to which broadcast topic (`<p>/m/<model>/a/<artifact>/data`), from aedes'
 * `subscribe`, `unsubscribe` and `clientDisconnect` events: only subscriptions aedes granted
 * (the ACL already checked the model and the artifact, hooks/authorizeSubscribe.ts) are counted.
 * The broadcaster asks it whether enough devices fetch an artifact for a broadcast to pay.
 * It also bounds the broadcast topics one connection may hold ({@link BroadcastSubscribers.claim}):
 * the ACL grants any artifact id of the device's model, so without a bound a device could make
 * the broker keep any number of subscriptions.
 */
import type { Aedes, Client, Subscription } from 'aedes'
import type { Topics } from '../../proto/index.js'

/** SUBACK return code of a refused subscription (MQTT 3.1.1 §3.9.3). */
const REFUSED = 128

/**
 * Broadcast topics one connection may hold at once. A device holds one while it downloads; its
 * UNSUBSCRIBE of the last may still be on its way when it joins the next.
 */
export const MAX_BROADCAST_TOPICS = 4

/** Key of one broadcast topic: `<model>/<artifact hex>`. */
export function castKey (model: string, artifactId: string): string {
  return `${model}/${artifactId}`
}

/** The subscribers of one broadcast topic, numbered in the order they joined. */
interface Members {
  /** join number of each subscriber */
  seq: Map<Client, number>
  /** the join numbers of the subscribers, ascending */
  order: number[]
  /** join number of the last subscriber that joined */
  last: number
}

/** First index of `a` (ascending) whose value is greater than `x`. */
function upperBound (a: readonly number[], x: number): number {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (a[mid]! <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** The subscribers of each broadcast topic of one plugin. */
export class BroadcastSubscribers {
  private readonly byKey = new Map<string, Members>()
  private readonly byClient = new Map<Client, Set<string>>()
  /** join numbers, increasing over every topic: a topic emptied and joined again keeps counting up */
  private seq = 0
  private readonly listeners: Array<[string, (...a: any[]) => void]> = []
  /** broadcast topics granted to each connection (by the ACL hook, before aedes' events) */
  private readonly claims = new WeakMap<Client, Set<string>>()

  /**
   * @param emptied - told when the last subscriber of a topic left (the broadcaster forgets its state)
   */
  constructor (private readonly topics: Topics, private readonly emptied: (key: string) => void) {}

  /** Starts listening to `aedes`' subscription events. */
  attach (aedes: Aedes): void {
    const on = (name: string, fn: (...a: any[]) => void): void => { aedes.on(name as 'subscribe', fn); this.listeners.push([name, fn]) }
    on('subscribe', (subs: Subscription[], client: Client) => { for (const s of subs) if ((s.qos as number) !== REFUSED) this.add(client, s.topic) })
    on('unsubscribe', (topics: string[], client: Client) => { for (const t of topics) { this.claims.get(client)?.delete(t); this.remove(client, t) } })
    on('clientDisconnect', (client: Client) => { this.claims.delete(client); this.gone(client) })
  }

  /**
   * Claims the broadcast topic `topic` for `client` (hooks/authorizeSubscribe.ts, when the ACL
   * grants it): false when the connection already holds {@link MAX_BROADCAST_TOPICS} others.
   * Released by its UNSUBSCRIBE or the connection's end.
   */
  claim (client: Client, topic: string): boolean {
    let held = this.claims.get(client)
    if (held === undefined) this.claims.set(client, held = new Set())
    if (held.has(topic)) return true
    if (held.size >= MAX_BROADCAST_TOPICS) return false
    held.add(topic)
    return true
  }

  /**
   * Told by an adapter that cannot see subscriptions (the OTA service, broker/service/): `client`
   * subscribes to the broadcast topic of `key` ({@link castKey}) when `joined` (its chunk request
   * says so), else not; `joined` null forgets every topic of it (its download ended). A device
   * downloads one artifact at a time: joining one leaves the others.
   */
  told (client: Client, key: string | null, joined: boolean | null): void {
    if (joined === null || key === null) { this.gone(client); return }
    if (!joined) { this.drop(client, key); return }
    if (this.has(client, key)) return
    for (const other of [...(this.byClient.get(client) ?? [])]) this.drop(client, other)
    this.addKey(client, key)
  }

  /** Stops listening to `aedes`. */
  detach (aedes: Aedes): void {
    for (const [name, fn] of this.listeners.splice(0)) aedes.removeListener(name as 'subscribe', fn)
  }

  /** Devices subscribed to the broadcast topic of `key` ({@link castKey}). */
  count (key: string): number {
    return this.byKey.get(key)?.order.length ?? 0
  }

  /** True when `client` subscribes to the broadcast topic of `key`. */
  has (client: Client, key: string): boolean {
    return this.byKey.get(key)?.seq.has(client) === true
  }

  /** Join number of the last subscriber of `key` to join (0 when none ever did): what a frame sent now reaches. */
  lastJoin (key: string): number {
    return this.byKey.get(key)?.last ?? 0
  }

  /** Subscribers of `key` that joined after join number `seq` (they never saw a frame sent when `seq` was the last). */
  joinedAfter (key: string, seq: number): number {
    const m = this.byKey.get(key)
    return m === undefined ? 0 : m.order.length - upperBound(m.order, seq)
  }

  private keyOf (topic: string): string | null {
    const p = this.topics.parse(topic)
    return p !== null && p.kind === 'broadcast' ? castKey(p.id, p.artifact!) : null
  }

  private add (client: Client, topic: string): void {
    const key = this.keyOf(topic)
    // aedes emits 'subscribe' after a setImmediate: the client may have gone meanwhile ('clientDisconnect' already seen).
    if (key === null || client.closed || !client.connected) return
    this.addKey(client, key)
  }

  private addKey (client: Client, key: string): void {
    let m = this.byKey.get(key)
    if (m === undefined) this.byKey.set(key, m = { seq: new Map(), order: [], last: this.seq })
    if (m.seq.has(client)) return
    const n = ++this.seq
    m.seq.set(client, n)
    m.order.push(n)
    m.last = n
    let keys = this.byClient.get(client)
    if (keys === undefined) this.byClient.set(client, keys = new Set())
    keys.add(key)
  }

  private remove (client: Client, topic: string): void {
    const key = this.keyOf(topic)
    if (key !== null) this.drop(client, key)
  }

  private drop (client: Client, key: string): void {
    const m = this.byKey.get(key)
    this.byClient.get(client)?.delete(key)
    const n = m?.seq.get(client)
    if (m === undefined || n === undefined) return
    m.seq.delete(client)
    m.order.splice(upperBound(m.order, n) - 1, 1)
    if (m.order.length === 0) { this.byKey.delete(key); this.emptied(key) }
  }

  private gone (client: Client): void {
    const keys = this.byClient.get(client)
    if (keys === undefined) return
    for (const key of [...keys]) this.drop(client, key)
    this.byClient.delete(client)
  }
}
