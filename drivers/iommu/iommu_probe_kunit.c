// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for how the IOMMU core chooses the driver that probes a device.
 *
 * Fake drivers register instances through iommu_device_register(); devices
 * the suite creates are probed and released through the core's own paths.
 * After every probe and release fake_check() checks who was asked, what the
 * device points at and the references held, against these promises:
 *  P1 a device with a fwspec is probed only by its fwnode's driver;
 *  P2 one without goes to the first fwnode-less driver, in registration
 *     order, that accepts it, and to none (-ENODEV) when none does;
 *  P3 each driver is asked at most once per probe;
 *  P4 a driver registered with a fwnode is never asked about one without;
 *  P5 the owner is pinned once per probed device, until release; a failed
 *     probe leaves no reference; fwnode references balance;
 *  P6 probe_device() may sleep; the instance list survives churn;
 *  P7 an already probed device is not offered again;
 *  P8 no device is left with an instance being unregistered.
 */

#include <kunit/device.h>
#include <kunit/platform_device.h>
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/debug_locks.h>
#include <linux/delay.h>
#include <linux/fwnode.h>
#include <linux/iommu.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/panic.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

#include "iommu-priv.h"

/* Ops tables: one for each of drivers 0-2, and a second one of driver 2. */
#define FAKE_OPS		4
#define FAKE_DRIVERS		3
#define FAKE_SECOND_OPS		3
#define FAKE_INSTANCES		8
#define FAKE_CLIENTS		48
#define FAKE_CHURN_CLIENTS	16
#define FAKE_CLIENT_NAME	"iommu-probe-kunit-client"

/*
 * A fwnode that counts its references: the core takes one for a device's
 * fwspec and must drop it when it frees the fwspec.
 */
struct fake_fwnode {
	struct fwnode_handle fwnode;
	atomic_t refs;
};

/*
 * One ops table of a fake driver; a driver may have several, as s390 does,
 * and is told apart by its probe_device(). Its owner is the suite's own module, so the
 * references the core takes on it are real ones, counted by the module
 * loader: when the suite is a module (and CONFIG_MODULE_UNLOAD counts them),
 * the suite checks how many it holds. Built in, THIS_MODULE is NULL and the
 * core takes none.
 */
struct fake_ops {
	struct iommu_ops ops;
	unsigned int index;
	unsigned int driver;
};

struct fake_world;

/* One instance of a fake driver, registered with one of its ops tables. */
struct fake_instance {
	struct iommu_device iommu;
	struct fake_world *world;
	struct fake_ops *fops;
	struct fake_fwnode *fw;
	bool registered;
	/* iommu_device_unregister() was called, its sysfs device is still there. */
	bool off_list;
};

enum fake_group {
	FAKE_GROUP_OK,
	FAKE_GROUP_ERROR,
	FAKE_GROUP_NULL,
};

/* A client device created by the test, and what the drivers do with it. */
struct fake_client {
	struct fake_world *world;
	struct platform_device *pdev;
	bool added;
	bool removed;
	/* The fwnode its fwspec names when it is added, if it has one. */
	struct fwnode_handle *fwnode;
	bool has_fwspec;

	/* Bit n set: driver n accepts the device in probe_device(). */
	unsigned long accept;
	/* What driver n answers when it does not accept: -ENODEV unless set. */
	int reject[FAKE_DRIVERS];
	/* A driver that does not accept leaves a fwspec naming this behind. */
	struct fwnode_handle *leave_fwspec;
	/* The instance an accepting driver returns, if not its first one. */
	struct fake_instance *serve;
	enum fake_group group;
	/*
	 * Not described to any IOMMU yet: every driver declines the device,
	 * uncounted, as real drivers do with a device their firmware tables
	 * do not name.
	 */
	bool hidden;
	/* probe_device() of the accepting driver waits for this, if set. */
	struct completion *probe_entered;
	struct completion *probe_go;
	/*
	 * release_device() of the accepting driver waits for this, if set;
	 * with release_task, only when that thread releases the device.
	 */
	struct completion *release_entered;
	struct completion *release_go;
	struct task_struct *release_task;

	/* What the fakes saw, per driver or per ops table. */
	atomic_t probe_calls[FAKE_DRIVERS];
	atomic_t reprobe_calls[FAKE_DRIVERS];
	atomic_t accepted[FAKE_OPS];
	atomic_t released[FAKE_OPS];
	atomic_t group_calls[FAKE_OPS];
	atomic_t stray_releases;
	atomic_t bystander_calls;
	atomic_t fwspec_seen;
	/* The instance the accepting driver returned last. */
	struct fake_instance *bound;
};

/*
 * What a case works with. Allocated before anything else of the case, so that
 * KUnit frees it after running every cleanup action, the last of which checks
 * it (fake_check_end()).
 */
struct fake_world {
	struct kunit *test;
	struct fake_ops ops[FAKE_OPS];
	/* The instances the test registered, in registration order. */
	struct fake_instance *inst[FAKE_INSTANCES];
	struct fake_instance inst_mem[FAKE_INSTANCES];
	struct fake_fwnode fw_mem[FAKE_INSTANCES];
	unsigned int nr_inst;
	struct fake_client client[FAKE_CLIENTS];
	unsigned int nr_clients;
	/* A re-probe by fake_check() is running: count its calls apart. */
	bool reprobing;
	/* What a re-probe of every device must return. */
	int reprobe_ret;
	/* Fake callbacks called where they may not sleep. */
	atomic_t atomic_calls;
	/* Held to add, remove or look at clients from another thread. */
	struct mutex clients_lock;
	int debug_locks_at_start;
	/* References on the suite's module when the case started. */
	int module_refs_at_start;
	/* Reports the kernel was already tainted with, and those failed on. */
	unsigned long taints_at_start;
	unsigned long taints_failed;
};

/*
 * The devices the suite did not create that had an IOMMU group when it
 * started, with the group and domain they had: they must keep both.
 */
struct other_device {
	struct device *dev;
	struct iommu_group *group;
	int group_id;
	struct iommu_domain *domain;
	struct iommu_device *iommu;
};

static struct {
	struct other_device *dev;
	unsigned int nr;
	unsigned int room;
} others;

static struct fake_client *fake_client_of(struct device *dev)
{
	struct fake_client **c;

	if (dev->bus != &platform_bus_type ||
	    strcmp(to_platform_device(dev)->name, FAKE_CLIENT_NAME))
		return NULL;
	c = dev_get_platdata(dev);
	return c ? *c : NULL;
}

/* Drivers may sleep in their callbacks: note those called where they may not. */
static void fake_may_sleep(struct fake_world *w)
{
	if (IS_ENABLED(CONFIG_PREEMPT_COUNT) && !preemptible())
		atomic_inc(&w->atomic_calls);
	might_sleep();
}

/*
 * The instance of driver @drv that serves @c: the one its fwspec names, as a
 * driver finds it from the fwspec's fwnode, else the one the test chose, else
 * the driver's first one without a fwnode.
 */
static struct fake_instance *fake_instance_for(struct fake_client *c, unsigned int drv)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(&c->pdev->dev);
	struct fake_world *w = c->world;
	unsigned int i;

	if (!fwspec && c->serve)
		return c->serve;
	for (i = 0; i < w->nr_inst; i++) {
		struct fake_instance *inst = w->inst[i];

		if (inst->fops->driver != drv || !READ_ONCE(inst->registered))
			continue;
		if (fwspec ? inst->iommu.fwnode == fwspec->iommu_fwnode :
			     !inst->iommu.fwnode)
			return inst;
	}
	return NULL;
}

static struct iommu_device *fake_probe_device(unsigned int drv, struct device *dev)
{
	struct fake_client *c = fake_client_of(dev);
	struct fake_instance *inst;

	if (!c || READ_ONCE(c->hidden))
		return ERR_PTR(-ENODEV);
	fake_may_sleep(c->world);

	atomic_inc(READ_ONCE(c->world->reprobing) ? &c->reprobe_calls[drv] :
						    &c->probe_calls[drv]);
	if (!c->has_fwspec && dev_iommu_fwspec_get(dev))
		atomic_inc(&c->fwspec_seen);

	if (!(c->accept & BIT(drv))) {
		/* The caller holds iommu_probe_device_lock, as it must. */
		if (c->leave_fwspec && !dev_iommu_fwspec_get(dev))
			iommu_fwspec_init(dev, c->leave_fwspec);
		return ERR_PTR(c->reject[drv] ?: -ENODEV);
	}

	inst = fake_instance_for(c, drv);
	if (!inst)
		return ERR_PTR(-ENODEV);
	atomic_inc(&c->accepted[inst->fops->index]);
	WRITE_ONCE(c->bound, inst);
	if (c->probe_entered) {
		complete(c->probe_entered);
		wait_for_completion(c->probe_go);
	}
	return &inst->iommu;
}

static void fake_release_device(unsigned int ops, struct device *dev)
{
	struct fake_client *c = fake_client_of(dev);

	if (!c)
		return;
	fake_may_sleep(c->world);
	if (!READ_ONCE(c->bound))
		atomic_inc(&c->stray_releases);
	atomic_inc(&c->released[ops]);
	if (c->release_entered && (!c->release_task || c->release_task == current)) {
		complete(c->release_entered);
		wait_for_completion(c->release_go);
	}
}

static struct iommu_group *fake_device_group(unsigned int ops, struct device *dev)
{
	struct fake_client *c = fake_client_of(dev);

	if (c)
		atomic_inc(&c->group_calls[ops]);
	switch (c ? c->group : FAKE_GROUP_OK) {
	case FAKE_GROUP_ERROR:
		return ERR_PTR(-ENOSPC);
	case FAKE_GROUP_NULL:
		return NULL;
	default:
		return generic_device_group(dev);
	}
}

/*
 * The callbacks are told nothing but the device: one entry per driver for
 * probe_device(), one per ops table for the others, so that the suite sees
 * which one the core used.
 */
#define FAKE_PROBE_DEVICE(n)							\
static struct iommu_device *fake_probe_device_##n(struct device *dev)		\
{										\
	return fake_probe_device(n, dev);					\
}

#define FAKE_RELEASE_DEVICE(n)							\
static void fake_release_device_##n(struct device *dev)				\
{										\
	fake_release_device(n, dev);						\
}

