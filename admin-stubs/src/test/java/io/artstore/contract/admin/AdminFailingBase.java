package io.artstore.contract.admin;

import java.net.URI;

import io.artstore.contract.catalogue.VerificationRecorder;
import io.artstore.contract.verifier.PendingContracts;
import io.artstore.contract.verifier.PlaceholderSubstitutions;
import io.artstore.contract.verifier.ProducerUnderTest;
import io.artstore.reference.admin.ReferenceAdminModule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base class of the tests generated from {@code contracts/admin/faults}: an Admin Module
 * whose file registry fails. A reference Admin Module in that state, or a live one given
 * by {@code -Dproducer.failing-url}, which a live verification must name.
 */
@ExtendWith({ PendingContracts.class, VerificationRecorder.class })
public abstract class AdminFailingBase {

	@BeforeAll
	static void pointAtFailingProducer() {
		ProducerUnderTest.requireLiveProducerInState("producer.failing-url", "Admin Module whose file registry fails");
		URI baseUrl = ProducerUnderTest.resolve("producer.failing-url", "reference-admin-failing",
				() -> ReferenceAdminModule.baseUrl(ReferenceAdminModule.create()
					.failRegistrations()
					.serve(0, (request, next) -> next.handle(request))));
		ProducerUnderTest.pointRestAssuredAt(baseUrl, PlaceholderSubstitutions.withToken(AdminBase::token));
	}

}
