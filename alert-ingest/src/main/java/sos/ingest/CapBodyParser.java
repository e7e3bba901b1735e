package sos.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import sos.contracts.AlertType;
import sos.ingest.domain.alert.FieldError;
import sos.ingest.domain.intake.BodyParser;
import sos.ingest.domain.intake.InvalidBodyException;
import sos.ingest.domain.intake.MalformedBodyException;

/**
 * An OASIS CAP 1.2 {@code <alert>} turned into the same object as the JSON body ({@code type}, {@code severity},
 * {@code location}, {@code accuracyMeters}, {@code description}, {@code drill}) plus {@code sender}, which the intake
 * checks against the signing consulate. Hardened: no DOCTYPE at all (so no external entities and no entity expansion),
 * no XInclude, no external DTD or schema access, secure processing limits.
 *
 * <p>Mapping: {@code status} Actual is live, Exercise or Test is a drill, anything else is refused; {@code msgType}
 * must be Alert (updates and cancels go through the lifecycle endpoints); the first {@code info}: {@code eventCode}
 * with valueName {@code SOS-AlertType}, else {@code event} normalised (e.g. "Armed attack"), else OTHER; {@code
 * severity} Extreme/Severe/Moderate/Minor is CRITICAL/HIGH/MEDIUM/LOW (Unknown: the type's default); the first {@code
 * area}'s {@code circle} ("lat,lon radius-km") gives the location and accuracy, else its first {@code polygon}'s
 * vertex average.
 */
@Component
final class CapBodyParser implements BodyParser {

    static final String CAP_12 = "urn:oasis:names:tc:emergency:cap:1.2";
    static final String TYPE_VALUE_NAME = "SOS-AlertType";
    private static final int MAX_MESSAGE = 300;

    private static final DocumentBuilderFactory FACTORY = factory();
    private static final ErrorHandler SILENT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private final ThreadLocal<DocumentBuilder> builders = ThreadLocal.withInitial(CapBodyParser::newBuilder);

    @Override
    public Map<String, Object> parse(byte[] body) throws MalformedBodyException, InvalidBodyException {
        Document document;
        DocumentBuilder builder = builders.get();
        try {
            builder.reset();
            builder.setErrorHandler(SILENT);
            document = builder.parse(new ByteArrayInputStream(body));
        } catch (SAXParseException e) {
            throw new MalformedBodyException("The body is not well-formed XML at line " + e.getLineNumber()
                    + ", column " + e.getColumnNumber() + ": " + bounded(e.getMessage()));
        } catch (SAXException | IOException e) {
            throw new MalformedBodyException("The body is not well-formed XML: " + bounded(e.getMessage()));
        }
        return map(document.getDocumentElement());
    }

