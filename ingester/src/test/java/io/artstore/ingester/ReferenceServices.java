package io.artstore.ingester;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

import reactor.netty.DisposableServer;

import org.springframework.test.util.TestSocketUtils;

import io.artstore.reference.admin.ReferenceAdminModule;
import io.artstore.reference.storage.ReferenceStorageElement;

/**
 * The reference producers of the contracts, started in this JVM for the development run:
 * an Admin Module and two storage elements, one {@code edit} (temporary files) and one
 * {@code rw} (permanent files), that behave like the real services at the pinned upstream
 * commit. The elements keep what they store under a folder, and check the Admin Module's
 * tokens as real elements do.
 *
 * @param admin the Admin Module's base URL
 * @param edit the edit element's base URL
 * @param rw the rw element's base URL
 */
record ReferenceServices(URI admin, URI edit, URI rw) {

	/** The ingester's service account at the reference Admin Module. */
	static final String INGESTER_SECRET = "ingester-dev-secret";

	/**
	 * Starts them on free ports.
	 * @param dir where the elements keep their files
	 * @return their addresses
	 */
	static ReferenceServices start(Path dir) {
		// The elements check the module's tokens, and the module lists the elements:
		// their ports are chosen first.
		int editPort = TestSocketUtils.findAvailableTcpPort();
		int rwPort = TestSocketUtils.findAvailableTcpPort();
		ReferenceAdminModule module = ReferenceAdminModule
			.create("[" + element(1, "edit", editPort) + ", " + element(2, "rw", rwPort) + "]");
		DisposableServer edit = new ReferenceStorageElement(dir.resolve("edit"), "edit", Long.MAX_VALUE,
				module.publicKey())
			.start(editPort);
		DisposableServer rw = new ReferenceStorageElement(dir.resolve("rw"), "rw", Long.MAX_VALUE, module.publicKey())
			.start(rwPort);
		DisposableServer admin = module.serve(0, (request, next) -> next.handle(request));
		return new ReferenceServices(ReferenceAdminModule.baseUrl(admin), ReferenceStorageElement.baseUrl(edit),
				ReferenceStorageElement.baseUrl(rw));
	}

	private static String element(int id, String mode, int port) {
		return String.format(Locale.ROOT,
				"{\"id\": %d, \"element_id\": \"se-dev-%s\", \"name\": \"Reference %s element\", \"mode\": \"%s\", "
						+ "\"priority\": 10, \"api_url\": \"http://127.0.0.1:%d\", \"capacity_bytes\": 1099511627776, "
						+ "\"used_bytes\": 0, \"status\": \"online\", \"capacity_status\": \"ok\"}",
				id, mode, mode, mode, port);
	}

}
