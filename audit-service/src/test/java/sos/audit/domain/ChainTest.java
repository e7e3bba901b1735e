package sos.audit.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import sos.contracts.AlertRaised;
import sos.contracts.NotificationSent;

class ChainTest {

    private static final Instant AT = Instant.parse("2026-11-25T09:14:07.123456789Z");
    private static final UUID ALERT = UUID.fromString("0195f1a0-7c1e-7d3a-9b1e-3f1c2a4b5c6d");

    @Test
    void shouldNumberRowsAfterTheHeadAndChainEachToThePreviousHash() {
        List<AuditRow> rows = chain(3);

        assertThat(rows).extracting(AuditRow::seq).containsExactly(1L, 2L, 3L);
        assertThat(rows.get(0).hash()).isEqualTo(ChainHash.link(ChainHash.GENESIS, rows.get(0)));
        assertThat(rows.get(2).hash()).isEqualTo(ChainHash.link(rows.get(1).hash(), rows.get(2)));
        assertThat(rows.get(0).recordedAt()).isEqualTo(Instant.parse("2026-11-25T09:15:00.000001Z"));
    }

    @Test
    void shouldGiveLaterEventsOfAnAlertTheConsulateAndTypeOfItsAlertRaised() {
        List<AuditRow> rows = chain(2);

        assertThat(rows.get(1).eventType()).isEqualTo("NotificationSent");
        assertThat(rows.get(1).consulateId()).isEqualTo("consulate-de");
        assertThat(rows.get(1).alertType()).isEqualTo("ARMED_ATTACK");
        assertThat(rows.get(1).drill()).isFalse();
    }

    @Test
    void shouldWriteTheCanonicalFormAsVersionedNetstringsWithMicrosecondTimes() {
        String canonical = new String(ChainHash.canonical(chain(1).get(0)), StandardCharsets.UTF_8);

        assertThat(canonical)
                .startsWith("11:sos-audit-1,1:1,36:")
                .contains(",27:2026-11-25T09:14:07.123456Z,27:2026-11-25T09:15:00.000001Z,12:consulate-de,"
                        + "12:ARMED_ATTACK,5:false,0:,0:,");
    }

    @Test
    void shouldGiveLaterEventsOfAnAlertTheDistrictOfItsAlertRaised() {
        List<AuditRow> rows = chain(3, "South");

        assertThat(rows).extracting(AuditRow::district).containsExactly("South", "South", "South");
        assertThat(verify(rows).intact()).isTrue();
    }

    @Test
    void shouldHashARowWithADistrictInFormVersionTwoAndOneWithoutExactlyAsVersionOne() {
        String withDistrict = new String(ChainHash.canonical(chain(1, "Keamari").get(0)), StandardCharsets.UTF_8);
        String without = new String(ChainHash.canonical(chain(1).get(0)), StandardCharsets.UTF_8);

        assertThat(withDistrict)
                .startsWith("11:sos-audit-2,1:1,36:")
                .contains(",12:consulate-de,12:ARMED_ATTACK,5:false,7:Keamari,0:,0:,");
        assertThat(without).startsWith("11:sos-audit-1,").doesNotContain("Keamari");
        // the same row with the district field and the version taken out is the version 1 form
        assertThat(withDistrict.replace("11:sos-audit-2,", "11:sos-audit-1,").replace("7:Keamari,", ""))
                .isNotEqualTo(without) // the payload names the district
                .startsWith(without.substring(0, without.indexOf(",0:,0:,")));
    }

    @Test
    void shouldNameARowWhoseDistrictWasChangedOrRemoved() {
        for (String changed : new String[] {"Malir", null}) {
            List<AuditRow> rows = chain(4, "South");
            AuditRow second = rows.get(1);
            rows.set(1, withDistrict(second, changed));

            ChainVerification.Result result = verify(rows);

            assertThat(result.intact()).isFalse();
            assertThat(result.firstBrokenSeq()).isEqualTo(2);
        }
        List<AuditRow> rows = chain(3);
        rows.set(2, withDistrict(rows.get(2), "East"));
        assertThat(verify(rows).firstBrokenSeq()).isEqualTo(3);
    }

    @Test
    void shouldFindAnIntactChainIntact() {
        ChainVerification.Result result = verify(chain(5));

        assertThat(result.intact()).isTrue();
        assertThat(result.rowsChecked()).isEqualTo(5);
        assertThat(result.headSeq()).isEqualTo(5);
        assertThat(result.firstBrokenSeq()).isNull();
    }