#define FAKE_DEVICE_GROUP(n)							\
static struct iommu_group *fake_device_group_##n(struct device *dev)		\
{										\
	return fake_device_group(n, dev);					\
}

FAKE_PROBE_DEVICE(0)
FAKE_PROBE_DEVICE(1)
FAKE_PROBE_DEVICE(2)
FAKE_RELEASE_DEVICE(0)
FAKE_RELEASE_DEVICE(1)
FAKE_RELEASE_DEVICE(2)
FAKE_RELEASE_DEVICE(3)
FAKE_DEVICE_GROUP(0)
FAKE_DEVICE_GROUP(1)
FAKE_DEVICE_GROUP(2)
FAKE_DEVICE_GROUP(3)

static const struct {
	struct iommu_device *(*probe_device)(struct device *dev);
	void (*release_device)(struct device *dev);
	struct iommu_group *(*device_group)(struct device *dev);
	unsigned int driver;
} fake_callbacks[FAKE_OPS] = {
	{ fake_probe_device_0, fake_release_device_0, fake_device_group_0, 0 },
	{ fake_probe_device_1, fake_release_device_1, fake_device_group_1, 1 },
	{ fake_probe_device_2, fake_release_device_2, fake_device_group_2, 2 },
	/* Driver 2's second ops table shares its probe_device(), as s390's do. */
	{ fake_probe_device_2, fake_release_device_3, fake_device_group_3, 2 },
};

static int fake_identity_attach(struct iommu_domain *domain, struct device *dev,
				struct iommu_domain *old)
{
	return 0;
}

static const struct iommu_domain_ops fake_identity_ops = {
	.attach_dev = fake_identity_attach,
};

static struct iommu_domain fake_identity_domain = {
	.type = IOMMU_DOMAIN_IDENTITY,
	.ops = &fake_identity_ops,
};

/*
 * The fakes can only pass DMA through. They say so for each device the way
 * real drivers do, whatever default domain type the kernel prefers (DMA
 * where IOMMU_DMA is enabled, identity where it is not).
 */
static int fake_def_domain_type(struct device *dev)
{
	return IOMMU_DOMAIN_IDENTITY;
}

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

/*
 * References on the suite's module, the owner of every fake ops table: only
 * counted when the suite is a module, with CONFIG_MODULE_UNLOAD.
 */
static bool fake_module_refs_counted(void)
{
	return IS_ENABLED(CONFIG_MODULE_UNLOAD) && THIS_MODULE;
}

static int fake_module_refs(void)
{
#ifdef CONFIG_MODULE_UNLOAD
	if (THIS_MODULE)
		return module_refcount(THIS_MODULE);
#endif
	return 0;
}

static void fake_ops_init(struct fake_ops *fops, unsigned int n)
{
	fops->index = n;
	fops->driver = fake_callbacks[n].driver;
	fops->ops.probe_device = fake_callbacks[n].probe_device;
	fops->ops.release_device = fake_callbacks[n].release_device;
	fops->ops.device_group = fake_callbacks[n].device_group;
	fops->ops.def_domain_type = fake_def_domain_type;
	fops->ops.identity_domain = &fake_identity_domain;
	fops->ops.owner = THIS_MODULE;
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

/* A hardware device with @fw, a fwnode that counts its references. */
static struct device *fake_hwdev_add(struct kunit *test, struct fake_fwnode *fw)
{
	static atomic_t seq = ATOMIC_INIT(0);
	struct device *hwdev;
	char name[32];

	fwnode_init(&fw->fwnode, &fake_fwnode_ops);
	snprintf(name, sizeof(name), "fake-iommu-hw%d", atomic_inc_return(&seq));
	hwdev = kunit_device_register(test, name);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, hwdev);
	device_set_node(hwdev, &fw->fwnode);
	return hwdev;
}

static void fake_instance_unregister(struct fake_instance *inst)
{
	if (!inst->off_list)
		iommu_device_unregister(&inst->iommu);
	iommu_device_sysfs_remove(&inst->iommu);
	WRITE_ONCE(inst->registered, false);
}

static void fake_instance_remove(void *data)
{
	struct fake_instance *inst = data;

	if (READ_ONCE(inst->registered))
		fake_instance_unregister(inst);
}

static void fake_check(struct kunit *test);

/*
 * Register an instance with ops table @ops. With @fwnode, its hardware device
 * has a fwnode, which becomes the instance's fwnode. Registering probes every
 * device on the IOMMU buses; the registration must return @ret.
 */
static struct fake_instance *fake_instance_add_ret(struct kunit *test, unsigned int ops,
						   bool fwnode, int ret)
{
	struct fake_world *w = test->priv;
	struct fake_instance *inst;
	struct device *hwdev = NULL;
	int err;

	KUNIT_ASSERT_LT(test, w->nr_inst, FAKE_INSTANCES);
	inst = &w->inst_mem[w->nr_inst];
	inst->world = w;
	inst->fops = &w->ops[ops];
	if (fwnode) {
		inst->fw = &w->fw_mem[w->nr_inst];
		hwdev = fake_hwdev_add(test, inst->fw);
	}

	w->inst[w->nr_inst++] = inst;
	WRITE_ONCE(inst->registered, true);
	err = fake_iommu_add(&inst->iommu, &inst->fops->ops, hwdev);
	if (err)
		WRITE_ONCE(inst->registered, false);
	KUNIT_ASSERT_EQ(test, err, ret);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, fake_instance_remove, inst), 0);
	fake_check(test);
	return inst;
}

static struct fake_instance *fake_instance_add(struct kunit *test, unsigned int ops,
					       bool fwnode)
{
	return fake_instance_add_ret(test, ops, fwnode, 0);
}

/*
 * Give @c a fwspec naming @fwnode, as firmware code does before the device is
 * added, with the helper the core provides for test drivers.
 */
static void fake_client_set_fwspec(struct kunit *test, struct fake_client *c,
				   struct fwnode_handle *fwnode)
{
	KUNIT_ASSERT_EQ(test, iommu_mock_fwspec_init(&c->pdev->dev, fwnode), 0);
	c->fwnode = fwnode;
	c->has_fwspec = true;
}

/* KUnit removed the client: runs after the action that removes it. */
static void fake_client_gone(void *data)
{
	struct fake_client *c = data;

	c->removed = true;
}

/* A client device that is not added yet, which drivers in @accept accept. */
static struct fake_client *fake_client_alloc(struct kunit *test, unsigned long accept)
{
	struct fake_world *w = test->priv;
	struct platform_device *pdev;
	struct fake_client *c;

	KUNIT_ASSERT_LT(test, w->nr_clients, FAKE_CLIENTS);
	c = &w->client[w->nr_clients];
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, fake_client_gone, c), 0);
	pdev = kunit_platform_device_alloc(test, FAKE_CLIENT_NAME, PLATFORM_DEVID_AUTO);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pdev);
	KUNIT_ASSERT_EQ(test, platform_device_add_data(pdev, &c, sizeof(c)), 0);
	w->nr_clients++;
	c->world = w;
	c->pdev = pdev;
	c->accept = accept;
	return c;
}

/* Add @c, which runs the core's probe through the bus notifier. */
static void __fake_client_add(struct kunit *test, struct fake_client *c)
{
	c->added = true;
	KUNIT_ASSERT_EQ(test, kunit_platform_device_add(test, c->pdev), 0);
}

static void fake_client_add(struct kunit *test, struct fake_client *c)
{
	__fake_client_add(test, c);
	fake_check(test);
}

/* Allocate and add a client that the drivers in @accept accept. */
static struct fake_client *fake_client_new(struct kunit *test, unsigned long accept,
					   struct fwnode_handle *fwnode)
{
	struct fake_client *c = fake_client_alloc(test, accept);

	if (fwnode)
		fake_client_set_fwspec(test, c, fwnode);
	fake_client_add(test, c);
	return c;
}

/* Remove a client now, which runs the core's release. */
static void fake_client_remove(struct kunit *test, struct fake_client *c)
{
	kunit_platform_device_unregister(test, c->pdev);
	c->removed = true;
	fake_check(test);
}

static bool fake_client_live(struct fake_client *c)
{
	return c->added && !c->removed;
}

static const struct iommu_ops *fake_client_ops(struct fake_client *c)
{
	struct dev_iommu *param = c->pdev->dev.iommu;

	return param && param->iommu_dev ? param->iommu_dev->ops : NULL;
}

/* Which driver's ops the client ended up with, or -1. */
static int fake_client_driver(struct fake_client *c)
{
	const struct iommu_ops *ops = fake_client_ops(c);
	struct fake_world *w = c->world;
	unsigned int i;

	for (i = 0; i < FAKE_OPS; i++)
		if (ops == &w->ops[i].ops)
			return w->ops[i].driver;
	return -1;
}

/* The state of one client, as every probe and release must leave it. */
static void fake_check_client(struct kunit *test, struct fake_client *c)
{
	struct device *dev = &c->pdev->dev;
	struct fake_instance *bound = READ_ONCE(c->bound);
	bool probed = fake_client_live(c) && dev->iommu_group;
	unsigned int i;

	for (i = 0; i < FAKE_OPS; i++) {
		int holds = probed && bound && bound->fops->index == i;

		if (!c->world->ops[i].ops.release_device)
			continue;

		/* Every accepted probe is released once, when it is given up. */
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&c->released[i]),
				    atomic_read(&c->accepted[i]) - holds,
				    "client %td: release_device() of ops %u",
				    c - c->world->client, i);
		/* device_group() only through the ops of an accepting instance. */
		KUNIT_EXPECT_LE_MSG(test, atomic_read(&c->group_calls[i]),
				    atomic_read(&c->accepted[i]),
				    "client %td: device_group() of ops %u",
				    c - c->world->client, i);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&c->stray_releases), 0);
	/* An instance registered with a fwnode no device names is never asked. */
	KUNIT_EXPECT_EQ(test, atomic_read(&c->bystander_calls), 0);
	/* A device without a fwspec is never shown one left by another driver. */
	KUNIT_EXPECT_EQ(test, atomic_read(&c->fwspec_seen), 0);

	if (!fake_client_live(c))
		return;
	if (probed) {
		KUNIT_ASSERT_NOT_NULL(test, dev->iommu);
		KUNIT_ASSERT_NOT_NULL(test, bound);
		KUNIT_EXPECT_PTR_EQ(test, dev->iommu->iommu_dev, &bound->iommu);
		KUNIT_EXPECT_PTR_EQ(test, fake_client_ops(c), &bound->fops->ops);
		/* P8: never left with an instance that is gone. */
		KUNIT_EXPECT_TRUE_MSG(test, READ_ONCE(bound->registered),
				      "client %td probed by an unregistered instance",
				      c - c->world->client);
		/* A fwspec it keeps names the instance that probed it. */
		if (dev->iommu->fwspec && dev->iommu->fwspec->iommu_fwnode)
			KUNIT_EXPECT_PTR_EQ(test, dev->iommu->fwspec->iommu_fwnode,
					    bound->iommu.fwnode);
		/*
		 * Its group's default domain was set up, unless its driver has
		 * none to give: a bus walk keeps such a device in its group.
		 */
		if (bound->fops->ops.identity_domain)
			KUNIT_EXPECT_NOT_NULL_MSG(test, iommu_get_domain_for_dev(dev),
						  "client %td probed without a domain",
						  c - c->world->client);
	} else {
		/* Nothing is left on a device that has no IOMMU. */
		KUNIT_EXPECT_NULL(test, dev->iommu);
		KUNIT_EXPECT_NULL(test, dev->iommu_group);
	}
}

