package io.placebench.analytics.rest;

import io.placebench.analytics.service.LiveUpdates;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /api/stream}: server-sent events, as runs change. A subscriber first gets the current state of every
 * run, then each change: event {@code progress} (the body of {@code GET /api/runs/{id}}) and event
 * {@code leaderboard} ({@code {"datasetId", "row"}}, the run's row of {@code GET /api/leaderboard}). Event ids are
 * not kept: a client that reconnects gets the full state again.
 */
@Path("/api/stream")
@Singleton
public class StreamResource {

    /** A leaderboard row with the dataset it belongs to. */
    public record LeaderboardEvent(String datasetId, Json.RunRow row) {
    }

    @Inject
    LiveUpdates live;

    private volatile Sse sse;
    private volatile SseBroadcaster broadcaster;
    private Runnable unlisten;

    @GET
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Leaderboard rows and run progress as they change (server-sent events)")
    public void stream(@Context SseEventSink sink, @Context Sse sse) {
        SseBroadcaster all = broadcaster(sse);
        for (LiveUpdates.RunUpdate update : live.snapshot()) {
            for (OutboundSseEvent event : events(sse, update)) {
                sink.send(event);
            }
        }
        all.register(sink);
    }

    private synchronized SseBroadcaster broadcaster(Sse sse) {
        if (broadcaster == null) {
            this.sse = sse;
            broadcaster = sse.newBroadcaster();
            unlisten = live.listen(update -> {
                for (OutboundSseEvent event : events(this.sse, update)) {
                    broadcaster.broadcast(event);
                }
            });
        }
        return broadcaster;
    }

    private static OutboundSseEvent[] events(Sse sse, LiveUpdates.RunUpdate update) {
        return new OutboundSseEvent[] {
            sse.newEventBuilder().name("progress").mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(Json.RunProgress.class, Json.RunProgress.of(update.progress())).build(),
            sse.newEventBuilder().name("leaderboard").mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(LeaderboardEvent.class, new LeaderboardEvent(update.progress().run().datasetId(),
                            Json.RunRow.of(update.row()))).build()};
    }

    @PreDestroy
    void close() {
        if (unlisten != null) {
            unlisten.run();
        }
        if (broadcaster != null) {
            broadcaster.close();
        }
    }
}
