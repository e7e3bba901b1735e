package sos.ingest.domain.intake;

import java.util.Map;

/** Turns the raw request body into a JSON object of maps, lists, strings, numbers, booleans and nulls. */
public interface BodyParser {

    /**
     * @throws MalformedBodyException when the body is not one well-formed document
     * @throws InvalidBodyException when the document is well-formed but not of the expected structure
     */
    Map<String, Object> parse(byte[] body) throws MalformedBodyException, InvalidBodyException;
}
