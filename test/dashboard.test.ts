/**
 * The dashboard end to end in a real headless Chromium (Debian's /usr/bin/chromium driven by
 * playwright-core), against a real broker over TLS 1.3 on 127.0.0.1 with real devices updating:
 * the fleet table lists the devices, live changes (a device confirming, a device going offline, a
 * real rollout's waves held back by a bad device, audit records) appear without a reload, the SBOM
 * link leads to the SBOM, untrusted text stays text; the browser gets in with the bearer token or
 * an operator client certificate, and not with a device certificate or nothing. And the real
 * `aedes-ota demo --dashboard-port 0 --keep` (its own broker, 3 device processes on micro:bit
 * firmware): a page of its own shows the demo's devices in the fleet table, and a screenshot of
 * the table is the table's box and not blank.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { inflateSync } from 'node:zlib'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { OtaDevice, provisionDevice, type HealthCheckContext } from '../client/index.js'
import { State, SupportStatus, encodeStatusEvent, sha256, toHex } from '../proto/index.js'
import { startDashboard, type Dashboard } from '../broker/index.js'
import { FIXTURES, makeEnv, until, type TestEnv } from './helpers/env.js'
import { CLI } from './helpers/cli.js'
import { registrySkipReason } from './helpers/registry.js'
import { defaultCacheDir } from '../cli/firmware.js'

const CHROMIUM = '/usr/bin/chromium'
// No network beyond loopback here: background services would only retry and fail.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
const TOKEN = randomBytes(32).toString('hex')
const WAIT = 20_000
// The demo needs the registry only to fill its firmware cache; a filled cache runs offline.
const cached = ['7.0.6', '8.1.10'].every((v) => existsSync(join(defaultCacheDir(), `microbit-${v}.bin`)))
const offline = cached ? undefined : await registrySkipReason()

let env: TestEnv
let dash: Dashboard
let browser: Browser
let oldImage: Buffer
let newImage: Buffer
const devices = new Map<string, OtaDevice>()
const contexts: BrowserContext[] = []

beforeAll(async () => {
  env = await makeEnv({ model: 'ath9k', devices: 5 })
  oldImage = await readFile(join(FIXTURES, 'firmware', 'ath9k', 'old.bin'))
  newImage = await readFile(join(FIXTURES, 'firmware', 'ath9k', 'new.bin'))
  dash = await startDashboard(env.broker.plugin, { pki: env.pki, port: 0, token: TOKEN, coalesceMs: 50 })
  // launch() gives Chromium a fresh temporary profile (user-data dir) of its own.
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
})
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {})
  await browser?.close()
  await Promise.all([...devices.values()].map(async (d) => await d.stop().catch(() => {})))
  await dash?.close()
  await env?.close()
})

/** A provisioned device on the factory image, started; resolves once it runs `version`. */
async function runDevice (id: string, version = '1.4.0-110', healthCheck?: (c: HealthCheckContext) => boolean): Promise<OtaDevice> {
  const stateDir = await mkdtemp(join(env.dir, `${id}-`))
  await provisionDevice({ stateDir, bundle: env.release(oldImage, '1.4.0-108', 1, 1).bundle, trust: env.trust })
  const dev = new OtaDevice({ id, model: 'ath9k', stateDir, trust: env.trust, broker: env.broker.url, tls: await env.deviceTls(id), ...(healthCheck !== undefined ? { healthCheck } : {}) })
  devices.set(id, dev)
  const confirmed = new Promise<void>((resolve, reject) => {
    dev.on('confirmed', (e) => { if (e.to === version) resolve() })
    dev.once('failed', reject)
  })
  await dev.start()
  await confirmed
  return dev
}

/** A browser context: the bearer token, a client certificate, or no credentials. */
async function context (auth: { token?: string, certOf?: string }): Promise<BrowserContext> {
  const origin = new URL(dash.url).origin
  const certs = auth.certOf !== undefined ? await env.deviceTls(auth.certOf) : undefined
  // The dashboard's certificate is checked against the dev CA by node:https in
  // dashboard-auth.test.ts; Chromium's own trust store is not the dev CA.
  const c = await browser.newContext({
    ignoreHTTPSErrors: true,
    ...(auth.token !== undefined ? { extraHTTPHeaders: { Authorization: `Bearer ${auth.token}` } } : {}),
    ...(certs !== undefined ? { clientCertificates: [{ origin, cert: certs.cert, key: certs.key }] } : {})
  })
  contexts.push(c)
  return c
}

