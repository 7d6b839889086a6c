package io.vigie.web;

import java.util.List;

/**
 * What the city page reads of the hub's store: the sites, and each site's latest notices and camera
 * records as rows. Calls run on the API's blocking executor.
 */
public interface CityRecords {
  /** Every site the hub holds records of, by name. */
  List<String> sites();

  /** The latest notices, newest first; {@code site} null for every site. */
  List<Row> notices(String site, int limit);

  /** The latest camera records, newest first; {@code site} null for every site. */
  List<Row> cameras(String site, int limit);

  /**
   * One line of a table.
   *
   * @param what the notice's type, or the camera's name
   * @param detail the notice's message, or the camera's firmware and model
   */
  record Row(String ts, String site, String what, String detail) {}
}
