package dev.greenboard.metrics.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long raw facts are kept; rollups are kept for years (they are small). */
@ConfigMapping(prefix = "greenboard.retention")
public interface RetentionConfig {

    /** Days of raw test results ({@code test_result}) to keep. */
    @WithDefault("90")
    int testResultDays();

    /** Days of raw webhook deliveries to keep (the normalized rows stay). */
    @WithDefault("30")
    int webhookDeliveryDays();
}
