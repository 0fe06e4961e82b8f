package dev.signet.amo.web;

import dev.signet.amo.account.Credential;
import dev.signet.amo.webhook.DeliveryView;
import dev.signet.amo.webhook.WebhookView;
import io.quarkus.qute.TemplateData;

/** Types from other packages that the developer hub's templates read. */
@TemplateData(target = Credential.class)
@TemplateData(target = WebhookView.class)
@TemplateData(target = DeliveryView.class)
@TemplateData(target = DeliveryView.Attempt.class)
final class TemplateTypes {

    private TemplateTypes() {
    }
}
