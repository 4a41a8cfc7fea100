/**
 * SQL92 property filters ({@code MessageSelector.bySql}): the lexer, parser and compiled conditions,
 * the broker's filter cache and the consumer's start-up check of an expression.
 */
package io.apogee.broker.filter;
