package sos.notification;

import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live feeds, as Server-Sent Events. The control-room feed needs the control-room token; a consulate's feed needs
 * that consulate's token (and shows only what its own recipients were sent).
 */
@RestController
@RequestMapping("/api/v1/feed")
class FeedController {

    private final SseLiveFeed feed;
    private final FeedProperties properties;

    FeedController(SseLiveFeed feed, FeedProperties properties) {
        this.feed = feed;
        this.properties = properties;
    }

    @GetMapping(path = "/control-room", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter controlRoom(@RequestHeader(name = "Authorization", required = false) String authorization) {
        requireToken(authorization, properties.controlRoomToken());
        return feed.subscribe(SseLiveFeed.CONTROL_ROOM);
    }

    @GetMapping(path = "/consulates/{consulateId}", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter consulate(
            @PathVariable String consulateId,
            @RequestHeader(name = "Authorization", required = false) String authorization) {
        Map<String, String> tokens = properties.consulateTokenMap();
        requireToken(authorization, tokens == null ? null : tokens.get(consulateId));
        return feed.subscribe("consulate:" + consulateId);
    }

    private static void requireToken(String authorization, String expected) {
        String presented = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring("Bearer ".length())
                : null;
        if (!SseLiveFeed.tokenMatches(presented, expected)) {
            throw new UnauthorizedException();
        }
    }

    /** No or a wrong token: 401, the same answer for an unknown consulate, so that ids cannot be probed. */
    static final class UnauthorizedException extends RuntimeException {
        UnauthorizedException() {
            super("a valid Bearer token is required for this feed");
        }
    }
}
