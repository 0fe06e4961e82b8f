package dev.signet.model.validation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One validation message in the shape AMO returns (amo-validator legacy shape of an addons-linter message). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ValidationMessage(
        String uid,
        String type,
        List<String> id,
        int tier,
        String message,
        String description,
        String file,
        Integer line,
        Integer column) {
}
