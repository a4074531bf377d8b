/**
 * The rollout offers another broker of the cluster holds out (docs/ARCHITECTURE.md "Cluster"):
 * a rollout runs on the broker it was started through, which publishes each offered device's
 * retained offer (`<p>/d/<id>/offer`, an Envelope(Manifest); empty = withdrawn). The offer
 * reaches every broker through the emitter and the retained store; this broker lets a device
 * connected here fetch the staged release it was offered (the rollout engine's `gate` falls back
 * to {@link RemoteOffers.gate} for a release no local rollout knows). An offer is counted only
 * when its manifest verifies against the trusted root (fail closed); the staged artifact itself
 * is served only once this broker reloaded and verified it from the shared folder.
 */
import type { Aedes } from 'aedes'
import type { Logger } from 'pino'
import { toHex, verifyManifest, type Topics, type TrustedRoot } from '../../proto/index.js'

type Listener = (packet: { topic: string, payload?: unknown, brokerId?: string }, done: () => void) => void
interface Mq { on: (topic: string, l: Listener, done?: () => void) => unknown, removeListener: (topic: string, l: Listener) => unknown }
interface RetainedSource { createRetainedStreamCombi: (patterns: string[]) => AsyncIterable<{ topic: string, payload: Buffer }> }

/** Offers published by the rollout engines of other brokers, by device. */
export class RemoteOffers {
  /** device id → `{ model, artifact }` (hex image id) of the offer it holds */
  private readonly offered = new Map<string, { model: string, artifact: string }>()
  private listener: Listener | null = null

  constructor (private readonly aedes: Aedes, private readonly topics: Topics, private readonly trust: TrustedRoot, private readonly now: () => number, private readonly log: Logger | null) {}

  /** Reads the retained offers, then follows every change of them. */
  async open (): Promise<void> {
    const mq = (this.aedes as unknown as { mq: Mq }).mq
    // This broker's own offers too: its engine's `gate` is asked first while it runs the
    // rollouts, but once it lost the lease (engine suspended) this map answers, and an offer it
    // withdrew itself must not be left here from the retained read at open.
    this.listener = (p, done) => { this.take(p.topic, p.payload); done() }
    await new Promise<void>((resolve) => { mq.on(this.topics.offerAll(), this.listener!, () => resolve()) })
    const persistence = (this.aedes as unknown as { persistence: RetainedSource }).persistence
    for await (const p of persistence.createRetainedStreamCombi([this.topics.offerAll()])) this.take(p.topic, p.payload)
  }

  private take (topic: string, payload: unknown): void {
    const t = this.topics.parse(topic)
    if (t?.kind !== 'offer') return
    if (!(payload instanceof Uint8Array) || payload.length === 0) { this.offered.delete(t.id); return }
    try {
      const { manifest } = verifyManifest(payload, this.trust, { now: this.now() })
      this.offered.set(t.id, { model: manifest.model, artifact: toHex(manifest.image.sha256) })
    } catch (err) {
      this.offered.delete(t.id)
      this.log?.warn({ err, deviceId: t.id }, 'offer does not verify: not honoured')
    }
  }

  /** `serve` when `deviceId` holds an offer of `artifact` (an image id) for `model`, else undefined. */
  gate (deviceId: string, model: string, artifact: string): 'serve' | undefined {
    const o = this.offered.get(deviceId)
    return o !== undefined && o.model === model && o.artifact === artifact ? 'serve' : undefined
  }

  /** Stops following. */
  close (): void {
    if (this.listener === null) return
    try { (this.aedes as unknown as { mq: Mq }).mq.removeListener(this.topics.offerAll(), this.listener) } catch {}
    this.listener = null
  }
}
