/**
 * `aedes-ota service` as a child process, as an operator runs it beside a broker: started with
 * its operator certificate from a PKI folder, and taken as ready once it logged `ready` (it
 * then holds its subscriptions, so operators and devices are heard).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { CliError } from '../errors.js'

const CLI = fileURLToPath(new URL('../main.js', import.meta.url))

/** Bounds of starting and stopping the service, ms. */
export const ServiceProcessTimes = {
  /** until it logged `ready` */
  readyMs: 60_000,
  /** after SIGTERM (it closes the OTA core and audits `plugin.stopped`), before SIGKILL */
  stopMs: 15_000
} as const

/** What {@link startServiceProcess} runs. */
export interface ServiceProcessOptions {
  /** the broker's URL, `mqtts://127.0.0.1:<port>` */
  broker: string
  /** PKI folder: the service's certificate (operators/<serviceId>) and the registry */
  pki: string
  /** folder holding root.bin */
  trust: string
  /** the service's data folder (releases, inventory, audit log) */
  data: string
  /** the service's id, its certificate's CN */
  serviceId: string
  /** more arguments of `aedes-ota service` (e.g. `--dashboard-port 0`) */
  extra?: readonly string[]
  /** the built `aedes-ota` entry to run; default the one beside this module (tests running the TypeScript sources give dist's) */
  cli?: string
}

/** A running service. */
export interface ServiceProcess {
  readonly child: ChildProcess
  /** the fields of its `ready` log line (broker, dashboard, auditLog, ...) */
  readonly ready: Readonly<Record<string, unknown>>
  /** the end of what it wrote (stdout log lines and stderr) */
  output: () => string
  /** SIGTERM, SIGKILL after {@link ServiceProcessTimes}.stopMs; resolves with its exit code once it exited */
  stop: () => Promise<number | null>
}

/**
 * Starts `aedes-ota service` (log level info: it logs only its start and reconnections there).
 * @throws CliError `OTA_MOSQUITTO` when it exits before it is ready (with the end of its output,
 *   where its own error code is) or is not ready within {@link ServiceProcessTimes}.readyMs
 */
export async function startServiceProcess (o: ServiceProcessOptions): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [o.cli ?? CLI, 'service', '--broker', o.broker, '--pki', o.pki, '--service-id', o.serviceId, '--trust', o.trust, '--data', o.data,
    '--log-level', 'info', ...(o.extra ?? [])], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const keep = (s: string): void => { output = (output + s).slice(-4000) }
  child.stderr!.on('data', (b: Buffer) => { keep(b.toString()) })
  const exited = new Promise<number | null>((resolve) => { child.once('exit', (code) => { resolve(code) }) })
  const gone = (): boolean => child.exitCode !== null || child.signalCode !== null
  const stop = async (): Promise<number | null> => {
    if (!gone()) child.kill('SIGTERM')
    const timer = setTimeout(() => { child.kill('SIGKILL') }, ServiceProcessTimes.stopMs)
    const code = await exited
    clearTimeout(timer)
    return code
  }
  let timer: NodeJS.Timeout | undefined
  const ready = await new Promise<Record<string, unknown> | string>((resolve) => {
    // Read to the end: a pipe nobody reads would block the service's log writes.
    createInterface({ input: child.stdout! }).on('line', (line) => {
      keep(line + '\n')
      try {
        const j = JSON.parse(line) as Record<string, unknown>
        if (j.msg === 'ready') resolve(j)
      } catch { /* not a log line */ }
    })
    child.once('error', (e) => { resolve(`could not be started: ${e.message}`) })
    void exited.then((code) => { resolve(`exited with code ${String(code)} before it was ready`) })
    timer = setTimeout(() => { resolve(`was not ready within ${ServiceProcessTimes.readyMs} ms`) }, ServiceProcessTimes.readyMs)
  })
  clearTimeout(timer)
  if (typeof ready === 'string') {
    await stop()
    throw new CliError('OTA_MOSQUITTO', `aedes-ota service --broker ${o.broker} ${ready}: ${output.trim()}`)
  }
  return { child, ready, output: () => output, stop }
}