/* The state of the references, as every probe and release must leave it. */
static void fake_check_refs(struct kunit *test)
{
	struct fake_world *w = test->priv;
	unsigned int i, j;

	if (fake_module_refs_counted()) {
		int holders = 0;

		for (j = 0; j < w->nr_clients; j++) {
			struct fake_client *c = &w->client[j];

			holders += fake_client_live(c) && c->pdev->dev.iommu_group &&
				   fake_client_ops(c);
		}
		KUNIT_EXPECT_EQ_MSG(test, fake_module_refs() - w->module_refs_at_start,
				    holders, "references held on the fake drivers' module");
	}

	for (i = 0; i < w->nr_inst; i++) {
		struct fake_fwnode *fw = w->inst[i]->fw;
		int holders = 0;

		if (!fw)
			continue;
		for (j = 0; j < w->nr_clients; j++) {
			struct dev_iommu *param;

			if (!fake_client_live(&w->client[j]))
				continue;
			param = w->client[j].pdev->dev.iommu;
			holders += param && param->fwspec &&
				   param->fwspec->iommu_fwnode == &fw->fwnode;
		}
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&fw->refs), holders,
				    "references on the fwnode of instance %u", i);
	}
}

/*
 * Reports that taint the kernel, so that a case fails on them in KUnit's own
 * result and not only in the log: WARN (which list corruption under
 * CONFIG_DEBUG_LIST and sleeping in atomic context also raise), oops, and
 * KASAN's reports. A taint the kernel had before the case cannot be seen
 * again; the case says so.
 */
static const struct {
	unsigned int taint;
	const char *what;
} fake_reports[] = {
	{ TAINT_WARN, "a WARN (or list corruption, or sleeping in atomic context)" },
	{ TAINT_DIE, "an oops" },
	{ TAINT_BAD_PAGE, "a KASAN or bad page report" },
};

static unsigned long fake_taints(void)
{
	unsigned long taints = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fake_reports); i++)
		if (test_taint(fake_reports[i].taint))
			taints |= BIT(i);
	return taints;
}

static void fake_check_reports(struct kunit *test)
{
	struct fake_world *w = test->priv;
	unsigned long new = fake_taints() & ~w->taints_at_start & ~w->taints_failed;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fake_reports); i++)
		if (new & BIT(i))
			KUNIT_FAIL(test, "the kernel reported %s during this case (see the log)",
				   fake_reports[i].what);
	w->taints_failed |= new;
	if (IS_ENABLED(CONFIG_LOCKDEP))
		KUNIT_EXPECT_EQ_MSG(test, debug_locks, w->debug_locks_at_start,
				    "lockdep reported a problem (see the log)");
}

static void fake_check_state(struct kunit *test)
{
	struct fake_world *w = test->priv;
	unsigned int i;

	for (i = 0; i < w->nr_clients; i++)
		fake_check_client(test, &w->client[i]);
	fake_check_refs(test);
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&w->atomic_calls), 0,
			    "a driver callback was called where it may not sleep");
	fake_check_reports(test);
}

static struct iommu_device *fake_bystander_probe_device(struct device *dev)
{
	struct fake_client *c = fake_client_of(dev);

	if (c)
		atomic_inc(&c->bystander_calls);
	return ERR_PTR(-ENODEV);
}

static const struct iommu_ops fake_bystander_ops = {
	.probe_device = fake_bystander_probe_device,
	.owner = THIS_MODULE,
};

/*
 * Register an instance of @ops with a fwnode of its own, which no device's
 * fwspec names, and unregister it again; return what registering returned.
 */
static int fake_register_once(struct kunit *test, const struct iommu_ops *ops)
{
	struct iommu_device *iommu;
	struct fake_fwnode *fw;
	int ret;

	iommu = kunit_kzalloc(test, sizeof(*iommu), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, iommu);
	fw = kunit_kzalloc(test, sizeof(*fw), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fw);
	ret = fake_iommu_add(iommu, ops, fake_hwdev_add(test, fw));
	if (!ret)
		fake_iommu_del(iommu);
	return ret;
}

/*
 * Probe every device on the IOMMU buses again, the way the core does when
 * any IOMMU driver registers: register an instance with a fwnode that no
 * device's fwspec names, so that it is never asked itself (P1, P4).
 * Returns what the registration returns: 0 unless probing a device failed
 * with something else than -ENODEV.
 */
static int fake_reprobe(struct kunit *test)
{
	struct fake_world *w = test->priv;
	int ret;

	WRITE_ONCE(w->reprobing, true);
	ret = fake_register_once(test, &fake_bystander_ops);
	WRITE_ONCE(w->reprobing, false);
	return ret;
}

/*
 * What must hold after every probe and release, checked after each: the
 * state, then a re-probe of every device, which must return what the test
 * said, ask no driver about a probed client (P7) and no driver twice about
 * any (P3), and leave the state as it must be again.
 */
static void fake_check(struct kunit *test)
{
	struct fake_world *w = test->priv;
	bool probed[FAKE_CLIENTS];
	unsigned int i, n;

	fake_check_state(test);
	/* Registering the bystander probes every device of the machine again. */
	if (!IS_ENABLED(CONFIG_IOMMU_PROBE_KUNIT_TEST_INTRUSIVE))
		return;

	for (i = 0; i < w->nr_clients; i++)
		probed[i] = fake_client_live(&w->client[i]) &&
			    w->client[i].pdev->dev.iommu_group;
	KUNIT_EXPECT_EQ_MSG(test, fake_reprobe(test), w->reprobe_ret,
			    "probing every device again");
	for (i = 0; i < w->nr_clients; i++) {
		struct fake_client *c = &w->client[i];

		for (n = 0; n < FAKE_DRIVERS; n++) {
			int calls = atomic_xchg(&c->reprobe_calls[n], 0);

			if (probed[i])
				KUNIT_EXPECT_EQ_MSG(test, calls, 0,
						    "client %u re-probed by driver %u", i, n);
			else
				KUNIT_EXPECT_LE(test, calls, 1);
		}
	}
	fake_check_state(test);
}

/*
 * After the case, its clients removed and its instances unregistered: every
 * accepted probe was released, no reference is left anywhere, and the
 * devices the suite did not create kept their group, domain and IOMMU
 * instance.
 */
static void fake_check_end(void *data)
{
	struct kunit *test = data;
	unsigned int i;

	fake_check_state(test);
	for (i = 0; i < others.nr; i++) {
		struct other_device *o = &others.dev[i];
		struct iommu_group *group = iommu_group_get(o->dev);

		KUNIT_EXPECT_PTR_EQ_MSG(test, group, o->group, "group of %s", dev_name(o->dev));
		if (group) {
			KUNIT_EXPECT_EQ(test, iommu_group_id(group), o->group_id);
			KUNIT_EXPECT_PTR_EQ_MSG(test, iommu_get_domain_for_dev(o->dev),
						o->domain, "domain of %s", dev_name(o->dev));
			KUNIT_EXPECT_PTR_EQ_MSG(test,
						o->dev->iommu ? o->dev->iommu->iommu_dev : NULL,
						o->iommu, "IOMMU instance of %s", dev_name(o->dev));
			iommu_group_put(group);
		}
	}
}

static bool fake_said_unchecked;

static int iommu_probe_test_init(struct kunit *test)
{
	struct fake_world *w;
	unsigned int n;

	w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	w->test = test;
	w->debug_locks_at_start = debug_locks;
	w->taints_at_start = fake_taints();
	for (n = 0; n < ARRAY_SIZE(fake_reports); n++)
		if (w->taints_at_start & BIT(n))
			kunit_info(test, "not checked: %s (the kernel reported one before)\n",
				   fake_reports[n].what);
	if (IS_ENABLED(CONFIG_LOCKDEP) && !debug_locks)
		kunit_info(test, "not checked: lockdep reports (lockdep is off)\n");
	w->module_refs_at_start = fake_module_refs();
	/* What this kernel cannot check, said once per run of the suite. */
	if (!fake_said_unchecked && !fake_module_refs_counted())
		kunit_info(test, "not checked: module references (built in, or no MODULE_UNLOAD)\n");
	if (!fake_said_unchecked && !IS_ENABLED(CONFIG_PREEMPT_COUNT))
		kunit_info(test, "not checked: callbacks in atomic context (no CONFIG_PREEMPT_COUNT)\n");
	fake_said_unchecked = true;
	mutex_init(&w->clients_lock);
	for (n = 0; n < FAKE_OPS; n++)
		fake_ops_init(&w->ops[n], n);
	test->priv = w;
	/* The first action added runs last, after every instance is gone. */
	return kunit_add_action_or_reset(test, fake_check_end, test);
}

