/**
 * `aedes-ota device --boot-control uboot` as a real process: fixed-size slot image files
 * (`--slot-a`/`--slot-b`, pre-sized like partitions), the real fw_printenv / fw_setenv on a
 * redundant environment file, an update through the real broker over TLS on 127.0.0.1. The slot
 * files keep their size and the bytes past the image; the environment ends with the new slot
 * first, its count restored. Without the tools the tests fail under CI and skip elsewhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { bytesEqual, sha256 } from '../proto/index.js'
import type { Release } from '../sign/index.js'
import { deviceOutcome, runCli, spawnDevice } from './helpers/cli.js'
import { makeEnv, type TestEnv } from './helpers/env.js'
import { fwToolsMissing, makeFwEnv, type TestFwEnv } from './helpers/uboot.js'

const SLOT_BYTES = 3 * 1024 * 1024
const FILL = 0xa5

const missing = fwToolsMissing()
if (missing !== null && process.env.CI !== undefined) {
  describe('aedes-ota device --boot-control uboot', () => {
    it('needs fw_printenv and fw_setenv under CI', () => { throw new Error(missing) })
  })
} else {
  if (missing !== null) console.warn(`U-Boot device command tests skipped: ${missing}`)
  describe.skipIf(missing !== null)('aedes-ota device --boot-control uboot', () => {
    let env: TestEnv
    let fw: TestFwEnv
    let dir: string
    const slot = (s: 'a' | 'b'): string => join(dir, `part-${s}.img`)

    beforeAll(async () => {
      env = await makeEnv({ model: 'gw', devices: 1 })
      dir = join(env.dir, 'board')
      await mkdir(dir)
      fw = await makeFwEnv(dir)
      // Pre-sized like partitions, filled with a pattern so that any byte written past an image shows.
      for (const s of ['a', 'b'] as const) await writeFile(slot(s), Buffer.alloc(SLOT_BYTES, FILL))
    })
    afterAll(async () => { await env?.close() })

    const run = async (factory: string, extra: string[] = []): Promise<Awaited<ReturnType<typeof deviceOutcome>>> =>
      await deviceOutcome(spawnDevice({
        pki: env.pki.dir, keys: env.keysDir, broker: env.broker.url, id: 'dev-0001', stateDir: join(dir, 'state'), factory,
        extra: ['--boot-control', 'uboot', '--fw-env-config', fw.config, '--fw-default-env', fw.defaultEnv, '--slot-a', slot('a'), '--slot-b', slot('b'), ...extra]
      }))
    const holds = async (s: 'a' | 'b', image: Uint8Array): Promise<void> => {
      const bytes = await readFile(slot(s))
      expect(bytes.length).toBe(SLOT_BYTES)
      expect(bytesEqual(sha256(bytes.subarray(0, image.length)), sha256(image))).toBe(true)
      expect(bytes.subarray(image.length).every((b) => b === FILL)).toBe(true)
    }
    const publish = async (r: Release): Promise<void> => { await env.broker.plugin.publishRelease(r.bundle, 'test', { force: true }) }

    it('provisions slot A, updates into slot B, confirms, and leaves B first in BOOT_ORDER with its count restored', async () => {
      const factoryImage = new Uint8Array(randomBytes(512 * 1024 + 7))
      const image = new Uint8Array(randomBytes(1024 * 1024 + 123))
      const factoryPath = join(dir, 'factory.bundle')
      await writeFile(factoryPath, env.release(factoryImage, '1.0.0', 1, 1).bundle)
      await publish(env.release(image, '2.0.0', 1, 2))

      const { code, outcome } = await run(factoryPath)
      expect(outcome).toMatchObject({ result: 'confirmed', to: '2.0.0' })
      expect(code).toBe(0)
      const vars = fw.print()
      expect({ order: vars.BOOT_ORDER, a: vars.BOOT_A_LEFT, b: vars.BOOT_B_LEFT }).toEqual({ order: 'B A', a: '3', b: '3' })
      // The default environment's variables are kept beside the boot decision.
      expect(vars.bootdelay).toBe('0')
      await holds('a', factoryImage)
      await holds('b', image)
      const records = JSON.parse(await readFile(join(dir, 'state', 'uboot-slots.json'), 'utf8')) as { active: string, pending: unknown }
      expect(records).toMatchObject({ active: 'b', pending: null })

      // An image larger than the slot: OTA_NO_SPACE before a byte is written, nothing changed.
      await publish(env.release(new Uint8Array(randomBytes(SLOT_BYTES + 1)), '3.0.0', 1, 3))
      const big = await run(factoryPath)
      expect(big.code).toBe(1)
      expect(big.outcome).toMatchObject({ result: 'failed', code: 'OTA_NO_SPACE' })
      expect((await stat(slot('a'))).size).toBe(SLOT_BYTES)
      await holds('a', factoryImage)
      expect(fw.print().BOOT_ORDER).toBe('B A')
    }, 180_000)

    it('checks the boot and slot flags at the edge', async () => {
      const base = ['device', '--pki', env.pki.dir, '--id', 'dev-0001', '--trust', env.keysDir, '--state', join(dir, 'other'), '--once']
      const cases: Array<[string[], RegExp]> = [
        [['--fw-env-config', fw.config], /--fw-env-config need --boot-control uboot/],
        [['--boot-control', 'uboot', '--slot-a', slot('a')], /give both --slot-a and --slot-b/],
        [['--slot-a', slot('a'), '--slot-b', join(dir, 'nope.img')], /--slot-b .*nope\.img does not exist/],
        [['--boot-control', 'grub'], /--boot-control.*(simulated|choices)/]
      ]
      for (const [extra, message] of cases) {
        const r = await runCli(...base, ...extra)
        expect(r.code, r.stderr).toBe(2)
        expect(r.stderr).toMatch(message)
      }
    })
  })
}
