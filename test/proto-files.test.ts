/**
 * Durable writes (proto/files.ts `writeFileAtomic`): replace atomically, or never replace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isOtaError } from '../proto/index.js'
import { removeStaleTemporaries, writeFileAtomic } from '../proto/files.js'

let dir: string
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'aedes-ota-files-')) })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

const leftovers = async (): Promise<string[]> => (await readdir(dir)).filter((n) => n.endsWith('.tmp'))

describe('writeFileAtomic', () => {
  it('replaces a file with the new bytes, mode 0600 by default, leaving no temporary file', async () => {
    const f = join(dir, 'state.json')
    await writeFile(f, 'old')
    await writeFileAtomic(f, 'new')
    expect(await readFile(f, 'utf8')).toBe('new')
    await writeFileAtomic(join(dir, 'fresh'), Uint8Array.of(1, 2, 3))
    expect((await stat(join(dir, 'fresh'))).mode & 0o777).toBe(0o600)
    expect(await leftovers()).toEqual([])
  })

  it('with exclusive, creates a file with exactly the mode asked, whatever the umask', async () => {
    const old = process.umask(0o077)
    try {
      await writeFileAtomic(join(dir, 'cert.pem'), 'cert', 0o644, { exclusive: true })
    } finally {
      process.umask(old)
    }
    expect((await stat(join(dir, 'cert.pem'))).mode & 0o777).toBe(0o644)
    expect(await readFile(join(dir, 'cert.pem'), 'utf8')).toBe('cert')
  })

  it('with exclusive, never replaces an existing file: OTA_IO naming it, cause EEXIST', async () => {
    const f = join(dir, 'root.key')
    await writeFile(f, 'provisioned')
    const e: unknown = await writeFileAtomic(f, 'other', 0o600, { exclusive: true }).then(() => undefined, (x: unknown) => x)
    expect(isOtaError(e, 'OTA_IO')).toBe(true)
    expect((e as Error).message).toBe(`${f} exists and is never replaced: ${((e as Error).cause as Error).message}`)
    expect(((e as Error).cause as NodeJS.ErrnoException).code).toBe('EEXIST')
    expect(await readFile(f, 'utf8')).toBe('provisioned')
    expect(await leftovers()).toEqual([])
  })

  it('fails as OTA_IO when the folder does not exist', async () => {
    const e: unknown = await writeFileAtomic(join(dir, 'no', 'such', 'file'), 'x').then(() => undefined, (x: unknown) => x)
    expect(isOtaError(e, 'OTA_IO')).toBe(true)
  })
})

describe('removeStaleTemporaries', () => {
  it('removes the temporary files other processes left, keeps this process\'s and every other file', async () => {
    const d = await mkdtemp(join(dir, 'sweep-'))
    const stale = ['state.json.4242.0badc0de.tmp', 'uboot-slots.json.7.12345678.tmp']
    const mine = `state.json.${process.pid}.deadbeef.tmp`
    const kept = ['state.json', 'slot-a.bin', 'notes.tmp', 'state.json.x.12345678.tmp', mine]
    for (const n of [...stale, ...kept]) await writeFile(join(d, n), 'x')
    const r = await removeStaleTemporaries(d)
    expect(r.removed.sort()).toEqual([...stale].sort())
    expect(r.failed).toEqual([])
    expect((await readdir(d)).sort()).toEqual([...kept].sort())
    expect(await removeStaleTemporaries(join(d, 'missing'))).toEqual({ removed: [], failed: [] })
  })
})
