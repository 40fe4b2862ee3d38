// SPDX-License-Identifier: GPL-2.0
/*
 * make bench: what choosing the IOMMU driver for a device costs with many
 * fwnode-less instances registered. Not a test and not part of the series:
 * harness/bench.sh adds this file to a scratch build, runs it with kunit.py
 * on the series and on the unmodified base, and prints the table.
 *
 * For N instances registered without a fwnode, either all of one driver or
 * of N distinct drivers (each its own probe_device()), and the accepting
 * driver registered first or last, it times adding and removing a client
 * platform device, which probes it through the bus notifier and releases it,
 * and prints the median of its rounds and how many probe_device() calls,
 * of all drivers, one probe made (a count, which does not depend on how
 * fast the machine happens to be), one line per arrangement:
 *   iommu-probe-bench: layout=<one|distinct> n=<N> accept=<first|last> ns=<per probe and release> calls=<per probe>
 * Each arrangement checks that the client ended up with the accepting
 * driver and was asked of it once: a wrong result fails the case instead of
 * being timed. Arrangements the base cannot do (accept=last) fail there;
 * bench.sh reads the base's lines only for accept=first.
 */

#include <kunit/platform_device.h>
#include <kunit/test.h>
#include <linux/iommu.h>
#include <linux/ktime.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/sort.h>

#define BENCH_MAX	64
#define BENCH_ROUNDS	200
#define BENCH_CLIENT	"iommu-probe-bench-client"

struct bench {
	struct iommu_ops ops[BENCH_MAX];
	struct iommu_device iommu[BENCH_MAX];
	unsigned int nr;
	/* The driver that accepts the client, and how often it was asked. */
	unsigned int accept;
	atomic_t asked;
	/* probe_device() calls of every driver for the client. */
	atomic_t calls;
	u64 ns[BENCH_ROUNDS];
};

static struct bench *bench;

static struct iommu_device *bench_probe(unsigned int drv, struct device *dev)
{
	struct bench *b = READ_ONCE(bench);

	if (!b || dev->bus != &platform_bus_type ||
	    strcmp(to_platform_device(dev)->name, BENCH_CLIENT))
		return ERR_PTR(-ENODEV);
	atomic_inc(&b->calls);
	if (drv != b->accept)
		return ERR_PTR(-ENODEV);
	atomic_inc(&b->asked);
	return &b->iommu[b->accept];
}

/* bench_probe_NN is driver 0NN, in octal: its index in bench_probe_fns[]. */
#define BENCH_PROBE(n)								\
static struct iommu_device *bench_probe_##n(struct device *dev)			\
{										\
	return bench_probe(0##n, dev);						\
}
#define BENCH_PROBE8(n)								\
	BENCH_PROBE(n##0) BENCH_PROBE(n##1) BENCH_PROBE(n##2) BENCH_PROBE(n##3)	\
	BENCH_PROBE(n##4) BENCH_PROBE(n##5) BENCH_PROBE(n##6) BENCH_PROBE(n##7)

BENCH_PROBE8(0) BENCH_PROBE8(1) BENCH_PROBE8(2) BENCH_PROBE8(3)
BENCH_PROBE8(4) BENCH_PROBE8(5) BENCH_PROBE8(6) BENCH_PROBE8(7)

#define BENCH_FN8(n)								\
	bench_probe_##n##0, bench_probe_##n##1, bench_probe_##n##2,		\
	bench_probe_##n##3, bench_probe_##n##4, bench_probe_##n##5,		\
	bench_probe_##n##6, bench_probe_##n##7

/* bench_probe_00 to bench_probe_77: 64 distinct drivers. */
static struct iommu_device *(*const bench_probe_fns[BENCH_MAX])(struct device *) = {
	BENCH_FN8(0), BENCH_FN8(1), BENCH_FN8(2), BENCH_FN8(3),
	BENCH_FN8(4), BENCH_FN8(5), BENCH_FN8(6), BENCH_FN8(7),
};

static int bench_attach(struct iommu_domain *domain, struct device *dev,
			struct iommu_domain *old)
{
	return 0;
}

static const struct iommu_domain_ops bench_identity_ops = {
	.attach_dev = bench_attach,
};

static struct iommu_domain bench_identity_domain = {
	.type = IOMMU_DOMAIN_IDENTITY,
	.ops = &bench_identity_ops,
};

static int bench_def_domain_type(struct device *dev)
{
	return IOMMU_DOMAIN_IDENTITY;
}

struct bench_case {
	const char *desc;
	bool distinct;
	unsigned int n;
	bool last;
};

static const struct bench_case bench_cases[] = {
	{ "one driver, n=1, first", false, 1, false },
	{ "one driver, n=4, first", false, 4, false },
	{ "one driver, n=16, first", false, 16, false },
	{ "one driver, n=64, first", false, 64, false },
	{ "distinct drivers, n=1, first", true, 1, false },
	{ "distinct drivers, n=4, first", true, 4, false },
	{ "distinct drivers, n=16, first", true, 16, false },
	{ "distinct drivers, n=64, first", true, 64, false },
	{ "distinct drivers, n=4, last", true, 4, true },
	{ "distinct drivers, n=16, last", true, 16, true },
	{ "distinct drivers, n=64, last", true, 64, true },
};

KUNIT_ARRAY_PARAM_DESC(bench, bench_cases, desc);

static void bench_unregister(void *data)
{
	struct bench *b = data;

	while (b->nr--) {
		iommu_device_unregister(&b->iommu[b->nr]);
		iommu_device_sysfs_remove(&b->iommu[b->nr]);
	}
	WRITE_ONCE(bench, NULL);
}

static int bench_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static void iommu_probe_bench(struct kunit *test)
{
	const struct bench_case *bc = test->param_value;
	struct platform_device *pdev;
	struct bench *b;
	u64 start;
	unsigned int i;

	b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b);
	b->accept = bc->last ? bc->n - 1 : 0;
	WRITE_ONCE(bench, b);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, bench_unregister, b), 0);

