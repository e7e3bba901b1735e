package sos.bench.dispatch;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import sos.contracts.Agency;
import sos.contracts.AlertType;
import sos.contracts.GeoPoint;
import sos.contracts.Severity;
import sos.contracts.UnitsAssigned.Assignment;
import sos.dispatch.domain.BruteForceCandidates;
import sos.dispatch.domain.Capability;
import sos.dispatch.domain.DispatchPolicy;
import sos.dispatch.domain.Fleet;
import sos.dispatch.domain.FleetUnit;
import sos.dispatch.domain.GridIndex;
import sos.dispatch.domain.Requirement;
import sos.dispatch.domain.Selection;
import sos.dispatch.domain.TravelTimes;
import sos.dispatch.domain.UnitSelector;

/**
 * Unit selection for one CRITICAL armed-attack alert (2 police, one of them a QRF, + 1 Rangers: four "soonest unit"
 * look-ups) at a random point in Karachi, among 10,000 or 1,000,000 available units spread uniformly over the city
 * box: dispatch-service's spatial index ({@code index}) against looking at every unit ({@code bruteForce}), the
 * same-run baseline; {@code indexWithCandidates} is the whole decision (the selection and the ranked candidates that
 * go out with it). SampleTime mode, so JMH reports percentiles (p50, p99, p99.9). The index's cell size is the
 * service's default (0.01 degrees) at 10,000 units and 0.002 degrees at 1,000,000.
 *
 * <pre>./run-bench jmh -f 1 -wi 3 -i 5 SelectionBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SelectionBenchmark {

    private static final int QUERIES = 4096;

    @Param({"10000", "1000000"})
    public int units;

    private UnitSelector selector;
    private GridIndex index;
    private BruteForceCandidates bruteForce;
    private GeoPoint[] queries;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(42);
        Capability[] capabilities = Capability.values();
        List<FleetUnit> fleet = new ArrayList<>(units);
        for (int i = 0; i < units; i++) {
            Capability capability = capabilities[random.nextInt(capabilities.length)];
            Agency agency = capability.name().startsWith("RANGERS") ? Agency.RANGERS : Agency.POLICE;
            fleet.add(new FleetUnit("U" + i, "u" + i, agency, capability, "s", "d", point(random)));
        }
        TravelTimes travelTimes = travelTimes();
        selector = new UnitSelector(policy(), travelTimes);
        // SOS_DISPATCH_INDEX_CELL_DEGREES: 0.01 (the default) for a city fleet, 0.002 for a million units
        index = new GridIndex(units >= 100_000 ? 0.002 : 0.01, travelTimes);
        fleet.forEach(index::put);
        bruteForce = new BruteForceCandidates(fleet, travelTimes);
        queries = new GeoPoint[QUERIES];
        for (int i = 0; i < QUERIES; i++) {
            queries[i] = point(random);
        }
    }

    @Benchmark
    public List<Assignment> index() {
        return selector.select(AlertType.ARMED_ATTACK, Severity.CRITICAL, nextQuery(), index);
    }

    /**
     * What the service does per alert: the selection plus the ranked candidates recorded with the decision (up to 10
     * per requirement: 3 more k-nearest searches on the index).
     */
    @Benchmark
    public Selection indexWithCandidates() {
        return selector.choose(AlertType.ARMED_ATTACK, Severity.CRITICAL, false, nextQuery(), index);
    }

    @Benchmark
    public List<Assignment> bruteForce() {
        return selector.select(AlertType.ARMED_ATTACK, Severity.CRITICAL, nextQuery(), bruteForce);
    }

    private GeoPoint nextQuery() {
        next = (next + 1) & (QUERIES - 1);
        return queries[next];
    }

    private static GeoPoint point(Random random) {
        return new GeoPoint(
                Fleet.MIN_LAT + random.nextDouble() * (Fleet.MAX_LAT - Fleet.MIN_LAT),
                Fleet.MIN_LON + random.nextDouble() * (Fleet.MAX_LON - Fleet.MIN_LON));
    }

    /** dispatch-service's defaults (application.yml). */
    static TravelTimes travelTimes() {
        Map<Capability, Double> speeds = new EnumMap<>(Capability.class);
        speeds.put(Capability.PATROL_CAR, 30.0);
        speeds.put(Capability.MOTORCYCLE, 35.0);
        speeds.put(Capability.QUICK_RESPONSE_FORCE, 30.0);
        speeds.put(Capability.BOMB_DISPOSAL, 25.0);
        speeds.put(Capability.RANGERS_QRF, 30.0);
        speeds.put(Capability.RANGERS_PATROL, 30.0);
        return new TravelTimes(1.4, speeds);
    }

    static DispatchPolicy policy() {
        Map<Severity, List<Requirement>> rules = new EnumMap<>(Severity.class);
        rules.put(
                Severity.CRITICAL,
                List.of(
                        new Requirement(Agency.POLICE, 2, Capability.QUICK_RESPONSE_FORCE),
                        new Requirement(Agency.RANGERS, 1, null)));
        for (Severity severity : List.of(Severity.HIGH, Severity.MEDIUM, Severity.LOW)) {
            rules.put(severity, List.of(new Requirement(Agency.POLICE, 1, null)));
        }
        return new DispatchPolicy(rules, Map.of(AlertType.BOMB_THREAT, Capability.BOMB_DISPOSAL));
    }
}
