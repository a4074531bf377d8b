/**
 * Crash points: named places in the device's durable steps (state writes, chunk storage, install,
 * boot, trial, confirm, revert) where a torture test kills the process with SIGKILL, as a power
 * cut or a watchdog reset would stop it. Unarmed (every production run), a crash point is one
 * branch on a module variable. Only the `aedes-ota device` command arms them, from its
 * environment (cli/crash-points.ts: `AEDES_OTA_CRASH_AT`, `AEDES_OTA_CRASH_COUNTS`,
 * `AEDES_OTA_CRASH_TRACE`); this module needs no filesystem.
 *
 * Internal to the package: not exported from `aedes-ota/proto`.
 */

/** What runs at each crash point once armed: given the point's name; it may end the process. */
export type CrashHook = (name: string) => void

let hook: CrashHook | null = null

/**
 * Marks a crash point. Does nothing unless a hook is set ({@link setCrashHook}).
 * @param name - dotted lowercase words (`atomic.renamed`, `download.committed`), stable: tests
 *   and the torture harness name them
 */
export function crashPoint (name: string): void {
  if (hook !== null) hook(name)
}

/** Sets (or, with null, clears) the hook every crash point calls. */
export function setCrashHook (h: CrashHook | null): void {
  hook = h
}
