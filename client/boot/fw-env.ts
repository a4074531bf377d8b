/**
 * The U-Boot environment from Linux, through the `fw_printenv` / `fw_setenv` tools (libubootenv,
 * Debian's `libubootenv-tool`; U-Boot's own `tools/env` build takes the same arguments). The
 * tools run without a shell, bounded in time, and every name and value is checked before it
 * reaches them.
 *
 * Every write is one `fw_setenv` run naming all its variables: one environment write. With a
 * redundant environment (two copies in the configuration file) the tools write the copy not in
 * use and then flip the active flag, so a power cut leaves the old or the new environment, never a
 * mix (U-Boot `CONFIG_SYS_REDUNDAND_ENVIRONMENT`).
 */
import { execFile } from 'node:child_process'
import { OtaError } from '../../proto/index.js'

/** Options of {@link FwEnv}. */
export interface FwEnvOptions {
  /** the tools' configuration file (`fw_env.config`: device, offset, size per line; a second line for the redundant copy) */
  config: string
  /**
   * default environment file (`-f`): what the tools read when no copy of the stored environment
   * has a good CRC, and what a write then starts from. Default: the tools' own
   * (`/etc/u-boot-initial-env` for libubootenv); when none exists they fail on a bad environment.
   */
  defaultEnv?: string
  /** path or name (looked up in PATH) of `fw_printenv`; default `fw_printenv` */
  printenv?: string
  /** path or name of `fw_setenv`; default `fw_setenv` */
  setenv?: string
  /** longest one tool run may take, ms; it is killed (SIGKILL) after */
  timeoutMs: number
}

/** What {@link FwEnv.read} found. */
export interface FwEnvRead {
  /** each name asked for: its value, or undefined when unset or empty (U-Boot treats both alike) */
  values: Record<string, string | undefined>
  /** what the tool said on stderr (e.g. "Cannot read environment, using default"), '' when nothing */
  warning: string
}

/** Names the environment tools and a U-Boot script take without quoting: letters, digits, `_`, `.`. */
const NAME = /^[A-Za-z_][A-Za-z0-9_.]{0,63}$/
/** Most bytes the tools may print: a handful of short variables. */
const MAX_OUTPUT = 64 * 1024

/**
 * Checks a variable name and value for the environment: a name of {@link NAME}'s characters, a
 * value without NUL (the environment's separator) or a line break (the tools' output is one line
 * per variable), at most 4096 bytes.
 * @throws OtaError `OTA_INVALID_ARGUMENT`
 */
export function checkEnvVar (name: string, value?: string): void {
  if (!NAME.test(name)) throw new OtaError('OTA_INVALID_ARGUMENT', `U-Boot variable name ${JSON.stringify(name)} is not 1 to 64 of [A-Za-z0-9_.] starting with a letter or _`)
  if (value !== undefined && (/[\0\r\n]/.test(value) || Buffer.byteLength(value) > 4096)) {
    throw new OtaError('OTA_INVALID_ARGUMENT', `U-Boot variable ${name}: the value must be one line of at most 4096 bytes without NUL`)
  }
}

/**
 * The environment tools for one configuration. Callers serialize their read-modify-write
 * sequences themselves (UBootBootControl holds a lock); each `fw_setenv` run takes the tools' own
 * lock (`/var/lock/fw_printenv.lock`) against other processes.
 */
export class FwEnv {
  private readonly o: Readonly<FwEnvOptions>

  /** @throws OtaError `OTA_INVALID_ARGUMENT` for an empty config path or a timeout that is not a positive integer */
  constructor (o: FwEnvOptions) {
    if (typeof o.config !== 'string' || o.config.length === 0) throw new OtaError('OTA_INVALID_ARGUMENT', 'the fw_env configuration path must be a non-empty string')
    if (!Number.isSafeInteger(o.timeoutMs) || o.timeoutMs < 1) throw new OtaError('OTA_INVALID_ARGUMENT', `the fw_env tool timeout must be a positive integer (ms), got ${String(o.timeoutMs)}`)
    for (const k of ['defaultEnv', 'printenv', 'setenv'] as const) {
      const v = o[k]
      if (v !== undefined && (typeof v !== 'string' || v.length === 0)) throw new OtaError('OTA_INVALID_ARGUMENT', `fw_env ${k} must be a non-empty string`)
    }
    this.o = { ...o }
  }

