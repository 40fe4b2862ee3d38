# SPDX-License-Identifier: GPL-2.0
# The x86_64-vtd machine without its IOMMU: the same kernel configuration,
# q35, two CPUs, no intel-iommu device. make iommufd-selftest boots its kernels here
# too, for what the iommufd selftest does where no other IOMMU driver
# registers.
import dataclasses
import importlib.util
import os

# x86_64-vtd.py, loaded as kunit.py loads a --qemu_config (beside this
# module in kunit's package), so that its own import resolves.
_spec = importlib.util.spec_from_file_location(
	__name__.replace('x86_64.py', 'x86_64-vtd.py'),
	os.path.join(os.path.dirname(os.path.abspath(__file__)), 'x86_64-vtd.py'))
_vtd = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_vtd)

_params = list(_vtd.QEMU_ARCH.extra_qemu_params)
_i = _params.index('-device')
del _params[_i:_i + 2]
QEMU_ARCH = dataclasses.replace(_vtd.QEMU_ARCH, extra_qemu_params=_params)
