package io.artstore.contract.compat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import io.artstore.contract.compat.ContractChange.Kind;
import io.artstore.contract.compat.ContractFacts.Fact;
import io.artstore.contract.verifier.PendingContracts;

/**
 * Classifies every change between a baseline's contracts and the current ones (see
 * {@link Kind}), and decides whether the build may go on: a breaking change needs a new
 * major version.
 */
public final class CompatibilityDiff {

	private final List<ContractChange> changes;

	private final Set<String> pending;

	private CompatibilityDiff(List<ContractChange> changes, Set<String> pending) {
		this.changes = changes;
		this.pending = pending;
	}

	/**
	 * Compares two sets of contracts.
	 * @param baseline the baseline's facts, by contract name
	 * @param current the current facts, by contract name
	 * @return the classified changes
	 */
	public static CompatibilityDiff between(Map<String, Map<String, Fact>> baseline,
			Map<String, Map<String, Fact>> current) {
		List<ContractChange> changes = new ArrayList<>();
		Set<String> names = new TreeSet<>(baseline.keySet());
		names.addAll(current.keySet());
		for (String name : names) {
			Map<String, Fact> before = baseline.get(name);
			Map<String, Fact> after = current.get(name);
			if (after == null) {
				changes.add(new ContractChange(Kind.BREAKING, name, "contract removed"));
			}
			else if (before == null && isPending(after.get("folder"))) {
				// a proposal: asks producers, promises consumers nothing
				changes.add(new ContractChange(Kind.COMPATIBLE, name,
						"new pending contract: " + after.get("request.method").display() + " "
								+ after.get("request.path").display() + " answering "
								+ after.get("response.status").display()));
			}
			else if (before == null) {
				changes.add(new ContractChange(Kind.NEW_DEMAND, name,
						"new contract: " + after.get("request.method").display() + " "
								+ after.get("request.path").display() + " answering "
								+ after.get("response.status").display()));
			}
			else {
				compare(name, before, after, changes);
			}
		}
		changes.sort(Comparator.comparing(ContractChange::kind).thenComparing(ContractChange::contract));
		Set<String> pending = new TreeSet<>();
		current.forEach((name, facts) -> {
			if (isPending(facts.get("folder"))) {
				pending.add(name);
			}
		});
		return new CompatibilityDiff(List.copyOf(changes), Set.copyOf(pending));
	}

	private static void compare(String name, Map<String, Fact> before, Map<String, Fact> after,
			List<ContractChange> changes) {
		Set<String> aspects = new TreeSet<>(before.keySet());
		aspects.addAll(after.keySet());
		for (String aspect : aspects) {
			Fact old = before.get(aspect);
			Fact now = after.get(aspect);
			if (old != null && old.equals(now)) {
				continue;
			}
			Kind kind = classify(aspect, old, now);
			changes.add(new ContractChange(kind, name, describe(aspect, old, now)));
		}
	}

	private static Kind classify(String aspect, @Nullable Fact old, @Nullable Fact now) {
		if (aspect.equals("description")) {
			return Kind.COMPATIBLE;
		}
		if (aspect.equals("folder")) {
			if (isPending(old) != isPending(now)) {
				// to pending: no producer promises it any more; out of it: a new promise
				return isPending(now) ? Kind.BREAKING : Kind.NEW_DEMAND;
			}
			return topFolder(old).equals(topFolder(now)) ? Kind.COMPATIBLE : Kind.BREAKING;
		}
		if (aspect.equals("priority") || aspect.startsWith("stub.")) {
			// which stub answers a request, and how it behaves (a delay, a fault)
			return Kind.BREAKING;
		}
		if (aspect.equals("request.method") || aspect.equals("request.path") || aspect.equals("response.status")) {
			return widened(old, now) ? Kind.COMPATIBLE : Kind.BREAKING;
		}
		if (aspect.startsWith("request.")) {
			if (now == null) {
				return Kind.COMPATIBLE;
			}
			return widened(old, now) ? Kind.COMPATIBLE : Kind.BREAKING;
		}
		if (old == null) {
			return Kind.NEW_DEMAND;
		}
		if (now == null || !old.type().equals(now.type())) {
			return Kind.BREAKING;
		}
		if (aspect.equals("response.header.content-type")) {
			return Kind.BREAKING;
		}
		return Kind.COMPATIBLE;
	}