static int other_device_note(struct device *dev, void *data)
{
	struct iommu_group *group;
	struct other_device *o;

	if (fake_client_of(dev))
		return 0;
	group = iommu_group_get(dev);
	if (!group)
		return 0;
	if (others.nr >= others.room) {
		/* Counting, or appeared since: not noted. */
		iommu_group_put(group);
		others.nr += !others.dev;
		return 0;
	}
	o = &others.dev[others.nr++];
	o->dev = get_device(dev);
	o->group = group;
	o->group_id = iommu_group_id(group);
	o->domain = iommu_get_domain_for_dev(dev);
	o->iommu = dev->iommu ? dev->iommu->iommu_dev : NULL;
	return 0;
}

static const struct bus_type *const other_buses[] = {
	&platform_bus_type,
#ifdef CONFIG_PCI
	&pci_bus_type,
#endif
};

static unsigned int other_devices_walk(void)
{
	unsigned int i;

	others.nr = 0;
	for (i = 0; i < ARRAY_SIZE(other_buses); i++)
		bus_for_each_dev(other_buses[i], NULL, NULL, other_device_note);
	return others.nr;
}

static void iommu_probe_test_suite_exit(struct kunit_suite *suite)
{
	unsigned int i;

	for (i = 0; others.dev && i < others.nr; i++) {
		iommu_group_put(others.dev[i].group);
		put_device(others.dev[i].dev);
	}
	kfree(others.dev);
	others.dev = NULL;
	others.nr = 0;
	others.room = 0;
}

/*
 * Note the devices that already have an IOMMU group, and their domains. This
 * reads other drivers' devices, so only in the intrusive mode.
 */
static int iommu_probe_test_suite_init(struct kunit_suite *suite)
{
	unsigned int nr;

	fake_said_unchecked = false;
	if (!IS_ENABLED(CONFIG_IOMMU_PROBE_KUNIT_TEST_INTRUSIVE))
		return 0;
	nr = other_devices_walk();
	if (!nr)
		return 0;
	others.dev = kcalloc(nr, sizeof(*others.dev), GFP_KERNEL);
	if (!others.dev)
		return -ENOMEM;
	others.room = nr;
	other_devices_walk();
	return 0;
}

/*
 * An instance whose ops have no probe_device() is refused: the probe path may
 * ask any instance about a device. Registered with a fwnode, so that a core
 * that accepts it anyway returns 0 here instead of calling through NULL.
 */
static void iommu_probe_test_no_probe_device_refused(struct kunit *test)
{
	struct fake_world *w = test->priv;
	int ret = 0;

	w->ops[0].ops.probe_device = NULL;
	kunit_warning_suppress(test) {
		ret = fake_register_once(test, &w->ops[0].ops);
		KUNIT_EXPECT_EQ(test, KUNIT_SUPPRESSED_WARNING_COUNT(), 1);
	}
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
}

/*
 * An arrangement of registered instances and a client device, and what the
 * core must do with the client.
 */
struct probe_case {
	const char *name;
	/* Instances in registration order: their ops table, and if they have a fwnode. */
	struct {
		u8 ops;
		bool fwnode;
	} inst[5];
	u8 nr_inst;
	/* The instance (index into inst[]) the client's fwspec names, or -1. */
	s8 fwspec;
	/* The client's fwspec names a fwnode of no registered instance. */
	bool fwspec_unknown;
	/* The client's fwspec has no fwnode, as the legacy arm-smmu binding's. */
	bool fwspec_null;
	/* Drivers that accept the client. */
	unsigned long accept;
	/* What driver n answers when it does not accept, if not -ENODEV. */
	int reject[FAKE_DRIVERS];
	/* A driver that rejects leaves a fwspec naming this instance, or -1. */
	s8 leave_fwspec;
	/* The instance an accepting driver returns, if not its first, or -1. */
	s8 serve;
	/* The instance whose ops the client must end up with, or -1 for none. */
	s8 bound;
	/* How often each driver must have been asked to probe the client. */
	u8 calls[FAKE_DRIVERS];
#define AT_MOST_ONCE	0xff
	/* What iommu_probe_device() returns for the client. */
	int ret;
	/* What probing every device again returns, with the client added. */
	int reprobe;
};

#define NOFW(o)	{ .ops = (o), .fwnode = false }
#define FW(o)	{ .ops = (o), .fwnode = true }

/* Catches: a device probed by the wrong driver, or by none that would take it. */
static const struct probe_case ops_chosen_cases[] = {
	/* A fwspec device gets its fwnode's driver behind fwnode-less ones. */
	{ .name = "fwspec_behind_fwnodeless",
	  .inst = { NOFW(0), NOFW(1), FW(2) }, .nr_inst = 3,
	  .fwspec = 2, .accept = BIT(0) | BIT(1) | BIT(2),
	  .leave_fwspec = -1, .serve = -1, .bound = 2, .calls = { 0, 0, 1 } },
	/* A fwspec device gets the instance its fwspec names. */
	{ .name = "fwspec_names_instance",
	  .inst = { FW(0), FW(1) }, .nr_inst = 2,
	  .fwspec = 1, .accept = BIT(0) | BIT(1),
	  .leave_fwspec = -1, .serve = -1, .bound = 1, .calls = { 0, 1, 0 } },
	/* A fwspec device rejected by its driver falls back to nobody. */
	{ .name = "fwspec_rejected",
	  .inst = { NOFW(0), FW(1) }, .nr_inst = 2,
	  .fwspec = 1, .accept = BIT(0),
	  .leave_fwspec = -1, .serve = -1, .bound = -1, .calls = { 0, 1, 0 },
	  .ret = -ENODEV },
	/* A fwspec naming no registered instance asks nobody. */
	{ .name = "fwspec_unknown",
	  .inst = { NOFW(0), FW(1) }, .nr_inst = 2,
	  .fwspec = -1, .fwspec_unknown = true, .accept = BIT(0) | BIT(1),
	  .leave_fwspec = -1, .serve = -1, .bound = -1, .calls = { 0, 0, 0 },
	  .ret = -ENODEV },
	/* The first fwnode-less driver may be a real one, registered earlier. */
	/* A fwspec without fwnode asks the first fwnode-less driver only. */
	{ .name = "fwspec_null_fwnode",
	  .inst = { FW(0), NOFW(1), NOFW(2) }, .nr_inst = 3,
	  .fwspec = -1, .fwspec_null = true, .accept = 0,
	  .leave_fwspec = -1, .serve = -1, .bound = -1,
	  .calls = { 0, AT_MOST_ONCE, 0 },
	  .ret = -ENODEV },
	/* No fwspec, the only driver accepts. */
	{ .name = "only_driver_accepts",
	  .inst = { NOFW(0) }, .nr_inst = 1,
	  .fwspec = -1, .accept = BIT(0),
	  .leave_fwspec = -1, .serve = -1, .bound = 0, .calls = { 1, 0, 0 } },
	/* No fwspec, first driver rejects, second accepts. */
	{ .name = "second_accepts",
	  .inst = { NOFW(0), NOFW(1) }, .nr_inst = 2,
	  .fwspec = -1, .accept = BIT(1),
	  .leave_fwspec = -1, .serve = -1, .bound = 1, .calls = { 1, 1, 0 } },
	/* No fwspec, two drivers reject, third accepts. */
	{ .name = "third_accepts",
	  .inst = { NOFW(0), NOFW(1), NOFW(2) }, .nr_inst = 3,
	  .fwspec = -1, .accept = BIT(2),
	  .leave_fwspec = -1, .serve = -1, .bound = 2, .calls = { 1, 1, 1 } },
	/* No fwspec, the first of two accepting drivers wins. */
	{ .name = "first_acceptor_wins",
	  .inst = { NOFW(0), NOFW(1), NOFW(2) }, .nr_inst = 3,
	  .fwspec = -1, .accept = BIT(1) | BIT(2),
	  .leave_fwspec = -1, .serve = -1, .bound = 1, .calls = { 1, 1, 0 } },
	/* No fwspec, nobody accepts. */
	{ .name = "nobody_accepts",
	  .inst = { NOFW(0), NOFW(1) }, .nr_inst = 2,
	  .fwspec = -1, .accept = 0,
	  .leave_fwspec = -1, .serve = -1, .bound = -1, .calls = { 1, 1, 0 },
	  .ret = -ENODEV },
	/* No fwspec, no instance at all. */
	{ .name = "no_instance",
	  .inst = { }, .nr_inst = 0,
	  .fwspec = -1, .accept = BIT(0),
	  .leave_fwspec = -1, .serve = -1, .bound = -1, .calls = { 0, 0, 0 },
	  .ret = -ENODEV },
	/* No fwspec, the accepting driver serves it from another ops table. */
	{ .name = "served_by_other_ops",
	  .inst = { NOFW(2), NOFW(3) }, .nr_inst = 2,
	  .fwspec = -1, .accept = BIT(2),
	  .leave_fwspec = -1, .serve = 1, .bound = 1, .calls = { 0, 0, 1 } },
};

/* Catches: a driver asked more than once, or asked after another accepted. */
static const struct probe_case once_per_driver_cases[] = {
	/* Three instances of a rejecting driver before the accepting one. */
	{ .name = "rejecting_instances_first",
	  .inst = { NOFW(0), NOFW(0), NOFW(0), NOFW(1) }, .nr_inst = 4,
	  .fwspec = -1, .accept = BIT(1),
	  .leave_fwspec = -1, .serve = -1, .bound = 3, .calls = { 1, 1, 0 } },
	/* Instances of two rejecting drivers interleaved. */
	{ .name = "rejecting_interleaved",
	  .inst = { NOFW(0), NOFW(1), NOFW(0), NOFW(1), NOFW(2) }, .nr_inst = 5,
	  .fwspec = -1, .accept = BIT(2),
	  .leave_fwspec = -1, .serve = -1, .bound = 4, .calls = { 1, 1, 1 } },
	/* Nobody accepts, each driver asked once. */
	{ .name = "nobody_accepts",
	  .inst = { NOFW(0), NOFW(1), NOFW(0), NOFW(1) }, .nr_inst = 4,
	  .fwspec = -1, .accept = 0,
	  .leave_fwspec = -1, .serve = -1, .bound = -1, .calls = { 1, 1, 0 },
	  .ret = -ENODEV },
	/* A driver's fwnode instance does not hide its fwnode-less one. */
	{ .name = "fwnode_instance_first",
	  .inst = { FW(0), NOFW(1), NOFW(0) }, .nr_inst = 3,
	  .fwspec = -1, .accept = BIT(0),
	  .leave_fwspec = -1, .serve = -1, .bound = 2, .calls = { 1, 1, 0 } },
	/* A driver with two ops tables is asked once. */
	{ .name = "two_ops_tables",
	  .inst = { NOFW(2), NOFW(3), NOFW(1) }, .nr_inst = 3,
	  .fwspec = -1, .accept = BIT(1),
	  .leave_fwspec = -1, .serve = -1, .bound = 2, .calls = { 0, 1, 1 } },
};

