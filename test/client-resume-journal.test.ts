/**
 * The resume journal on real files: what it records survives a reopen, a torn last record is cut
 * away (and the next record lands after the last good one), and a journal of another artifact,
 * slot or size, or one opened afresh, records nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { hasBit } from '../proto/bitmap.js'
import { isOtaError } from '../proto/index.js'
import { ResumeJournal, journalPath, removeJournal, runsOf, type JournalTarget } from '../client/resume/journal.js'

let dir: string
const target: JournalTarget = { artifact: 'ab'.repeat(32), slot: 'b', chunks: 100 }
const setBits = (bm: Uint8Array, n: number): number[] => Array.from({ length: n }, (_, i) => i).filter((i) => hasBit(bm, i))

beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'aedes-ota-journal-')) })
afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

describe('resume journal', () => {
  it('groups indexes into runs', () => {
    expect(runsOf([0, 1, 2, 5, 7, 8])).toEqual([[0, 3], [5, 1], [7, 2]])
    expect(runsOf([])).toEqual([])
  })

  it('keeps what it recorded across a reopen of the same download', async () => {
    const { journal, stored } = await ResumeJournal.open(dir, target, true)
    expect(setBits(stored, 100)).toEqual([])
    await journal.append([[0, 3], [10, 2]])
    await journal.append([[99, 1]])
    expect(journal.length).toBe(3)
    await journal.close()
    const again = await ResumeJournal.open(dir, target, true)
    expect(setBits(again.stored, 100)).toEqual([0, 1, 2, 10, 11, 99])
    await again.journal.close()
    // Room for 1024 records from the start: appends never grow the file.
    expect((await stat(journalPath(dir))).size).toBe(48 + 1024 * 12)
  })

  it('ignores a torn last record, and writes the next one over it', async () => {
    const { journal } = await ResumeJournal.open(dir, target, true)
    await journal.append([[0, 4]])
    await journal.append([[4, 4]])
    await journal.close()
    // A power cut in the middle of the second record's write.
    await truncate(journalPath(dir), 48 + 12 + 7)
    const torn = await ResumeJournal.open(dir, target, true)
    expect(setBits(torn.stored, 100)).toEqual([0, 1, 2, 3])
    await torn.journal.append([[8, 1]])
    await torn.journal.close()
    const after = await ResumeJournal.open(dir, target, true)
    expect(setBits(after.stored, 100)).toEqual([0, 1, 2, 3, 8])
    await after.journal.close()
  })

  it('stops at a record whose check fails (a flipped bit): nothing after it is trusted', async () => {
    const { journal } = await ResumeJournal.open(dir, target, true)
    await journal.append([[0, 2], [20, 2], [40, 2]])
    await journal.close()
    const bytes = await readFile(journalPath(dir))
    bytes[48 + 12 + 4] ^= 0x01 // the count of the second record
    await writeFile(journalPath(dir), bytes)
    const again = await ResumeJournal.open(dir, target, true)
    expect(setBits(again.stored, 100)).toEqual([0, 1])
    await again.journal.close()
  })

  it('records nothing for another artifact, slot or chunk count, nor when opened afresh', async () => {
    const { journal } = await ResumeJournal.open(dir, target, true)
    await journal.append([[0, 50]])
    await journal.close()
    for (const other of [{ ...target, artifact: 'cd'.repeat(32) }, { ...target, slot: 'a' as const }, { ...target, chunks: 101 }]) {
      const j = await ResumeJournal.open(dir, other, true)
      expect(setBits(j.stored, other.chunks)).toEqual([])
      await j.journal.close()
    }
    // The journal now belongs to the last target opened: the first one's records are gone.
    const back = await ResumeJournal.open(dir, target, true)
    expect(setBits(back.stored, 100)).toEqual([])
    await back.journal.append([[0, 1]])
    await back.journal.close()
    const fresh = await ResumeJournal.open(dir, target, false)
    expect(setBits(fresh.stored, 100)).toEqual([])
    await fresh.journal.close()
  })

  it('restarts empty, and is removed without error when missing', async () => {
    const { journal } = await ResumeJournal.open(dir, target, true)
    await journal.append([[0, 10]])
    await journal.restart()
    expect(journal.length).toBe(0)
    await journal.append([[10, 1]])
    await journal.close()
    const again = await ResumeJournal.open(dir, target, true)
    expect(setBits(again.stored, 100)).toEqual([10])
    await again.journal.close()
    await removeJournal(dir)
    await removeJournal(dir)
  })

  it('refuses a run outside the artifact and a bad target', async () => {
    const { journal } = await ResumeJournal.open(dir, target, true)
    await expect(journal.append([[99, 2]])).rejects.toSatisfy((e: unknown) => isOtaError(e, 'OTA_INVALID_ARGUMENT'))
    await journal.close()
    await expect(journal.append([[0, 1]])).rejects.toSatisfy((e: unknown) => isOtaError(e, 'OTA_IO'))
    await expect(ResumeJournal.open(dir, { ...target, artifact: 'xyz' }, true)).rejects.toSatisfy((e: unknown) => isOtaError(e, 'OTA_INVALID_ARGUMENT'))
  })
})
