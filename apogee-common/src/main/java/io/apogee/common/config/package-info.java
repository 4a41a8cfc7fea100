/**
 * What the configuration readers of every server share: how a key a file got wrong is named back to the
 * operator, with the key it most likely meant.
 */
package io.apogee.common.config;
