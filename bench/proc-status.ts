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

/**
 * CPU time (user + system) process `pid` has used so far, in seconds, from fields 14 and 15 of
 * /proc/<pid>/stat (proc(5); clock ticks of USER_HZ, 100 on Linux whatever the kernel's HZ);
 * undefined once it is gone (or where /proc is missing).
 */
export async function procCpuSecondsOf (pid: number): Promise<number | undefined> {
  try {
    const text = await readFile(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch { return undefined }
}
