package sos.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/**
 * The explorer's pages over HTTP, against the real service, broker and database: signing in and out, what each page
 * shows of the trail, what a consulate may not see, the headers, and the query log.
 */
class ExplorerIT extends ExplorerFixture {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Test
    void shouldSendAVisitorWithoutASessionToTheSignInFormAndRecordTheRefusal() throws Exception {
        Page page = get("/explorer/events?eventType=AlertRaised", null);
        Page forged = get("/explorer/alerts/" + alerts.attack().alertId(), "SOS_AUDIT_SESSION=forged-session-id");
        Page export = get("/explorer/export?format=csv", null);

        assertThat(page.status()).isEqualTo(303);
        assertThat(page.header("Location"))
                .isEqualTo("/explorer/sign-in?next=%2Fexplorer%2Fevents%3FeventType%3DAlertRaised");
        assertThat(forged.status()).isEqualTo(303);
        assertThat(forged.header("Location")).startsWith("/explorer/sign-in?next=%2Fexplorer%2Falerts%2F");
        assertThat(export.status()).isEqualTo(303);
        assertThat(export.body()).doesNotContain("seq,eventId");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_query_log WHERE principal = 'anonymous' AND status = 401"
                                + " AND path = '/explorer/events' AND query = 'eventType=AlertRaised'",
                        Integer.class))
                .isPositive();
    }

    @Test
    void shouldRefuseAWrongTokenAndASignInFormPostedWithoutItsOwnToken() throws Exception {
        Page form = get("/explorer/sign-in", null);
        String formCookie = form.cookie("SOS_AUDIT_SIGN_IN");

        Page wrongToken = post(
                "/explorer/sign-in",
                Map.of("token", "not-a-token", "_csrf", csrf(form), "next", "/explorer/events"),
                "SOS_AUDIT_SIGN_IN=" + formCookie);
        Page noFormToken = post("/explorer/sign-in", Map.of("token", ANALYST_TOKEN), "SOS_AUDIT_SIGN_IN=" + formCookie);
        Page otherFormsToken = post(
                "/explorer/sign-in",
                Map.of("token", ANALYST_TOKEN, "_csrf", "someone-elses"),
                "SOS_AUDIT_SIGN_IN=" + formCookie);

        assertThat(form.setCookie("SOS_AUDIT_SIGN_IN"))
                .contains("HttpOnly")
                .contains("SameSite=Strict")
                .contains("Path=/explorer/sign-in");
        assertThat(wrongToken.status()).isEqualTo(401);
        assertThat(wrongToken.body()).contains("That token is not valid.").doesNotContain("not-a-token");
        assertThat(wrongToken.cookie("SOS_AUDIT_SESSION")).isNull();
        assertThat(noFormToken.status()).isEqualTo(403);
        assertThat(noFormToken.cookie("SOS_AUDIT_SESSION")).isNull();
        assertThat(otherFormsToken.status()).isEqualTo(403);
        assertThat(otherFormsToken.cookie("SOS_AUDIT_SESSION")).isNull();
        Page tokenInTheAddress = post(
                "/explorer/sign-in?token=" + ANALYST_TOKEN,
                Map.of("_csrf", csrf(form)),
                "SOS_AUDIT_SIGN_IN=" + formCookie);
        assertThat(tokenInTheAddress.status()).isEqualTo(400);
        assertThat(tokenInTheAddress.cookie("SOS_AUDIT_SESSION")).isNull();
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_query_log WHERE query LIKE ?",
                        Integer.class,
                        "%" + ANALYST_TOKEN + "%"))
                .isZero();
    }

    @Test
    void shouldSignInWithTheTokenAndComeBackToThePageAskedFor() throws Exception {
        Page form =
                get("/explorer/sign-in?next=/explorer/alerts/" + alerts.attack().alertId(), null);
        Page signedIn = post(
                "/explorer/sign-in",
                Map.of(
                        "token",
                        ANALYST_TOKEN,
                        "_csrf",
                        csrf(form),
                        "next",
                        "/explorer/alerts/" + alerts.attack().alertId()),
                "SOS_AUDIT_SIGN_IN=" + form.cookie("SOS_AUDIT_SIGN_IN"));
        Page elsewhere = post(
                "/explorer/sign-in",
                Map.of("token", ANALYST_TOKEN, "_csrf", csrf(form), "next", "//evil.example/x"),
                "SOS_AUDIT_SIGN_IN=" + form.cookie("SOS_AUDIT_SIGN_IN"));

        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(signedIn.header("Location"))
                .isEqualTo("/explorer/alerts/" + alerts.attack().alertId());
        assertThat(signedIn.setCookie("SOS_AUDIT_SESSION"))
                .contains("HttpOnly")
                .contains("SameSite=Strict")
                .contains("Path=/explorer");
        assertThat(elsewhere.header("Location")).isEqualTo("/explorer/events");
        Page timeline = get(signedIn.header("Location"), "SOS_AUDIT_SESSION=" + signedIn.cookie("SOS_AUDIT_SESSION"));
        assertThat(timeline.status()).isEqualTo(200);
        assertThat(timeline.body()).contains("Signed in as analyst").doesNotContain(ANALYST_TOKEN);
    }

    @Test
    void shouldShowTheFilteredTrailWithTextFromConsulatesEscaped() throws Exception {
        String session = signIn(ANALYST_TOKEN);

        Page page = get(
                "/explorer/events?consulateId=consulate-de&alertType=ARMED_ATTACK&district=South&drill=false", session);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy"))
                .contains("default-src 'none'")
                .contains("script-src 'none'")
                .contains("frame-ancestors 'self'");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");
        assertThat(page.body())
                .contains("/explorer/alerts/" + alerts.attack().alertId())
                .doesNotContain(alerts.fire().alertId().toString())
                .doesNotContain(alerts.drill().alertId().toString())
                .contains(alerts.policeUnit())
                .contains("&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt; &amp; &quot;gunfire&quot;")
                .doesNotContain("<script>")
                .doesNotContain("<img src=x")
                .doesNotContain(ANALYST_TOKEN);
        assertThat(seqs(page)).hasSize(5);
        Page byUnit = get("/explorer/events?agency=RANGERS&unitId=" + alerts.rangersUnit(), session);
        assertThat(seqs(byUnit)).hasSize(1);
        assertThat(byUnit.body()).contains("/explorer/alerts/" + alerts.fire().alertId());
        Page drills = get("/explorer/events?drill=true&eventType=AlertRaised", session);
        assertThat(drills.body())
                .contains("/explorer/alerts/" + alerts.drill().alertId())
                .doesNotContain("/explorer/alerts/" + alerts.attack().alertId());
        Page late = get(
                "/explorer/events?alertId=" + alerts.attack().alertId() + "&from="
                        + alerts.attack()
                                .occurredAt()
                                .plusSeconds(59)
                                .toString()
                                .replace("Z", ""),
                session);
        assertThat(seqs(late)).hasSize(2);
    }

    @Test
    void shouldPageThroughTheTrailByKeyset() throws Exception {
        String session = signIn(ANALYST_TOKEN);
        String filter = "alertId=" + alerts.attack().alertId();

        Page latest = get("/explorer/events?" + filter + "&limit=2", session);
        String older = href(latest, "older");
        Page previous = get(older, session);
        String newer = href(previous, "newer");
        Page back = get(newer, session);

        List<Long> latestSeqs = seqs(latest);
        List<Long> previousSeqs = seqs(previous);
        assertThat(latestSeqs).hasSize(2);
        assertThat(older).contains("alertId=" + alerts.attack().alertId()).contains("beforeSeq=" + latestSeqs.get(1));
        assertThat(previousSeqs).hasSize(2);
        assertThat(previousSeqs.get(0)).isLessThan(latestSeqs.get(1));
        assertThat(seqs(back)).containsExactlyElementsOf(latestSeqs);
    }

    @Test
    void shouldShowAnAlertsTimelineInTheOrderThingsHappened() throws Exception {
        String session = signIn(ANALYST_TOKEN);

        Page page = get("/explorer/alerts/" + alerts.attack().alertId(), session);

        assertThat(page.status()).isEqualTo(200);
        assertThat(all(page, "data-event-type=\"([A-Za-z]+)\"")).containsExactlyElementsOf(ATTACK_EVENT_TYPES);
        assertThat(all(page, "<td class=\"num\">([+-][0-9.]+ (?:s|min))</td>"))
                .containsExactly("+0.0 s", "+12.0 s", "+30.0 s", "+60.0 s", "+7.0 min");
        assertThat(page.body())
                .contains("Consulate General of Germany (demo)")
                .contains("ARMED_ATTACK / CRITICAL")
                .contains("&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;")
                .doesNotContain("<script>")
                .contains("sent: " + alerts.policeUnit() + " (ETA 300 s)");
        Page unknown = get("/explorer/alerts/" + java.util.UUID.randomUUID(), session);
        assertThat(unknown.status()).isEqualTo(404);
        Page malformed = get("/explorer/alerts/not-an-alert", session);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body()).doesNotContain("Exception");
    }

    @Test
    void shouldChartResponseTimesByDistrictAndAlertType() throws Exception {
        String session = signIn(ANALYST_TOKEN);

        Page live = get("/explorer/kpis", session);
        Page everything = get("/explorer/kpis?drill=", session);

        assertThat(live.status()).isEqualTo(200);
        // live alerts: the attack in South (accepted 12 s, dispatched 30 s, acknowledged 60 s, on scene 420 s) and the
        // fire in East (dispatched 90 s); other tests' alerts are not in this database
        assertThat(live.body()).contains("<b>2</b> alerts raised");
        String district = section(live, "by-district");
        assertThat(district).contains("data-group=\"South\"").contains("data-group=\"East\"");
        assertThat(district).contains("30.0 s / 30.0 s (n=1)").contains("90.0 s / 90.0 s (n=1)");
        assertThat(district).contains("7.0 min / 7.0 min (n=1)");
        String type = section(live, "by-type");
        assertThat(type).contains("data-group=\"ARMED_ATTACK\"").contains("data-group=\"FIRE\"");
        assertThat(section(live, "histograms"))
                .contains("data-bucket=\"10-30s\" data-count=\"1\"")
                .contains("data-bucket=\"1-2m\" data-count=\"1\"");
        assertThat(everything.body()).contains("<b>3</b> alerts raised");
        Page wrong = get("/explorer/kpis?from=2026-12-01&to=2026-11-01", session);
        assertThat(wrong.body()).contains("from must be before to");
    }

    @Test
    void shouldShowAConsulateOnlyItsOwnAlerts() throws Exception {
        String session = signIn(FR_TOKEN);

        Page trail = get("/explorer/events", session);
        Page othersTimeline = get("/explorer/alerts/" + alerts.attack().alertId(), session);
        Page othersFilter = get("/explorer/events?consulateId=consulate-de", session);
        Page chain = get("/explorer/chain", session);
        Page kpis = get("/explorer/kpis?drill=", session);
        Page othersReport = get("/explorer/reports/monthly?consulateId=consulate-de&month=2026-11", session);
        Page export = get("/explorer/export?format=csv", session);

        assertThat(trail.status()).isEqualTo(200);
        assertThat(trail.body())
                .contains("Signed in as consulate consulate-fr")
                .contains("/explorer/alerts/" + alerts.fire().alertId())
                .doesNotContain(alerts.attack().alertId().toString())
                .doesNotContain("nav-chain");
        assertThat(othersTimeline.status()).isEqualTo(404);
        assertThat(othersFilter.status()).isEqualTo(403);
        assertThat(chain.status()).isEqualTo(403);
        assertThat(kpis.body()).contains("<b>1</b> alerts raised");
        assertThat(othersReport.status()).isEqualTo(403);
        assertThat(export.body())
                .contains(alerts.fire().alertId().toString())
                .doesNotContain(alerts.attack().alertId().toString());
    }

    @Test
    void shouldDownloadTheFilteredTrailAsCsvAndNdjson() throws Exception {
        String session = signIn(ANALYST_TOKEN);

        Page page = get("/explorer/events?alertId=" + alerts.attack().alertId(), session);
        Page csv = get(href(page, "export-csv"), session);
        Page ndjson = get(href(page, "export-ndjson"), session);

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.body().split("\r\n")).hasSize(6);
        assertThat(csv.body()).startsWith("seq,eventId,eventType,alertId,");
        assertThat(ndjson.header("Content-Type")).startsWith("application/x-ndjson");
        assertThat(ndjson.body().lines())
                .hasSize(5)
                .allMatch(line -> line.contains(alerts.attack().alertId().toString()));
    }

    @Test
    void shouldShowTheChainIntactAndTheLatestSignedCheckpoint() throws Exception {
        long signedSeq = signCheckpointAsAdmin();
        String session = signIn(ANALYST_TOKEN);

        Page chain = get("/explorer/chain", session);

        assertThat(chain.status()).isEqualTo(200);
        assertThat(chain.body()).contains("id=\"chain-intact\"").doesNotContain("chain-broken");
        assertThat(first(chain, "id=\"checkpoint-seq\">([0-9]+)<")).isEqualTo(Long.toString(signedSeq));
    }

    @Test
    void shouldShowTheMonthlyReportAndOfferItAsPdf() throws Exception {
        String session = signIn(ANALYST_TOKEN);
        String month = YearMonth.from(alerts.attack().occurredAt().atZone(ZoneOffset.UTC))
                .toString();

        Page page = get("/explorer/reports?consulateId=consulate-de&month=" + month, session);
        Page html = get(href(page, "report-html"), session);
        Page pdf = getBytes(href(page, "report-pdf"), session);

        assertThat(page.body()).contains("<iframe").contains("sandbox");
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.body()).contains("Consulate General of Germany (demo)");
        assertThat(html.header("Content-Security-Policy")).contains("sandbox").doesNotContain("script-src");
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.header("Content-Type")).isEqualTo("application/pdf");
        try (PDDocument document = Loader.loadPDF(pdf.bytes())) {
            assertThat(new PDFTextStripper().getText(document)).contains("Consulate General of Germany (demo)");
        }
    }

    @Test
    void shouldRecordEveryPageQueryInTheQueryLogWithoutTheToken() throws Exception {
        String session = signIn(ANALYST_TOKEN);

        get("/explorer/events?eventType=UnitsAssigned&district=East", session);

        List<Map<String, Object>> logged = jdbc.queryForList(
                "SELECT principal, role, status, query FROM audit_query_log WHERE path = '/explorer/events'"
                        + " AND query = 'eventType=UnitsAssigned&district=East'");
        assertThat(logged).hasSize(1);
        assertThat(logged.get(0).get("principal").toString()).startsWith("analyst#");
        assertThat(logged.get(0).get("role")).isEqualTo("ANALYST");
        assertThat(logged.get(0).get("status")).isEqualTo(200);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_query_log WHERE path = '/explorer/sign-in' AND status = 303",
                        Integer.class))
                .isPositive();
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_query_log WHERE concat(principal, path, query) LIKE ?",
                        Integer.class,
                        "%" + ANALYST_TOKEN + "%"))
                .isZero();
    }

    @Test
    void shouldSignOutOnlyWithTheSessionsFormToken() throws Exception {
        String session = signIn(ANALYST_TOKEN);
        Page page = get("/explorer/events", session);

        Page forged = post("/explorer/sign-out", Map.of("_csrf", "guessed"), session);
        Page stillIn = get("/explorer/events", session);
        Page signedOut = post("/explorer/sign-out", Map.of("_csrf", csrf(page)), session);
        Page after = get("/explorer/events", session);

        assertThat(forged.status()).isEqualTo(403);
        assertThat(stillIn.status()).isEqualTo(200);
        assertThat(signedOut.status()).isEqualTo(302);
        assertThat(signedOut.setCookie("SOS_AUDIT_SESSION")).contains("Max-Age=0");
        assertThat(after.status()).isEqualTo(303);
    }

    @Test
    void shouldLeaveThePagesOutOfTheApiDocument() throws Exception {
        Page document = get("/v3/api-docs", null);

        assertThat(document.status()).isEqualTo(200);
        assertThat(document.body()).contains("/api/v1/audit/events").doesNotContain("/explorer");
    }

    // --- helpers ---

    /** Signs in through the form; returns the session's Cookie header value. */
    String signIn(String token) throws Exception {
        Page form = get("/explorer/sign-in", null);
        Page signedIn = post(
                "/explorer/sign-in",
                Map.of("token", token, "_csrf", csrf(form)),
                "SOS_AUDIT_SIGN_IN=" + form.cookie("SOS_AUDIT_SIGN_IN"));
        assertThat(signedIn.status()).isEqualTo(303);
        return "SOS_AUDIT_SESSION=" + signedIn.cookie("SOS_AUDIT_SESSION");
    }

    private static String csrf(Page page) {
        Matcher matcher = CSRF.matcher(page.body());
        assertThat(matcher.find()).as("a form with a CSRF token").isTrue();
        return matcher.group(1);
    }

    private static List<Long> seqs(Page page) {
        return all(page, "data-seq=\"([0-9]+)\"").stream().map(Long::valueOf).toList();
    }

    /** The link of the element with this id, unescaped. */
    private static String href(Page page, String id) {
        String found = first(page, "<a href=\"([^\"]+)\"[^>]* id=\"" + id + "\"");
        assertThat(found).as("a link with id " + id).isNotNull();
        return found.replace("&amp;", "&");
    }

    private static String section(Page page, String id) {
        int start = page.body().indexOf("id=\"" + id + "\"");
        assertThat(start).as("section " + id).isNotNegative();
        int end = page.body().indexOf("</div>", start);
        return page.body().substring(start, end);
    }

    private static String first(Page page, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(page.body());
        return matcher.find() ? matcher.group(1) : null;
    }

    private static List<String> all(Page page, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(page.body());
        List<String> found = new ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    private Page get(String path, String cookie) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return Page.of(HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray()));
    }

    private Page getBytes(String path, String cookie) throws Exception {
        return get(path, cookie);
    }

    private Page post(String path, Map<String, String> form, String cookie) throws Exception {
        String body = new LinkedHashMap<>(form)
                .entrySet().stream()
                        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return Page.of(HTTP.send(
                request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray()));
    }

    record Page(int status, byte[] bytes, Map<String, List<String>> headers) {

        static Page of(HttpResponse<byte[]> response) {
            return new Page(
                    response.statusCode(), response.body(), response.headers().map());
        }

        String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }

        /** The Set-Cookie header that sets this cookie. */
        String setCookie(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase("Set-Cookie"))
                    .flatMap(entry -> entry.getValue().stream())
                    .filter(value -> value.startsWith(name + "="))
                    .findFirst()
                    .orElse(null);
        }

        /** The value this response sets the cookie to, null when it sets none (or clears it). */
        String cookie(String name) {
            String header = setCookie(name);
            if (header == null) {
                return null;
            }
            String value = header.substring(name.length() + 1, header.indexOf(';'));
            return value.isEmpty() ? null : value;
        }
    }
}
