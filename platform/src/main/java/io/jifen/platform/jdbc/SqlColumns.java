package io.jifen.platform.jdbc;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows turned into one typed array per column, for statements that write many rows at once with
 * {@code unnest(?::uuid[], ?::text[], ...)}: a thousand rows cost one round trip.
 */
public final class SqlColumns {

    private SqlColumns() {
    }

    /** The columns of {@code rows}, the c-th an array of {@code types[c]}. */
    public static List<Object> of(List<Object[]> rows, Class<?>... types) {
        List<Object> columns = new ArrayList<>(types.length);
        for (int c = 0; c < types.length; c++) {
            Object[] column = (Object[]) Array.newInstance(types[c], rows.size());
            for (int r = 0; r < rows.size(); r++) {
                column[r] = rows.get(r)[c];
            }
            columns.add(column);
        }
        return columns;
    }
}