/* Catches: a driver that needs a fwspec asked about a device without one. */
static const struct probe_case fwspec_drivers_skipped_cases[] = {
	/* A fwnode driver first in the list. */
	{ .name = "fwnode_driver_first",
	  .inst = { FW(0), NOFW(1) }, .nr_inst = 2,
	  .fwspec = -1, .accept = BIT(0) | BIT(1),
	  .leave_fwspec = -1, .serve = -1, .bound = 1, .calls = { 0, 1, 0 } },
	/* A fwnode driver is the only one. */
	{ .name = "fwnode_driver_only",
	  .inst = { FW(0) }, .nr_inst = 1,
	  .fwspec = -1, .accept = BIT(0),
	  .leave_fwspec = -1, .serve = -1, .bound = -1, .calls = { 0, 0, 0 },
	  .ret = -ENODEV },
	/* Fwnode drivers around a rejecting fwnode-less one. */
	{ .name = "fwnode_drivers_around",
	  .inst = { FW(0), NOFW(1), FW(2) }, .nr_inst = 3,
	  .fwspec = -1, .accept = BIT(0) | BIT(2),
	  .leave_fwspec = -1, .serve = -1, .bound = -1, .calls = { 0, 1, 0 },
	  .ret = -ENODEV },
};

/*
 * Catches: an error other than "not mine" treated as "not mine" (the device
 * silently ends up without its IOMMU, or with another one) or returned as
 * -ENODEV, and state a rejecting driver left shown to the next one.
 */
static const struct probe_case driver_answers_cases[] = {
	/* An error other than -ENODEV ends the walk and is returned. */
	{ .name = "error_ends_walk",
	  .inst = { NOFW(0), NOFW(1) }, .nr_inst = 2,
	  .fwspec = -1, .accept = BIT(1), .reject = { -ENOMEM },
	  .leave_fwspec = -1, .serve = -1, .bound = -1, .calls = { 1, 0, 0 },
	  .reprobe = -ENOMEM,
	  .ret = -ENOMEM },
	/* -EINVAL from a lone driver is returned, as before. */
	{ .name = "einval_returned",
	  .inst = { NOFW(0) }, .nr_inst = 1,
	  .fwspec = -1, .accept = 0, .reject = { -EINVAL },
	  .leave_fwspec = -1, .serve = -1, .bound = -1, .calls = { 1, 0, 0 },
	  .reprobe = -EINVAL,
	  .ret = -EINVAL },
	/* An error from a fwspec device's driver is returned. */
	{ .name = "fwspec_error_returned",
	  .inst = { NOFW(0), FW(1) }, .nr_inst = 2,
	  .fwspec = 1, .accept = 0, .reject = { 0, -ENOMEM },
	  .leave_fwspec = -1, .serve = -1, .bound = -1, .calls = { 0, 1, 0 },
	  .ret = -ENOMEM },
	/* A fwspec left by a rejecting driver is dropped before the next. */
	{ .name = "leftover_fwspec_dropped",
	  .inst = { FW(0), NOFW(1), NOFW(2) }, .nr_inst = 3,
	  .fwspec = -1, .accept = BIT(2),
	  .leave_fwspec = 0, .serve = -1, .bound = 2, .calls = { 0, 1, 1 } },
	/* A fwspec left when nobody accepts is dropped. */
	{ .name = "leftover_fwspec_nobody",
	  .inst = { FW(0), NOFW(1), NOFW(2) }, .nr_inst = 3,
	  .fwspec = -1, .accept = 0,
	  .leave_fwspec = 0, .serve = -1, .bound = -1, .calls = { 0, 1, 1 },
	  .ret = -ENODEV },
};

KUNIT_ARRAY_PARAM_DESC(ops_chosen, ops_chosen_cases, name);
KUNIT_ARRAY_PARAM_DESC(once_per_driver, once_per_driver_cases, name);
KUNIT_ARRAY_PARAM_DESC(fwspec_drivers_skipped, fwspec_drivers_skipped_cases, name);
KUNIT_ARRAY_PARAM_DESC(driver_answers, driver_answers_cases, name);

/* A client as @pc arranges it, not added yet. */
static struct fake_client *probe_case_client(struct kunit *test, const struct probe_case *pc)
{
	struct fake_world *w = test->priv;
	struct fake_client *c = fake_client_alloc(test, pc->accept);

	memcpy(c->reject, pc->reject, sizeof(c->reject));
	/* The case's instances are the world's first ones, in table order. */
	if (pc->leave_fwspec >= 0)
		c->leave_fwspec = &w->fw_mem[pc->leave_fwspec].fwnode;
	if (pc->serve >= 0)
		c->serve = &w->inst_mem[pc->serve];
	return c;
}

/*
 * Give @c the fwspec @pc arranges. One naming no registered instance is
 * given while its instance is there, which is gone once it is probed.
 */
static void probe_case_set_fwspec(struct kunit *test, const struct probe_case *pc,
				  struct fake_client *c, struct fake_instance **inst)
{
	struct fake_instance *gone;

	if (pc->fwspec >= 0) {
		fake_client_set_fwspec(test, c, &inst[pc->fwspec]->fw->fwnode);
	} else if (pc->fwspec_null) {
		fake_client_set_fwspec(test, c, NULL);
	} else if (pc->fwspec_unknown) {
		gone = fake_instance_add(test, 0, true);
		fake_client_set_fwspec(test, c, &gone->fw->fwnode);
		fake_instance_unregister(gone);
	}
}

/* A driver the row lets go unasked (AT_MOST_ONCE) was not: a real one was. */
static bool probe_case_real_driver_asked(const struct probe_case *pc, struct fake_client *c)
{
	unsigned int i;

	for (i = 0; i < FAKE_DRIVERS; i++)
		if (pc->calls[i] == AT_MOST_ONCE && !atomic_read(&c->probe_calls[i]))
			return true;
	return false;
}

/*
 * What the probe of @c did, which @step made: who was asked (if @calls, as
 * the row says; else, by several probes, only what they ended with), and
 * what it got.
 */
static void probe_case_check(struct kunit *test, const struct probe_case *pc,
			     struct fake_client *c, struct fake_instance **inst,
			     const char *step, bool calls)
{
	unsigned int i;

	for (i = 0; calls && i < FAKE_DRIVERS; i++) {
		int calls = atomic_read(&c->probe_calls[i]);

		if (pc->calls[i] == AT_MOST_ONCE)
			KUNIT_EXPECT_LE_MSG(test, calls, 1,
					    "%s: probe_device() calls of driver %u", step, i);
		else if (calls != pc->calls[i])
			KUNIT_FAIL(test, "%s: driver %u asked %d times, expected %u",
				   step, i, calls, pc->calls[i]);
	}
	if (pc->bound >= 0) {
		KUNIT_EXPECT_PTR_EQ_MSG(test, READ_ONCE(c->bound), inst[pc->bound],
					"%s: the instance the driver returned", step);
		KUNIT_EXPECT_PTR_EQ_MSG(test, fake_client_ops(c), &inst[pc->bound]->fops->ops,
					"%s: the ops the device ended up with", step);
		KUNIT_EXPECT_NOT_NULL_MSG(test, c->pdev->dev.iommu_group, "%s: no group", step);
	} else {
		KUNIT_EXPECT_NULL_MSG(test, c->pdev->dev.iommu_group,
				      "%s: a device no driver took has a group", step);
	}
}

/*
 * Rows a driver that registers after the client can take part in: the
 * client has no fwspec (a fwspec naming an instance not registered yet is
 * dropped by the first probe; firmware-described devices wait by probe
 * deferral instead), no driver fails the probe with another error than
 * -ENODEV (the registration walk would fail the registering driver), and
 * the accepting driver serves the client from its own first instance.
 */
static bool probe_case_late(const struct probe_case *pc)
{
	return pc->fwspec < 0 && !pc->fwspec_null && !pc->fwspec_unknown &&
	       pc->serve < 0 && !memchr_inv(pc->reject, 0, sizeof(pc->reject));
}

/*
 * Register @pc's instances after its client @c exists. Each registration's
 * bus walk offers @c to the drivers, asking each once at most and none once
 * @c is probed; the walk of the instance @c must end up with asks its driver.
 */
static void probe_case_register_late(struct kunit *test, const struct probe_case *pc,
				     struct fake_client *c, struct fake_instance **inst)
{
	int before[FAKE_DRIVERS], asked, want;
	unsigned int i, n;
	bool probed;

	for (i = 0; i < pc->nr_inst; i++) {
		probed = c->pdev->dev.iommu_group;
		for (n = 0; n < FAKE_DRIVERS; n++)
			before[n] = atomic_read(&c->probe_calls[n]);
		inst[i] = fake_instance_add(test, pc->inst[i].ops, pc->inst[i].fwnode);
		for (n = 0; n < FAKE_DRIVERS; n++) {
			asked = atomic_read(&c->probe_calls[n]) - before[n];
			want = probed ? 0 : 1;
			if (asked > want ||
			    ((int)i == pc->bound && n == inst[i]->fops->driver && asked != 1))
				KUNIT_FAIL(test, "late: instance %u asked driver %u %d times",
					   i, n, asked);
		}
	}
}

