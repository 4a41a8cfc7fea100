/**
 * Serving requests: processors per request code on bounded executors, the dispatcher that hands
 * requests to them, and the context through which each request is answered once.
 */
package io.apogee.remoting.processor;
