package io.placebench.analytics.repository;

/** The database schema this service owns (also named in application.properties for Flyway and Hibernate). */
public final class AnalyticsSchema {

    public static final String NAME = "analytics";

    private AnalyticsSchema() {
    }
}