/** Waits until the text of `selector` contains every one of `parts`. */
async function waitText (page: Page, selector: string, ...parts: string[]): Promise<void> {
  await page.waitForFunction(([sel, want]) => {
    const t = document.querySelector(sel as string)?.textContent ?? ''
    return (want as string[]).every((w) => t.includes(w))
  }, [selector, parts] as const, { timeout: WAIT })
}

const row = (id: string): string => `#fleet tr[data-device="${id}"]`

/** Width and height of a PNG, from its IHDR chunk (PNG spec §11.2.2). */
function pngSize (png: Buffer): { width: number, height: number } {
  expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true)
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR')
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) }
}

/** Distinct byte values in a PNG's decompressed image data: a blank region has a handful, rendered text hundreds. */
function pngByteVariety (png: Buffer): number {
  const idat: Buffer[] = []
  for (let at = 8; at < png.length;) {
    const len = png.readUInt32BE(at)
    if (png.subarray(at + 4, at + 8).toString('latin1') === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + len))
    at += 12 + len
  }
  return new Set(inflateSync(Buffer.concat(idat))).size
}

describe('the dashboard in Chromium', () => {
  let page: Page

  it('lists the devices of the fleet and follows them live, without a reload', async () => {
    await env.broker.plugin.publishRelease(env.release(newImage, '1.4.0-110', 2, 2).bundle, 'test')
    await Promise.all(['dev-0001', 'dev-0002'].map(async (id) => await runDevice(id)))

    page = await (await context({ token: TOKEN })).newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
    const res = await page.goto(dash.url)
    expect(res?.status()).toBe(200)
    await page.waitForSelector('#live[data-state="live"]', { timeout: WAIT })
    for (const id of ['dev-0001', 'dev-0002']) await waitText(page, row(id), id, 'ath9k', 'online', '1.4.0-110', 'CONFIRMED', 'SUCCESS')
    // Everything the page shows from here on arrives over the live feed: the marker survives.
    await page.evaluate(() => { (window as unknown as { marker: number }).marker = 42 })

    // A new device connects, updates and confirms while the page is open.
    await runDevice('dev-0003')
    await waitText(page, row('dev-0003'), 'online', '1.4.0-110', 'CONFIRMED', 'SUCCESS')
    // A device goes offline.
    await devices.get('dev-0001')!.stop()
    await waitText(page, row('dev-0001'), 'offline')
    await waitText(page, '#fleet-count', '3 devices, 2 online')
    // Their audit records arrive too.
    await waitText(page, '#audit', 'client.disconnected', 'clientId=dev-0001')
    await page.waitForFunction(() => [...document.querySelectorAll('#audit tbody tr')].some((tr) => tr.textContent!.includes('device.status') && tr.textContent!.includes('dev-0003') && tr.textContent!.includes('state=CONFIRMED')), undefined, { timeout: WAIT })

    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42)
    expect(await page.locator('#fleet tbody tr').count()).toBe(env.broker.plugin.inventory.list().length)
    expect(errors).toEqual([])
  })

  it('shows a real rollout\'s waves live, held back by a device that fails its health check', async () => {
    // dev-0005 takes 1.4.0-110 but fails its health check on 1.4.0-111.
    await runDevice('dev-0005', '1.4.0-110', ({ version }) => version !== '1.4.0-111')
    // Another image: a device never takes a release of the image it already runs.
    const bundle = env.release(Buffer.concat([newImage, Buffer.from('1.4.0-111')]), '1.4.0-111', 3, 3).bundle
    const spec = { waves: [0.5, 1], success: 1, maxFailures: 0, minDevices: 1, devices: ['dev-0002', 'dev-0005'] }
    const plan = env.broker.plugin.rollouts.plan(bundle, spec)
    const badWave = plan.waves.findIndex((w) => w.devices.some((d) => d.deviceId === 'dev-0005'))
    expect(badWave).toBeGreaterThanOrEqual(0)
    const r = await env.broker.plugin.rollouts.start(bundle, spec, 'test')
    const box = `.rollout[data-rollout="${r.id}"]`
    await waitText(page, box, 'ath9k 1.4.0-111', '2 devices')
    expect(await page.locator(`${box} tr[data-wave]`).count()).toBe(2)
    await waitText(page, `${box} tr[data-wave="0"]`, 'wave 1', '50%')
    await waitText(page, `${box} tr[data-wave="1"]`, 'wave 2', '100%')
    // The bad device fails: the rollout pauses itself, and the page says where and why.
    await waitText(page, box, 'paused', `dev-0005 (wave ${badWave + 1}): OTA_HEALTH_CHECK`)
    await waitText(page, `${box} tr[data-wave="${badWave}"]`, 'paused')
    const status = env.broker.plugin.rollouts.get(r.id)!
    expect(status.phase).toBe('paused')
    expect(await page.locator(`${box} tr[data-wave="${badWave}"] td.failed`).textContent()).toBe('1')
    if (badWave === 1) {
      // The good device's wave went first and completed.
      await waitText(page, `${box} tr[data-wave="0"]`, 'done')
      expect(await page.locator(`${box} tr[data-wave="0"] td.succeeded`).textContent()).toBe('1')
    } else {
      // The wave after the bad device's never started: dev-0002 was never offered the release.
      await waitText(page, `${box} tr[data-wave="1"]`, 'waiting')
      expect(status.devices.find((d) => d.deviceId === 'dev-0002')!.state).toBe('waiting')
    }
    // The JSON endpoint has the same rollout, devices included.
    const api = await page.evaluate(async () => await (await fetch('/api/rollouts')).json() as { rollouts: Array<{ id: string, phase: string, devices: unknown[] }> })
    expect(api.rollouts.find((x) => x.id === r.id)).toMatchObject({ phase: 'paused', devices: expect.any(Array) })
    await writeFile(join(env.dir, 'rollout.png'), await page.screenshot({ fullPage: true }))
    if (process.env.DASHBOARD_SCREENSHOT !== undefined) await writeFile(process.env.DASHBOARD_SCREENSHOT.replace(/\.png$/, '-rollout.png'), await page.screenshot({ fullPage: true }))
  })

  it('links the SBOM a device reports, and the link serves that SBOM', async () => {
    const sbom = Buffer.from(JSON.stringify({ spdxVersion: 'SPDX-2.3', name: 'ath9k firmware 1.4.0-110', packages: [] }))
    const hex = toHex(sha256(sbom))
    await mkdir(join(env.dir, 'broker', 'sboms'), { recursive: true })
    await writeFile(join(env.dir, 'broker', 'sboms', `${hex}.json`), sbom)
    // A device of another implementation reports what it runs, with its SBOM digest and end of life.
    const c = await env.connect('dev-0004')
    const eol = Date.UTC(2027, 5, 30)
    await c.publishAsync(env.broker.plugin.topics.audit('dev-0004'), Buffer.from(encodeStatusEvent({
      deviceId: 'dev-0004', state: State.IDLE, result: 0, currentVersion: '1.4.0-110', targetVersion: '', time: Date.now(), detail: '', errorCode: '',
      artifact: new Uint8Array(0), bytesReceived: 0, bytesTotal: 0, securityVersion: 2, model: 'ath9k', receivedAt: 0, slot: 'b', previousVersion: '',
      hardwareRevision: 'r2', support: SupportStatus.ENDING, endOfLifeAt: eol, sbomSha256: sha256(sbom), deferredUntil: 0
    })), { qos: 1 })
    await waitText(page, row('dev-0004'), 'ath9k rev r2', 'ENDING', '2027-06-30', hex.slice(0, 12))
    const link = page.locator(`${row('dev-0004')} a`)
    expect(await link.getAttribute('href')).toBe(`/sbom/${hex}`)
    const sbomPage = await (page.context()).newPage()
    const r = await sbomPage.goto(new URL(`/sbom/${hex}`, dash.url).href)
    expect(r?.status()).toBe(200)
    expect(await r?.text()).toBe(sbom.toString())
    await sbomPage.close()
    await c.endAsync()
  })

  it('shows untrusted text as text', async () => {
    env.broker.plugin.audit.write('device.status', 'failure', { deviceId: 'dev-0002', detail: '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>' })
    await waitText(page, '#audit', '<img src=x onerror="window.pwned=1">')
    expect(await page.locator('#audit img, #audit script').count()).toBe(0)
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined()
  })
})

