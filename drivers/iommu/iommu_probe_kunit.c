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
#include <kunit/platform_device.h>
#include <kunit/test.h>
#include <kunit/visibility.h>
#include <linux/fwnode.h>
#include <linux/iommu.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>

#define FAKE_DRIVERS	3
#define FAKE_INSTANCES	8
#define FAKE_CLIENTS	16

/*
 * A fwnode that counts its references: the core takes one for a device's
 * fwspec and must drop it when it frees the fwspec.
 */
struct fake_fwnode {
	struct fwnode_handle fwnode;
	atomic_t refs;
};

/* One fake IOMMU driver: its ops and the module that owns them. */
struct fake_driver {
	struct iommu_ops ops;
	struct module owner;
	unsigned int index;
};

/* One registered instance of a fake driver. */
struct fake_instance {
	struct iommu_device iommu;
	struct fake_driver *drv;
	struct fake_fwnode *fw;
};

enum fake_group {
	FAKE_GROUP_OK,
	FAKE_GROUP_ERROR,
	FAKE_GROUP_NULL,
};

/* A client device created by the test, and what the drivers do with it. */
struct fake_client {
	struct platform_device *pdev;
	/* Bit n set: driver n accepts the device in probe_device(). */
	unsigned long accept;
	enum fake_group group;
	unsigned int probe_calls[FAKE_DRIVERS];
	unsigned int release_calls[FAKE_DRIVERS];
	unsigned int stray_releases;
	/* The instance whose driver accepted the device last. */
	struct fake_instance *probed_by;
};

struct fake_world {
	struct fake_driver drv[FAKE_DRIVERS];
	/* The instances the test registered, in registration order. */
	struct fake_instance *inst[FAKE_INSTANCES];
	unsigned int nr_inst;
	struct fake_client client[FAKE_CLIENTS];
	unsigned int nr_clients;
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

/*
 * The instance of driver @n that serves @dev: the one its fwspec names, as a
 * driver finds it from the fwspec's fwnode, or else the first one.
 */
static struct fake_instance *fake_instance_for(unsigned int n, struct device *dev)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	unsigned int i;

	for (i = 0; i < world->nr_inst; i++) {
		struct fake_instance *inst = world->inst[i];

		if (inst->drv->index != n)
			continue;
		if (!fwspec || inst->iommu.fwnode == fwspec->iommu_fwnode)
			return inst;
	}
	return NULL;
}

static struct iommu_device *fake_probe_device(unsigned int n, struct device *dev)
{
	struct fake_client *c;

	/* Drivers may sleep here: make calls under a spinlock show. */
	might_sleep();

	c = fake_client_of(dev);
	if (!c)
		return ERR_PTR(-ENODEV);
	c->probe_calls[n]++;
	if (!(c->accept & BIT(n)))
		return ERR_PTR(-ENODEV);
	c->probed_by = fake_instance_for(n, dev);
	if (!c->probed_by)
		return ERR_PTR(-ENODEV);
	return &c->probed_by->iommu;
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

static struct iommu_group *fake_device_group(struct device *dev)
{
	struct fake_client *c = fake_client_of(dev);

	switch (c ? c->group : FAKE_GROUP_OK) {
	case FAKE_GROUP_ERROR:
		return ERR_PTR(-ENOSPC);
	case FAKE_GROUP_NULL:
		return NULL;
	default:
		return generic_device_group(dev);
	}
}

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

static struct fwnode_handle *fake_fwnode_get(struct fwnode_handle *fwnode)
{
	atomic_inc(&container_of(fwnode, struct fake_fwnode, fwnode)->refs);
	return fwnode;
}

static void fake_fwnode_put(struct fwnode_handle *fwnode)
{
	atomic_dec(&container_of(fwnode, struct fake_fwnode, fwnode)->refs);
}

static const struct fwnode_operations fake_fwnode_ops = {
	.get = fake_fwnode_get,
	.put = fake_fwnode_put,
};

static void fake_driver_init(struct fake_driver *drv, unsigned int n)
{
	drv->index = n;
	drv->ops.probe_device = fake_probe_fns[n];
	drv->ops.release_device = fake_release_device;
	drv->ops.device_group = fake_device_group;
	drv->ops.identity_domain = &fake_identity_domain;
	drv->ops.owner = &drv->owner;
	snprintf(drv->owner.name, sizeof(drv->owner.name), "fake_iommu%u", n);
	drv->owner.state = MODULE_STATE_LIVE;
#ifdef CONFIG_MODULE_UNLOAD
	/* What the module loader sets: module_refcount() reads 0. */
	atomic_set(&drv->owner.refcnt, 1);
#endif
}

/*
 * Register @iommu the way a real driver does: sysfs first, then
 * iommu_device_register() with its hardware device, if it has one.
 */
static int fake_iommu_add(struct iommu_device *iommu, const struct iommu_ops *ops,
			  struct device *hwdev)
{
	static atomic_t seq = ATOMIC_INIT(0);
	int ret;

