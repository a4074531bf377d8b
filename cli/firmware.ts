/**
 * Real firmware for the demo: the BBC micro:bit V2 runtime images shipped in the npm package
 * `pxt-microbit` (the MakeCode editor's target), turned into flat binaries as they sit in flash.
 *
 * The demo updates devices from 7.0.6 (the factory image) to 8.1.10. Rather than depend on
 * pxt-microbit (~15 MB unpacked, with a dependency tree), {@link fetchMicrobitImage} runs
 * `npm pack` once, checks the tarball against a pinned SHA-256, converts one hex file out of it
 * and caches the result. Every step is pinned, so a changed registry, tarball or converter fails
 * loudly rather than producing a different image.
 */
import nrfIntelHex from 'nrf-intel-hex'
import * as tar from 'tar'
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { OtaError } from '../proto/errors.js'
import { sha256 as digest } from '../proto/hash.js'
import { toHex } from '../proto/bytes.js'
import { CliError, toCliError } from './errors.js'
import { writeFileAtomic } from '../proto/files.js'

type MemoryMapClass = typeof nrfIntelHex.default
/**
 * nrf-intel-hex ships CommonJS (`module.exports = MemoryMap`) with typings that declare
 * `export default`; under NodeNext the default import is the class at run time but typed as
 * the module. Accept both shapes so bundlers that pick its ESM build work too.
 */
const MemoryMap: MemoryMapClass = (nrfIntelHex as unknown as { default?: MemoryMapClass }).default ??
  (nrfIntelHex as unknown as MemoryMapClass)

/** A pinned pxt-microbit release: where its V2 runtime hex sits and what it must hash to. */
export interface MicrobitRelease {
  /** SHA-256 (hex) of `pxt-microbit-<version>.tgz` as `npm pack` downloads it */
  tarballSha256: string
  /** path of the runtime's Intel HEX inside the tarball (the MakeCode hex cache entry) */
  hexEntry: string
  /** SHA-256 (hex) of the flat image {@link hexToFlatImage} makes from that hex */
  imageSha256: string
  /** size of the flat image in bytes */
  size: number
}

/** The micro:bit versions the demo knows. */
export type MicrobitVersion = '7.0.6' | '8.1.10'

/**
 * The pinned releases: `tarballSha256` is the digest of the registry's tarball, `hexEntry` the
 * micro:bit V2 (nRF52833) runtime in that release's MakeCode hex cache, and `imageSha256`/`size`
 * describe the flat image {@link hexToFlatImage} makes from it (the test suite also compares the
 * images with the project's shared demo firmware when that is present).
 */
export const MICROBIT_RELEASES: Readonly<Record<MicrobitVersion, Readonly<MicrobitRelease>>> = Object.freeze({
  '7.0.6': Object.freeze({
    tarballSha256: '5630526432789fa087a5611aefcb7a17d33e7eff8d9e9119474c6dfdb963365f',
    hexEntry: 'package/built/hexcache/018e467af6a1a994cfa85f0449fee3050894f691ca7dec9cd0eb44f08c7f0ad2.hex',
    imageSha256: '63a65027a31a93baecf5ce0e541e3f0b87607decc85e338ea8893d5a9d1374d0',
    size: 520995
  }),
  '8.1.10': Object.freeze({
    tarballSha256: '9cbc947dfd3dfa54120f0b66040c7a39d2fbad27a9697f3c037583986b413a50',
    hexEntry: 'package/built/hexcache/11ac0c4d8c3fd283c3ea5f5d690b8d6f6404a0edf545829c2e796daebdd89f05.hex',
    imageSha256: 'dfc97f02d180430e030b0b55fe79abb6ab30524e060cb383d88b94c2469abea2',
    size: 520995
  })
})

/**
 * The nRF52 memory map puts flash at 0x00000000 and the UICR/FICR configuration registers at
 * 0x10000000 and above; a hex file's records up there configure the chip rather than form part
 * of the image an OTA update replaces.
 */
const DEFAULT_MAX_ADDRESS = 0x10000000

/** A runtime hex is about 1 MB; anything far larger is not the entry we pinned. */
const MAX_HEX_BYTES = 16 * 1024 * 1024

/** Generous for ~5 MB over a slow link; a hung registry must not hang the demo forever. */
const NPM_TIMEOUT_MS = 5 * 60 * 1000

/**
 * Converts Intel HEX to a flat image, the bytes as they would sit in flash from address 0.
 *
 * Rules: every data block that lies below `maxAddress` is placed at its absolute address
 * (extended linear/segment address records applied, as parsed by `nrf-intel-hex`); the image
 * runs from address 0 to the end of the highest such block; bytes no record covers are `fill`
 * (erased NOR flash reads 0xFF). Blocks at or above `maxAddress` — on the nRF52, the UICR at
 * 0x10001014 — are left out.
 *
 * The image is as long as its highest address, so it allocates up to `maxAddress` bytes.
 *
 * @param hexText - the `.hex` file's text
 * @param opts.maxAddress - first address excluded from the image, 1 … 2^32; default 0x10000000
 * @param opts.fill - gap byte, 0 … 255; default 0xff
 * @returns a new array holding the image
 * @throws OtaError `OTA_INVALID_ARGUMENT` for bad options; CliError `OTA_FETCH` when the hex is malformed
 *   (bad checksum or record, no EOF, overlapping data), has no data below `maxAddress`, or has a
 *   contiguous block that crosses `maxAddress`
 */
