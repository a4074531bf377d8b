# aedes-ota A/B boot script for U-Boot (hush shell), with RAUC's variables.
#
# Build the boot.scr U-Boot runs from this source:
#   mkimage -A arm -T script -C none -n "aedes-ota A/B" -d boot.cmd boot.scr
#
# The boot decision lives in the U-Boot environment (keep it redundant:
# CONFIG_SYS_REDUNDAND_ENVIRONMENT=y, and two lines in Linux's /etc/fw_env.config):
#   BOOT_ORDER   boot names tried in order, e.g. "B A" ("A" slot A, "B" slot B)
#   BOOT_A_LEFT  attempts left for slot A, hexadecimal (what setexpr writes)
#   BOOT_B_LEFT  attempts left for slot B
# aedes-ota (UBootBootControl, docs/BOOTLOADER.md) writes them from Linux with fw_setenv:
# a trial puts the new slot first with its trial boots, a confirm gives it the default count
# (3), a revert drops it from BOOT_ORDER. This script spends one attempt of the slot it boots
# and saves the environment *before* the kernel runs, so a crash or hang in a new image uses
# its attempts up and the next boot falls back to the next slot of BOOT_ORDER.
#
# Do not put BOOT_ORDER in the default environment (CONFIG_EXTRA_ENV_SETTINGS or the tools'
# /etc/u-boot-initial-env): when the stored environment is lost, this script boots slot A once
# without saving, and aedes-ota rebuilds BOOT_ORDER from its records (asking for a reboot when
# A is not the active slot).
#
# Adapt to the board: the partitions of the slots, the load addresses, the kernel and device
# tree paths, the boot command (booti for arm64 Image, bootz for arm zImage, bootm for uImage).

setenv ota_part_A 2
setenv ota_part_B 3
setenv ota_slot

if test -z "${BOOT_ORDER}"; then
  echo "aedes-ota: no BOOT_ORDER in the environment: booting slot A once, nothing saved"
  setenv ota_slot A
else
  # The first slot of BOOT_ORDER with attempts left; its count is spent.
  for BOOT_SLOT in "${BOOT_ORDER}"; do
    if test "x${ota_slot}" != "x"; then
      # a slot is chosen: skip the rest
    elif test "x${BOOT_SLOT}" = "xA"; then
      if test 0x${BOOT_A_LEFT} -gt 0; then
        setexpr BOOT_A_LEFT ${BOOT_A_LEFT} - 1
        echo "aedes-ota: slot A, ${BOOT_A_LEFT} attempts left after this one"
        setenv ota_slot A
      fi
    elif test "x${BOOT_SLOT}" = "xB"; then
      if test 0x${BOOT_B_LEFT} -gt 0; then
        setexpr BOOT_B_LEFT ${BOOT_B_LEFT} - 1
        echo "aedes-ota: slot B, ${BOOT_B_LEFT} attempts left after this one"
        setenv ota_slot B
      fi
    fi
  done

  if test "x${ota_slot}" = "x"; then
    # Every slot aedes-ota listed failed its attempts: give each of them the default count
    # again (3, DeviceDefaults.ubootBootAttempts) and start over. A slot aedes-ota gave up on
    # is not in BOOT_ORDER and is never revived here.
    echo "aedes-ota: no slot of BOOT_ORDER has attempts left: resetting them to 3"
    for BOOT_SLOT in "${BOOT_ORDER}"; do
      if test "x${BOOT_SLOT}" = "xA"; then
        setenv BOOT_A_LEFT 3
      elif test "x${BOOT_SLOT}" = "xB"; then
        setenv BOOT_B_LEFT 3
      fi
    done
    saveenv
    reset
  fi

  # The spent attempt is on flash before the kernel starts.
  saveenv
fi

if test "x${ota_slot}" = "xA"; then
  setenv ota_part ${ota_part_A}
else
  setenv ota_part ${ota_part_B}
fi

# aedes_ota.slot tells Linux which slot runs (UBootBootControl's `cmdline` option,
# `aedes-ota device --kernel-cmdline /proc/cmdline`).
setenv bootargs "${bootargs} root=/dev/mmcblk0p${ota_part} rootwait aedes_ota.slot=${ota_slot}"

load mmc 0:${ota_part} ${kernel_addr_r} /boot/Image
load mmc 0:${ota_part} ${fdt_addr_r} /boot/board.dtb
booti ${kernel_addr_r} - ${fdt_addr_r}

# Only reached when loading or booting failed: the attempt is spent, try again.
echo "aedes-ota: slot ${ota_slot} did not boot"
reset
