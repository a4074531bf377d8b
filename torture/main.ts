/**
 * `npm run torture -- [--points N] [--seed N] [--external F] [--max-kills N] [--image-kib N] [--scenarios a,b] [--quiet]`
 *
 * The torture test (torture/harness.ts) as a standalone run: a real broker and real device
 * processes killed with SIGKILL at `--points` points (default 1000) spread across download,
 * verification, install, reboot, trial, confirm and revert, each restart checked. Prints a line
 * per chain (unless `--quiet`), then the summary; exit code 1 on any failure, 2 on bad arguments.
 * The same `--seed` draws the same images and kill points (kills from outside land where the
 * timing puts them: `--external 0` leaves them out).
 */
import { parseArgs } from 'node:util'
import { TortureDefaults, runTorture } from './harness.js'
import { formatSummary } from './summary.js'
import { DefaultShape } from './scenarios.js'

const USAGE = `usage: npm run torture -- [--points N] [--seed N] [--external F] [--max-kills N] [--image-kib N] [--scenarios a,b] [--quiet]
  --points N      kill points to fire, at least (default ${TortureDefaults.points})
  --seed N        seeds the images, the kill points and the delays (default: the time)
  --external F    fraction of kills from outside after a random delay, 0 to 1 (default ${TortureDefaults.externalRate})
  --max-kills N   most kills in one chain before a clean run ends it (default ${TortureDefaults.maxKillsPerChain})
  --image-kib N   size of every image, KiB (default ${DefaultShape.imageSize / 1024})
  --scenarios a,b only these scenarios (full, delta, bad-then-good; default all): each draws
                  from its own seeded stream, so a failing one replays alone
  --quiet         the summary only, no line per chain`

function int (v: string | undefined, name: string, min: number, max: number, dflt: number): number {
  if (v === undefined) return dflt
  const n = Number(v)
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}, got ${v}`)
  return n
}

async function main (): Promise<number> {
  let opts
  try {
    const { values } = parseArgs({
      options: {
        points: { type: 'string' },
        seed: { type: 'string' },
        external: { type: 'string' },
        'max-kills': { type: 'string' },
        'image-kib': { type: 'string' },
        scenarios: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false }
      }
    })
    if (values.help) { process.stdout.write(USAGE + '\n'); return 0 }
    const external = values.external === undefined ? TortureDefaults.externalRate : Number(values.external)
    if (!(external >= 0 && external <= 1)) throw new Error(`--external must be from 0 to 1, got ${String(values.external)}`)
    opts = {
      points: int(values.points, '--points', 1, 1_000_000, TortureDefaults.points),
      seed: int(values.seed, '--seed', 0, 2 ** 32 - 1, Date.now() % 2 ** 32),
      externalRate: external,
      maxKillsPerChain: int(values['max-kills'], '--max-kills', 1, 1000, TortureDefaults.maxKillsPerChain),
      shape: { ...DefaultShape, imageSize: 1024 * int(values['image-kib'], '--image-kib', 8, 64 * 1024, DefaultShape.imageSize / 1024) },
      ...(values.scenarios !== undefined ? { scenarios: values.scenarios.split(',') } : {}),
      ...(values.quiet ? {} : { log: (l: string) => { process.stdout.write(l + '\n') } })
    }
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`)
    return 2
  }
  process.stdout.write(`torture: seed ${opts.seed}, ${opts.points} points\n`)
  let s
  try {
    s = await runTorture(opts)
  } catch (e) {
    // Not a failed invariant: the harness could not run (a survey run that does not work).
    process.stderr.write(`torture: seed ${opts.seed}: ${e instanceof Error ? e.message : String(e)}\n`)
    return 1
  }
  process.stdout.write(formatSummary(s).join('\n') + '\n')
  return s.failures.length === 0 ? 0 : 1
}

process.exitCode = await main()