    @Test
    void shouldNameAnEditedRow() {
        List<AuditRow> rows = chain(5);
        AuditRow third = rows.get(2);
        rows.set(
                2,
                new AuditRow(
                        third.seq(),
                        third.eventId(),
                        third.eventType(),
                        third.alertId(),
                        third.aggregateKey(),
                        "sos.elsewhere",
                        third.partition(),
                        third.offset(),
                        third.occurredAt(),
                        third.recordedAt(),
                        third.consulateId(),
                        third.alertType(),
                        third.drill(),
                        third.district(),
                        third.agencies(),
                        third.unitIds(),
                        third.payload(),
                        third.hash()));

        ChainVerification.Result result = verify(rows);

        assertThat(result.intact()).isFalse();
        assertThat(result.firstBrokenSeq()).isEqualTo(3);
        assertThat(result.rowsChecked()).isEqualTo(2);
        assertThat(result.reason()).contains("hash");
    }

    @Test
    void shouldNameTheRowAfterADeletedOne() {
        List<AuditRow> rows = chain(5);
        rows.remove(1);

        ChainVerification.Result result = verify(rows);

        assertThat(result.firstBrokenSeq()).isEqualTo(3);
        assertThat(result.reason()).contains("seq 2 is missing");
    }

    @Test
    void shouldNameTheFirstOfTwoSwappedRows() {
        List<AuditRow> rows = chain(5);
        AuditRow second = rows.get(1);
        AuditRow fourth = rows.get(3);
        rows.set(1, renumbered(fourth, 2));
        rows.set(3, renumbered(second, 4));

        ChainVerification.Result result = verify(rows);

        assertThat(result.firstBrokenSeq()).isEqualTo(2);
    }

    @Test
    void shouldContinueFromATrustedHead() {
        List<AuditRow> rows = chain(5);
        ChainVerification verification =
                new ChainVerification(new Chain.Head(3, rows.get(2).hash()));

        rows.subList(3, 5).forEach(verification::accept);

        assertThat(verification.result().intact()).isTrue();
        assertThat(verification.result().headSeq()).isEqualTo(5);
        assertThat(verification.result().headHash())
                .isEqualTo(ChainHash.hex(rows.get(4).hash()));
    }

    private static AuditRow withDistrict(AuditRow row, String district) {
        return copy(row, row.seq(), district);
    }

    private static AuditRow renumbered(AuditRow row, long seq) {
        return copy(row, seq, row.district());
    }

    private static AuditRow copy(AuditRow row, long seq, String district) {
        return new AuditRow(
                seq,
                row.eventId(),
                row.eventType(),
                row.alertId(),
                row.aggregateKey(),
                row.topic(),
                row.partition(),
                row.offset(),
                row.occurredAt(),
                row.recordedAt(),
                row.consulateId(),
                row.alertType(),
                row.drill(),
                district,
                row.agencies(),
                row.unitIds(),
                row.payload(),
                row.hash());
    }

    private static ChainVerification.Result verify(List<AuditRow> rows) {
        ChainVerification verification = new ChainVerification();
        for (AuditRow row : rows) {
            if (!verification.accept(row)) {
                break;
            }
        }
        return verification.result();
    }

    private static List<AuditRow> chain(int size) {
        return chain(size, null);
    }

    private static List<AuditRow> chain(int size, String district) {
        List<AuditEntry> entries = new ArrayList<>();
        AlertRaised raised = Fixtures.armedAttack(UUID.fromString("618089ab-29f5-4fa5-bdb4-755bf2d0ed9c"), ALERT, AT)
                .withDistrict(district);
        entries.add(AuditEntry.of(raised, new EventSource("sos.alerts", 0, 1)));
        for (int i = 1; i < size; i++) {
            NotificationSent sent = new NotificationSent(
                    UUID.nameUUIDFromBytes(("sent-" + i).getBytes(StandardCharsets.UTF_8)),
                    AT.plusSeconds(i),
                    ALERT,
                    raised.eventId(),
                    "AlertRaised",
                    "police-control-room",
                    "webhook",
                    1,
                    204);
            entries.add(AuditEntry.of(sent, new EventSource("sos.notifications", 0, i)));
        }
        return new ArrayList<>(
                Chain.append(Chain.Head.EMPTY, entries, Map.of(), Instant.parse("2026-11-25T09:15:00.000001999Z"))
                        .rows());
    }
}
