package dev.signet.amo.web;

import dev.signet.amo.account.Credential;
import io.quarkus.qute.TemplateData;

/** Types from other packages that the developer hub's templates read. */
@TemplateData(target = Credential.class)
final class TemplateTypes {

    private TemplateTypes() {
    }
}
