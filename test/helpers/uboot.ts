/**
 * A U-Boot environment for tests: a redundant environment (two copies) in a file the test creates,
 * the tools' configuration naming it, a default environment file, and the real libubootenv tools
 * (Debian's libubootenv-tool; .ci/run installs it) to look at what was written.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { open, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { flipBit } from './device-run.js'

/** Bytes of one environment copy. */
export const ENV_SIZE = 0x4000

/** Why the tools cannot run here, or null when they can. */
export function fwToolsMissing (): string | null {
  for (const tool of ['fw_printenv', 'fw_setenv']) {
    const r = spawnSync(tool, ['-V'], { encoding: 'utf8' })
    if (r.error !== undefined) return `${tool} is not installed (Debian: apt-get install libubootenv-tool)`
  }
  return null
}

/** A test's environment: the file, the configuration and the default environment file. */
export interface TestFwEnv {
  /** the environment file: copy 1 at 0, copy 2 at {@link ENV_SIZE} */
  file: string
  /** the tools' configuration (two lines: a redundant environment) */
  config: string
  /** the default environment the tools fall back to when no copy has a good CRC */
  defaultEnv: string
  /** every variable, as `fw_printenv` prints them */
  print: () => Record<string, string>
  /** sets variables with `fw_setenv` (as the boot script's `saveenv` would) */
  set: (vars: Record<string, string>) => void
  /** flips one byte in the data of the copy in use (the higher flag): its CRC no longer matches */
  corruptCurrent: () => Promise<void>
  /** flips one byte in both copies */
  corruptBoth: () => Promise<void>
}

/** Creates a blank (zero-filled: no valid copy) redundant environment in `dir`. */
export async function makeFwEnv (dir: string, defaultVars = 'bootdelay=0\n'): Promise<TestFwEnv> {
  const file = join(dir, 'uboot-env.bin')
  const config = join(dir, 'fw_env.config')
  const defaultEnv = join(dir, 'u-boot-initial-env')
  await writeFile(file, Buffer.alloc(2 * ENV_SIZE))
  await writeFile(config, `# device offset size\n${file} 0x0000 0x${ENV_SIZE.toString(16)}\n${file} 0x${ENV_SIZE.toString(16)} 0x${ENV_SIZE.toString(16)}\n`)
  await writeFile(defaultEnv, defaultVars)
  const base = ['-c', config, '-f', defaultEnv]
  const flip = (at: number): void => { flipBit(file, at) }
  const flag = async (copy: number): Promise<number> => {
    const fh = await open(file, 'r')
    try {
      const b = Buffer.alloc(1)
      await fh.read(b, 0, 1, copy * ENV_SIZE + 4)
      return b[0]!
    } finally {
      await fh.close()
    }
  }
  return {
    file,
    config,
    defaultEnv,
    print: () => {
      const out = execFileSync('fw_printenv', base, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      const vars: Record<string, string> = {}
      for (const line of out.split('\n')) {
        const eq = line.indexOf('=')
        if (eq > 0) vars[line.slice(0, eq)] = line.slice(eq + 1)
      }
      return vars
    },
    set: (vars) => {
      execFileSync('fw_setenv', [...base, ...Object.entries(vars).flat()], { stdio: 'ignore' })
    },
    corruptCurrent: async () => {
      const current = (await flag(1)) > (await flag(0)) ? 1 : 0
      flip(current * ENV_SIZE + 6)
    },
    corruptBoth: async () => {
      flip(6)
      flip(ENV_SIZE + 6)
    }
  }
}
