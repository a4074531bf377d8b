/**
 * The rollout offers another broker of the cluster holds out (docs/ARCHITECTURE.md "Cluster"):
 * a rollout runs on the broker it was started through, which publishes each offered device's
 * retained offer (`<p>/d/<id>/offer`, an Envelope(Manifest); empty = withdrawn). The offer
 * reaches every broker through the emitter and the retained store; this broker lets a device
 * connected here fetch the staged release it was offered (the rollout engine's `gate` falls back
 * to {@link RemoteOffers.gate} for a release no local rollout knows). An offer is counted only
 * when its manifest verifies against the trusted root (fail closed); the staged artifact itself
 * is served only once this broker reloaded and verified it from the shared folder. A staged
 * release the folder dropped without making it current (its rollout was aborted) is remembered
 * as withdrawn, so this broker refuses it with `OTA_WITHDRAWN` as the rollout's own broker does.
 */
import type { Aedes } from 'aedes'
import type { Logger } from 'pino'
import { toHex, verifyManifest, type Topics, type TrustedRoot } from '../../proto/index.js'

/** Withdrawn artifacts remembered (a release's image, compressed image and patches): far more than rollouts aborted between two restarts. */
const MAX_WITHDRAWN = 1024

type Listener = (packet: { topic: string, payload?: unknown, brokerId?: string }, done: () => void) => void
interface Mq { on: (topic: string, l: Listener, done?: () => void) => unknown, removeListener: (topic: string, l: Listener) => unknown }
interface RetainedSource { createRetainedStreamCombi: (patterns: string[]) => AsyncIterable<{ topic: string, payload: Buffer }> }

/** Offers published by the rollout engines of other brokers, by device. */
export class RemoteOffers {
  /** device id → `{ model, artifact }` (hex image id) of the offer it holds */
  private readonly offered = new Map<string, { model: string, artifact: string }>()
  private listener: Listener | null = null
  /** artifact ids (hex) of staged releases withdrawn in the folder, oldest first */
  private readonly withdrawn = new Set<string>()
  /** while the retained offers are read: the devices whose offer changed live meanwhile (newer than the read) */
  private changedLive: Set<string> | null = null

  constructor (private readonly aedes: Aedes, private readonly topics: Topics, private readonly trust: TrustedRoot, private readonly now: () => number, private readonly log: Logger | null) {}

  /** Reads the retained offers, then follows every change of them. */
  async open (): Promise<void> {
    const mq = (this.aedes as unknown as { mq: Mq }).mq
    // This broker's own offers too: its engine's `gate` is asked first while it runs the
    // rollouts, but once it lost the lease (engine suspended) this map answers, and an offer it
    // withdrew itself must not be left here from the retained read at open.
    this.listener = (p, done) => {
      const id = this.take(p.topic, p.payload)
      if (id !== null) this.changedLive?.add(id)
      done()
    }
    this.changedLive = new Set()
    try {
      await new Promise<void>((resolve) => { mq.on(this.topics.offerAll(), this.listener!, () => resolve()) })
      const persistence = (this.aedes as unknown as { persistence: RetainedSource }).persistence
      // The retained read may predate a live change (a withdrawal): the live one wins.
      for await (const p of persistence.createRetainedStreamCombi([this.topics.offerAll()])) {
        const t = this.topics.parse(p.topic)
        if (t?.kind === 'offer' && !this.changedLive.has(t.id)) this.take(p.topic, p.payload)
      }
    } finally {
      this.changedLive = null
    }
  }

  /** Records the offer on `topic`; returns its device id (null: not an offer topic). */
  private take (topic: string, payload: unknown): string | null {
    const t = this.topics.parse(topic)
    if (t?.kind !== 'offer') return null
    if (!(payload instanceof Uint8Array) || payload.length === 0) { this.offered.delete(t.id); return t.id }
    try {
      const { manifest } = verifyManifest(payload, this.trust, { now: this.now() })
      this.offered.set(t.id, { model: manifest.model, artifact: toHex(manifest.image.sha256) })
    } catch (err) {
      this.offered.delete(t.id)
      this.log?.warn({ err, deviceId: t.id }, 'offer does not verify: not honoured')
    }
    return t.id
  }

  /**
   * `serve` when `deviceId` holds an offer of `artifact` (an image id) for `model`, `withdrawn`
   * when the folder dropped that staged release without making it current, else undefined.
   */
  gate (deviceId: string, model: string, artifact: string): 'serve' | 'withdrawn' | undefined {
    const o = this.offered.get(deviceId)
    if (o !== undefined && o.model === model && o.artifact === artifact) return 'serve'
    return this.withdrawn.has(artifact) ? 'withdrawn' : undefined
  }

  /** `artifact` (hex), of a staged release dropped from the folder without becoming current, is withdrawn. */
  releaseWithdrawn (artifact: string): void {
    this.withdrawn.delete(artifact)
    this.withdrawn.add(artifact)
    if (this.withdrawn.size > MAX_WITHDRAWN) this.withdrawn.delete(this.withdrawn.values().next().value!)
  }

  /** `artifact` (hex) belongs to a release staged again (a new rollout of it). */
  releaseStaged (artifact: string): void {
    this.withdrawn.delete(artifact)
  }

  /** Stops following. */
  close (): void {
    if (this.listener === null) return
    try { (this.aedes as unknown as { mq: Mq }).mq.removeListener(this.topics.offerAll(), this.listener) } catch {}
    this.listener = null
  }
}
