package sos.contracts;

import java.util.Map;

/**
 * Golden-file fixtures for the events dispatch-service adds to the contract: golden file name -> event, each
 * file under resources/golden. {@link WireFormatTest} checks them with all the others.
 */
final class DispatchEventFixtures {

    static final Map<String, SosEvent> ALL = Map.of();

    private DispatchEventFixtures() {}
}
