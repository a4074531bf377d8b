/**
 * Memory figures of a process from Linux's /proc/<pid>/status, the one reader the benchmarks
 * share. `VmHWM` is the peak resident set (it only rises); `VmRSS` the resident set now.
 */
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'

/** A memory field of /proc/<pid>/status. */
export type ProcStatusField = 'VmRSS' | 'VmHWM'

function parse (text: string, field: ProcStatusField): number | undefined {
  const m = new RegExp(`^${field}:\\s*(\\d+)\\s*kB`, 'm').exec(text)
  return m === null ? undefined : Number(m[1]) * 1024
}

/** `field` of this process in bytes; undefined where /proc is missing (not Linux). */
export function procStatusBytes (field: ProcStatusField): number | undefined {
  try { return parse(readFileSync('/proc/self/status', 'utf8'), field) } catch { return undefined }
}

/** `field` of process `pid` in bytes; undefined once it is gone (or where /proc is missing). */
export async function procStatusBytesOf (pid: number, field: ProcStatusField): Promise<number | undefined> {
  try { return parse(await readFile(`/proc/${pid}/status`, 'utf8'), field) } catch { return undefined }
}
