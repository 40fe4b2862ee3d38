# SPDX-License-Identifier: GPL-2.0
# kunit.py --qemu_config for the arm64-smmuv3 run: QEMU's virt machine with
# an emulated SMMUv3, so that a real driver registered with a fwnode probes
# the PCI devices (which have a fwspec) before the suite's fakes register,
# and two CPUs.
from ..qemu_config import QemuArchParams

QEMU_ARCH = QemuArchParams(linux_arch='arm64',
			   kconfig='''
CONFIG_SERIAL_AMBA_PL011=y
CONFIG_SERIAL_AMBA_PL011_CONSOLE=y
CONFIG_SMP=y
CONFIG_PCI=y
CONFIG_PCI_HOST_GENERIC=y
CONFIG_ARM_SMMU_V3=y''',
			   qemu_arch='aarch64',
			   kernel_path='arch/arm64/boot/Image.gz',
			   kernel_command_line='console=ttyAMA0',
			   extra_qemu_params=['-machine', 'virt,iommu=smmuv3',
					      '-cpu', 'cortex-a57',
					      '-device', 'virtio-rng-pci',
					      '-smp', '2'])
