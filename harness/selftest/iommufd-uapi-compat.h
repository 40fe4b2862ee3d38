/* SPDX-License-Identifier: GPL-2.0 */
/*
 * make iommufd-selftest: forced in front of the iommufd selftest when the tree's own
 * uapi lacks what its selftest uses. Debian's linux-source-6.12 6.12.117
 * ships a tools/testing/selftests/iommu that asks IOMMU_GET_HW_INFO for a
 * given data type (in_data_type, IOMMU_HW_INFO_FLAG_INPUT_TYPE,
 * IOMMU_HW_INFO_TYPE_DEFAULT), which that kernel's include/uapi/linux/
 * iommufd.h does not have, and mock devices with PASID support
 * (MOCK_FLAGS_DEVICE_PASID, MOCK_PASID_WIDTH), which that kernel's
 * drivers/iommu/iommufd/iommufd_test.h does not have: the selftest does not
 * compile. The values below are upstream's. The default type is what every
 * older caller asked for (flags 0), and the kernel ignores the field then;
 * the tests that ask for another type or for a PASID-capable mock device
 * fail on such a kernel whatever the IOMMU core does.
 */
#include <linux/iommufd.h>
#define IOMMU_HW_INFO_TYPE_DEFAULT	0
#define IOMMU_HW_INFO_FLAG_INPUT_TYPE	(1 << 0)
#define in_data_type			out_data_type
#define MOCK_FLAGS_DEVICE_PASID		(1 << 2)
#define MOCK_PASID_WIDTH		20
