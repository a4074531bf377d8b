/**
 * Rollouts on disk: `<dataDir>/rollouts/<id>.json`, one file per rollout, written through proto
 * `writeFileAtomic`, so a broker restart resumes it. Saves are coalesced: at most one write per
 * rollout is in flight, and the next one writes the latest state, however many changes came in
 * meanwhile (a burst of status events costs one or two writes, not one each).
 */
import { mkdir, readdir, readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from 'pino'
import { OtaError, toOtaError } from '../../proto/index.js'
import { writeFileAtomic } from '../../proto/files.js'
import { recount } from './judge.js'
import type { RolloutStatus } from './types.js'

/** Folder of the rollout files in the data folder. */
export const ROLLOUTS_DIR = 'rollouts'

const FORMAT = 1

function isStatus (x: unknown): x is RolloutStatus {
  if (x == null || typeof x !== 'object') return false
  const s = x as Record<string, unknown>
  return typeof s.id === 'string' && typeof s.model === 'string' && typeof s.version === 'string' && typeof s.artifact === 'string' &&
    ['running', 'paused', 'completed', 'aborted'].includes(s.phase as string) && typeof s.wave === 'number' &&
    Array.isArray(s.waves) && Array.isArray(s.devices) && s.spec != null && typeof s.spec === 'object'
}

/** One rollout's pending save: the live state, whether it changed since the last snapshot, the write loop running. */
interface Pending {
  s: RolloutStatus
  dirty: boolean
  running: Promise<void> | null
}

/** Reads and writes the rollout files of one plugin. */
export class RolloutFiles {
  private readonly dir: string
  private readonly pending = new Map<string, Pending>()

  /**
   * @param saved - called with each snapshot once it was written (or its write failed and was
   *   logged): a copy the caller may hand out
   */
  constructor (dataDir: string, private readonly log: Logger | null, private readonly now: () => number, private readonly saved: (snapshot: RolloutStatus) => void) {
    this.dir = join(dataDir, ROLLOUTS_DIR)
  }

  /**
   * Every rollout on disk. A file that does not parse is kept aside as `<file>.corrupt-<ms>`
   * with a warning.
   * @throws OtaError `OTA_IO` when the folder cannot be created or read
   */
  async load (): Promise<RolloutStatus[]> {
    let names: string[]
    try {
      await mkdir(this.dir, { recursive: true })
      names = (await readdir(this.dir)).filter((n) => n.endsWith('.json')).sort()
    } catch (e) {
      throw toOtaError(e, 'OTA_IO', `cannot use ${this.dir}`)
    }
    const out: RolloutStatus[] = []
    for (const n of names) {
      const path = join(this.dir, n)
      try {
        const doc = JSON.parse(await readFile(path, 'utf8')) as { format?: unknown, rollout?: unknown }
        if (doc.format !== FORMAT || !isStatus(doc.rollout)) throw new OtaError('OTA_DECODE', `${path} is not a rollout file of format ${FORMAT}`)
        for (const d of doc.rollout.devices) d.accepted ??= false
        out.push(doc.rollout)
      } catch (err) {
        const aside = `${path}.corrupt-${this.now()}`
        await rename(path, aside).catch(() => {})
        this.log?.warn({ err, file: aside }, 'rollout file unreadable, kept aside')
      }
    }
    return out
  }

  /**
   * Writes a new rollout's first file, now and not coalesced: a rollout is only started once it
   * is on disk (else a restart would find its staged release and no rollout owning it).
   * @throws OtaError `OTA_IO` / `OTA_NO_SPACE` when the file cannot be written
   */
  async create (s: RolloutStatus): Promise<void> {
    recount(s)
    await writeFileAtomic(this.path(s.id), JSON.stringify({ format: FORMAT, rollout: s }), 0o600)
  }

  /**
   * Saves the rollout's current state, coalesced with the writes in flight. Never rejects: a
   * failed write is logged, and the next change writes the whole state again.
   * @returns resolves once a write that includes the state at the time of the call is done
   */
  async save (s: RolloutStatus): Promise<void> {
    let p = this.pending.get(s.id)
    if (p === undefined) {
      p = { s, dirty: false, running: null }
      this.pending.set(s.id, p)
    }
    p.s = s
    p.dirty = true
    p.running ??= this.drain(p)
    await p.running
  }

  /** Waits for every write in progress. */
  async flush (): Promise<void> {
    await Promise.all([...this.pending.values()].map(async (p) => { await p.running }))
  }

  private path (id: string): string {
    return join(this.dir, `${id}.json`)
  }

  /** Writes snapshots until no change is left unwritten. */
  private async drain (p: Pending): Promise<void> {
    // Let the changes of the current turn gather before the first snapshot.
    await Promise.resolve()
    try {
      while (p.dirty) {
        p.dirty = false
        recount(p.s)
        const snapshot = structuredClone(p.s)
        const path = this.path(snapshot.id)
        await writeFileAtomic(path, JSON.stringify({ format: FORMAT, rollout: snapshot }), 0o600)
          .catch((err: unknown) => { this.log?.error({ err, file: path }, 'cannot write the rollout file') })
        this.saved(snapshot)
      }
    } finally {
      p.running = null
      if (!p.dirty) this.pending.delete(p.s.id)
    }
  }
}
