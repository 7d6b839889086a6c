package io.vigie.protocol;

/** Where recognisers announce flows that are to come (see {@link Expectation}). */
@FunctionalInterface
public interface Expectations {
  void expect(Expectation expectation);

  Expectations NONE = e -> {};
}
