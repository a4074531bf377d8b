/**
 * The torture test's world: a dev PKI with one device certificate per scenario (each scenario its
 * own model, so that the releases of one never reach another), signing keys, and one real TLS
 * broker with the OTA plugin on 127.0.0.1, shared by every device process of the run.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { addDevices, initPki, type PkiLayout } from '../certs/index.js'
import { verifyRoot, type TrustedRoot } from '../proto/index.js'
import { KeyFiles, initKeys, readKeyFile, type KeyPair } from '../sign/index.js'
import { startOtaBroker, type OtaBroker } from '../broker/index.js'

/** One device of the world: its certificate id and model. */
export interface TortureDevice { id: string, model: string }

/** What {@link makeTortureEnv} built; {@link TortureEnv.close} removes it all. */
export interface TortureEnv {
  /** temporary folder holding everything below */
  dir: string
  pki: PkiLayout
  /** folder of the signing keys, and of `root.bin`: the device's `--trust` */
  keysDir: string
  signer: KeyPair
  trust: TrustedRoot
  broker: OtaBroker
  close: () => Promise<void>
}

/**
 * Builds the world for `devices` (at least one). The broker's guards against misbehaving devices
 * are opened wide: a device restarted a hundred times a minute is what a torture run does, not
 * an attack (takeover flapping, status event rate, chunk request rate).
 * @throws what PKI, key or broker creation throws
 */
export async function makeTortureEnv (devices: readonly TortureDevice[]): Promise<TortureEnv> {
  const dir = await mkdtemp(join(tmpdir(), 'aedes-ota-torture-'))
  try {
    const [first, ...rest] = devices
    if (first === undefined) throw new Error('a torture world needs a device')
    let pki = await initPki({ out: join(dir, 'pki'), model: first.model, devices: 0 })
    for (const d of [first, ...rest]) pki = await addDevices(pki.dir, [d.id], d.model)
    const keysDir = join(dir, 'keys')
    await initKeys({ out: keysDir, models: [...new Set(devices.map((d) => d.model))] })
    const signer = await readKeyFile(join(keysDir, KeyFiles.release))
    const rootBytes = new Uint8Array(await readFile(join(keysDir, KeyFiles.trust)))
    const broker = await startOtaBroker({
      pki,
      trust: rootBytes,
      dataDir: join(dir, 'broker'),
      port: 0,
      plugin: {
        flapping: { takeovers: 1000, windowMs: 100, cooldownMs: 100 },
        limits: { statusRate: { perSecond: 10_000, burst: 100_000 }, requestRate: { perSecond: 100_000, burst: 1_000_000 } }
      }
    })
    return {
      dir,
      pki,
      keysDir,
      signer,
      trust: verifyRoot(rootBytes),
      broker,
      close: async () => {
        await broker.close()
        await rm(dir, { recursive: true, force: true })
      }
    }
  } catch (e) {
    await rm(dir, { recursive: true, force: true })
    throw e
  }
}
