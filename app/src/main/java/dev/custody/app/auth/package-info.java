/** Bearer API keys: the server filter that identifies the caller, roles and tenant scopes. */
/* Also creates the bootstrap admin token when no key is configured. */
package dev.custody.app.auth;
