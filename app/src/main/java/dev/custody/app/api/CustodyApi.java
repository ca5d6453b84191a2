package dev.custody.app.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/** The OpenAPI document's header; micronaut-openapi writes the document at compile time. */
@OpenAPIDefinition(
        info = @Info(title = "Custody", version = "1",
                description = "Compliance audit storage: append-only, per-(namespace, tenant) SHA-256 hash chains. "
                        + "Errors are RFC 9457 application/problem+json with a stable code."),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
final class CustodyApi {

    /** Where the generated document is on the classpath. */
    static final String DOCUMENT = "META-INF/swagger/custody-1.yml";

    private CustodyApi() {
    }
}
