// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for how the IOMMU core chooses the driver that probes a device.
 *
 * Fake IOMMU drivers, each with its own iommu_ops and owner module, register
 * instances through iommu_device_register(), with or without a fwnode. Client
 * platform devices are then added and removed, so that the core's own paths
 * run: the platform bus notifier probes a device when it is added and
 * releases it when it is removed. The fakes count the calls the core makes
 * for the devices a test created and ignore every other device on the bus.
 */

#include <kunit/device.h>
#include <kunit/fwnode.h>
#include <kunit/platform_device.h>
#include <kunit/test.h>
#include <kunit/visibility.h>
#include <linux/iommu.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>

#define FAKE_DRIVERS	3
#define FAKE_CLIENTS	2

struct fake_client;

/* One fake IOMMU driver: its ops, the module that owns them, its counters. */
struct fake_driver {
	struct iommu_ops ops;
	struct module owner;
	unsigned int index;
};

/* One registered instance of a fake driver. */
struct fake_instance {
	struct iommu_device iommu;
	struct fake_driver *drv;
};

/* A client device created by the test, and what each driver does with it. */
struct fake_client {
	struct platform_device *pdev;
	/* Bit n set: driver n accepts this device in probe_device(). */
	unsigned long accept;
	unsigned int probe_calls[FAKE_DRIVERS];
	unsigned int release_calls[FAKE_DRIVERS];
	unsigned int stray_releases;
	/* The instance that accepted the device, and on whose behalf. */
	struct fake_instance *probed_by;
};

struct fake_world {
	struct kunit *test;
	struct fake_driver drv[FAKE_DRIVERS];
	struct fake_client client[FAKE_CLIENTS];
	unsigned int nr_clients;
	/* Instances, per driver, in registration order. */
	struct fake_instance *inst[FAKE_DRIVERS][4];
	unsigned int nr_inst[FAKE_DRIVERS];
};

/*
 * The ops callbacks get no context beyond the device, and a registered fake
 * is offered every device on the platform bus: this points at the running
 * test's world so that the fakes recognise the devices that test created.
 * KUnit runs the cases of a suite one at a time.
 */
static struct fake_world *world;

static struct fake_client *fake_client_of(struct device *dev)
{
	unsigned int i;

	if (!world)
		return NULL;
	for (i = 0; i < world->nr_clients; i++)
		if (world->client[i].pdev && &world->client[i].pdev->dev == dev)
			return &world->client[i];
	return NULL;
}

static struct iommu_device *fake_probe_device(unsigned int n, struct device *dev)
{
	struct fake_client *c = fake_client_of(dev);

	if (!c)
		return ERR_PTR(-ENODEV);
	c->probe_calls[n]++;
	if (!(c->accept & BIT(n)) || !world->nr_inst[n])
		return ERR_PTR(-ENODEV);
	/* A driver answers with the instance that serves the device. */
	c->probed_by = world->inst[n][0];
	return &c->probed_by->iommu;
}

/*
 * release_device() is shared by the drivers: count it against the driver that
 * accepted the device, or as stray when none did.
 */
static void fake_release_device(struct device *dev)
{
	struct fake_client *c = fake_client_of(dev);

	if (!c)
		return;
	if (c->probed_by)
		c->release_calls[c->probed_by->drv->index]++;
	else
		c->stray_releases++;
}

/* probe_device() is told nothing but the device: one entry per driver. */
static struct iommu_device *fake_probe_device_0(struct device *dev)
{
	return fake_probe_device(0, dev);
}

static struct iommu_device *fake_probe_device_1(struct device *dev)
{
	return fake_probe_device(1, dev);
}

static struct iommu_device *fake_probe_device_2(struct device *dev)
{
	return fake_probe_device(2, dev);
}

static struct iommu_device *(*const fake_probe_fns[FAKE_DRIVERS])(struct device *) = {
	fake_probe_device_0, fake_probe_device_1, fake_probe_device_2,
};

static int fake_identity_attach(struct iommu_domain *domain, struct device *dev,
				struct iommu_domain *old)
{
	return 0;
}

static const struct iommu_domain_ops fake_identity_ops = {
	.attach_dev = fake_identity_attach,
};

/*
 * Without IOMMU_DMA (as on UML) the core asks for an identity default
 * domain; a static one whose attach does nothing is all it needs.
 */
static struct iommu_domain fake_identity_domain = {
	.type = IOMMU_DOMAIN_IDENTITY,
	.ops = &fake_identity_ops,
};

static void fake_driver_init(struct fake_driver *drv, unsigned int n)
{
	drv->index = n;
	drv->ops.probe_device = fake_probe_fns[n];
	drv->ops.release_device = fake_release_device;
	drv->ops.device_group = generic_device_group;
	drv->ops.identity_domain = &fake_identity_domain;
	drv->ops.owner = &drv->owner;
	snprintf(drv->owner.name, sizeof(drv->owner.name), "fake_iommu%u", n);
	drv->owner.state = MODULE_STATE_LIVE;
#ifdef CONFIG_MODULE_UNLOAD
	/* What the module loader sets: module_refcount() reads 0. */
	atomic_set(&drv->owner.refcnt, 1);
#endif
}

