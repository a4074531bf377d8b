/**
 * `npm run bench:transfer` at a tiny size (1 MiB, one round) with `--broker both`: one device
 * downloads through the plugin and one through Mosquitto with `aedes-ota service` beside it, in
 * the same run as the Node HTTPS and curl baselines, and one JSON object says so. Mosquitto and
 * curl are required under CI; elsewhere the test skips without them. No figure is judged: a
 * speed on a shared machine says nothing.
 */
import { describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { access } from 'node:fs/promises'
import { join } from 'node:path'
import { mosquittoMissing } from './helpers/mosquitto.js'

const BENCH = join(import.meta.dirname, '..', 'dist', 'bench', 'transfer.js')

describe('npm run bench:transfer', () => {
  it('--size-mib 1 --rounds 1 --broker both --json: the plugin and Mosquitto + service measured in one run, with the ratio between them', async (ctx) => {
    const curl = await access('/usr/bin/curl').then(() => null, () => '/usr/bin/curl not found (apt-get install curl)')
    const missing = mosquittoMissing() ?? curl
    if (missing !== null) {
      if (process.env.CI !== undefined && process.env.CI !== '') throw new Error(`${missing}: .ci/run installs it`)
      ctx.skip(missing)
    }
    const r = await new Promise<{ code: number, stdout: string, stderr: string }>((resolve) => {
      execFile(process.execPath, [BENCH, '--size-mib', '1', '--rounds', '1', '--broker', 'both', '--json'], { timeout: 120_000 },
        (err, stdout, stderr) => resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stdout, stderr }))
    })
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines).toHaveLength(1)
    const j = JSON.parse(lines[0]!) as Record<string, unknown>
    expect(j).toMatchObject({ image_bytes: 1048576, chunk_size: 4096, rounds: 1, broker: 'both' })
    for (const k of ['mqtt_MBps', 'service_MBps', 'https_MBps', 'curl_MBps', 'ratio', 'service_ratio', 'ratio_service_plugin']) {
      expect(typeof j[k], k).toBe('number')
      expect(j[k] as number, k).toBeGreaterThan(0)
    }
    expect(j.service_runs_MBps).toHaveLength(1)
    expect(j.mqtt_runs_MBps).toHaveLength(1)
    // Each side sent every chunk of the image at least once: the plugin by its counters, the service by its audit log's.
    expect(j.broker_frames_sent as number).toBeGreaterThanOrEqual(256)
    expect(j.service_frames_sent as number).toBeGreaterThanOrEqual(256)
  }, 150_000)
})
