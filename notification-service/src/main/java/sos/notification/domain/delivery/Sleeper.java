package sos.notification.domain.delivery;

import java.time.Duration;

/** Waits between attempts; tests replace it to run without waiting. */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