  private base (): string[] {
    return ['-c', this.o.config, ...(this.o.defaultEnv !== undefined ? ['-f', this.o.defaultEnv] : [])]
  }

  /**
   * Reads the named variables (`fw_printenv -c CONFIG [-f DEFAULT] NAME...`). libubootenv prints
   * `NAME=` for an unset variable; U-Boot's own tool reports `## Error: "NAME" not defined` and
   * exits 1, which is read the same way.
   * @throws OtaError `OTA_INVALID_ARGUMENT` for a bad name; `OTA_IO` when the tool is missing,
   *   fails (no readable environment and no default, a bad configuration), times out, or prints
   *   something else than the variables asked for
   */
  async read (names: readonly string[]): Promise<FwEnvRead> {
    for (const n of names) checkEnvVar(n)
    const tool = this.o.printenv ?? 'fw_printenv'
    const r = await this.run(tool, [...this.base(), ...names], true)
    const values: Record<string, string | undefined> = {}
    const undefinedNames = new Set([...r.stderr.matchAll(/## Error: "([^"]+)" not defined/g)].map((m) => m[1]!))
    if (r.code !== 0 && (undefinedNames.size === 0 || !names.some((n) => undefinedNames.has(n)))) throw this.failed(tool, r)
    for (const line of r.stdout.split('\n')) {
      if (line === '') continue
      const eq = line.indexOf('=')
      const name = eq > 0 ? line.slice(0, eq) : ''
      if (!names.includes(name) || name in values) throw new OtaError('OTA_IO', `${tool} printed an unexpected line for ${names.join(' ')}: ${JSON.stringify(line.slice(0, 200))}`)
      const value = line.slice(eq + 1)
      values[name] = value === '' ? undefined : value
    }
    for (const n of names) {
      if (!(n in values) && !undefinedNames.has(n)) throw new OtaError('OTA_IO', `${tool} did not print ${n}`)
      values[n] ??= undefined
    }
    return { values, warning: r.stderr.split('\n').filter((l) => l !== '' && !/## Error: "[^"]+" not defined/.test(l)).join('; ') }
  }

  /**
   * Sets every variable of `vars` in one environment write (`fw_setenv -c CONFIG [-f DEFAULT]
   * NAME VALUE ...`); an empty value stores the variable empty, which U-Boot reads as unset.
   * @throws OtaError `OTA_INVALID_ARGUMENT` for a bad name or value; `OTA_IO` when the tool is
   *   missing, fails or times out (the environment is then the old one or the new one)
   */
  async write (vars: Readonly<Record<string, string>>): Promise<void> {
    const args: string[] = []
    for (const [n, v] of Object.entries(vars)) {
      checkEnvVar(n, v)
      args.push(n, v)
    }
    if (args.length === 0) return
    const tool = this.o.setenv ?? 'fw_setenv'
    const r = await this.run(tool, [...this.base(), ...args], false)
    if (r.code !== 0) throw this.failed(tool, r)
  }

  private failed (tool: string, r: { code: number, stderr: string }): OtaError {
    return new OtaError('OTA_IO', `${tool} -c ${this.o.config} failed (exit ${r.code}): ${r.stderr.trim().split('\n').join('; ') || 'no message'}`, { details: { exitCode: r.code } })
  }

  private async run (tool: string, args: string[], reading: boolean): Promise<{ code: number, stdout: string, stderr: string }> {
    return await new Promise((resolve, reject) => {
      execFile(tool, args, { timeout: this.o.timeoutMs, killSignal: 'SIGKILL', maxBuffer: MAX_OUTPUT, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } }, (err, stdout, stderr) => {
        if (err === null) { resolve({ code: 0, stdout, stderr }); return }
        const e = err as NodeJS.ErrnoException & { code?: number | string, killed?: boolean, signal?: string | null }
        if (e.code === 'ENOENT') {
          reject(new OtaError('OTA_IO', `${tool} not found: install libubootenv-tool (Debian) or give the tool's path`, { cause: err }))
        } else if (e.killed === true || e.signal != null) {
          reject(new OtaError('OTA_IO', `${tool} did not finish within ${this.o.timeoutMs} ms${reading ? '' : ' (the environment is the old one or the new one)'}`, { cause: err }))
        } else if (typeof e.code === 'number') {
          resolve({ code: e.code, stdout, stderr })
        } else {
          reject(new OtaError('OTA_IO', `cannot run ${tool}: ${err.message}`, { cause: err }))
        }
      })
    })
  }
}
