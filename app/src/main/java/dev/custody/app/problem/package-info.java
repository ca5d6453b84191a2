/** Every error as an RFC 9457 problem ({@code application/problem+json}) with a stable code. */
/* Covers Custody's own failures and Micronaut's (unknown route, wrong method, body too large). */
package dev.custody.app.problem;
