/**
 * The built-in web console. {@link io.apogee.console.ConsoleServer} serves static pages (HTML, CSS and one
 * script under {@code resources/io/apogee/console/web}) and the JSON API they use under {@code /api/v1},
 * documented in {@code openapi.json}. The API reaches the cluster only through the name servers with the
 * admin client {@code apogee admin} uses; {@link io.apogee.console.ConsoleAccess} is where logins and
 * permissions plug in.
 */
package io.apogee.console;
