package dev.custody.app.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * Answers every exception no more specific Micronaut handler takes: Custody's own problems, domain
 * rejections, store outages, and, logged once, the unexpected.
 */
@Singleton
@Produces(Problems.PROBLEM_JSON)
final class ProblemExceptionHandler implements ExceptionHandler<Throwable, HttpResponse<byte[]>> {

    private final Problems problems;

    ProblemExceptionHandler(Problems problems) {
        this.problems = problems;
    }

    @Override
    public HttpResponse<byte[]> handle(HttpRequest request, Throwable exception) {
        return problems.response(exception, request);
    }
}
