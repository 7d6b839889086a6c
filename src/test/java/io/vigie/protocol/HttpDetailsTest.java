package io.vigie.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The one place where a credential in an HTTP request target is removed. */
class HttpDetailsTest {

  private static String uri(String target) {
    return new HttpDetails("GET", "cam", target, null, null).uri();
  }

  @Test
  void userInfoGoesFromEveryFormOfTarget() {
    assertEquals("http://cam/fw.bin", uri("http://admin:hunter2@cam/fw.bin"));
    assertEquals("HTTP://cam:8080/a?b=c", uri("HTTP://admin:hunter2@cam:8080/a?b=c"));
    assertEquals("http://cam", uri("http://admin@cam"));
    assertEquals(
        "ftp://host/fw.bin",
        uri("ftp://a%40b:p%40ss@word@host/fw.bin"),
        "the last @ of the authority");
    assertEquals("http://cam?x", uri("http://u:p@cam?x"));
    assertEquals("//cam/x", uri("//u:p@cam/x"), "network-path reference");
    assertEquals("cam:443", uri("u:p@cam:443"), "authority form, as CONNECT sends it");
    assertEquals("http://[::1]:80/", uri("http://u:p@[::1]:80/"));
  }

  @Test
  void anAtSignOutsideTheAuthorityIsKept() {
    assertEquals("/search?mail=a@b.example", uri("/search?mail=a@b.example"));
    assertEquals("http://cam/mail/a@b", uri("http://cam/mail/a@b"));
    assertEquals("http://cam?to=a@b", uri("http://cam?to=a@b"));
    assertEquals("*", uri("*"));
    assertEquals(null, uri(null));
  }

  @Test
  void theHostHeaderLosesUserInfoToo() {
    assertEquals("cam:80", new HttpDetails("GET", "admin:hunter2@cam:80", "/", null, null).host());
    assertEquals("cam", new HttpDetails("GET", "cam", "/", null, null).host());
  }

  @Test
  void theRecordBuiltFromAFlowIsStripped() {
    SessionAttrs a = new SessionAttrs();
    a.httpMethod = "GET";
    a.httpUri = "http://admin:hunter2@cam/fw.bin";
    assertEquals("http://cam/fw.bin", SessionDetails.of(a).get(HttpDetails.KIND).uri());
  }
}
