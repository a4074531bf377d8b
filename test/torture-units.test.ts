/**
 * The parts of the torture harness that must not be vacuous: the checks catch a state folder
 * that breaks an invariant, the kill points are drawn as documented, and a crash-point trace
 * lists the passes in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { State, sha256, toHex, verifyRoot, type StatusEvent, type TrustedRoot } from '../proto/index.js'
import { KeyFiles, createRelease, initKeys, readKeyFile, type KeyPair } from '../sign/index.js'
import { provisionDevice } from '../client/provision.js'
import { setTrial } from '../client/boot/simulated.js'
import { loadState, saveState } from '../client/state.js'
import { slotPath } from '../client/storage/file.js'
import { CheckFailure, TrialOnce, checkAfterKill, type CheckContext } from '../torture/checks.js'
import { passToArm, phaseOf, pickPoint, planPoints } from '../torture/points.js'
import { prng } from '../torture/prng.js'

let dir: string
let signer: KeyPair
let trust: TrustedRoot

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aedes-ota-torture-units-'))
  await initKeys({ out: join(dir, 'keys'), models: ['m'] })
  signer = await readKeyFile(join(dir, 'keys', KeyFiles.release))
  trust = verifyRoot(new Uint8Array(await readFile(join(dir, 'keys', KeyFiles.trust))))
})
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

describe('torture checks', () => {
  const image = (b: number): Uint8Array => new Uint8Array(8192).fill(b)
  const factory = (): ReturnType<typeof createRelease> => createRelease({ image: image(1), model: 'm', version: '1.0.0', securityVersion: 1, sequence: 1, signers: [signer], expiresAt: 0 })
  const good = (): ReturnType<typeof createRelease> => createRelease({ image: image(2), model: 'm', version: '2.0.0', securityVersion: 2, sequence: 2, signers: [signer], expiresAt: 0 })
  const bad = (): ReturnType<typeof createRelease> => createRelease({ image: image(3), model: 'm', version: '2.0.0-bad', securityVersion: 2, sequence: 2, signers: [signer], expiresAt: 0 })
  const ctx = (): CheckContext => ({
    trust,
    model: 'm',
    images: new Map([[toHex(sha256(image(1))), { version: '1.0.0', bad: false }], [toHex(sha256(image(2))), { version: '2.0.0', bad: false }], [toHex(sha256(image(3))), { version: '2.0.0-bad', bad: true }]]),
    scratchDir: join(dir, 'scratch')
  })
  let n = 0
  const device = async (): Promise<string> => {
    const d = join(dir, `dev-${++n}`)
    await provisionDevice({ stateDir: d, bundle: factory().bundle, trust })
    return d
  }
  const failing = async (d: string, floor = 0): Promise<string> => {
    try {
      await checkAfterKill(d, ctx(), floor)
    } catch (e) {
      if (e instanceof CheckFailure) return e.check
      throw e
    }
    return 'none'
  }
  const trialOf = async (d: string, which: 'good' | 'bad'): Promise<void> => {
    const r = which === 'good' ? good() : bad()
    await writeFile(slotPath(d, 'b'), image(which === 'bad' ? 3 : 2))
    await setTrial(d, { slot: 'b', envelope: r.envelope, manifest: r.manifest, trialBoots: 3, offeredAt: 0, bytes: 0 })
  }

  it('pass a provisioned device and a trial of a verified image', async () => {
    const d = await device()
    expect(await failing(d)).toBe('none')
    await trialOf(d, 'good')
    const v = await checkAfterKill(d, ctx(), 1)
    expect(v.stage).toBe('trial')
    expect(v.booted).toEqual({ version: '2.0.0', trial: true })
    // Read-only: the boot check ran on a copy, the trial count is untouched.
    expect((await loadState(d)).pending?.trialsLeft).toBe(3)
  })

  it('catch a torn state file, a corrupt active slot, a counter that went down, a bad release confirmed, a trial that does not verify', async () => {
    const torn = await device()
    await writeFile(join(torn, 'state.json'), '{"format":1,')
    expect(await failing(torn)).toBe('state-loads')

    const corrupt = await device()
    await writeFile(slotPath(corrupt, 'a'), image(9))
    expect(await failing(corrupt)).toBe('active-verifies')

    expect(await failing(await device(), 2)).toBe('counter-monotonic')

    const confirmedBad = await device()
    await trialOf(confirmedBad, 'bad')
    const s = await loadState(confirmedBad)
    s.slots.b!.confirmed = true
    s.pending = null
    await saveState(confirmedBad, s)
    expect(await failing(confirmedBad)).toBe('bad-not-confirmed')

    const torn2 = await device()
    await trialOf(torn2, 'good')
    await writeFile(slotPath(torn2, 'b'), image(2).subarray(0, 4096))
    expect(await failing(torn2)).toBe('trial-verifies')
  })
})

describe('torture check trial-once', () => {
  const sha = 'ab'.repeat(32)
  const state = (trialsLeft: number | null): Parameters<TrialOnce['see']>[0] => ({
    format: 1,
    active: 'a',
    slots: { a: { envelope: 'AA==', version: '1.0.0', sha256: 'cd'.repeat(32), size: 1, confirmed: true }, b: trialsLeft === null ? null : { envelope: 'AA==', version: '2.0.0-bad', sha256: sha, size: 1, confirmed: false } },
    securityCounter: 1, lastSequence: 2, pending: trialsLeft === null ? null : { slot: 'b', trialsLeft, offeredAt: 0, bytes: 0 }, download: null, deferral: null, refused: null
  })
  const event = (state: number, time: number): StatusEvent => ({ state, time, targetVersion: '2.0.0-bad' }) as unknown as StatusEvent
  const check = (f: () => void): string => { try { f(); return 'none' } catch (e) { return e instanceof CheckFailure ? e.check : 'other' } }

  it('passes a trial whose boots only go down, then ends', () => {
    const t = new TrialOnce(sha, '2.0.0-bad')
    const events = [event(State.TRIAL, 1), event(State.REVERTED, 3)]
    for (const [left, now] of [[3, 1], [2, 2], [0, 3], [null, 4]] as const) expect(check(() => { t.see(state(left), events, now) })).toBe('none')
  })

  it('catches a release fetched again after its trial ended (the device forgot it gave it up)', () => {
    const t = new TrialOnce(sha, '2.0.0-bad')
    t.see(state(0), [], 10)
    t.see(state(null), [], 20)
    // A late event of the process killed before the end was seen is not a refetch.
    expect(check(() => { t.see(state(null), [event(State.TRIAL, 15)], 30) })).toBe('none')
    expect(check(() => { t.see(state(null), [event(State.TRIAL, 15), event(State.OFFERED, 25)], 40) })).toBe('trial-once')
  })

  it('catches a trial set again: its boots going up, or back after it ended', () => {
    const up = new TrialOnce(sha, '2.0.0-bad')
    up.see(state(1), [], 1)
    expect(check(() => { up.see(state(3), [], 2) })).toBe('trial-once')
    const back = new TrialOnce(sha, '2.0.0-bad')
    back.see(state(2), [], 1)
    back.see(state(null), [], 2)
    expect(check(() => { back.see(state(3), [], 3) })).toBe('trial-once')
  })
})

describe('torture kill points', () => {
  it('names phases as the summary counts them', () => {
    expect(['download.stored', 'download.verified', 'boot.verified', 'boot.counted', 'atomic.renamed', 'apply.block', 'confirm.done'].map(phaseOf))
      .toEqual(['download', 'verification', 'verification', 'reboot', 'state-write', 'apply', 'confirm'])
  })

  it('draws every name alike, whatever its count, and reproduces from the seed', () => {
    const survey = { 'download.stored': 1000, 'confirm.done': 1 }
    const draw = (seed: number): string[] => { const r = prng(seed); return Array.from({ length: 400 }, () => pickPoint(survey, r).name) }
    const names = draw(7)
    expect(draw(7)).toEqual(names)
    const confirms = names.filter((x) => x === 'confirm.done').length
    expect(confirms).toBeGreaterThan(150)
    expect(confirms).toBeLessThan(250)
  })

  it('plans points in timeline order and arms them past what killed runs passed', () => {
    const timeline = ['atomic.written', 'apply.block', 'apply.block', 'atomic.written', 'install.begin', 'atomic.written', 'confirm.done']
    const plan = planPoints(timeline, prng(3), 20)
    expect(plan.map((p) => p.pos)).toEqual([...plan.map((p) => p.pos)].sort((a, b) => a - b))
    expect(new Set(plan.map((p) => p.pos)).size).toBe(plan.length)
    for (const p of plan) expect(timeline[p.pos]).toBe(p.name)
    // The third state write, after a kill at the install (index 4): the second pass of the restarted run.
    expect(passToArm({ name: 'atomic.written', occurrence: 3, pos: 5 }, timeline, 4)).toBe(1)
    expect(passToArm({ name: 'apply.block', occurrence: 1, pos: 1 }, timeline, 4)).toBeLessThan(1)
  })

  it('a crash-point trace lists the passes in order (AEDES_OTA_CRASH_TRACE)', async () => {
    const trace = join(dir, 'trace.json')
    const counts = join(dir, 'counts.json')
    const mod = join(import.meta.dirname, '..', 'dist', 'cli', 'crash-points.js')
    const marks = join(import.meta.dirname, '..', 'dist', 'proto', 'crash-points.js')
    const script = `import { armCrashPointsFromEnv } from ${JSON.stringify(mod)}; import { crashPoint } from ${JSON.stringify(marks)}; armCrashPointsFromEnv(process.env); for (const n of ['a.one', 'b.two', 'a.one']) crashPoint(n)`
    await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, AEDES_OTA_CRASH_TRACE: trace, AEDES_OTA_CRASH_COUNTS: counts } })
    expect(JSON.parse(await readFile(trace, 'utf8'))).toEqual(['a.one', 'b.two', 'a.one'])
    expect(JSON.parse(await readFile(counts, 'utf8'))).toEqual({ 'a.one': 2, 'b.two': 1 })
  })
})