	ret = iommu_device_sysfs_add(iommu, hwdev, NULL, "fake-iommu-%d",
				     atomic_inc_return(&seq));
	if (ret)
		return ret;
	ret = iommu_device_register(iommu, ops, hwdev);
	if (ret)
		iommu_device_sysfs_remove(iommu);
	return ret;
}

static void fake_iommu_del(struct iommu_device *iommu)
{
	iommu_device_unregister(iommu);
	iommu_device_sysfs_remove(iommu);
}

static void fake_instance_remove(void *data)
{
	struct fake_instance *inst = data;

	fake_iommu_del(&inst->iommu);
}

/*
 * Register an instance of driver @n. With @fwnode, its hardware device has a
 * fwnode, which becomes the instance's fwnode.
 */
static struct fake_instance *fake_instance_add(struct kunit *test, unsigned int n,
					       bool fwnode)
{
	struct fake_instance *inst;
	struct device *hwdev = NULL;

	KUNIT_ASSERT_LT(test, world->nr_inst, FAKE_INSTANCES);
	inst = kunit_kzalloc(test, sizeof(*inst), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, inst);
	inst->drv = &world->drv[n];

	if (fwnode) {
		char name[32];

		inst->fw = kunit_kzalloc(test, sizeof(*inst->fw), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, inst->fw);
		fwnode_init(&inst->fw->fwnode, &fake_fwnode_ops);
		snprintf(name, sizeof(name), "fake-iommu-hw%u", world->nr_inst);
		hwdev = kunit_device_register(test, name);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, hwdev);
		device_set_node(hwdev, &inst->fw->fwnode);
	}

	KUNIT_ASSERT_EQ(test, fake_iommu_add(&inst->iommu, &inst->drv->ops, hwdev), 0);
	world->inst[world->nr_inst++] = inst;
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, fake_instance_remove, inst), 0);
	return inst;
}

/*
 * Add a client platform device that the drivers in @accept accept. With
 * @fwnode, it first gets a fwspec naming that IOMMU, as firmware code
 * (of_iommu_configure(), IORT) does: under iommu_probe_device_lock. Adding
 * the device runs the core's probe.
 */
static struct fake_client *fake_client_add(struct kunit *test, unsigned long accept,
					   enum fake_group group,
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
	c->group = group;
	c->pdev = pdev;
	KUNIT_ASSERT_EQ(test, kunit_platform_device_add(test, pdev), 0);
	return c;
}

/* Remove a client now, which runs the core's release. */
static void fake_client_remove(struct kunit *test, struct fake_client *c)
{
	kunit_platform_device_unregister(test, c->pdev);
	c->pdev = NULL;
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
	for (n = 0; n < FAKE_DRIVERS; n++)
		fake_driver_init(&w->drv[n], n);
	/* First action registered, so it runs last, after every removal. */
	world = w;
	return kunit_add_action_or_reset(test, fake_world_leave, NULL);
}

/*
 * An arrangement of registered instances and a client device, and what the
 * core must do with the client.
 */
