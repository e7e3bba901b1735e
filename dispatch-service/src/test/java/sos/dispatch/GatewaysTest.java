package sos.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import sos.contracts.Agency;

class GatewaysTest {

    @Test
    void shouldKnowAGatewayByItsDerivedTokenWithTheAgenciesOfItsScope() throws Exception {
        Gateways gateways = new Gateways("gw-secret", "police-avl=POLICE, joint-avl=police+RANGERS");

        assertThat(gateways.match(bytes(hmacHex("gw-secret", "police-avl")))).hasValueSatisfying(scope -> {
            assertThat(scope.gatewayId()).isEqualTo("police-avl");
            assertThat(scope.agencies()).containsExactly(Agency.POLICE);
        });
        assertThat(gateways.match(bytes(hmacHex("gw-secret", "joint-avl"))))
                .hasValueSatisfying(
                        scope -> assertThat(scope.agencies()).isEqualTo(EnumSet.of(Agency.POLICE, Agency.RANGERS)));
    }

    @Test
    void shouldKnowNoTokenOfAnotherSecretAnotherIdOrAUnitAndNoneWhenNoGatewayIsNamed() throws Exception {
        Gateways gateways = new Gateways("gw-secret", "police-avl=POLICE");

        assertThat(gateways.match(bytes(hmacHex("other-secret", "police-avl")))).isEmpty();
        assertThat(gateways.match(bytes(hmacHex("gw-secret", "rangers-avl")))).isEmpty();
        assertThat(gateways.match(bytes(""))).isEmpty();
        assertThat(new Gateways("gw-secret", "").match(bytes(hmacHex("gw-secret", "police-avl"))))
                .isEmpty();
        assertThat(new Gateways("", " ").scopes()).isEmpty();
    }

    @Test
    void shouldRefuseToStartWithABadGatewayListOrNoSecret() {
        assertThatThrownBy(() -> new Gateways("", "police-avl=POLICE"))
                .hasMessageContaining("SOS_DISPATCH_GATEWAY_TOKEN_SECRET");
        assertThatThrownBy(() -> new Gateways("s", "police-avl=NAVY")).hasMessageContaining("'NAVY'");
        assertThatThrownBy(() -> new Gateways("s", "police-avl")).hasMessageContaining("gatewayId=AGENCY");
        assertThatThrownBy(() -> new Gateways("s", "a=POLICE,a=RANGERS")).hasMessageContaining("twice");
    }

    private static byte[] bytes(String token) {
        return token.getBytes(StandardCharsets.UTF_8);
    }

    /** As an operator derives it: printf %s police-avl | openssl dgst -sha256 -hmac "$SECRET". */
    private static String hmacHex(String secret, String id) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)));
    }
}
