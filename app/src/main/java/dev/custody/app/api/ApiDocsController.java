package dev.custody.app.api;

import dev.custody.app.problem.ProblemCode;
import dev.custody.app.problem.ProblemException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The API description: {@code /openapi.yml} as generated, and {@code /api}, a page listing it. Public. */
@Controller
@Hidden
final class ApiDocsController {

    private final byte[] document;
    private final String page;

    ApiDocsController() {
        try (InputStream in = ApiDocsController.class.getClassLoader().getResourceAsStream(CustodyApi.DOCUMENT)) {
            this.document = in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CustodyApi.DOCUMENT, e);
        }
        this.page = document == null ? null : ApiPage.render(new String(document, StandardCharsets.UTF_8));
    }

    @Get(uri = "/openapi.yml", produces = "application/yaml")
    HttpResponse<byte[]> openapi() {
        return HttpResponse.ok(available(document)).contentType("application/yaml");
    }

    @Get(uri = "/api", produces = MediaType.TEXT_HTML)
    HttpResponse<byte[]> api() {
        return HttpResponse.ok(available(page).getBytes(StandardCharsets.UTF_8)).contentType(MediaType.TEXT_HTML_TYPE);
    }

    private static <T> T available(T t) {
        if (t == null) {
            throw ProblemException.of(ProblemCode.NOT_FOUND, "the OpenAPI document was not built into this jar");
        }
        return t;
    }
}