    private static Map<String, Object> map(Element alert) throws InvalidBodyException {
        List<FieldError> errors = new ArrayList<>();
        if (!"alert".equals(alert.getLocalName()) || !CAP_12.equals(alert.getNamespaceURI())) {
            throw new InvalidBodyException(
                    List.of(new FieldError("alert", "the root must be <alert xmlns=\"" + CAP_12 + "\">")));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        required(alert, "identifier", "alert/identifier", errors);
        String sender = required(alert, "sender", "alert/sender", errors);
        required(alert, "sent", "alert/sent", errors);
        String status = required(alert, "status", "alert/status", errors);
        String msgType = required(alert, "msgType", "alert/msgType", errors);
        if (status != null) {
            switch (status) {
                case "Actual" -> out.put("drill", false);
                case "Exercise", "Test" -> out.put("drill", true);
                default -> errors.add(new FieldError("alert/status", "must be Actual, Exercise or Test"));
            }
        }
        if (msgType != null && !msgType.equals("Alert")) {
            errors.add(new FieldError(
                    "alert/msgType", "must be Alert; update or cancel an alert through its /locations or /cancel"));
        }
        out.put("sender", sender);
        Element info = child(alert, "info");
        if (info == null) {
            errors.add(new FieldError("alert/info", "is required"));
            throw new InvalidBodyException(errors);
        }
        out.put("type", type(info));
        String severity = text(child(info, "severity"));
        if (severity != null) {
            switch (severity) {
                case "Extreme" -> out.put("severity", "CRITICAL");
                case "Severe" -> out.put("severity", "HIGH");
                case "Moderate" -> out.put("severity", "MEDIUM");
                case "Minor" -> out.put("severity", "LOW");
                case "Unknown" -> {}
                default ->
                    errors.add(new FieldError(
                            "alert/info/severity", "must be Extreme, Severe, Moderate, Minor or Unknown"));
            }
        }
        String description = text(child(info, "description"));
        if (description != null) {
            out.put("description", description);
        }
        Element area = child(info, "area");
        if (area == null) {
            errors.add(new FieldError("alert/info/area", "is required, with a circle or a polygon"));
        } else {
            location(area, out, errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidBodyException(errors);
        }
        return out;
    }

    private static String type(Element info) {
        for (Node n = info.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element code && "eventCode".equals(code.getLocalName())) {
                if (TYPE_VALUE_NAME.equals(text(child(code, "valueName")))) {
                    return text(child(code, "value")); // validated like the JSON "type"
                }
            }
        }
        String event = text(child(info, "event"));
        if (event != null) {
            String normalised = event.trim().toUpperCase(Locale.ROOT).replaceAll("[^A-Z]+", "_");
            for (AlertType type : AlertType.values()) {
                if (type.name().equals(normalised)) {
                    return type.name();
                }
            }
        }
        return AlertType.OTHER.name(); // an SOS whose event we do not know is still an SOS
    }

    private static void location(Element area, Map<String, Object> out, List<FieldError> errors) {
        String circle = text(child(area, "circle"));
        if (circle != null) {
            String[] parts = circle.trim().split("\\s+");
            double[] point = parts.length == 2 ? point(parts[0]) : null;
            Double radiusKm = parts.length == 2 ? number(parts[1]) : null;
            if (point == null || radiusKm == null || radiusKm < 0) {
                errors.add(new FieldError("alert/info/area/circle", "must be \"lat,lon radius-km\" (WGS 84)"));
                return;
            }
            out.put("location", Map.of("lat", point[0], "lon", point[1]));
            out.put("accuracyMeters", radiusKm * 1000);
            return;
        }
        String polygon = text(child(area, "polygon"));
        if (polygon != null) {
            String[] pairs = polygon.trim().split("\\s+");
            double lat = 0;
            double lon = 0;
            int n = 0;
            for (String pair : pairs) {
                double[] p = point(pair);
                if (p == null) {
                    errors.add(new FieldError("alert/info/area/polygon", "must be \"lat,lon lat,lon ...\" (WGS 84)"));
                    return;
                }
                lat += p[0];
                lon += p[1];
                n++;
            }
            if (n < 4) {
                errors.add(new FieldError("alert/info/area/polygon", "must have at least four points"));
                return;
            }
            // CAP polygons are closed: the last point repeats the first
            double[] first = point(pairs[0]);
            lat -= first[0];
            lon -= first[1];
            out.put("location", Map.of("lat", lat / (n - 1), "lon", lon / (n - 1)));
            return;
        }
        errors.add(new FieldError("alert/info/area", "must have a circle or a polygon"));
    }

    private static double[] point(String latLon) {
        String[] parts = latLon.split(",");
        if (parts.length != 2) {
            return null;
        }
        Double lat = number(parts[0]);
        Double lon = number(parts[1]);
        return lat == null || lon == null ? null : new double[] {lat, lon};
    }

    private static Double number(String text) {
        try {
            double value = Double.parseDouble(text.trim());
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String required(Element parent, String name, String path, List<FieldError> errors) {
        String value = text(child(parent, name));
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(path, "is required"));
            return null;
        }
        return value.trim();
    }

    private static Element child(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName()) && CAP_12.equals(e.getNamespaceURI())) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element element) {
        return element == null ? null : element.getTextContent();
    }

    private static String bounded(String message) {
        String m = String.valueOf(message);
        return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "…" : m;
    }

    private static DocumentBuilderFactory factory() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        try {
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("cannot harden the XML parser", e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setNamespaceAware(true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setValidating(false);
        return factory;
    }

    private static DocumentBuilder newBuilder() {
        synchronized (FACTORY) {
            try {
                return FACTORY.newDocumentBuilder();
            } catch (ParserConfigurationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
