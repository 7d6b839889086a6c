/**
 * Benchmarks: {@link io.vigie.bench.VideoWorkload} makes the workload, {@link
 * io.vigie.bench.ToolRun} times a whole process under {@code /usr/bin/time}, {@link
 * io.vigie.bench.ReplayBench} runs the tools and prints the comparison. {@code vigie bench replay}
 * wires them; {@code scripts/bench.sh} builds and runs it. {@link io.vigie.bench.ReaderBench}
 * (vigie bench reader) times the capture readers alone.
 */
package io.vigie.bench;
