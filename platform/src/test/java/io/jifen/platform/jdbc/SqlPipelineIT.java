package io.jifen.platform.jdbc;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.platform.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A pipeline's generic-plan pairs: nested ones inside an outer pair send nothing; the outermost restores the mode. */
class SqlPipelineIT extends IntegrationTest {

    private static final String MODE = "select current_setting('plan_cache_mode')";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void genericPlanPairsNestAndTheOutermostRestoresTheModeItFound() {
        List<String> modes = new ArrayList<>();
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
            SqlPipeline pipeline = new SqlPipeline().beginGenericPlans();
            pipeline.run(jdbc);
            // The setting outlives the run: a writer's pair inside the caller's sends nothing of its own.
            pipeline.beginGenericPlans().add(MODE, List.of(), rs -> modes.add(rs.getString(1))).endGenericPlans();
            pipeline.add(MODE, List.of(), rs -> modes.add(rs.getString(1)));
            pipeline.endGenericPlans().add(MODE, List.of(), rs -> modes.add(rs.getString(1)));
            pipeline.run(jdbc);
        });
        assertThat(modes).containsExactly("force_generic_plan", "force_generic_plan", "auto");
        assertThatThrownBy(() -> new SqlPipeline().endGenericPlans()).isInstanceOf(IllegalStateException.class);
    }
}
