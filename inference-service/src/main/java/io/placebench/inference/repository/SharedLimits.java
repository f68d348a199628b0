package io.placebench.inference.repository;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/**
 * Rate-limit state that every inference replica shares, in PostgreSQL: token buckets (bucket4j's
 * select-for-update proxy manager over table {@code rate_bucket}) and the provider's 429 cool-down per model
 * (table {@code cooldown}, database time). N replicas therefore stay together under one account's limit.
 */
@ApplicationScoped
public class SharedLimits {

    private static final String SCHEMA = "inference";

    @Inject
    DataSource dataSource;

    @Inject
    EntityManager em;

    private ProxyManager<String> buckets;

    @PostConstruct
    void init() {
        buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table(SCHEMA + ".rate_bucket")
                .idColumn("id")
                .stateColumn("state")
                .build();
    }

    /**
     * The shared bucket {@code id}. {@code version} names its configuration: a replica started with a newer
     * (higher) version replaces the stored configuration, keeping the tokens in proportion.
     */
    public BucketProxy bucket(String id, BucketConfiguration configuration, long version) {
        return buckets.builder()
                .withImplicitConfigurationReplacement(version, TokensInheritanceStrategy.PROPORTIONALLY)
                .build(id, () -> configuration);
    }

    /** How long the model is still cooling down after a 429 (zero when it is not). */
    public Duration cooldownLeft(String modelKey) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Number> left = em.createNativeQuery("""
                    select greatest(0, extract(epoch from (until - now())) * 1000)::bigint from {h-schema}cooldown
                    where model_key = :key""").setParameter("key", modelKey).getResultList();
            return left.isEmpty() ? Duration.ZERO : Duration.ofMillis(left.get(0).longValue());
        });
    }

    /** Holds every replica's calls of the model for {@code hold} from now (a longer hold already set stays). */
    public void coolDown(String modelKey, Duration hold) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into {h-schema}cooldown (model_key, until) values (:key, now() + :ms * interval '1 millisecond')
                on conflict (model_key) do update set until = greatest(cooldown.until, excluded.until)""")
                .setParameter("key", modelKey).setParameter("ms", hold.toMillis()).executeUpdate());
    }
}
