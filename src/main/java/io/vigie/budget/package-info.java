/**
 * Budgets shared by the network front ends ({@code api}, {@code gate}): counters of what each
 * source address holds and a log that cannot be flooded. Plain Java, no Netty: the handlers that
 * use them check the budget before they do the work a peer asks for.
 */
package io.vigie.budget;