	private static boolean isPending(@Nullable Fact folder) {
		return folder != null && PendingContracts.isPending(folder.value());
	}

	/** The first folder, which is the stubs jar a contract ships in (admin, storage). */
	private static String topFolder(@Nullable Fact folder) {
		return (folder != null) ? folder.value().split("/", 2)[0] : "";
	}

	/**
	 * A request matcher that accepts what it accepted before: a pattern that matches the
	 * old literal value. One pattern replaced by another cannot be shown to accept every
	 * request the old one did, and counts as breaking.
	 */
	private static boolean widened(@Nullable Fact old, @Nullable Fact now) {
		return old != null && now != null && old.matchedBy(now);
	}

	private static String describe(String aspect, @Nullable Fact old, @Nullable Fact now) {
		if (old == null) {
			return "`" + aspect + "` added (" + now + ")";
		}
		if (now == null) {
			return "`" + aspect + "` removed (was " + old + ")";
		}
		if (aspect.equals("description")) {
			return "description changed";
		}
		if (aspect.equals("folder") && isPending(old) != isPending(now)) {
			return isPending(now)
					? "moved to pending (" + now + "): no real producer offers it, consumers must not rely on it"
					: "promoted from pending (" + now + "): producers must now offer it";
		}
		return "`" + aspect + "` changed from " + old + " to " + now;
	}

	/**
	 * @return every change, the most serious first
	 */
	public List<ContractChange> changes() {
		return this.changes;
	}

	/**
	 * @param kind a kind
	 * @return the changes of that kind
	 */
	public List<ContractChange> changes(Kind kind) {
		return this.changes.stream().filter((change) -> change.kind() == kind).toList();
	}

	/**
	 * Whether the current version may be published with these changes: not with a
	 * breaking one unless its major version is higher than the baseline's.
	 * @param baselineVersion the baseline's version
	 * @param currentVersion the current version
	 * @return whether the changes are allowed
	 */
	public boolean allowedBetween(String baselineVersion, String currentVersion) {
		return changes(Kind.BREAKING).isEmpty() || major(currentVersion) > major(baselineVersion);
	}

	static int major(String version) {
		String digits = version.split("[.-]", 2)[0];
		try {
			return Integer.parseInt(digits);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Not a version with a numeric major part: " + version, ex);
		}
	}

	/**
	 * The changes as a Markdown page, for a pull request.
	 * @param baseline what was compared against, in words
	 * @param baselineVersion its version
	 * @param currentVersion the current version
	 * @return the page
	 */
	public String report(String baseline, String baselineVersion, String currentVersion) {
		StringBuilder page = new StringBuilder("# Contract compatibility\n\n");
		page.append("Contracts of version ")
			.append(currentVersion)
			.append(" against the baseline ")
			.append(baseline)
			.append(" (version ")
			.append(baselineVersion)
			.append(").\n\n");
		for (Kind kind : Kind.values()) {
			page.append("- ").append(kind.label()).append(": ").append(changes(kind).size()).append('\n');
		}
		page.append("- pending contracts (asked of a producer, offered by no real service yet): ")
			.append(this.pending.isEmpty() ? "none" : String.join(", ", this.pending))
			.append('\n');
		page.append("\n**Verdict:** ");
		if (changes(Kind.BREAKING).isEmpty()) {
			page.append("no breaking change.\n");
		}
		else if (allowedBetween(baselineVersion, currentVersion)) {
			page.append("breaking changes, allowed by the new major version ")
				.append(major(currentVersion))
				.append(".\n");
		}
		else {
			page.append("**breaking changes without a new major version: the build fails.** Undo them, or raise ")
				.append("the project's major version above ")
				.append(major(baselineVersion))
				.append(".\n");
		}
		if (!this.changes.isEmpty()) {
			page.append("\n| kind | contract | change |\n|---|---|---|\n");
			for (ContractChange change : this.changes) {
				page.append("| ")
					.append(change.kind().label())
					.append(" | `")
					.append(change.contract())
					.append(this.pending.contains(change.contract()) ? "` *(pending)* | " : "` | ")
					.append(change.what().replace("|", "\\|").replace("\n", " "))
					.append(" |\n");
			}
		}
		return page.toString();
	}

}