export function hexToFlatImage (hexText: string, opts: { maxAddress?: number, fill?: number } = {}): Uint8Array {
  const maxAddress = opts.maxAddress ?? DEFAULT_MAX_ADDRESS
  const fill = opts.fill ?? 0xff
  if (!Number.isSafeInteger(maxAddress) || maxAddress < 1 || maxAddress > 2 ** 32) {
    throw new OtaError('OTA_INVALID_ARGUMENT', `maxAddress must be an integer from 1 to 2^32, got ${String(maxAddress)}`)
  }
  if (!Number.isInteger(fill) || fill < 0 || fill > 0xff) throw new OtaError('OTA_INVALID_ARGUMENT', `fill must be a byte, got ${String(fill)}`)
  if (typeof hexText !== 'string') throw new CliError('OTA_FETCH', 'Intel HEX input must be a string')

  let blocks: Map<number, Uint8Array>
  try {
    blocks = MemoryMap.fromHex(hexText)
  } catch (e) {
    throw toCliError(e, 'OTA_FETCH', 'malformed Intel HEX')
  }
  let end = 0
  for (const [addr, bytes] of blocks) {
    if (addr >= maxAddress) continue
    if (addr + bytes.length > maxAddress) {
      throw new CliError('OTA_FETCH', `Intel HEX data at ${hex32(addr)}–${hex32(addr + bytes.length)} crosses the image limit ${hex32(maxAddress)}`)
    }
    end = Math.max(end, addr + bytes.length)
  }
  if (end === 0) throw new CliError('OTA_FETCH', `Intel HEX has no data below ${hex32(maxAddress)}`)
  let image: Uint8Array
  try {
    image = new Uint8Array(end).fill(fill)
  } catch (e) {
    throw toCliError(e, 'OTA_FETCH', `a flat image of ${end} bytes cannot be allocated`)
  }
  for (const [addr, bytes] of blocks) if (addr < maxAddress) image.set(bytes, addr)
  return image
}

/**
 * Where fetched images are cached by default: `~/.cache/aedes-ota`.
 * @returns an absolute path (not created here)
 */
export function defaultCacheDir (): string {
  return join(homedir(), '.cache', 'aedes-ota')
}

/** Where {@link fetchMicrobitImage} put an image. */
export interface FetchedImage {
  /** absolute path of the flat image, `<cacheDir>/microbit-<version>.bin` */
  path: string
  /** the pxt-microbit version */
  version: string
  /** SHA-256 (hex) of the image, equal to the pinned `imageSha256` */
  sha256: string
  /** image size in bytes */
  size: number
}

/**
 * Returns the micro:bit V2 runtime image of pxt-microbit `version` as a flat binary in the cache.
 *
 * When `<cacheDir>/microbit-<version>.bin` exists and matches the pinned digest it is used as is
 * (no network, no npm). Otherwise this runs `npm pack pxt-microbit@<version>` (so `npm` must be on
 * PATH; it uses npm's own registry, proxy and cache settings) into a private temporary directory
 * under `cacheDir`, checks the tarball's SHA-256, reads only the pinned hex entry, converts it
 * with {@link hexToFlatImage}, checks the image's SHA-256 and size, and moves it into place
 * atomically (write to a temporary file, then rename), so concurrent callers and crashes never
 * leave a partial image. The tarball is deleted afterwards; npm's cache keeps a copy.
 *
 * @param version - one of the keys of {@link MICROBIT_RELEASES}
 * @param opts.cacheDir - cache directory, created if missing; default {@link defaultCacheDir}
 * @param opts.log - receives one line per step (cache hit, npm pack, conversion)
 * @throws OtaError `OTA_INVALID_ARGUMENT` for an unknown version; CliError `OTA_FETCH` naming the version
 *   and the failed step when npm pack fails, a digest or size does not match, the entry is
 *   missing, the hex is malformed, or the cache cannot be written
 */
