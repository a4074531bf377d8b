/**
 * A real Mosquitto for tests: Debian's `/usr/sbin/mosquitto` (2.0.11 on the project's machines)
 * on a free 127.0.0.1 port, with the configuration `aedes-ota acl mosquitto` writes (TLS, client
 * certificates, the generated ACL) and its log on stderr. Its database lives in the test's folder
 * (`persistence true`, as Debian's own configuration has it), so {@link MosquittoBroker.restart}
 * keeps retained messages like a real broker restart.
 *
 * Where there is no Mosquitto, {@link mosquittoMissing} says why: under CI (`CI` set) the tests
 * must fail, elsewhere they skip with that message (as test/helpers/redis.ts).
 */
import { accessSync, constants } from 'node:fs'
import { join } from 'node:path'
import type { ChildProcess } from 'node:child_process'
import { MOSQUITTO_BIN, freePort, mosquittoRunAs, startMosquitto } from '../../cli/service-mode/mosquitto.js'
import { writeMosquittoFiles, type MosquittoFiles, type MosquittoFilesOptions } from '../../cli/acl/files.js'

/** Why the Mosquitto tests cannot run here, or null when they can. */
export function mosquittoMissing (): string | null {
  try {
    accessSync(MOSQUITTO_BIN, constants.X_OK)
    return null
  } catch (e) {
    return `${MOSQUITTO_BIN} not found (${(e as NodeJS.ErrnoException).code ?? String(e)}): install Debian's mosquitto to run the Mosquitto tests`
  }
}

/** A running Mosquitto. */
export interface MosquittoBroker {
  port: number
  /** `mqtts://127.0.0.1:<port>` (the dev PKI's broker certificate names 127.0.0.1) */
  url: string
  /** the folder holding mosquitto.conf and the database */
  dir: string
  /** the process now running (another one after {@link MosquittoBroker.restart}) */
  child: () => ChildProcess
  /** the end of Mosquitto's log (stderr), for failure messages */
  log: () => string
  /** how much Mosquitto has logged so far (characters), a mark for {@link MosquittoBroker.logSince} */
  logMark: () => number
  /** what Mosquitto logged after `mark` (the last 64 KiB at most) */
  logSince: (mark: number) => string
  /** SIGTERM (Mosquitto saves its database), then waits for the exit; SIGKILL after 10 s */
  stop: () => Promise<void>
  /** stops (if running) and starts again on the same port with the same configuration */
  restart: () => Promise<void>
  /** SIGHUP: Mosquitto re-reads the ACL file and CRL; resolves once it has (its log says so) */
  reload: () => Promise<void>
}

/** Options of {@link startMosquittoBroker}. */
export interface MosquittoStartOptions {
  /** the test's folder for mosquitto.conf and the database */
  dir: string
  /**
   * the OTA part of the configuration for a listener on 127.0.0.1:`port` (e.g. the fragment
   * written by `writeMosquittoFiles`); asked again at each (re)start
   */
  fragment: (port: number) => string | Promise<string>
}

/** Wall-clock bound of waiting for a reload, ms (stopping is bounded by cli/service-mode/mosquitto.ts `MosquittoTimes`). */
const RELOAD_MS = 10_000
/** Log kept for {@link MosquittoBroker.logSince}, characters. */
const LOG_KEPT = 64 * 1024

/**
 * Starts Mosquitto with the test lines (user, log, persistence) and `fragment`.
 * @throws Error when Mosquitto exits first or does not listen within 20 s (with its log)
 */
export async function startMosquittoBroker (o: MosquittoStartOptions): Promise<MosquittoBroker> {
  const port = await freePort()
  // Built again at each start: a restart runs the fragment as it is then (e.g. regenerated).
  const config = async (): Promise<string> => [
    ...mosquittoRunAs(),
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    'log_type notice',
    // information: "Reloading config." says a SIGHUP has been taken.
    'log_type information',
    'persistence true',
    `persistence_location ${o.dir}/`,
    '',
    await o.fragment(port)
  ].join('\n')
  let log = ''
  let logged = 0
  let reloads = 0
  const onStderr = (text: string): void => {
    log = (log + text).slice(-LOG_KEPT)
    logged += text.length
    reloads += text.split('Reloading config.').length - 1
  }
  let proc = await startMosquitto(o.dir, port, await config(), onStderr)
  const stop = async (): Promise<void> => { await proc.stop() }
  return {
    port,
    url: `mqtts://127.0.0.1:${port}`,
    dir: o.dir,
    child: () => proc.child,
    log: () => log.slice(-8000),
    logMark: () => logged,
    logSince: (mark) => log.slice(Math.max(0, log.length - (logged - mark))),
    stop,
    restart: async () => {
      await stop()
      proc = await startMosquitto(o.dir, port, await config(), onStderr)
    },
    reload: async () => {
      const before = reloads
      proc.child.kill('SIGHUP')
      const end = Date.now() + RELOAD_MS
      // Mosquitto is single-threaded: once it logged the reload, every later connection meets the new ACL.
      while (reloads === before) {
        if (Date.now() > end) throw new Error(`mosquitto did not reload within ${RELOAD_MS} ms: ${log}`)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    }
  }
}

/** A Mosquitto running the files `aedes-ota acl mosquitto` writes. */
export interface OtaMosquitto extends MosquittoBroker {
  /** what was written (paths of aedes-ota.conf and aedes-ota.acl, the registry) */
  files: () => MosquittoFiles
  /** writes the files again from the same options (after `addDevices`), then {@link MosquittoBroker.reload}s */
  regenerate: () => Promise<void>
}

/**
 * Writes the OTA fragment and ACL into `<dir>/acl` with `writeMosquittoFiles` (the code of
 * `aedes-ota acl mosquitto`) for a free port on 127.0.0.1, and starts Mosquitto on them. The
 * configuration takes the fragment as a Debian system does, by `include_dir` of its folder, so a
 * reload or restart reads the files as they are then.
 * @param files - the command's options except `out`, `port` and `host` (e.g. `{ pki }`)
 */
export async function startOtaMosquitto (dir: string, files: Omit<MosquittoFilesOptions, 'out' | 'port' | 'host'>): Promise<OtaMosquitto> {
  const out = join(dir, 'acl')
  let written: MosquittoFiles | undefined
  let opts: MosquittoFilesOptions | undefined
  const broker = await startMosquittoBroker({
    dir,
    fragment: async (port) => {
      if (opts === undefined) {
        opts = { ...files, out, port, host: '127.0.0.1' }
        written = await writeMosquittoFiles(opts)
      }
      return `include_dir ${out}\n`
    }
  })
  return {
    ...broker,
    files: () => written!,
    regenerate: async () => {
      written = await writeMosquittoFiles(opts!)
      await broker.reload()
    }
  }
}