struct probe_case {
	const char *desc;
	/* Instances in registration order: their driver, and if they have a fwnode. */
	struct {
		u8 drv;
		bool fwnode;
	} inst[5];
	u8 nr_inst;
	/* The instance (index into inst[]) the client's fwspec names, or -1. */
	s8 fwspec;
	/* Drivers that accept the client. */
	unsigned long accept;
	/* The driver whose ops the client must end up with, or -1 for none. */
	s8 chosen;
	/* How often each driver must have been asked to probe the client. */
	u8 calls[FAKE_DRIVERS];
};

#define NOFW(d)	{ .drv = (d), .fwnode = false }
#define FW(d)	{ .drv = (d), .fwnode = true }

/* P1 and P2: which driver's ops a device ends up with. */
static const struct probe_case ops_chosen_cases[] = {
	{ "fwspec device gets its fwnode's driver behind fwnode-less ones",
	  { NOFW(0), NOFW(1), FW(2) }, 3, 2, BIT(0) | BIT(1) | BIT(2), 2, { 0, 0, 1 } },
	{ "fwspec device gets the instance its fwspec names",
	  { FW(0), FW(1) }, 2, 1, BIT(0) | BIT(1), 1, { 0, 1, 0 } },
	{ "fwspec device rejected by its driver falls back to nobody",
	  { NOFW(0), FW(1) }, 2, 1, BIT(0), -1, { 0, 1, 0 } },
	{ "no fwspec, the only driver accepts",
	  { NOFW(0) }, 1, -1, BIT(0), 0, { 1, 0, 0 } },
	{ "no fwspec, first driver rejects, second accepts",
	  { NOFW(0), NOFW(1) }, 2, -1, BIT(1), 1, { 1, 1, 0 } },
	{ "no fwspec, two drivers reject, third accepts",
	  { NOFW(0), NOFW(1), NOFW(2) }, 3, -1, BIT(2), 2, { 1, 1, 1 } },
	{ "no fwspec, the first of two accepting drivers wins",
	  { NOFW(0), NOFW(1), NOFW(2) }, 3, -1, BIT(1) | BIT(2), 1, { 1, 1, 0 } },
	{ "no fwspec, nobody accepts",
	  { NOFW(0), NOFW(1) }, 2, -1, 0, -1, { 1, 1, 0 } },
};

/* P3: each driver is asked at most once per probe. */
static const struct probe_case once_per_driver_cases[] = {
	{ "three instances of a rejecting driver before the accepting one",
	  { NOFW(0), NOFW(0), NOFW(0), NOFW(1) }, 4, -1, BIT(1), 1, { 1, 1, 0 } },
	{ "instances of two rejecting drivers interleaved",
	  { NOFW(0), NOFW(1), NOFW(0), NOFW(1), NOFW(2) }, 5, -1, BIT(2), 2, { 1, 1, 1 } },
	{ "nobody accepts, each driver asked once",
	  { NOFW(0), NOFW(1), NOFW(0), NOFW(1) }, 4, -1, 0, -1, { 1, 1, 0 } },
	{ "a driver's fwnode instance does not hide its fwnode-less one",
	  { FW(0), NOFW(1), NOFW(0) }, 3, -1, BIT(0), 0, { 1, 1, 0 } },
};

/* P4: drivers registered with a fwnode never see a device without fwspec. */
static const struct probe_case fwspec_drivers_skipped_cases[] = {
	{ "fwnode driver first in the list",
	  { FW(0), NOFW(1) }, 2, -1, BIT(0) | BIT(1), 1, { 0, 1, 0 } },
	{ "fwnode driver is the only one",
	  { FW(0) }, 1, -1, BIT(0), -1, { 0, 0, 0 } },
	{ "fwnode drivers around a rejecting fwnode-less one",
	  { FW(0), NOFW(1), FW(2) }, 3, -1, BIT(0) | BIT(2), -1, { 0, 1, 0 } },
};

KUNIT_ARRAY_PARAM_DESC(ops_chosen, ops_chosen_cases, desc);
KUNIT_ARRAY_PARAM_DESC(once_per_driver, once_per_driver_cases, desc);
KUNIT_ARRAY_PARAM_DESC(fwspec_drivers_skipped, fwspec_drivers_skipped_cases, desc);

