package io.vigie.demo;

/** One frame and its capture time, as it will be written to the pcap. */
public record Packet(long tsNanos, byte[] frame) {}
