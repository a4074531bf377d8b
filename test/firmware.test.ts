import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir, homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defaultCacheDir, fetchMicrobitImage, hexToFlatImage, MICROBIT_RELEASES, type MicrobitVersion } from '../cli/firmware.js'
import { isOtaError } from '../proto/errors.js'
import { isCliError } from '../cli/errors.js'
import { registrySkipReason } from './helpers/registry.js'

/** Coded errors of the demo's firmware fetch: OtaError for bad options, CliError OTA_FETCH otherwise. */
const isCoded = (e: unknown): boolean => isOtaError(e) || isCliError(e)

const repoRoot = fileURLToPath(new URL('..', import.meta.url))
const sharedDir = resolve(repoRoot, '..', 'shared', 'firmware', 'microbit')
const haveShared = existsSync(join(sharedDir, 'old.bin')) && existsSync(join(sharedDir, 'new.bin'))
const tinyHex = readFileSync(join(repoRoot, 'test', 'fixtures', 'tiny.hex'), 'utf8')

// Probed once, before the tests that run `npm pack` against the real registry.
const offline = await registrySkipReason()

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

function expectOtaError (fn: () => unknown, code: string, message?: RegExp): void {
  try {
    fn()
  } catch (e) {
    expect(isCoded(e), String(e)).toBe(true)
    expect((e as { code: string }).code).toBe(code)
    if (message !== undefined) expect((e as Error).message).toMatch(message)
    return
  }
  throw new Error(`expected OtaError ${code}`)
}

async function expectOtaRejection (p: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  const e: unknown = await p.then(() => undefined, (err: unknown) => err)
  expect(e, 'expected a rejection').toBeDefined()
  expect(isCoded(e), String(e)).toBe(true)
  expect((e as { code: string }).code).toBe(code)
  if (message !== undefined) expect((e as Error).message).toMatch(message)
}

/** Runs `fn` with PATH replaced, so an `npm` it would spawn is a stub or missing. */
async function withPath<T> (path: string, fn: () => Promise<T>): Promise<T> {
  const saved = process.env.PATH
  process.env.PATH = path
  try {
    return await fn()
  } finally {
    process.env.PATH = saved
  }
}

describe('hexToFlatImage', () => {
  it('places records at their extended linear addresses, fills gaps with 0xff and drops the UICR', () => {
    const img = hexToFlatImage(tinyHex)
    // Highest block below 0x10000000 ends at 0x00010000 + 3; the record at 0x10001014 is left out.
    expect(img.length).toBe(0x10003)
    expect([...img.subarray(0, 0x14)]).toEqual([
      0x01, 0x02, 0x03, 0x04, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
      0xaa, 0xbb, 0xff, 0xff
    ])
    expect(img.subarray(0x12, 0x10000).every(b => b === 0xff)).toBe(true)
    expect([...img.subarray(0x10000)]).toEqual([0xc0, 0xff, 0xee])
    expect(img.includes(0x70)).toBe(false)
  })

  it('honours fill and maxAddress', () => {
    const img = hexToFlatImage(tinyHex, { fill: 0x00 })
    expect([...img.subarray(0, 0x12)]).toEqual([1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xaa, 0xbb])
    expect([...hexToFlatImage(tinyHex, { maxAddress: 0x10000 })]).toEqual([...img.subarray(0, 0x12)].map(b => (b === 0 ? 0xff : b)))
    // Everything above the limit, including the highest block, is dropped.
    expect(hexToFlatImage(tinyHex, { maxAddress: 0x10 }).length).toBe(4)
    // A block that starts below the limit and ends above it has no place in the image.
    expectOtaError(() => hexToFlatImage(tinyHex, { maxAddress: 0x11 }), 'OTA_FETCH', /crosses/)
    expectOtaError(() => hexToFlatImage(tinyHex, { fill: 256 }), 'OTA_INVALID_ARGUMENT')
    expectOtaError(() => hexToFlatImage(tinyHex, { maxAddress: 0 }), 'OTA_INVALID_ARGUMENT')
  })

  it('throws OTA_FETCH for malformed hex', () => {
    expectOtaError(() => hexToFlatImage(''), 'OTA_FETCH')
    expectOtaError(() => hexToFlatImage('hello\n'), 'OTA_FETCH')
    expectOtaError(() => hexToFlatImage(tinyHex.replace(':0400000001020304F2', ':0400000001020304F3')), 'OTA_FETCH', /checksum/i)
    expectOtaError(() => hexToFlatImage(tinyHex.replace(':00000001FF\n', '')), 'OTA_FETCH', /EOF/)
    expectOtaError(() => hexToFlatImage(tinyHex.replace(':02001000AABB89', ':02001000AABB89\nxx')), 'OTA_FETCH')
    expectOtaError(() => hexToFlatImage(':0400000001020304F2\n:0400000001020304F2\n:00000001FF\n'), 'OTA_FETCH')
    // Only data above the limit: nothing to flash.
    expectOtaError(() => hexToFlatImage(':020000041000EA\n:041014000070070061\n:00000001FF\n'), 'OTA_FETCH', /no data/)
    expectOtaError(() => hexToFlatImage(42 as unknown as string), 'OTA_FETCH')
  })
})