export async function fetchMicrobitImage (
  version: MicrobitVersion,
  opts: { cacheDir?: string, log?: (msg: string) => void } = {}
): Promise<FetchedImage> {
  if (!Object.hasOwn(MICROBIT_RELEASES, version)) {
    throw new OtaError('OTA_INVALID_ARGUMENT', `unknown micro:bit version ${JSON.stringify(version)}; known: ${Object.keys(MICROBIT_RELEASES).join(', ')}`)
  }
  const rel = MICROBIT_RELEASES[version]
  const log = opts.log ?? (() => {})
  const cacheDir = opts.cacheDir ?? defaultCacheDir()
  const binPath = join(cacheDir, `microbit-${version}.bin`)
  const what = `micro:bit ${version}`
  const result: FetchedImage = { path: binPath, version, sha256: rel.imageSha256, size: rel.size }

  const cached = await readFile(binPath).catch(() => undefined)
  if (cached !== undefined) {
    if (cached.length === rel.size && sha256(cached) === rel.imageSha256) {
      log(`${what}: using cached ${binPath}`)
      return result
    }
    log(`${what}: cached ${binPath} does not match its pinned digest; fetching again`)
  }

  await step(what, `creating cache directory ${cacheDir}`, async () => { await mkdir(cacheDir, { recursive: true }) })
  // A private directory per call: concurrent fetches never see each other's half-written tarballs.
  const work = await step(what, `creating a temporary directory in ${cacheDir}`, async () => await mkdtemp(join(cacheDir, `.pack-${version}-`)))
  try {
    const tgz = await npmPack(version, work, what, log)
    const tgzBytes = await step(what, `reading ${tgz}`, async () => await readFile(tgz))
    const tgzDigest = sha256(tgzBytes)
    if (tgzDigest !== rel.tarballSha256) {
      throw new CliError('OTA_FETCH', `${what}: tarball SHA-256 ${tgzDigest} does not match the pinned ${rel.tarballSha256}`, { details: { version, tarball: tgz } })
    }
    log(`${what}: tarball verified, converting ${rel.hexEntry}`)
    const hexText = await readEntry(tgz, rel.hexEntry, what)
    let image: Uint8Array
    try {
      image = hexToFlatImage(hexText)
    } catch (e) {
      throw toCliError(e, 'OTA_FETCH', `${what}: converting ${rel.hexEntry}`)
    }
    const digest = sha256(image)
    if (image.length !== rel.size || digest !== rel.imageSha256) {
      throw new CliError('OTA_FETCH', `${what}: flat image (${image.length} bytes, SHA-256 ${digest}) does not match the pinned ${rel.size} bytes, ${rel.imageSha256}`)
    }
    // Cached images are shared and read-only to others: 0644, not writeFileAtomic's private default.
    await step(what, `writing ${binPath}`, async () => { await writeFileAtomic(binPath, image, 0o644) })
    log(`${what}: cached ${binPath} (${image.length} bytes)`)
    return result
  } finally {
    await rm(work, { recursive: true, force: true }).catch(() => {})
  }
}

async function npmPack (version: string, dir: string, what: string, log: (msg: string) => void): Promise<string> {
  const spec = `pxt-microbit@${version}`
  log(`${what}: npm pack ${spec}`)
  await new Promise<void>((resolve, reject) => {
    // cwd is the empty temp dir so no project .npmrc or workspace config changes what is fetched;
    // --ignore-scripts because nothing from the package needs to run to be packed.
    execFile('npm', ['pack', spec, '--pack-destination', dir, '--ignore-scripts', '--silent'],
      { cwd: dir, timeout: NPM_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, windowsHide: true },
      (err, _stdout, stderr) => {
        if (err === null) { resolve(); return }
        // npm prints config warnings ("nodedir" and the like) on stderr even on success; keep the rest.
        const detail = String(stderr).split('\n').filter(l => l.trim() !== '' && !/^npm warn/i.test(l)).join(' ').slice(0, 500)
        const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'npm is not on PATH' : (detail !== '' ? detail : err.message)
        reject(new CliError('OTA_FETCH', `${what}: npm pack ${spec} failed: ${reason}`, { cause: err, details: { version } }))
      })
  })
  const tgzs = (await step(what, `listing ${dir}`, async () => await readdir(dir))).filter(f => f.endsWith('.tgz'))
  if (tgzs.length !== 1) throw new CliError('OTA_FETCH', `${what}: npm pack ${spec} produced ${tgzs.length} tarballs, expected 1`)
  return join(dir, tgzs[0]!)
}

async function readEntry (tgz: string, entry: string, what: string): Promise<string> {
  const chunks: Buffer[] = []
  let found = false
  let problem: string | undefined
  try {
    await tar.t({
      file: tgz,
      strict: true,
      filter: p => p === entry,
      onReadEntry: e => {
        if (found) { problem = 'appears twice'; return }
        found = true
        if (e.type !== 'File') problem = `is a ${e.type}, not a file`
        else if ((e.size ?? 0) > MAX_HEX_BYTES) problem = `is ${e.size} bytes, over ${MAX_HEX_BYTES}`
        else e.on('data', (c: Buffer) => { chunks.push(c) })
      }
    })
  } catch (e) {
    throw toCliError(e, 'OTA_FETCH', `${what}: reading ${tgz}`)
  }
  if (!found) throw new CliError('OTA_FETCH', `${what}: tarball has no ${entry}`)
  if (problem !== undefined) throw new CliError('OTA_FETCH', `${what}: ${entry} ${problem}`)
  return Buffer.concat(chunks).toString('latin1')
}

async function step<T> (what: string, doing: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    throw toCliError(e, 'OTA_FETCH', `${what}: ${doing}`)
  }
}

/** Lowercase hex SHA-256, as the pinned digests are written. */
function sha256 (b: Uint8Array): string {
  return toHex(digest(b))
}

function hex32 (n: number): string {
  return '0x' + n.toString(16).padStart(8, '0')
}