static void iommu_probe_test_run_case(struct kunit *test)
{
	const struct probe_case *pc = test->param_value;
	struct fake_instance *inst[ARRAY_SIZE(pc->inst)];
	struct fwnode_handle *fwnode = NULL;
	struct fake_client *c;
	unsigned int i;

	for (i = 0; i < pc->nr_inst; i++)
		inst[i] = fake_instance_add(test, pc->inst[i].drv, pc->inst[i].fwnode);
	if (pc->fwspec >= 0)
		fwnode = &inst[pc->fwspec]->fw->fwnode;

	c = fake_client_add(test, pc->accept, FAKE_GROUP_OK, fwnode);

	for (i = 0; i < FAKE_DRIVERS; i++)
		KUNIT_EXPECT_EQ_MSG(test, c->probe_calls[i], pc->calls[i],
				    "probe_device() calls of driver %u", i);

	if (pc->chosen >= 0) {
		KUNIT_EXPECT_PTR_EQ(test, fake_client_ops(c), &world->drv[pc->chosen].ops);
		KUNIT_EXPECT_NOT_NULL(test, c->pdev->dev.iommu_group);
		return;
	}

	/* Nobody took it: no state is left on the device... */
	KUNIT_EXPECT_NULL(test, c->pdev->dev.iommu);
	KUNIT_EXPECT_NULL(test, c->pdev->dev.iommu_group);
	KUNIT_EXPECT_EQ(test, c->stray_releases, 0);
	/* ...and probing it again says there is no IOMMU for it. */
	if (!fwnode)
		KUNIT_EXPECT_EQ(test, iommu_probe_device(&c->pdev->dev), -ENODEV);
}

/*
 * One function per table, so that each table reports as a case of its own;
 * what each catches is said in iommu_probe_test_cases[].
 */
static void iommu_probe_test_ops_chosen(struct kunit *test)
{
	iommu_probe_test_run_case(test);
}

static void iommu_probe_test_once_per_driver(struct kunit *test)
{
	iommu_probe_test_run_case(test);
}

static void iommu_probe_test_fwspec_drivers_skipped(struct kunit *test)
{
	iommu_probe_test_run_case(test);
}

/*
 * Catches: drivers asked again about a device that is already probed, by a
 * direct probe or by the bus walk of a later registration.
 */
static void iommu_probe_test_probed_device_not_offered_again(struct kunit *test)
{
	struct fake_client *c;

	fake_instance_add(test, 0, false);
	fake_instance_add(test, 1, false);
	c = fake_client_add(test, BIT(0) | BIT(1), FAKE_GROUP_OK, NULL);
	KUNIT_ASSERT_PTR_EQ(test, fake_client_ops(c), &world->drv[0].ops);

	KUNIT_EXPECT_EQ(test, iommu_probe_device(&c->pdev->dev), 0);
	fake_instance_add(test, 2, false);
	fake_instance_add(test, 0, false);

	KUNIT_EXPECT_EQ(test, c->probe_calls[0], 1);
	KUNIT_EXPECT_EQ(test, c->probe_calls[1], 0);
	KUNIT_EXPECT_EQ(test, c->probe_calls[2], 0);
	KUNIT_EXPECT_PTR_EQ(test, fake_client_ops(c), &world->drv[0].ops);
}

enum fake_failure {
	FAKE_PROBED,
	FAKE_PROBE_FAILS,
	FAKE_OWNER_GOING,
	FAKE_GROUP_FAILS,
	FAKE_GROUP_IS_NULL,
	FAKE_NO_DEFAULT_DOMAIN,
};

struct refs_case {
	const char *desc;
	enum fake_failure failure;
	bool fwspec;
};