static void iommu_probe_test_run_case(struct kunit *test)
{
	const struct probe_case *pc = test->param_value;
	struct fake_world *w = test->priv;
	struct fake_instance *inst[ARRAY_SIZE(pc->inst)];
	struct fake_client *c;
	unsigned int i;
	int ret;

	/*
	 * The drivers register after the client exists, as VT-d and AMD-Vi do
	 * at boot: the client ends up where it would have had they been there
	 * first.
	 */
	if (probe_case_late(pc)) {
		c = probe_case_client(test, pc);
		fake_client_add(test, c);
		probe_case_register_late(test, pc, c, inst);
		probe_case_check(test, pc, c, inst, "registered after the client", false);
		fake_client_remove(test, c);
	} else {
		for (i = 0; i < pc->nr_inst; i++)
			inst[i] = fake_instance_add(test, pc->inst[i].ops, pc->inst[i].fwnode);
	}

	/* The client is added with its fwspec: the bus notifier probes it. */
	c = probe_case_client(test, pc);
	probe_case_set_fwspec(test, pc, c, inst);
	w->reprobe_ret = pc->reprobe;
	__fake_client_add(test, c);
	probe_case_check(test, pc, c, inst, "added", true);
	fake_check(test);
	w->reprobe_ret = 0;
	fake_client_remove(test, c);

	/*
	 * The client is described to the IOMMU layer after it was added, and
	 * probed with iommu_probe_device(), as firmware code does when the
	 * device's driver binds: what the probe returns is seen, which the
	 * bus notifier drops.
	 */
	c = probe_case_client(test, pc);
	c->hidden = true;
	fake_client_add(test, c);
	probe_case_set_fwspec(test, pc, c, inst);
	WRITE_ONCE(c->hidden, false);
	ret = iommu_probe_device(&c->pdev->dev);
	/*
	 * Where a real driver registered earlier was asked instead of a fake
	 * (an AT_MOST_ONCE driver not asked), its answer is returned, which
	 * the row cannot know: 6.12's virtio-iommu, registered without a
	 * fwnode, takes a fwspec without one for its own and fails it with
	 * -EINVAL. probe_case_check() still checks the device got no group.
	 */
	if (!probe_case_real_driver_asked(pc, c))
		KUNIT_EXPECT_EQ_MSG(test, ret, pc->ret, "what iommu_probe_device() returns");
	probe_case_check(test, pc, c, inst, "probed by iommu_probe_device()", true);
	w->reprobe_ret = pc->reprobe;
	fake_check(test);
	w->reprobe_ret = 0;
	fake_client_remove(test, c);
}

/*
 * One function per table, so that each table reports as a case of its own;
 * what each catches is said above its table.
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

static void iommu_probe_test_driver_answers(struct kunit *test)
{
	iommu_probe_test_run_case(test);
}

/*
 * Catches: drivers asked again about a device that is already probed, by
 * the bus walk of a later registration.
 */
static void iommu_probe_test_probed_device_not_offered_again(struct kunit *test)
{
	struct fake_client *c;

	fake_instance_add(test, 0, false);
	fake_instance_add(test, 1, false);
	c = fake_client_new(test, BIT(0) | BIT(1), NULL);
	KUNIT_ASSERT_EQ(test, fake_client_driver(c), 0);

	fake_instance_add(test, 2, false);
	fake_instance_add(test, 0, false);

	KUNIT_EXPECT_EQ(test, atomic_read(&c->probe_calls[0]), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->probe_calls[1]), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->probe_calls[2]), 0);
	KUNIT_EXPECT_EQ(test, fake_client_driver(c), 0);
}

enum fake_failure {
	FAKE_PROBED,
	FAKE_PROBE_FAILS,
	FAKE_GROUP_FAILS,
	FAKE_GROUP_IS_NULL,
	FAKE_NO_DEFAULT_DOMAIN,
};

struct refs_case {
	const char *name;
	enum fake_failure failure;
	bool fwspec;
	/* The driver has no release_device(). */
	bool no_release;
	/* What probing the client again returns (without a fwspec, it is). */
	int reprobe;
};

/*
 * An owner module that is going away is not arranged: only the module loader
 * may put a module in that state.
 *
 * Catches: a module or fwnode reference leaked or dropped twice on a probe
 * path, taken before the driver accepted the device, not dropped at release,
 * a successful probe_device() not undone with release_device() when the
 * probe fails after it, or a failure after it that fails the probing of
 * the whole bus.
 */
static const struct refs_case refs_cases[] = {
	/* Probed then released, fwspec. */
	{ .name = "probed_fwspec",
	  .failure = FAKE_PROBED, .fwspec = true },
	/* Probed then released, no fwspec. */
	{ .name = "probed",
	  .failure = FAKE_PROBED, .fwspec = false },
	/* probe_device() fails, fwspec. */
	{ .name = "probe_fails_fwspec",
	  .failure = FAKE_PROBE_FAILS, .fwspec = true },
	/* probe_device() fails, no fwspec. */
	{ .name = "probe_fails",
	  .failure = FAKE_PROBE_FAILS, .fwspec = false },
	/* Probed then released, driver without release_device(). */
	{ .name = "no_release_device",
	  .failure = FAKE_PROBED, .fwspec = false, .no_release = true },
	/* device_group() fails, fwspec. */
	{ .name = "group_fails_fwspec",
	  .failure = FAKE_GROUP_FAILS, .fwspec = true },
	/* device_group() fails, no fwspec. */
	{ .name = "group_fails",
	  .failure = FAKE_GROUP_FAILS, .fwspec = false, .reprobe = -ENOSPC },
	/* device_group() returns NULL, fwspec. */
	{ .name = "group_null_fwspec",
	  .failure = FAKE_GROUP_IS_NULL, .fwspec = true },
	/* Default domain cannot be set up, fwspec. */
	{ .name = "no_domain_fwspec",
	  .failure = FAKE_NO_DEFAULT_DOMAIN, .fwspec = true },
	/* Default domain cannot be set up, no fwspec. */
	{ .name = "no_domain",
	  .failure = FAKE_NO_DEFAULT_DOMAIN, .fwspec = false, .reprobe = -EOPNOTSUPP },
};

KUNIT_ARRAY_PARAM_DESC(refs, refs_cases, name);

static void iommu_probe_test_refs_balance(struct kunit *test)
{
	const struct refs_case *rc = test->param_value;
	struct fake_world *w = test->priv;
	enum fake_failure f = rc->failure;
	struct fake_ops *fops = &w->ops[0];
	bool probed = f == FAKE_PROBED;
	struct fake_instance *inst;
	struct fake_client *c;

	inst = fake_instance_add(test, 0, rc->fwspec);
	if (f == FAKE_NO_DEFAULT_DOMAIN)
		fops->ops.identity_domain = NULL;
	if (rc->no_release)
		fops->ops.release_device = NULL;

	c = fake_client_alloc(test, f == FAKE_PROBE_FAILS ? 0 : BIT(0));
	if (rc->fwspec)
		fake_client_set_fwspec(test, c, &inst->fw->fwnode);
	if (f == FAKE_GROUP_FAILS)
		c->group = FAKE_GROUP_ERROR;
	if (f == FAKE_GROUP_IS_NULL) {
		c->group = FAKE_GROUP_NULL;
		/*
		 * The core warns once per boot about this driver bug: hide the
		 * backtrace, but do not count on it, so that the suite also
		 * passes when it runs again.
		 */
		kunit_warning_suppress(test) {
			__fake_client_add(test, c);
			KUNIT_EXPECT_LE(test, KUNIT_SUPPRESSED_WARNING_COUNT(), 1);
		}
	} else {
		__fake_client_add(test, c);
	}

	/* What the probe when the device was added did. */
	KUNIT_EXPECT_EQ(test, atomic_read(&c->probe_calls[0]), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->accepted[0]), f != FAKE_PROBE_FAILS);
	KUNIT_EXPECT_EQ(test, !!c->pdev->dev.iommu_group, probed);
	/* A driver that accepted the device is told when it is given up. */
	KUNIT_EXPECT_EQ(test, atomic_read(&c->released[0]),
			!probed && f != FAKE_PROBE_FAILS && !rc->no_release);
	w->reprobe_ret = rc->reprobe;
	fake_check(test);

	w->reprobe_ret = 0;
	fake_client_remove(test, c);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->released[0]),
			rc->no_release ? 0 : atomic_read(&c->accepted[0]));
}

/*
 * Catches: groups that a registration's bus walk queued before a device
 * failed to probe, or before another group's default domain could not be
 * set up, left without their default domain and still queued on the
 * walk's list.
 */
static void iommu_probe_test_walk_error_sets_up_groups(struct kunit *test)
{
	struct fake_world *w = test->priv;
	struct fake_client *nodomain, *probed, *fails, *later;

	/* Driver 2's ops have no domain to give: its groups cannot be set up. */
	w->ops[2].ops.identity_domain = NULL;
	fake_instance_add(test, 1, false);
	fake_instance_add(test, 2, false);

	/* Not described yet, so that the next registration's walk takes them. */
	nodomain = fake_client_alloc(test, BIT(2));
	nodomain->hidden = true;
	fake_client_add(test, nodomain);
	probed = fake_client_alloc(test, BIT(1));
	probed->hidden = true;
	fake_client_add(test, probed);
	later = fake_client_alloc(test, BIT(2));
	later->hidden = true;
	fake_client_add(test, later);

	/* Driver 1 fails this one with -ENOMEM, in every walk from now on. */
	fails = fake_client_alloc(test, 0);
	fails->reject[1] = -ENOMEM;
	w->reprobe_ret = -ENOMEM;
	fake_client_add(test, fails);
	WRITE_ONCE(nodomain->hidden, false);
	WRITE_ONCE(probed->hidden, false);

	/*
	 * The walk queues both groups, the one that cannot be set up first,
	 * then stops at the failing device; registering fails with its error.
	 * fake_check() then finds the probed client with its domain.
	 */
	fake_instance_add_ret(test, 0, false, -ENOMEM);
	KUNIT_EXPECT_EQ(test, fake_client_driver(probed), 1);
	KUNIT_EXPECT_EQ(test, fake_client_driver(nodomain), 2);
	KUNIT_EXPECT_NULL(test, fails->pdev->dev.iommu_group);

	/* A walk whose only failure is a default domain returns that error. */
	w->reprobe_ret = 0;
	fake_client_remove(test, fails);
	WRITE_ONCE(later->hidden, false);
	fake_instance_add_ret(test, 0, false, -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, fake_client_driver(later), 2);
}

struct unregister_case {
	const char *name;
	bool fwspec;
};

/*
 * Catches: a device probed by an instance that is being unregistered, and
 * left pointing at it once iommu_device_unregister() returned.
 */