static void fake_instance_remove(void *data)
{
	struct fake_instance *inst = data;

	iommu_device_unregister(&inst->iommu);
	iommu_device_sysfs_remove(&inst->iommu);
}

/*
 * Register an instance of driver @n the way a real driver does: sysfs first,
 * then iommu_device_register() with its hardware device. With @fwnode, that
 * device carries a software node, which becomes the instance's fwnode.
 */
static struct fake_instance *fake_instance_add(struct kunit *test, unsigned int n,
					       bool fwnode)
{
	static atomic_t seq = ATOMIC_INIT(0);
	struct fake_instance *inst;
	struct device *hwdev = NULL;
	char buf[32];
	const char *name;

	KUNIT_ASSERT_LT(test, world->nr_inst[n], ARRAY_SIZE(world->inst[n]));
	inst = kunit_kzalloc(test, sizeof(*inst), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, inst);
	inst->drv = &world->drv[n];
	snprintf(buf, sizeof(buf), "fake-iommu-%d", atomic_inc_return(&seq));
	name = kunit_kstrdup(test, buf, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, name);

	if (fwnode) {
		struct software_node *node;

		node = kunit_kzalloc(test, sizeof(*node), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, node);
		node->name = name;
		hwdev = kunit_device_register(test, name);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, hwdev);
		KUNIT_ASSERT_EQ(test, kunit_device_add_software_node(test, hwdev, node), 0);
	}

	KUNIT_ASSERT_EQ(test, iommu_device_sysfs_add(&inst->iommu, hwdev, NULL,
						     "%s", name), 0);
	if (iommu_device_register(&inst->iommu, &inst->drv->ops, hwdev)) {
		iommu_device_sysfs_remove(&inst->iommu);
		KUNIT_FAIL_AND_ABORT(test, "iommu_device_register() failed");
	}
	world->inst[n][world->nr_inst[n]++] = inst;
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, fake_instance_remove, inst), 0);
	return inst;
}

/*
 * Add a client platform device that the drivers in @accept accept. With
 * @fwnode, it first gets a fwspec naming that IOMMU, as firmware code
 * (of_iommu_configure(), IORT) does: under iommu_probe_device_lock.
 */
static struct fake_client *fake_client_add(struct kunit *test, unsigned long accept,
					   struct fwnode_handle *fwnode)
{
	struct fake_client *c;
	struct platform_device *pdev;

	KUNIT_ASSERT_LT(test, world->nr_clients, FAKE_CLIENTS);
	pdev = kunit_platform_device_alloc(test, "iommu-probe-kunit-client",
					   PLATFORM_DEVID_AUTO);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pdev);

	if (fwnode) {
		int ret;

		mutex_lock(&iommu_probe_device_lock);
		ret = iommu_fwspec_init(&pdev->dev, fwnode);
		mutex_unlock(&iommu_probe_device_lock);
		KUNIT_ASSERT_EQ(test, ret, 0);
	}

	c = &world->client[world->nr_clients++];
	c->accept = accept;
	c->pdev = pdev;
	KUNIT_ASSERT_EQ(test, kunit_platform_device_add(test, pdev), 0);
	return c;
}

static const struct iommu_ops *fake_client_ops(struct fake_client *c)
{
	struct dev_iommu *param = c->pdev->dev.iommu;

	return param && param->iommu_dev ? param->iommu_dev->ops : NULL;
}

static void fake_world_leave(void *data)
{
	world = NULL;
}

static int iommu_probe_test_init(struct kunit *test)
{
	struct fake_world *w;
	unsigned int n;

	w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	w->test = test;
	for (n = 0; n < FAKE_DRIVERS; n++)
		fake_driver_init(&w->drv[n], n);
	/* First action registered, so it runs last, after every removal. */
	world = w;
	return kunit_add_action_or_reset(test, fake_world_leave, NULL);
}

/*
 * Catches: a device whose fwspec names an IOMMU not being probed by that
 * IOMMU's driver, being probed more than once, or left without a group.
 */
static void iommu_probe_test_fwspec_device_probed_once_by_its_driver(struct kunit *test)
{
	struct fake_instance *inst = fake_instance_add(test, 0, true);
	struct fake_client *c = fake_client_add(test, BIT(0), inst->iommu.fwnode);

	KUNIT_EXPECT_EQ(test, c->probe_calls[0], 1);
	KUNIT_EXPECT_PTR_EQ(test, fake_client_ops(c), &world->drv[0].ops);
	KUNIT_EXPECT_NOT_NULL(test, c->pdev->dev.iommu_group);
}

static struct kunit_case iommu_probe_test_cases[] = {
	KUNIT_CASE(iommu_probe_test_fwspec_device_probed_once_by_its_driver),
	{}
};

static struct kunit_suite iommu_probe_test_suite = {
	.name = "iommu_probe",
	.init = iommu_probe_test_init,
	.test_cases = iommu_probe_test_cases,
};

kunit_test_suite(iommu_probe_test_suite);

MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING");
MODULE_DESCRIPTION("KUnit tests for IOMMU driver probing");
MODULE_LICENSE("GPL");
