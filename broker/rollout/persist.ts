/**
 * Rollouts on disk: `<dataDir>/rollouts/<id>.json`, one file per rollout, rewritten (through
 * proto `writeFileAtomic`) on every change of its state, so a broker restart resumes it.
 */
import { mkdir, readdir, readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from 'pino'
import { toOtaError } from '../../proto/index.js'
import { writeFileAtomic } from '../../proto/files.js'
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

/** Reads and writes the rollout files of one plugin. */
export class RolloutFiles {
  private readonly dir: string
  /** writes of one file run in turn; the last one wins */
  private readonly chains = new Map<string, Promise<void>>()

  constructor (dataDir: string, private readonly log: Logger | null, private readonly now: () => number) {
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
        if (doc.format !== FORMAT || !isStatus(doc.rollout)) throw new Error(`not a rollout file of format ${FORMAT}`)
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
   * Writes a rollout's file (a snapshot taken now). Never rejects: a failed write is logged and
   * the next change writes the whole state again.
   */
  async save (s: RolloutStatus): Promise<void> {
    const text = JSON.stringify({ format: FORMAT, rollout: s })
    const path = join(this.dir, `${s.id}.json`)
    const prev = this.chains.get(s.id) ?? Promise.resolve()
    const next = prev.then(async () => {
      await writeFileAtomic(path, text, 0o600).catch((err: unknown) => { this.log?.error({ err, file: path }, 'cannot write the rollout file') })
    })
    this.chains.set(s.id, next)
    await next
    if (this.chains.get(s.id) === next) this.chains.delete(s.id)
  }

  /** Waits for every write in progress. */
  async flush (): Promise<void> {
    await Promise.all([...this.chains.values()])
  }
}