/* P5: every reference the probe takes is dropped, on every path. */
static const struct refs_case refs_cases[] = {
	{ "probed then released, fwspec", FAKE_PROBED, true },
	{ "probed then released, no fwspec", FAKE_PROBED, false },
	{ "probe_device fails, fwspec", FAKE_PROBE_FAILS, true },
	{ "probe_device fails, no fwspec", FAKE_PROBE_FAILS, false },
	{ "owner going away after probe_device, fwspec", FAKE_OWNER_GOING, true },
	{ "owner going away after probe_device, no fwspec", FAKE_OWNER_GOING, false },
	{ "device_group fails, fwspec", FAKE_GROUP_FAILS, true },
	{ "device_group fails, no fwspec", FAKE_GROUP_FAILS, false },
	/* The core's WARN_ON_ONCE() may fire once per boot: one case only. */
	{ "device_group returns NULL, fwspec", FAKE_GROUP_IS_NULL, true },
	{ "default domain cannot be set up, fwspec", FAKE_NO_DEFAULT_DOMAIN, true },
	{ "default domain cannot be set up, no fwspec", FAKE_NO_DEFAULT_DOMAIN, false },
};

KUNIT_ARRAY_PARAM_DESC(refs, refs_cases, desc);

/* module_refcount() only counts with CONFIG_MODULE_UNLOAD; without it, skip. */
static int fake_module_refs(struct fake_driver *drv)
{
#ifdef CONFIG_MODULE_UNLOAD
	return module_refcount(&drv->owner);
#else
	return 0;
#endif
}

static int fake_fwnode_refs(struct fake_instance *inst)
{
	return inst->fw ? atomic_read(&inst->fw->refs) : 0;
}

/*
 * Catches: a module or fwnode reference leaked or dropped twice on a probe
 * path, taken before the driver accepted the device, not dropped at
 * release, or a successful probe_device() not undone with release_device()
 * when the module reference cannot be taken.
 */
static void iommu_probe_test_refs_balance(struct kunit *test)
{
	const struct refs_case *rc = test->param_value;
	enum fake_failure f = rc->failure;
	struct fake_driver *drv = &world->drv[0];
	bool probed = f == FAKE_PROBED;
	struct fake_instance *inst;
	struct fake_client *c = NULL;
	int mod_start, fw_start;

	if (!IS_ENABLED(CONFIG_MODULE_UNLOAD))
		kunit_skip(test, "module_refcount() needs CONFIG_MODULE_UNLOAD");

	inst = fake_instance_add(test, 0, rc->fwspec);
	mod_start = fake_module_refs(drv);
	fw_start = fake_fwnode_refs(inst);

	if (f == FAKE_OWNER_GOING)
		drv->owner.state = MODULE_STATE_GOING;
	if (f == FAKE_NO_DEFAULT_DOMAIN)
		drv->ops.identity_domain = NULL;

	if (f == FAKE_GROUP_IS_NULL) {
		/* The core warns about the driver's bug; that warning is expected. */
		kunit_warning_suppress(test) {
			c = fake_client_add(test, BIT(0), FAKE_GROUP_NULL,
					    rc->fwspec ? &inst->fw->fwnode : NULL);
			KUNIT_EXPECT_SUPPRESSED_WARNING_COUNT(test, 1);
		}
		KUNIT_ASSERT_NOT_NULL(test, c);
	} else {
		c = fake_client_add(test, f == FAKE_PROBE_FAILS ? 0 : BIT(0),
				    f == FAKE_GROUP_FAILS ? FAKE_GROUP_ERROR : FAKE_GROUP_OK,
				    rc->fwspec ? &inst->fw->fwnode : NULL);
	}

	KUNIT_EXPECT_EQ(test, c->probe_calls[0], 1);
	KUNIT_EXPECT_EQ(test, fake_module_refs(drv), mod_start + probed);
	/* A device that is probed holds its fwspec, and with it the fwnode. */
	KUNIT_EXPECT_EQ(test, fake_fwnode_refs(inst), fw_start + (probed && rc->fwspec));
	/* A driver that accepted the device is told when it is given up. */
	KUNIT_EXPECT_EQ(test, c->release_calls[0], !probed && f != FAKE_PROBE_FAILS);
	KUNIT_EXPECT_EQ(test, c->stray_releases, 0);
	if (!probed) {
		KUNIT_EXPECT_NULL(test, c->pdev->dev.iommu);
		KUNIT_EXPECT_NULL(test, c->pdev->dev.iommu_group);
	}

	fake_client_remove(test, c);
	KUNIT_EXPECT_EQ(test, c->release_calls[0], f != FAKE_PROBE_FAILS);
	KUNIT_EXPECT_EQ(test, fake_module_refs(drv), mod_start);
	KUNIT_EXPECT_EQ(test, fake_fwnode_refs(inst), fw_start);
}

