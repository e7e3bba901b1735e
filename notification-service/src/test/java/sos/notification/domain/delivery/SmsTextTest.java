package sos.notification.domain.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmsTextTest {

    @Test
    void shouldFitOneHundredSixtyGsmCharactersInOneSegmentAndSplitLongerTextIntoSegmentsOf153() {
        assertThat(SmsText.segments("a".repeat(160))).isEqualTo(1);
        assertThat(SmsText.segments("a".repeat(161))).isEqualTo(2);
        assertThat(SmsText.segments("a".repeat(306))).isEqualTo(2);
        assertThat(SmsText.segments("a".repeat(307))).isEqualTo(3);
    }

    @Test
    void shouldCountExtensionCharactersTwice() {
        assertThat(SmsText.isGsm7("[€]")).isTrue();
        assertThat(SmsText.units("[€]")).isEqualTo(6);
        assertThat(SmsText.segments("a".repeat(158) + "€")).isEqualTo(1);
        assertThat(SmsText.segments("a".repeat(159) + "€")).isEqualTo(2);
    }

    @Test
    void shouldSendUrduAsUcs2WithSeventyCharactersInOneSegmentAnd67PerSegmentBeyond() {
        String urdu = "ہ";
        assertThat(SmsText.isGsm7(urdu)).isFalse();
        assertThat(SmsText.segments(urdu.repeat(70))).isEqualTo(1);
        assertThat(SmsText.segments(urdu.repeat(71))).isEqualTo(2);
        assertThat(SmsText.segments(urdu.repeat(134))).isEqualTo(2);
        assertThat(SmsText.segments(urdu.repeat(135))).isEqualTo(3);
        assertThat(SmsText.segments("a".repeat(69) + urdu))
                .as("one Urdu letter makes it all UCS-2")
                .isEqualTo(1);
        assertThat(SmsText.segments("a".repeat(70) + urdu)).isEqualTo(2);
    }

    @Test
    void shouldCutATooLongTextToTheAllowedSegmentsAndSayItWasCut() {
        String cut = SmsText.fit("x".repeat(400), 1);

        assertThat(cut).hasSize(160).endsWith("..");
        assertThat(SmsText.fit("short", 1)).isEqualTo("short");
        assertThat(SmsText.segments(SmsText.fit("ہ".repeat(300), 2))).isEqualTo(2);
    }

    @Test
    void shouldNotSplitASurrogatePairWhenCutting() {
        String cut = SmsText.fit("😀".repeat(100), 1);

        assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 3))).isFalse();
        assertThat(SmsText.segments(cut)).isEqualTo(1);
    }
}
