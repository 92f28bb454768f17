package dev.autograder.scheduler;

import dev.autograder.queue.RunnerMembership;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * What the queues know of the runners' nodes: only a runner whose node is an up and reachable
 * member of the cluster is offered work.
 *
 * <p>A runner node restarted on the same host and port asks for work as soon as it has found the
 * scheduler, while it is still joining (and it can stay joining for many seconds: the leader moves
 * no one up while another member is unreachable). Watching an actor of such a node fires at once,
 * because the cluster keeps a tombstone of the removed incarnation at that address: the queue would
 * take the runner for gone and lose the lease it had just given it, although the runner grades the
 * job; and the job, back at the head, went to the node's next slot that asked, and was lost again.
 */
public interface RunnerNodes {

  /**
   * Whether this runner's node is up and reachable in the cluster (and healthy, see {@link
   * #healthyOnly}).
   */
  boolean serving(ActorRef<?> runner);

  /**
   * Of these runners, only those whose node is not judged unhealthy (see {@link NodeHealthBook}).
   */
  default RunnerNodes healthyOnly(UnhealthyNodes unhealthy) {
    return runner -> serving(runner) && !unhealthy.contains(runner.path().address().toString());
  }

  /** Every runner serves: for a queue outside a cluster (tests, benchmarks). */
  RunnerNodes ALL = runner -> true;

  /** The cluster's current view of its members. */
  static RunnerNodes of(ActorSystem<?> system) {
    Cluster cluster = Cluster.get(system);
    return runner -> {
      Address address = runner.path().address();
      if (!address.hasGlobalScope()) {
        return true;
      }
      ClusterEvent.CurrentClusterState state = cluster.state();
      for (Member m : state.getMembers()) {
        if (m.address().equals(address)) {
          return RunnerMembership.servesJobs(m.status()) && !state.getUnreachable().contains(m);
        }
      }
      return false;
    };
  }
}
