# SPDX-License-Identifier: GPL-2.0
# kunit.py --qemu_config for the x86_64-vtd run: a q35 machine with an
# emulated Intel IOMMU, so that the real VT-d driver registers (without a
# fwnode) before the suite's fakes, and two CPUs. The module run boots the
# same kernel with an initramfs (harness/boot.py), and x86_64-virtio.py the
# same kernel on another machine: hence virtio-iommu here too.
from ..qemu_config import QemuArchParams

QEMU_ARCH = QemuArchParams(linux_arch='x86_64',
			   kconfig='''
CONFIG_SERIAL_8250=y
CONFIG_SERIAL_8250_CONSOLE=y
CONFIG_SMP=y
CONFIG_PCI=y
CONFIG_PCI_MSI=y
CONFIG_ACPI=y
CONFIG_INTEL_IOMMU=y
CONFIG_INTEL_IOMMU_DEFAULT_ON=y
CONFIG_VIRTIO_MENU=y
CONFIG_VIRTIO_PCI=y
CONFIG_VIRTIO_IOMMU=y
CONFIG_BLK_DEV_INITRD=y''',
			   qemu_arch='x86_64',
			   kernel_path='arch/x86/boot/bzImage',
			   kernel_command_line='console=ttyS0 intel_iommu=on',
			   extra_qemu_params=['-machine', 'q35',
					      '-device', 'intel-iommu,intremap=off',
					      '-smp', '2'])
