/**
 * Device hooks given on the command line as shell commands (`device --health-check`,
 * `--on-end-of-life`): run with `/bin/sh -c`, facts passed as environment variables, output sent
 * to stderr (stdout carries `--json` lines), bounded in time.
 */
import { spawn } from 'node:child_process'
import type { Logger } from 'pino'

/** How a hook command ended. */
export interface HookResult {
  /** exit code; null when killed by a signal or when it could not start */
  code: number | null
  /** true when it ran past its time limit and was killed */
  timedOut: boolean
}

/**
 * Runs `command` through the shell with `env` added to the environment. The command runs in its
 * own process group, so a time-out (or `signal`) kills what it started too (SIGKILL to the
 * group). Never throws: a command that cannot start ends with `code: null`.
 * @param timeoutMs - ms after which the command is killed
 * @param signal - kills the command when aborted (the caller's own deadline passed), as a time-out does
 */
export async function runShellHook (command: string, env: Record<string, string>, timeoutMs: number, log: Logger, signal?: AbortSignal): Promise<HookResult> {
  return await new Promise<HookResult>((resolve) => {
    const child = spawn(command, { shell: true, detached: true, stdio: ['ignore', process.stderr, process.stderr], env: { ...process.env, ...env } })
    let timedOut = false
    const kill = (): void => {
      timedOut = true
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
      } catch (e) {
        log.warn({ err: e }, 'cannot kill the hook command')
      }
    }
    const timer = setTimeout(kill, timeoutMs)
    if (signal?.aborted === true) kill()
    else signal?.addEventListener('abort', kill, { once: true })
    const end = (): void => { clearTimeout(timer); signal?.removeEventListener('abort', kill) }
    child.once('error', (e) => {
      end()
      log.warn({ command, err: e }, 'hook command did not start')
      resolve({ code: null, timedOut })
    })
    child.once('exit', (code) => {
      end()
      resolve({ code, timedOut })
    })
  })
}
