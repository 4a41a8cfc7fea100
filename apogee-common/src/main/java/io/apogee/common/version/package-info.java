/** Which build of Apogee this is, for the command line and for what the broker reports to admin tools. */
package io.apogee.common.version;
