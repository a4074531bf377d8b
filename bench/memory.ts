/**
 * `npm run bench:memory [-- --json] [-- --sizes 1,256]`
 *
 * The device client's peak memory against image size (issue 9, item 6): for each size (MiB), a
 * fresh device process (the `aedes-ota device` command, the same code a product runs) updates
 * from a random image of that size over mutual-TLS MQTT from a broker in this process, and its
 * peak resident set is read from Linux's `VmHWM` in /proc/<pid>/status (polled every 20 ms until
 * it exits; the high-water mark only rises, so the last reading is the peak up to then). A
 * device whose memory does not depend on the image size shows the same peak for 1 MiB and
 * 256 MiB. Each size is run twice: with the Node setting the README recommends for devices
 * (`--max-semi-space-size=1`, {@link DEVICE_NODE_FLAGS}) and with Node's defaults. `--json` prints
 * one object `{ "rss_1MiB_MiB", "rss_256MiB_MiB", "growth_MiB", "default_rss_1MiB_MiB",
 * "default_rss_256MiB_MiB", "default_growth_MiB", ... }` (one `rss_<N>MiB_MiB` and
 * `default_rss_<N>MiB_MiB` per size). MiB = 2^20 bytes.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { initPki } from '../certs/index.js'
import { startOtaBroker } from '../broker/index.js'
import { procStatusBytesOf } from './proc-status.js'
import { KeyFiles, createRelease, initKeys, readKeyFile } from '../sign/index.js'

const args = process.argv.slice(2)
const json = args.includes('--json')
const at = args.indexOf('--sizes')
const sizes = (at >= 0 ? args[at + 1] ?? '' : '1,256').split(',').map(Number)
if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 4096)) {
  process.stderr.write('usage: npm run bench:memory -- [--json] [--sizes 1,256] (MiB, 1 to 4096 each)\n')
  process.exit(2)
}
const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url))
/**
 * How a device with little memory runs Node (README, "Device memory"): a 1 MiB young generation.
 * Chunk buffers live outside the JS heap; with the default 16 MiB semi-space so few JS objects
 * fill it that tens of MiB of dead chunk buffers wait for a scavenge, and the resident set grows
 * with the transfer instead of staying flat.
 */
const DEVICE_NODE_FLAGS = ['--max-semi-space-size=1']
const say = (s: string): void => { if (!json) process.stderr.write(s + '\n') }

/** Runs one device process to its end; its exit code, last stdout line and peak RSS (MiB). */
async function runDevice (nodeFlags: readonly string[], argv: string[], timeoutMs: number): Promise<{ code: number | null, last: string, peakMiB: number }> {
  const child = spawn(process.execPath, [...nodeFlags, CLI, ...argv], { stdio: ['ignore', 'pipe', 'ignore'] })
  let out = ''
  child.stdout.on('data', (b: Buffer) => { out += b.toString() })
  let peak = 0
  const poll = setInterval(() => { void procStatusBytesOf(child.pid!, 'VmHWM').then((b) => { if (b !== undefined && b > peak) peak = b }) }, 20)
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)))
  clearInterval(poll)
  clearTimeout(killer)
  return { code, last: out.trim().split('\n').pop() ?? '', peakMiB: peak / 1048576 }
}

async function main (): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'aedes-ota-bench-memory-'))
  try {
    const model = 'bench'
    const pki = await initPki({ out: join(dir, 'pki'), model, devices: sizes.length })
    await initKeys({ out: join(dir, 'keys'), models: [model] })
    const signer = await readKeyFile(join(dir, 'keys', KeyFiles.release))
    const factory = createRelease({ image: randomBytes(4096), model, version: '1.0.0', securityVersion: 1, sequence: 1, signers: [signer] })
    await writeFile(join(dir, 'factory.bundle'), factory.bundle)
    const broker = await startOtaBroker({ pki, trust: await readFile(join(dir, 'keys', KeyFiles.trust)), dataDir: join(dir, 'broker'), port: 0 })
    const result: Record<string, number> = {}
    try {
      for (const [i, mib] of sizes.entries()) {
        const release = createRelease({ image: randomBytes(mib * 1024 * 1024), model, version: `2.0.${i}`, securityVersion: 2, sequence: 2 + i, signers: [signer] })
        await broker.plugin.publishRelease(release.bundle, 'bench')
        const id = pki.devices[i]!.id
        for (const [key, flags] of [['rss', DEVICE_NODE_FLAGS], ['default_rss', []]] as const) {
          const r = await runDevice(flags, ['device', '--pki', pki.dir, '--id', id, '--trust', join(dir, 'keys'), '--state', join(dir, 'dev', id), '--broker', broker.url,
            '--provision', join(dir, 'factory.bundle'), '--once', '--json', '--timeout-ms', '600000'], 660_000)
          const outcome = JSON.parse(r.last === '' ? '{}' : r.last) as { result?: string }
          if (r.code !== 0 || outcome.result !== 'confirmed') throw new Error(`the ${mib} MiB update failed (exit ${String(r.code)}): ${r.last}`)
          result[`${key}_${mib}MiB_MiB`] = Number(r.peakMiB.toFixed(1))
          say(`${mib} MiB image: device peak RSS ${r.peakMiB.toFixed(1)} MiB (node ${flags.length > 0 ? flags.join(' ') : 'defaults'})`)
          await rm(join(dir, 'dev', id), { recursive: true, force: true })
        }
      }
    } finally {
      await broker.close()
    }
    const growth = (key: string): number => Number((result[`${key}_${sizes[sizes.length - 1]!}MiB_MiB`]! - result[`${key}_${sizes[0]!}MiB_MiB`]!).toFixed(1))
    const summary = { ...result, growth_MiB: growth('rss'), default_growth_MiB: growth('default_rss'), device_node_flags: DEVICE_NODE_FLAGS.join(' '), sizes_MiB: sizes, node: process.version }
    if (json) process.stdout.write(JSON.stringify(summary) + '\n')
    else {
      process.stdout.write(`\ndevice peak RSS (node ${summary.device_node_flags}): ${sizes.map((s) => `${s} MiB image ${result[`rss_${s}MiB_MiB`]!} MiB`).join(', ')}; growth ${summary.growth_MiB} MiB\n`)
      process.stdout.write(`device peak RSS (node defaults): ${sizes.map((s) => `${s} MiB image ${result[`default_rss_${s}MiB_MiB`]!} MiB`).join(', ')}; growth ${summary.default_growth_MiB} MiB\n`)
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

main().catch((e: unknown) => { process.stderr.write(`bench failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`); process.exit(1) })
