package sos.dispatch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The single-writer design for decisions: every partition of {@code sos.alerts} goes to ONE member of the
 * {@code dispatch-service} group, the decider; the other members (threads of the same instance, and every other
 * instance) get none. The decider is the member with the lowest rank, {@code <start millis>:<instance id>}: the oldest
 * instance, so that a new instance joining does not take the decisions over. When the decider leaves (stopped, or its
 * session times out) the group rebalances and the next oldest instance becomes the decider.
 */
public final class SingleDeciderAssignor implements ConsumerPartitionAssignor, Configurable {

    /** Consumer property carrying this instance's rank. */
    public static final String RANK_CONFIG = "sos.decider.rank";

    private String rank = "9999999999999:unranked";

    @Override
    public void configure(Map<String, ?> configs) {
        Object configured = configs.get(RANK_CONFIG);
        if (configured != null) {
            rank = configured.toString();
        }
    }

    @Override
    public ByteBuffer subscriptionUserData(java.util.Set<String> topics) {
        return ByteBuffer.wrap(rank.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription groupSubscription) {
        Map<String, Subscription> members = groupSubscription.groupSubscription();
        String decider = members.keySet().stream()
                .min(Comparator.comparing((String member) -> rankOf(members.get(member)))
                        .thenComparing(member -> member))
                .orElseThrow();
        TreeSet<String> topics = new TreeSet<>();
        members.values().forEach(subscription -> topics.addAll(subscription.topics()));
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> partitions = metadata.partitionsForTopic(topic);
            if (partitions != null) {
                partitions.forEach(info -> all.add(new TopicPartition(topic, info.partition())));
            }
        }
        Map<String, Assignment> assignments = new HashMap<>();
        members.keySet()
                .forEach(member -> assignments.put(member, new Assignment(member.equals(decider) ? all : List.of())));
        return new GroupAssignment(assignments);
    }

    private static String rankOf(Subscription subscription) {
        ByteBuffer data = subscription.userData();
        if (data == null || !data.hasRemaining()) {
            return "9999999999999:unranked";
        }
        ByteBuffer copy = data.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String name() {
        return "sos-single-decider";
    }
}
