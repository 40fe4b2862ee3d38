# SPDX-License-Identifier: GPL-2.0
# The x86_64-vtd kernel on a q35 machine with a virtio-iommu instead of
# VT-d, booted with acpi=off: nothing in firmware describes the
# virtio-iommu, so it registers without a fwnode, first, and is offered
# every device without a fwspec during its own registration. Without the
# series' virtio-iommu patch, viommu_probe_device() dereferences the
# missing fwspec and the kernel oopses at boot; with it, the suite's fakes
# run beside a real fwnode-less driver that declines their clients. One
# CPU, so that the oops reaches the console whole; an oops panics and the
# guest stops at once (oops=panic panic=-1, QEMU -no-reboot) instead of
# leaving kunit.py to wait for its timeout.
import dataclasses
import importlib.util
import os

# x86_64-vtd.py, loaded as kunit.py loads a --qemu_config (beside this
# module in kunit's package), so that its own import resolves.
_spec = importlib.util.spec_from_file_location(
	__name__.replace('x86_64-virtio.py', 'x86_64-vtd.py'),
	os.path.join(os.path.dirname(os.path.abspath(__file__)), 'x86_64-vtd.py'))
_vtd = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_vtd)

QEMU_ARCH = dataclasses.replace(
	_vtd.QEMU_ARCH,
	kernel_command_line='console=ttyS0 acpi=off oops=panic panic=-1',
	extra_qemu_params=['-machine', 'q35', '-device', 'virtio-iommu-pci',
			   '-smp', '1'])
