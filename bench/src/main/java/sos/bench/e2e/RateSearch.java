package sos.bench.e2e;

import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Finds the highest rate that meets a target, from the rates tried so far: steps up by {@code growth} from the highest
 * rate that met it until one does not (or down, halving, while none does), then bisects between the two until they
 * are within {@code precision} of each other, or {@code maxTrials} rates were tried. Assumes that a rate that meets
 * the target means every lower one does; when a noisy run says otherwise, the highest rate that met it counts.
 */
final class RateSearch {

    private final TreeMap<Integer, Boolean> tried = new TreeMap<>();
    private final int minRate;
    private final int maxRate;
    private final double growth;
    private final double precision;
    private final int maxTrials;
    private int trials;

    /**
     * @param growth factor to step up by from a rate that met the target (e.g. 1.5)
     * @param precision stop when the lowest failing rate is within this fraction above the best (e.g. 0.1)
     * @param maxTrials how many rates {@link #next} proposes at the most
     */
    RateSearch(int minRate, int maxRate, double growth, double precision, int maxTrials) {
        if (minRate < 1 || maxRate < minRate || growth <= 1 || precision <= 0) {
            throw new IllegalArgumentException("need 1 <= minRate <= maxRate, growth > 1, precision > 0");
        }
        this.minRate = minRate;
        this.maxRate = maxRate;
        this.growth = growth;
        this.precision = precision;
        this.maxTrials = maxTrials;
    }

    /** A rate measured elsewhere (the fixed phases): known, not counted as a trial of the search. */
    void known(int rate, boolean met) {
        tried.put(rate, met);
    }

    /** The outcome of a rate that {@link #next} proposed. */
    void record(int rate, boolean met) {
        trials++;
        tried.put(rate, met);
    }

    /** The highest rate that met the target so far. */
    OptionalInt best() {
        return tried.descendingMap().entrySet().stream()
                .filter(e -> e.getValue())
                .mapToInt(e -> e.getKey())
                .findFirst();
    }

    /** The next rate to try, or empty when the search is done. */
    OptionalInt next() {
        if (trials >= maxTrials) {
            return OptionalInt.empty();
        }
        OptionalInt best = best();
        if (best.isEmpty()) {
            Integer lowestFail = tried.isEmpty() ? null : tried.firstKey();
            if (lowestFail == null) {
                return OptionalInt.of(minRate);
            }
            return lowestFail <= minRate ? OptionalInt.empty() : fresh(Math.max(minRate, round(lowestFail / 2.0)));
        }
        int pass = best.getAsInt();
        Integer fail = tried.higherKey(pass);
        if (fail == null) {
            return pass >= maxRate ? OptionalInt.empty() : fresh(Math.min(maxRate, round(pass * growth)));
        }
        if (fail - pass <= Math.max(1, pass * precision)) {
            return OptionalInt.empty();
        }
        return fresh(round((pass + fail) / 2.0));
    }

    private OptionalInt fresh(int rate) {
        return tried.containsKey(rate) ? OptionalInt.empty() : OptionalInt.of(rate);
    }

    /** Rates in steps a person reads easily: 10/s below 1,000/s, 50/s above. */
    private static int round(double rate) {
        int step = rate < 1000 ? 10 : 50;
        return (int) Math.max(step, Math.round(rate / step) * step);
    }
}
