/**
 * Whether the npm registry answers, for the tests that fetch real firmware with `npm pack` (the
 * demo and cli/firmware.ts). Probed once per test file with `npm ping` (so npm's own registry,
 * proxy and certificate settings apply) bounded to a few seconds. Without the registry those
 * tests skip with the reason instead of waiting minutes for npm's retries; in CI (`CI` set) they
 * never skip: there an unreachable registry is a failure to see.
 */
import { execFile } from 'node:child_process'

/** Wall-clock bound of the probe, ms. */
export const REGISTRY_PROBE_MS = 5000

let probe: Promise<string | undefined> | undefined
let told = false

/** Resolves to undefined when `npm ping` succeeds, else to why not (one line). */
async function ping (): Promise<string | undefined> {
  return await new Promise((resolve) => {
    execFile('npm', ['ping', '--fetch-timeout', String(REGISTRY_PROBE_MS - 1000), '--fetch-retries', '0'],
      { timeout: REGISTRY_PROBE_MS, windowsHide: true },
      (err, _stdout, stderr) => {
        if (err === null) { resolve(undefined); return }
        const e = err as NodeJS.ErrnoException & { killed?: boolean }
        const why = e.code === 'ENOENT'
          ? 'npm is not on PATH'
          : e.killed === true ? `no answer within ${REGISTRY_PROBE_MS} ms` : String(stderr).split('\n').find((l) => /npm error/i.test(l)) ?? e.message
        resolve(why.trim().slice(0, 200))
      })
  })
}

/**
 * Why tests that need the npm registry must skip, or undefined when they can run (the registry
 * answered, or `CI` is set).
 */
export async function registrySkipReason (): Promise<string | undefined> {
  probe ??= ping()
  const why = await probe
  if (why === undefined || process.env.CI !== undefined) return undefined
  const reason = `the npm registry is unreachable (${why}); this test fetches pxt-microbit with npm pack`
  if (!told) process.stderr.write(`SKIPPING tests that need the npm registry: ${reason}\n`)
  told = true
  return reason
}