describe('fetchMicrobitImage', () => {
  let cacheDir: string

  beforeAll(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'aedes-ota-fw-'))
  })
  afterAll(() => {
    if (cacheDir !== undefined) rmSync(cacheDir, { recursive: true, force: true })
  })

  it('defaults the cache to ~/.cache/aedes-ota', () => {
    expect(defaultCacheDir()).toBe(join(homedir(), '.cache', 'aedes-ota'))
  })

  it('rejects an unknown version', async () => {
    await expectOtaRejection(fetchMicrobitImage('9.9.9' as MicrobitVersion, { cacheDir }), 'OTA_INVALID_ARGUMENT')
  })

  it('fetches, verifies and converts both pinned releases', { timeout: 240_000 }, async (ctx) => {
    if (offline !== undefined) ctx.skip(offline)
    for (const version of Object.keys(MICROBIT_RELEASES) as MicrobitVersion[]) {
      const logs: string[] = []
      const r = await fetchMicrobitImage(version, { cacheDir, log: m => logs.push(m) })
      const rel = MICROBIT_RELEASES[version]
      expect(r).toEqual({ path: join(cacheDir, `microbit-${version}.bin`), version, sha256: rel.imageSha256, size: rel.size })
      const bytes = readFileSync(r.path)
      expect(bytes.length).toBe(rel.size)
      expect(sha256(bytes)).toBe(rel.imageSha256)
      expect(logs.some(l => l.includes('npm pack'))).toBe(true)
    }
    // Only the images remain: the tarballs and temp directories are gone.
    expect(readdirSync(cacheDir).sort()).toEqual(['microbit-7.0.6.bin', 'microbit-8.1.10.bin'])
  })

  it.skipIf(!haveShared)('equals the shared old.bin / new.bin byte for byte', (ctx) => {
    if (offline !== undefined) ctx.skip(offline)
    expect(readFileSync(join(cacheDir, 'microbit-7.0.6.bin')).equals(readFileSync(join(sharedDir, 'old.bin')))).toBe(true)
    expect(readFileSync(join(cacheDir, 'microbit-8.1.10.bin')).equals(readFileSync(join(sharedDir, 'new.bin')))).toBe(true)
  })

  it('reuses the cache without running npm', async (ctx) => {
    if (offline !== undefined) ctx.skip(`${offline} (to fill the cache first)`)
    const path = join(cacheDir, 'microbit-8.1.10.bin')
    const before = statSync(path).mtimeMs
    const logs: string[] = []
    // With no npm reachable, a cache miss would fail; a hit never spawns anything.
    const r = await withPath(join(cacheDir, 'no-such-dir'), async () => await fetchMicrobitImage('8.1.10', { cacheDir, log: m => logs.push(m) }))
    expect(r.sha256).toBe(MICROBIT_RELEASES['8.1.10'].imageSha256)
    expect(statSync(path).mtimeMs).toBe(before)
    expect(logs).toEqual([`micro:bit 8.1.10: using cached ${path}`])
  })

  it('reports a missing npm as OTA_FETCH when the cache is empty', async () => {
    const empty = join(cacheDir, 'empty')
    await withPath(join(cacheDir, 'no-such-dir'), async () => {
      await expectOtaRejection(fetchMicrobitImage('7.0.6', { cacheDir: empty }), 'OTA_FETCH', /7\.0\.6.*npm/)
    })
    expect(readdirSync(empty)).toEqual([])
  })

  it.skipIf(process.platform === 'win32')('refuses a tarball whose digest does not match, keeping a corrupt cache out', async () => {
    const bin = join(cacheDir, 'fake-bin')
    mkdirSync(bin)
    // A stand-in npm that "packs" the wrong bytes into --pack-destination.
    writeFileSync(join(bin, 'npm'), '#!/bin/sh\nwhile [ "$#" -gt 0 ]; do if [ "$1" = "--pack-destination" ]; then d="$2"; fi; shift; done\n' +
      'echo "npm warn Unknown user config \\"nodedir\\"" >&2\nprintf "not a tarball" > "$d/pxt-microbit-7.0.6.tgz"\n')
    chmodSync(join(bin, 'npm'), 0o755)
    const dir = join(cacheDir, 'tampered')
    mkdirSync(dir)
    // A stale, corrupt cached image must not be served either.
    writeFileSync(join(dir, 'microbit-7.0.6.bin'), 'garbage')
    await withPath(`${bin}:${process.env.PATH ?? ''}`, async () => {
      await expectOtaRejection(fetchMicrobitImage('7.0.6', { cacheDir: dir }), 'OTA_FETCH', /7\.0\.6: tarball SHA-256 [0-9a-f]{64} does not match/)
    })
    expect(readdirSync(dir)).toEqual(['microbit-7.0.6.bin'])
  })

  it('replaces a corrupt cached image by fetching again', { timeout: 120_000 }, async (ctx) => {
    if (offline !== undefined) ctx.skip(offline)
    const path = join(cacheDir, 'microbit-7.0.6.bin')
    writeFileSync(path, 'corrupt')
    const logs: string[] = []
    const r = await fetchMicrobitImage('7.0.6', { cacheDir, log: m => logs.push(m) })
    expect(sha256(readFileSync(r.path))).toBe(MICROBIT_RELEASES['7.0.6'].imageSha256)
    expect(logs[0]).toMatch(/does not match its pinned digest/)
  })
})
