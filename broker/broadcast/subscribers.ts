/**
 * Who subscribes to which broadcast topic (`<p>/m/<model>/a/<artifact>/data`), from aedes'
 * `subscribe`, `unsubscribe` and `clientDisconnect` events: only subscriptions aedes granted
 * (the ACL already checked the model and the artifact, hooks/authorizeSubscribe.ts) are counted.
 * The broadcaster asks it whether enough devices fetch an artifact for a broadcast to pay.
 */
import type { Aedes, Client, Subscription } from 'aedes'
import type { Topics } from '../../proto/index.js'

/** SUBACK return code of a refused subscription (MQTT 3.1.1 §3.9.3). */
const REFUSED = 128

/** Key of one broadcast topic: `<model>/<artifact hex>`. */
export function castKey (model: string, artifactId: string): string {
  return `${model}/${artifactId}`
}

/** The subscribers of each broadcast topic of one plugin. */
export class BroadcastSubscribers {
  private readonly byKey = new Map<string, Set<Client>>()
  private readonly byClient = new Map<Client, Set<string>>()
  private readonly listeners: Array<[string, (...a: any[]) => void]> = []

  /**
   * @param emptied - told when the last subscriber of a topic left (the broadcaster forgets its state)
   */
  constructor (private readonly topics: Topics, private readonly emptied: (key: string) => void) {}

  /** Starts listening to `aedes`' subscription events. */
  attach (aedes: Aedes): void {
    const on = (name: string, fn: (...a: any[]) => void): void => { aedes.on(name as 'subscribe', fn); this.listeners.push([name, fn]) }
    on('subscribe', (subs: Subscription[], client: Client) => { for (const s of subs) if ((s.qos as number) !== REFUSED) this.add(client, s.topic) })
    on('unsubscribe', (topics: string[], client: Client) => { for (const t of topics) this.remove(client, t) })
    on('clientDisconnect', (client: Client) => { this.gone(client) })
  }

  /** Stops listening to `aedes`. */
  detach (aedes: Aedes): void {
    for (const [name, fn] of this.listeners.splice(0)) aedes.removeListener(name as 'subscribe', fn)
  }

  /** Devices subscribed to the broadcast topic of `artifactId` of `model`. */
  count (model: string, artifactId: string): number {
    return this.byKey.get(castKey(model, artifactId))?.size ?? 0
  }

  /** True when `client` subscribes to the broadcast topic of `artifactId` of `model`. */
  has (client: Client, model: string, artifactId: string): boolean {
    return this.byKey.get(castKey(model, artifactId))?.has(client) === true
  }

  private keyOf (topic: string): string | null {
    const p = this.topics.parse(topic)
    return p !== null && p.kind === 'broadcast' ? castKey(p.id, p.artifact!) : null
  }

  private add (client: Client, topic: string): void {
    const key = this.keyOf(topic)
    if (key === null) return
    let set = this.byKey.get(key)
    if (set === undefined) this.byKey.set(key, set = new Set())
    set.add(client)
    let keys = this.byClient.get(client)
    if (keys === undefined) this.byClient.set(client, keys = new Set())
    keys.add(key)
  }

  private remove (client: Client, topic: string): void {
    const key = this.keyOf(topic)
    if (key !== null) this.drop(client, key)
  }

  private drop (client: Client, key: string): void {
    const set = this.byKey.get(key)
    this.byClient.get(client)?.delete(key)
    if (set === undefined || !set.delete(client)) return
    if (set.size === 0) { this.byKey.delete(key); this.emptied(key) }
  }

  private gone (client: Client): void {
    const keys = this.byClient.get(client)
    if (keys === undefined) return
    for (const key of [...keys]) this.drop(client, key)
    this.byClient.delete(client)
  }
}