static const struct unregister_case unregister_cases[] = {
	{ .name = "no_fwspec", .fwspec = false },
	{ .name = "fwspec", .fwspec = true },
};

KUNIT_ARRAY_PARAM_DESC(unregister, unregister_cases, name);

/*
 * The unregistering thread and what it waits on: allocated, not on the case's
 * stack, since the thread may still use it when an assertion ends the case.
 */
struct fake_unregister {
	struct fake_instance *inst;
	/* Only take the instance off the list: its sysfs device stays. */
	bool unlist_only;
	struct task_struct *task;
	/* The instance's client's release_device() waits for go. */
	struct completion entered;
	struct completion go;
	struct completion done;
};

static int fake_unregister_fn(void *data)
{
	struct fake_unregister *u = data;

	if (u->unlist_only) {
		iommu_device_unregister(&u->inst->iommu);
		u->inst->off_list = true;
	} else {
		fake_instance_unregister(u->inst);
	}
	/* For every waiter: a timed wait of the case may have seen it. */
	complete_all(&u->done);
	return 0;
}

static void fake_unregister_init(struct fake_unregister *u, struct fake_instance *inst)
{
	u->inst = inst;
	init_completion(&u->entered);
	init_completion(&u->go);
	init_completion(&u->done);
}

/*
 * Let the held thread go and wait until its unregistration returned, before
 * the case's other cleanups run: also when an assertion ended the case while
 * the thread was held, with a group mutex taken.
 */
static void fake_unregister_finish(void *data)
{
	struct fake_unregister *u = data;

	complete_all(&u->go);
	if (u->task)
		wait_for_completion(&u->done);
}

/*
 * Another thread unregisters an instance and is held in the release of a
 * device the instance probed, the window where the core still had the
 * instance on its list before P8 was kept. A new device is added then, and
 * must not be given to the instance; once the unregistration has returned no
 * device may point at it. The interleaving is forced with completions, so
 * the verdict does not depend on timing.
 */
static void iommu_probe_test_unregistering_instance(struct kunit *test)
{
	const struct unregister_case *uc = test->param_value;
	struct fake_client *held, *c;
	struct fake_unregister *u;
	struct fwnode_handle *fwnode = NULL;

	u = kunit_kzalloc(test, sizeof(*u), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, u);
	fake_unregister_init(u, fake_instance_add(test, 0, uc->fwspec));
	if (uc->fwspec)
		fwnode = &u->inst->fw->fwnode;

	held = fake_client_new(test, BIT(0), fwnode);
	KUNIT_ASSERT_PTR_EQ(test, READ_ONCE(held->bound), u->inst);
	c = fake_client_alloc(test, BIT(0));
	if (fwnode)
		fake_client_set_fwspec(test, c, fwnode);

	held->release_entered = &u->entered;
	held->release_go = &u->go;
	u->task = kthread_run(fake_unregister_fn, u, "iommu-probe-kunit-unreg");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, u->task);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, fake_unregister_finish, u), 0);
	/* Only so that a broken core fails the case instead of hanging it. */
	if (wait_for_completion_timeout(&u->entered, 30 * HZ)) {
		/* The instance is being unregistered: the new device is not its. */
		__fake_client_add(test, c);
		KUNIT_EXPECT_EQ(test, atomic_read(&c->probe_calls[0]), 0);
		KUNIT_EXPECT_NULL(test, c->pdev->dev.iommu_group);
	} else {
		KUNIT_FAIL(test, "the unregistration never released the device");
	}
	kunit_release_action(test, fake_unregister_finish, u);
	held->release_entered = NULL;
	KUNIT_EXPECT_NULL(test, held->pdev->dev.iommu_group);
	KUNIT_EXPECT_EQ(test, atomic_read(&held->released[0]), 1);
	fake_check(test);
}

/*
 * The threads of iommu_probe_test_unregister_during_probe() and what they
 * wait on: allocated, not on the case's stack, since they may still use it
 * when an assertion ends the case.
 */
struct fake_during {
	struct kunit *test;
	struct fake_client *c;
	struct task_struct *adder;
	struct completion entered;
	struct completion go;
	struct completion added;
	int add_ret;
	struct fake_unregister unreg;
};

static int fake_during_add_fn(void *data)
{
	struct fake_during *d = data;

	d->add_ret = kunit_platform_device_add(d->test, d->c->pdev);
	complete_all(&d->added);
	/* Also when the probe never reached the driver, which fails the case. */
	complete(&d->entered);
	return 0;
}

/*
 * Let the held probe go and wait for both threads, before the case's other
 * cleanups run: also when an assertion ended the case while they were held.
 */
static void fake_during_finish(void *data)
{
	struct fake_during *d = data;

	complete_all(&d->go);
	wait_for_completion(&d->added);
	/* Only now may the unregistration release the device. */
	fake_unregister_finish(&d->unreg);
}

/*
 * Catches: an instance taken off the list, and its devices released, while a
 * probe that found it on the list is still running, which then leaves the
 * device with an instance that is gone (what taking the list's changes
 * under iommu_probe_device_lock prevents). A device is added in another
 * thread, whose probe is held inside the instance's probe_device(); the
 * instance is unregistered meanwhile. The unregistration must wait for the
 * probe, then release the device. The interleaving is forced with
 * completions; only how long a broken core gets to show it is a bound.
 * The release is held until the probe has returned: iommu_probe_device()
 * reads dev->iommu after dropping iommu_probe_device_lock, which a release
 * may free meanwhile, a race of its own that this case does not look for.
 */
static void iommu_probe_test_unregister_during_probe(struct kunit *test)
{
	const struct unregister_case *uc = test->param_value;
	struct fake_during *d;
	struct fake_client *c;

	d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, d);
	d->test = test;
	init_completion(&d->entered);
	init_completion(&d->go);
	init_completion(&d->added);
	fake_unregister_init(&d->unreg, fake_instance_add(test, 0, uc->fwspec));
	d->unreg.unlist_only = true;
	c = fake_client_alloc(test, BIT(0));
	if (uc->fwspec)
		fake_client_set_fwspec(test, c, &d->unreg.inst->fw->fwnode);
	c->probe_entered = &d->entered;
	c->probe_go = &d->go;
	c->added = true;
	d->c = c;

	d->adder = kthread_run(fake_during_add_fn, d, "iommu-probe-kunit-add");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, d->adder);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, fake_during_finish, d), 0);
	/* Only so that a broken core fails the case instead of hanging it. */
	KUNIT_ASSERT_TRUE_MSG(test, wait_for_completion_timeout(&d->entered, 30 * HZ),
			      "the probe never reached the instance's driver");
	KUNIT_ASSERT_FALSE_MSG(test, completion_done(&d->added),
			       "the probe never reached the instance's driver");

	d->unreg.task = kthread_run(fake_unregister_fn, &d->unreg, "iommu-probe-kunit-unreg");
	if (IS_ERR(d->unreg.task)) {
		d->unreg.task = NULL;
		KUNIT_FAIL(test, "could not start the unregistering thread");
		return;
	}
	/*
	 * Hold the device's release by that thread, not one by the probe
	 * itself on a failure path: it could not return then. Set before the
	 * probe goes on, which is the earliest that thread may release it.
	 */
	c->release_task = d->unreg.task;
	c->release_entered = &d->unreg.entered;
	c->release_go = &d->unreg.go;
	KUNIT_EXPECT_FALSE_MSG(test, wait_for_completion_timeout(&d->unreg.done, HZ / 2),
			       "iommu_device_unregister() returned while a probe that had found the instance ran");
	kunit_release_action(test, fake_during_finish, d);
	c->probe_entered = NULL;
	c->release_entered = NULL;
	KUNIT_EXPECT_EQ(test, d->add_ret, 0);

	/* P8: the unregistration released the device the probe gave it. */
	KUNIT_EXPECT_NULL_MSG(test, c->pdev->dev.iommu_group,
			      "the device was left with the unregistered instance");
	KUNIT_EXPECT_EQ(test, atomic_read(&c->accepted[0]), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->released[0]), 1);
	/* Before the instance's sysfs device goes, which a device left with it uses. */
	fake_client_remove(test, c);
	fake_instance_unregister(d->unreg.inst);
	fake_check(test);
}

/* An instance of driver 0 that registers and unregisters in another thread. */
struct fake_racer {
	struct fake_world *world;
	struct fake_instance *inst;
	struct task_struct *task;
	unsigned int rounds;
	/* Rounds the test allows so far: two for each device it adds. */
	unsigned int budget;
	unsigned int left_behind;
	int ret;
};