describe('getting in from the browser', () => {
  it('opens with an operator client certificate', async () => {
    const p = await (await context({ certOf: 'operator' })).newPage()
    const res = await p.goto(dash.url)
    expect(res?.status()).toBe(200)
    await p.waitForSelector('#live[data-state="live"]', { timeout: WAIT })
    await waitText(p, row('dev-0002'), '1.4.0-110', 'CONFIRMED')
  })

  it('refuses a device certificate, a wrong token and no credentials with 401', async () => {
    for (const auth of [{ certOf: 'dev-0005' }, { token: randomBytes(32).toString('hex') }, {}]) {
      const p = await (await context(auth)).newPage()
      const res = await p.goto(dash.url)
      expect(res?.status()).toBe(401)
      expect(await p.locator('#fleet').count()).toBe(0)
    }
  })
})

describe('the dashboard of a running demo (aedes-ota demo --dashboard-port --keep)', () => {
  let demo: ChildProcess | null = null
  afterAll(async () => {
    if (demo !== null && demo.exitCode === null) {
      const exited = new Promise((resolve) => demo!.once('exit', resolve))
      demo.kill('SIGTERM')
      await exited
    }
  })

  it('takes a screenshot that shows the fleet table with the demo\'s devices', async (ctx) => {
    if (offline !== undefined) ctx.skip(offline)
    const dir = await mkdtemp(join(env.dir, 'demo-'))
    const tokenFile = join(dir, 'dashboard.token')
    const token = randomBytes(32).toString('hex')
    await writeFile(tokenFile, token, { mode: 0o600 })
    // The real CLI: PKI, keys, signed micro:bit releases, the TLS broker, 3 device processes.
    const child = spawn(process.execPath, [CLI, 'demo', '--devices', '3', '--json', '--dir', join(dir, 'work'), '--dashboard-port', '0', '--dashboard-token-file', tokenFile, '--keep'], { stdio: ['ignore', 'pipe', 'pipe'] })
    demo = child
    let url = ''
    let outcome: { devices: Array<{ id: string, to: string, result: string }> } | null = null
    let stderr = ''
    createInterface({ input: child.stderr! }).on('line', (l) => {
      stderr = (stderr + l + '\n').slice(-4000)
      const m = /^dashboard (https:\/\/\S+)$/.exec(l)
      if (m !== null) url = m[1]!
    })
    createInterface({ input: child.stdout! }).on('line', (l) => { if (l.startsWith('{')) outcome = JSON.parse(l) as typeof outcome })
    const end = Date.now() + 200_000
    while (url === '' || outcome === null) {
      if (child.exitCode !== null || Date.now() > end) throw new Error(`the demo did not finish with its dashboard up (exit ${String(child.exitCode)}): ${stderr}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const ran = (outcome as { devices: Array<{ id: string, to: string, result: string }> }).devices
    expect(ran.map((d) => [d.result, d.to])).toEqual([['confirmed', '8.1.10'], ['confirmed', '8.1.10'], ['confirmed', '8.1.10']])

    // A page of its own, with the token the demo was given.
    const c = await browser.newContext({ ignoreHTTPSErrors: true, extraHTTPHeaders: { Authorization: `Bearer ${token}` } })
    contexts.push(c)
    const page = await c.newPage()
    expect((await page.goto(url))?.status()).toBe(200)
    await page.waitForSelector('#live[data-state="live"]', { timeout: WAIT })
    // The rows first: each device of the demo, on the release it confirmed (the device
    // processes ran with --once, so they are offline by now).
    for (const d of ran) await waitText(page, row(d.id), d.id, 'microbit-v2', '8.1.10', 'CONFIRMED', 'SUCCESS')
    expect(await page.locator('#fleet tbody tr').count()).toBe(3)
    await waitText(page, '#fleet-count', '3 devices')

    // Then the table's own screenshot: its box, and not blank.
    const box = await page.locator('#fleet').boundingBox()
    expect(box).not.toBeNull()
    expect(box!.width).toBeGreaterThan(300)
    // Header row and three device rows.
    expect(box!.height).toBeGreaterThan(60)
    const table = await page.locator('#fleet').screenshot()
    const t = pngSize(table)
    expect(Math.abs(t.width - box!.width)).toBeLessThanOrEqual(3)
    expect(Math.abs(t.height - box!.height)).toBeLessThanOrEqual(3)
    expect(pngByteVariety(table)).toBeGreaterThan(50)
    const shot = await page.screenshot({ fullPage: true })
    await writeFile(join(env.dir, 'dashboard.png'), shot)
    if (process.env.DASHBOARD_SCREENSHOT !== undefined) await writeFile(process.env.DASHBOARD_SCREENSHOT, shot)

    // --keep held the broker up until now; SIGINT ends the demo with its outcome.
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    child.kill('SIGINT')
    expect(await exited).toBe(0)
  }, 240_000)
})
