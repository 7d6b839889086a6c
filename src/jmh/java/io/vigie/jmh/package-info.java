/**
 * Inputs of the per-stage JMH benchmarks (src/jmh/java, built only with {@code -Pjmh}): captures of
 * the benchmark workloads held in memory, and frames rewritten with a VLAN tag or as IPv6.
 */
package io.vigie.jmh;