	for (i = 0; i < bc->n; i++) {
		unsigned int drv = bc->distinct ? i : 0;

		b->ops[i].probe_device = bench_probe_fns[drv];
		b->ops[i].device_group = generic_device_group;
		b->ops[i].def_domain_type = bench_def_domain_type;
		b->ops[i].identity_domain = &bench_identity_domain;
		b->ops[i].owner = THIS_MODULE;
		KUNIT_ASSERT_EQ(test, iommu_device_sysfs_add(&b->iommu[i], NULL, NULL,
							     "bench-iommu-%u", i), 0);
		KUNIT_ASSERT_EQ(test, iommu_device_register(&b->iommu[i], &b->ops[i], NULL), 0);
		b->nr++;
	}
	/* One driver: the instance it returns is its first. */
	if (!bc->distinct)
		b->accept = 0;

	for (i = 0; i < BENCH_ROUNDS; i++) {
		start = ktime_get_ns();
		pdev = platform_device_alloc(BENCH_CLIENT, PLATFORM_DEVID_NONE);
		KUNIT_ASSERT_NOT_NULL(test, pdev);
		if (platform_device_add(pdev)) {
			platform_device_put(pdev);
			KUNIT_FAIL(test, "adding the client failed");
			return;
		}
		if (!pdev->dev.iommu || pdev->dev.iommu->iommu_dev != &b->iommu[b->accept]) {
			platform_device_unregister(pdev);
			KUNIT_FAIL(test, "the client did not get the accepting driver");
			return;
		}
		platform_device_unregister(pdev);
		b->ns[i] = ktime_get_ns() - start;
	}
	sort(b->ns, BENCH_ROUNDS, sizeof(b->ns[0]), bench_cmp, NULL);
	KUNIT_EXPECT_EQ(test, atomic_read(&b->asked), BENCH_ROUNDS);
	/* Each driver once, up to the accepting one: what is timed is that walk. */
	KUNIT_EXPECT_EQ(test, atomic_read(&b->calls),
			BENCH_ROUNDS * (bc->distinct ? b->accept + 1 : 1));
	kunit_info(test, "iommu-probe-bench: layout=%s n=%u accept=%s ns=%llu calls=%u\n",
		   bc->distinct ? "distinct" : "one", bc->n, bc->last ? "last" : "first",
		   b->ns[BENCH_ROUNDS / 2], atomic_read(&b->calls) / BENCH_ROUNDS);
}

static struct kunit_case iommu_probe_bench_cases[] = {
	KUNIT_CASE_PARAM(iommu_probe_bench, bench_gen_params),
	{}
};

static struct kunit_suite iommu_probe_bench_suite = {
	.name = "iommu_probe_bench",
	.test_cases = iommu_probe_bench_cases,
};

kunit_test_suite(iommu_probe_bench_suite);

MODULE_DESCRIPTION("What choosing the IOMMU driver for a device costs");
MODULE_LICENSE("GPL");