static int fake_racer_fn(void *data)
{
	struct fake_racer *r = data;
	struct fake_world *w = r->world;
	struct fake_instance *inst = r->inst;
	unsigned int i, left;

	while (!kthread_should_stop()) {
		/*
		 * Each round re-probes every device and logs it: unbounded, a
		 * slow machine's rounds would flood the log past its buffer.
		 */
		if (r->rounds >= READ_ONCE(r->budget)) {
			usleep_range(50, 100);
			continue;
		}
		memset(&inst->iommu, 0, sizeof(inst->iommu));
		WRITE_ONCE(inst->registered, true);
		if (fake_iommu_add(&inst->iommu, &inst->fops->ops, NULL)) {
			WRITE_ONCE(inst->registered, false);
			r->ret = -EIO;
			break;
		}
		cond_resched();
		fake_iommu_del(&inst->iommu);

		/* P8: once unregistering returned, no device is left with it. */
		left = 0;
		mutex_lock(&w->clients_lock);
		for (i = 0; i < w->nr_clients; i++) {
			struct fake_client *c = &w->client[i];
			struct dev_iommu *param;

			if (!fake_client_live(c))
				continue;
			param = c->pdev->dev.iommu;
			left += param && param->iommu_dev == &inst->iommu;
		}
		mutex_unlock(&w->clients_lock);
		WRITE_ONCE(r->left_behind, r->left_behind + left);
		WRITE_ONCE(inst->registered, false);
		WRITE_ONCE(r->rounds, r->rounds + 1);
	}
	/* kthread_stop() must find the thread still there. */
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

static void fake_racer_stop(void *data)
{
	struct fake_racer *r = data;

	kthread_stop_put(r->task);
}

/*
 * Catches, on more than one CPU: a device that another thread's
 * unregistration leaves pointing at the instance, because a probe bound it
 * after the instance's devices were released but before it left the list.
 * The same interleaving as iommu_probe_test_unregistering_instance, left to
 * chance instead of forced, over many rounds.
 */
static void iommu_probe_test_unregister_races_probes(struct kunit *test)
{
	struct fake_world *w = test->priv;
	unsigned int i, rounds, left_behind;
	struct fake_racer *r;

	if (!IS_ENABLED(CONFIG_IOMMU_PROBE_KUNIT_TEST_INTRUSIVE))
		kunit_skip(test, "a stress case: CONFIG_IOMMU_PROBE_KUNIT_TEST_INTRUSIVE");
	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_LT(test, w->nr_inst, FAKE_INSTANCES);
	r->world = w;
	r->inst = &w->inst_mem[w->nr_inst];
	r->inst->world = w;
	r->inst->fops = &w->ops[0];
	w->inst[w->nr_inst++] = r->inst;

	r->task = kthread_run(fake_racer_fn, r, "iommu-probe-kunit-racer");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, r->task);
	get_task_struct(r->task);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, fake_racer_stop, r), 0);

	/*
	 * Devices are only added while the other thread runs: removing one
	 * while a registration probes the bus is a race of its own (the
	 * release does not take iommu_probe_device_lock), not this one.
	 */
	for (i = 0; i < FAKE_CLIENTS - 1; i++) {
		struct fake_client *c;

		WRITE_ONCE(r->budget, r->budget + 2);
		mutex_lock(&w->clients_lock);
		c = fake_client_alloc(test, BIT(0));
		__fake_client_add(test, c);
		mutex_unlock(&w->clients_lock);
		/* Let the other thread run, also on a uniprocessor kernel. */
		usleep_range(200, 500);
	}

	kunit_release_action(test, fake_racer_stop, r);
	rounds = READ_ONCE(r->rounds);
	left_behind = READ_ONCE(r->left_behind);
	kunit_info(test, "%u registrations raced %u probes\n", rounds, FAKE_CLIENTS - 1);
	KUNIT_EXPECT_EQ(test, r->ret, 0);
	KUNIT_EXPECT_GT(test, rounds, 0);
	KUNIT_EXPECT_EQ_MSG(test, left_behind, 0,
			    "devices left with an instance after it was unregistered");
	fake_check(test);
}

/* Instances of drivers 0 and 2 that come and go while the test probes. */
/* At most this many registrations of each churning instance per added client. */
#define FAKE_CHURN_ROUNDS	2

struct fake_churn {
	struct fake_world *world;
	struct task_struct *task;
	/* Registered and unregistered by the thread; they outlive it. */
	struct iommu_device iommu[2];
	unsigned int rounds;
	/* Clients the test has added so far: the thread's budget. */
	unsigned int clients;
	int ret;
};

static int fake_churn_fn(void *data)
{
	struct fake_churn *churn = data;
	unsigned int n;

	while (!kthread_should_stop()) {
		/* Bounded: wait for the test to add clients. */
		if (churn->rounds >= FAKE_CHURN_ROUNDS * (READ_ONCE(churn->clients) + 1)) {
			schedule_timeout_interruptible(1);
			continue;
		}
		for (n = 0; n < 2; n++) {
			memset(&churn->iommu[n], 0, sizeof(churn->iommu[n]));
			if (fake_iommu_add(&churn->iommu[n], &churn->world->ops[2 * n].ops, NULL))
				goto err;
		}
		for (n = 0; n < 2; n++)
			fake_iommu_del(&churn->iommu[n]);
		WRITE_ONCE(churn->rounds, churn->rounds + 1);
		cond_resched();
	}
	return 0;

err:
	while (n--)
		fake_iommu_del(&churn->iommu[n]);
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
 * and unregister without the lock that keeps it consistent (the walk then
 * misses, repeats or leaves instances: the call counts and fake_check() show
 * it, and KASAN or DEBUG_LIST, when enabled, report it), or calling
 * probe_device() where it may not sleep.
 */
static void iommu_probe_test_instances_come_and_go(struct kunit *test)
{
	struct fake_world *w = test->priv;
	struct fake_churn *churn;
	unsigned int i;

	if (!IS_ENABLED(CONFIG_IOMMU_PROBE_KUNIT_TEST_INTRUSIVE))
		kunit_skip(test, "a stress case: CONFIG_IOMMU_PROBE_KUNIT_TEST_INTRUSIVE");
	churn = kunit_kzalloc(test, sizeof(*churn), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, churn);
	churn->world = w;

	fake_instance_add(test, 0, false);
	churn->task = kthread_run(fake_churn_fn, churn, "iommu-probe-kunit-churn");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, churn->task);
	get_task_struct(churn->task);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, fake_churn_stop, churn), 0);
	/* Registered last, never first: the walk must get past the others. */
	fake_instance_add(test, 1, false);

	for (i = 0; i < FAKE_CHURN_CLIENTS; i++) {
		struct fake_client *c = fake_client_alloc(test, BIT(1));

		__fake_client_add(test, c);
		KUNIT_EXPECT_EQ(test, fake_client_driver(c), 1);
		KUNIT_EXPECT_EQ(test, atomic_read(&c->probe_calls[0]), 1);
		KUNIT_EXPECT_EQ(test, atomic_read(&c->probe_calls[1]), 1);
		KUNIT_EXPECT_LE(test, atomic_read(&c->probe_calls[2]), 1);
		kunit_platform_device_unregister(test, c->pdev);
		c->removed = true;
		KUNIT_EXPECT_EQ(test, atomic_read(&c->released[1]), 1);
		WRITE_ONCE(churn->clients, i + 1);
		/* Let the other thread run, also on a uniprocessor kernel. */
		usleep_range(500, 1000);
	}

	kunit_release_action(test, fake_churn_stop, churn);
	KUNIT_EXPECT_EQ(test, churn->ret, 0);
	KUNIT_EXPECT_GT(test, READ_ONCE(churn->rounds), 0);
	fake_check(test);
}

/*
 * Catches: the suite's drivers or the core disturbing devices of real IOMMU
 * drivers: every device that had an IOMMU group before the suite still has
 * the same group and domain (checked after every case; this case says
 * whether there was anything to check).
 */
static void iommu_probe_test_other_devices_untouched(struct kunit *test)
{
	if (!IS_ENABLED(CONFIG_IOMMU_PROBE_KUNIT_TEST_INTRUSIVE))
		kunit_skip(test, "reads other devices: CONFIG_IOMMU_PROBE_KUNIT_TEST_INTRUSIVE");
	if (!others.nr)
		kunit_skip(test, "no device outside the suite has an IOMMU group here");
	kunit_info(test, "%u devices of other IOMMU drivers checked after every case\n",
		   others.nr);
	fake_instance_add(test, 0, false);
	fake_instance_add(test, 1, true);
	fake_client_new(test, BIT(0), NULL);
}

/* Which driver a device is given to, and who is asked. */
static struct kunit_case iommu_probe_choice_cases[] = {
	KUNIT_CASE_PARAM(iommu_probe_test_ops_chosen, ops_chosen_gen_params),
	KUNIT_CASE_PARAM(iommu_probe_test_once_per_driver, once_per_driver_gen_params),
	KUNIT_CASE_PARAM(iommu_probe_test_fwspec_drivers_skipped,
			 fwspec_drivers_skipped_gen_params),
	/* Catches: drivers asked again about a device that is already probed. */
	KUNIT_CASE(iommu_probe_test_probed_device_not_offered_again),
	{}
};

/* What a driver's answers and failures leave behind: errors and references. */
static struct kunit_case iommu_probe_failure_cases[] = {
	KUNIT_CASE_PARAM(iommu_probe_test_driver_answers, driver_answers_gen_params),
	KUNIT_CASE_PARAM(iommu_probe_test_refs_balance, refs_gen_params),
	/* Catches: an instance without probe_device() registered, for the walk to call. */
	KUNIT_CASE(iommu_probe_test_no_probe_device_refused),
	/* Catches: groups a failed bus walk queued left without a default domain. */
	KUNIT_CASE(iommu_probe_test_walk_error_sets_up_groups),
	{}
};

/* Instances that go away while devices are probed, and other drivers' devices. */
static struct kunit_case iommu_probe_unregister_cases[] = {
	/* Catches: a device given to, or left with, an instance being unregistered. */
	KUNIT_CASE_PARAM(iommu_probe_test_unregistering_instance, unregister_gen_params),
	/* Catches: an instance off the list while a probe that found it still runs. */
	KUNIT_CASE_PARAM(iommu_probe_test_unregister_during_probe, unregister_gen_params),
	/* Catches: a device left with an instance whose unregistration raced its probe. */
	KUNIT_CASE_SLOW(iommu_probe_test_unregister_races_probes),
	/* Catches: an unprotected instance list, or probe_device() where it cannot sleep. */
	KUNIT_CASE(iommu_probe_test_instances_come_and_go),
	/* Catches: devices of other IOMMU drivers disturbed by the suite. */
	KUNIT_CASE(iommu_probe_test_other_devices_untouched),
	{}
};

static struct kunit_suite iommu_probe_choice_suite = {
	.name = "iommu_probe_choice",
	.suite_init = iommu_probe_test_suite_init,
	.suite_exit = iommu_probe_test_suite_exit,
	.init = iommu_probe_test_init,
	.test_cases = iommu_probe_choice_cases,
};

static struct kunit_suite iommu_probe_failure_suite = {
	.name = "iommu_probe_failure",
	.suite_init = iommu_probe_test_suite_init,
	.suite_exit = iommu_probe_test_suite_exit,
	.init = iommu_probe_test_init,
	.test_cases = iommu_probe_failure_cases,
};

static struct kunit_suite iommu_probe_unregister_suite = {
	.name = "iommu_probe_unregister",
	.suite_init = iommu_probe_test_suite_init,
	.suite_exit = iommu_probe_test_suite_exit,
	.init = iommu_probe_test_init,
	.test_cases = iommu_probe_unregister_cases,
};

kunit_test_suites(&iommu_probe_choice_suite, &iommu_probe_failure_suite,
		  &iommu_probe_unregister_suite);

MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING");
MODULE_DESCRIPTION("KUnit tests for IOMMU driver probing");
MODULE_LICENSE("GPL");
