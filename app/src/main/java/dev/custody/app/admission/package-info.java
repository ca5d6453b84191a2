/** Admission control: a bound on the HTTP requests in flight, beyond which requests are refused at once. */
package dev.custody.app.admission;
