package io.jifen.billing;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Dunning's port in billing's tests: the notices sent and the tenants suspended, as the platform would take them. */
public class RecordingDunningActions implements DunningActions {

    public final List<DunningNotice> notices = new CopyOnWriteArrayList<>();
    public final Set<UUID> suspended = ConcurrentHashMap.newKeySet();
    public final List<UUID> reactivated = new CopyOnWriteArrayList<>();

    @Override
    public boolean tellAdmins(DunningNotice notice) {
        notices.add(notice);
        return true;
    }

    @Override
    public boolean suspend(UUID tenant) {
        return suspended.add(tenant);
    }

    @Override
    public void reactivate(UUID tenant) {
        suspended.remove(tenant);
        reactivated.add(tenant);
    }

    public List<DunningNotice> of(UUID tenant) {
        return notices.stream().filter(n -> n.tenantId().equals(tenant)).toList();
    }
}
