package dev.greenboard.api.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How much an anonymous client may read (docs/definitions.md "Public reads": reads are public and limited, tokens lift the limits). Counted per
 * client address; behind a proxy set {@code quarkus.http.proxy.proxy-address-forwarding=true} so that the address is
 * the caller's, not the proxy's.
 */
@ConfigMapping(prefix = "greenboard.read-limit")
public interface ReadLimitConfig {

    /** {@code GREENBOARD_READ_LIMIT_PER_SECOND}: sustained requests per second per client address; 0 turns it off. */
    @WithDefault("50")
    double perSecond();

    /** {@code GREENBOARD_READ_LIMIT_BURST}: requests a client may make at once (a page opening its charts). */
    @WithDefault("200")
    int burst();
}