/* Instances of drivers 0 and 2 that come and go while the test probes. */
struct fake_churn {
	struct fake_world *world;
	struct task_struct *task;
	unsigned int rounds;
	int ret;
};

static int fake_churn_fn(void *data)
{
	struct fake_churn *churn = data;
	struct iommu_device iommu[2];
	unsigned int n;

	while (!kthread_should_stop()) {
		for (n = 0; n < 2; n++) {
			memset(&iommu[n], 0, sizeof(iommu[n]));
			if (fake_iommu_add(&iommu[n], &churn->world->drv[2 * n].ops, NULL))
				goto err;
		}
		for (n = 0; n < 2; n++)
			fake_iommu_del(&iommu[n]);
		churn->rounds++;
		cond_resched();
	}
	return 0;

err:
	while (n--)
		fake_iommu_del(&iommu[n]);
	/* kthread_stop() must find the thread still there. */
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return -EIO;
}

static void fake_churn_stop(void *data)
{
	struct fake_churn *churn = data;

	churn->ret = kthread_stop_put(churn->task);
}

/*
 * Catches: the probe path walking the instance list while instances register
 * and unregister without the lock that keeps it consistent, or calling
 * probe_device() where it may not sleep (lockdep, KASAN and
 * DEBUG_ATOMIC_SLEEP report these in the sanitizer run).
 */
static void iommu_probe_test_instances_come_and_go(struct kunit *test)
{
	struct fake_churn *churn;
	unsigned int i;

	churn = kunit_kzalloc(test, sizeof(*churn), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, churn);
	churn->world = world;

	fake_instance_add(test, 0, false);
	churn->task = kthread_run(fake_churn_fn, churn, "iommu-probe-kunit-churn");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, churn->task);
	get_task_struct(churn->task);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, fake_churn_stop, churn), 0);
	fake_instance_add(test, 1, false);

	for (i = 0; i < FAKE_CLIENTS; i++) {
		struct fake_client *c = fake_client_add(test, BIT(1), FAKE_GROUP_OK, NULL);

		KUNIT_EXPECT_PTR_EQ(test, fake_client_ops(c), &world->drv[1].ops);
		KUNIT_EXPECT_EQ(test, c->probe_calls[0], 1);
		KUNIT_EXPECT_EQ(test, c->probe_calls[1], 1);
		KUNIT_EXPECT_LE(test, c->probe_calls[2], 1);
		fake_client_remove(test, c);
		KUNIT_EXPECT_EQ(test, c->release_calls[1], 1);
		/* Let the other thread run, also on a uniprocessor kernel. */
		usleep_range(500, 1000);
	}

	kunit_release_action(test, fake_churn_stop, churn);
	KUNIT_EXPECT_EQ(test, churn->ret, 0);
	KUNIT_EXPECT_GT(test, churn->rounds, 0);
}

static struct kunit_case iommu_probe_test_cases[] = {
	/* Catches: a device probed by the wrong driver, or by none that would take it. */
	KUNIT_CASE_PARAM(iommu_probe_test_ops_chosen, ops_chosen_gen_params),
	/* Catches: a driver asked more than once, or asked after another accepted. */
	KUNIT_CASE_PARAM(iommu_probe_test_once_per_driver, once_per_driver_gen_params),
	/* Catches: a driver that needs a fwspec asked about a device without one. */
	KUNIT_CASE_PARAM(iommu_probe_test_fwspec_drivers_skipped,
			 fwspec_drivers_skipped_gen_params),
	/* Catches: drivers asked again about a device that is already probed. */
	KUNIT_CASE(iommu_probe_test_probed_device_not_offered_again),
	/* Catches: a module or fwnode reference unbalanced on a probe or release path. */
	KUNIT_CASE_PARAM(iommu_probe_test_refs_balance, refs_gen_params),
	/* Catches: an unprotected instance list, or probe_device() where it cannot sleep. */
	KUNIT_CASE(iommu_probe_test_instances_come_and_go),
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
