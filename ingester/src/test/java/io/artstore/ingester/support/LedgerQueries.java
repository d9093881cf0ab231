package io.artstore.ingester.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Plain JDBC reads of a test's own ledger database, for tests whose ingesters run in
 * processes of their own.
 */
public final class LedgerQueries {

	private final TestServices.Database database;

	public LedgerQueries(TestServices.Database database) {
		this.database = database;
	}

	/**
	 * Counts by the first column of a {@code SELECT key, count(*) ... GROUP BY key}.
	 * @param sql the query
	 * @return the counts by key, sorted
	 */
	public Map<String, Integer> grouped(String sql) {
		Map<String, Integer> counts = new TreeMap<>();
		query(sql, (rows) -> {
			while (rows.next()) {
				counts.put(rows.getString(1), rows.getInt(2));
			}
		});
		return counts;
	}

	/**
	 * The single number a {@code SELECT count(*) ...} answers.
	 * @param sql the query
	 * @return the count
	 */
	public long count(String sql) {
		long[] count = new long[1];
		query(sql, (rows) -> {
			rows.next();
			count[0] = rows.getLong(1);
		});
		return count[0];
	}

	/**
	 * The ids in the first column of a query.
	 * @param sql the query
	 * @return the ids
	 */
	public Set<UUID> ids(String sql) {
		Set<UUID> ids = new HashSet<>();
		query(sql, (rows) -> {
			while (rows.next()) {
				ids.add(rows.getObject(1, UUID.class));
			}
		});
		return ids;
	}

	/**
	 * The rows of a query, each as its columns joined by {@code " | "}: for a failure's
	 * message.
	 * @param sql the query
	 * @return the rows
	 */
	public List<String> rows(String sql) {
		List<String> rows = new ArrayList<>();
		query(sql, (result) -> {
			int columns = result.getMetaData().getColumnCount();
			while (result.next()) {
				StringBuilder row = new StringBuilder();
				for (int column = 1; column <= columns; column++) {
					row.append((column > 1) ? " | " : "").append(result.getString(column));
				}
				rows.add(row.toString());
			}
		});
		return rows;
	}

	private void query(String sql, RowReader reader) {
		try (Connection connection = DriverManager.getConnection(this.database.jdbcUrl(), this.database.username(),
				this.database.password());
				PreparedStatement statement = connection.prepareStatement(sql);
				ResultSet rows = statement.executeQuery()) {
			reader.read(rows);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql + ": " + ex.getMessage(), ex);
		}
	}

	@FunctionalInterface
	private interface RowReader {

		void read(ResultSet rows) throws SQLException;

	}

}
