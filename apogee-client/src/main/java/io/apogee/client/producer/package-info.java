/**
 * Producers: plain and transactional sends, validation, encoding once per send, queue selection and
 * request-reply.
 */
package io.apogee.client.producer;
