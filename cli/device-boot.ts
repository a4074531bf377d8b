/**
 * The device command's bootloader and slot side: `--boot-control simulated|uboot`, the U-Boot
 * environment flags and `--slot-a` / `--slot-b` (a block device or a pre-sized image file),
 * checked together and turned into {@link prepareDevice} options.
 */
import { stat } from 'node:fs/promises'
import { Option, type Command } from 'commander'
import { OtaError, toOtaError } from '../proto/index.js'
import { DeviceDefaults, FileSlotStorage, type FileSlot, type SlotName } from '../client/index.js'
import type { PrepareDeviceOptions } from './run-device.js'

/** The flags as commander parsed them. */
export interface BootFlags {
  bootControl?: string
  fwEnvConfig?: string
  fwDefaultEnv?: string
  kernelCmdline?: string
  slotA?: string
  slotB?: string
}

/** Adds the bootloader and slot flags to the `device` command. */
export function deviceBootOptions (cmd: Command): Command {
  return cmd
    .addOption(new Option('--boot-control <kind>', 'simulated: the bootloader\'s records in state.json (default); uboot: the U-Boot environment through fw_printenv/fw_setenv (BOOT_ORDER, BOOT_A_LEFT, BOOT_B_LEFT; docs/BOOTLOADER.md)').choices(['simulated', 'uboot']))
    .option('--fw-env-config <file>', `with --boot-control uboot: the environment tools' configuration (default ${DeviceDefaults.fwEnvConfig})`)
    .option('--fw-default-env <file>', 'with --boot-control uboot: default environment the tools use when no stored copy has a good CRC (their -f; default the tools\' own)')
    .option('--kernel-cmdline <file>', 'with --boot-control uboot on a board: take the booted slot from this file\'s aedes_ota.slot=A|B (e.g. /proc/cmdline) instead of emulating the boot script')
    .option('--slot-a <path>', 'slot A: a block device or a pre-sized image file, written in place and never truncated (with --slot-b; default slot-a.bin in --state)')
    .option('--slot-b <path>', 'slot B: as --slot-a')
}

/**
 * One slot given on the command line: a block device (its size from Linux sysfs) or an existing
 * regular file whose size is the slot's capacity.
 * @throws OtaError `OTA_INVALID_ARGUMENT` when it does not exist, is empty or is neither
 */
export async function fixedSlot (path: string, flag: string): Promise<FileSlot> {
  let st
  try {
    st = await stat(path)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new OtaError('OTA_INVALID_ARGUMENT', `${flag} ${path} does not exist: give a block device or a pre-sized image file (e.g. truncate -s 64M ${path})`)
    throw toOtaError(e, 'OTA_IO', `cannot stat ${path}`)
  }
  if (st.isBlockDevice()) return { path }
  if (!st.isFile()) throw new OtaError('OTA_INVALID_ARGUMENT', `${flag} ${path} is neither a block device nor a regular file`)
  if (st.size === 0) throw new OtaError('OTA_INVALID_ARGUMENT', `${flag} ${path} is empty: a slot image file is pre-sized to the partition it stands for`)
  return { path, capacity: st.size }
}

/**
 * Checks the flags together: the U-Boot flags only with `--boot-control uboot`, `--slot-a` and
 * `--slot-b` both or neither, each slot existing.
 * @throws OtaError `OTA_INVALID_ARGUMENT`
 */
export async function bootFromFlags (f: BootFlags): Promise<Pick<PrepareDeviceOptions, 'storage' | 'uboot'>> {
  const kind = f.bootControl ?? 'simulated'
  if (kind !== 'simulated' && kind !== 'uboot') throw new OtaError('OTA_INVALID_ARGUMENT', `--boot-control must be simulated or uboot, got ${JSON.stringify(kind)}`)
  const ubootOnly = ([['--fw-env-config', f.fwEnvConfig], ['--fw-default-env', f.fwDefaultEnv], ['--kernel-cmdline', f.kernelCmdline]] as const).filter(([, v]) => v !== undefined)
  if (kind !== 'uboot' && ubootOnly.length > 0) throw new OtaError('OTA_INVALID_ARGUMENT', `${ubootOnly.map(([n]) => n).join(', ')} need --boot-control uboot`)
  if ((f.slotA === undefined) !== (f.slotB === undefined)) throw new OtaError('OTA_INVALID_ARGUMENT', 'give both --slot-a and --slot-b, or neither')
  const out: Pick<PrepareDeviceOptions, 'storage' | 'uboot'> = {}
  if (f.slotA !== undefined && f.slotB !== undefined) {
    const slots: Record<SlotName, FileSlot> = { a: await fixedSlot(f.slotA, '--slot-a'), b: await fixedSlot(f.slotB, '--slot-b') }
    out.storage = new FileSlotStorage(slots)
  }
  if (kind === 'uboot') {
    out.uboot = {
      ...(f.fwEnvConfig !== undefined ? { fwEnvConfig: f.fwEnvConfig } : {}),
      ...(f.fwDefaultEnv !== undefined ? { defaultEnv: f.fwDefaultEnv } : {}),
      ...(f.kernelCmdline !== undefined ? { cmdline: f.kernelCmdline } : {})
    }
  }
  return out
}
